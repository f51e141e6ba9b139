//! A short smoke run of the fuzz targets (fuzz/fuzz_targets/) over their seed corpora, the
//! seeds, corpus/bad/ and corpus/regressions/, so CI checks on every commit what the fuzzers
//! check for hours on a developer's machine: no panic, and the targets' invariants hold.

use std::path::{Path, PathBuf};

use jplan::{normalize, Rules};

fn files(dir: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_none_or(|x| x != "md" && x != "py") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn inputs() -> Vec<(PathBuf, Vec<u8>)> {
    let mut v = Vec::new();
    for dir in ["fuzz/corpus", "seeds", "corpus/bad", "corpus/regressions"] {
        for p in files(dir) {
            let b = std::fs::read(&p).unwrap();
            v.push((p, b));
        }
    }
    assert!(v.len() >= 20, "the smoke corpus is there");
    v
}

#[test]
fn targets_hold_on_the_seed_corpora() {
    let rules = Rules::defaults();
    for (path, data) in inputs() {
        let name = path.display().to_string();
        // txt_decode
        let _ = jplan::ingest::txt::decode(&data);
        if let Ok(text) = std::str::from_utf8(&data) {
            // normalize: idempotent on characters
            let once = normalize::normalize_str(text, &rules.chars, &rules.numbering);
            assert_eq!(
                normalize::normalize_str(&once, &rules.chars, &rules.numbering),
                once,
                "{name}"
            );
            // dates: ranges on char boundaries
            for line in text.lines().take(5000) {
                let (found, _) = jplan::dates::find_dates(line, &rules.eras);
                for f in found {
                    assert!(f.start <= f.end && f.end <= line.len(), "{name}");
                    assert!(
                        line.is_char_boundary(f.start) && line.is_char_boundary(f.end),
                        "{name}"
                    );
                }
                // numbering
                if let Some(f) = jplan::numbering::parse_label(line, &rules.numbering) {
                    assert!(line.is_char_boundary(f.title_start), "{name}");
                }
            }
        }
        // tables and the whole TXT path, without the panic guard
        if let Ok(ex) = jplan::ingest::txt::extract(&data, &path) {
            let norm = normalize::normalize_doc(&ex, &rules.chars, &rules.numbering);
            for t in jplan::tables::find_tables(&norm.lines) {
                assert!(t.first <= t.last && t.last < norm.lines.len(), "{name}");
            }
            let doc = jplan::parse_extracted(ex, rules);
            serde_json::to_string(&doc).unwrap();
        }
        // parse_pdf: an error or a document, nothing escapes
        let _ = jplan::parse_bytes(&data, Path::new("smoke.pdf"), &jplan::Options::default());
    }
}

/// The `diff` target over its seed corpus and pairs of seeds: no panic in any renderer, and a
/// plan against itself has no changes.
#[test]
fn diff_target_holds_on_its_corpus_and_seed_pairs() {
    let rules = Rules::defaults();
    let parse = |bytes: &[u8]| {
        jplan::ingest::txt::extract(bytes, Path::new("smoke.txt"))
            .ok()
            .map(|ex| jplan::parse_extracted(ex, rules))
    };
    let mut pairs: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
    let regressions = files("corpus/regressions").into_iter().filter(|p| {
        p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("diff-"))
    });
    for p in files("fuzz/corpus/diff").into_iter().chain(regressions) {
        let data = std::fs::read(&p).unwrap();
        let cut = data.iter().position(|&b| b == 0).unwrap_or(data.len() / 2);
        pairs.push((
            data[..cut].to_vec(),
            data[(cut + 1).min(data.len())..].to_vec(),
        ));
    }
    let seeds = files("seeds");
    for w in seeds.windows(2) {
        pairs.push((std::fs::read(&w[0]).unwrap(), std::fs::read(&w[1]).unwrap()));
    }
    assert!(pairs.len() >= 5);
    for (a, b) in pairs {
        let (Some(old), Some(new)) = (parse(&a), parse(&b)) else {
            continue;
        };
        let d = jplan::diff::diff_plans(&old, &new);
        let _ = d.to_json();
        let _ = jplan::diff::render_text(&d, true);
        let _ = jplan::diff::render_md(&d);
        let _ = jplan::diff::render_html(&d);
        assert!(jplan::diff::diff_plans(&old, &old).changes.is_empty());
    }
}
