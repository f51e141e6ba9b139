//! `records.toml`: item keywords, department labels and suffixes, field labels, plan words.

use serde::Deserialize;

/// `records.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordRules {
    /// Label keywords of action items (`取組項目`, `改革`); the longest match wins.
    #[serde(default)]
    pub item_keywords: Vec<String>,
    /// Labels of the cell or line holding an item's departments (`推進部署`).
    #[serde(default)]
    pub department_labels: Vec<String>,
    /// Endings of a department name (`課`, `室`, `教育委員会`).
    #[serde(default)]
    pub department_suffixes: Vec<String>,
    /// Whole words that stand for departments without naming one (`関係各課`).
    #[serde(default)]
    pub department_words: Vec<String>,
    /// Evaluation sheets: labels of the lead department (`担当課`).
    #[serde(default)]
    pub lead_department_labels: Vec<String>,
    /// Evaluation sheets: labels of the related departments (`関連課`).
    #[serde(default)]
    pub related_department_labels: Vec<String>,
    /// Evaluation sheets: labels of the goal (`目指す姿`).
    #[serde(default)]
    pub goal_labels: Vec<String>,
    /// Evaluation sheets: headings of the progress rating (`進捗状況`).
    #[serde(default)]
    pub progress_headings: Vec<String>,
    /// Evaluation sheets: headings of the necessity rating (`必要性`).
    #[serde(default)]
    pub necessity_headings: Vec<String>,
    /// Marks of a project listed again from another policy (`【再掲】`).
    #[serde(default)]
    pub relisted_marks: Vec<String>,
    /// Labels of a cost table's total row (`合計`, `計`).
    #[serde(default)]
    pub total_words: Vec<String>,
    /// Column-header words of estimated observations (`見込`).
    #[serde(default)]
    pub estimate_words: Vec<String>,
    /// Column-header words of target observations (`目標`).
    #[serde(default)]
    pub target_words: Vec<String>,
    /// Column-header words of current-value observations (`現状`, `基準値`).
    #[serde(default)]
    pub current_words: Vec<String>,
    /// Column-header words of actual observations (`実績`).
    #[serde(default)]
    pub actual_words: Vec<String>,
    /// Cost column words of estimated costs (`見込`, `予算`).
    #[serde(default)]
    pub cost_estimate_words: Vec<String>,
    /// Cost column words of settled costs (`決算`).
    #[serde(default)]
    pub cost_settled_words: Vec<String>,
    /// Words of an indicator table's name column (`指標`, `項目`).
    #[serde(default)]
    pub indicator_name_words: Vec<String>,
    /// Headers of a row-number column (`No.`, `番号`), never an indicator's name column.
    #[serde(default)]
    pub number_column_words: Vec<String>,
    /// Words of an indicator table's description rows (`説明`, `定義`).
    #[serde(default)]
    pub description_words: Vec<String>,
    /// Endings of a unit in an indicator name's last bracket (`比率(%)` → `%`).
    #[serde(default)]
    pub unit_suffixes: Vec<String>,
    /// Words of a title line (`計画`, `大綱`).
    #[serde(default)]
    pub plan_words: Vec<String>,
    /// Draft marks on the title page (`素案`, `(案)`).
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
    /// `meta.kind` of a document whose title says nothing but which holds evaluation sheets.
    #[serde(default)]
    pub evaluation_kind: Option<String>,
    /// Words ending in 市/町/村/区 that are not municipality names.
    #[serde(default)]
    pub not_municipalities: Vec<String>,
    /// Names of national bodies (ministries, regional bureaus): a document whose title page
    /// names one is the nation's, and gets no municipality from the places in its text.
    #[serde(default)]
    pub national_publishers: Vec<String>,
}
