//! `records.toml`: item keywords, department labels and suffixes, field labels, plan words.

use serde::Deserialize;

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
    /// Headers of a row-number column (`No.`, `番号`), never an indicator's name column.
    #[serde(default)]
    pub number_column_words: Vec<String>,
    #[serde(default)]
    pub description_words: Vec<String>,
    #[serde(default)]
    pub unit_suffixes: Vec<String>,
    #[serde(default)]
    pub plan_words: Vec<String>,
    #[serde(default)]
    pub draft_words: Vec<String>,
    /// A short title-page line ending in one of these is a draft (`…計画案`) …
    #[serde(default)]
    pub draft_endings: Vec<String>,
    /// … unless it ends in one of these (`提案`, `答申案`: a proposal, not this plan's draft).
    #[serde(default)]
    pub not_draft_endings: Vec<String>,
    /// `[unit, thousand yen per unit]`: the money unit a cost table's `単位` names, the first
    /// found after the unit word wins (`百万円` before `円`).
    #[serde(default)]
    pub money_units: Vec<(String, f64)>,
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
