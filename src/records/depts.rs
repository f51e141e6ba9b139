//! Department names (担当課, 推進部署): recognizing and splitting lists such as
//! `政策室・情報政策課 会計課・関係各課` or `教育指導課、生涯学習・スポーツ課`.
//!
//! Department labels, suffixes and words are `records.toml`'s; `課` as the end of a department name
//! inside a run, `・` and list separators stay in code as grammar.

use super::Ctx;

/// Is `s` one department name: a word of `department_words` (`関係各課`) or a short name
/// ending with a `department_suffixes` entry (`情報政策課`, `町立病院`, `教育委員会`)?
pub fn is_department(s: &str, rules: &Ctx) -> bool {
    let s = s.trim();
    let n = s.chars().count();
    if !(2..=24).contains(&n) {
        return false;
    }
    if s.chars().any(|c| {
        c.is_whitespace() || matches!(c, '。' | '、' | ',' | '，' | '「' | '」' | ':' | '：')
    }) {
        return false;
    }
    if s.chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    let r = &rules.records;
    if r.department_words.iter().any(|w| w == s) {
        return true;
    }
    // A field label or its tail (`担当課`, `部署` of a wrapped `推進部署`) is not a name.
    if r.department_labels.iter().any(|l| l.ends_with(s)) {
        return false;
    }
    r.department_suffixes.iter().any(|suf| {
        !suf.is_empty() && s.ends_with(suf.as_str()) && s.chars().count() > suf.chars().count()
    })
}

/// Split a written list of departments into names. Separators: spaces (ordinary and
/// ideographic), `、`, `,`, `，`, `;`, `/`; `・` separates only when the part before it is a
/// department name itself (`政策室・情報政策課` → two names, `生涯学習・スポーツ課` → one).
/// Dashes (`—`) and empty parts give nothing.
pub fn split_departments(text: &str, rules: &Ctx) -> Vec<String> {
    let mut out = Vec::new();
    for piece in text.split(|c: char| {
        c.is_whitespace() || matches!(c, '、' | ',' | '，' | ';' | '；' | '/' | '／' | '\t')
    }) {
        let piece = piece.trim_matches(|c: char| c == '・' || c.is_whitespace());
        if piece.is_empty() || super::text::is_dash(piece) {
            continue;
        }
        let mut cur = String::new();
        for c in piece.chars() {
            if c == '・' && is_department(&cur, rules) {
                out.extend(unglue(&std::mem::take(&mut cur), rules));
            } else {
                cur.push(c);
            }
        }
        let cur = cur.trim_matches('・').to_string();
        if !cur.is_empty() {
            out.extend(unglue(&cur, rules));
        }
    }
    out
}

/// Split names PDF extraction glued together (`情報政策課会計課` → `情報政策課`, `会計課`): at
/// an inner `課` when both sides are department names of two or more characters.
fn unglue(name: &str, rules: &Ctx) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    // Two or three glued names at most; longer text is not a name list.
    if chars.len() > 48 {
        return vec![name.to_string()];
    }
    for k in 1..chars.len().saturating_sub(2) {
        if chars[k] != '課' {
            continue;
        }
        let left: String = chars[..=k].iter().collect();
        let right: String = chars[k + 1..].iter().collect();
        if left.chars().count() >= 2 && is_department(&left, rules) && is_department(&right, rules)
        {
            let mut out = vec![left];
            out.extend(unglue(&right, rules));
            return out;
        }
    }
    vec![name.to_string()]
}

/// Is the whole of `text` a list of department names (at least one)?
pub fn is_department_list(text: &str, rules: &Ctx) -> bool {
    let names = split_departments(text, rules);
    !names.is_empty() && names.iter().all(|n| is_department(n, rules))
}

/// Split the trailing department names off a title (`公営企業経営の健全化 建設水道課 町立病院`
/// → title `公営企業経営の健全化`, departments `建設水道課`, `町立病院`). Only whole
/// space-separated words count, and a title must remain.
pub fn split_trailing(text: &str, rules: &Ctx) -> (String, Vec<String>) {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut k = words.len();
    while k > 1 {
        let w = words[k - 1];
        if is_department_list(w, rules) {
            k -= 1;
        } else {
            break;
        }
    }
    if k == words.len() || k == 0 {
        return (text.trim().to_string(), Vec::new());
    }
    let title = words[..k].join(" ");
    let depts = split_departments(&words[k..].join(" "), rules);
    (title, depts)
}
