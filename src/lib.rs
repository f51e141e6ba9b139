//! jplan turns the reform plans Japanese municipalities publish (行財政改革大綱, 推進計画,
//! 実施計画, 行政評価シート; PDF and TXT) into one common JSON model, and compares versions.
//!
//! The pipeline, one module per stage:
//! [`ingest`] (PDF/TXT → pages of lines) → [`normalize`] (clean text with provenance) →
//! [`outline`] with [`numbering`] and [`tables`] (sections, TOC, tables) and [`dates`] →
//! [`records`] (items, indicators, evaluations, metadata) → `themes` (reform themes of the
//! items) → [`model::PlanDocument`].
//! [`diff`] compares two documents; [`batch`] converts folders into datasets.
//!
//! # Public API
//!
//! - Converting: [`parse_file`], [`parse_bytes`] (with [`Options`]), and [`parse_extracted`]
//!   for text already extracted; [`guard`] and [`with_deadline`] run a caller's own steps
//!   under the same panic guard and time limit.
//! - The contract: [`model`] ([`PlanDocument`] and its parts, [`model::WarningCode`]) and its
//!   JSON Schema ([`schema_json`]); [`error`] ([`Error`], [`Result`]).
//! - [`rules`]: [`Rules`] and the rule type each stage reads.
//! - Comparing: [`diff`] ([`diff::diff_plans`], [`diff::PlanDiff`], the text, Markdown and
//!   HTML writers) and its schema ([`diff_schema_json`]).
//! - Folders: [`batch`] ([`batch::run`], the manifest and dataset row types) and [`report`].
//! - Writers: [`output`] (atomic files; outline text, items and indicators CSV).
//! - Each stage's entry, for tools and tests that run one stage: [`ingest::ingest_file`],
//!   [`ingest::ingest_bytes`], [`ingest::txt::extract`], [`ingest::txt::decode`],
//!   [`normalize::normalize_doc`], [`normalize::normalize_str`], [`dates::find_dates`],
//!   [`numbering::parse_label`], [`tables::find_tables`], [`tables::parse_number`],
//!   [`outline::build`], [`outline::unplaced`] (the loss check), [`records::extract`] and
//!   the record helpers it is built from ([`records::parse_rating`],
//!   [`records::split_departments`], [`records::unit_of`]).
//!
//! Everything else (the PDF reader's parts, the diff's alignment, the batch's folder walk,
//! the stages' helpers) is private to the crate. `#![warn(missing_docs)]` keeps the API
//! documented: a public item without a doc comment is a warning, which clippy's
//! `-D warnings` makes an error.

#![warn(missing_docs)]

pub mod batch;
pub mod dates;
mod deadline;
pub mod diff;
pub mod error;
pub mod ingest;
pub mod lexical;
pub mod model;
pub mod normalize;
pub mod numbering;
pub mod outline;
pub mod output;
pub mod records;
pub mod report;
pub mod rules;
pub mod tables;
mod themes;

use std::panic::AssertUnwindSafe;
use std::path::Path;

pub use error::{Error, Result};
pub use model::PlanDocument;
pub use rules::Rules;

/// Options for converting one document.
#[derive(Debug, Clone)]
pub struct Options {
    /// The rules (vocabulary, eras, numbering, themes) the stages read.
    pub rules: Rules,
    /// Limits and choices of reading the input (size, time, pages, password).
    pub ingest: ingest::IngestOptions,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            rules: Rules::defaults().clone(),
            ingest: ingest::IngestOptions::default(),
        }
    }
}

/// Convert one file (PDF or TXT) into a [`PlanDocument`].
///
/// Panics inside any stage (ours or a third-party crate's) are caught here and reported as
/// [`Error::Internal`] naming the file, so a batch goes on with the other files. The time
/// limit (`opts.ingest.timeout_secs`) covers every stage (`deadline`).
pub fn parse_file(path: &Path, opts: &Options) -> Result<PlanDocument> {
    guard(path, || {
        with_deadline(&opts.ingest, |ingest| {
            let ex = ingest::ingest_file(path, ingest)?;
            Ok(parse_extracted(ex, &opts.rules))
        })
    })
}

/// Convert in-memory bytes; `path` names the input in messages and in `source.path`.
pub fn parse_bytes(bytes: &[u8], path: &Path, opts: &Options) -> Result<PlanDocument> {
    guard(path, || {
        with_deadline(&opts.ingest, |ingest| {
            let ex = ingest::ingest_bytes(bytes, path, ingest)?;
            Ok(parse_extracted(ex, &opts.rules))
        })
    })
}

/// Run `f` under the document's deadline (from `opts.deadline`, else `timeout_secs` from now),
/// handing it ingest options that carry the deadline. Call it inside [`guard`], which reports
/// a document past its deadline.
pub fn with_deadline<T>(
    opts: &ingest::IngestOptions,
    f: impl FnOnce(&ingest::IngestOptions) -> Result<T>,
) -> Result<T> {
    let deadline = opts.deadline.unwrap_or_else(|| {
        std::time::Instant::now() + std::time::Duration::from_secs(opts.timeout_secs.max(1))
    });
    let ingest = ingest::IngestOptions {
        deadline: Some(deadline),
        ..opts.clone()
    };
    deadline::run(deadline, opts.timeout_secs, || f(&ingest))
}

/// Run `f`, turning a panic into [`Error::Internal`] for `path` (and a document past its
/// deadline, `deadline::check`, into [`Error::Timeout`]).
pub fn guard<T>(path: &Path, f: impl FnOnce() -> Result<T>) -> Result<T> {
    match std::panic::catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(panic) if panic.is::<deadline::TimedOut>() => Err(Error::Timeout {
            path: path.to_path_buf(),
            seconds: panic
                .downcast_ref::<deadline::TimedOut>()
                .map_or(0, |t| t.0),
        }),
        Err(panic) => {
            let reason = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "panic".into());
            Err(Error::Internal {
                path: path.to_path_buf(),
                reason,
            })
        }
    }
}

/// Run the stages after ingestion.
///
/// Under a deadline (`deadline::run`) each stage starts only while there is time left.
pub fn parse_extracted(ex: ingest::Extracted, rules: &Rules) -> PlanDocument {
    deadline::check();
    let norm = normalize::normalize_doc(&ex, &rules.chars, &rules.numbering);
    deadline::check();
    let outline = outline::build(&norm, &rules.keywords, &rules.numbering, &rules.eras);
    deadline::check();
    let unplaced = outline::unplaced(&norm, &outline);
    let (dates, date_warnings) = dates::collect(&norm, &rules.eras);
    deadline::check();
    let recs = records::extract(&norm, &outline, &dates, &rules.records_view());
    deadline::check();

    let mut doc = PlanDocument::empty(ex.source);
    doc.meta = recs.meta;
    // The records stage may set these from its own evidence; the dates fill what it left.
    if doc.meta.issued.is_none() || doc.meta.period.is_none() {
        let (issued, period) = dates::issued_and_period(&norm, &dates, &rules.eras.words);
        if doc.meta.issued.is_none() {
            doc.meta.issued = issued;
        }
        if doc.meta.period.is_none() {
            doc.meta.period = period;
        }
    }
    doc.toc = outline.toc;
    doc.sections = outline.sections;
    doc.items = recs.items;
    themes::assign(&mut doc.items, &norm.lines, &rules.themes);
    doc.indicators = recs.indicators;
    doc.evaluations = recs.evaluations;
    doc.tables = outline.tables;
    doc.dates = dates;
    dates::with_source_text(&norm, &mut doc.dates);
    doc.warnings = ex.warnings;
    if norm.lines.iter().all(|l| l.text.trim().is_empty()) {
        doc.warnings.push(model::Warning::new(
            crate::model::WarningCode::TextEmpty,
            "the document has no text",
            None,
        ));
    }
    doc.warnings.extend(unplaced);
    doc.warnings.extend(outline.warnings);
    doc.warnings.extend(date_warnings);
    doc.warnings.extend(recs.warnings);
    doc
}

/// The JSON Schema of [`PlanDocument`], as `jplan schema` prints it.
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(PlanDocument);
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}

/// The JSON Schema of the `jplan diff` JSON output ([`diff::PlanDiff`]), as pretty JSON text
/// (`jplan schema --diff`; committed as `schema/diff-v1.schema.json`).
pub fn diff_schema_json() -> String {
    let schema = schemars::schema_for!(diff::PlanDiff);
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}
