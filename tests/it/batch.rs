//! Batch facts: a folder with good and bad inputs gives `ok`/`warning` lines and outputs for
//! the good ones and `error` lines naming the file and the reason for the bad ones, exit
//! status 1; the datasets do not depend on `--jobs`; a rerun converts nothing; an
//! interrupted batch leaves complete files; the dataset writers put the right value in the
//! right cell.

use crate::common::{jplan, root, scratch, seeds, stderr};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use jplan::batch::datasets::{self, DatasetOptions, DatasetRow};
use jplan::batch::manifest::{ManifestEntry, Status};
use jplan::model::*;

/// A minimal valid one-page PDF (Helvetica, a few lines of text).
fn minimal_pdf(lines: &[&str]) -> Vec<u8> {
    use lopdf::content::{Content, Operation};
    use lopdf::{dictionary, Document, Object, Stream};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let resources_id = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font_id } });
    let mut ops = vec![
        Operation::new("BT", vec![]),
        Operation::new("Tf", vec!["F1".into(), 14.into()]),
        Operation::new("TL", vec![20.into()]),
        Operation::new("Td", vec![72.into(), 760.into()]),
    ];
    for l in lines {
        ops.push(Operation::new("Tj", vec![Object::string_literal(*l)]));
        ops.push(Operation::new("T*", vec![]));
    }
    ops.push(Operation::new("ET", vec![]));
    let content = Content { operations: ops };
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.encode().unwrap()));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => vec![page_id.into()],
            "Count" => 1,
            "Resources" => resources_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut buf = Vec::new();
    doc.save_to(&mut buf).unwrap();
    buf
}

const SJIS_PLAN: &str = "第3次行財政改革推進計画\n\n第1章　計画の概要\n1　計画の期間\n令和7年度から令和11年度までの5年間とします。\n";

/// The folder of the issue: seeds, a PDF, a Shift_JIS file, an empty file, a truncated PDF,
/// a PNG renamed `.txt`; plus files that are not inputs or are ignored.
fn mixed_folder(name: &str) -> PathBuf {
    let dir = scratch("batch", name).join("in");
    std::fs::create_dir_all(dir.join("seeds")).unwrap();
    for s in seeds() {
        std::fs::copy(&s, dir.join("seeds").join(s.file_name().unwrap())).unwrap();
    }
    std::fs::create_dir_all(dir.join("pdf")).unwrap();
    let pdf = minimal_pdf(&[
        "Administrative Reform Plan",
        "Chapter 1 Outline",
        "FY2025-FY2029",
    ]);
    std::fs::write(dir.join("pdf/plan.PDF"), &pdf).unwrap();
    std::fs::write(
        dir.join("pdf/truncated.pdf"),
        &pdf[..300.min(pdf.len() / 2)],
    )
    .unwrap();
    let (sjis, _, unmappable) = encoding_rs::SHIFT_JIS.encode(SJIS_PLAN);
    assert!(!unmappable);
    std::fs::create_dir_all(dir.join("legacy")).unwrap();
    std::fs::write(dir.join("legacy/sjis.txt"), &sjis).unwrap();
    std::fs::write(dir.join("legacy/empty.txt"), b"").unwrap();
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0".to_vec();
    png.extend(std::iter::repeat_n(0u8, 64));
    std::fs::write(dir.join("legacy/picture.txt"), &png).unwrap();
    // Not inputs: other extensions, hidden files, ignored names.
    std::fs::write(dir.join("notes.md"), "not a plan").unwrap();
    std::fs::write(dir.join(".hidden.txt"), "hidden").unwrap();
    std::fs::write(dir.join("pdf/plan.expected.txt"), "expected output").unwrap();
    std::fs::write(dir.join(".jplanignore"), "# golden files\n*.expected.txt\n").unwrap();
    dir
}

fn batch(dir: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "batch".as_ref(),
        dir.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ];
    args.extend(extra.iter().map(|s| std::ffi::OsStr::new(*s)));
    jplan(&args)
}

fn read_manifest(out: &Path) -> BTreeMap<String, ManifestEntry> {
    let text = std::fs::read_to_string(out.join("manifest.jsonl")).unwrap();
    text.lines()
        .map(|l| {
            let e: ManifestEntry = serde_json::from_str(l).unwrap();
            (e.path.clone(), e)
        })
        .collect()
}

#[test]
fn mixed_folder_converts_the_good_and_reports_the_bad() {
    let dir = mixed_folder("mixed");
    let out = dir.parent().unwrap().join("out");
    let o = batch(&dir, &out, &["--jobs", "2"]);
    let err = stderr(&o);
    assert_eq!(
        o.status.code(),
        Some(1),
        "a failed file gives exit 1: {err}"
    );

    let m = read_manifest(&out);
    let keys: Vec<&str> = m.keys().map(|k| k.as_str()).collect();
    let mut expected = vec![
        "legacy/empty.txt",
        "legacy/picture.txt",
        "legacy/sjis.txt",
        "pdf/plan.PDF",
        "pdf/truncated.pdf",
    ];
    let seed_keys: Vec<String> = seeds()
        .iter()
        .map(|s| format!("seeds/{}", s.file_name().unwrap().to_string_lossy()))
        .collect();
    expected.extend(seed_keys.iter().map(|s| s.as_str()));
    assert_eq!(
        keys, expected,
        "inputs in path order; notes.md, hidden and ignored files left out"
    );

    for good in seed_keys
        .iter()
        .map(|s| s.as_str())
        .chain(["legacy/sjis.txt", "pdf/plan.PDF"])
    {
        let e = &m[good];
        assert_ne!(e.status, Status::Error, "{good}: {:?}", e.error);
        assert_eq!(e.output.as_deref(), Some(format!("{good}.json").as_str()));
        let json = std::fs::read(out.join(format!("{good}.json"))).unwrap();
        let doc: PlanDocument = serde_json::from_slice(&json).unwrap();
        assert_eq!(doc.source.path, good, "source.path is relative to DIR");
        assert_eq!(doc.source.sha256, e.sha256);
        assert_eq!(e.jplan_version, env!("CARGO_PKG_VERSION"));
        assert!(e.pages >= 1);
    }
    let sjis: PlanDocument =
        serde_json::from_slice(&std::fs::read(out.join("legacy/sjis.txt.json")).unwrap()).unwrap();
    assert_eq!(sjis.source.encoding.as_deref(), Some("Shift_JIS"));
    assert_eq!(m["pdf/plan.PDF"].format.as_deref(), Some("pdf"));

    // The empty file: converted to an empty document, with a warning saying so.
    let empty = &m["legacy/empty.txt"];
    assert_eq!(empty.status, Status::Warning);
    assert_eq!(empty.warnings[0].code, "text.empty");
    assert!(out.join("legacy/empty.txt.json").is_file());

    let png = &m["legacy/picture.txt"];
    assert_eq!(png.status, Status::Error);
    let png_err = png.error.as_ref().unwrap();
    assert_eq!(png_err.code, "not_text");
    assert!(
        png_err
            .message
            .starts_with("legacy/picture.txt: not a text file"),
        "{png_err:?}"
    );
    assert!(!out.join("legacy/picture.txt.json").exists());

    let trunc = &m["pdf/truncated.pdf"];
    assert_eq!(trunc.status, Status::Error, "{trunc:?}");
    let trunc_err = trunc.error.as_ref().unwrap();
    assert_eq!(trunc_err.code, "pdf");
    assert!(
        trunc_err.message.starts_with("pdf/truncated.pdf: "),
        "{trunc_err:?}"
    );
    assert!(!out.join("pdf/truncated.pdf.json").exists());

    // stderr names each failed file, then the summary.
    assert!(err.contains("legacy/picture.txt: not a text file"), "{err}");
    assert!(err.contains("pdf/truncated.pdf"), "{err}");
    let n_good = seed_keys.len() + 3;
    assert!(
        err.contains(&format!("{n_good} converted, 2 failed, 0 skipped")),
        "{err}"
    );

    // The plans dataset has one row per converted input, in path order.
    let plans = read_csv(&out.join("datasets/plans.csv"));
    let paths: Vec<&str> = plans.iter().map(|r| r["source_path"].as_str()).collect();
    let good: Vec<&str> = expected
        .iter()
        .copied()
        .filter(|p| !["legacy/picture.txt", "pdf/truncated.pdf"].contains(p))
        .collect();
    assert_eq!(paths, good);
    assert_eq!(
        plans
            .iter()
            .find(|r| r["source_path"] == "legacy/sjis.txt")
            .unwrap()["encoding"],
        "Shift_JIS"
    );
    // Every dataset table exists in both formats, even when it has no rows.
    for t in datasets::TABLES {
        assert!(out.join(format!("datasets/{t}.csv")).is_file(), "{t}.csv");
        assert!(
            out.join(format!("datasets/{t}.jsonl")).is_file(),
            "{t}.jsonl"
        );
    }
}

#[test]
fn datasets_do_not_depend_on_jobs_and_reruns_skip_unchanged_inputs() {
    let dir = mixed_folder("jobs");
    let root = dir.parent().unwrap().to_path_buf();
    let (out1, out2) = (root.join("out1"), root.join("out2"));
    assert_eq!(batch(&dir, &out1, &["--jobs", "1"]).status.code(), Some(1));
    assert_eq!(batch(&dir, &out2, &["--jobs", "2"]).status.code(), Some(1));
    for t in datasets::TABLES {
        for ext in ["csv", "jsonl"] {
            let f = format!("datasets/{t}.{ext}");
            assert_eq!(
                std::fs::read(out1.join(&f)).unwrap(),
                std::fs::read(out2.join(&f)).unwrap(),
                "{f} differs between --jobs 1 and --jobs 2"
            );
        }
    }
    let before = std::fs::read(out1.join("datasets/plans.csv")).unwrap();
    let m1 = read_manifest(&out1);

    // Second run: nothing converted, everything skipped, failures still failures.
    let o = batch(&dir, &out1, &["--jobs", "2"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "0 converted, 0 failed, {} skipped (unchanged; 2 of them failed before)",
            m1.len()
        )),
        "{err}"
    );
    assert_eq!(
        read_manifest(&out1),
        m1,
        "skipped files keep their manifest lines"
    );
    assert_eq!(
        std::fs::read(out1.join("datasets/plans.csv")).unwrap(),
        before
    );

    // A changed input is converted again; a removed one leaves the manifest and its output
    // goes; --force converts everything.
    std::fs::write(dir.join("legacy/empty.txt"), "第1章　概要\n").unwrap();
    std::fs::remove_file(dir.join("legacy/picture.txt")).unwrap();
    let o = batch(&dir, &out1, &[]);
    let err = stderr(&o);
    assert_eq!(
        o.status.code(),
        Some(1),
        "the truncated PDF still fails: {err}"
    );
    assert!(
        err.contains(&format!("1 converted, 0 failed, {} skipped", m1.len() - 2)),
        "{err}"
    );
    let m = read_manifest(&out1);
    assert!(!m.contains_key("legacy/picture.txt"));
    assert_eq!(m["legacy/empty.txt"].status, Status::Ok);

    std::fs::remove_file(dir.join("pdf/truncated.pdf")).unwrap();
    let o = batch(&dir, &out1, &["--force", "--quiet"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "all inputs good now: {}",
        stderr(&o)
    );
    assert_eq!(stderr(&o), "", "--quiet prints nothing when nothing fails");
    assert_eq!(read_manifest(&out1).len(), m1.len() - 2);
}

#[test]
fn excluded_and_ignored_paths_are_not_inputs() {
    let dir = mixed_folder("exclude");
    let out = dir.parent().unwrap().join("out");
    // A subfolder's .jplanignore applies below it; --exclude is relative to DIR.
    std::fs::write(dir.join("pdf/.jplanignore"), "/trunc*.pdf\n").unwrap();
    let o = batch(&dir, &out, &["--exclude", "legacy/"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "the bad files are all ignored: {}",
        stderr(&o)
    );
    let m = read_manifest(&out);
    assert!(
        m.keys()
            .all(|k| k.starts_with("seeds/") || k == "pdf/plan.PDF"),
        "{:?}",
        m.keys()
    );
    assert!(m.contains_key("pdf/plan.PDF"));
}

#[test]
fn output_folder_inside_the_input_folder_is_not_read() {
    let root = scratch("batch", "inside");
    let dir = root.join("in");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(&seeds()[0], dir.join("a.txt")).unwrap();
    let out = dir.join("out");
    for _ in 0..2 {
        let o = batch(&dir, &out, &[]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert_eq!(read_manifest(&out).keys().collect::<Vec<_>>(), ["a.txt"]);
    }
}

#[test]
fn interrupted_batch_leaves_complete_files_and_the_next_run_finishes() {
    let root = scratch("batch", "interrupt");
    let dir = root.join("in");
    for i in 0..12 {
        let sub = dir.join(format!("d{i:02}"));
        std::fs::create_dir_all(&sub).unwrap();
        for s in seeds() {
            std::fs::copy(&s, sub.join(s.file_name().unwrap())).unwrap();
        }
    }
    let total = 12 * seeds().len();
    let out = root.join("out");
    let mut child = Command::new(env!("CARGO_BIN_EXE_jplan"))
        .args([
            "batch".as_ref(),
            dir.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
        ])
        .args(["--jobs", "2", "--quiet"])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(2000));
    // SIGKILL is harsher than Ctrl-C: nothing at all runs after it.
    let _ = child.kill();
    let _ = child.wait();

    // Whatever was done: the manifest parses, and each line's output is complete JSON.
    let m = read_manifest(&out);
    for e in m.values() {
        let json = std::fs::read(out.join(e.output.as_ref().unwrap())).unwrap();
        serde_json::from_slice::<PlanDocument>(&json).unwrap();
    }
    // And so is every JSON file present under a final name.
    let mut stack = vec![out.clone()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "json") {
                let bytes = std::fs::read(&p).unwrap();
                serde_json::from_slice::<serde_json::Value>(&bytes)
                    .unwrap_or_else(|e| panic!("{}: incomplete: {e}", p.display()));
            }
        }
    }

    let o = batch(&dir, &out, &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains(&format!(
            "{} converted, 0 failed, {} skipped",
            total - m.len(),
            m.len()
        )),
        "{} done before the kill: {err}",
        m.len()
    );
    assert_eq!(read_manifest(&out).len(), total);
    let plans = read_csv(&out.join("datasets/plans.csv"));
    assert_eq!(plans.len(), total);
}

#[test]
fn library_entry_reports_counts() {
    let root = scratch("batch", "library");
    let dir = root.join("in");
    std::fs::create_dir_all(&dir).unwrap();
    for s in seeds() {
        std::fs::copy(&s, dir.join(s.file_name().unwrap())).unwrap();
    }
    std::fs::write(dir.join("zz.txt"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    let opts = jplan::batch::BatchOptions {
        jobs: 2,
        ..Default::default()
    };
    let s = jplan::batch::run(&dir, &root.join("out"), &opts).unwrap();
    assert_eq!(s.total, seeds().len() + 1);
    assert_eq!(s.converted, seeds().len());
    assert_eq!(s.failed, 1);
    assert!(s.has_failures());
    assert_eq!(s.entries.last().unwrap().path, "zz.txt");

    let missing = jplan::batch::run(&root.join("nope"), &root.join("out2"), &opts);
    assert!(missing.unwrap_err().to_string().contains("nope"));
}

// ---- dataset writers on hand-made documents ----

fn span(page: u32, line: u32) -> Span {
    Span::line(page, line)
}

fn sample_doc(path: &str) -> PlanDocument {
    let mut doc = PlanDocument::empty(Source {
        path: path.to_string(),
        sha256: "ab".repeat(32),
        format: SourceFormat::Txt,
        encoding: Some("UTF-8".into()),
        pages: 3,
        extractor: "test".into(),
    });
    doc.meta.municipality = Some(Municipality {
        name: "見本市".into(),
        prefecture: Some("見本県".into()),
        code: None,
    });
    doc.meta.period = Some(Period {
        start_fy: 2025,
        end_fy: Some(2029),
    });
    doc.items = vec![
        ActionItem {
            id: "取組項目1".into(),
            label: "取組項目1".into(),
            title: "窓口サービスの改善".into(),
            departments: vec!["市民課".into(), "情報政策課".into(), "総務課".into()],
            description: Some("書かない窓口, \"ワンストップ\"".into()),
            section_path: vec!["施策1".into(), "方向性2".into()],
            themes: Vec::new(),
            table_id: None,
            span: span(2, 10),
        },
        ActionItem {
            id: "取組項目2".into(),
            label: "取組項目2".into(),
            title: "公共施設の再編".into(),
            departments: vec![],
            description: None,
            section_path: vec!["施策1".into()],
            themes: Vec::new(),
            table_id: None,
            span: span(2, 20),
        },
    ];
    doc.indicators = vec![
        Indicator {
            name: "電子申請の利用率（%）".into(),
            unit: Some("%".into()),
            description: None,
            observations: vec![
                Observation {
                    fiscal_year: Some(2024),
                    kind: ObservationKind::Current,
                    value: Some(8.5),
                    bound: None,
                    raw: "8.5".into(),
                },
                Observation {
                    fiscal_year: Some(2029),
                    kind: ObservationKind::Target,
                    value: Some(20.0),
                    bound: Some(Bound::AtLeast),
                    raw: "20以上".into(),
                },
            ],
            table_id: None,
            span: span(3, 4),
        },
        Indicator {
            name: "施設数".into(),
            unit: None,
            description: None,
            observations: vec![],
            table_id: None,
            span: span(3, 9),
        },
    ];
    doc.evaluations = vec![Evaluation {
        code: "611".into(),
        title: "行政運営".into(),
        lead_department: Some("企画課".into()),
        related_departments: vec!["財政課".into(), "人事課".into()],
        goal: None,
        progress: Some(Rating {
            value: 3,
            scale: 4,
            label: Some("おおむね順調".into()),
        }),
        necessity: None,
        indicators: vec![Indicator {
            name: "満足度".into(),
            unit: Some("%".into()),
            description: None,
            observations: vec![Observation {
                fiscal_year: Some(2025),
                kind: ObservationKind::Actual,
                value: Some(61.0),
                bound: None,
                raw: "61".into(),
            }],
            table_id: None,
            span: span(3, 30),
        }],
        costs: vec![Cost {
            project: "窓口改善事業".into(),
            fiscal_year: 2024,
            kind: CostKind::Settled,
            thousand_yen: Some(12345),
            relisted: true,
        }],
        span: span(3, 25),
    }];
    doc.dates = vec![DateMention {
        raw: "令和11年度".into(),
        era: Some("令和".into()),
        era_year: Some(11),
        year: 2029,
        month: None,
        day: None,
        fiscal: true,
        iso: "FY2029".into(),
        range: Some(RangePart {
            id: 1,
            role: RangeRole::End,
        }),
        span: span(1, 3),
    }];
    doc
}

fn read_csv(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

fn read_jsonl(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The `sections` table of the 狛江 seed: one row per section with its parent, and every
/// item's `section_id` names a section of the same plan.
#[test]
fn sections_table_has_every_section_and_the_items_join_to_it() {
    let input = scratch("batch", "sections-in");
    std::fs::copy(
        root().join("seeds/004_cde0dcee2913256b.txt"),
        input.join("komae.txt"),
    )
    .unwrap();
    let out = scratch("batch", "sections-out");
    let o = batch(&input, &out, &["--quiet"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let sections = read_csv(&out.join("datasets/sections.csv"));
    let plans = read_csv(&out.join("datasets/plans.csv"));
    assert_eq!(sections.len().to_string(), plans[0]["sections"]);
    let row = sections
        .iter()
        .find(|r| r["section_id"] == "7/施策1/方向性3/基本事業3")
        .expect("基本事業3 of 方向性3");
    assert_eq!(row["title"], "未利用地のあり方の検討");
    assert_eq!(row["parent_section_id"], "7/施策1/方向性3");
    assert_eq!(row["level"], "4");
    assert_eq!(row["source_path"], "komae.txt");
    let ids: std::collections::BTreeSet<&str> =
        sections.iter().map(|r| r["section_id"].as_str()).collect();
    for r in &sections {
        let parent = r["parent_section_id"].as_str();
        assert!(parent.is_empty() == (r["level"] == "1"), "{r:?}");
        assert!(parent.is_empty() || ids.contains(parent), "{r:?}");
    }
    let indexes: Vec<usize> = sections
        .iter()
        .map(|r| r["section_index"].parse().unwrap())
        .collect();
    assert_eq!(indexes, (1..=sections.len()).collect::<Vec<_>>());
    let items = read_csv(&out.join("datasets/items.csv"));
    assert!(!items.is_empty());
    for it in &items {
        assert!(ids.contains(it["section_id"].as_str()), "{it:?}");
    }
    let dtypes: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("datasets/dtypes.json")).unwrap())
            .unwrap();
    assert_eq!(dtypes["sections"]["section_id"], "string");
    assert_eq!(dtypes["sections"]["level"], "Int64");
}

/// A key has one column name in every table: no bare `id` or `code`, and each table that
/// refers to an item, a section or an evaluation names it as the table that holds it does.
#[test]
fn dataset_keys_have_the_same_name_in_every_table() {
    let out = scratch("batch", "keys");
    datasets::write_datasets(&out, [&sample_doc("a.txt")], DatasetOptions::default()).unwrap();
    let dtypes: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("dtypes.json")).unwrap()).unwrap();
    let columns = |t: &str| -> Vec<String> {
        let mut r = csv::Reader::from_path(out.join(format!("{t}.csv"))).unwrap();
        r.headers().unwrap().iter().map(String::from).collect()
    };
    assert_eq!(dtypes.as_object().unwrap().len(), datasets::TABLES.len());
    for t in datasets::TABLES {
        let cols = columns(t);
        assert_eq!(cols[0], "source_path", "{t}: the plan key comes first");
        for bare in ["id", "code", "section_path", "plan_id"] {
            assert!(!cols.iter().any(|c| c == bare), "{t} has a bare `{bare}`");
        }
        if cols.iter().any(|c| c == "item_index") {
            assert!(cols.iter().any(|c| c == "item_id"), "{t}");
        }
        if cols.iter().any(|c| c == "evaluation_index") && t != "indicators" {
            assert!(cols.iter().any(|c| c == "evaluation_code"), "{t}");
        }
    }
    assert!(columns("items").contains(&"section_id".to_string()));
    assert!(columns("sections").contains(&"section_id".to_string()));
    assert!(columns("evaluations").contains(&"evaluation_code".to_string()));
    assert!(columns("indicators").contains(&"evaluation_code".to_string()));
}

/// Ctrl-C (SIGINT) in the middle of a batch: exit status 130, a line saying what was done,
/// no temporary file, and a manifest, JSON files and datasets that agree; a rerun finishes
/// the job. Unix only (the signal is sent with kill(1); skipped when it is missing).
#[cfg(unix)]
#[test]
fn sigint_stops_a_batch_cleanly_with_status_130() {
    let input = scratch("batch", "sigint-in");
    let mut n = 0;
    for i in 0..60 {
        for seed in seeds() {
            let name = format!("{i:03}-{}", seed.file_name().unwrap().to_string_lossy());
            std::fs::copy(&seed, input.join(name)).unwrap();
            n += 1;
        }
    }
    let out = scratch("batch", "sigint-out");
    let mut child = Command::new(env!("CARGO_BIN_EXE_jplan"))
        .arg("batch")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .args(["--jobs", "1"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until some inputs are done (the manifest is saved twice a second).
    let started = std::time::Instant::now();
    while started.elapsed() < std::time::Duration::from_secs(60) {
        let lines = std::fs::read_to_string(out.join("manifest.jsonl"))
            .map(|t| t.lines().count())
            .unwrap_or(0);
        if lines >= 3 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let kill = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    if !kill.is_ok_and(|s| s.success()) {
        let _ = child.kill();
        let _ = child.wait();
        eprintln!("skipped sigint_stops_a_batch_cleanly_with_status_130: kill(1) not available");
        return;
    }
    let o = child.wait_with_output().unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(130), "{err}");
    assert!(err.contains("interrupted, "), "{err}");
    assert!(err.contains(" converted, "), "says what was done: {err}");

    let mut tmp = Vec::new();
    let mut json: Vec<String> = Vec::new();
    let mut stack = vec![out.clone()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            if p.is_dir() {
                stack.push(p);
            } else if name.ends_with(".tmp") {
                tmp.push(p);
            } else if name.ends_with(".txt.json") && p.parent() == Some(out.as_path()) {
                json.push(name.trim_end_matches(".json").to_string());
            }
        }
    }
    assert!(tmp.is_empty(), "temporary files left: {tmp:?}");
    json.sort();
    let manifest = read_manifest(&out);
    let listed: Vec<String> = manifest.keys().cloned().collect();
    assert_eq!(json, listed, "the JSON files present are the manifest's");
    assert!(
        !listed.is_empty() && listed.len() < n,
        "{} of {n}",
        listed.len()
    );
    let plans = read_csv(&out.join("datasets/plans.csv"));
    let in_plans: Vec<String> = plans.iter().map(|r| r["source_path"].clone()).collect();
    assert_eq!(
        in_plans, listed,
        "the datasets hold the manifest's documents"
    );
    let items = read_csv(&out.join("datasets/items.csv"));
    let expected_items: usize = manifest.values().map(|e| e.items).sum();
    assert_eq!(items.len(), expected_items);

    // A rerun converts the rest and skips what is done.
    let o = batch(&input, &out, &["--jobs", "2"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains(&format!(
            "{} converted, 0 failed, {} skipped",
            n - listed.len(),
            listed.len()
        )),
        "{err}"
    );
}

#[test]
fn dataset_writers_put_each_value_in_its_cell() {
    let out = scratch("batch", "writers");
    let a = sample_doc("b/plan.txt");
    let b = PlanDocument::empty(Source {
        path: "a/other.pdf".into(),
        ..a.source.clone()
    });
    datasets::write_datasets(&out, [&a, &b], DatasetOptions::default()).unwrap();

    let plans = read_csv(&out.join("plans.csv"));
    assert_eq!(plans.len(), 2, "one row per document, in the order given");
    assert_eq!(plans[0]["source_path"], "b/plan.txt");
    assert_eq!(plans[0]["municipality"], "見本市");
    assert_eq!(plans[0]["prefecture"], "見本県");
    assert_eq!(plans[0]["period_end_fy"], "2029");
    assert_eq!(plans[0]["items"], "2");
    assert_eq!(plans[0]["indicators"], "3", "document and sheet indicators");
    assert_eq!(
        plans[1]["municipality"], "",
        "unknown municipality is an empty cell"
    );

    let items = read_csv(&out.join("items.csv"));
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["departments"], "市民課;情報政策課;総務課");
    assert_eq!(items[0]["department_count"], "3");
    assert_eq!(items[0]["section_id"], "施策1/方向性2");
    assert_eq!(items[0]["item_id"], "取組項目1");
    assert_eq!(
        items[0]["description"], "書かない窓口, \"ワンストップ\"",
        "quoted CSV cell"
    );
    assert_eq!(items[0]["municipality"], "見本市");
    assert_eq!(items[1]["departments"], "");
    assert_eq!(items[1]["page"], "2");
    assert_eq!(items[1]["line_start"], "20");

    let depts = read_csv(&out.join("item_departments.csv"));
    assert_eq!(depts.len(), 3, "one row per department");
    let names: Vec<&str> = depts.iter().map(|r| r["department"].as_str()).collect();
    assert_eq!(names, ["市民課", "情報政策課", "総務課"]);
    assert!(depts
        .iter()
        .all(|r| r["item_id"] == "取組項目1" && r["item_index"] == "1"));
    assert_eq!(depts[2]["department_index"], "3");
    assert!(depts.iter().all(|r| r["source_path"] == "b/plan.txt"));

    let inds = read_csv(&out.join("indicators.csv"));
    assert_eq!(
        inds.len(),
        4,
        "2 observations + 1 indicator without any + 1 on the sheet"
    );
    let target = &inds[1];
    assert_eq!(target["name"], "電子申請の利用率（%）");
    assert_eq!(target["fiscal_year"], "2029");
    assert_eq!(target["kind"], "target");
    assert_eq!(target["value"].parse::<f64>().unwrap(), 20.0);
    assert_eq!(target["bound"], "at_least");
    assert_eq!(target["raw"], "20以上");
    assert_eq!(target["evaluation_code"], "");
    assert_eq!(inds[0]["value"], "8.5");
    assert_eq!(inds[2]["name"], "施設数");
    assert_eq!(inds[2]["fiscal_year"], "");
    assert_eq!(inds[2]["observation_index"], "");
    assert_eq!(inds[3]["evaluation_code"], "611");
    assert_eq!(inds[3]["kind"], "actual");

    let jl = read_jsonl(&out.join("indicators.jsonl"));
    assert_eq!(jl.len(), 4);
    assert_eq!(jl[1]["fiscal_year"], 2029);
    assert_eq!(jl[1]["value"].as_f64(), Some(20.0));
    assert!(jl[2]["value"].is_null());
    let keys: Vec<&str> = jl[1]
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .collect();
    assert_eq!(
        keys,
        datasets::IndicatorRow::COLUMNS,
        "JSONL keys = CSV columns"
    );

    let evals = read_csv(&out.join("evaluations.csv"));
    assert_eq!(evals.len(), 1);
    assert_eq!(evals[0]["related_departments"], "財政課;人事課");
    assert_eq!(evals[0]["progress_value"], "3");
    assert_eq!(evals[0]["progress_scale"], "4");
    assert_eq!(evals[0]["progress_label"], "おおむね順調");
    assert_eq!(evals[0]["necessity_value"], "");

    let costs = read_csv(&out.join("evaluation_costs.csv"));
    assert_eq!(costs.len(), 1);
    assert_eq!(costs[0]["thousand_yen"], "12345");
    assert_eq!(costs[0]["kind"], "settled");
    assert_eq!(costs[0]["relisted"], "true");
    assert_eq!(costs[0]["evaluation_code"], "611");

    let dates = read_csv(&out.join("dates.csv"));
    assert_eq!(dates.len(), 1);
    assert_eq!(dates[0]["iso"], "FY2029");
    assert_eq!(dates[0]["range_role"], "end");
    assert_eq!(dates[0]["fiscal"], "true");
    let dj = read_jsonl(&out.join("dates.jsonl"));
    assert_eq!(dj[0]["fiscal"], true);
    assert_eq!(dj[0]["era_year"], 11);

    // No BOM by default; --excel's BOM opens the CSV files only.
    assert!(!std::fs::read(out.join("items.csv"))
        .unwrap()
        .starts_with(b"\xef\xbb\xbf"));
    let xl = scratch("batch", "writers-excel");
    datasets::write_datasets(&xl, [&a], DatasetOptions { excel_bom: true }).unwrap();
    let bytes = std::fs::read(xl.join("items.csv")).unwrap();
    assert!(bytes.starts_with(b"\xef\xbb\xbfsource_path,"));
    assert!(std::fs::read(xl.join("items.jsonl"))
        .unwrap()
        .starts_with(b"{\"source_path\""));
}

#[test]
fn empty_tables_still_have_their_header() {
    let out = scratch("batch", "empty-tables");
    datasets::write_datasets(&out, std::iter::empty(), DatasetOptions::default()).unwrap();
    let text = std::fs::read_to_string(out.join("item_departments.csv")).unwrap();
    assert_eq!(
        text,
        "source_path,municipality,item_index,item_id,department_index,department\n"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("items.jsonl")).unwrap(),
        ""
    );
}

/// The README's first command: `jplan batch corpus/ -o out/` converts the bundled corpus
/// without a failure, and the datasets hold the seeds' records.
#[test]
fn readme_corpus_batch_succeeds() {
    let out = scratch("batch", "readme-corpus");
    let o = batch(&root().join("corpus"), &out, &["--quiet"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let m = read_manifest(&out);
    assert!(m.len() >= 40, "{} inputs", m.len());
    assert!(m.keys().all(|k| !k.starts_with("bad/")));
    let items = std::fs::read_to_string(out.join("datasets/items.csv")).unwrap();
    assert!(items.contains("取組項目62"));
    assert!(items.contains("(3)-①-b"));
}

#[test]
fn table_cells_dataset_has_every_cell_with_its_row_column_and_unit() {
    let input = scratch("batch", "cells-in");
    std::fs::copy(
        root().join("corpus/tables/seibi-new.tsv.txt"),
        input.join("seibi.txt"),
    )
    .unwrap();
    let out = scratch("batch", "cells-out");
    let o = batch(&input, &out, &["--quiet"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let cells = read_csv(&out.join("datasets/table_cells.csv"));
    let after: Vec<_> = cells
        .iter()
        .filter(|r| r["caption"] == "(変更後)")
        .collect();
    let road = after
        .iter()
        .find(|r| r["row_label"] == "村道" && r["column"] == "事業費")
        .expect("(変更後) 村道 / 事業費");
    assert_eq!(road["text"], "152,700");
    assert_eq!(road["value"], "152700.0");
    assert_eq!(road["unit"], "千円");
    assert_eq!(road["table_unit"], "千円");
    assert_eq!(road["period"], "令和7年度から令和11年度まで 5年間");
    assert_eq!(road["column_index"], "3");
    assert_eq!(road["source_path"], "seibi.txt");
    // The column split over two header rows is one name, and the 合計 row is there.
    assert!(
        after
            .iter()
            .any(|r| r["column"] == "一般財源のうち過疎対策事業債の予定額"
                && r["row_label"] == "合計")
    );
    // Empty cells have no row; the dtypes file types the indexes and the value.
    assert!(cells.iter().all(|r| !r["text"].is_empty()));
    let dtypes: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("datasets/dtypes.json")).unwrap())
            .unwrap();
    assert_eq!(dtypes["table_cells"]["row_index"], "Int64");
    assert_eq!(dtypes["table_cells"]["value"], "Float64");
    assert_eq!(dtypes["table_cells"]["row_label"], "string");
}
