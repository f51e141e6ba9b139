//! File helpers of the batch: a streaming atomic file (the large dataset files are written
//! row by row, not built in memory), relative paths with forward slashes, and the clean-up
//! of temporary files an interrupted run left behind.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// A file written under a temporary name in the same folder and renamed into place by
/// [`AtomicFile::commit`]; dropped without commit, it removes its temporary file. Readers
/// never see a half-written file under the final name.
pub struct AtomicFile {
    out: Option<BufWriter<std::fs::File>>,
    tmp: PathBuf,
    path: PathBuf,
}

impl AtomicFile {
    /// Start writing `path` (parent folders are created).
    pub fn create(path: &Path) -> Result<Self> {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&dir).map_err(|e| write_err(&dir, e))?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "out".into());
        // Same naming as `output::write_atomic`, so one clean-up rule covers both.
        let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        let file = std::fs::File::create(&tmp).map_err(|e| write_err(&tmp, e))?;
        Ok(AtomicFile {
            out: Some(BufWriter::with_capacity(1 << 16, file)),
            tmp,
            path: path.to_path_buf(),
        })
    }

    /// Flush, sync and rename into place.
    pub fn commit(mut self) -> Result<()> {
        let Some(out) = self.out.take() else {
            return Ok(());
        };
        let result = out
            .into_inner()
            .map_err(|e| e.into_error())
            .and_then(|f| f.sync_all())
            .and_then(|_| std::fs::rename(&self.tmp, &self.path));
        if let Err(e) = result {
            let _ = std::fs::remove_file(&self.tmp);
            return Err(write_err(&self.path, e));
        }
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self.out.as_mut() {
            Some(o) => o.write(buf),
            None => Err(std::io::Error::other("file already committed")),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self.out.as_mut() {
            Some(o) => o.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.out.take().is_some() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

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
