//! PDFs from older Japanese producers: Type0 fonts with a predefined CMap (`UniJIS-UCS2-H`,
//! `90ms-RKSJ-H`, `EUC-H`, `H`, their `-V` forms, …), not embedded, without `/ToUnicode`.
//! Fixtures in `corpus/pdf/cmap/`, made by `corpus/pdf/make_cmap_fixtures.py` (plain Python,
//! no other program); the tests need no pdftotext (its output is stored next to each fixture).

use crate::common::{cer, corpus};
use std::path::PathBuf;
use std::process::Command;

use jplan::ingest::{self, IngestOptions};
use jplan::normalize::normalize_str;
use jplan::rules::Rules;

const LINE: &str = "令和7年度 行財政改革推進計画（第3次）";

fn dir() -> PathBuf {
    corpus().join("pdf/cmap")
}

fn extract(name: &str) -> ingest::Extracted {
    match ingest::ingest_file(&dir().join(name), &IngestOptions::default()) {
        Ok(ex) => ex,
        Err(e) => panic!("{name}: {e}"),
    }
}

fn lines(name: &str) -> Vec<String> {
    extract(name)
        .pages
        .iter()
        .flat_map(|p| p.lines.iter().map(|l| l.text.clone()))
        .collect()
}

fn fixtures() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir())
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().into_string().unwrap();
            name.strip_suffix(".pdf").map(str::to_string)
        })
        .collect();
    v.sort();
    v
}

const HORIZONTAL: [&str; 11] = [
    "UniJIS-UCS2-H",
    "UniJIS-UCS2-HW-H",
    "UniJIS-UTF16-H",
    "UniJIS-UTF8-H",
    "UniJIS-UTF32-H",
    "90ms-RKSJ-H",
    "90msp-RKSJ-H",
    "83pv-RKSJ-H",
    "RKSJ-H",
    "EUC-H",
    "H",
];

const VERTICAL: [&str; 10] = [
    "UniJIS-UCS2-V",
    "UniJIS-UCS2-HW-V",
    "UniJIS-UTF16-V",
    "UniJIS-UTF8-V",
    "UniJIS-UTF32-V",
    "90ms-RKSJ-V",
    "90msp-RKSJ-V",
    "RKSJ-V",
    "EUC-V",
    "V",
];

#[test]
fn every_fixture_gives_exactly_its_expected_text() {
    let names = fixtures();
    assert!(names.len() >= 30, "{names:?}");
    let mut failures = Vec::new();
    for name in &names {
        let expected = std::fs::read_to_string(dir().join(format!("{name}.expected.txt"))).unwrap();
        let got = extract(&format!("{name}.pdf")).to_text();
        if got != expected {
            failures.push(format!(
                "{name}:\n  expected {expected:?}\n  got      {got:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn one_line_under_every_horizontal_cmap() {
    let rules = Rules::defaults();
    let want = normalize_str(LINE, &rules.chars, &rules.numbering);
    for cmap in HORIZONTAL {
        let lines = lines(&format!("h-{cmap}.pdf"));
        assert_eq!(lines.len(), 1, "{cmap}: {lines:?}");
        let line = lines.first().map(String::as_str).unwrap_or("");
        if cmap == "H" {
            // JIS X 0208 has only full-width digits and spaces.
            assert_eq!(line, "令和７年度\u{3000}行財政改革推進計画（第３次）");
        } else {
            assert_eq!(line, LINE, "{cmap}");
        }
        assert_eq!(
            normalize_str(line, &rules.chars, &rules.numbering),
            want,
            "{cmap}"
        );
    }
}

#[test]
fn vertical_columns_read_right_to_left_in_every_vertical_cmap() {
    for cmap in VERTICAL {
        let lines = lines(&format!("v-{cmap}.pdf"));
        let want: [&str; 2] = if cmap == "V" {
            ["令和７年度", "行財政改革推進計画（第３次）"]
        } else {
            ["令和7年度", "行財政改革推進計画（第3次）"]
        };
        assert_eq!(lines, want, "{cmap}");
    }
}

#[test]
fn identity_v_columns_read_right_to_left_with_to_unicode() {
    assert_eq!(
        lines("v-Identity-V.pdf"),
        ["令和7年度", "行財政改革推進計画（第3次）"]
    );
}

#[test]
fn embedded_cmap_using_a_predefined_one_is_read_vertically() {
    let ex = extract("v-embedded-usecmap.pdf");
    assert_eq!(ex.to_text(), "令和7年度\n行財政改革推進計画（第3次）\n");
    assert!(ex.warnings.is_empty(), "{:?}", ex.warnings);
}

#[test]
fn vertical_heading_comes_before_the_horizontal_body() {
    let lines = lines("v-heading.pdf");
    assert_eq!(
        lines.first().map(String::as_str),
        Some("はじめに"),
        "{lines:?}"
    );
    assert_eq!(lines.len(), 4, "{lines:?}");
}

#[test]
fn table_cells_stay_apart_with_widths_from_w() {
    let lines = lines("table-row.pdf");
    assert_eq!(lines, ["指標1\t50\t210", "指標2\t368\t630"]);
    assert!(lines.iter().all(|l| !l.contains("指標150")));
}

#[test]
fn tj_kerning_quote_operators_and_form_xobjects() {
    let lines = lines("operators.pdf");
    assert_eq!(
        lines,
        [
            "指標1\t50",
            "行財政改革推進計画",
            "第2章 計画の期間",
            "令和7年度から令和11年度まで"
        ]
    );
}

#[test]
fn font_dictionaries_written_inside_the_resources_are_read() {
    let ex = extract("direct-font.pdf");
    assert_eq!(ex.to_text(), format!("{LINE}\n"));
    assert!(ex.warnings.is_empty(), "{:?}", ex.warnings);
}

#[test]
fn a_cid_font_without_descriptor_fails_no_page() {
    let ex = extract("no-descriptor.pdf");
    assert_eq!(ex.to_text(), format!("{LINE}\n\n行財政改革推進計画\n"));
    assert!(ex.warnings.is_empty(), "{:?}", ex.warnings);
}

#[test]
fn unknown_cmap_warns_with_its_name_and_keeps_the_other_font() {
    let ex = extract("unknown-cmap.pdf");
    let unknown: Vec<_> = ex
        .warnings
        .iter()
        .filter(|w| w.code.as_str() == "pdf.unknown_cmap")
        .collect();
    assert_eq!(unknown.len(), 1, "{:?}", ex.warnings);
    assert!(
        unknown.iter().all(|w| w.message.contains("Foo-Bar-H")),
        "{unknown:?}"
    );
    assert_eq!(ex.to_text(), "行財政改革推進計画\n");
    assert!(ex
        .warnings
        .iter()
        .all(|w| w.code.as_str() != "pdf.page_failed"));
}

#[test]
fn no_warnings_and_no_failed_pages_for_known_cmaps() {
    for name in fixtures() {
        if name == "unknown-cmap" {
            continue;
        }
        let ex = extract(&format!("{name}.pdf"));
        assert!(ex.warnings.is_empty(), "{name}: {:?}", ex.warnings);
    }
}

/// pdftotext (poppler with poppler-data) reads these files too; jplan is never worse. Where
/// poppler prints vertical presentation forms (`︵` for `（`) jplan gives the plain character.
#[test]
fn no_worse_than_pdftotext() {
    for name in fixtures() {
        let expected = std::fs::read_to_string(dir().join(format!("{name}.expected.txt"))).unwrap();
        let poppler = std::fs::read_to_string(dir().join(format!("{name}.pdftotext.txt"))).unwrap();
        let ours = extract(&format!("{name}.pdf")).to_text();
        let (c_ours, c_poppler) = (cer(&expected, &ours), cer(&expected, &poppler));
        assert!(
            c_ours == 0.0 && c_ours <= c_poppler,
            "{name}: jplan {c_ours}, pdftotext {c_poppler}"
        );
    }
}

#[test]
fn jplan_extract_prints_the_text_and_parse_exits_0() {
    for name in [
        "h-UniJIS-UCS2-H",
        "h-90ms-RKSJ-H",
        "v-EUC-V",
        "table-row",
        "unknown-cmap",
    ] {
        let pdf = dir().join(format!("{name}.pdf"));
        let out = Command::new(env!("CARGO_BIN_EXE_jplan"))
            .arg("extract")
            .arg(&pdf)
            .output()
            .unwrap();
        assert!(out.status.success(), "{name}: {out:?}");
        let expected = std::fs::read_to_string(dir().join(format!("{name}.expected.txt"))).unwrap();
        assert_eq!(String::from_utf8_lossy(&out.stdout), expected, "{name}");
    }
    for name in fixtures() {
        let pdf = dir().join(format!("{name}.pdf"));
        let out = Command::new(env!("CARGO_BIN_EXE_jplan"))
            .arg("parse")
            .arg(&pdf)
            .output()
            .unwrap();
        assert!(out.status.success(), "{name}: {out:?}");
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let warned_unknown = json.to_string().contains("pdf.unknown_cmap");
        assert_eq!(warned_unknown, name == "unknown-cmap", "{name}");
    }
}

/// jplan's own CMap reader on damaged content: every byte of every content stream of a few
/// fixtures replaced by a few values, read without any panic guard (a panic fails the test).
#[test]
fn damaged_content_never_panics_the_cmap_reader() {
    use jplan::ingest::pdf::{cmap_text, fonts};
    for name in [
        "operators",
        "v-heading",
        "h-90ms-RKSJ-H",
        "v-Identity-V",
        "table-row",
    ] {
        let bytes = std::fs::read(dir().join(format!("{name}.pdf"))).unwrap();
        let doc = lopdf::Document::load_mem(&bytes).unwrap();
        // Undamaged, the reader finds the text.
        let mut intact = doc.clone();
        assert!(fonts::prepare(&mut intact).predefined_cmaps, "{name}");
        let glyphs: usize = intact
            .get_pages()
            .values()
            .map(|&page| cmap_text::page_glyphs(&intact, page).len())
            .sum();
        assert!(glyphs >= 5, "{name}: {glyphs} glyphs");
        let mut runs = 0;
        for (id, obj) in &doc.objects {
            let Ok(stream) = obj.as_stream() else {
                continue;
            };
            let content = stream
                .decompressed_content()
                .unwrap_or(stream.content.clone());
            for pos in 0..content.len() {
                for value in [b'<', b'[', b'(', 0xFF, b'0'] {
                    let mut damaged = content.clone();
                    damaged[pos] = value;
                    let mut doc = doc.clone();
                    if let Ok(lopdf::Object::Stream(s)) = doc.get_object_mut(*id) {
                        s.dict.remove(b"Filter");
                        s.set_content(damaged);
                    }
                    fonts::prepare(&mut doc);
                    for (_, page) in doc.get_pages() {
                        let _ = cmap_text::page_glyphs(&doc, page);
                    }
                    runs += 1;
                }
            }
        }
        assert!(runs > 100, "{name}: {runs}");
    }
}
