//! Golden outputs: every document of `corpus/` (the plans, the version pairs and the PDF
//! fixtures that hold text) parses to exactly the PlanDocument JSON committed in
//! `corpus/golden/`, field for field. A change in any field fails here and is reviewed as a
//! diff of the golden file; to accept a deliberate change, run
//! `JPLAN_BLESS=1 cargo test --release --test it golden::` and commit the rewritten files.

use crate::common::root;
use std::path::{Path, PathBuf};

use jplan::Options;

/// The corpus documents held by goldens, as paths relative to `corpus/`.
fn documents() -> Vec<String> {
    let corpus = root().join("corpus");
    let mut out = Vec::new();
    for dir in ["plans", "versions", "pdf"] {
        walk(&corpus.join(dir), &mut out);
    }
    let mut rel: Vec<String> = out
        .into_iter()
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let is_input = name.ends_with(".pdf")
                || (name.ends_with(".txt")
                    && !name.ends_with(".expected.txt")
                    && !name.ends_with(".pdftotext.txt")
                    && name != "expected.txt");
            // Deliberately broken fixtures are held to their errors elsewhere.
            is_input
                && name != "truncated.pdf"
                && name != "encrypted.pdf"
                && name != "encrypted-secret.pdf"
        })
        .map(|p| {
            p.strip_prefix(&corpus)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    rel.sort();
    rel
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn golden_path(rel: &str) -> PathBuf {
    root().join("corpus/golden").join(format!("{rel}.json"))
}

#[test]
fn every_corpus_document_matches_its_golden_json() {
    let bless = std::env::var_os("JPLAN_BLESS").is_some();
    let docs = documents();
    assert!(docs.len() >= 40, "corpus documents found: {}", docs.len());
    let mut failures = Vec::new();
    for rel in &docs {
        let path = root().join("corpus").join(rel);
        let bytes = std::fs::read(&path).unwrap();
        // The path recorded in `source.path` is the corpus-relative one, the same on every machine.
        let doc = jplan::parse_bytes(&bytes, Path::new(rel), &Options::default())
            .unwrap_or_else(|e| panic!("{rel}: {e}"));
        let mut json = serde_json::to_string_pretty(&doc).unwrap();
        json.push('\n');
        let gp = golden_path(rel);
        if bless {
            std::fs::create_dir_all(gp.parent().unwrap()).unwrap();
            std::fs::write(&gp, &json).unwrap();
            continue;
        }
        match std::fs::read_to_string(&gp) {
            Ok(expected) if expected == json => {}
            Ok(expected) => {
                let first = expected
                    .lines()
                    .zip(json.lines())
                    .enumerate()
                    .find(|(_, (a, b))| a != b)
                    .map(|(i, (a, b))| format!("line {}: golden `{a}` / now `{b}`", i + 1))
                    .unwrap_or_else(|| "lengths differ".into());
                failures.push(format!("{rel}: {first}"));
            }
            Err(_) => failures.push(format!("{rel}: no golden file {}", gp.display())),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} documents differ from corpus/golden/ (after a deliberate change: \
         JPLAN_BLESS=1 cargo test --release --test it golden::, then review and commit):\n{}",
        failures.len(),
        docs.len(),
        failures.join("\n")
    );
}

#[test]
fn no_golden_file_is_left_without_its_document() {
    let docs = documents();
    let mut stale = Vec::new();
    let mut files = Vec::new();
    walk(&root().join("corpus/golden"), &mut files);
    for f in files {
        let rel = f
            .strip_prefix(root().join("corpus/golden"))
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let Some(doc) = rel.strip_suffix(".json") else {
            continue;
        };
        if !docs.iter().any(|d| d == doc) {
            stale.push(rel);
        }
    }
    assert!(
        stale.is_empty(),
        "golden files without a document: {stale:?}"
    );
}
