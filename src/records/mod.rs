//! Records: the units a dataset wants — action items with departments, indicators with
//! fiscal-year values, evaluation sheets with ratings and costs, and document metadata.
//!
//! The extractors read the normalized lines directly (labels through
//! [`crate::numbering::parse_label`], fiscal years through [`crate::dates::find_dates`]) and
//! take only `section_path` from the outline. Every word they look for is data in
//! `rules/records.toml`; see docs/records.md.

mod depts;
mod evaluations;
mod indicators;
mod items;
mod meta;
mod text;

pub use crate::rules::Municipalities;
pub use depts::split_departments;
pub use evaluations::parse_rating;
pub use text::unit_of;

use crate::model::{ActionItem, DateMention, Evaluation, Indicator, Meta, Span, Table, Warning};
use crate::normalize::{NormDoc, NormLine};
use crate::outline::Outline;

use crate::rules::RecordsRules;

pub(crate) use crate::rules::RecordsRules as Ctx;

/// What the record extractors produce.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Records {
    /// Document-level facts (title, kind, municipality, …).
    pub meta: Meta,
    /// The action items.
    pub items: Vec<ActionItem>,
    /// The indicators of the body.
    pub indicators: Vec<Indicator>,
    /// The evaluation sheets.
    pub evaluations: Vec<Evaluation>,
    /// What the extractors noticed (`item.title_mismatch`).
    pub warnings: Vec<Warning>,
}

/// Extract the records of a document.
pub fn extract(
    doc: &NormDoc,
    outline: &Outline,
    _dates: &[DateMention],
    rules: &RecordsRules,
) -> Records {
    let (evaluations, in_sheet) = evaluations::extract(doc, rules);
    let (items, warnings) = items::extract(doc, outline, rules, &in_sheet);
    let mut indicators = indicators::extract(doc, &outline.tables, rules, &in_sheet);
    let mut items = items;
    link_tables(&mut items, &mut indicators, &outline.tables);
    let meta = meta::extract(doc, rules, !evaluations.is_empty());
    Records {
        meta,
        items,
        indicators,
        evaluations,
        warnings,
    }
}

/// The outline's tables (the tables of the JSON, detected once) with the indexes of their first
/// and last line in `lines`; a table whose lines are not found is left out.
pub(crate) fn tables_at<'a>(
    lines: &[NormLine],
    tables: &'a [Table],
) -> Vec<(usize, usize, &'a Table)> {
    let mut out = Vec::new();
    let mut from = 0;
    for t in tables {
        let s = t.span;
        let Some(first) = lines[from.min(lines.len())..]
            .iter()
            .position(|l| l.span.page == s.page && l.span.line_start == s.line_start)
            .map(|k| k + from)
        else {
            continue;
        };
        let last = lines[first..]
            .iter()
            .position(|l| l.span.page == s.last_page() && l.span.line_end == s.line_end)
            .map_or(first, |k| k + first);
        out.push((first, last, t));
        from = first;
    }
    out
}

/// Point items and indicators read from a table's rows (line by line, for tab-separated
/// tables) to that table's id.
fn link_tables(items: &mut [ActionItem], indicators: &mut [Indicator], tables: &[Table]) {
    let find = |span: Span| {
        tables
            .iter()
            .find(|t| t.span.contains(span))
            .map(|t| t.id.clone())
    };
    for it in items.iter_mut().filter(|it| it.table_id.is_none()) {
        it.table_id = find(it.span);
    }
    for ind in indicators.iter_mut().filter(|i| i.table_id.is_none()) {
        ind.table_id = find(ind.span);
    }
}
