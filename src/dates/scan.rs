//! The date scanner: finds date tokens in one line and joins them into ranges.
//!
//! The line is first folded character by character (full-width digits and letters to ASCII,
//! Kangxi radicals `⽉ ⽇` to `月 日`, every tilde to `~`, every dash to `-`, ideographic space to
//! a space) while remembering each character's byte offset in the input, so the scanner works
//! the same on raw and on normalized text and every match maps back to the input bytes.
//! A hand-written recursive-descent parser then reads the forms of DOMAIN.md (Dates); see the
//! docs/dates.md for the forms and the decisions taken on ambiguous ones.
//!
//! The digits and counters of dates (`年 月 日 度 元`, `年間`/`年代` after a year, `から`) are grammar and
//! stay in code; the words beside a date (`当初`, `末`, `現在`) are `eras.toml`'s `[words]`, dashes and
//! waves are `lexical::chars` classes.

use unicode_normalization::UnicodeNormalization;

use super::kanji;
use super::{CompiledEra, Ymd};
use crate::lexical::chars::{is_dash, is_han, is_wave};
use crate::rules::DateWords;

/// A line folded for matching, with the byte offset of each character in the input.
pub(crate) struct Folded {
    pub chars: Vec<char>,
    /// `offs[i]` is the input byte offset of `chars[i]`; `offs[chars.len()]` is the input length.
    pub offs: Vec<usize>,
}

impl Folded {
    pub fn new(text: &str) -> Folded {
        let mut chars = Vec::with_capacity(text.len());
        let mut offs = Vec::with_capacity(text.len() + 1);
        for (i, c) in text.char_indices() {
            chars.push(fold_char(c));
            offs.push(i);
        }
        offs.push(text.len());
        Folded { chars, offs }
    }
}

/// One character folded for matching (always one character, so offsets stay aligned).
fn fold_char(c: char) -> char {
    match c {
        '\u{3000}' | '\u{00A0}' | '\u{2002}'..='\u{200B}' => ' ',
        c if is_wave(c) => '~',
        c if is_dash(c) => '-',
        '○' => '〇',
        // Full-width and half-width forms and Kangxi radicals (PDF text gives `⽉` for `月`).
        '\u{FF01}'..='\u{FFEF}' | '\u{2F00}'..='\u{2FDF}' | '\u{2E80}'..='\u{2EFF}' => {
            let mut it = std::iter::once(c).nfkc();
            match (it.next(), it.next()) {
                (Some(f), None) => f,
                _ => c,
            }
        }
        _ => c,
    }
}

/// Where in its period a date points (`令和5年度末`: the end of FY2023).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Point {
    Start,
    End,
}

/// One date as read, before it becomes a `DateMention`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Tok {
    /// Char range in the folded line.
    pub s: usize,
    pub e: usize,
    /// Index into the compiled eras, and the era year, when an era was written.
    pub era: Option<usize>,
    pub era_year: Option<u32>,
    /// Western year computed (from the era, or as written).
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
    pub fiscal: bool,
    pub point: Option<Point>,
    /// A Western year written beside an era year (`令和8年（2026年）`).
    pub paired_year: Option<i32>,
    /// A Latin-letter era without 年 (`R7`): kept only in a context that makes it a year.
    pub bare: bool,
}

/// A range link between two tokens (indices into the token list); one side is missing for
/// an open range (`昭和60年～`: no end; `～令和5年3月`: no start).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Link {
    pub start: Option<usize>,
    pub end: Option<usize>,
}

/// Parser state over a folded line.
pub(crate) struct Scanner<'a> {
    c: &'a [char],
    eras: &'a [CompiledEra],
    words: &'a DateWords,
}

/// The Western years accepted as written (a bare 4-digit number outside is not a year).
const WESTERN_YEARS: std::ops::RangeInclusive<u64> = 1800..=2199;

impl<'a> Scanner<'a> {
    pub fn new(chars: &'a [char], eras: &'a [CompiledEra], words: &'a DateWords) -> Self {
        Scanner {
            c: chars,
            eras,
            words,
        }
    }

    fn at(&self, i: usize) -> Option<char> {
        self.c.get(i).copied()
    }

    fn is(&self, i: usize, ch: char) -> bool {
        self.at(i) == Some(ch)
    }

    fn starts(&self, i: usize, s: &str) -> bool {
        (i..).zip(s.chars()).all(|(j, ch)| self.is(j, ch))
    }

    fn skip_sp(&self, mut i: usize) -> usize {
        while self.is(i, ' ') {
            i += 1;
        }
        i
    }

    fn prev(&self, i: usize) -> Option<char> {
        i.checked_sub(1).and_then(|j| self.at(j))
    }

    /// ASCII digits at `i`: (value, end). A run longer than `max` digits is no number here
    /// (`12025` is not a year).
    fn ascii_num(&self, i: usize, max: usize) -> Option<(u64, usize)> {
        let mut j = i;
        let mut v: u64 = 0;
        while let Some(d) = self.at(j).and_then(|c| c.to_digit(10)) {
            v = v.checked_mul(10)?.checked_add(u64::from(d))?;
            j += 1;
            if j - i > max {
                return None;
            }
        }
        (j > i).then_some((v, j))
    }

    /// A kanji numeral run at `i` (at most 8 characters): (value, end).
    fn kanji_num(&self, i: usize) -> Option<(u64, usize)> {
        let mut j = i;
        while self.at(j).is_some_and(kanji::is_numeral) && j - i < 8 {
            j += 1;
        }
        if j == i || self.at(j).is_some_and(kanji::is_numeral) {
            return None;
        }
        let s: String = self.c.get(i..j)?.iter().collect();
        kanji::kanji_to_u64(&s).map(|v| (v, j))
    }

    /// A small number (era year, month, day): 1–2 ASCII digits or a kanji numeral.
    fn small_num(&self, i: usize) -> Option<(u64, usize)> {
        if self.at(i).is_some_and(|c| c.is_ascii_digit()) {
            self.ascii_num(i, 2)
        } else {
            self.kanji_num(i).filter(|(v, _)| *v < 100)
        }
    }

    /// A Western year at `i`: exactly four ASCII digits or a kanji numeral, within range.
    fn western_year(&self, i: usize) -> Option<(u64, usize)> {
        let (v, e) = if self.at(i).is_some_and(|c| c.is_ascii_digit()) {
            let (v, e) = self.ascii_num(i, 4)?;
            if e - i != 4 {
                return None;
            }
            (v, e)
        } else {
            self.kanji_num(i)?
        };
        WESTERN_YEARS.contains(&v).then_some((v, e))
    }

    /// An era written at `i`: (era index, end, written as a Latin letter).
    fn era_at(&self, i: usize) -> Option<(usize, usize, bool)> {
        for (k, era) in self.eras.iter().enumerate() {
            for lig in &era.ligatures {
                if self.starts(i, lig) {
                    return Some((k, i + lig.chars().count(), false));
                }
            }
            // The name, letter-spaced or not (`昭 和 61 年` from justified PDF lines).
            let mut j = i;
            let mut ok = true;
            for (n, ch) in era.name.chars().enumerate() {
                if n > 0 {
                    j = self.skip_sp(j);
                }
                if !self.is(j, ch) {
                    ok = false;
                    break;
                }
                j += 1;
            }
            if ok && !era.name.is_empty() {
                return Some((k, j, false));
            }
        }
        // A Latin letter (R7, H30, and h29 before 年): not inside an ASCII word or code (HR7, R&D).
        let ch = self.at(i)?;
        let k = self
            .eras
            .iter()
            .position(|e| e.abbrev == Some(ch.to_ascii_uppercase()))?;
        if self
            .prev(i)
            .is_some_and(|p| p.is_ascii_alphanumeric() || matches!(p, '&' | '_' | '\'' | '@'))
        {
            return None;
        }
        Some((k, i + 1, true))
    }

    /// `(2026年)`, `(2020)`, `(2020年度)` at `i`: (year, end).
    fn paren_western(&self, i: usize) -> Option<(i32, usize)> {
        if !self.is(i, '(') {
            return None;
        }
        let j = self.skip_sp(i + 1);
        let (w, mut j) = self.western_year(j)?;
        j = self.skip_sp(j);
        if self.is(j, '年') {
            j = self.skip_sp(j + 1);
            if self.is(j, '度') {
                j = self.skip_sp(j + 1);
            }
        }
        if !self.is(j, ')') {
            return None;
        }
        Some((i32::try_from(w).ok()?, j + 1))
    }

    /// `(令和8年)` after a Western year: (era, era year, end).
    fn paren_era(&self, i: usize) -> Option<(usize, u32, usize)> {
        if !self.is(i, '(') {
            return None;
        }
        let j = self.skip_sp(i + 1);
        let (era, j, letter) = self.era_at(j)?;
        let (n, j) = self.era_number(self.skip_sp(j), letter)?;
        let mut j = self.skip_sp(j);
        if self.is(j, '年') {
            j = self.skip_sp(j + 1);
            if self.is(j, '度') {
                j = self.skip_sp(j + 1);
            }
        }
        if !self.is(j, ')') {
            return None;
        }
        Some((era, n, j + 1))
    }

    /// The number after an era: `元`, 1–2 digits, or (after an era name) a kanji numeral.
    fn era_number(&self, i: usize, letter: bool) -> Option<(u32, usize)> {
        if self.is(i, '元') {
            return Some((1, i + 1));
        }
        let (v, e) = if letter {
            self.ascii_num(i, 2)?
        } else {
            self.small_num(i)?
        };
        if v == 0 {
            return None;
        }
        Some((u32::try_from(v).ok()?, e))
    }

    /// After `年` or `年度` at `p`: paired Western year, month and day, and a point (末, 当初).
    fn finish(&self, mut t: Tok, mut p: usize) -> Tok {
        if t.paired_year.is_none() {
            let q = self.skip_sp(p);
            if let Some((w, e)) = self.paren_western(q) {
                t.paired_year = Some(w);
                p = e;
                // 平成30年(2018年)度: a fiscal year written around the bracket.
                let d = self.skip_sp(p);
                if !t.fiscal && self.is(d, '度') {
                    t.fiscal = true;
                    p = d + 1;
                }
            }
        }
        if !t.fiscal {
            let q = self.skip_sp(p);
            if let Some((m, e)) = self.small_num(q) {
                let r = self.skip_sp(e);
                if self.is(r, '月') {
                    t.month = u32::try_from(m).ok();
                    p = r + 1;
                    let q = self.skip_sp(p);
                    if let Some((d, e)) = self.small_num(q) {
                        let r = self.skip_sp(e);
                        if self.is(r, '日') {
                            t.day = u32::try_from(d).ok();
                            p = r + 1;
                        }
                    }
                }
            }
        }
        let (point, e) = self.point(p);
        t.point = point;
        t.e = e;
        t
    }

    /// A period point right after a date: `end_words` (`末`), `start_words` (`当初`, `初め`).
    fn point(&self, p: usize) -> (Option<Point>, usize) {
        let q = self.skip_sp(p);
        for (words, point) in [
            (&self.words.end_words, Point::End),
            (&self.words.start_words, Point::Start),
        ] {
            for s in words.iter().filter(|s| !s.is_empty()) {
                if self.starts(q, s) {
                    return (Some(point), q + s.chars().count());
                }
            }
        }
        (None, p)
    }

    /// The year of an era year, as a Western year.
    fn era_year_to_western(&self, era: usize, n: u32) -> Option<i32> {
        let e = self.eras.get(era)?;
        e.first
            .y
            .checked_add(i32::try_from(n).ok()?)?
            .checked_sub(1)
    }

    fn new_tok(&self, s: usize, era: Option<usize>, era_year: Option<u32>, year: i32) -> Tok {
        Tok {
            s,
            e: s,
            era,
            era_year,
            year,
            month: None,
            day: None,
            fiscal: false,
            point: None,
            paired_year: None,
            bare: false,
        }
    }

    /// `年` then an optional `度` at `q`: (fiscal, end), or None when no `年`.
    fn nen(&self, q: usize) -> Option<(bool, usize)> {
        if !self.is(q, '年') {
            return None;
        }
        // 年間 is a duration (3年間), 年代 a decade (1980年代), 年前 a time ago (2000年前):
        // none of them is a date (but 2025年前半 is).
        if self.is(q + 1, '間')
            || self.is(q + 1, '代')
            || (self.is(q + 1, '前') && !self.is(q + 2, '半'))
        {
            return None;
        }
        let r = self.skip_sp(q + 1);
        if self.is(r, '度') {
            Some((true, r + 1))
        } else {
            Some((false, q + 1))
        }
    }

    /// A range separator at `q`: its end. `から` joins only when a date follows.
    fn separator(&self, q: usize) -> Option<(usize, bool)> {
        match self.at(q)? {
            '~' => Some((q + 1, true)),
            '-' => Some((q + 1, false)),
            _ if self.starts(q, "から") => Some((q + 2, false)),
            _ => None,
        }
    }

    /// A date written with an era at `i` (one token, or two for `令和7～11年度`).
    fn parse_era(&self, i: usize) -> Option<Vec<Tok>> {
        let (era, p0, letter) = self.era_at(i)?;
        let lower = letter && self.at(i).is_some_and(|c| c.is_ascii_lowercase());
        let q = self.skip_sp(p0);
        let spaced = q != p0;
        let (mut n, mut pn) = self.era_number(q, letter)?;
        // `平 成 1 7 年`: the digits of a letter-spaced line are spaced too.
        if spaced && !letter && n < 10 {
            let d = self.skip_sp(pn);
            let digit = self.at(d).filter(|c| c.is_ascii_digit());
            if let Some(c) = digit.filter(|_| d > pn) {
                let single = !self.at(d + 1).is_some_and(|x| x.is_ascii_digit());
                if single && self.is(self.skip_sp(d + 1), '年') {
                    n = n * 10 + c.to_digit(10).unwrap_or(0);
                    pn = d + 1;
                }
            }
        }
        let year = self.era_year_to_western(era, n)?;
        let mut t = self.new_tok(i, Some(era), Some(n), year);
        // `令和12(2030)年`: the Western year between the number and 年.
        let mut p = pn;
        let q = self.skip_sp(pn);
        if let Some((w, e)) = self.paren_western(q) {
            if self.is(self.skip_sp(e), '年') {
                t.paired_year = Some(w);
                p = e;
            }
        }
        let q = self.skip_sp(p);
        if let Some((fiscal, e)) = self.nen(q) {
            t.fiscal = fiscal;
            return Some(vec![self.finish(t, e)]);
        }
        if self.is(q, '年') {
            return None; // 年間, 年代: refused by nen
        }
        // A lower-case letter era is a date only before 年 (`h29年`).
        if lower {
            return None;
        }
        // Dotted forms: 令和7.4.1, R7.4.1 (a letter era needs the day, R7.4 is too ambiguous).
        if let Some(sep @ ('.' | '/')) = self.at(pn) {
            if let Some((m, e)) = self.small_num(pn + 1) {
                let mut t2 = t.clone();
                t2.month = u32::try_from(m).ok();
                t2.e = e;
                let mut ok = !letter;
                // `H27.3月末現在`, `H26.3 現在`: a month the text names as one.
                let q = self.skip_sp(e);
                if self.is(e, '月') {
                    t2.e = e + 1;
                    ok = true;
                } else if self
                    .words
                    .as_of_words
                    .iter()
                    .any(|w| !w.is_empty() && self.starts(q, w))
                {
                    ok = true;
                }
                if self.is(e, sep) {
                    if let Some((d, e2)) = self.small_num(e + 1) {
                        t2.day = u32::try_from(d).ok();
                        t2.e = e2;
                        ok = true;
                    }
                }
                let after = self.at(t2.e);
                if ok
                    && (1..=12).contains(&m)
                    && !after.is_some_and(|c| c.is_ascii_alphanumeric() || c == '.' || c == '/')
                {
                    return Some(vec![t2]);
                }
            }
            return None;
        }
        // 令和7～11年度, R7～R11年度, 平成28～令和2年度: the first end has no 年.
        if !spaced || !letter {
            let q = self.skip_sp(pn);
            if let Some((r, _)) = self.separator(q) {
                let r = self.skip_sp(r);
                let (era2, r2, letter2) = match self.era_at(r) {
                    Some((k, e, l)) => (k, self.skip_sp(e), l),
                    None => (era, r, letter),
                };
                if let Some((n2, e2)) = self.era_number(r2, letter2) {
                    let q2 = self.skip_sp(e2);
                    if let Some((fiscal, e3)) = self.nen(q2) {
                        if let Some(y2) = self.era_year_to_western(era2, n2) {
                            let mut second = self.new_tok(r, Some(era2), Some(n2), y2);
                            second.fiscal = fiscal;
                            let second = self.finish(second, e3);
                            t.fiscal = fiscal;
                            t.e = pn;
                            return Some(vec![t, second]);
                        }
                    }
                }
            }
        }
        // A bare letter era (R7, H30) standing alone as a token: a year.
        if letter && !spaced {
            let next = self.at(pn);
            let ok = match next {
                None => true,
                Some('-') => {
                    // R6-R7 joins two years; R7-36 is a code (登録番号).
                    self.at(pn + 1).is_some_and(|c| c.is_ascii_uppercase())
                        && self.at(pn + 2).is_some_and(|c| c.is_ascii_digit())
                }
                Some(c) => {
                    !(c.is_ascii_alphanumeric()
                        || matches!(c, '.' | '/' | '&' | '_' | ',' | ':' | '%' | '+' | '#')
                        || kanji::is_numeral(c))
                }
            };
            if ok {
                t.e = pn;
                t.bare = true;
                return Some(vec![t]);
            }
        }
        None
    }

    /// A Western date at `i`: `2025年`, `２０２１年度`, `二〇二五年`, `2025/12/1`, `2021～2023年度`.
    fn parse_western(&self, i: usize) -> Option<Vec<Tok>> {
        let c0 = self.at(i)?;
        let kanji_start = kanji::is_numeral(c0);
        // Inside a longer number (12025, 2,025, 0.2025) or a kanji numeral: not a year.
        if let Some(p) = self.prev(i) {
            if p.is_ascii_digit() || p == ',' {
                return None;
            }
            if p == '.' && self.prev(i - 1).is_some_and(|c| c.is_ascii_digit()) {
                return None;
            }
            if kanji_start && kanji::is_numeral(p) {
                return None;
            }
        }
        let (w, p) = self.western_year(i)?;
        let year = i32::try_from(w).ok()?;
        let mut t = self.new_tok(i, None, None, year);
        let q = self.skip_sp(p);
        if let Some((fiscal, e)) = self.nen(q) {
            t.fiscal = fiscal;
            // 2026年（令和8年）: an era written beside the Western year.
            let mut e = e;
            let r = self.skip_sp(e);
            if let Some((era, n, e2)) = self.paren_era(r) {
                t.era = Some(era);
                t.era_year = Some(n);
                e = e2;
                // 2018年(平成30年)度: the 度 after the bracket makes it a fiscal year.
                let d = self.skip_sp(e);
                if !t.fiscal && self.is(d, '度') {
                    t.fiscal = true;
                    e = d + 1;
                }
            }
            return Some(vec![self.finish(t, e)]);
        }
        if kanji_start {
            return None;
        }
        // Numeric forms: 2025/12/1, 2025/12, 2025.12.1, 2025-12-01.
        if let Some(sep @ ('/' | '.' | '-')) = self.at(p) {
            let digits = |j: usize| self.ascii_num(j, 2);
            if let Some((m, e)) = digits(p + 1) {
                let mut t2 = t.clone();
                t2.month = u32::try_from(m).ok();
                t2.e = e;
                let mut parts = 2;
                if self.is(e, sep) {
                    if let Some((d, e2)) = digits(e + 1) {
                        t2.day = u32::try_from(d).ok();
                        t2.e = e2;
                        parts = 3;
                    }
                }
                let strict_ok = sep != '-' || (e - (p + 1) == 2 && t2.e - e == 3);
                let after = self.at(t2.e);
                let clean_end = !after.is_some_and(|c| {
                    c.is_ascii_alphanumeric() || c == sep || c == '.' || c == ',' || c == '/'
                });
                let enough = match sep {
                    '/' => parts >= 2,
                    _ => parts == 3,
                };
                if (1..=12).contains(&m) && strict_ok && clean_end && enough {
                    return Some(vec![t2]);
                }
            }
        }
        // 2021～2023年度: the first end has no 年.
        let q = self.skip_sp(p);
        if let Some((r, _)) = self.separator(q) {
            let r = self.skip_sp(r);
            if let Some((w2, e2)) = self.western_year(r) {
                if let Some((fiscal, e3)) = self.nen(self.skip_sp(e2)) {
                    let mut second = self.new_tok(r, None, None, i32::try_from(w2).ok()?);
                    second.fiscal = fiscal;
                    let second = self.finish(second, e3);
                    t.fiscal = fiscal;
                    t.e = p;
                    return Some(vec![t, second]);
                }
            }
        }
        None
    }

    /// Any date starting at `i`.
    fn parse_at(&self, i: usize) -> Option<Vec<Tok>> {
        let c = self.at(i)?;
        if c.is_ascii_digit() || kanji::is_numeral(c) {
            if let Some(t) = self.parse_western(i) {
                return Some(t);
            }
        }
        self.parse_era(i)
    }

    /// The second end of a range written short after `first`: `11年度` (era kept), `9月` (year kept).
    fn continuation(&self, r: usize, first: &Tok) -> Option<Tok> {
        if let (Some(era), Some(_)) = (first.era, first.era_year) {
            if let Some((n, e)) = self.era_number(r, false) {
                let q = self.skip_sp(e);
                if let Some((fiscal, e2)) = self.nen(q) {
                    let y = self.era_year_to_western(era, n)?;
                    let mut t = self.new_tok(r, Some(era), Some(n), y);
                    t.fiscal = fiscal;
                    return Some(self.finish(t, e2));
                }
            }
        }
        if first.month.is_some() && !first.fiscal {
            let (m, e) = self.small_num(r)?;
            let q = self.skip_sp(e);
            if self.is(q, '月') {
                let mut t = self.new_tok(r, first.era, first.era_year, first.year);
                t.month = u32::try_from(m).ok();
                let mut p = q + 1;
                let q = self.skip_sp(p);
                if let Some((d, e)) = self.small_num(q) {
                    let r2 = self.skip_sp(e);
                    if self.is(r2, '日') {
                        t.day = u32::try_from(d).ok();
                        p = r2 + 1;
                    }
                }
                let (point, e) = self.point(p);
                t.point = point;
                t.e = e;
                return Some(t);
            }
        }
        None
    }

    /// True when a tilde opens a range with no start before the date at `i` (`～令和5年3月`,
    /// `（～R7年度）`): only spaces between, and before the tilde only the line start, a cell
    /// boundary, an opening bracket or a colon.
    fn opens_with_tilde(&self, i: usize) -> bool {
        let mut j = i;
        while j > 0 && self.is(j - 1, ' ') {
            j -= 1;
        }
        let Some(t) = j.checked_sub(1) else {
            return false;
        };
        if !self.is(t, '~') {
            return false;
        }
        let mut k = t;
        while k > 0 && self.is(k - 1, ' ') {
            k -= 1;
        }
        matches!(
            self.prev(k),
            None | Some('\t' | '(' | '【' | '「' | '[' | ':' | '、')
        )
    }

    /// Every date token of the line, with the range links between them.
    pub fn scan(&self) -> (Vec<Tok>, Vec<Link>) {
        let mut toks: Vec<Tok> = Vec::new();
        let mut links = Vec::new();
        let n = self.c.len();
        let mut i = 0;
        while i < n {
            let Some(found) = self.parse_at(i) else {
                i += 1;
                continue;
            };
            let first_idx = toks.len();
            let pair = found.len() == 2;
            let mut end = i + 1;
            for t in found {
                end = end.max(t.e);
                toks.push(t);
            }
            if pair {
                links.push(Link {
                    start: Some(first_idx),
                    end: Some(first_idx + 1),
                });
                i = end;
                continue;
            }
            // `～令和5年3月` (until): a tilde before the date and nothing before the tilde.
            if self.opens_with_tilde(i) {
                links.push(Link {
                    start: None,
                    end: Some(first_idx),
                });
                i = end;
                continue;
            }
            // A separator after the date: a range to the next date, or an open end.
            let first = toks.get(first_idx).cloned();
            i = end;
            let Some(first) = first else { continue };
            let q = self.skip_sp(end);
            let Some((r, tilde)) = self.separator(q) else {
                // `令和元年度・2年度`: a second fiscal year of the same era, in a list.
                if first.fiscal && first.month.is_none() && (self.is(q, '・') || self.is(q, '、'))
                {
                    let r = self.skip_sp(q + 1);
                    if self.parse_at(r).is_none() {
                        if let Some(second) = self.continuation(r, &first).filter(|t| t.fiscal) {
                            i = second.e.max(r + 1);
                            toks.push(second);
                        }
                    }
                }
                continue;
            };
            let r = self.skip_sp(r);
            let second = match self.parse_at(r) {
                Some(v) if v.len() == 1 => v.into_iter().next(),
                Some(_) => None,
                None => self.continuation(r, &first),
            };
            if let Some(second) = second {
                i = second.e.max(r + 1);
                toks.push(second);
                links.push(Link {
                    start: Some(first_idx),
                    end: Some(first_idx + 1),
                });
            } else if tilde
                && (r >= n
                    || self.at(r).is_some_and(|c| {
                        matches!(c, '\t' | ')' | '）' | '】' | '」' | '、' | '。')
                    }))
            {
                links.push(Link {
                    start: Some(first_idx),
                    end: None,
                });
                i = r;
            }
        }
        self.drop_lone_bare(toks, links)
    }

    /// Keep a bare letter-era token (`R7`) only where it reads as a year: an end of a range
    /// (`H27～R2`), a table cell of its own, before a kanji (`R2決算`, `R4見込み`), or in a list
    /// of such tokens (`R7、R8`). Elsewhere (`水素(H2)`, `M3ネジ`) it is not a date.
    fn drop_lone_bare(&self, toks: Vec<Tok>, links: Vec<Link>) -> (Vec<Tok>, Vec<Link>) {
        let linked = |k: usize| links.iter().any(|l| l.start == Some(k) || l.end == Some(k));
        let cell_edge = |c: Option<char>| c.is_none() || c == Some('\t');
        let listed = |a: &Tok, b: &Tok| {
            a.bare
                && b.bare
                && self
                    .c
                    .get(a.e..b.s)
                    .is_some_and(|g| g.iter().all(|c| matches!(c, '、' | ',' | '・' | '/' | ' ')))
        };
        let keep: Vec<bool> = toks
            .iter()
            .enumerate()
            .map(|(k, t)| {
                if !t.bare || linked(k) {
                    return true;
                }
                let mut before = t.s;
                while before > 0 && self.is(before - 1, ' ') {
                    before -= 1;
                }
                let after = self.skip_sp(t.e);
                let cell = cell_edge(self.prev(before)) && cell_edge(self.at(after));
                let kanji_next = self.at(t.e).is_some_and(is_han);
                let in_list = (k > 0 && toks.get(k - 1).is_some_and(|p| listed(p, t)))
                    || toks.get(k + 1).is_some_and(|n| listed(t, n));
                cell || kanji_next || in_list
            })
            .collect();
        if keep.iter().all(|&k| k) {
            return (toks, links);
        }
        let mut index = Vec::with_capacity(toks.len());
        let mut out = Vec::new();
        for (t, k) in toks.into_iter().zip(&keep) {
            index.push(out.len());
            if *k {
                out.push(t);
            }
        }
        let links = links
            .into_iter()
            .filter_map(|l| {
                Some(Link {
                    start: match l.start {
                        Some(b) => Some(*index.get(b)?),
                        None => None,
                    },
                    end: match l.end {
                        Some(e) => Some(*index.get(e)?),
                        None => None,
                    },
                })
            })
            .collect();
        (out, links)
    }
}

/// Days in a month of the Gregorian calendar.
pub(crate) use crate::rules::eras::days_in_month;

impl Ymd {
    /// The first day of the period a token names (year, month or day).
    pub(crate) fn period_start(t: &Tok) -> Ymd {
        if t.fiscal {
            return Ymd {
                y: t.year,
                m: 4,
                d: 1,
            };
        }
        Ymd {
            y: t.year,
            m: t.month.unwrap_or(1),
            d: t.day.unwrap_or(1),
        }
    }

    /// The last day of the period a token names.
    pub(crate) fn period_end(t: &Tok) -> Ymd {
        if t.fiscal {
            return Ymd {
                y: t.year.saturating_add(1),
                m: 3,
                d: 31,
            };
        }
        let m = t.month.unwrap_or(12);
        Ymd {
            y: t.year,
            m,
            d: t.day.unwrap_or_else(|| days_in_month(t.year, m)),
        }
    }
}
