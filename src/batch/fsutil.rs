//! File helpers of the batch: errors of output files, relative paths with forward slashes,
//! and the clean-up of temporary files an interrupted run left behind (the atomic writer
//! itself is [`crate::output::AtomicFile`]).

use std::path::{Path, PathBuf};

use crate::error::Error;

pub use crate::output::AtomicFile;

/// An output that could not be written.
pub(crate) fn write_err(path: &Path, source: std::io::Error) -> Error {
    Error::Write {
        path: path.to_path_buf(),
        source,
    }
}

pub(crate) fn io_err(path: &Path, source: std::io::Error) -> Error {
    Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// `path` relative to `base`, with `/` separators whatever the platform, so manifests and
/// datasets are the same on every machine.
pub fn relative_slash(path: &Path, base: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// `base` joined with a `/`-separated relative path.
pub fn join_slash(base: &Path, rel: &str) -> PathBuf {
    let mut p = base.to_path_buf();
    for part in rel.split('/').filter(|s| !s.is_empty() && *s != "..") {
        p.push(part);
    }
    p
}

/// Is `name` a temporary file of an atomic write (`.NAME.PID.tmp`)?
pub fn is_atomic_tmp(name: &str) -> bool {
    let Some(inner) = name.strip_prefix('.').and_then(|n| n.strip_suffix(".tmp")) else {
        return false;
    };
    match inner.rsplit_once('.') {
        Some((stem, pid)) => {
            !stem.is_empty() && !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit())
        }
        None => false,
    }
}

/// Remove the temporary files an interrupted run (Ctrl-C, kill) left under `dir`; returns how
/// many were removed. Only names of the `.NAME.PID.tmp` form are touched.
pub fn remove_stale_tmp(dir: &Path) -> usize {
    let mut removed = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(ft) = entry.file_type() else { continue };
            let name = entry.file_name().to_string_lossy().into_owned();
            if ft.is_dir() {
                stack.push(entry.path());
            } else if ft.is_file()
                && is_atomic_tmp(&name)
                && std::fs::remove_file(entry.path()).is_ok()
            {
                removed += 1;
            }
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognizes_atomic_temporaries() {
        assert!(is_atomic_tmp(".items.csv.1234.tmp"));
        assert!(!is_atomic_tmp("items.csv"));
        assert!(!is_atomic_tmp(".plan.tmp"));
        assert!(!is_atomic_tmp("notes.12.tmp"));
    }

    #[test]
    fn relative_paths_use_slashes() {
        let base = Path::new("/a/b");
        assert_eq!(
            relative_slash(&base.join("c").join("d.txt"), base),
            "c/d.txt"
        );
        assert_eq!(join_slash(base, "c/d.txt"), base.join("c").join("d.txt"));
    }
}
