//! Errors that stop one file. Each names the file and the reason; a batch records it and goes on.

use std::path::PathBuf;

/// Why a file could not be converted.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input could not be read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// An output could not be written (exit status 3 in `jplan`).
    #[error("{path}: cannot write: {source}")]
    Write {
        /// The file concerned.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// A TXT input is binary, or mostly invalid in every encoding.
    #[error("{path}: not a text file: {reason}")]
    NotText {
        /// The file concerned.
        path: PathBuf,
        /// What is wrong, for a person.
        reason: String,
    },
    /// The PDF is damaged beyond repair or none of its pages can be read.
    #[error("{path}: not a PDF jplan can read: {reason}")]
    Pdf {
        /// The file concerned.
        path: PathBuf,
        /// What is wrong, for a person.
        reason: String,
    },
    /// The PDF is encrypted and neither the given password nor the empty one opens it.
    #[error("{path}: encrypted PDF: {reason}")]
    Encrypted {
        /// The file concerned.
        path: PathBuf,
        /// What is wrong, for a person.
        reason: String,
    },
    /// The input is larger than `max_bytes` (`--max-bytes`).
    #[error("{path}: too large: {reason}")]
    TooLarge {
        /// The file concerned.
        path: PathBuf,
        /// What is wrong, for a person.
        reason: String,
    },
    /// The document's time limit (`--timeout`, in `seconds`) passed.
    #[error(
        "{path}: gave up after {seconds} s (time limit per document; raise it with --timeout)"
    )]
    Timeout {
        /// The file concerned.
        path: PathBuf,
        /// The time limit, in seconds.
        seconds: u64,
    },
    /// Over a limit on what one document may cost; the reason names the limit and its option
    /// (`page 1 content inflates past 64 MiB (--max-inflate)`).
    #[error("{path}: {reason}")]
    Limit {
        /// The file concerned.
        path: PathBuf,
        /// What is wrong, for a person.
        reason: String,
    },
    /// An input jplan does not read (not a PDF, text or plan JSON; a page range past the end).
    #[error("{path}: unsupported input: {reason}")]
    Unsupported {
        /// The file concerned.
        path: PathBuf,
        /// What is wrong, for a person.
        reason: String,
    },
    /// A stage panicked (a bug in jplan or a library); the reason is the panic's message.
    #[error("{path}: internal error while converting: {reason}")]
    Internal {
        /// The file concerned.
        path: PathBuf,
        /// What is wrong, for a person.
        reason: String,
    },
    /// A rules file cannot be read, is not valid TOML, or has fields jplan does not know.
    #[error("rules file {file}: {reason}")]
    Rules {
        /// The rules file's name.
        file: String,
        /// What is wrong, for a person.
        reason: String,
    },
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

/// A result whose error is [`Error`].
/// A result whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
