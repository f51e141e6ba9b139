//! Kanji numerals (漢数字): `七`, `十二`, `二〇二五`, `二千二十五`, `千二百`, `第三次`.
//!
//! Shared by the dates stage (`令和七年`) and the numbering stage (`第三次`, `項目一`).
//!
//! Two ways of writing coexist: positional digits (`二〇二五` = 2025, the way years are often
//! printed vertically) and the multiplicative form with 十/百/千/万 (`二千二十五`). Both are read
//! here; anything else (mixed forms such as `二〇十`, empty input) is not a number.

/// The value of one kanji digit (`〇` and `零` are zero).
pub fn digit(c: char) -> Option<u64> {
    Some(match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// The multiplier of a unit character below 万.
fn small_unit(c: char) -> Option<u64> {
    match c {
        '十' => Some(10),
        '百' => Some(100),
        '千' => Some(1000),
        _ => None,
    }
}

/// True for a character that can be part of a kanji numeral.
pub fn is_numeral(c: char) -> bool {
    digit(c).is_some() || small_unit(c).is_some() || c == '万'
}

/// The value of a kanji numeral: `七` → 7, `十二` → 12, `二〇二五` → 2025, `二千二十五` → 2025.
/// `None` for anything that is not one well-formed numeral.
pub fn kanji_to_u64(s: &str) -> Option<u64> {
    let chars: Vec<char> = s.chars().collect();
    if chars.is_empty() || !chars.iter().all(|&c| is_numeral(c)) {
        return None;
    }
    if chars.iter().all(|&c| digit(c).is_some()) {
        // Positional: every character is a digit.
        let mut v: u64 = 0;
        for &c in &chars {
            v = v.checked_mul(10)?.checked_add(digit(c)?)?;
        }
        return Some(v);
    }
    // Multiplicative: groups of (digit? unit) below 万, optionally followed by 万 and a lower part.
    let mut total: u64 = 0;
    let mut section: u64 = 0;
    let mut pending: Option<u64> = None;
    let mut last_unit: u64 = u64::MAX;
    let mut seen_man = false;
    for &c in &chars {
        if let Some(d) = digit(c) {
            if pending.is_some() {
                return None; // two digits in a row inside a multiplicative numeral
            }
            pending = Some(d);
        } else if let Some(u) = small_unit(c) {
            if u >= last_unit {
                return None; // units must decrease: 十百 is not a numeral
            }
            let d = pending.take().unwrap_or(1);
            if d == 0 {
                return None;
            }
            section = section.checked_add(d.checked_mul(u)?)?;
            last_unit = u;
        } else if c == '万' {
            if seen_man {
                return None;
            }
            seen_man = true;
            let low = section.checked_add(pending.take().unwrap_or(0))?;
            let low = if low == 0 { 1 } else { low };
            total = total.checked_add(low.checked_mul(10_000)?)?;
            section = 0;
            last_unit = u64::MAX;
        }
    }
    total = total
        .checked_add(section)?
        .checked_add(pending.unwrap_or(0))?;
    Some(total)
}

#[cfg(test)]
mod tests {
    use super::kanji_to_u64;

    #[test]
    fn reads_both_forms() {
        for (s, v) in [
            ("七", 7),
            ("十", 10),
            ("十二", 12),
            ("二十", 20),
            ("三十一", 31),
            ("六十四", 64),
            ("百", 100),
            ("二〇二五", 2025),
            ("一九八九", 1989),
            ("二千二十五", 2025),
            ("千九百八十九", 1989),
            ("二千", 2000),
            ("一万二千", 12000),
            ("〇", 0),
        ] {
            assert_eq!(kanji_to_u64(s), Some(v), "{s}");
        }
    }

    #[test]
    fn rejects_malformed() {
        for s in [
            "",
            "二〇十",
            "十百",
            "七七十",
            "年",
            "12",
            "二十五年",
            "〇十",
        ] {
            assert_eq!(kanji_to_u64(s), None, "{s}");
        }
    }
}
