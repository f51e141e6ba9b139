//! Numbers written in table cells: `2,042,623`, `99.1`, `65.0 [※]`, `△1,200`, `90.0 以下`,
//! `-` / `—` for "no value", `71.4%`.
//!
//! The signs of a number (`△ ▲` minus, `※`/`注` note marks, `以上`/`以下` bounds) and full-width forms
//! are the grammar of numbers and stay in code; dashes are `lexical::chars::is_dash`.

use crate::model::Bound;

/// A cell read as a number.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Parsed {
    /// The value; `None` for a dash, an empty cell or text that is not a number.
    pub value: Option<f64>,
    /// `以下` → at most, `以上` → at least.
    pub bound: Option<Bound>,
    /// A footnote mark written beside the value (`[※]`, `※1`, `(注2)`, `*`), as written.
    pub footnote: Option<String>,
    /// A unit written after the number (`%`, `人`, `億円`).
    pub unit: Option<String>,
    /// The cell is a dash (`-`, `—`, `－`, `―`, `‐`, `ー`): no value, on purpose.
    pub dash: bool,
    /// The cell is empty.
    pub empty: bool,
}

impl Parsed {
    /// A number or a deliberate "no value" mark: the cell belongs to a value column.
    pub fn is_value_like(&self) -> bool {
        self.value.is_some() || self.dash
    }
}

/// A character written for "no value": a dash ([`crate::lexical::chars::is_dash`]).
pub use crate::lexical::chars::is_dash;

/// Fold full-width digits, signs and punctuation to ASCII (NFKC may not have run).
fn fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '，' => ',',
            '．' => '.',
            '％' => '%',
            '［' => '[',
            '］' => ']',
            '（' => '(',
            '）' => ')',
            '＊' => '*',
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// Remove the footnote marks of `s`, returning the rest and the marks found.
fn take_footnotes(s: &str) -> (String, Option<String>) {
    let chars: Vec<char> = s.chars().collect();
    let mut rest = String::new();
    let mut notes: Vec<String> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        // [※], [※1], [注1]
        if c == '[' || c == '(' {
            let close = if c == '[' { ']' } else { ')' };
            let inner_start = i + 1;
            if let Some(off) = chars[inner_start..].iter().position(|&d| d == close) {
                let inner: String = chars[inner_start..inner_start + off].iter().collect();
                let is_note = inner.starts_with('※')
                    || inner.starts_with('注')
                    || inner.starts_with('*')
                    || inner.starts_with('＊');
                if is_note && inner.chars().count() <= 4 {
                    notes.push(chars[i..=inner_start + off].iter().collect());
                    i = inner_start + off + 1;
                    continue;
                }
            }
        }
        // ※, ※1, *, *1
        if c == '※' || c == '*' {
            let mut j = i + 1;
            while j < chars.len() && chars[j].is_ascii_digit() {
                j += 1;
            }
            notes.push(chars[i..j].iter().collect());
            i = j;
            continue;
        }
        rest.push(c);
        i += 1;
    }
    let note = if notes.is_empty() {
        None
    } else {
        Some(notes.join(" "))
    };
    (rest, note)
}

/// Read one table cell as a number.
///
/// ```
/// use jplan::tables::parse_number;
/// assert_eq!(parse_number("2,042,623").value, Some(2042623.0));
/// assert_eq!(parse_number("△1,200").value, Some(-1200.0));
/// assert_eq!(parse_number("—").value, None);
/// ```
pub fn parse_number(cell: &str) -> Parsed {
    let folded = fold(cell);
    let (rest, footnote) = take_footnotes(&folded);
    let mut s = rest.trim().to_string();
    let mut out = Parsed {
        footnote,
        ..Parsed::default()
    };
    for (word, b) in [("以下", Bound::AtMost), ("以上", Bound::AtLeast)] {
        if let Some(x) = s.strip_suffix(word) {
            out.bound = Some(b);
            s = x.trim().to_string();
        }
    }
    if s.is_empty() {
        out.empty = out.footnote.is_none() && out.bound.is_none();
        return out;
    }
    if s.chars().all(is_dash) {
        out.dash = true;
        return out;
    }
    let mut chars = s.chars().peekable();
    let mut negative = false;
    if let Some(&c) = chars.peek() {
        if matches!(c, '△' | '▲' | '-' | '−' | '－' | '‐' | '–') {
            negative = true;
            chars.next();
        } else if c == '+' {
            chars.next();
        }
    }
    let body: String = chars.collect();
    let body = body.trim_start();
    // Digits with optional thousands separators (groups of exactly three) and decimals.
    let b: Vec<char> = body.chars().collect();
    let mut i = 0;
    let mut digits = String::new();
    while i < b.len() && b[i].is_ascii_digit() {
        digits.push(b[i]);
        i += 1;
    }
    if digits.is_empty() {
        return out;
    }
    // Thousands groups: `1,234,567`; `1,2` and `1234,567` are not numbers.
    let lead = digits.len();
    while i < b.len() && b[i] == ',' {
        let group: String = b[i + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        if group.len() != 3 || lead > 3 {
            return out;
        }
        digits.push_str(&group);
        i += 1 + group.len();
    }
    if i < b.len() && b[i] == '.' {
        let frac: String = b[i + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        if frac.is_empty() {
            return out;
        }
        digits.push('.');
        digits.push_str(&frac);
        i += 1 + frac.len();
    }
    let tail: String = b[i..].iter().collect();
    let tail = tail.trim();
    if !tail.is_empty() {
        // A short unit (`%`, `人`, `億円`) may follow; anything with digits is not one value.
        let ok = tail.chars().count() <= 4
            && !tail
                .chars()
                .any(|c| c.is_ascii_digit() || c.is_whitespace() || "()[]".contains(c));
        if !ok {
            return out;
        }
        out.unit = Some(tail.to_string());
    }
    let v: Option<f64> = digits.parse().ok();
    out.value = v.map(|x| if negative { -x } else { x });
    out
}

/// A row number: one to three ASCII digits, optionally followed by `.`.
pub fn is_row_number(cell: &str) -> bool {
    let s = fold(cell);
    let s = s.trim().trim_end_matches(['.', ')']);
    !s.is_empty() && s.len() <= 3 && s.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(parse_number("50").value, Some(50.0));
        assert_eq!(parse_number("12,385").value, Some(12385.0));
        assert_eq!(parse_number("1,2").value, None);
        assert_eq!(parse_number("▲3.5").value, Some(-3.5));
        let p = parse_number("71.4%");
        assert_eq!((p.value, p.unit.as_deref()), (Some(71.4), Some("%")));
        let p = parse_number("100 [※]");
        assert_eq!((p.value, p.footnote.as_deref()), (Some(100.0), Some("[※]")));
        let p = parse_number("90.0 以下");
        assert_eq!((p.value, p.bound), (Some(90.0), Some(Bound::AtMost)));
        assert!(parse_number("―").dash);
        assert!(parse_number("").empty);
        assert_eq!(parse_number("継続").value, None);
        assert_eq!(parse_number("R2決算").value, None);
        assert_eq!(parse_number("１，０００").value, Some(1000.0));
    }
}
