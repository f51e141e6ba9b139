//! Errors that stop one file. Each names the file and the reason; a batch records it and goes on.

use std::path::PathBuf;

/// Why a file could not be converted.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// An output could not be written (exit status 3 in `jplan`).
    #[error("{path}: cannot write: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: not a text file: {reason}")]
    NotText { path: PathBuf, reason: String },
    #[error("{path}: not a PDF jplan can read: {reason}")]
    Pdf { path: PathBuf, reason: String },
    #[error("{path}: encrypted PDF: {reason}")]
    Encrypted { path: PathBuf, reason: String },
    #[error("{path}: too large: {reason}")]
    TooLarge { path: PathBuf, reason: String },
    #[error(
        "{path}: gave up after {seconds} s (time limit per document; raise it with --timeout)"
    )]
    Timeout { path: PathBuf, seconds: u64 },
    /// Over a limit on what one document may cost; the reason names the limit and its option
    /// (`page 1 content inflates past 64 MiB (--max-inflate)`).
    #[error("{path}: {reason}")]
    Limit { path: PathBuf, reason: String },
    #[error("{path}: unsupported input: {reason}")]
    Unsupported { path: PathBuf, reason: String },
    #[error("{path}: internal error while converting: {reason}")]
    Internal { path: PathBuf, reason: String },
    #[error("rules file {file}: {reason}")]
    Rules { file: String, reason: String },
}

impl Error {
    /// A short machine-readable code for manifests (`io`, `not_text`, `pdf`, …).
    pub fn code(&self) -> &'static str {
        match self {
            Error::Io { .. } => "io",
            Error::Write { .. } => "output",
            Error::NotText { .. } => "not_text",
            Error::Pdf { .. } => "pdf",
            Error::Encrypted { .. } => "encrypted",
            Error::TooLarge { .. } => "too_large",
            Error::Timeout { .. } => "timeout",
            Error::Limit { .. } => "limit",
            Error::Unsupported { .. } => "unsupported",
            Error::Internal { .. } => "internal",
            Error::Rules { .. } => "rules",
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
