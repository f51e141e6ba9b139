//! What a new user meets at the command line, through the `jplan` binary: legacy encodings
//! decoded, documents without text and locked PDFs reported, datasets that load with their
//! types, a clean stop on Ctrl-C, write errors told apart from read errors, and the same
//! conventions (standard input, `-o`, `--quiet`, page ranges, exit statuses) in every
//! subcommand.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn jplan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jplan"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("run jplan")
}

fn jplan_stdin(args: &[&str], input: &[u8]) -> Output {
    use std::io::Write as _;
    let mut child = Command::new(env!("CARGO_BIN_EXE_jplan"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run jplan");
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(input).unwrap();
    drop(stdin);
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A fresh, empty scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{name}"));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn json(s: &str) -> serde_json::Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("not JSON ({e}): {s:.300}"))
}

// ---------------------------------------------------------------------------------------
// ISO-2022-JP text

#[test]
fn iso_2022_jp_text_is_decoded_not_passed_through() {
    for name in ["gyoda", "komae"] {
        let input = format!("corpus/encodings/{name}.iso-2022-jp.txt");
        let expected = std::fs::read_to_string(
            root().join(format!("corpus/encodings/{name}.iso-2022-jp.expected.txt")),
        )
        .unwrap()
        .replace("\r\n", "\n");
        let out = jplan(&["extract", &input]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_eq!(stdout(&out), expected, "{name}");
        assert!(!stdout(&out).contains('\u{1b}'));

        let out = jplan(&["parse", &input]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let doc = json(&stdout(&out));
        assert_eq!(doc["source"]["encoding"], "ISO-2022-JP", "{name}");
        assert!(doc["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|w| !w["code"].as_str().unwrap().starts_with("encoding.")));
    }
    let out = jplan(&["parse", "corpus/encodings/gyoda.iso-2022-jp.txt"]);
    let doc = json(&stdout(&out));
    assert_eq!(doc["meta"]["title"], "行田市行財政集中改革プラン 2022");
    assert_eq!(doc["meta"]["municipality"]["name"], "行田市");
}

#[test]
fn undecoded_escape_sequences_are_never_ok() {
    let dir = scratch("escapes");
    let input = dir.join("in");
    std::fs::create_dir_all(&input).unwrap();
    // JIS X 0213 (ISO-2022-JP-2004) is not an encoding jplan decodes: the text keeps its
    // escape sequences, and the batch must not call it ok.
    std::fs::write(
        input.join("jis2004.txt"),
        b"\x1b$(Q9TED;T\x1b(B plan\n\x1b$(Q!!\x1b(B\n",
    )
    .unwrap();
    let out_dir = dir.join("out");
    let out = jplan(&[
        "batch",
        input.to_str().unwrap(),
        "-o",
        out_dir.to_str().unwrap(),
        "--quiet",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let manifest = std::fs::read_to_string(out_dir.join("manifest.jsonl")).unwrap();
    let line = json(manifest.lines().next().unwrap());
    assert_eq!(line["status"], "warning", "{manifest}");
    assert!(manifest.contains("encoding.escape_sequences"), "{manifest}");
}

// ---------------------------------------------------------------------------------------
// Documents without text

#[test]
fn scanned_pdfs_are_visible_in_parse_and_batch() {
    let out = jplan(&["parse", "corpus/pdf/scanned.pdf"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("pdf.no_text"), "{}", stderr(&out));
    assert!(stderr(&out).contains("OCR"), "{}", stderr(&out));

    let dir = scratch("ocr");
    let input = dir.join("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::copy(root().join("corpus/pdf/scanned.pdf"), input.join("a.pdf")).unwrap();
    std::fs::copy(
        root().join("corpus/bad/image_only.pdf"),
        input.join("b.pdf"),
    )
    .unwrap();
    std::fs::copy(
        root().join("seeds/004_cde0dcee2913256b.txt"),
        input.join("c.txt"),
    )
    .unwrap();
    let out_dir = dir.join("out");
    let out = jplan(&[
        "batch",
        input.to_str().unwrap(),
        "-o",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("3 converted"), "{}", stderr(&out));
    assert!(stderr(&out).contains("; 2 need OCR"), "{}", stderr(&out));
    let manifest = std::fs::read_to_string(out_dir.join("manifest.jsonl")).unwrap();
    let statuses: Vec<String> = manifest
        .lines()
        .map(|l| json(l)["status"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(statuses[..2], ["needs_ocr", "needs_ocr"], "{manifest}");
    assert_ne!(statuses[2], "needs_ocr");
}

// ---------------------------------------------------------------------------------------
// Encrypted PDFs

#[test]
fn password_opens_an_encrypted_pdf_and_the_error_says_how() {
    let locked = "corpus/pdf/encrypted-secret.pdf";
    let out = jplan(&["extract", locked]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("encrypted PDF"), "{}", stderr(&out));
    assert!(stderr(&out).contains("--password"), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());

    let out = jplan(&["extract", locked, "--password", "wrong"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("the password given with --password does not open it"));

    let expected =
        std::fs::read_to_string(root().join("corpus/pdf/encrypted-empty-password.expected.txt"))
            .unwrap();
    let out = jplan(&["extract", locked, "--password", "secret"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lines = |s: &str| -> Vec<String> {
        s.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect()
    };
    assert_eq!(lines(&stdout(&out)), lines(&expected));
    let out = jplan(&["parse", "--password", "secret", locked]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("はじめに"));
}
