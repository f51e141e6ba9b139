//! Helpers shared by the test modules: where the crate, its seeds and the real PDFs are, how to
//! run the binary, scratch folders, and the character error rate used to judge extraction.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The crate's root folder.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `corpus/` under the crate's root.
pub fn corpus() -> PathBuf {
    root().join("corpus")
}

/// The five seed TXT files of `seeds/`, sorted by name.
pub fn seeds() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("seeds"))
        .expect("seeds/ is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    v.sort();
    assert_eq!(v.len(), 5, "the five seeds are in seeds/: {v:?}");
    v
}

/// The one seed TXT whose file name starts with `prefix` (`"004"`).
pub fn seed(prefix: &str) -> PathBuf {
    let hits: Vec<PathBuf> = seeds()
        .into_iter()
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix))
        })
        .collect();
    match hits.as_slice() {
        [one] => one.clone(),
        _ => panic!("seed {prefix}: expected one file, found {hits:?}"),
    }
}

/// The folder of real PDFs: `JPLAN_REALPDF` if set, else `../shared/realpdf` beside the crate;
/// `None` (the caller prints that it skipped) when neither is a folder holding `MANIFEST.tsv`.
pub fn realpdf_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("JPLAN_REALPDF") {
        Some(d) => PathBuf::from(d),
        None => root().join("../shared/realpdf"),
    };
    dir.join("MANIFEST.tsv").is_file().then_some(dir)
}

/// The message a real-PDF test prints when it skips.
pub const REALPDF_SKIPPED: &str =
    "skipped: real PDFs not found (../shared/realpdf beside the crate, or set JPLAN_REALPDF)";

/// The `jplan` binary built for these tests, run from the crate's root.
pub fn jplan_cmd() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_jplan"));
    c.current_dir(root());
    c
}

/// Runs `jplan` with `args` from the crate's root and waits for it.
pub fn jplan<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Output {
    jplan_cmd().args(args).output().expect("run jplan")
}

/// A process's standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A fresh, empty scratch folder `GROUP-NAME` under cargo's temporary folder for tests.
pub fn scratch(group: &str, name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{group}-{name}"));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("create a scratch folder");
    d
}

/// Character error rate of `got` against `expected`, whitespace ignored: edit distance over
/// expected length. The distance comes from a Myers diff in which a run of deletions next to a
/// run of insertions counts as substitutions (the longer of the two): never below Levenshtein's
/// distance, equal to it on the usual cases, and fast on whole documents.
pub fn cer(expected: &str, got: &str) -> f64 {
    let a: Vec<char> = expected.chars().filter(|c| !c.is_whitespace()).collect();
    let b: Vec<char> = got.chars().filter(|c| !c.is_whitespace()).collect();
    if a.is_empty() {
        return if b.is_empty() { 0.0 } else { 1.0 };
    }
    let ops = similar::capture_diff_slices(similar::Algorithm::Myers, &a, &b);
    let (mut dist, mut del, mut ins) = (0usize, 0usize, 0usize);
    for op in ops {
        match op {
            similar::DiffOp::Equal { .. } => {
                dist += del.max(ins);
                del = 0;
                ins = 0;
            }
            similar::DiffOp::Delete { old_len, .. } => del += old_len,
            similar::DiffOp::Insert { new_len, .. } => ins += new_len,
            similar::DiffOp::Replace {
                old_len, new_len, ..
            } => {
                del += old_len;
                ins += new_len;
            }
        }
    }
    dist += del.max(ins);
    dist as f64 / a.len() as f64
}

#[test]
fn cer_counts_substitutions_insertions_and_deletions_once() {
    assert_eq!(cer("abc", "abc"), 0.0);
    assert_eq!(cer("指標1 50", "指標150"), 0.0);
    assert!((cer("abcd", "abxd") - 0.25).abs() < 1e-9);
    assert!((cer("abcd", "abd") - 0.25).abs() < 1e-9);
    assert!((cer("abcd", "abcde") - 0.25).abs() < 1e-9);
}
