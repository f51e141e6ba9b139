//! Dates: every era and Western date in a plan, as structured data (issue 5).
//!
//! Baseline: the era table is loaded from `rules/eras.toml`; recognition is not built yet.

use serde::Deserialize;

use crate::model::{DateMention, Warning};
use crate::normalize::NormDoc;
use crate::rules::Rules;

/// `eras.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EraRules {
    #[serde(rename = "era", default)]
    pub eras: Vec<Era>,
}

/// One era (元号).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Era {
    pub name: String,
    pub abbrev: String,
    #[serde(default)]
    pub ligatures: Vec<String>,
    pub first_day: String,
    pub last_day: Option<String>,
}

/// A date found in a string: the mention (its `span` left default) and its byte range.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundDate {
    pub mention: DateMention,
    pub start: usize,
    pub end: usize,
}

/// Find the dates in one line of normalized text.
pub fn find_dates(_text: &str, _rules: &Rules) -> (Vec<FoundDate>, Vec<Warning>) {
    (Vec::new(), Vec::new())
}

/// Find the dates of a whole document, with spans.
pub fn collect(doc: &NormDoc, rules: &Rules) -> (Vec<DateMention>, Vec<Warning>) {
    let mut out = Vec::new();
    let mut warnings = Vec::new();
    for line in &doc.lines {
        let (found, w) = find_dates(&line.text, rules);
        for f in found {
            let mut m = f.mention;
            m.span = line.span;
            out.push(m);
        }
        for mut w in w {
            w.span = Some(line.span);
            warnings.push(w);
        }
    }
    (out, warnings)
}
