//! Ingest: turn input bytes (PDF or TXT) into the one extracted form every later stage reads.
//!
//! Like pandoc's readers, each format has its own reader and all of them produce
//! [`Extracted`]: pages of lines, each line knowing its page and 1-based line number, with
//! table columns separated by tabs. Later stages never look at the input format again.

pub mod pdf;
pub(crate) mod radicals;
pub mod txt;

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::model::{Source, SourceFormat, Warning};

/// One line of extracted text. Table columns are separated by `\t`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Line {
    /// The line's text as extracted, columns separated by `\t`.
    pub text: String,
    /// Page furniture: page numbers and running headers/footers. Kept, but not body text.
    pub furniture: bool,
}

/// One page of extracted text; `lines[i]` is line `i + 1` of the page.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Page {
    /// 1-based page number.
    pub number: u32,
    /// The page's lines, top to bottom.
    pub lines: Vec<Line>,
}

/// The output of every reader.
#[derive(Debug, Clone, PartialEq)]
pub struct Extracted {
    /// The input file and its extractor.
    pub source: Source,
    /// The pages, in order (only the asked-for range).
    pub pages: Vec<Page>,
    /// What the reader noticed (encoding, repairs, pages without text).
    pub warnings: Vec<Warning>,
}

impl Extracted {
    /// The text as `jplan extract` prints it: lines joined by `\n`, pages separated by `\f`
    /// (like pdftotext).
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for (i, page) in self.pages.iter().enumerate() {
            if i > 0 {
                out.push('\u{c}');
            }
            for line in &page.lines {
                out.push_str(&line.text);
                out.push('\n');
            }
        }
        out
    }
}

/// Options that limit and steer ingestion.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Largest input accepted, in bytes.
    pub max_bytes: u64,
    /// Time budget for one document, in seconds: every stage, from reading the file to the
    /// records ([`crate::parse_file`] sets `deadline` from it).
    pub timeout_secs: u64,
    /// When the document's time is up; `None`: `timeout_secs` from the start of ingestion.
    pub deadline: Option<std::time::Instant>,
    /// What one PDF may cost (inflated bytes, tokens and glyphs per page, objects).
    pub limits: pdf::Limits,
    /// Longest line kept whole, in bytes; longer lines are cut into pieces of at most this
    /// size (at character boundaries) with a `text.long_line` warning, so that no later stage
    /// meets a 50 MB line.
    pub max_line_bytes: usize,
    /// Most pages read from one document: a PDF's later pages are not read (warning
    /// `pdf.too_many_pages`); a TXT's later form-feed pages are kept in the last page
    /// (warning `text.too_many_pages`).
    pub max_pages: usize,
    /// Compute `source.sha256` of the file read by [`ingest_file`] (TXT or PDF). A caller that only
    /// wants the text (`jplan normalize`, `jplan extract`) can skip it; the field is then
    /// empty.
    pub hash: bool,
    /// The password of an encrypted PDF (user or owner password); without it the empty user
    /// password is tried.
    pub password: Option<String>,
    /// Only the pages from `first_page` to `last_page` (1-based, inclusive; like pdftotext
    /// `-f`/`-l`) are read; the others are left out. Spans keep the document's page numbers.
    pub first_page: u32,
    /// See `first_page`; `None`: to the last page.
    pub last_page: Option<u32>,
}

impl IngestOptions {
    /// Whether page `n` is in the range `first_page..=last_page`.
    pub fn wants_page(&self, n: u32) -> bool {
        n >= self.first_page && self.last_page.is_none_or(|l| n <= l)
    }

    /// Whether a page range other than every page is asked for.
    pub fn has_page_range(&self) -> bool {
        self.first_page > 1 || self.last_page.is_some()
    }
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            max_bytes: 512 * 1024 * 1024,
            timeout_secs: 60,
            deadline: None,
            limits: pdf::Limits::default(),
            max_line_bytes: 64 * 1024,
            max_pages: 10_000,
            hash: true,
            password: None,
            first_page: 1,
            last_page: None,
        }
    }
}

/// Which reader a file goes to.
pub(crate) fn detect_format(path: &Path, bytes: &[u8]) -> SourceFormat {
    if bytes.starts_with(b"%PDF")
        || bytes.len() > 5
            && bytes[..bytes.len().min(1024)]
                .windows(5)
                .any(|w| w == b"%PDF-")
    {
        return SourceFormat::Pdf;
    }
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
    {
        Some(e) if e == "pdf" => SourceFormat::Pdf,
        _ => SourceFormat::Txt,
    }
}

/// Lower-case hex SHA-256 of `bytes`.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// Read a file and extract its text.
pub fn ingest_file(path: &Path, opts: &IngestOptions) -> Result<Extracted> {
    let meta = std::fs::metadata(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    if meta.len() > opts.max_bytes {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            reason: format!(
                "{} bytes, more than --max-bytes {}",
                meta.len(),
                opts.max_bytes
            ),
        });
    }
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    if detect_format(path, &bytes) == SourceFormat::Txt && bytes.len() as u64 <= opts.max_bytes {
        // The TXT reader takes the bytes over: UTF-8 text is not copied.
        let mut ex = txt::extract_owned(bytes, path, opts.hash)?;
        crate::deadline::check();
        keep_page_range(&mut ex, opts)?;
        merge_extra_pages(&mut ex, opts.max_pages);
        cut_long_lines(&mut ex, opts.max_line_bytes);
        return Ok(ex);
    }
    ingest_bytes(&bytes, path, opts)
}

/// Extract the text of `bytes`; `path` names the input in messages and in `source.path`.
pub fn ingest_bytes(bytes: &[u8], path: &Path, opts: &IngestOptions) -> Result<Extracted> {
    if bytes.len() as u64 > opts.max_bytes {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            reason: format!(
                "{} bytes, more than --max-bytes {}",
                bytes.len(),
                opts.max_bytes
            ),
        });
    }
    if bytes.is_empty() && detect_format(path, bytes) == SourceFormat::Pdf {
        return Err(Error::Pdf {
            path: path.to_path_buf(),
            reason: "empty file (0 bytes)".into(),
        });
    }
    let mut ex = match detect_format(path, bytes) {
        SourceFormat::Pdf => {
            if let Some(what) = not_a_pdf(bytes) {
                return Err(Error::Pdf {
                    path: path.to_path_buf(),
                    reason: what,
                });
            }
            pdf::extract(bytes, path, opts)?
        }
        SourceFormat::Txt => {
            let mut ex = txt::extract(bytes, path)?;
            crate::deadline::check();
            keep_page_range(&mut ex, opts)?;
            merge_extra_pages(&mut ex, opts.max_pages);
            ex
        }
    };
    if detect_format(path, bytes) == SourceFormat::Pdf {
        // The PDF reader reads only the pages of the range; this checks that there was one.
        keep_page_range(&mut ex, opts)?;
    }
    cut_long_lines(&mut ex, opts.max_line_bytes);
    Ok(ex)
}

/// For a file named `.pdf` without a `%PDF-` header: what it seems to be instead (an HTML
/// page saved under a PDF's name is common when a download failed).
pub(crate) fn not_a_pdf(bytes: &[u8]) -> Option<String> {
    let head = bytes.get(..bytes.len().min(1024)).unwrap_or_default();
    if head.windows(5).any(|w| w == b"%PDF-") {
        return None;
    }
    let body = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = body
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(body.len());
    let lower: Vec<u8> = body
        .get(start..)
        .unwrap_or_default()
        .iter()
        .take(256)
        .map(u8::to_ascii_lowercase)
        .collect();
    let what = if lower.starts_with(b"<!doctype html")
        || lower.starts_with(b"<html")
        || (lower.starts_with(b"<") && lower.windows(5).any(|w| w == b"<html"))
    {
        "an HTML page (a web page saved under a .pdf name, e.g. an error page of a failed download)"
    } else if lower.starts_with(b"<?xml") || lower.starts_with(b"<") {
        "an XML or HTML document"
    } else if body.starts_with(b"PK\x03\x04") {
        "a ZIP archive (perhaps a Word, Excel or other Office file)"
    } else if body.starts_with(b"\xD0\xCF\x11\xE0") {
        "an old Office document (.doc, .xls)"
    } else if body.starts_with(b"\x89PNG") || body.starts_with(b"\xFF\xD8\xFF") {
        "an image (PNG or JPEG)"
    } else {
        return Some("no %PDF- header: the file is not a PDF".into());
    };
    Some(format!("it is {what}, not a PDF (no %PDF- header)"))
}

/// Keep only the pages of `opts`' range (`--first`/`--last`); an error when the range holds
/// no page of the document. `source.pages` becomes the number of pages kept.
pub(crate) fn keep_page_range(ex: &mut Extracted, opts: &IngestOptions) -> Result<()> {
    if !opts.has_page_range() {
        return Ok(());
    }
    ex.pages.retain(|p| opts.wants_page(p.number));
    if ex.pages.is_empty() {
        let last = opts
            .last_page
            .map_or_else(|| "the end".to_string(), |l| format!("page {l}"));
        return Err(Error::Unsupported {
            path: ex.source.path.clone().into(),
            reason: format!(
                "no page from page {} to {last} (--first/--last): the document is shorter",
                opts.first_page
            ),
        });
    }
    ex.source.pages = ex.pages.len() as u32;
    Ok(())
}

/// Keep at most `max` pages: the lines of later pages move into the last kept page (nothing is
/// dropped), with a `text.too_many_pages` warning. Spans of the moved lines count on from the
/// last kept page's lines.
pub(crate) fn merge_extra_pages(ex: &mut Extracted, max: usize) {
    let max = max.max(1);
    if ex.pages.len() <= max {
        return;
    }
    let total = ex.pages.len();
    let extra: Vec<Page> = ex.pages.drain(max..).collect();
    if let Some(last) = ex.pages.last_mut() {
        for p in extra {
            last.lines.extend(p.lines);
        }
    }
    ex.source.pages = ex.pages.len() as u32;
    ex.warnings.push(Warning::new(
        crate::model::WarningCode::TextTooManyPages,
        format!("{total} pages, more than --max-pages {max}: pages after {max} are kept as part of page {max}"),
        None,
    ));
}

/// Cut lines longer than `max` bytes into pieces at character boundaries, with a warning.
/// Spans refer to the extracted text as `jplan extract` prints it, so they stay exact.
pub(crate) fn cut_long_lines(ex: &mut Extracted, max: usize) {
    let max = max.max(16);
    for page in &mut ex.pages {
        if page.lines.iter().all(|l| l.text.len() <= max) {
            continue;
        }
        let mut lines = Vec::with_capacity(page.lines.len());
        for (i, line) in page.lines.drain(..).enumerate() {
            if line.text.len() <= max {
                lines.push(line);
                continue;
            }
            let first = lines.len() as u32 + 1;
            let mut rest = line.text.as_str();
            while !rest.is_empty() {
                let mut cut = max.min(rest.len());
                while !rest.is_char_boundary(cut) {
                    cut -= 1;
                }
                lines.push(Line {
                    text: rest[..cut].to_string(),
                    furniture: line.furniture,
                });
                rest = &rest[cut..];
            }
            ex.warnings.push(Warning::new(
                crate::model::WarningCode::TextLongLine,
                format!(
                    "line {} of page {} is {} bytes long; cut into lines of at most {max} bytes",
                    i + 1,
                    page.number,
                    line.text.len()
                ),
                Some(crate::model::Span::lines(
                    page.number,
                    first,
                    lines.len() as u32,
                )),
            ));
        }
        page.lines = lines;
    }
}
