//! Output files: written atomically (temporary file in the same folder, then rename), so an
//! interrupted run never leaves a half-written file behind; and the one HTML escape every HTML
//! writer uses ([`escape_html`]).

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Write `bytes` to `path` atomically, creating parent folders.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = AtomicFile::create(path)?;
    f.write_all(bytes)?;
    f.commit()
}

/// The temporary name an atomic write of `path` uses: `.NAME.PID.tmp` in the same folder
/// (so the rename stays on one file system, and a clean-up can recognise left-overs).
pub fn atomic_tmp_path(path: &Path) -> (PathBuf, PathBuf) {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    (dir, tmp)
}

/// A file written under a temporary name in the same folder and renamed into place by
/// [`AtomicFile::commit`]; dropped without commit, it removes its temporary file. Readers
/// never see a half-written file under the final name. Every output file of jplan is
/// written through it (whole files with [`write_atomic`], datasets row by row).
pub struct AtomicFile {
    out: Option<BufWriter<std::fs::File>>,
    tmp: PathBuf,
    path: PathBuf,
}

impl AtomicFile {
    /// Start writing `path` (parent folders are created).
    pub fn create(path: &Path) -> std::io::Result<Self> {
        let (dir, tmp) = atomic_tmp_path(path);
        std::fs::create_dir_all(&dir)?;
        let file = std::fs::File::create(&tmp)?;
        Ok(AtomicFile {
            out: Some(BufWriter::with_capacity(1 << 16, file)),
            tmp,
            path: path.to_path_buf(),
        })
    }

    /// The file's final name.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Flush, sync and rename into place; on failure the temporary file is removed.
    pub fn commit(mut self) -> std::io::Result<()> {
        let Some(out) = self.out.take() else {
            return Ok(());
        };
        let result = out
            .into_inner()
            .map_err(|e| e.into_error())
            .and_then(|f| f.sync_all())
            .and_then(|_| std::fs::rename(&self.tmp, &self.path));
        if result.is_err() {
            let _ = std::fs::remove_file(&self.tmp);
        }
        result
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

/// Escape text for HTML element content and attribute values (`& < > " '`).
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}
