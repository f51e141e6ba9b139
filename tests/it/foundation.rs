//! Foundation facts: the schema file is current, every seed converts to schema-valid JSON,
//! legacy encodings decode to the same text, and non-text input fails cleanly.

use crate::common::seeds;
use std::path::Path;
use std::process::Command;

use jplan::{normalize, Options, Rules};

#[test]
fn committed_schema_matches_the_types() {
    let committed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/plan-v1.schema.json"),
    )
    .unwrap();
    assert_eq!(
        committed,
        jplan::schema_json(),
        "schema/plan-v1.schema.json is stale: run `cargo run -- schema > schema/plan-v1.schema.json`"
    );
}

#[test]
fn every_seed_parses_to_schema_valid_json() {
    let schema: serde_json::Value = serde_json::from_str(&jplan::schema_json()).unwrap();
    let validator = jsonschema::JSONSchema::compile(&schema).unwrap();
    for seed in seeds() {
        let doc = jplan::parse_file(&seed, &Options::default()).unwrap();
        assert_eq!(doc.schema_version, "1");
        assert_eq!(doc.source.encoding.as_deref(), Some("UTF-8"));
        assert!(!doc.sections.is_empty(), "{}: no sections", seed.display());
        let json = serde_json::to_value(&doc).unwrap();
        if let Err(errors) = validator.validate(&json) {
            let msgs: Vec<String> = errors
                .map(|e| format!("{} at {}", e, e.instance_path))
                .collect();
            panic!("{}: invalid against the schema: {msgs:?}", seed.display());
        }
        // The JSON reads back into the same document.
        let back: jplan::PlanDocument = serde_json::from_value(json).unwrap();
        assert_eq!(back, doc);
    }
}

#[test]
fn legacy_encodings_give_the_same_normalized_text() {
    let rules = Rules::defaults();
    for seed in seeds() {
        let bytes = std::fs::read(&seed).unwrap();
        let text = String::from_utf8(bytes.clone()).unwrap();
        let reference = {
            let ex = jplan::ingest::txt::extract(&bytes, &seed).unwrap();
            normalize::normalize_doc(&ex, &rules.chars, &rules.numbering).to_text()
        };
        let mut copies: Vec<(&str, Vec<u8>, String)> = Vec::new();
        for enc in [encoding_rs::SHIFT_JIS, encoding_rs::EUC_JP] {
            // A real office file cannot hold what its encoding lacks (CP932 has no U+2014,
            // EUC-JP no circled digits): such characters become 〓 (geta), on both sides.
            let (fitted, replaced) = fit_to(enc, &text);
            assert!(
                replaced * 100 <= text.chars().count(),
                "{}: {replaced} characters do not fit {}",
                seed.display(),
                enc.name()
            );
            let (b, _, unmappable) = enc.encode(&fitted);
            assert!(!unmappable);
            copies.push((enc.name(), b.into_owned(), fitted));
        }
        let mut le = vec![0xff, 0xfe];
        le.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
        copies.push(("UTF-16LE", le, text.clone()));
        let mut be = vec![0xfe, 0xff];
        be.extend(text.encode_utf16().flat_map(|u| u.to_be_bytes()));
        copies.push(("UTF-16BE", be, text.clone()));
        let crlf = text.replace('\n', "\r\n").into_bytes();
        copies.push(("UTF-8", crlf, text.clone()));
        for (name, b, original) in copies {
            let reference = if original == text {
                reference.clone()
            } else {
                let ex = jplan::ingest::txt::extract(original.as_bytes(), &seed).unwrap();
                normalize::normalize_doc(&ex, &rules.chars, &rules.numbering).to_text()
            };
            let ex = jplan::ingest::txt::extract(&b, &seed).unwrap();
            assert_eq!(
                ex.source.encoding.as_deref(),
                Some(name),
                "{}",
                seed.display()
            );
            let got = normalize::normalize_doc(&ex, &rules.chars, &rules.numbering).to_text();
            assert!(
                got == reference,
                "{} as {name}: normalized text differs",
                seed.display()
            );
        }
    }
}

/// `text` with each character `enc` cannot encode replaced by 〓, and how many were.
fn fit_to(enc: &'static encoding_rs::Encoding, text: &str) -> (String, usize) {
    let mut out = String::with_capacity(text.len());
    let mut n = 0;
    for c in text.chars() {
        let mut buf = [0u8; 4];
        let (_, _, bad) = enc.encode(c.encode_utf8(&mut buf));
        if bad {
            out.push('〓');
            n += 1;
        } else {
            out.push(c);
        }
    }
    (out, n)
}

#[test]
fn png_named_txt_exits_1_with_one_line_and_no_output() {
    let dir = std::env::temp_dir().join(format!("jplan-png-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("plan.txt");
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend((0..2000u32).map(|i| (i * 7919 % 251) as u8));
    std::fs::write(&input, &png).unwrap();
    let out = dir.join("plan.json");
    let res = Command::new(env!("CARGO_BIN_EXE_jplan"))
        .args([
            "parse",
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(1));
    let stderr = String::from_utf8(res.stderr).unwrap();
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("plan.txt"), "{stderr}");
    assert!(stderr.contains("not a text file"), "{stderr}");
    assert!(!out.exists(), "no output file for a failed input");
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "only the input remains: {leftovers:?}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn usage_errors_exit_2() {
    let res = Command::new(env!("CARGO_BIN_EXE_jplan"))
        .arg("no-such-command")
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(2));
}

#[test]
fn parse_writes_output_file() {
    let dir = std::env::temp_dir().join(format!("jplan-out-{}", std::process::id()));
    let out = dir.join("sub/plan.json");
    let seed = &seeds()[4];
    let res = Command::new(env!("CARGO_BIN_EXE_jplan"))
        .args([
            "parse",
            seed.to_str().unwrap(),
            "--pretty",
            "-o",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        res.status.success(),
        "{}",
        String::from_utf8_lossy(&res.stderr)
    );
    let doc: jplan::PlanDocument = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(doc.source.sha256.len(), 64);
    std::fs::remove_dir_all(&dir).ok();
}
