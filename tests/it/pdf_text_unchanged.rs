//! The extracted text of every PDF in `corpus/` and of the real PDFs in `../shared/realpdf`
//! stays what it was: speed work on the PDF reader must not change a single character.
//!
//! `corpus/pdf-text-digests.tsv` holds, per file, the SHA-256 of the PDF and of jplan's
//! extracted text (`Extracted::to_text`, pages separated by form feeds), its length in
//! characters and the warning codes. It records what jplan extracts, not what is right (the
//! `*.expected.txt` files and the CER tests judge that). A change of text made on purpose is
//! recorded by running
//!
//! ```text
//! JPLAN_BLESS=1 JPLAN_REALPDF=/path/to/realpdf cargo test --release --test it pdf_text_unchanged::
//! ```
//!
//! and committing the file; rows of a folder that is absent are kept as they were.

use crate::common::{realpdf_dir, root, REALPDF_SKIPPED};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jplan::ingest::{self, IngestOptions};
use sha2::{Digest, Sha256};

const DIGESTS: &str = "corpus/pdf-text-digests.tsv";
const HEADER: &str = "group\tfile\tpdf_sha256\ttext_sha256\tchars\twarnings";

fn hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn pdfs_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            pdfs_under(&p, out);
        } else if p.extension().is_some_and(|x| x.eq_ignore_ascii_case("pdf")) {
            out.push(p);
        }
    }
}

/// One row's fields after `group` and `file`.
fn digest_of(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let pdf = hex(&bytes);
    match ingest::ingest_file(path, &IngestOptions::default()) {
        Ok(ex) => {
            let text = ex.to_text();
            let mut codes: Vec<&str> = ex.warnings.iter().map(|w| w.code.as_str()).collect();
            codes.dedup();
            format!(
                "{pdf}\t{}\t{}\t{}",
                hex(text.as_bytes()),
                text.chars().count(),
                if codes.is_empty() {
                    "-".to_string()
                } else {
                    codes.join(",")
                }
            )
        }
        Err(e) => {
            let msg = e.to_string().replace(&path.display().to_string(), "FILE");
            format!("{pdf}\terror\t0\t{}", msg.replace(['\t', '\n'], " "))
        }
    }
}

#[test]
fn extracted_text_of_every_corpus_and_real_pdf_is_unchanged() {
    let mut files: Vec<(String, String, PathBuf)> = Vec::new();
    let mut corpus = Vec::new();
    pdfs_under(&root().join("corpus"), &mut corpus);
    for p in corpus {
        let rel = p.strip_prefix(root().join("corpus")).unwrap_or(&p);
        let name = rel.to_string_lossy().replace('\\', "/");
        files.push(("corpus".into(), name, p));
    }
    let real = realpdf_dir();
    match &real {
        Some(dir) => {
            let mut v = Vec::new();
            pdfs_under(dir, &mut v);
            for p in v {
                let name = p
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned();
                files.push(("realpdf".into(), name, p));
            }
        }
        None => println!("{REALPDF_SKIPPED}"),
    }
    files.sort();
    assert!(files.len() >= 40, "corpus PDFs found: {}", files.len());

    let got: BTreeMap<(String, String), String> = files
        .iter()
        .map(|(g, n, p)| ((g.clone(), n.clone()), digest_of(p)))
        .collect();

    let path = root().join(DIGESTS);
    let recorded_text = std::fs::read_to_string(&path).unwrap_or_default();
    let mut recorded: BTreeMap<(String, String), String> = BTreeMap::new();
    for line in recorded_text.lines().skip(1).filter(|l| !l.is_empty()) {
        let mut parts = line.splitn(3, '\t');
        let (Some(g), Some(n), Some(rest)) = (parts.next(), parts.next(), parts.next()) else {
            panic!("{DIGESTS}: malformed row {line:?}");
        };
        recorded.insert((g.to_string(), n.to_string()), rest.to_string());
    }

    if std::env::var_os("JPLAN_BLESS").is_some() {
        let mut rows = recorded.clone();
        // Rows of a folder that was read are replaced; the others are kept.
        rows.retain(|(g, _), _| g == "realpdf" && real.is_none());
        rows.extend(got.clone());
        let mut out = String::from(HEADER);
        out.push('\n');
        for ((g, n), rest) in &rows {
            out.push_str(&format!("{g}\t{n}\t{rest}\n"));
        }
        std::fs::write(&path, out).unwrap();
        println!("wrote {} rows to {DIGESTS}", rows.len());
        return;
    }

    let mut failures = Vec::new();
    for ((g, n), now) in &got {
        let Some(was) = recorded.get(&(g.clone(), n.clone())) else {
            failures.push(format!("{g}/{n}: no recorded digest"));
            continue;
        };
        if was == now {
            continue;
        }
        let (was_pdf, now_pdf) = (was.split('\t').next(), now.split('\t').next());
        if was_pdf != now_pdf {
            failures.push(format!(
                "{g}/{n}: the PDF itself is not the recorded one (sha256 {} now {})",
                was_pdf.unwrap_or(""),
                now_pdf.unwrap_or("")
            ));
        } else {
            let f = |s: &str| s.split('\t').skip(1).collect::<Vec<_>>().join(" ");
            failures.push(format!(
                "{g}/{n}: extracted text changed: was [{}], now [{}] (text sha256, chars, warnings)",
                f(was),
                f(now)
            ));
        }
    }
    for (g, n) in recorded.keys() {
        let read = g == "corpus" || real.is_some();
        if read && !got.contains_key(&(g.clone(), n.clone())) {
            failures.push(format!("{g}/{n}: recorded but not found"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} PDFs differ from {DIGESTS}:\n{}\nIf the change is on purpose, record it: \
         JPLAN_BLESS=1 JPLAN_REALPDF=/work/shared/realpdf cargo test --release --test it pdf_text_unchanged::",
        failures.len(),
        got.len(),
        failures.join("\n")
    );
}
