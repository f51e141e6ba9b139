//! `keywords.toml`: heading keywords, TOC markers, bullets and the outline's size limits.

use serde::Deserialize;

/// `keywords.toml`.
#[derive(Debug, Clone, Deserialize)]
pub struct KeywordRules {
    /// Keyword labels in outline order (施策 > 方向性 > 基本事業 > 取組項目).
    #[serde(default)]
    pub heading_keywords: Vec<String>,
    /// Keyword labels whose sections never have child sections (`指標 1`, `取組項目14`): a
    /// heading of another scheme after one closes it.
    #[serde(default)]
    pub leaf_keywords: Vec<String>,
    /// Headings written without a label (`はじめに`, `資料編`): a line that is only one of these
    /// words (brackets around it allowed) is a top-level heading.
    #[serde(default)]
    pub unnumbered_headings: Vec<String>,
    /// Words that start a table of contents (`目次`, `もくじ`, `Contents`).
    #[serde(default)]
    pub toc_markers: Vec<String>,
    /// Characters that start a list item (`・`, `■`, `●`, …) when no label follows them.
    #[serde(default)]
    pub bullets: String,
    /// Deepest outline level; headings below it are kept as text with a warning.
    #[serde(default = "default_max_depth")]
    pub max_depth: usize,
    /// Longest heading title, in characters.
    #[serde(default = "default_max_title")]
    pub max_title_chars: usize,
    /// Largest table kept as a table, in cells; a larger one stays text (`table.too_large`).
    #[serde(default = "default_max_table_cells")]
    pub max_table_cells: usize,
}

fn default_max_table_cells() -> usize {
    100_000
}

fn default_max_depth() -> usize {
    32
}

fn default_max_title() -> usize {
    80
}

impl Default for KeywordRules {
    fn default() -> Self {
        KeywordRules {
            heading_keywords: Vec::new(),
            leaf_keywords: Vec::new(),
            unnumbered_headings: Vec::new(),
            toc_markers: Vec::new(),
            bullets: String::new(),
            max_depth: default_max_depth(),
            max_title_chars: default_max_title(),
            max_table_cells: default_max_table_cells(),
        }
    }
}
