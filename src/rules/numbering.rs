//! `numbering.toml`: words and units that form numbering labels.

use serde::Deserialize;

/// `numbering.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NumberingRules {
    /// Words followed by a number that form a label (`施策1`, `取組項目14`, `改革5`).
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Units of `第N…` labels (`章` in `第1章`).
    #[serde(default)]
    pub units: Vec<String>,
    /// Marks that may stand before a keyword label (`■施策1`).
    #[serde(default)]
    pub marks: Vec<String>,
    /// Counters and units after a number that make it a quantity, not a label (`3年`, `100 人`,
    /// `施策10年`): one string of characters.
    #[serde(default)]
    pub counters: String,
}
