//! The manifest (`OUT/manifest.jsonl`): one JSON line per input of the batch, sorted by path,
//! saying what became of it. It is also the memory of incremental runs: an input whose
//! `sha256` and `jplan_version` match its line is not converted again.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::Result;

/// The file name of the manifest in the output folder.
pub const MANIFEST_FILE: &str = "manifest.jsonl";

/// The version written in `jplan_version`: a different version converts everything again.
pub const JPLAN_VERSION: &str = env!("CARGO_PKG_VERSION");

/// What became of one input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Converted, no warning.
    Ok,
    /// Converted; the document has warnings (listed in `warnings`).
    Warning,
    /// Converted, but no text came out (a scanned or image-only PDF, warning `pdf.no_text`):
    /// the document is empty until it is OCRed.
    #[serde(rename = "needs_ocr")]
    NeedsOcr,
    /// Not converted; `error` says why. No output file.
    Error,
}

/// A code and a message (a warning of the document, or the error that stopped it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issue {
    /// The warning code (`pdf.no_text`) or error code (`timeout`).
    pub code: String,
    /// The message, naming what was found.
    pub message: String,
}

/// One line of the manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManifestEntry {
    /// The input, relative to the batch folder, `/`-separated.
    pub path: String,
    /// SHA-256 of the input bytes (empty when the file could not be read).
    pub sha256: String,
    /// Size of the input in bytes.
    pub bytes: u64,
    /// The jplan version that converted it (a new version converts again).
    pub jplan_version: String,
    /// What became of the input.
    pub status: Status,
    /// The PlanDocument JSON, relative to the output folder; `null` on error.
    pub output: Option<String>,
    /// `pdf` or `txt`; `null` on error.
    pub format: Option<String>,
    /// Number of pages.
    pub pages: u32,
    /// Number of sections, all levels.
    pub sections: usize,
    /// Number of action items.
    pub items: usize,
    /// Indicators of the document and of its evaluation sheets.
    pub indicators: usize,
    /// Number of evaluation sheets.
    pub evaluations: usize,
    /// Number of tables.
    pub tables: usize,
    /// Number of date mentions.
    pub dates: usize,
    /// Why the input was not converted; `null` unless `status` is `error`.
    pub error: Option<Issue>,
    /// The document's warnings.
    pub warnings: Vec<Issue>,
    /// Time taken to read and convert the input, in milliseconds.
    pub millis: u64,
}

impl ManifestEntry {
    /// A line for an input that failed.
    pub fn failed(path: &str, sha256: String, bytes: u64, code: &str, message: String) -> Self {
        ManifestEntry {
            path: path.to_string(),
            sha256,
            bytes,
            jplan_version: JPLAN_VERSION.to_string(),
            status: Status::Error,
            output: None,
            format: None,
            pages: 0,
            sections: 0,
            items: 0,
            indicators: 0,
            evaluations: 0,
            tables: 0,
            dates: 0,
            error: Some(Issue {
                code: code.to_string(),
                message,
            }),
            warnings: Vec::new(),
            millis: 0,
        }
    }
}

/// Read a manifest; a missing file is an empty manifest, and lines that do not parse (a
/// manifest from an incompatible version, edited by hand) are dropped: their inputs are
/// simply converted again.
pub fn read(path: &Path) -> BTreeMap<String, ManifestEntry> {
    let mut map = BTreeMap::new();
    let Ok(text) = std::fs::read_to_string(path) else {
        return map;
    };
    for line in text.lines() {
        if let Ok(e) = serde_json::from_str::<ManifestEntry>(line) {
            map.insert(e.path.clone(), e);
        }
    }
    map
}

/// The manifest text for `entries` (already in path order, as a BTreeMap gives them).
pub fn render<'a>(entries: impl IntoIterator<Item = &'a ManifestEntry>) -> String {
    let mut out = String::new();
    for e in entries {
        if let Ok(line) = serde_json::to_string(e) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// Write the manifest atomically.
pub fn write(path: &Path, entries: &BTreeMap<String, ManifestEntry>) -> Result<()> {
    crate::output::write_atomic(path, render(entries.values()).as_bytes())
        .map_err(|e| super::fsutil::write_err(path, e))
}
