//! The PDF reader: glyph positions from pdf-extract, laid out into lines and table cells.
//!
//! The document is loaded with lopdf, decrypted with the empty user password when needed, and
//! its fonts are repaired before pdf-extract sees them (`fonts`: `/W` range entries that
//! pdf-extract misreads, CMap names it would panic on). Each page then
//! runs through pdf-extract's `OutputDev`, which hands us every glyph with its transform;
//! text in fonts with a predefined Japanese CMap (`UniJIS-UCS2-H`, `90ms-RKSJ-V`, …), which
//! pdf-extract cannot decode, is read by jplan's own content reader (`cmap_text`, codes
//! decoded by `cmap`) and joins pdf-extract's glyphs;
//! the glyphs of form XObjects are placed where each form is drawn (`forms`: pdf-extract
//! forgets the `cm` at the `Do` and the form's `/Matrix`) and glyphs off the media box are left
//! out, as pdftotext does; a scan's invisible OCR layer is flagged (`ocr_layer`);
//! `layout` groups glyphs into lines by baseline, puts a tab where the gap between glyphs is
//! a column gap, joins vertical runs and orders two-column text. `furniture` flags page
//! numbers and running headers. Radical code points become the ideographs they stand for
//! (`crate::ingest::radicals`).
//!
//! Limits: a panic inside pdf-extract is caught per page (that page comes out empty, with a
//! warning). What a document may cost is checked before it is spent (`limits`: bytes
//! inflated, tokens and glyphs per page, objects). The whole document runs on a worker thread
//! under a `limits::Stop`: the worker checks it per page and on every glyph and path
//! pdf-extract hands over, so when the deadline passes (or a page goes over a limit) the work
//! stops and its memory is freed; the caller waits for that (a short grace) before it reports
//! the timeout. Only a step that checks nothing (lopdf parsing one content stream, which the
//! limits bound) can keep the worker busy past the deadline, and only until it ends.

mod cmap;
#[cfg(test)]
mod cmap_damage_tests;
mod cmap_text;
mod content;
mod fasthash;
mod fonts;
mod forms;
pub(crate) mod furniture;
mod glyph_tables;
mod layout;
pub(crate) mod limits;
mod objstm;
mod ocr_layer;
mod once;
mod quotes;
mod repair;
mod shown;
mod strip;
mod window;

pub use limits::Limits;

use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use lopdf::ObjectId;
use rayon::prelude::*;

use super::{sha256_hex, Extracted, IngestOptions, Line, Page};
use crate::error::{Error, Result};
use crate::model::{Source, SourceFormat, Span, Warning};

/// The name and version written in `source.extractor`.
pub(crate) const EXTRACTOR: &str = concat!(
    "pdf-extract 0.12.1 + jplan layout ",
    env!("CARGO_PKG_VERSION")
);

/// PDF worker threads running now (in this process).
static RUNNING: AtomicUsize = AtomicUsize::new(0);

/// How many PDF worker threads are running: 0 once every document has ended, including the
/// ones that timed out (their workers stop at the next check).
pub fn running_workers() -> usize {
    RUNNING.load(Ordering::SeqCst)
}

/// How long the caller waits, after the deadline, for a stopped worker to end.
const GRACE: Duration = Duration::from_secs(3);

/// Counts a worker as running while it lives.
struct Running;

impl Running {
    fn start() -> Running {
        RUNNING.fetch_add(1, Ordering::SeqCst);
        Running
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        RUNNING.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Extract the text of a PDF's bytes, within the time budget and the limits of `opts`.
pub fn extract(bytes: &[u8], path: &Path, opts: &IngestOptions) -> Result<Extracted> {
    let owned = bytes.to_vec();
    let max_pages = opts.max_pages.max(1);
    let deadline = opts
        .deadline
        .unwrap_or_else(|| Instant::now() + Duration::from_secs(opts.timeout_secs.max(1)));
    let stop = limits::Stop::new(deadline);
    let worker_stop = stop.clone();
    let worker_limits = opts.limits;
    let seconds = opts.timeout_secs;
    // Pages of a large document ([`PARALLEL_CONTENT`]) are laid out in parallel unless the
    // caller runs on a one-thread pool (`jplan batch --jobs 1`): the worker thread below is
    // outside the caller's pool, so ask now when the caller is in a pool. Outside any pool the
    // worker asks the global pool itself, and only for a large document: asking starts the
    // pool's threads, which a small document never needs.
    let pool_threads = rayon::current_thread_index().map(|_| rayon::current_num_threads());
    let worker_path = path.to_path_buf();
    let password = opts.password.clone();
    let (first_page, last_page) = (opts.first_page, opts.last_page);
    let (tx, rx) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("jplan-pdf".into())
        .spawn(move || {
            let running = Running::start();
            let result = std::panic::catch_unwind(AssertUnwindSafe(|| {
                let work = Work {
                    path: &worker_path,
                    password: password.as_deref(),
                    max_pages,
                    first_page,
                    last_page,
                    pool_threads,
                    limits: &worker_limits,
                    stop: &worker_stop,
                    seconds,
                };
                extract_pages(&owned, &work)
            }));
            // The memory goes before the caller hears of the end.
            drop(owned);
            drop(running);
            // The receiver may have given up (timeout); nothing to do then.
            let _ = tx.send(result);
        });
    if let Err(e) = spawned {
        return Err(Error::Internal {
            path: path.to_path_buf(),
            reason: format!("cannot start the PDF worker thread: {e}"),
        });
    }
    let budget = deadline.saturating_duration_since(Instant::now());
    let (pages, mut warnings) = match rx.recv_timeout(budget) {
        Ok(Ok(r)) => r?,
        Ok(Err(panic)) => {
            return Err(Error::Pdf {
                path: path.to_path_buf(),
                reason: format!("the PDF library failed: {}", panic_message(&panic)),
            })
        }
        Err(mpsc::RecvTimeoutError::Timeout) => {
            // Stop the worker and give it a moment to end and free its memory.
            stop.cancel();
            let _ = rx.recv_timeout(GRACE);
            return Err(Error::Timeout {
                path: path.to_path_buf(),
                seconds: opts.timeout_secs,
            });
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            return Err(Error::Internal {
                path: path.to_path_buf(),
                reason: "the PDF worker thread stopped without a result".into(),
            })
        }
    };
    let no_text = pages
        .iter()
        .all(|p| p.lines.iter().all(|l| l.text.trim().is_empty()));
    if no_text
        && warnings
            .iter()
            .any(|w| w.code == crate::model::WarningCode::PdfRepaired)
    {
        // A repaired file with no text at all: the repair recovered nothing worth a document.
        let why = warnings
            .iter()
            .find(|w| w.code == crate::model::WarningCode::PdfPageFailed)
            .map_or(String::new(), |w| format!(" ({})", w.message));
        return Err(Error::Pdf {
            path: path.to_path_buf(),
            reason: format!("damaged file: no text could be recovered{why}"),
        });
    }
    if no_text
        && !warnings
            .iter()
            .any(|w| w.code == crate::model::WarningCode::PdfNoUnicode)
    {
        warnings.push(Warning::new(
            crate::model::WarningCode::PdfNoText,
            "no extractable text; OCR needed (scanned or image-only PDF)",
            None,
        ));
    }
    Ok(Extracted {
        source: Source {
            path: path.display().to_string(),
            // Left empty for the commands that never print it (`IngestOptions::hash`).
            sha256: if opts.hash {
                sha256_hex(bytes)
            } else {
                String::new()
            },
            format: SourceFormat::Pdf,
            encoding: None,
            pages: pages.len() as u32,
            extractor: EXTRACTOR.to_string(),
        },
        pages,
        warnings,
    })
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "panic".into())
}

/// Page content (inflated bytes over the pages read) from which pages are laid out on more
/// than one thread: one to two seconds of work on one core. A second thread saves wall time
/// and costs CPU (10-50% more on the 2-core machine of docs/pdf.md, "Threads"), so it is
/// spent only where a reader waits long; `jplan batch` reads files in parallel anyway.
const PARALLEL_CONTENT: u64 = 16 << 20;

/// What the worker needs to know.
struct Work<'a> {
    path: &'a Path,
    /// The password given with `--password`, if any.
    password: Option<&'a str>,
    max_pages: usize,
    first_page: u32,
    last_page: Option<u32>,
    /// Threads of the caller's rayon pool, when it runs in one.
    pool_threads: Option<usize>,
    limits: &'a limits::Limits,
    stop: &'a limits::Stop,
    /// The time limit, for the message.
    seconds: u64,
}

impl Work<'_> {
    fn error(&self, why: limits::Stopped) -> Error {
        match why {
            limits::Stopped::Timeout => Error::Timeout {
                path: self.path.to_path_buf(),
                seconds: self.seconds,
            },
            limits::Stopped::Limit(reason) => Error::Limit {
                path: self.path.to_path_buf(),
                reason,
            },
        }
    }

    /// `Err(Timeout)` once the document is stopped.
    fn check(&self) -> Result<()> {
        if self.stop.stopped() {
            return Err(self.error(limits::Stopped::Timeout));
        }
        Ok(())
    }
}

/// Load, decrypt, repair fonts, and lay out every page (pages in parallel), within the limits.
fn extract_pages(bytes: &[u8], work: &Work) -> Result<(Vec<Page>, Vec<Warning>)> {
    let (path, max_pages) = (work.path, work.max_pages);
    limits::check_raw(bytes, work.limits, work.stop).map_err(|w| work.error(w))?;
    let (mut doc, repairs) = load_repairing(bytes, path, work.password)?;
    let learned = glyph_tables::apply(&mut doc);
    work.check()?;
    let mut page_numbers: Vec<(u32, ObjectId)> = doc.get_pages().into_iter().collect();
    // --first/--last: the other pages are not laid out at all.
    page_numbers.retain(|&(n, _)| n >= work.first_page && work.last_page.is_none_or(|l| n <= l));
    let all_pages = page_numbers.len();
    page_numbers.truncate(max_pages);
    let measured = limits::check_document(&doc, &page_numbers, work.limits, work.stop)
        .map_err(|w| work.error(w))?;
    let (content_bytes, mut plain) = (measured.content_bytes, measured.plain);
    // A second thread costs CPU (its own heap, waking it, a slower core when both run):
    // worth it only for a document with much to lay out.
    let parallel = content_bytes >= PARALLEL_CONTENT
        && work.pool_threads.unwrap_or_else(rayon::current_num_threads) > 1;
    let prepared = fonts::prepare(&mut doc);
    work.check()?;
    let texts = once::apply(&mut doc);
    work.check()?;
    let page_ids: Vec<ObjectId> = page_numbers.iter().map(|&(_, id)| id).collect();
    strip::apply(&mut doc, &page_ids, &mut plain);
    drop(plain);
    work.check()?;
    quotes::rewrite(&mut doc);
    forms::mark(&mut doc);
    let mut warnings = repairs;
    warnings.extend(learned);
    warnings.extend(prepared.warnings);
    if all_pages > max_pages {
        warnings.push(Warning::new(
            crate::model::WarningCode::PdfTooManyPages,
            format!(
                "{all_pages} pages, more than --max-pages {max_pages}: pages after {max_pages} were not read"
            ),
            None,
        ));
    }
    let ocr_pages = ocr_layer::pages(&doc, &page_numbers);
    if !ocr_pages.is_empty() {
        let file = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let first = ocr_pages.first().copied().unwrap_or(1);
        warnings.push(Warning::new(
            crate::model::WarningCode::PdfOcrLayer,
            ocr_layer::message(&file, &ocr_pages),
            Some(Span::line(first, 1)),
        ));
    }
    let texts = &texts;
    let stop = work.stop;
    type PageOut = (
        u32,
        Vec<layout::TextLine>,
        Option<String>,
        Option<limits::Stopped>,
        usize,
    );
    // Pages are handed to pdf-extract a window at a time ([`window`]): `local` when the window's
    // pages are asked for by their place in it.
    let windows = window::Windows::open(&mut doc);
    let mut laid_out: Vec<PageOut> = Vec::with_capacity(page_numbers.len());
    for chunk in page_numbers.chunks(window::SIZE) {
        let local = windows.as_ref().is_some_and(|w| {
            let ids: Vec<ObjectId> = chunk.iter().map(|&(_, id)| id).collect();
            w.show(&mut doc, &ids)
        });
        let doc = &doc;
        let page = |(i, &(n, page_id)): (usize, &(u32, ObjectId))| -> PageOut {
            // The number pdf-extract finds the page by.
            let asked = if local { i as u32 + 1 } else { n };
            if stop.stopped() {
                return (n, Vec::new(), None, Some(limits::Stopped::Timeout), 0);
            }
            let mut collector =
                layout::Collector::new(texts).with_placements(forms::placements(doc, page_id));
            let mut guarded = limits::Guarded::new(&mut collector, stop, n, work.limits);
            let run = std::panic::catch_unwind(AssertUnwindSafe(|| {
                // Glyphs of Type0 fonts get their text from jplan's code tables (`once`).
                if texts.has_code_tables() {
                    let shown = shown::shown_strings(doc, page_id);
                    let mut decoding = shown::Decoding::new(&mut guarded, texts, shown);
                    pdf_extract::output_doc_page(doc, &mut decoding, asked)
                } else {
                    pdf_extract::output_doc_page(doc, &mut guarded, asked)
                }
            }));
            if let Some(why) = guarded.stopped.take() {
                return (n, Vec::new(), None, Some(why), 0);
            }
            let failure = match run {
                Ok(Ok(())) => None,
                Ok(Err(e)) => Some(e.to_string()),
                Err(panic) => Some(panic_message(&*panic)),
            };
            // Glyphs read before a failure are kept: a partial page beats an empty one.
            let unknown = collector.unknown();
            let media_box = collector.media_box();
            let (mut glyphs, rules) = collector.into_parts();
            // Text in fonts with predefined CMaps, which pdf-extract shows as nothing.
            if prepared.predefined_cmaps {
                let own = std::panic::catch_unwind(AssertUnwindSafe(|| {
                    cmap_text::page_glyphs(doc, page_id)
                }));
                if let Ok(own) = own {
                    glyphs.extend(own);
                }
            }
            layout::drop_off_page(&mut glyphs, media_box);
            if glyphs.len() as u64 > work.limits.max_glyphs {
                stop.cancel();
                let why = format!(
                    "page {n} draws more than {} glyphs (--max-glyphs)",
                    limits::count(work.limits.max_glyphs)
                );
                return (n, Vec::new(), None, Some(limits::Stopped::Limit(why)), 0);
            }
            if stop.stopped() {
                return (n, Vec::new(), None, Some(limits::Stopped::Timeout), 0);
            }
            (n, layout::lay_out(glyphs, &rules), failure, None, unknown)
        };
        // One thread: this one, whose heap already holds the document.
        if parallel {
            laid_out.par_extend(chunk.par_iter().enumerate().map(page));
        } else {
            laid_out.extend(chunk.iter().enumerate().map(page));
        }
    }
    if let Some(w) = windows {
        w.close(&mut doc);
    }
    // A page over a limit names the limit; else a stopped page means the time is up.
    let mut stopped = None;
    for (_, _, _, why, _) in &laid_out {
        match why {
            Some(limits::Stopped::Limit(_)) => {
                stopped = why.clone();
                break;
            }
            Some(limits::Stopped::Timeout) if stopped.is_none() => stopped = why.clone(),
            _ => {}
        }
    }
    if let Some(why) = stopped {
        return Err(work.error(why));
    }
    let laid_out: Vec<_> = laid_out
        .into_iter()
        .map(|(n, lines, failure, _, unknown)| (n, lines, failure, unknown))
        .collect();
    let mut text_pages = Vec::with_capacity(laid_out.len());
    let mut numbers = Vec::with_capacity(laid_out.len());
    for (n, lines, failure, unknown) in laid_out {
        // The document's page number (also with --first: spans point into the whole file).
        let page_no = n;
        numbers.push(n);
        if unknown > 0 {
            warnings.push(Warning::new(
                crate::model::WarningCode::PdfNoUnicode,
                format!("page {n}: {unknown} glyphs with no known text were left out"),
                Some(Span::line(page_no, 1)),
            ));
        }
        if let Some(reason) = failure {
            warnings.push(Warning::new(
                crate::model::WarningCode::PdfPageFailed,
                format!("page {n}: the PDF library failed, text of this page may be incomplete: {reason}"),
                Some(Span::line(page_no, 1)),
            ));
        }
        text_pages.push(lines);
    }
    let flags = furniture::detect(&text_pages);
    let pages = text_pages
        .into_iter()
        .zip(flags)
        .zip(numbers)
        .map(|((lines, flags), number)| Page {
            number,
            lines: lines
                .into_iter()
                .zip(flags)
                .map(|(l, furniture)| Line {
                    text: l.text,
                    furniture,
                })
                .collect(),
        })
        .collect();
    Ok((pages, warnings))
}

/// Parse the file and, if it is encrypted, open it with `password` (user or owner password),
/// or else with the empty user password.
fn load(bytes: &[u8], path: &Path, password: Option<&str>) -> Result<pdf_extract::Document> {
    // The reader decrypts as it parses (object streams are encrypted too), so a password is
    // given to the loader, not to `decrypt` afterwards.
    // Object streams are read without the structure tree ([`objstm`]).
    let options = lopdf::LoadOptions {
        password: password.map(str::to_string),
        filter: objstm::has_object_streams(bytes).then_some(objstm::filter as lopdf::FilterFunc),
        ..Default::default()
    };
    let loaded =
        std::panic::catch_unwind(|| pdf_extract::Document::load_mem_with_options(bytes, options));
    let mut doc = match loaded {
        Ok(Ok(doc)) => doc,
        Ok(Err(e)) => {
            let reason = e.to_string();
            if reason.to_ascii_lowercase().contains("decrypt")
                || reason.to_ascii_lowercase().contains("password")
            {
                return Err(Error::Encrypted {
                    path: path.to_path_buf(),
                    reason: password_hint(password, &reason),
                });
            }
            return Err(Error::Pdf {
                path: path.to_path_buf(),
                reason,
            });
        }
        Err(panic) => {
            return Err(Error::Pdf {
                path: path.to_path_buf(),
                reason: format!("the PDF parser failed: {}", panic_message(&*panic)),
            })
        }
    };
    if doc.is_encrypted() {
        if let Err(e) = doc.decrypt(password.unwrap_or("")) {
            return Err(Error::Encrypted {
                path: path.to_path_buf(),
                reason: password_hint(password, &e.to_string()),
            });
        }
    }
    Ok(doc)
}

/// Why an encrypted PDF did not open, and what to do about it.
fn password_hint(password: Option<&str>, reason: &str) -> String {
    match password {
        None => format!(
            "it needs a password; give it with --password PASSWORD (the empty user password \
             does not open it: {reason})"
        ),
        Some(_) => format!("the password given with --password does not open it ({reason})"),
    }
}

/// [`load`], then the repairs poppler also makes: a page tree that loops or reaches no page is
/// rebuilt from the page objects; a file that does not load, or loads without pages, gets its
/// cross-reference table rebuilt by scanning for objects. Each repair is a warning.
fn load_repairing(
    bytes: &[u8],
    path: &Path,
    password: Option<&str>,
) -> Result<(pdf_extract::Document, Vec<Warning>)> {
    let no_pages = || Error::Pdf {
        path: path.to_path_buf(),
        reason: "no pages found (truncated or damaged file?)".into(),
    };
    let first = load(bytes, path, password);
    if let Ok(doc) = &first {
        if !doc.get_pages().is_empty() {
            return first.map(|d| (d, Vec::new()));
        }
    }
    if let Err(Error::Encrypted { .. }) = &first {
        return first.map(|d| (d, Vec::new()));
    }
    let mut repairs = Vec::new();
    // What to report when no repair works: the loader's own reason, or "no pages".
    let original = match first {
        Ok(mut doc) => {
            if repair::rebuild_page_tree(&mut doc) {
                repairs.push(repair::warning("page tree rebuilt from its page objects"));
                return Ok((doc, repairs));
            }
            no_pages()
        }
        Err(e) => e,
    };
    let Some(fixed) = repair::rebuild_xref(bytes) else {
        return Err(original);
    };
    let Ok(mut doc) = load(&fixed, path, password) else {
        return Err(original);
    };
    repairs.push(repair::warning(
        "cross-reference table rebuilt by scanning for objects",
    ));
    if doc.get_pages().is_empty() {
        if repair::rebuild_page_tree(&mut doc) {
            repairs.push(repair::warning("page tree rebuilt from its page objects"));
        } else {
            return Err(no_pages());
        }
    }
    Ok((doc, repairs))
}

/// The PDFs the unit tests read content from: those of `corpus/pdf`, `corpus/pdf/cmap` and
/// the real PDFs (`JPLAN_REALPDF`, else `../shared/realpdf`, when present).
#[cfg(test)]
pub(crate) fn test_pdf_paths() -> Vec<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs = vec![root.join("corpus/pdf"), root.join("corpus/pdf/cmap")];
    match std::env::var_os("JPLAN_REALPDF") {
        Some(d) => dirs.push(d.into()),
        None => dirs.push(root.join("../shared/realpdf")),
    }
    let mut out = Vec::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        out.extend(
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "pdf")),
        );
    }
    out
}
