//! Page furniture (柱・ノンブル): page numbers and running headers and footers.
//!
//! Only the first and last [`EDGE_LINES`] non-empty lines of a page are candidates. A page
//! number is a line that is only a number in a page-number form (`3`, `- 3 -`, `－3－`, `3/16`,
//! `P.3`, `3頁`). A running header or footer is a line whose text, with its digits ignored,
//! recurs at the edge of at least half of the pages (and of two pages at least). Furniture is
//! kept in the text and flagged, never removed.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use regex::Regex;

use super::layout::TextLine;

/// How many non-empty lines at the top and at the bottom of a page are candidates.
pub const EDGE_LINES: usize = 2;

fn page_number_re() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        let n = "[0-9０-９]{1,3}";
        Regex::new(&format!(
            r"^(?:[-‐－–—―~〜]\s*{n}\s*[-‐－–—―~〜]|{n}|{n}\s*[/／]\s*{n}|[PpＰｐ]\.?\s*{n}|{n}\s*(?:頁|ページ)|[(（]{n}[)）])$"
        ))
        .ok()
    })
    .as_ref()
}

/// Is `text` (one line) only a page number?
pub fn is_page_number(text: &str) -> bool {
    let t: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    !t.is_empty() && page_number_re().is_some_and(|re| re.is_match(&t))
}

/// The key under which running headers and footers are compared: digits and spaces ignored.
fn repeat_key(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !c.is_ascii_digit() && !('０'..='９').contains(c))
        .collect()
}

fn edge_indices(lines: &[&str]) -> Vec<usize> {
    let non_empty: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, _)| i)
        .collect();
    let mut idx: Vec<usize> = non_empty.iter().take(EDGE_LINES).copied().collect();
    idx.extend(non_empty.iter().rev().take(EDGE_LINES).copied());
    idx.sort_unstable();
    idx.dedup();
    idx
}

/// For each page, for each line: is it furniture?
pub fn detect(pages: &[Vec<TextLine>]) -> Vec<Vec<bool>> {
    let texts: Vec<Vec<&str>> = pages
        .iter()
        .map(|p| p.iter().map(|l| l.text.as_str()).collect())
        .collect();
    detect_text(&texts, true)
}

/// [`detect`] on plain lines. With `cover_headers` false, the first page (a cover, whose
/// title is often the running header of the other pages) gets page numbers only.
pub fn detect_text(pages: &[Vec<&str>], cover_headers: bool) -> Vec<Vec<bool>> {
    let mut flags: Vec<Vec<bool>> = pages.iter().map(|p| vec![false; p.len()]).collect();
    // How many pages have each edge text.
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for page in pages {
        let mut seen: Vec<String> = edge_indices(page)
            .into_iter()
            .filter_map(|i| page.get(i))
            .map(|l| repeat_key(l))
            .filter(|k| !k.is_empty())
            .collect();
        seen.sort();
        seen.dedup();
        for k in seen {
            *counts.entry(k).or_insert(0) += 1;
        }
    }
    // A text without cover headers (TXT) needs three pages: in a short text a chapter title
    // at the top of a page and the same title in its table of contents are not a header.
    let min_pages = pages
        .len()
        .div_ceil(2)
        .max(if cover_headers { 2 } else { 3 });
    for (n, (page, page_flags)) in pages.iter().zip(flags.iter_mut()).enumerate() {
        for i in edge_indices(page) {
            let Some(line) = page.get(i) else { continue };
            let key = repeat_key(line);
            let repeated = (cover_headers || n > 0)
                && !key.is_empty()
                && counts.get(&key).is_some_and(|&c| c >= min_pages);
            if is_page_number(line) || repeated {
                if let Some(f) = page_flags.get_mut(i) {
                    *f = true;
                }
            }
        }
    }
    flags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_number_forms() {
        for s in [
            "3",
            "- 3 -",
            "－３－",
            "3/16",
            "3 / 16",
            "P.3",
            "12頁",
            "(4)",
        ] {
            assert!(is_page_number(s), "{s}");
        }
        for s in ["令和3年", "指標1", "50\t210", "第3章", "2025", "1 2 3"] {
            assert!(!is_page_number(s), "{s}");
        }
    }
}
