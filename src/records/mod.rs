//! Records: the units a dataset wants — action items with departments, indicators with
//! fiscal-year values, evaluation sheets with ratings and costs, and document metadata
//! (issue 7).
//!
//! The extractors read the normalized lines directly (labels through
//! [`crate::numbering::parse_label`], fiscal years through [`crate::dates::find_dates`]) and
//! take only `section_path` from the outline. Every word they look for is data in
//! `rules/records.toml`; see the `## Records and tables` section of README.md.

mod depts;
mod evaluations;
mod indicators;
mod items;
mod meta;
mod text;

pub use crate::rules::{Municipalities, MunicipalityEntry};
pub use depts::{is_department, split_departments};
pub use evaluations::parse_rating;
pub use text::unit_of;

use crate::model::{ActionItem, DateMention, Evaluation, Indicator, Meta, Warning};
use crate::normalize::NormDoc;
use crate::outline::Outline;

pub use crate::rules::RecordRules;

pub use crate::rules::RecordsRules;
pub(crate) use crate::rules::RecordsRules as Ctx;

/// What the record extractors produce.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Records {
    pub meta: Meta,
    pub items: Vec<ActionItem>,
    pub indicators: Vec<Indicator>,
    pub evaluations: Vec<Evaluation>,
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
    let indicators = indicators::extract(doc, rules, &in_sheet);
    let meta = meta::extract(doc, rules, !evaluations.is_empty());
    Records {
        meta,
        items,
        indicators,
        evaluations,
        warnings,
    }
}

/// Items as CSV, for `jplan parse --format items`.
pub fn items_csv(items: &[ActionItem]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(["id", "title", "departments", "section_path", "page", "line"]);
    for it in items {
        let _ = w.write_record([
            it.id.as_str(),
            it.title.as_str(),
            &it.departments.join(";"),
            &it.section_path.join("/"),
            &it.span.page.to_string(),
            &it.span.line_start.to_string(),
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Indicator observations as CSV, for `jplan parse --format indicators`.
pub fn indicators_csv(indicators: &[Indicator]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "name",
        "unit",
        "fiscal_year",
        "kind",
        "value",
        "bound",
        "raw",
    ]);
    for ind in indicators {
        for o in &ind.observations {
            let _ = w.write_record([
                ind.name.clone(),
                ind.unit.clone().unwrap_or_default(),
                o.fiscal_year.map(|y| y.to_string()).unwrap_or_default(),
                format!("{:?}", o.kind).to_lowercase(),
                o.value.map(|v| v.to_string()).unwrap_or_default(),
                o.bound
                    .map(|b| match b {
                        crate::model::Bound::AtMost => "at_most".to_string(),
                        crate::model::Bound::AtLeast => "at_least".to_string(),
                    })
                    .unwrap_or_default(),
                o.raw.clone(),
            ]);
        }
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
