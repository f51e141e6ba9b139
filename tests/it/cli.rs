//! What a new user meets at the command line, through the `jplan` binary: legacy encodings
//! decoded, documents without text and locked PDFs reported, datasets that load with their
//! types, a clean stop on Ctrl-C, write errors told apart from read errors, and the same
//! conventions (standard input, `-o`, `--quiet`, page ranges, exit statuses) in every
//! subcommand.

use crate::common::{jplan, jplan_cmd, root, scratch, stderr};
use std::process::{Command, Output, Stdio};

fn jplan_stdin(args: &[&str], input: &[u8]) -> Output {
    use std::io::Write as _;
    let mut child = jplan_cmd()
        .args(args)
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
    let dir = scratch("cli", "escapes");
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

    let dir = scratch("cli", "ocr");
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

// ---------------------------------------------------------------------------------------
// Write errors

#[test]
fn write_errors_say_cannot_write_and_exit_3() {
    // The parent of OUT is a file, so OUT cannot be created, whoever runs the test.
    let blocked = "seeds/004_cde0dcee2913256b.txt/out.json";
    for args in [
        vec!["parse", "seeds/004_cde0dcee2913256b.txt", "-o", blocked],
        vec!["extract", "seeds/004_cde0dcee2913256b.txt", "-o", blocked],
        vec![
            "diff",
            "corpus/versions/komae/old.txt",
            "corpus/versions/komae/new.txt",
            "-o",
            blocked,
        ],
        vec![
            "batch",
            "corpus/encodings",
            "-o",
            "seeds/004_cde0dcee2913256b.txt/out",
        ],
    ] {
        let out = jplan(&args);
        assert_eq!(out.status.code(), Some(3), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("cannot write"),
            "{args:?}: {}",
            stderr(&out)
        );
        assert!(
            !stderr(&out).contains("cannot read"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    // A bad input is still status 1.
    let out = jplan(&["parse", "corpus/bad/random_bytes.txt"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

// ---------------------------------------------------------------------------------------
// Conventions: standard input and -o in every subcommand

#[test]
fn every_subcommand_reads_stdin_and_writes_o() {
    let plan = std::fs::read(root().join("seeds/004_cde0dcee2913256b.txt")).unwrap();
    let from_file = jplan(&["parse", "seeds/004_cde0dcee2913256b.txt"]);
    let from_stdin = jplan_stdin(&["parse", "-"], &plan);
    assert_eq!(from_stdin.status.code(), Some(0), "{}", stderr(&from_stdin));
    let (a, b) = (json(&stdout(&from_file)), json(&stdout(&from_stdin)));
    assert_eq!(a["sections"], b["sections"]);
    assert_eq!(a["items"], b["items"]);
    assert_eq!(b["source"]["path"], "<stdin>");

    let out = jplan_stdin(
        &[
            "diff",
            "-",
            "seeds/004_cde0dcee2913256b.txt",
            "--format",
            "json",
        ],
        &plan,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let d = json(&stdout(&out));
    assert_eq!(d["changes"].as_array().map(Vec::len), Some(0), "{d}");

    let dir = scratch("cli", "dash-o");
    for cmd in ["extract", "normalize", "dates", "parse"] {
        let target = dir.join(format!("{cmd}.out"));
        let out = jplan(&[
            cmd,
            "seeds/004_cde0dcee2913256b.txt",
            "-o",
            target.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(0), "{cmd}: {}", stderr(&out));
        assert!(stdout(&out).is_empty(), "{cmd}");
        let written = std::fs::read_to_string(&target).unwrap();
        let direct = jplan(&[cmd, "seeds/004_cde0dcee2913256b.txt"]);
        assert_eq!(written, stdout(&direct), "{cmd}");
    }
}

#[test]
fn dates_prints_only_lines_with_dates_unless_all() {
    let input = "はじめに\n令和7年度から令和11年度まで\n本文\n";
    let out = jplan_stdin(&["dates", "-"], input.as_bytes());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lines: Vec<_> = stdout(&out).lines().map(json).collect();
    assert_eq!(lines.len(), 1, "{}", stdout(&out));
    assert_eq!(lines[0]["line"], 2);
    assert!(!lines[0]["dates"].as_array().unwrap().is_empty());
    let out = jplan_stdin(&["dates", "-", "--all"], input.as_bytes());
    assert_eq!(stdout(&out).lines().count(), 3);
}

// ---------------------------------------------------------------------------------------
// Dataset types: codes keep their leading zeros

#[test]
fn datasets_load_with_their_types_in_pandas_and_duckdb() {
    let dir = scratch("cli", "dtypes");
    let input = dir.join("in");
    std::fs::create_dir_all(&input).unwrap();
    // A plan of a municipality whose code starts with 0 (北海道), with an edition and a period.
    let plan = "札幌市行政改革推進計画（第3次）\n令和7年3月\n計画期間　令和7年度～令和11年度\n\
                1 効率的な行政運営\n(1) 事務の見直し\n取組項目1 窓口業務の改善\n担当課 総務課\n";
    std::fs::write(input.join("sapporo.txt"), plan).unwrap();
    std::fs::copy(
        root().join("seeds/001_272c5cbeee28dd98.txt"),
        input.join("gyoda.txt"),
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
    let datasets = out_dir.join("datasets");
    let dtypes = json(&std::fs::read_to_string(datasets.join("dtypes.json")).unwrap());
    assert_eq!(dtypes["plans"]["municipality_code"], "string");
    assert_eq!(dtypes["plans"]["edition"], "Int64");
    assert_eq!(dtypes["plans"]["issued"], "string");
    assert_eq!(dtypes["plans"]["draft"], "boolean");
    assert_eq!(dtypes["indicators"]["value"], "Float64");
    assert_eq!(dtypes["evaluations"]["evaluation_code"], "string");
    assert_eq!(dtypes["sections"]["section_id"], "string");
    let plans = std::fs::read_to_string(datasets.join("plans.csv")).unwrap();
    let code = plans
        .lines()
        .find(|l| l.contains("sapporo.txt"))
        .and_then(|l| l.split(',').nth(3).map(String::from))
        .unwrap_or_default();
    assert!(code.starts_with('0'), "札幌市 is 011002: {plans}");

    // The one-liners of docs/batch.md, run as they are written there.
    let script = format!(
        r#"
import json, sys
try:
    import pandas as pd, duckdb
except ImportError as e:
    print("skip:", e); sys.exit(0)
d = {dir:?}
plans = pd.read_csv(d + "/plans.csv", dtype=json.load(open(d + "/dtypes.json"))["plans"])
row = plans[plans.source_path == "sapporo.txt"].iloc[0]
assert row.municipality_code == "{code}", row.municipality_code
assert str(plans.edition.dtype) == "Int64", plans.edition.dtype
assert str(plans.municipality_code.dtype) == "string"
assert str(plans.issued.dtype) == "string"
con = duckdb.connect()
types = {{r[0]: r[1] for r in con.sql(f"DESCRIBE SELECT * FROM read_json_auto('{{d}}/plans.jsonl')").fetchall()}}
assert types["municipality_code"] == "VARCHAR", types
assert types["edition"] in ("BIGINT", "INTEGER", "UBIGINT"), types
assert types["issued"] == "VARCHAR", types
got = con.sql(f"SELECT municipality_code FROM read_json_auto('{{d}}/plans.jsonl') WHERE source_path = 'sapporo.txt'").fetchall()[0][0]
assert got == "{code}", got
dt = json.load(open(d + "/dtypes.json"))
items = pd.read_csv(d + "/items.csv", dtype=dt["items"])
sections = pd.read_csv(d + "/sections.csv", dtype=dt["sections"])
joined = items.merge(sections, on=["source_path", "section_id"], how="left", suffixes=("", "_section"))
assert len(joined) == len(items) and joined.title_section.notna().all(), joined[joined.title_section.isna()]
n = con.sql(f"SELECT count(*) FROM read_json_auto('{{d}}/items.jsonl') i JOIN read_json_auto('{{d}}/sections.jsonl') s USING (source_path, section_id)").fetchall()[0][0]
assert n == len(items), (n, len(items))
print("ok")
"#,
        dir = datasets.to_str().unwrap(),
    );
    let py = Command::new("python3").arg("-c").arg(&script).output();
    match py {
        Err(e) => eprintln!("skipped: python3 not available ({e})"),
        Ok(o) => {
            let said = stdout(&o);
            assert!(o.status.success(), "{said}{}", stderr(&o));
            if said.starts_with("skip") {
                eprintln!("skipped: {said}");
            } else {
                assert_eq!(said.trim(), "ok");
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Conventions shared by every subcommand: page ranges and --quiet

/// Every `"page"` number anywhere in a JSON value.
fn pages_in(v: &serde_json::Value, out: &mut Vec<u64>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                if k == "page" {
                    if let Some(n) = x.as_u64() {
                        out.push(n);
                    }
                }
                pages_in(x, out);
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| pages_in(x, out)),
        _ => {}
    }
}

#[test]
fn first_and_last_pick_the_same_pages_in_every_subcommand() {
    let pdf = "corpus/pdf/seed-002.libreoffice.pdf";
    let all = stdout(&jplan(&["extract", pdf]));
    let pages: Vec<&str> = all.split('\u{c}').collect();
    assert!(pages.len() >= 4, "{} pages", pages.len());

    // extract: pages 2 and 3 as in the whole text.
    let o = jplan(&["extract", pdf, "--first", "2", "--last", "3"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), format!("{}\u{c}{}", pages[1], pages[2]));

    // normalize: two pages.
    let o = jplan(&["normalize", pdf, "--first", "2", "--last", "3"]);
    assert_eq!(stdout(&o).matches('\u{c}').count(), 1);

    // parse: spans keep the document's page numbers, all within the range.
    let o = jplan(&["parse", pdf, "--first", "2", "--last", "3"]);
    let doc = json(&stdout(&o));
    assert_eq!(doc["source"]["pages"], 2);
    let mut seen = Vec::new();
    pages_in(&doc, &mut seen);
    assert!(!seen.is_empty());
    assert!(seen.iter().all(|p| (2..=3).contains(p)), "{seen:?}");
    assert!(seen.contains(&3));

    // dates: the same, through standard input and a TXT whose pages are form feeds.
    let txt = "令和6年度\u{c}令和7年度\u{c}令和8年度\n";
    let o = jplan_stdin(
        &["dates", "-", "--first", "2", "--last", "2"],
        txt.as_bytes(),
    );
    let lines: Vec<serde_json::Value> = stdout(&o).lines().map(json).collect();
    assert_eq!(lines.len(), 1, "{}", stdout(&o));
    assert_eq!(lines[0]["page"], 2);
    assert_eq!(lines[0]["text"], "令和7年度");
    let o = jplan_stdin(&["extract", "-", "--first", "3"], txt.as_bytes());
    assert_eq!(stdout(&o), "令和8年度\n");

    // diff: a change on page 1 is out of a --first 2 comparison.
    let dir = scratch("cli", "pages");
    let (a, b) = (dir.join("a.txt"), dir.join("b.txt"));
    let body = "\u{c}1 推進項目\n取組項目1 窓口業務の改善\n担当課 総務課\n";
    std::fs::write(&a, format!("はじめに\n本文はこのとおりです。\n{body}")).unwrap();
    std::fs::write(&b, format!("はじめに\n本文を書き換えました。\n{body}")).unwrap();
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    let whole = json(&stdout(&jplan(&["diff", a, b])));
    assert!(whole["summary"]["total"].as_u64().unwrap() > 0, "{whole}");
    let ranged = json(&stdout(&jplan(&["diff", a, b, "--first", "2"])));
    assert_eq!(ranged["summary"]["total"], 0, "{ranged}");

    // batch: the range applies to every input.
    let input = dir.join("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::copy(root().join(pdf), input.join("plan.pdf")).unwrap();
    let out_dir = dir.join("out");
    let o = jplan(&[
        "batch",
        input.to_str().unwrap(),
        "-o",
        out_dir.to_str().unwrap(),
        "--first",
        "2",
        "--last",
        "3",
        "--quiet",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stderr(&o), "", "--quiet");
    let plans = std::fs::read_to_string(out_dir.join("datasets/plans.jsonl")).unwrap();
    assert_eq!(json(plans.lines().next().unwrap())["pages"], 2);

    // A range past the end is an error naming the file; --last before --first a usage error.
    let o = jplan(&["extract", pdf, "--first", "99"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("seed-002.libreoffice.pdf") && stderr(&o).contains("--first"));
    let o = jplan(&["parse", pdf, "--first", "3", "--last", "2"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let o = jplan(&["parse", pdf, "--first", "0"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn quiet_silences_warnings_in_every_subcommand_but_not_errors() {
    let scanned = "corpus/pdf/scanned.pdf";
    for cmd in ["parse", "extract"] {
        let loud = jplan(&[cmd, scanned, "-o", "/dev/null"]);
        assert!(
            stderr(&loud).contains("pdf.no_text"),
            "{cmd}: {}",
            stderr(&loud)
        );
        let quiet = jplan(&[cmd, scanned, "-o", "/dev/null", "--quiet"]);
        assert_eq!(quiet.status.code(), Some(0));
        assert_eq!(stderr(&quiet), "", "{cmd} --quiet");
        let quiet = jplan(&["-q", cmd, scanned, "-o", "/dev/null"]);
        assert_eq!(stderr(&quiet), "", "-q before {cmd}");
    }
    for args in [
        &["normalize", "seeds/001_272c5cbeee28dd98.txt", "-q"][..],
        &["dates", "seeds/001_272c5cbeee28dd98.txt", "-q"],
        &[
            "diff",
            "corpus/versions/komae/old.txt",
            "corpus/versions/komae/new.txt",
            "-q",
        ],
    ] {
        let o = jplan(args);
        assert_eq!(o.status.code(), Some(0), "{args:?}");
        assert_eq!(stderr(&o), "", "{args:?}");
        assert!(!o.stdout.is_empty(), "{args:?}");
    }
    let o = jplan(&["parse", "no/such/file.txt", "--quiet"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no/such/file.txt"), "errors still show");
}

// ---------------------------------------------------------------------------------------
// Smaller things a new user meets

#[test]
fn outline_names_the_text_before_the_first_heading() {
    let o = jplan(&[
        "parse",
        "seeds/000_3474466f55fa602e.txt",
        "--format",
        "outline",
    ]);
    let text = stdout(&o);
    let first = text.lines().next().unwrap();
    assert!(first.starts_with("(front matter"), "{first}");
    for l in text.lines() {
        assert!(!l.trim_start().starts_with("[p"), "unlabelled line: {l:?}");
        assert!(
            !l.contains("   [p"),
            "label without title keeps no padding: {l:?}"
        );
    }
}

#[test]
fn rules_folder_with_an_unknown_file_name_warns() {
    let dir = scratch("cli", "rules-unknown");
    std::fs::copy(root().join("rules/eras.toml"), dir.join("era.toml")).unwrap();
    std::fs::write(dir.join("README.txt"), "notes").unwrap();
    let rules = dir.to_str().unwrap();
    let o = jplan_stdin(&["--rules", rules, "dates", "-"], "令和7年度\n".as_bytes());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("era.toml") && err.contains("ignored"), "{err}");
    assert!(err.contains("did you mean eras.toml?"), "{err}");
    assert!(!err.contains("README.txt"), "only rules-like names: {err}");
    assert!(stdout(&o).contains("2025"), "the built-in eras still apply");
    let o = jplan_stdin(
        &["--rules", rules, "-q", "dates", "-"],
        "令和7年度\n".as_bytes(),
    );
    assert_eq!(stderr(&o), "");
}

#[test]
fn an_html_page_named_pdf_is_called_html() {
    let o = jplan(&["parse", "corpus/bad/not_a_pdf.pdf"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("corpus/bad/not_a_pdf.pdf"), "{err}");
    assert!(
        err.contains("HTML page") && err.contains("not a PDF"),
        "{err}"
    );
    assert!(!err.contains("invalid file header"), "{err}");
}
