//! Dates: every era and Western date in a plan, as structured data.
//!
//! [`find_dates`] reads one line (raw or normalized text: full-width digits, spaces inside
//! `令和 7 年度`, kanji numerals and every tilde or dash are accepted) and returns each date with
//! its byte range; `collect` does it for a whole document, with spans; `issued_and_period`
//! derives `meta.issued` and `meta.period` from the mentions. The era table (元号) is data:
//! `rules/eras.toml`. Conversions that look wrong (an era year past the era's end, a Western
//! year that disagrees with the era year beside it, 2月30日) are kept and flagged with a
//! warning, never dropped and never a panic. What is and is not taken for a date is listed in
//! docs/dates.md.

mod kanji;
mod meta;
mod scan;

pub use kanji::kanji_to_u64;
pub(crate) use meta::issued_and_period;

use crate::model::{DateMention, RangePart, RangeRole, Warning};
use crate::normalize::NormDoc;
pub(crate) use crate::rules::eras::EraRules;
pub(crate) use crate::rules::eras::{CompiledEra, Ymd};

/// A date found in a string: the mention (its `span` left default) and its byte range.
///
/// Both ends of a range are separate `FoundDate`s whose mentions share `range.id` (numbered
/// from 1 in each call), with roles `start` and `end`; an open range has only one of them
/// (`昭和60年～`: its `start`; `～令和5年3月`: its `end`).
#[derive(Debug, Clone, PartialEq)]
pub struct FoundDate {
    /// The date (its `span` left for the caller to set).
    pub mention: DateMention,
    /// Byte offset in the text where the date starts.
    pub start: usize,
    /// Byte offset in the text where the date ends.
    pub end: usize,
}

/// Find the dates in one line of text (raw or normalized).
pub fn find_dates(text: &str, eras: &EraRules) -> (Vec<FoundDate>, Vec<Warning>) {
    let mut found = Vec::new();
    let mut warnings = Vec::new();
    let folded = scan::Folded::new(text);
    let any_digit = folded
        .chars
        .iter()
        .any(|&c| c.is_ascii_digit() || kanji::digit(c).is_some() || c == '元' || c == '十');
    if !any_digit {
        return (found, warnings);
    }
    let words = &eras.words;
    let eras = eras.compiled();
    let (toks, links) = scan::Scanner::new(&folded.chars, &eras, words).scan();
    // Token index → position in `found` (a token whose bytes cannot be sliced is skipped).
    let mut index: Vec<Option<usize>> = Vec::with_capacity(toks.len());
    for t in &toks {
        let (Some(&start), Some(&end)) = (folded.offs.get(t.s), folded.offs.get(t.e)) else {
            index.push(None);
            continue;
        };
        let Some(raw) = text.get(start..end) else {
            index.push(None);
            continue;
        };
        let raw = raw.trim_end();
        let end = start + raw.len();
        let mention = to_mention(t, raw, &eras, &mut warnings);
        index.push(Some(found.len()));
        found.push(FoundDate {
            mention,
            start,
            end,
        });
    }
    let mut next_id = 1;
    for link in links {
        let s = link.start.and_then(|k| index.get(k).copied().flatten());
        let e = link.end.and_then(|k| index.get(k).copied().flatten());
        if s.is_none() && e.is_none() {
            continue;
        }
        if let Some(f) = s.and_then(|s| found.get_mut(s)) {
            f.mention.range = Some(RangePart {
                id: next_id,
                role: RangeRole::Start,
            });
        }
        if let Some(f) = e.and_then(|e| found.get_mut(e)) {
            f.mention.range = Some(RangePart {
                id: next_id,
                role: RangeRole::End,
            });
        }
        if let (Some(s), Some(e)) = (s, e) {
            if let (Some(a), Some(b)) = (
                link.start.and_then(|i| toks.get(i)),
                link.end.and_then(|i| toks.get(i)),
            ) {
                if Ymd::period_start(b) < Ymd::period_start(a) {
                    warnings.push(Warning::new(
                        crate::model::WarningCode::DateRangeReversed,
                        format!(
                            "range {}…{} ends before it starts",
                            found.get(s).map(|f| f.mention.raw.as_str()).unwrap_or(""),
                            found.get(e).map(|f| f.mention.raw.as_str()).unwrap_or("")
                        ),
                        None,
                    ));
                }
            }
        }
        next_id += 1;
    }
    (found, warnings)
}

/// Build the mention of one token and check it.
fn to_mention(
    t: &scan::Tok,
    raw: &str,
    eras: &[CompiledEra],
    warnings: &mut Vec<Warning>,
) -> DateMention {
    let era = t.era.and_then(|k| eras.get(k));
    let mut month = t.month;
    let mut day = t.day;
    if let Some(m) = month {
        if !(1..=12).contains(&m) {
            warnings.push(Warning::new(
                crate::model::WarningCode::DateInvalid,
                format!("{raw}: there is no month {m}; kept as the year only"),
                None,
            ));
            month = None;
            day = None;
        }
    }
    if let (Some(m), Some(d)) = (month, day) {
        if d == 0 || d > scan::days_in_month(t.year, m) {
            warnings.push(Warning::new(
                crate::model::WarningCode::DateInvalid,
                format!(
                    "{raw}: {}-{m:02} has no day {d}; kept as the month only",
                    t.year
                ),
                None,
            ));
            day = None;
        }
    }
    if let (Some(era), Some(n)) = (era, t.era_year) {
        let from_era = era.first.y.saturating_add(n as i32).saturating_sub(1);
        // The Western year written beside the era year (either way round) must agree.
        let written = if t.paired_year.is_some() {
            t.paired_year
        } else if from_era != t.year {
            Some(t.year)
        } else {
            None
        };
        if let Some(w) = written {
            if w != from_era {
                warnings.push(Warning::new(
                    crate::model::WarningCode::DateMismatch,
                    format!(
                        "{raw}: {}{n}年 is {from_era}, but {w} is written beside it",
                        era.name
                    ),
                    None,
                ));
            }
        }
        let checked = scan::Tok {
            month,
            day,
            ..t.clone()
        };
        if let Some(last) = era.last {
            if Ymd::period_start(&checked) > last {
                warnings.push(Warning::new(
                    crate::model::WarningCode::DateEraOverflow,
                    format!(
                        "{raw}: {} ended on {}-{:02}-{:02}; converted as {}",
                        era.name, last.y, last.m, last.d, t.year
                    ),
                    None,
                ));
            }
        }
        if Ymd::period_end(&checked) < era.first {
            warnings.push(Warning::new(
                crate::model::WarningCode::DateBeforeEra,
                format!(
                    "{raw}: {} began on {}-{:02}-{:02}",
                    era.name, era.first.y, era.first.m, era.first.d
                ),
                None,
            ));
        }
    }
    let iso = if t.fiscal {
        format!("FY{}", t.year)
    } else {
        match (month, day) {
            (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", t.year),
            (Some(m), None) => format!("{:04}-{m:02}", t.year),
            _ => format!("{:04}", t.year),
        }
    };
    DateMention {
        raw: raw.to_string(),
        era: era.map(|e| e.name.clone()),
        era_year: t.era_year,
        year: t.year,
        month,
        day,
        fiscal: t.fiscal,
        iso,
        range: None,
        span: Default::default(),
    }
}

/// Find the dates of a whole document, with spans. Range ids are renumbered to be unique in
/// the document (1, 2, … in reading order).
pub(crate) fn collect(doc: &NormDoc, eras: &EraRules) -> (Vec<DateMention>, Vec<Warning>) {
    let mut out = Vec::new();
    let mut warnings = Vec::new();
    let mut next_id: u32 = 0;
    // Dates that a wrap split (`平成27年` / `3月末現在`, `平成` / `27年度`): the whole date goes
    // to the line where it starts; the next line's own mentions up to its end are dropped.
    let mut carried: Option<(usize, usize)> = None;
    for (k, line) in doc.lines.iter().enumerate() {
        let (mut found, w) = find_dates(&line.text, eras);
        if let Some((_, end)) = carried.take().filter(|&(p, _)| p + 1 == k) {
            found.retain(|f| f.start >= end);
        }
        let mut spans = vec![line.span; found.len()];
        if let Some(wr) = doc.lines.get(k + 1).and_then(|next| wrapped(line, next)) {
            let (all, _) = find_dates(&wr.joined, eras);
            if let Some(j) = all.iter().find(|f| f.start < wr.cut && f.end > wr.cut) {
                let start = wr.head_at + j.start;
                let entry = FoundDate {
                    mention: j.mention.clone(),
                    start,
                    end: line.text.len(),
                };
                let span = line.span.to(doc.lines[k + 1].span);
                // The part on this line (if it read as a date at all) gives way to the whole.
                match found.iter().position(|f| f.start == start) {
                    Some(a) => {
                        found[a] = entry;
                        spans[a] = span;
                    }
                    None => {
                        found.push(entry);
                        spans.push(span);
                    }
                }
                carried = Some((k, wr.tail_at + (j.end - wr.cut)));
            }
        }
        let base = next_id;
        for (f, span) in found.into_iter().zip(spans) {
            let mut m = f.mention;
            m.span = span;
            if let Some(r) = &mut m.range {
                r.id = r.id.saturating_add(base);
                next_id = next_id.max(r.id);
            }
            out.push(m);
        }
        for mut w in w {
            w.span = Some(line.span);
            warnings.push(w);
        }
    }
    (out, warnings)
}

/// The end of a line and the start of the next, joined where a date may run over the wrap.
struct Wrap {
    /// The last cell of the line followed by the first cell of the next.
    joined: String,
    /// Where the wrap is in `joined`.
    cut: usize,
    /// Where the last cell starts in the line, and the first cell in the next line.
    head_at: usize,
    tail_at: usize,
}

/// A line that ends in a digit or a date word followed by one that starts with a digit or
/// `年`/`月`/`日`/`度` (table cells next to the wrap are not wrapped text).
fn wrapped(line: &crate::normalize::NormLine, next: &crate::normalize::NormLine) -> Option<Wrap> {
    let a = line.text.trim_end();
    let b = next.text.trim_start();
    if line.furniture || next.furniture || a.is_empty() || b.is_empty() {
        return None;
    }
    let last = a.chars().last()?;
    let first = b.chars().next()?;
    let digitish = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let ends = digitish(last) || (last.is_alphabetic() && !last.is_ascii());
    let starts = digitish(first) || matches!(first, '年' | '月' | '日' | '度' | '元');
    if !ends || !starts {
        return None;
    }
    let head = a.rsplit('\t').next().unwrap_or(a);
    let tail = b.split('\t').next().unwrap_or(b);
    Some(Wrap {
        joined: format!("{head}{tail}"),
        cut: head.len(),
        head_at: a.len() - head.len(),
        tail_at: next.text.len() - b.len(),
    })
}

/// Give each mention of [`collect`] its text as the source writes it (`令和 7 年度` where the
/// normalized line reads `令和7年度`), read through the offset map. Run once the stages that
/// match mentions against the normalized lines (metadata) are done; a mention whose text is
/// not found on its line keeps the normalized text.
pub(crate) fn with_source_text(doc: &NormDoc, mentions: &mut [DateMention]) {
    let mut by_span: std::collections::HashMap<crate::model::Span, usize> =
        std::collections::HashMap::new();
    for (i, l) in doc.lines.iter().enumerate() {
        by_span.entry(l.span).or_insert(i);
    }
    // Per line, where the search for the next mention starts (mentions come in line order).
    let mut cursor: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    for m in mentions {
        let Some(&i) = by_span.get(&m.span) else {
            continue;
        };
        let line = &doc.lines[i];
        let from = cursor.get(&i).copied().unwrap_or(0);
        // Mentions come in order on their line: each search starts past the previous one, so
        // a line is scanned once however many dates it holds.
        let Some(at) = line.text.get(from..).and_then(|t| t.find(&m.raw)) else {
            continue;
        };
        let (s, e) = (from + at, from + at + m.raw.len());
        cursor.insert(i, e);
        if let Some(raw) = doc.raw_text(line, s..e) {
            m.raw = raw;
        }
    }
}
