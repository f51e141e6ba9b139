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
    /// Words a keyword label's title starts with when the label stands inside a sentence
    /// (`指標1については、…`, `施策2の推進に…`): such a line is no heading.
    #[serde(default)]
    pub sentence_particles: Vec<String>,
    /// Words that introduce a table's unit (`(単位:千円)`, `単位：%`).
    #[serde(default)]
    pub unit_labels: Vec<String>,
    /// Units a table caption may give in brackets without a unit word (`事業費(千円)`); the
    /// first that matches wins.
    #[serde(default)]
    pub caption_units: Vec<String>,
    /// Words that start a table caption when a number follows them (`表3 …`, `図表2 …`).
    #[serde(default)]
    pub caption_words: Vec<String>,
    /// Leader characters of a TOC entry (`・・・`, `…`): `leader_dots` and `leader_ellipses` of
    /// `chars.toml`, filled in when the rules are loaded.
    #[serde(skip)]
    pub leader_dots: String,
    /// See `leader_dots`.
    #[serde(skip)]
    pub leader_ellipses: String,
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
            sentence_particles: Vec::new(),
            unit_labels: Vec::new(),
            caption_units: Vec::new(),
            caption_words: Vec::new(),
            leader_dots: String::new(),
            leader_ellipses: String::new(),
            max_depth: default_max_depth(),
            max_title_chars: default_max_title(),
            max_table_cells: default_max_table_cells(),
        }
    }
}
