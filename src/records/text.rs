//! Small text helpers shared by the record extractors.
//!
//! Unit words are `keywords.toml`'s; brackets and the colon after a label stay in code as grammar.

use super::Ctx;
use crate::model::ObservationKind;

/// Fold full-width ASCII (`（１）`, `ｃ`) to half width and drop whitespace: an id as written,
/// normalized (`取組項目 5` → `取組項目5`, `（１）-③-ｃ` → `(1)-③-c`).
pub fn fold_id(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Remove spaces next to Japanese text (`第 7 次` → `第7次`, `狛 江 市` → `狛江市`) but keep
/// them between ASCII words (`Society 5.0`).
pub fn compact(s: &str) -> String {
    let chars: Vec<char> = s.trim().chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == ' ' || c == '\u{3000}' {
            let mut j = i;
            while j < chars.len() && (chars[j] == ' ' || chars[j] == '\u{3000}') {
                j += 1;
            }
            let prev = out.chars().last();
            let next = chars.get(j).copied();
            let wide = |x: Option<char>| x.is_some_and(|x| !x.is_ascii());
            if !(wide(prev) || wide(next)) {
                out.push(' ');
            }
            i = j;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Join a hard-wrapped continuation line: no space between Japanese characters.
pub fn join_wrapped(a: &str, b: &str) -> String {
    let a = a.trim_end();
    let b = b.trim_start();
    if a.is_empty() {
        return b.to_string();
    }
    let ascii_end = a.chars().last().is_some_and(|c| c.is_ascii_alphanumeric());
    let ascii_start = b.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
    if ascii_end && ascii_start {
        format!("{a} {b}")
    } else {
        format!("{a}{b}")
    }
}

/// If `line` starts with one of `labels` (longest first) followed by the end, a space, a tab
/// or a colon, the rest of the line, trimmed.
pub fn after_label<'a>(line: &'a str, labels: &[String]) -> Option<(&'a str, &'a str)> {
    let t = line.trim_start();
    // A label in brackets: `【所管課】市民課`, `［担当課］ 税務課`.
    for (open, close) in [
        ('【', '】'),
        ('［', '］'),
        ('[', ']'),
        ('〔', '〕'),
        ('<', '>'),
        ('〈', '〉'),
    ] {
        if let Some(inner) = t.strip_prefix(open) {
            if let Some(end) = inner.find(close) {
                let l = &inner[..end];
                if labels.iter().any(|x| x == l.trim()) {
                    let rest = inner[end + close.len_utf8()..]
                        .trim_start_matches([':', '：'])
                        .trim_matches([' ', '\u{3000}', '\t']);
                    return Some((l.trim(), rest));
                }
            }
        }
    }
    let mut best: Option<&String> = None;
    for l in labels {
        if !l.is_empty() && t.starts_with(l.as_str()) && best.is_none_or(|b| l.len() > b.len()) {
            let rest = &t[l.len()..];
            if rest.is_empty() || rest.starts_with([' ', '\u{3000}', '\t', ':', '：']) {
                best = Some(l);
            }
        }
    }
    let l = best?;
    let rest = t[l.len()..]
        .trim_start_matches([':', '：'])
        .trim_matches([' ', '\u{3000}', '\t']);
    Some((&t[..l.len()], rest))
}

/// Like [`after_label`], but also accepts the label glued to its value (`担当課人権庶務課`, as
/// PDF extraction writes it when the gap between the cells is small) when `accept` approves
/// the value.
pub fn after_label_or_glued<'a>(
    line: &'a str,
    labels: &[String],
    accept: impl Fn(&str) -> bool,
) -> Option<(&'a str, &'a str)> {
    if let Some(found) = after_label(line, labels) {
        return Some(found);
    }
    let t = line.trim();
    let l = labels
        .iter()
        .filter(|l| !l.is_empty() && t.starts_with(l.as_str()))
        .max_by_key(|l| l.len())?;
    let rest = t[l.len()..].trim();
    (!rest.is_empty() && accept(rest)).then_some((&t[..l.len()], rest))
}

/// The name of an indicator and the unit in its last bracket: `経常収支比率(%)` →
/// (`経常収支比率`, `%`), `市税収納率(現年分)(%)` → (`市税収納率(現年分)`, `%`). The bracket is
/// a unit only when its text ends with a unit suffix of `records.toml`.
pub fn unit_of(name: &str, rules: &Ctx) -> (String, Option<String>) {
    let n = name.trim();
    let Some(last) = n.chars().last() else {
        return (String::new(), None);
    };
    let open = match last {
        ')' => '(',
        '）' => '（',
        _ => return (n.to_string(), None),
    };
    let Some(at) = n.rfind(open) else {
        return (n.to_string(), None);
    };
    let inner = n[at + open.len_utf8()..n.len() - last.len_utf8()].trim();
    let inner_norm = inner.replace('％', "%");
    let is_unit = !inner.is_empty()
        && inner.chars().count() <= 8
        && rules
            .records
            .unit_suffixes
            .iter()
            .any(|u| !u.is_empty() && inner_norm.ends_with(u.as_str()));
    if !is_unit {
        return (n.to_string(), None);
    }
    let unit = rules
        .keywords
        .unit_labels
        .iter()
        .find_map(|w| inner_norm.strip_prefix(w.as_str())?.strip_prefix(':'))
        .unwrap_or(&inner_norm)
        .trim();
    (n[..at].trim().to_string(), Some(unit.to_string()))
}

/// The fiscal year written in a header cell (`R2年度実績`, `最終年度目標 (R7年度)`,
/// `令和5年度末`, `R2決算`, `2025年度`), through the dates module.
pub fn fiscal_year(cell: &str, rules: &Ctx) -> Option<i32> {
    let (found, _) = crate::dates::find_dates(cell, rules.eras);
    if let Some(f) = found.iter().find(|f| f.mention.fiscal) {
        return Some(f.mention.year);
    }
    found.first().map(|f| f.mention.year)
}

/// The observation kind a header cell names (見込み before 目標 before 現状 before 実績).
pub fn observation_kind(cell: &str, rules: &Ctx) -> Option<ObservationKind> {
    let r = &rules.records;
    let has = |ws: &[String]| {
        ws.iter()
            .any(|w| !w.is_empty() && cell.contains(w.as_str()))
    };
    if has(&r.estimate_words) {
        Some(ObservationKind::Estimate)
    } else if has(&r.target_words) {
        Some(ObservationKind::Target)
    } else if has(&r.current_words) {
        Some(ObservationKind::Current)
    } else if has(&r.actual_words) {
        Some(ObservationKind::Actual)
    } else {
        None
    }
}

/// A cell that only says "no value" (`—`, `-`, `－`).
pub fn is_dash(s: &str) -> bool {
    let t = s.trim();
    !t.is_empty() && t.chars().all(crate::lexical::chars::is_dash)
}

/// A list line: `- …`, or a line starting with a bullet of `keywords.toml` (`・…`, `●…`).
pub fn is_bullet(s: &str, rules: &Ctx) -> bool {
    let t = s.trim_start();
    t.starts_with("- ")
        || t.chars()
            .next()
            .is_some_and(|c| c != '-' && rules.keywords.bullets.contains(c))
}

/// Remove the markdown bullet `- ` some converters put before list lines.
pub fn strip_md_bullet(s: &str) -> &str {
    let t = s.trim_start();
    t.strip_prefix("- ").unwrap_or(t)
}
