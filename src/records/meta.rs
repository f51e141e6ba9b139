//! Document metadata: municipality (and prefecture), title, kind, edition, draft.
//! `issued` and `period` are left to the dates stage (lib.rs fills them when `None`).
//!
//! Plan, draft and kind words are `records.toml`'s; the suffixes of municipality and prefecture
//! names (`市町村区`, `都道府県郡`), edition words (`第N次`, `第N期`), kanji digits and brackets stay in code
//! as grammar.

use super::text::compact;
use super::Ctx;
use crate::lexical::chars::{is_kana, is_name_stem};
use crate::model::{Meta, Municipality};
use crate::normalize::NormDoc;

/// How many non-blank lines at the start make the title page.
const TITLE_LINES: usize = 10;
/// How many non-blank lines at the end make the colophon.
const COLOPHON_LINES: usize = 12;
/// How many characters of a line are searched for municipality names.
const CANDIDATE_CHARS: usize = 200;
/// How many different candidate names are counted at most.
const MAX_CANDIDATES: usize = 64;
/// A title is at most this many characters.
const TITLE_MAX: usize = 60;

/// Strip `第N次` / `第N期` (edition words stand right before names: `第3次朝日町…`).
fn strip_editions(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '第' {
            let mut j = i + 1;
            while j < chars.len()
                && (chars[j].is_ascii_digit() || "〇一二三四五六七八九十".contains(chars[j]))
            {
                j += 1;
            }
            if j > i + 1 && j < chars.len() && matches!(chars[j], '次' | '期') {
                out.push(' ');
                i = j + 1;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Municipality name candidates in one line: a stem of Han characters (or of kana: `みよし市`)
/// starting at a boundary (line start, another kind of character, after 都道府県/郡) and
/// ending with 市/町/村/区.
fn candidates(line: &str, rules: &Ctx) -> Vec<String> {
    // Names sit near the start of title and colophon lines; a huge line is not read whole.
    let head: String = line.chars().take(CANDIDATE_CHARS).collect();
    let line = strip_editions(&compact(&head));
    let chars: Vec<char> = line.chars().collect();
    let mut out = Vec::new();
    for start in 0..chars.len() {
        let Some(&first) = chars.get(start) else {
            break;
        };
        let class: fn(char) -> bool = if is_name_stem(first) {
            is_name_stem
        } else if is_kana(first) {
            is_kana
        } else {
            continue;
        };
        let boundary = start == 0
            || chars
                .get(start - 1)
                .is_some_and(|&p| !class(p) || matches!(p, '都' | '道' | '府' | '県' | '郡'));
        if !boundary {
            continue;
        }
        for len in 2..=7 {
            let Some(seg) = chars.get(start..start + len) else {
                break;
            };
            let last = seg[len - 1];
            if !seg[..len - 1].iter().all(|&c| class(c)) {
                break;
            }
            if !matches!(last, '市' | '町' | '村' | '区') {
                continue;
            }
            let name: String = seg.iter().collect();
            // `県`/`郡`/`都`/`府` inside a stem is a prefecture or district before the name
            // (`埼玉県朝霞市`), unless the whole is an official name (`音威子府村`).
            if seg[..len - 1]
                .iter()
                .any(|&c| matches!(c, '県' | '郡' | '都' | '府'))
                && !rules.municipalities.contains(&name)
            {
                continue;
            }
            if rules.records.not_municipalities.contains(&name) {
                continue;
            }
            // A fragment (`び区`, `類似団体区`) is not a name: with the official list at hand,
            // only its names count.
            if !rules.municipalities.is_empty() && !rules.municipalities.contains(&name) {
                continue;
            }
            out.push(name);
        }
    }
    out
}

fn count(hay: &str, needle: &str) -> usize {
    if needle.is_empty() {
        0
    } else {
        hay.matches(needle).count()
    }
}

/// The prefecture written right before `name` (`埼玉県朝霞市`, `山形県西村山郡朝日町`).
fn prefecture(text: &str, name: &str) -> Option<String> {
    let mut from = 0;
    while let Some(at) = text.get(from..).and_then(|t| t.find(name)) {
        let pos = from + at;
        let before: Vec<char> = text[..pos].chars().rev().take(12).collect::<Vec<_>>();
        let before: String = before.into_iter().rev().collect();
        // Skip a 郡 between the prefecture and the name.
        let b = match before.rfind('郡') {
            Some(g) if before[g..].chars().count() <= 1 => {
                let pre = &before[..g];
                let gun_start = pre
                    .char_indices()
                    .rev()
                    .take_while(|(_, c)| {
                        is_name_stem(*c) && !matches!(c, '県' | '都' | '府' | '道')
                    })
                    .last()
                    .map(|(i, _)| i)
                    .unwrap_or(pre.len());
                pre[..gun_start].to_string()
            }
            _ => before,
        };
        if b.ends_with("北海道") {
            return Some("北海道".into());
        }
        if let Some(last) = b.chars().last() {
            if matches!(last, '都' | '府' | '県') {
                let head: Vec<char> = b.chars().collect();
                for len in [3usize, 4, 2] {
                    if head.len() >= len {
                        let cand: String = head[head.len() - len..].iter().collect();
                        if cand.chars().all(is_name_stem) && valid_prefecture(&cand) {
                            return Some(cand);
                        }
                    }
                }
            }
        }
        from = pos + name.len();
    }
    None
}

/// 〇〇県 (2–3 Han + 県), 東京都, 大阪府/京都府.
fn valid_prefecture(s: &str) -> bool {
    let n = s.chars().count();
    match s.chars().last() {
        Some('県') => (3..=4).contains(&n),
        Some('都') => n == 3,
        Some('府') => n == 3,
        _ => false,
    }
}

/// Does a line right below the title's first line continue the title? Short, without
/// digits or dates, not a label, a bracket, a draft mark or a municipality's name alone.
fn title_continues(nx: &str, rules: &Ctx) -> bool {
    let n = nx.chars().count();
    (2..=30).contains(&n)
        && !nx
            .chars()
            .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
        && !nx.starts_with(['(', '（', '【', '〈', '<', '[', '［', '〔', '※', '・'])
        && !nx.ends_with(['。', '、'])
        && !nx.contains(['年', '月'])
        && crate::numbering::parse_label(nx, rules.numbering).is_none()
        && !rules
            .records
            .draft_words
            .iter()
            .any(|w| nx.contains(w.as_str()))
        && !(n <= 10 && nx.ends_with(['市', '町', '村', '区', '県', '都', '府', '道']))
}

/// A letter-spaced cover line (`入⇥札⇥説⇥明⇥書`, `計 画 書`): three or more cells of one
/// character each, joined; `None` for any other line.
fn letter_spaced(line: &str) -> Option<String> {
    let cells: Vec<&str> = line
        .split(['\t', ' ', '\u{3000}'])
        .filter(|c| !c.is_empty())
        .collect();
    (cells.len() >= 3
        && cells
            .iter()
            .all(|c| c.chars().count() == 1 && c.chars().all(|ch| !ch.is_ascii())))
    .then(|| cells.concat())
}

/// The nearest non-blank cover line above (`below` false) or below line `k`, across at most
/// two blank lines, compacted.
fn near(cover: &[&str], k: usize, below: bool) -> Option<String> {
    for step in 1..=3 {
        let i = if below {
            k + step
        } else {
            k.checked_sub(step)?
        };
        let l = cover.get(i)?;
        if !l.is_empty() {
            return Some(compact(l));
        }
    }
    None
}

/// A fiscal-year line above a title (`令和７年度`, `2025年度`, `平成30年度版`): part of it.
/// Era names come from `eras.toml`; `元年度版` and the kanji digits are the grammar of the line.
fn year_line(p: &str, rules: &Ctx) -> bool {
    let n = p.chars().count();
    let bare = rules
        .eras
        .eras
        .iter()
        .filter(|e| !e.name.is_empty())
        .find_map(|e| p.strip_prefix(e.name.as_str()))
        .unwrap_or(p);
    (4..=12).contains(&n)
        && (p.ends_with("年度") || p.ends_with("年度版"))
        && bare
            .chars()
            .any(|c| c.is_ascii_digit() || "元〇一二三四五六七八九十".contains(c))
        && bare
            .chars()
            .all(|c| c.is_ascii_digit() || "元年度版〇一二三四五六七八九十".contains(c))
}

/// A subtitle in round brackets below a title (`（附予算説明書）`, `(概要版)`): no digits, no
/// draft mark, closed on the same line. A catchphrase between dashes (`～次の世代へ～`) is
/// not part of the title.
fn bracketed_subtitle(nx: &str, rules: &Ctx) -> bool {
    let n = nx.chars().count();
    let pairs = [('(', ')'), ('（', '）')];
    (4..=30).contains(&n)
        && pairs
            .iter()
            .any(|&(a, b)| nx.starts_with(a) && nx.ends_with(b))
        && nx.chars().filter(|c| "()（）".contains(*c)).count() <= 2
        && !nx
            .chars()
            .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
        && !rules
            .records
            .draft_words
            .iter()
            .any(|w| nx.contains(w.as_str()))
}

fn edition(title: &str) -> Option<u32> {
    let chars: Vec<char> = title.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c != '第' {
            continue;
        }
        let num: String = chars[i + 1..]
            .iter()
            .take_while(|c| {
                c.is_ascii_digit()
                    || ('０'..='９').contains(*c)
                    || "〇一二三四五六七八九十".contains(**c)
            })
            .collect();
        let after = chars.get(i + 1 + num.chars().count());
        if num.is_empty() || after != Some(&'次') {
            continue;
        }
        let ascii: String = num
            .chars()
            .map(|c| match c {
                '０'..='９' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                _ => c,
            })
            .collect();
        if let Ok(n) = ascii.parse::<u32>() {
            return Some(n);
        }
        if let Some(n) = crate::dates::kanji_to_u64(&ascii) {
            return u32::try_from(n).ok();
        }
    }
    None
}

/// Extract the metadata; `has_sheets` gives `evaluation_kind` to a document whose title names
/// no kind.
pub fn extract(doc: &NormDoc, rules: &Ctx, has_sheets: bool) -> Meta {
    let r = &rules.records;
    let body: Vec<&str> = doc
        .lines
        .iter()
        .filter(|l| !l.furniture && !l.text.trim().is_empty())
        .map(|l| l.text.trim())
        .collect();
    let first_page = doc.lines.first().map(|l| l.span.page).unwrap_or(1);
    let title_page: Vec<&str> = doc
        .lines
        .iter()
        .filter(|l| !l.furniture && !l.text.trim().is_empty() && l.span.page == first_page)
        .map(|l| l.text.trim())
        .take(TITLE_LINES)
        .collect();
    let colophon: Vec<&str> = body.iter().rev().take(COLOPHON_LINES).copied().collect();

    // The title page's lines with its blank lines (a title continues on an adjacent line).
    let cover: Vec<&str> = doc
        .lines
        .iter()
        .filter(|l| !l.furniture && l.span.page == first_page)
        .map(|l| l.text.trim())
        .collect();
    // Title: the first short line of the title page with a plan word.
    let mut title: Option<String> = None;
    for (n, line) in title_page.iter().enumerate() {
        let spaced = letter_spaced(line);
        let c = spaced
            .clone()
            .unwrap_or_else(|| compact(&line.replace('\t', " ")));
        let short = c.chars().count() <= TITLE_MAX && !c.ends_with('。') && !c.contains('、');
        // A numbered heading (`2 実施計画項目一覧`) is a section, not the title.
        if (spaced.is_none() && line.contains('\t'))
            || crate::numbering::parse_label(line, rules.numbering).is_some()
        {
            continue;
        }
        if short && r.plan_words.iter().any(|w| c.contains(w.as_str())) {
            let mut t = c;
            // A year line right after the title belongs to it (`…プラン` / `2022 (素案)`).
            if let Some(next) = title_page.get(n + 1) {
                let mut nx = compact(next);
                for d in &r.draft_words {
                    nx = nx.replace(d.as_str(), "");
                }
                let nx: String = nx
                    .chars()
                    .filter(|c| !"()（）【】[] ".contains(*c))
                    .collect();
                if nx.len() == 4 && nx.chars().all(|c| c.is_ascii_digit()) {
                    t = format!("{t} {nx}");
                }
            }
            if let Some(k) = cover.iter().position(|l| l == line) {
                // `第6次白川村` / `行財政改革大綱`: an edition line right above is part of it.
                if let Some(prev) = k.checked_sub(1).and_then(|p| cover.get(p)) {
                    let p = compact(prev);
                    if p.starts_with('第')
                        && edition(&p).is_some()
                        && p.chars().count() <= 20
                        && crate::numbering::parse_label(prev, rules.numbering).is_none()
                    {
                        t = format!("{p}{t}");
                    }
                }
                // `令和７年度` / `一般会計予算書`: the year the title is for (covers set their
                // lines apart, so blank lines may stand between).
                if let Some(p) = near(&cover, k, false) {
                    if year_line(&p, rules) {
                        t = format!("{p} {t}");
                    }
                }
                // `…大綱` / `取組項目の進捗状況について`: a second title line right below;
                // `（附予算説明書）`: a subtitle in brackets.
                if let Some(next) = cover.get(k + 1) {
                    let nx = compact(next);
                    if title_continues(&nx, rules) {
                        t = format!("{t} {nx}");
                    }
                }
                if let Some(nx) = near(&cover, k, true) {
                    if bracketed_subtitle(&nx, rules) && !t.ends_with(nx.as_str()) {
                        t = format!("{t} {nx}");
                    }
                }
            }
            title = Some(t);
            break;
        }
    }

    let kind = title
        .as_deref()
        .and_then(|t| {
            r.kinds
                .iter()
                .find(|(w, _)| !w.is_empty() && t.contains(w.as_str()))
                .map(|(_, k)| k.clone())
        })
        .or_else(|| has_sheets.then(|| r.evaluation_kind.clone()).flatten());

    let draft = title_page.iter().any(|l| {
        let c = compact(l);
        r.draft_words.iter().any(|w| c.contains(w.as_str()))
            || (r
                .draft_endings
                .iter()
                .any(|w| !w.is_empty() && c.ends_with(w.as_str()))
                && c.chars().count() <= TITLE_MAX
                && !r
                    .not_draft_endings
                    .iter()
                    .any(|w| !w.is_empty() && c.ends_with(w.as_str())))
    });

    // Municipality: candidates from the title page and colophon, the most frequent in the
    // whole text wins (ties: the longer, then the first seen).
    let whole: String = body
        .iter()
        .map(|l| compact(l))
        .collect::<Vec<_>>()
        .join("\n");
    let mut cands: Vec<String> = Vec::new();
    let national = title_page.iter().any(|l| {
        let c = compact(l);
        r.national_publishers.iter().any(|w| c.contains(w.as_str()))
    });
    for l in title_page
        .iter()
        .chain(colophon.iter())
        .filter(|_| !national)
    {
        for c in candidates(l, rules) {
            if !cands.contains(&c) && cands.len() < MAX_CANDIDATES {
                cands.push(c);
            }
        }
    }
    // The most frequent wins; a name in the official list counts double.
    let list = rules.municipalities;
    let best = cands
        .iter()
        .enumerate()
        .max_by_key(|(i, c)| {
            let n = count(&whole, c);
            let weight = if list.contains(c) { 2 * n } else { n };
            (weight, c.chars().count(), usize::MAX - i)
        })
        .map(|(_, c)| c.clone());
    let municipality = best.map(|name| {
        let written = prefecture(&whole, &name);
        // The list gives the code, and the prefecture of a name only one municipality bears.
        let entry = list.lookup(&name, written.as_deref());
        Municipality {
            prefecture: written.or_else(|| entry.map(|e| e.prefecture.clone())),
            code: entry.map(|e| e.code.clone()),
            name,
        }
    });

    let edition = title.as_deref().and_then(edition);
    Meta {
        municipality,
        title,
        kind,
        edition,
        draft,
        issued: None,
        period: None,
    }
}
