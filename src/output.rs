//! Output files: written atomically (temporary file in the same folder, then rename), so an
//! interrupted run never leaves a half-written file behind; and the one HTML escape every HTML
//! writer uses ([`escape_html`]); and the writers of `jplan parse --format outline|items|indicators`
//! ([`outline_text`], [`items_csv`], [`indicators_csv`]), which read only the model.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::model::{ActionItem, Indicator, Section};

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
///
/// A target that exists and is not a regular file (`/dev/null`, a named pipe, a terminal) is
/// written in place: renaming over it would replace the device with a plain file.
pub struct AtomicFile {
    out: Option<BufWriter<std::fs::File>>,
    /// The temporary file, or `None` when writing in place.
    tmp: Option<PathBuf>,
    path: PathBuf,
}

impl AtomicFile {
    /// Start writing `path` (parent folders are created).
    pub fn create(path: &Path) -> std::io::Result<Self> {
        if std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
            let file = std::fs::OpenOptions::new().write(true).open(path)?;
            return Ok(AtomicFile {
                out: Some(BufWriter::with_capacity(1 << 16, file)),
                tmp: None,
                path: path.to_path_buf(),
            });
        }
        let (dir, tmp) = atomic_tmp_path(path);
        std::fs::create_dir_all(&dir)?;
        let file = std::fs::File::create(&tmp)?;
        Ok(AtomicFile {
            out: Some(BufWriter::with_capacity(1 << 16, file)),
            tmp: Some(tmp),
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
        let file = out.into_inner().map_err(|e| e.into_error());
        let Some(tmp) = self.tmp.as_ref() else {
            // Written in place (a device or pipe): nothing to sync or rename.
            return file.map(|_| ());
        };
        let result = file
            .and_then(|f| f.sync_all())
            .and_then(|_| std::fs::rename(tmp, &self.path));
        if result.is_err() {
            let _ = std::fs::remove_file(tmp);
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
            if let Some(tmp) = &self.tmp {
                let _ = std::fs::remove_file(tmp);
            }
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

/// The tree as indented labels and titles, for `jplan parse --format outline`.
pub fn outline_text(sections: &[Section]) -> String {
    fn walk(s: &Section, depth: usize, out: &mut String) {
        out.push_str(&"  ".repeat(depth));
        match (&s.label, s.title.is_empty()) {
            (Some(l), true) => out.push_str(&l.raw),
            (Some(l), false) => {
                out.push_str(&l.raw);
                out.push(' ');
                out.push_str(&s.title);
            }
            // The text before the first heading (cover, title, foreword) has no heading.
            (None, true) if s.id == "front" => {
                out.push_str("(front matter: the text before the first heading)")
            }
            (None, true) => out.push_str("(no heading)"),
            (None, false) => out.push_str(&s.title),
        }
        out.push_str(&format!("  [p{} l{}]\n", s.span.page, s.span.line_start));
        for c in &s.children {
            walk(c, depth + 1, out);
        }
    }
    let mut out = String::new();
    for s in sections {
        walk(s, 0, &mut out);
    }
    out
}

/// Items as CSV, for `jplan parse --format items`.
pub fn items_csv(items: &[ActionItem]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(["id", "title", "departments", "section_path", "page", "line"]);
    for it in items {
        let _ = w.write_record([
            it.id.as_str(),
            it.title.as_str(),
            &it.departments.join(";"),
            &it.section_path.join("/"),
            &it.span.page.to_string(),
            &it.span.line_start.to_string(),
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Indicator observations as CSV, for `jplan parse --format indicators`.
pub fn indicators_csv(indicators: &[Indicator]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "name",
        "unit",
        "fiscal_year",
        "kind",
        "value",
        "bound",
        "raw",
    ]);
    for ind in indicators {
        for o in &ind.observations {
            let _ = w.write_record([
                ind.name.clone(),
                ind.unit.clone().unwrap_or_default(),
                o.fiscal_year.map(|y| y.to_string()).unwrap_or_default(),
                format!("{:?}", o.kind).to_lowercase(),
                o.value.map(|v| v.to_string()).unwrap_or_default(),
                o.bound
                    .map(|b| match b {
                        crate::model::Bound::AtMost => "at_most".to_string(),
                        crate::model::Bound::AtLeast => "at_least".to_string(),
                    })
                    .unwrap_or_default(),
                o.raw.clone(),
            ]);
        }
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_replaced_whole_and_no_temporary_file_stays() {
        let dir = std::env::temp_dir().join(format!("jplan-atomic-{}", std::process::id()));
        let path = dir.join("sub/out.json");
        write_atomic(&path, b"first").expect("writes");
        write_atomic(&path, b"second").expect("writes");
        assert_eq!(std::fs::read(&path).unwrap_or_default(), b"second");
        let names: Vec<String> = std::fs::read_dir(dir.join("sub"))
            .map(|d| {
                d.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(names, ["out.json"]);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_written_in_place_never_replaced() {
        use std::os::unix::fs::FileTypeExt;
        // Renaming a temporary file over /dev/null (as root) would turn it into a plain file.
        let null = Path::new("/dev/null");
        if !std::fs::metadata(null).is_ok_and(|m| m.file_type().is_char_device()) {
            eprintln!("skipped: /dev/null is not a character device here");
            return;
        }
        write_atomic(null, b"discarded").expect("writes to /dev/null");
        let m = std::fs::metadata(null).expect("still there");
        assert!(m.file_type().is_char_device(), "/dev/null was replaced");
    }
}
