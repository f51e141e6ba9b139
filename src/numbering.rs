//! Numbering: recognizes numbering labels (`第1章`, `(1)`, `①`, `施策1`, `(2)-①-b`) at the
//! start of a line (issue 6). Baseline: no schemes recognized yet.

use serde::Deserialize;

use crate::model::Label;
use crate::rules::Rules;

/// `numbering.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct NumberingRules {
    #[serde(rename = "scheme", default)]
    pub schemes: Vec<toml::Value>,
}

/// A label found at the start of a line, and where the title after it begins (byte offset).
#[derive(Debug, Clone, PartialEq)]
pub struct FoundLabel {
    pub label: Label,
    pub title_start: usize,
}

/// The label at the start of `line`, if any.
pub fn parse_label(_line: &str, _rules: &Rules) -> Option<FoundLabel> {
    None
}
