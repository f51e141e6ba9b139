//! Batch: converts a folder of plans in parallel into PlanDocument JSON files, a manifest and
//! datasets. [`run`] is the one entry; `jplan batch` is a thin layer over it.
//!
//! Output folder layout:
//! - `OUT/<relative path>.json`: the PlanDocument of each input (`a/b.pdf` → `a/b.pdf.json`);
//! - `OUT/manifest.jsonl`: one line per input ([`manifest::ManifestEntry`]);
//! - `OUT/datasets/<table>.csv` and `.jsonl`: the tables of `datasets`;
//! - `OUT/.jplan/rows/<relative path>.rows.json`: each document's dataset rows, kept so that a
//!   rerun can rebuild the datasets without converting unchanged inputs again.
//!
//! Memory stays bounded by the documents in flight (one per worker): a worker converts a file,
//! writes its JSON and its rows to disk and keeps only a manifest line; the datasets are then
//! merged from the row files in path order, one document at a time. That order (relative path,
//! then document order) makes the datasets byte-identical whatever the number of workers.
//!
//! Every file is written atomically (temporary file, then rename) and the manifest is rewritten
//! twice a second while the batch runs, so an interrupted batch leaves complete files and a valid
//! manifest, and the next run converts only what is left.
//!
//! A batch asked to stop ([`BatchOptions::cancel`], set by `jplan batch` on Ctrl-C) starts no
//! new input, lets the ones in flight finish, and then writes the manifest and the datasets of
//! what is done, like a finished batch: outputs of inputs with no manifest line are removed, so
//! the manifest, the JSON files and the datasets agree.

pub(crate) mod datasets;
mod fsutil;
pub(crate) mod manifest;
mod walk;

pub use datasets::{
    write_datasets, DatasetOptions, DatasetRow, DateRow, EvaluationCostRow, EvaluationRow,
    IndicatorRow, ItemDepartmentRow, ItemRow, ItemThemeRow, PlanRow, SectionRow, TableCellRow,
    ThemeCountRow, TABLES,
};
pub use manifest::{Issue, ManifestEntry, Status};

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::model::{PlanDocument, SourceFormat, Warning};
use crate::Options;
use datasets::{DatasetWriter, DocRows};
use fsutil::{io_err, join_slash, write_err};
use manifest::{JPLAN_VERSION, MANIFEST_FILE};

/// The folder of the dataset files inside the output folder.
pub(crate) const DATASETS_DIR: &str = "datasets";
/// The folder of per-document row files inside the output folder.
pub(crate) const ROWS_DIR: &str = ".jplan/rows";

/// The warning of a document with no text layer (status `needs_ocr`).
pub const NO_TEXT: crate::model::WarningCode = crate::model::WarningCode::PdfNoText;

/// Error codes that are worth trying again on a rerun even when the input has not changed
/// (the cause may have been the machine, not the file).
const RETRY_CODES: [&str; 3] = ["io", "timeout", "output"];

/// Called on the calling thread after each input is done (and once before the first).
pub type ProgressFn = dyn Fn(&Progress) + Send + Sync;

/// Where a batch stands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Progress {
    /// Inputs done so far (converted, failed or skipped).
    pub done: usize,
    /// Inputs in the batch.
    pub total: usize,
    /// Inputs converted so far.
    pub converted: usize,
    /// Inputs that failed so far.
    pub failed: usize,
    /// Inputs skipped so far (unchanged since the last run).
    pub skipped: usize,
    /// The input just done (empty before the first).
    pub last: String,
}

/// Options of a batch.
#[derive(Clone)]
pub struct BatchOptions {
    /// Options for converting each document.
    pub parse: Options,
    /// Worker threads; 0 means one per core.
    pub jobs: usize,
    /// Convert every input, even unchanged ones.
    pub force: bool,
    /// Start CSV files with a UTF-8 byte order mark (for Excel).
    pub excel: bool,
    /// Ignore patterns added to those of `DIR/.jplanignore`.
    pub exclude: Vec<String>,
    /// Called after each input, for a progress bar.
    pub progress: Option<Arc<ProgressFn>>,
    /// How often the manifest is saved while the batch runs.
    pub manifest_every: Duration,
    /// When set (by a signal handler, another thread), no further input is started; the
    /// batch ends as described in the module comment and reports `interrupted`.
    pub cancel: Option<&'static AtomicBool>,
}

impl Default for BatchOptions {
    fn default() -> Self {
        BatchOptions {
            parse: Options::default(),
            jobs: 0,
            force: false,
            excel: false,
            exclude: Vec::new(),
            progress: None,
            manifest_every: Duration::from_millis(500),
            cancel: None,
        }
    }
}

impl std::fmt::Debug for BatchOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BatchOptions")
            .field("jobs", &self.jobs)
            .field("force", &self.force)
            .field("excel", &self.excel)
            .field("exclude", &self.exclude)
            .field("progress", &self.progress.is_some())
            .field("cancel", &self.cancel.is_some())
            .finish()
    }
}

/// What a batch did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BatchSummary {
    /// Inputs found.
    pub total: usize,
    /// Inputs converted in this run (status `ok` or `warning`).
    pub converted: usize,
    /// Of those, how many have warnings.
    pub warnings: usize,
    /// Of those, how many have no text at all (status `needs_ocr`; not counted in `warnings`).
    pub need_ocr: usize,
    /// Inputs that failed in this run.
    pub failed: usize,
    /// Inputs not converted again because unchanged since the manifest line.
    pub skipped: usize,
    /// Of those, how many had failed before (and still count as failures).
    pub skipped_failed: usize,
    /// Folders that could not be read, and other problems outside any one input.
    pub problems: Vec<String>,
    /// Action items in the datasets (every converted input, this run or before).
    pub items: usize,
    /// Of those, how many have no reform theme (listed with an empty `themes`, never guessed).
    pub items_without_theme: usize,
    /// The manifest as written, in path order.
    pub entries: Vec<ManifestEntry>,
    /// Wall-clock time of the batch.
    pub elapsed: Duration,
    /// The batch was asked to stop ([`BatchOptions::cancel`]) before every input was done.
    pub interrupted: bool,
    /// Inputs not started because the batch was stopped.
    pub not_done: usize,
}

impl BatchSummary {
    /// True when any input is in error (converted now or skipped as unchanged) or a folder
    /// could not be read: `jplan batch` then exits with status 1.
    pub fn has_failures(&self) -> bool {
        !self.problems.is_empty() || self.entries.iter().any(|e| e.status == Status::Error)
    }

    /// The one-line report: `12 converted, 0 failed, 30 skipped (unchanged)`; an interrupted
    /// batch starts with `interrupted, 488 of 500 inputs not done: `.
    pub fn line(&self) -> String {
        let mut s = String::new();
        if self.interrupted {
            s.push_str(&format!(
                "interrupted, {} of {} inputs not done (run the same command again to finish): ",
                self.not_done, self.total
            ));
        }
        s.push_str(&format!(
            "{} converted, {} failed, {} skipped (unchanged",
            self.converted, self.failed, self.skipped
        ));
        if self.skipped_failed > 0 {
            s.push_str(&format!("; {} of them failed before", self.skipped_failed));
        }
        s.push(')');
        if self.need_ocr > 0 {
            s.push_str(&format!("; {} need OCR", self.need_ocr));
        }
        if self.warnings > 0 {
            s.push_str(&format!("; {} with warnings", self.warnings));
        }
        s.push_str(&format!(" in {:.1} s", self.elapsed.as_secs_f64()));
        if self.items > 0 {
            s.push_str(&format!(
                "; {} of {} items without a theme",
                self.items_without_theme, self.items
            ));
        }
        s
    }
}

/// What happened to one input in this run.
enum Outcome {
    Converted(ManifestEntry),
    Failed(ManifestEntry),
    Skipped(ManifestEntry),
}

/// Where the outputs of input `rel` go.
struct OutPaths {
    json: PathBuf,
    rows: PathBuf,
}

fn out_paths(out: &Path, rel: &str) -> OutPaths {
    OutPaths {
        json: join_slash(out, &format!("{rel}.json")),
        rows: join_slash(&join_slash(out, ROWS_DIR), &format!("{rel}.rows.json")),
    }
}

fn remove_outputs(out: &Path, rel: &str) {
    let p = out_paths(out, rel);
    let _ = std::fs::remove_file(p.json);
    let _ = std::fs::remove_file(p.rows);
}

/// Convert every `.pdf` and `.txt` under `dir` into `out` (see the module comment).
///
/// Errors only for what stops the whole batch: `dir` is not a readable folder, or `out` cannot
/// be written. A file that fails is a manifest line with status `error`, never an `Err`.
pub fn run(dir: &Path, out: &Path, opts: &BatchOptions) -> Result<BatchSummary> {
    let started = Instant::now();
    let meta = std::fs::metadata(dir).map_err(|e| io_err(dir, e))?;
    if !meta.is_dir() {
        return Err(Error::Unsupported {
            path: dir.to_path_buf(),
            reason: "not a folder (jplan batch converts a folder; use jplan parse for one file)"
                .into(),
        });
    }
    std::fs::create_dir_all(out).map_err(|e| write_err(out, e))?;
    let out_canon = std::fs::canonicalize(out).map_err(|e| write_err(out, e))?;
    fsutil::remove_stale_tmp(out);

    let rules = walk::IgnoreRules::load(dir, &opts.exclude)
        .map_err(|e| io_err(&dir.join(walk::IGNORE_FILE), e))?;
    let (inputs, walk_errors) = walk::find_inputs(dir, &rules, Some(&out_canon));
    let mut summary = BatchSummary {
        total: inputs.len(),
        problems: walk_errors
            .into_iter()
            .map(|(p, e)| format!("{}: cannot read: {e}", p.display()))
            .collect(),
        ..BatchSummary::default()
    };

    let manifest_path = out.join(MANIFEST_FILE);
    let old = manifest::read(&manifest_path);
    let present: BTreeSet<&str> = inputs.iter().map(|i| i.rel.as_str()).collect();
    // Inputs gone (deleted, or now ignored) take their outputs with them: OUT mirrors DIR.
    for rel in old.keys().filter(|k| !present.contains(k.as_str())) {
        remove_outputs(out, rel);
    }
    let mut current: BTreeMap<String, ManifestEntry> = old
        .iter()
        .filter(|(k, _)| present.contains(k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();

    // Saved before any work, so even a batch stopped at once leaves a valid manifest.
    manifest::write(&manifest_path, &current)?;

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs)
        .build()
        .map_err(|e| Error::Internal {
            path: dir.to_path_buf(),
            reason: format!("cannot start worker threads: {e}"),
        })?;

    let mut progress = Progress {
        total: inputs.len(),
        ..Progress::default()
    };
    if let Some(cb) = &opts.progress {
        cb(&progress);
    }
    let (tx, rx) = mpsc::channel::<Outcome>();
    let mut save_error = None;
    std::thread::scope(|scope| {
        let old = &old;
        let inputs = &inputs;
        scope.spawn(move || {
            pool.install(|| {
                inputs.par_iter().for_each_with(tx, |tx, input| {
                    if cancelled(opts) {
                        return;
                    }
                    let outcome = process(input, out, old, opts);
                    // The receiver lives until every sender is gone; a send error cannot
                    // happen, and would only mean the result is not recorded.
                    let _ = tx.send(outcome);
                });
            });
        });
        let mut last_save = Instant::now();
        for outcome in rx {
            let entry = match outcome {
                Outcome::Converted(e) => {
                    summary.converted += 1;
                    progress.converted += 1;
                    match e.status {
                        Status::Warning => summary.warnings += 1,
                        Status::NeedsOcr => summary.need_ocr += 1,
                        Status::Ok | Status::Error => {}
                    }
                    e
                }
                Outcome::Failed(e) => {
                    summary.failed += 1;
                    progress.failed += 1;
                    e
                }
                Outcome::Skipped(e) => {
                    summary.skipped += 1;
                    progress.skipped += 1;
                    if e.status == Status::Error {
                        summary.skipped_failed += 1;
                    }
                    e
                }
            };
            progress.done += 1;
            progress.last = entry.path.clone();
            current.insert(entry.path.clone(), entry);
            if let Some(cb) = &opts.progress {
                cb(&progress);
            }
            if last_save.elapsed() >= opts.manifest_every {
                if let Err(e) = manifest::write(&manifest_path, &current) {
                    save_error.get_or_insert(e);
                }
                last_save = Instant::now();
            }
        }
    });
    if let Some(e) = save_error {
        return Err(e);
    }
    if cancelled(opts) {
        summary.interrupted = progress.done < inputs.len();
        summary.not_done = inputs.len() - progress.done;
    }
    // An input with no manifest line (not started in an interrupted batch) keeps no output,
    // such as one a killed run wrote before its manifest line: the JSON files present are
    // those of the manifest.
    for input in &inputs {
        if !current.contains_key(&input.rel) {
            remove_outputs(out, &input.rel);
        }
    }
    manifest::write(&manifest_path, &current)?;
    // The datasets are always rewritten, even when nothing was converted: they depend on
    // options (`--excel`) and on inputs removed since the last run, not only on conversions.

    merge_datasets(out, &current, opts, &mut summary)?;
    if cancelled(opts) {
        // Nothing writes any more: a temporary file left now is an orphan.
        fsutil::remove_stale_tmp(out);
    }
    summary.entries = current.into_values().collect();
    summary.elapsed = started.elapsed();
    Ok(summary)
}

fn cancelled(opts: &BatchOptions) -> bool {
    opts.cancel.is_some_and(|c| c.load(Ordering::Relaxed))
}

/// Write the datasets from the row files of the converted inputs, in path order.
fn merge_datasets(
    out: &Path,
    entries: &BTreeMap<String, ManifestEntry>,
    opts: &BatchOptions,
    summary: &mut BatchSummary,
) -> Result<()> {
    let mut writer = DatasetWriter::create(
        &out.join(DATASETS_DIR),
        DatasetOptions {
            excel_bom: opts.excel,
        },
    )?;
    for entry in entries.values().filter(|e| e.status != Status::Error) {
        let paths = out_paths(out, &entry.path);
        let rows = std::fs::read(&paths.rows)
            .ok()
            .and_then(|b| serde_json::from_slice::<DocRows>(&b).ok())
            // The row file lost: rebuild the rows from the document itself.
            .or_else(|| {
                std::fs::read(&paths.json)
                    .ok()
                    .and_then(|b| serde_json::from_slice::<PlanDocument>(&b).ok())
                    .map(|d| DocRows::with_themes(&d, &opts.parse.rules.themes))
            });
        match rows {
            Some(rows) => {
                let themed: BTreeSet<usize> =
                    rows.item_themes.iter().map(|r| r.item_index).collect();
                summary.items += rows.items.len();
                summary.items_without_theme += rows.items.len().saturating_sub(themed.len());
                writer.push(&rows)?
            }
            None => summary.problems.push(format!(
                "{}: converted, but its output is missing from {}; rerun with --force",
                entry.path,
                out.display()
            )),
        }
    }
    writer.finish()
}

/// Read, convert and write one input. Never panics: a panic anywhere becomes an `error` line.
fn process(
    input: &walk::Input,
    out: &Path,
    old: &BTreeMap<String, ManifestEntry>,
    opts: &BatchOptions,
) -> Outcome {
    let rel = input.rel.as_str();
    let guarded = crate::guard(Path::new(rel), || Ok(process_inner(input, out, old, opts)));
    match guarded {
        Ok(o) => o,
        Err(e) => {
            remove_outputs(out, rel);
            Outcome::Failed(ManifestEntry::failed(
                rel,
                String::new(),
                0,
                e.code(),
                e.to_string(),
            ))
        }
    }
}

fn process_inner(
    input: &walk::Input,
    out: &Path,
    old: &BTreeMap<String, ManifestEntry>,
    opts: &BatchOptions,
) -> Outcome {
    let rel = input.rel.as_str();
    let started = Instant::now();
    let fail = |sha: String, bytes: u64, e: &Error| {
        remove_outputs(out, rel);
        let mut entry = ManifestEntry::failed(rel, sha, bytes, e.code(), e.to_string());
        entry.millis = millis(started);
        Outcome::Failed(entry)
    };
    let size = match std::fs::metadata(&input.path) {
        Ok(m) => m.len(),
        Err(source) => {
            return fail(
                String::new(),
                0,
                &Error::Io {
                    path: PathBuf::from(rel),
                    source,
                },
            )
        }
    };
    let max = opts.parse.ingest.max_bytes;
    if size > max {
        let e = Error::TooLarge {
            path: PathBuf::from(rel),
            reason: format!("{size} bytes, more than --max-bytes {max}"),
        };
        return fail(String::new(), size, &e);
    }
    let bytes = match std::fs::read(&input.path) {
        Ok(b) => b,
        Err(source) => {
            return fail(
                String::new(),
                size,
                &Error::Io {
                    path: PathBuf::from(rel),
                    source,
                },
            )
        }
    };
    let size = bytes.len() as u64;
    let sha = crate::ingest::sha256_hex(&bytes);
    let paths = out_paths(out, rel);

    if !opts.force {
        if let Some(prev) = old.get(rel) {
            if prev.sha256 == sha && prev.jplan_version == JPLAN_VERSION {
                let unchanged = match prev.status {
                    Status::Error => prev
                        .error
                        .as_ref()
                        .is_none_or(|e| !RETRY_CODES.contains(&e.code.as_str())),
                    Status::Ok | Status::Warning | Status::NeedsOcr => {
                        paths.json.is_file() && paths.rows.is_file()
                    }
                };
                if unchanged {
                    return Outcome::Skipped(prev.clone());
                }
            }
        }
    }

    let mut doc = match crate::parse_bytes(&bytes, Path::new(rel), &opts.parse) {
        Ok(d) => d,
        Err(e) => return fail(sha, size, &e),
    };
    if doc.source.format == SourceFormat::Txt && is_blank_text(&bytes) {
        doc.warnings.push(Warning::new(
            crate::model::WarningCode::TextEmpty,
            if bytes.is_empty() {
                "empty file (0 bytes): the document is empty".to_string()
            } else {
                "the file holds only blank space: the document is empty".to_string()
            },
            None,
        ));
    }
    drop(bytes);

    let rows = DocRows::with_themes(&doc, &opts.parse.rules.themes);
    let written = serde_json::to_string(&doc)
        .map_err(|e| std::io::Error::other(e.to_string()))
        .and_then(|mut s| {
            s.push('\n');
            crate::output::write_atomic(&paths.json, s.as_bytes())
        })
        .and_then(|_| {
            let r = serde_json::to_vec(&rows).map_err(|e| std::io::Error::other(e.to_string()))?;
            crate::output::write_atomic(&paths.rows, &r)
        });
    if let Err(e) = written {
        remove_outputs(out, rel);
        let mut entry = ManifestEntry::failed(
            rel,
            sha,
            size,
            "output",
            format!("{rel}: cannot write its output in {}: {e}", out.display()),
        );
        entry.millis = millis(started);
        return Outcome::Failed(entry);
    }

    let plan = rows.plans.first();
    let entry = ManifestEntry {
        path: rel.to_string(),
        sha256: sha,
        bytes: size,
        jplan_version: JPLAN_VERSION.to_string(),
        status: if doc.warnings.iter().any(|w| w.code == NO_TEXT) {
            Status::NeedsOcr
        } else if doc.warnings.is_empty() {
            Status::Ok
        } else {
            Status::Warning
        },
        output: Some(format!("{rel}.json")),
        format: plan.map(|p| p.format.clone()),
        pages: doc.source.pages,
        sections: plan.map_or(0, |p| p.sections),
        items: doc.items.len(),
        indicators: plan.map_or(0, |p| p.indicators),
        evaluations: doc.evaluations.len(),
        tables: doc.tables.len(),
        dates: doc.dates.len(),
        error: None,
        warnings: summarize_warnings(&doc.warnings),
        millis: millis(started),
    };
    Outcome::Converted(entry)
}

fn millis(since: Instant) -> u64 {
    u64::try_from(since.elapsed().as_millis()).unwrap_or(u64::MAX)
}

/// Only blank space (and perhaps a UTF-8 byte order mark)?
fn is_blank_text(bytes: &[u8]) -> bool {
    let body = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    body.iter().all(|b| b.is_ascii_whitespace() || *b == 0x0c)
}

/// One manifest issue per warning code (first message, with the count of the others), so a
/// document with hundreds of warnings of one kind keeps a short manifest line.
fn summarize_warnings(warnings: &[Warning]) -> Vec<Issue> {
    let mut order: Vec<&str> = Vec::new();
    let mut by_code: BTreeMap<&str, (&str, usize)> = BTreeMap::new();
    for w in warnings {
        let slot = by_code.entry(w.code.as_str()).or_insert_with(|| {
            order.push(w.code.as_str());
            (w.message.as_str(), 0)
        });
        slot.1 += 1;
    }
    order
        .into_iter()
        .filter_map(|code| {
            by_code.get(code).map(|(msg, n)| Issue {
                code: code.to_string(),
                message: if *n > 1 {
                    format!("{msg} (and {} more)", n - 1)
                } else {
                    msg.to_string()
                },
            })
        })
        .collect()
}
