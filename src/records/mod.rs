//! Records: the units a dataset wants — action items with departments, indicators with
//! fiscal-year values, evaluation sheets with ratings and costs, and document metadata
//! (issue 7).
//!
//! The extractors read the normalized lines directly (labels through
//! [`crate::numbering::parse_label`], fiscal years through [`crate::dates::find_dates`]) and
//! take only `section_path` from the outline. Every word they look for is data in
//! `rules/records.toml`; see the `## Records and tables` section of README.md.

mod codes;
mod depts;
mod evaluations;
mod indicators;
mod items;
mod meta;
mod text;

use serde::Deserialize;

pub use codes::{Municipalities, MunicipalityEntry};
pub use depts::{is_department, split_departments};
pub use evaluations::parse_rating;
pub use text::unit_of;

use crate::model::{ActionItem, DateMention, Evaluation, Indicator, Meta, Warning};
use crate::normalize::NormDoc;
use crate::outline::Outline;
use crate::rules::Rules;

/// `records.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordRules {
    #[serde(default)]
    pub item_keywords: Vec<String>,
    #[serde(default)]
    pub department_labels: Vec<String>,
    #[serde(default)]
    pub department_suffixes: Vec<String>,
    #[serde(default)]
    pub department_words: Vec<String>,
    #[serde(default)]
    pub lead_department_labels: Vec<String>,
    #[serde(default)]
    pub related_department_labels: Vec<String>,
    #[serde(default)]
    pub goal_labels: Vec<String>,
    #[serde(default)]
    pub progress_headings: Vec<String>,
    #[serde(default)]
    pub necessity_headings: Vec<String>,
    #[serde(default)]
    pub relisted_marks: Vec<String>,
    #[serde(default)]
    pub total_words: Vec<String>,
    #[serde(default)]
    pub estimate_words: Vec<String>,
    #[serde(default)]
    pub target_words: Vec<String>,
    #[serde(default)]
    pub current_words: Vec<String>,
    #[serde(default)]
    pub actual_words: Vec<String>,
    #[serde(default)]
    pub cost_estimate_words: Vec<String>,
    #[serde(default)]
    pub cost_settled_words: Vec<String>,
    #[serde(default)]
    pub indicator_name_words: Vec<String>,
    #[serde(default)]
    pub description_words: Vec<String>,
    #[serde(default)]
    pub unit_suffixes: Vec<String>,
    #[serde(default)]
    pub plan_words: Vec<String>,
    #[serde(default)]
    pub draft_words: Vec<String>,
    /// `[word, kind]` pairs; the first whose word occurs in the title gives `meta.kind`.
    #[serde(default)]
    pub kinds: Vec<(String, String)>,
    #[serde(default)]
    pub evaluation_kind: Option<String>,
    #[serde(default)]
    pub not_municipalities: Vec<String>,
    /// Names of national bodies (ministries, regional bureaus): a document whose title page
    /// names one is the nation's, and gets no municipality from the places in its text.
    #[serde(default)]
    pub national_publishers: Vec<String>,
}

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
pub fn extract(doc: &NormDoc, outline: &Outline, _dates: &[DateMention], rules: &Rules) -> Records {
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
