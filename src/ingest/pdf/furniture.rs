//! Page furniture (柱・ノンブル): page numbers and running headers and footers.
//!
//! Only the first and last [`EDGE_LINES`] non-empty lines of a page are candidates. A page
//! number is a line that is only a number in a page-number form (`3`, `- 3 -`, `－3－`, `3/16`,
//! `P.3`, `3頁`). A running header or footer is a line whose text, with its digits ignored,
//! recurs at the edge of at least half of the pages (and of two pages at least). Furniture is
//! kept in the text and flagged, never removed.

use std::collections::BTreeMap;

use super::layout::TextLine;

/// How many non-empty lines at the top and at the bottom of a page are candidates.
pub const EDGE_LINES: usize = 2;

/// The rest of `s` after one to three digits (`[0-9０-９]{1,3}`, as many as there are), or
/// `None` when it does not start with a digit or has more than three.
fn number(s: &str) -> Option<&str> {
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let count = s.chars().take_while(|&c| digit(c)).count();
    if !(1..=3).contains(&count) {
        return None;
    }
    let len: usize = s.chars().take(count).map(char::len_utf8).sum();
    s.get(len..)
}

/// `s` without leading whitespace (`\s*`).
fn space(s: &str) -> &str {
    s.trim_start_matches(char::is_whitespace)
}

/// `s` after its first character when that is one of `set`.
fn one_of<'a>(s: &'a str, set: &[char]) -> Option<&'a str> {
    let c = s.chars().next()?;
    set.contains(&c).then(|| s.get(c.len_utf8()..)).flatten()
}

const DASHES: &[char] = &['-', '‐', '－', '–', '—', '―', '~', '〜'];

/// Is `t` a page number in one of the forms of the module comment? Written out by hand: it
/// was the regex `^(?:D\s*N\s*D|N|N\s*[/／]\s*N|[PpＰｐ]\.?\s*N|N\s*(?:頁|ページ)|[(（]N[)）])$`
/// (N one to three digits, D a dash), whose compilation cost every run a million instructions.
fn page_number_form(t: &str) -> bool {
    if let Some(rest) = number(t) {
        let after = space(rest);
        return rest.is_empty()
            || after == "頁"
            || after == "ページ"
            || one_of(after, &['/', '／'])
                .and_then(|r| number(space(r)))
                .is_some_and(str::is_empty);
    }
    if let Some(rest) = one_of(t, DASHES) {
        return number(space(rest))
            .and_then(|r| one_of(space(r), DASHES))
            .is_some_and(str::is_empty);
    }
    if let Some(rest) = one_of(t, &['P', 'p', 'Ｐ', 'ｐ']) {
        let rest = rest.strip_prefix('.').unwrap_or(rest);
        return number(space(rest)).is_some_and(str::is_empty);
    }
    if let Some(rest) = one_of(t, &['(', '（']) {
        return number(rest)
            .and_then(|r| one_of(r, &[')', '）']))
            .is_some_and(str::is_empty);
    }
    false
}

/// Is `text` (one line) only a page number?
pub fn is_page_number(text: &str) -> bool {
    let t: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    !t.is_empty() && page_number_form(&t)
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

    /// The hand-written matcher takes exactly what the regex it replaced takes.
    #[test]
    fn page_number_forms_are_those_of_the_regex() {
        let n = "[0-9０-９]{1,3}";
        let re = regex::Regex::new(&format!(
            r"^(?:[-‐－–—―~〜]\s*{n}\s*[-‐－–—―~〜]|{n}|{n}\s*[/／]\s*{n}|[PpＰｐ]\.?\s*{n}|{n}\s*(?:頁|ページ)|[(（]{n}[)）])$"
        ))
        .expect("regex");
        let alphabet = [
            "1",
            "２",
            "0",
            " ",
            "-",
            "－",
            "〜",
            "/",
            "／",
            "P",
            "ｐ",
            ".",
            "頁",
            "ページ",
            "(",
            "）",
            "x",
            "\u{3000}",
            "ペ",
        ];
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut taken = 0;
        for _ in 0..200_000 {
            let mut t = String::new();
            for _ in 0..(seed % 7) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                t.push_str(alphabet[(seed % alphabet.len() as u64) as usize]);
            }
            seed = seed.wrapping_add(1);
            let collapsed = t.split_whitespace().collect::<Vec<_>>().join(" ");
            let expected = !collapsed.is_empty() && re.is_match(&collapsed);
            assert_eq!(is_page_number(&t), expected, "{t:?}");
            taken += usize::from(expected);
        }
        assert!(taken > 1000, "{taken}");
    }
}
