//! Numbering: recognizes the numbering label (見出し番号) at the start of a line — `第1章`,
//! `1`, `1.`, `(1)`, `⑴`, `①`, `ア`, `(ア)`, `a`, `(a)`, `Ⅰ`/`I`, `一、`, `【1】`, keyword labels
//! (`施策1`, `取組項目14`, `第2の柱`, `重点項目【1】`), compound ids (`(2)-①-b`) and sheet codes
//! (`611 人権教育・啓発活動`) — in full or half width, with or without a separator after it.
//!
//! This module only reads the label's syntax; whether the line is a heading, and at which
//! depth, is the outline stage's decision.
//!
//! Keywords, units, marks and counters are `numbering.toml`'s; the forms of each scheme (`第`, `序`,
//! `の`, brackets, `、．.` after a number, kanji, circled and katakana numerals, the separators of
//! compound labels) are grammar and stay in code.

use crate::lexical::chars::is_label_dash;
use crate::model::Label;

pub(crate) use crate::rules::NumberingRules;

/// A label found at the start of a line, and where the title after it begins (byte offset).
#[derive(Debug, Clone, PartialEq)]
pub struct FoundLabel {
    /// The label (`raw` as the line writes it).
    pub label: Label,
    /// Byte offset in the line where the title starts (separators after the label skipped).
    pub title_start: usize,
    /// For compound ids (`(2)-①-b`), the numbers of each part, outermost first.
    pub parts: Vec<u32>,
}

/// Scheme names written in `Label.scheme`.
pub(crate) mod scheme {
    pub const CHAPTER: &str = "chapter"; // 第1章, 第2節, 序章
    pub const DAI: &str = "dai"; // 第1
    pub const KEYWORD: &str = "keyword"; // 施策1, 第2の柱
    pub const DIGIT: &str = "digit"; // 1, 1., 1、
    pub const PAREN_DIGIT: &str = "paren_digit"; // (1), （1）, ⑴
    pub const CIRCLED: &str = "circled"; // ①
    pub const KATAKANA: &str = "katakana"; // ア
    pub const PAREN_KATAKANA: &str = "paren_katakana"; // (ア)
    pub const LATIN: &str = "latin"; // a
    pub const PAREN_LATIN: &str = "paren_latin"; // (a)
    pub const ROMAN: &str = "roman"; // Ⅰ, I
    pub const KANJI: &str = "kanji"; // 一、
    pub const BRACKET: &str = "bracket"; // 【1】
    pub const COMPOUND: &str = "compound"; // (2)-①-b
    pub const CODE: &str = "code"; // 611
}

/// The label at the start of `line`, if any.
pub fn parse_label(line: &str, rules: &NumberingRules) -> Option<FoundLabel> {
    let lead = line.len() - line.trim_start_matches([' ', '\u{3000}', '\t']).len();
    let s = &line[lead..];
    let mut found = parse_at(s, rules)?;
    found.title_start += lead;
    // The title must be somewhere: a label alone on its line is allowed (its title may follow
    // on the next line), but not a label glued to more digits (`1,500人`, `2025年`).
    Some(found)
}

fn parse_at(s: &str, rules: &NumberingRules) -> Option<FoundLabel> {
    // A mark before a keyword label: ■施策1
    for m in &rules.marks {
        if let Some(rest) = has_prefix(s, m).then(|| &s[m.len()..]) {
            if let Some(mut f) = keyword_label(rest, rules) {
                f.title_start += m.len();
                return Some(f);
            }
        }
    }
    if let Some(f) = keyword_label(s, rules) {
        return Some(f);
    }
    if let Some(f) = dai_label(s, rules) {
        return Some(f);
    }
    if let Some(f) = compound_label(s) {
        return Some(f);
    }
    let first = s.chars().next()?;
    // 【第1章 策定の背景】: a chapter label inside brackets; the closing bracket ends the title.
    if first == '【' {
        let inner = &s[first.len_utf8()..];
        if let Some(mut f) = dai_label(inner, rules) {
            if f.label.scheme == scheme::CHAPTER {
                f.title_start += first.len_utf8();
                return Some(f);
            }
        }
    }
    // 【1】
    if first == '【' {
        let inner = &s[first.len_utf8()..];
        let (n, used) = number_at(inner)?;
        let rest = &inner[used..];
        let rest = rest.strip_prefix('】')?;
        let label_len = s.len() - rest.len();
        return Some(make(s, label_len, scheme::BRACKET, None, n));
    }
    // (1) (ア) (a) and full-width parens
    if first == '(' || first == '（' {
        let inner = &s[first.len_utf8()..];
        let close = inner.find([')', '）'])?;
        let body = inner[..close].trim();
        let close_len = inner[close..].chars().next().map_or(1, |c| c.len_utf8());
        let label_len = first.len_utf8() + close + close_len;
        let (sch, n) = if let Some(n) = all_digits(body) {
            (scheme::PAREN_DIGIT, n)
        } else if let Some(n) = single(body, katakana_index) {
            (scheme::PAREN_KATAKANA, n)
        } else if let Some(n) = single(body, latin_index) {
            (scheme::PAREN_LATIN, n)
        } else if let Some(n) = roman_value(body) {
            (scheme::ROMAN, n)
        } else if let Some(n) = kanji_small(body) {
            (scheme::KANJI, n)
        } else {
            return None;
        };
        // `(1)` directly followed by a digit is more likely arithmetic than a label.
        let after = &s[label_len..];
        if after.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            return None;
        }
        return Some(make(s, label_len, sch, None, n));
    }
    // ⑴ ⒜
    if let Some(n) = paren_digit_char(first) {
        return Some(make(s, first.len_utf8(), scheme::PAREN_DIGIT, None, n));
    }
    if let Some(n) = circled_value(first) {
        return Some(make(s, first.len_utf8(), scheme::CIRCLED, None, n));
    }
    // Ⅰ Ⅱ (single code points)
    if let Some(n) = roman_char(first) {
        return separated(s, first.len_utf8(), scheme::ROMAN, n, false);
    }
    // 1 / 1. / 1、 / 611 (sheet code)
    if first.is_ascii_digit() || is_fullwidth_digit(first) {
        let (n, used) = number_at(s)?;
        let after = &s[used..];
        // Decimal numbers and dates are not labels: 1.5, 3年, 1,500
        let next = after.chars().next();
        if let Some(c) = next {
            if c == '.' || c == '．' {
                let after_dot = &after[c.len_utf8()..];
                if after_dot
                    .chars()
                    .next()
                    .is_some_and(|d| d.is_ascii_digit() || is_fullwidth_digit(d))
                {
                    return None;
                }
            }
        }
        let digits = s[..used].chars().count();
        if digits >= 3 {
            // A code heading a sheet: `611 人権教育・啓発活動` (space then a title).
            let sep = after.chars().next()?;
            if !matches!(sep, ' ' | '\u{3000}' | '\t') {
                return None;
            }
            let title = after.trim_start_matches([' ', '\u{3000}', '\t']);
            let t0 = title.chars().next()?;
            // `100 人` is a quantity; `611 人権教育` is a code and a title.
            let short = title
                .chars()
                .nth(1)
                .is_none_or(|c| c.is_whitespace() || c == '度');
            if !t0.is_alphabetic() || is_fullwidth_digit(t0) || (is_unit(t0, rules) && short) {
                return None;
            }
            return Some(make(s, used, scheme::CODE, None, n));
        }
        return separated(s, used, scheme::DIGIT, n, true);
    }
    // ア / a / I / 一 followed by a separator
    if let Some(n) = katakana_index(first) {
        return separated(s, first.len_utf8(), scheme::KATAKANA, n, true);
    }
    if first.is_ascii_alphabetic() {
        let word: String = s.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
        if let Some(n) = roman_value(&word) {
            if word.chars().all(|c| c.is_ascii_uppercase()) {
                return separated(s, word.len(), scheme::ROMAN, n, true);
            }
        }
        if word.len() == 1 {
            if let Some(n) = latin_index(first) {
                return separated(s, 1, scheme::LATIN, n, true);
            }
        }
        return None;
    }
    // (Alone, only 一 to 九 and 十 are small kanji numbers.)
    if let Some(n) = matches!(
        first,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
    )
    .then(|| kanji_small(first.encode_utf8(&mut [0; 4])))
    .flatten()
    {
        // 一、総則 — only with 、 or ． or a space after it (一方で is a word).
        let after = &s[first.len_utf8()..];
        if after.starts_with(['、', '．', '.', ' ', '\u{3000}']) {
            return separated(s, first.len_utf8(), scheme::KANJI, n, true);
        }
    }
    None
}

/// A label that needs a separator (space, tab, `.`, `．`, `、`) or the end of the line after it.
fn separated(s: &str, label_len: usize, sch: &str, n: u32, needs_sep: bool) -> Option<FoundLabel> {
    let after = &s[label_len..];
    let ok = match after.chars().next() {
        None => true,
        Some(c) => matches!(
            c,
            ' ' | '\u{3000}' | '\t' | '.' | '．' | '、' | ':' | '：' | ')' | '）'
        ),
    };
    if needs_sep && !ok {
        return None;
    }
    // `1.` + digits is a decimal, `1、2、3` a list of numbers.
    if let Some(c) = after.chars().next() {
        if matches!(c, '、' | ',' | '，')
            && after[c.len_utf8()..]
                .chars()
                .next()
                .is_some_and(|d| d.is_ascii_digit())
        {
            return None;
        }
    }
    Some(make(s, label_len, sch, None, n))
}

/// Build the FoundLabel, skipping the separators after the label.
fn make(s: &str, label_len: usize, sch: &str, keyword: Option<String>, n: u32) -> FoundLabel {
    let mut end = label_len;
    let mut rest = &s[label_len..];
    // One label-closing punctuation mark, then spaces.
    if let Some(c) = rest.chars().next() {
        if matches!(c, '.' | '．' | '、' | ':' | '：') {
            end += c.len_utf8();
            rest = &rest[c.len_utf8()..];
        }
    }
    let trimmed = rest.trim_start_matches([' ', '\u{3000}', '\t']);
    end += rest.len() - trimmed.len();
    FoundLabel {
        label: Label {
            raw: s[..label_len].to_string(),
            scheme: sch.to_string(),
            keyword,
            number: n,
        },
        title_start: end,
        parts: Vec::new(),
    }
}

/// `施策1`, `取組項目 14`, `重点項目【1】`, `柱1`, `第2の柱`.
fn keyword_label(s: &str, rules: &NumberingRules) -> Option<FoundLabel> {
    // Longest keyword first, so 取組項目 wins over 取組.
    let mut best: Option<&String> = None;
    for k in &rules.keywords {
        if has_prefix(s, k) && best.is_none_or(|b| k.len() > b.len()) {
            best = Some(k);
        }
    }
    if let Some(k) = best {
        let rest = &s[k.len()..];
        let spaces = rest.len() - rest.trim_start_matches([' ', '\u{3000}']).len();
        let r = &rest[spaces..];
        let (n, used, closing) = if let Some(inner) = r.strip_prefix('【') {
            let (n, used) = number_at(inner)?;
            let after = inner[used..].strip_prefix('】')?;
            (n, r.len() - after.len(), 0)
        } else if let Some(inner) = r.strip_prefix(['(', '（']) {
            // 推進項目(1), 推進項目（１）
            let (n, used) = number_at(inner)?;
            let after = inner[used..].strip_prefix([')', '）'])?;
            (n, r.len() - after.len(), 0)
        } else if let Some(n) = r
            .chars()
            .next()
            .and_then(|c| circled_value(c).or_else(|| paren_digit_char(c)))
        {
            // 実施項目①, 推進項目⑴
            (n, r.chars().next().map_or(0, char::len_utf8), 0)
        } else {
            let (n, used) = number_at(r)?;
            (n, used, 0)
        };
        let label_len = k.len() + spaces + used + closing;
        let after = &s[label_len..];
        // A kanji number must stand alone: 項目一 is a label, 項目一覧 a word.
        let kanji_number = r
            .chars()
            .next()
            .is_some_and(|c| "〇一二三四五六七八九十".contains(c));
        if kanji_number
            && after.chars().next().is_some_and(|c| {
                !matches!(c, ' ' | '\u{3000}' | '\t' | '.' | '．' | '、' | ':' | '：')
            })
        {
            return None;
        }
        // `指標1` but not `施策10年` or `改革2025年`.
        if after
            .chars()
            .next()
            .is_some_and(|c| is_unit(c, rules) || c.is_ascii_digit() || c == ',')
        {
            return None;
        }
        let mut f = make(s, label_len, scheme::KEYWORD, Some(k.clone()), n);
        f.label.raw = s[..label_len].to_string();
        return Some(f);
    }
    None
}

/// `s.starts_with(p)`, with the first and last bytes compared inline: most lines share no prefix
/// with a keyword or mark, and this test runs for every keyword on many lines.
#[inline]
fn has_prefix(s: &str, p: &str) -> bool {
    let (s, p) = (s.as_bytes(), p.as_bytes());
    let Some(last) = p.len().checked_sub(1) else {
        return true;
    };
    s.len() >= p.len() && s.first() == p.first() && s.get(last) == p.get(last) && s.starts_with(p)
}

/// `第1章`, `第三節`, `序章`, `第2の柱`, `第1`.
fn dai_label(s: &str, rules: &NumberingRules) -> Option<FoundLabel> {
    if let Some(rest) = s.strip_prefix("序") {
        // 序章 / 序 章
        let r = rest.trim_start_matches([' ', '\u{3000}']);
        for u in &rules.units {
            if r.starts_with(u.as_str()) {
                let label_len = s.len() - r.len() + u.len();
                return Some(make(s, label_len, scheme::CHAPTER, Some(u.clone()), 0));
            }
        }
        return None;
    }
    let rest = s.strip_prefix('第')?;
    let r0 = rest.trim_start_matches([' ', '\u{3000}']);
    let (n, used) = number_at(r0)?;
    let after_num = &r0[used..];
    let a = after_num.trim_start_matches([' ', '\u{3000}']);
    // 第2の柱
    if let Some(r) = a.strip_prefix('の') {
        for k in &rules.keywords {
            if r.starts_with(k.as_str()) {
                let label_len = s.len() - r.len() + k.len();
                return Some(make(s, label_len, scheme::KEYWORD, Some(k.clone()), n));
            }
        }
    }
    for u in &rules.units {
        if a.starts_with(u.as_str()) {
            let label_len = s.len() - a.len() + u.len();
            return Some(make(s, label_len, scheme::CHAPTER, Some(u.clone()), n));
        }
    }
    // 第1 総則 (a bare 第N followed by a space); 第3次 is an edition, not a label.
    if after_num.starts_with([' ', '\u{3000}', '\t', '.', '．', '、']) || after_num.is_empty() {
        let label_len = s.len() - after_num.len();
        return Some(make(s, label_len, scheme::DAI, None, n));
    }
    None
}

/// `(2)-①-b`, `（１）-③-ｃ`: parts joined by hyphens, at least two parts.
fn compound_label(s: &str) -> Option<FoundLabel> {
    let mut parts = Vec::new();
    let mut pos = 0;
    loop {
        let rest = &s[pos..];
        let (n, used) = compound_part(rest)?;
        parts.push(n);
        pos += used;
        let rest = &s[pos..];
        match rest.chars().next() {
            Some(c) if is_label_dash(c) => {
                let after = &rest[c.len_utf8()..];
                if compound_part(after).is_some() {
                    pos += c.len_utf8();
                    continue;
                }
                break;
            }
            _ => break,
        }
    }
    if parts.len() < 2 {
        return None;
    }
    let after = &s[pos..];
    if after
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric())
    {
        return None;
    }
    let n = *parts.last()?;
    let mut f = make(s, pos, scheme::COMPOUND, None, n);
    f.parts = parts;
    Some(f)
}

/// One part of a compound id: `(2)`, `①`, `b`, `ｂ`, `2`.
fn compound_part(s: &str) -> Option<(u32, usize)> {
    let c = s.chars().next()?;
    if c == '(' || c == '（' {
        let inner = &s[c.len_utf8()..];
        let close = inner.find([')', '）'])?;
        let n = all_digits(inner[..close].trim())?;
        let close_len = inner[close..].chars().next().map_or(1, |x| x.len_utf8());
        return Some((n, c.len_utf8() + close + close_len));
    }
    if let Some(n) = circled_value(c).or_else(|| paren_digit_char(c)) {
        return Some((n, c.len_utf8()));
    }
    if let Some(n) = latin_index(to_halfwidth(c)) {
        // a single letter, not the start of a word
        let next = s[c.len_utf8()..].chars().next();
        if next.is_some_and(|d| to_halfwidth(d).is_ascii_alphabetic()) {
            return None;
        }
        return Some((n, c.len_utf8()));
    }
    if c.is_ascii_digit() || is_fullwidth_digit(c) {
        // One or two digits: `1-2-3` is a compound id, `048-463-1111` a phone number.
        let (n, used) = number_at(s)?;
        if s[..used].chars().count() <= 2 {
            return Some((n, used));
        }
    }
    None
}

fn to_halfwidth(c: char) -> char {
    match c {
        'ａ'..='ｚ' | 'Ａ'..='Ｚ' | '０'..='９' => {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        _ => c,
    }
}

fn is_fullwidth_digit(c: char) -> bool {
    ('０'..='９').contains(&c)
}

/// A number at the start of `s`: ASCII or full-width digits, or kanji numerals; returns the
/// value and the bytes used.
pub(crate) fn number_at(s: &str) -> Option<(u32, usize)> {
    let mut value: u32 = 0;
    let mut used = 0;
    for c in s.chars() {
        let d = if c.is_ascii_digit() {
            c as u32 - '0' as u32
        } else if is_fullwidth_digit(c) {
            c as u32 - '０' as u32
        } else {
            break;
        };
        value = value.checked_mul(10)?.checked_add(d)?;
        used += c.len_utf8();
        if used > 24 {
            return None;
        }
    }
    if used > 0 {
        return Some((value, used));
    }
    // Kanji numerals up to 99: 一, 十二, 二十三
    let kanji: String = s
        .chars()
        .take_while(|c| "〇一二三四五六七八九十".contains(*c))
        .collect();
    if kanji.is_empty() {
        return None;
    }
    let n = kanji_small(&kanji)?;
    Some((n, kanji.len()))
}

/// Kanji numerals from 1 to 99 (`一`, `十`, `十二`, `二十三`).
fn kanji_small(s: &str) -> Option<u32> {
    let digit = |c: char| {
        "〇一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|p| p as u32)
    };
    let cs: Vec<char> = s.chars().collect();
    match cs.as_slice() {
        [a] if *a == '十' => Some(10),
        [a] => digit(*a).filter(|&d| d > 0),
        ['十', b] => digit(*b).map(|d| 10 + d),
        [a, '十'] => digit(*a).map(|d| d * 10),
        [a, '十', b] => Some(digit(*a)? * 10 + digit(*b)?),
        _ => None,
    }
}

fn all_digits(s: &str) -> Option<u32> {
    let (n, used) = number_at(s)?;
    (used == s.len()).then_some(n)
}

fn single(s: &str, f: fn(char) -> Option<u32>) -> Option<u32> {
    let mut it = s.chars();
    let c = it.next()?;
    if it.next().is_some() {
        return None;
    }
    f(to_halfwidth(c))
}

/// Katakana labels in 五十音 order: ア=1, イ=2, ウ=3, …
fn katakana_index(c: char) -> Option<u32> {
    if !('ア'..='ン').contains(&c) {
        return None; // outside the block ORDER is taken from
    }
    const ORDER: &str = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン";
    ORDER.chars().position(|k| k == c).map(|p| p as u32 + 1)
}

fn latin_index(c: char) -> Option<u32> {
    c.is_ascii_lowercase().then(|| c as u32 - 'a' as u32 + 1)
}

fn circled_value(c: char) -> Option<u32> {
    let u = c as u32;
    match u {
        0x2460..=0x2473 => Some(u - 0x2460 + 1),  // ①..⑳
        0x3251..=0x325F => Some(u - 0x3251 + 21), // ㉑..㉟
        0x32B1..=0x32BF => Some(u - 0x32B1 + 36), // ㊱..㊿
        0x24EB..=0x24F4 => Some(u - 0x24EB + 11), // ⓫..⓴
        0x2776..=0x277F => Some(u - 0x2776 + 1),  // ❶..❿
        _ => None,
    }
}

fn paren_digit_char(c: char) -> Option<u32> {
    let u = c as u32;
    (0x2474..=0x2487).contains(&u).then(|| u - 0x2474 + 1) // ⑴..⒇
}

fn roman_char(c: char) -> Option<u32> {
    let u = c as u32;
    match u {
        0x2160..=0x216B => Some(u - 0x2160 + 1), // Ⅰ..Ⅻ
        0x2170..=0x217B => Some(u - 0x2170 + 1), // ⅰ..ⅻ
        _ => None,
    }
}

/// Roman numerals written in Latin letters, I to XX.
fn roman_value(s: &str) -> Option<u32> {
    const R: [&str; 20] = [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV",
        "XV", "XVI", "XVII", "XVIII", "XIX", "XX",
    ];
    let up = s.to_ascii_uppercase();
    R.iter().position(|r| *r == up).map(|p| p as u32 + 1)
}

/// Counters and units that make `3年` a quantity, not a label (`counters` of `numbering.toml`).
fn is_unit(c: char, rules: &NumberingRules) -> bool {
    rules.counters.contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Rules;

    fn p(s: &str) -> Option<(String, String, Option<String>, u32, String)> {
        parse_label(s, &Rules::defaults().numbering).map(|f| {
            (
                f.label.raw.clone(),
                f.label.scheme.clone(),
                f.label.keyword.clone(),
                f.label.number,
                s[f.title_start..].to_string(),
            )
        })
    }

    fn label(s: &str) -> (String, u32, String) {
        let (_, sch, _, n, title) = p(s).unwrap_or_else(|| panic!("no label in {s:?}"));
        (sch, n, title)
    }

    #[test]
    fn schemes() {
        assert_eq!(
            label("1 計画策定の背景"),
            ("digit".into(), 1, "計画策定の背景".into())
        );
        assert_eq!(
            label("１ 行財政改革の必要性"),
            ("digit".into(), 1, "行財政改革の必要性".into())
        );
        assert_eq!(
            label("３．行財政改革の３つの目標"),
            ("digit".into(), 3, "行財政改革の３つの目標".into())
        );
        assert_eq!(
            label("1. 計画策定の背景\t3"),
            ("digit".into(), 1, "計画策定の背景\t3".into())
        );
        assert_eq!(
            label("（1）事務・組織運営の効率化"),
            ("paren_digit".into(), 1, "事務・組織運営の効率化".into())
        );
        assert_eq!(
            label("（１）．町民と行政"),
            ("paren_digit".into(), 1, "町民と行政".into())
        );
        assert_eq!(label("(12) x"), ("paren_digit".into(), 12, "x".into()));
        assert_eq!(label("⑵ 財政"), ("paren_digit".into(), 2, "財政".into()));
        assert_eq!(
            label("① 町民が主役"),
            ("circled".into(), 1, "町民が主役".into())
        );
        assert_eq!(
            label("③町民による適切な評価"),
            ("circled".into(), 3, "町民による適切な評価".into())
        );
        assert_eq!(label("㉑ 二十一"), ("circled".into(), 21, "二十一".into()));
        assert_eq!(label("ア 概要"), ("katakana".into(), 1, "概要".into()));
        assert_eq!(
            label("(イ) 概要"),
            ("paren_katakana".into(), 2, "概要".into())
        );
        assert_eq!(label("b. 概要"), ("latin".into(), 2, "概要".into()));
        assert_eq!(label("(c) 概要"), ("paren_latin".into(), 3, "概要".into()));
        assert_eq!(
            label("Ⅶ 行財政集中改革アクションプラン"),
            ("roman".into(), 7, "行財政集中改革アクションプラン".into())
        );
        assert_eq!(
            label("IV 本市を取り巻く現状と課題"),
            ("roman".into(), 4, "本市を取り巻く現状と課題".into())
        );
        assert_eq!(label("一、総則"), ("kanji".into(), 1, "総則".into()));
        assert_eq!(label("【2】 重点"), ("bracket".into(), 2, "重点".into()));
        assert_eq!(
            label("611 人権教育・啓発活動"),
            ("code".into(), 611, "人権教育・啓発活動".into())
        );
    }

    #[test]
    fn chapters_and_keywords() {
        let (raw, sch, kw, n, title) = p("第1章 行財政集中改革ビジョン").unwrap();
        assert_eq!(
            (raw.as_str(), sch.as_str(), kw.as_deref(), n, title.as_str()),
            ("第1章", "chapter", Some("章"), 1, "行財政集中改革ビジョン")
        );
        let (_, sch, kw, n, _) = p("序 章 行財政集中改革プランの策定の趣旨").unwrap();
        assert_eq!((sch.as_str(), kw.as_deref(), n), ("chapter", Some("章"), 0));
        let (_, _, kw, n, _) = p("第三節 概要").unwrap();
        assert_eq!((kw.as_deref(), n), (Some("節"), 3));
        let (raw, sch, kw, n, title) = p("■施策1 質の高い行政運営の推進").unwrap();
        assert_eq!(
            (raw.as_str(), sch.as_str(), kw.as_deref(), n, title.as_str()),
            (
                "施策1",
                "keyword",
                Some("施策"),
                1,
                "質の高い行政運営の推進"
            )
        );
        let (_, _, kw, n, title) = p("取組項目21\t中期財政ビジョンに沿った財政運営").unwrap();
        assert_eq!(
            (kw.as_deref(), n, title.as_str()),
            (Some("取組項目"), 21, "中期財政ビジョンに沿った財政運営")
        );
        let (_, _, kw, n, _) = p("方向性１ 経営").unwrap();
        assert_eq!((kw.as_deref(), n), (Some("方向性"), 1));
        let (_, _, kw, n, _) = p("指標 1").unwrap();
        assert_eq!((kw.as_deref(), n), (Some("指標"), 1));
        let (_, _, kw, n, _) = p("第2の柱 効率的").unwrap();
        assert_eq!((kw.as_deref(), n), (Some("柱"), 2));
        let (_, _, kw, n, _) = p("重点項目【3】 x").unwrap();
        assert_eq!((kw.as_deref(), n), (Some("重点項目"), 3));
        let (_, _, kw, n, _) = p("改革5 x").unwrap();
        assert_eq!((kw.as_deref(), n), (Some("改革"), 5));
    }

    #[test]
    fn compound_ids() {
        let f = parse_label("(2)-①-ｂ 多様な財源の確保", &Rules::defaults().numbering).unwrap();
        assert_eq!(f.label.scheme, "compound");
        assert_eq!(f.label.raw, "(2)-①-ｂ");
        assert_eq!(f.parts, vec![2, 1, 2]);
        let f = parse_label("(1)-③-c", &Rules::defaults().numbering).unwrap();
        assert_eq!(f.parts, vec![1, 3, 3]);
        assert_eq!(f.title_start, "(1)-③-c".len());
    }

    #[test]
    fn sentences_and_numbers_are_not_labels() {
        for s in [
            "3年間を計画期間とし",
            "1,500人に",
            "2025年12月",
            "1.5倍",
            "62項目",
            "一方で、新型コロナ",
            "アウトソーシングの検討",
            "RPA等の導入",
            "第3次計画",
            "施策10年",
            "048-463-1111",
            "2021 年",
            "100 人",
            "a)",
            "2022 (素案)",
            "実施計画項目一覧",
        ] {
            let r = p(s);
            assert!(r.is_none() || s == "a)", "{s:?} gave {r:?}");
        }
    }
}
