//! Document dates for `meta`: the date of issue (発行) and the plan period (計画期間).
//!
//! Issued: the date standing alone on a line of the title page (`令和7年12月`,
//! `令和3年8月24日時点`), else a colophon line (`令和7年12月発行`). Period: a range of years on
//! the title page (`令和7年度～令和11年度`), else a range introduced by a period word
//! (`計画期間は、令和7年度から令和11年度まで`, `計画期間：2021年度～2023年度`), else the first range
//! of years in the lines under a heading that ends in 期間 (`５ 改革の推進期間`). A start with a
//! length (`令和7年度から5年間`) counts as a range. Without any of these the field stays null:
//! a plan period of another plan mentioned in passing is not this document's.
//!
//! Words are `eras.toml`'s `[words]` (colophon verbs, counts of years); the forms of a period
//! sentence (`期間`, `から`, `とし`/`です`) and sentence punctuation stay here as grammar.

use std::collections::BTreeMap;

use crate::model::{DateMention, Period, RangeRole, Span};
use crate::normalize::NormDoc;
use crate::rules::DateWords;

/// At most this many non-blank lines make up the title page.
const TITLE_LINES: usize = 15;
/// A title-page line longer than this (in non-space characters) is body text.
const TITLE_LINE_MAX: usize = 60;
/// After a 期間 heading, look this many non-blank lines ahead for the range.
const HEADING_REACH: usize = 6;

/// `meta.issued` (ISO date) and `meta.period` derived from the document's date mentions.
pub fn issued_and_period(
    doc: &NormDoc,
    mentions: &[DateMention],
    words: &DateWords,
) -> (Option<String>, Option<Period>) {
    let mut by_line: BTreeMap<Span, Vec<&DateMention>> = BTreeMap::new();
    for m in mentions {
        by_line.entry(m.span).or_default().push(m);
    }
    let lines: Vec<(&str, &[&DateMention])> = doc
        .lines
        .iter()
        .filter(|l| !l.furniture && !l.text.trim().is_empty())
        .map(|l| {
            (
                l.text.as_str(),
                by_line.get(&l.span).map(|v| v.as_slice()).unwrap_or(&[]),
            )
        })
        .collect();
    let title_end = title_page_end(&lines);
    let title = lines.get(..title_end).unwrap_or(&[]);

    let issued = title
        .iter()
        .find_map(|(text, ms)| issue_date(text, ms, &[]))
        .or_else(|| {
            lines
                .iter()
                .rev()
                .find_map(|(text, ms)| issue_date(text, ms, &words.colophon_verbs))
        });

    let period = title
        .iter()
        .find_map(|(text, ms)| year_range(text, ms, None, words))
        .or_else(|| body_period(&lines, words));
    (issued, period)
}

/// How many lines the title page has: it ends at the table of contents or the first sentence.
fn title_page_end(lines: &[(&str, &[&DateMention])]) -> usize {
    for (i, (text, _)) in lines.iter().enumerate() {
        let len = text.chars().filter(|c| !c.is_whitespace()).count();
        if i >= TITLE_LINES || text.contains('。') || text.contains("目次") || len > TITLE_LINE_MAX
        {
            return i;
        }
    }
    lines.len().min(TITLE_LINES)
}

/// A line that is a date of issue: one dated mention (month at least, not a fiscal year, not
/// part of a range) and, besides it, only a few characters such as 時点, 発行 or brackets.
/// With `needs` non-empty, the line must also contain one of those words.
fn issue_date(text: &str, ms: &[&DateMention], needs: &[String]) -> Option<String> {
    if !needs.is_empty() && !needs.iter().any(|w| text.contains(w.as_str())) {
        return None;
    }
    let m = ms
        .iter()
        .find(|m| !m.fiscal && m.month.is_some() && m.range.is_none())?;
    let rest: String = text.replacen(&m.raw, "", 1);
    let rest_len = rest.chars().filter(|c| !c.is_whitespace()).count();
    (rest_len <= 8 && !rest.contains('。')).then(|| m.iso.clone())
}

/// The first range of years (no month) in a line whose start is at or after byte `after`.
fn year_range(
    text: &str,
    ms: &[&DateMention],
    after: Option<usize>,
    words: &DateWords,
) -> Option<Period> {
    let mut pos = 0usize;
    let mut starts: Vec<(usize, &DateMention)> = Vec::new();
    for m in ms {
        let at = text
            .get(pos..)
            .and_then(|t| t.find(&m.raw))
            .map(|p| p + pos);
        if let Some(at) = at {
            pos = at + m.raw.len();
            starts.push((at, m));
        }
    }
    for (k, (at, m)) in starts.iter().enumerate() {
        if after.is_some_and(|a| *at < a) || m.month.is_some() {
            continue;
        }
        let Some(r) = &m.range else {
            // 令和7年度から5年間: a start and a length.
            if m.fiscal {
                if let Some(n) = years_after(text.get(at + m.raw.len()..).unwrap_or(""), words) {
                    return Some(Period {
                        start_fy: m.year,
                        end_fy: m.year.checked_add(n)?.checked_sub(1),
                    });
                }
            }
            continue;
        };
        if r.role != RangeRole::Start {
            continue;
        }
        let end = starts
            .get(k + 1..)
            .unwrap_or(&[])
            .iter()
            .map(|(_, e)| e)
            .find(|e| e.range.as_ref().is_some_and(|x| x.id == r.id));
        match end {
            Some(e) if e.month.is_none() && e.year >= m.year => {
                return Some(Period {
                    start_fy: m.year,
                    end_fy: Some(e.year),
                })
            }
            Some(_) => continue,
            None => {
                return Some(Period {
                    start_fy: m.year,
                    end_fy: None,
                })
            }
        }
    }
    None
}

/// `から5年間`, `からの3か年`: the number of years of a period given by its length.
fn years_after(s: &str, words: &DateWords) -> Option<i32> {
    let s = s.trim_start();
    let s = s.strip_prefix("から")?.trim_start();
    let s = s.strip_prefix('の').unwrap_or(s).trim_start();
    let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
    let n: i32 = digits.parse().ok()?;
    let rest = s.get(digits.len()..)?.trim_start();
    let unit = &words.year_count_units;
    (unit.iter().any(|u| rest.starts_with(u.as_str())) && (1..=50).contains(&n)).then_some(n)
}

/// The period stated in the body: after a period word on the same line, or under a 期間 heading.
fn body_period(lines: &[(&str, &[&DateMention])], words: &DateWords) -> Option<Period> {
    let mut reach = 0usize;
    for (text, ms) in lines {
        if let Some(p) = inline_period(text, ms, words) {
            return Some(p);
        }
        if reach > 0 {
            if let Some(p) = year_range(text, ms, None, words) {
                return Some(p);
            }
            reach -= 1;
        }
        if is_period_heading(text) {
            reach = HEADING_REACH;
        }
    }
    None
}

/// `計画期間は、令和7年度から…`, `期間：2021年度～2023年度`: the range right after a period word.
fn inline_period(text: &str, ms: &[&DateMention], words: &DateWords) -> Option<Period> {
    let mut from = 0;
    while let Some(p) = text.get(from..).and_then(|t| t.find("期間")) {
        let after = from + p + "期間".len();
        // The first date at or after the word: only a particle or a colon may stand between.
        let next = ms
            .iter()
            .filter_map(|m| text.get(after..)?.find(&m.raw))
            .min();
        if let Some(gap) = next.and_then(|n| text.get(after..after + n)) {
            let gap: String = gap.chars().filter(|c| !c.is_whitespace()).collect();
            if gap.chars().count() <= 3 && gap.chars().all(|c| "は、:：,（(".contains(c)) {
                if let Some(p) = year_range(text, ms, Some(after), words) {
                    return Some(p);
                }
            }
        }
        from = after;
    }
    // `令和2年度から令和11年度までの10年間を推進期間として`: the range just before the word.
    if let Some(k) = text.find("期間") {
        let head = &text[..k];
        let last_end = ms
            .iter()
            .filter_map(|m| head.rfind(&m.raw).map(|p| p + m.raw.len()))
            .max()?;
        let gap = &head[last_end..];
        // `…を推進期間として` / `…を計画期間とします` states this plan's period;
        // `…を計画期間とする第6次総合計画` names another plan's.
        let tail = text[k + "期間".len()..].trim_start();
        let states = tail.starts_with("とし") || tail.starts_with("です") || tail.starts_with('。');
        if states && gap.chars().count() <= 16 && !gap.contains(['。', '、']) {
            return year_range(head, ms, None, words);
        }
    }
    None
}

/// A short heading line ending in 期間 (`3 計画期間`, `５ 改革の推進期間`), page number allowed.
fn is_period_heading(text: &str) -> bool {
    let t = text.trim_end_matches(|c: char| c.is_ascii_digit() || c.is_whitespace() || c == '.');
    let t = t.trim_end_matches(['】', ']', ')', '）', '・', '.']);
    t.ends_with("期間") && t.chars().filter(|c| !c.is_whitespace()).count() <= 25
}
