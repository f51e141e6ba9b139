//! Normalize: one clean text that still points back to the raw extracted text.
//!
//! Character fixes (width, radicals, dashes) come from `rules/chars.toml`; layout fixes join
//! what PDF extraction split. Every normalized line keeps the span of raw lines it came from.
//! Baseline implementation: NFKC per line with the `keep` exceptions; issue 4 completes it.

use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;

use crate::ingest::Extracted;
use crate::model::Span;
use crate::rules::Rules;

/// `chars.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CharRules {
    /// Characters left as they are by NFKC (circled numbers, Roman numerals).
    #[serde(default)]
    pub keep: String,
}

/// One logical line of normalized text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NormLine {
    /// Normalized text; table columns separated by `\t`. Empty for a blank line.
    pub text: String,
    /// The raw lines this line came from.
    pub span: Span,
    /// Page furniture (page numbers, running headers): not body text.
    pub furniture: bool,
}

/// The normalized document: logical lines in reading order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NormDoc {
    pub lines: Vec<NormLine>,
}

impl NormDoc {
    /// The text as `jplan normalize` prints it: one line per logical line.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for l in &self.lines {
            out.push_str(&l.text);
            out.push('\n');
        }
        out
    }
}

/// Normalize the characters of one string (no layout work).
pub fn normalize_str(s: &str, rules: &Rules) -> String {
    let keep = &rules.chars.keep;
    let mut out = String::with_capacity(s.len());
    let mut run = String::new();
    for c in s.chars() {
        if keep.contains(c) {
            out.extend(run.nfkc());
            run.clear();
            out.push(c);
        } else {
            run.push(c);
        }
    }
    out.extend(run.nfkc());
    out
}

/// Normalize an extracted document into logical lines.
pub fn normalize_doc(ex: &Extracted, rules: &Rules) -> NormDoc {
    let mut lines = Vec::new();
    for page in &ex.pages {
        for (i, line) in page.lines.iter().enumerate() {
            let text = normalize_str(line.text.trim_end(), rules);
            // Tabs are table columns (a leading tab is an empty first cell): trim spaces only.
            let text = text.trim_matches([' ', '\u{3000}']).to_string();
            let text = if text.trim().is_empty() {
                String::new()
            } else {
                text
            };
            lines.push(NormLine {
                text,
                span: Span::line(page.number, i as u32 + 1),
                furniture: line.furniture,
            });
        }
    }
    NormDoc { lines }
}
