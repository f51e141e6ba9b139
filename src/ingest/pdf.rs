//! The PDF reader (baseline): pdf-extract's plain text, page by page, with panics inside
//! the crate caught at the file boundary. The layout-aware reader (glyph positions, column
//! gaps as tabs, radical code points, furniture) replaces this; see issue 3.

use std::path::Path;

use super::{sha256_hex, Extracted, IngestOptions, Line, Page};
use crate::error::{Error, Result};
use crate::model::{Source, SourceFormat, Warning};

/// The name and version written in `source.extractor`.
pub const EXTRACTOR: &str = concat!("pdf-extract 0.12.1 + jplan ", env!("CARGO_PKG_VERSION"));

/// Extract the text of a PDF's bytes.
pub fn extract(bytes: &[u8], path: &Path, _opts: &IngestOptions) -> Result<Extracted> {
    let owned = bytes.to_vec();
    let result =
        std::panic::catch_unwind(move || pdf_extract::extract_text_from_mem_by_pages(&owned));
    let pages_text = match result {
        Ok(Ok(pages)) => pages,
        Ok(Err(e)) => {
            let reason = e.to_string();
            let lower = reason.to_ascii_lowercase();
            if lower.contains("encrypt") || lower.contains("decrypt") || lower.contains("password")
            {
                return Err(Error::Encrypted {
                    path: path.to_path_buf(),
                    reason,
                });
            }
            return Err(Error::Pdf {
                path: path.to_path_buf(),
                reason,
            });
        }
        Err(panic) => {
            let reason = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "the PDF library panicked".into());
            return Err(Error::Pdf {
                path: path.to_path_buf(),
                reason: format!("the PDF library failed: {reason}"),
            });
        }
    };
    let mut warnings = Vec::new();
    let pages: Vec<Page> = pages_text
        .iter()
        .enumerate()
        .map(|(i, t)| Page {
            number: i as u32 + 1,
            lines: t
                .lines()
                .map(|l| Line {
                    text: l.to_string(),
                    furniture: false,
                })
                .collect(),
        })
        .collect();
    if pages
        .iter()
        .all(|p| p.lines.iter().all(|l| l.text.trim().is_empty()))
    {
        warnings.push(Warning::new(
            "pdf.no_text",
            "no extractable text; OCR needed (scanned or image-only PDF)",
            None,
        ));
    }
    Ok(Extracted {
        source: Source {
            path: path.display().to_string(),
            sha256: sha256_hex(bytes),
            format: SourceFormat::Pdf,
            encoding: None,
            pages: pages.len() as u32,
            extractor: EXTRACTOR.to_string(),
        },
        pages,
        warnings,
    })
}
