//! PDF ingestion facts on the fixtures of `corpus/pdf/` (made by `corpus/pdf/make_fixtures.py`;
//! the tests need none of the programs that made them).

use crate::common::{cer, corpus};
use std::path::{Path, PathBuf};

use jplan::ingest::{self, IngestOptions};
use jplan::Error;

fn pdf_dir() -> PathBuf {
    corpus().join("pdf")
}

fn extract(name: &str) -> Result<ingest::Extracted, Error> {
    ingest::ingest_file(&pdf_dir().join(name), &IngestOptions::default())
}

fn text_of(name: &str) -> String {
    match extract(name) {
        Ok(ex) => ex.to_text(),
        Err(e) => panic!("{name}: {e}"),
    }
}

fn fixtures_with_expected_text() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(pdf_dir())
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().into_string().unwrap();
            name.strip_suffix(".expected.txt").map(str::to_string)
        })
        .collect();
    v.sort();
    v
}

#[test]
fn cer_is_at_most_half_a_percent_and_no_worse_than_pdftotext() {
    let names = fixtures_with_expected_text();
    assert!(names.len() >= 8, "fixtures found: {names:?}");
    let mut failures = Vec::new();
    for name in &names {
        let dir = pdf_dir();
        let expected = std::fs::read_to_string(dir.join(format!("{name}.expected.txt"))).unwrap();
        let poppler = std::fs::read_to_string(dir.join(format!("{name}.pdftotext.txt"))).unwrap();
        let ours = text_of(&format!("{name}.pdf"));
        let (c_ours, c_poppler) = (cer(&expected, &ours), cer(&expected, &poppler));
        println!(
            "{name:32} jplan {:6.3}%  pdftotext {:6.3}%",
            c_ours * 100.0,
            c_poppler * 100.0
        );
        if c_ours > 0.005 || c_ours > c_poppler + 1e-9 {
            failures.push(format!(
                "{name}: CER {:.3}% (pdftotext {:.3}%)",
                c_ours * 100.0,
                c_poppler * 100.0
            ));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

fn lines(name: &str) -> Vec<String> {
    text_of(name)
        .split(['\n', '\u{c}'])
        .map(str::to_string)
        .collect()
}

#[test]
fn table_cells_are_separated_by_tabs_in_both_producers() {
    for name in ["plan-table.chromium.pdf", "plan-table.libreoffice.pdf"] {
        let lines = lines(name);
        for row in [
            "指標1\t50\t210\t368\t630",
            "(1)-①-a\t町民・企業・NPOとの連携・協働の推進\t政策推進課",
            "2\t歯科保健事業\t486,587\t1,672,434\t1,753,740\t拡充",
        ] {
            assert!(
                lines.iter().any(|l| l == row),
                "{name}: no line {row:?} in {lines:#?}"
            );
        }
    }
}

#[test]
fn radicals_come_out_as_ideographs() {
    let text: String = text_of("plan-table.chromium.pdf")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    assert!(text.contains("日々の行政運営"), "{text}");
    assert!(text.contains("人と民間"), "{text}");
    assert!(text.contains("歯止め"), "{text}");
    let radical = text.chars().find(|c| ('\u{2E80}'..='\u{2FDF}').contains(c));
    assert_eq!(radical, None);
}

#[test]
fn evaluation_sheet_indicator_row_keeps_its_cells() {
    let lines = lines("seed-003.chromium.pdf");
    assert!(lines.iter().any(|l| l == "50\t210\t368\t630"), "{lines:#?}");
}

#[test]
fn vertical_heading_is_one_line_before_the_body() {
    let lines = lines("vertical.chromium.pdf");
    assert_eq!(
        lines.first().map(String::as_str),
        Some("はじめに"),
        "{lines:#?}"
    );
}

#[test]
fn two_columns_read_left_column_first() {
    let text = text_of("two-column.chromium.pdf");
    let left = text.find("公共施設の老朽化").unwrap();
    let right = text.find("第2章").unwrap();
    assert!(left < right, "{text}");
}

#[test]
fn page_numbers_and_running_headers_are_furniture() {
    let ex = extract("furniture.chromium.pdf").unwrap();
    assert_eq!(ex.pages.len(), 4);
    for page in &ex.pages {
        let furniture: Vec<&str> = page
            .lines
            .iter()
            .filter(|l| l.furniture)
            .map(|l| l.text.as_str())
            .collect();
        let n = page.number;
        let number = if n % 2 == 1 {
            format!("- {n} -")
        } else {
            format!("{n}/4")
        };
        assert_eq!(
            furniture,
            vec!["第7次行財政改革推進計画", number.as_str()],
            "page {n}"
        );
        let heading = format!("{n} ");
        assert!(
            page.lines
                .iter()
                .any(|l| !l.furniture && l.text.starts_with(&heading)),
            "page {n}: {:?}",
            page.lines
        );
    }
}

#[test]
fn encrypted_with_empty_user_password_opens() {
    let text = text_of("encrypted-empty-password.pdf");
    assert!(text.contains("はじめに"), "{text}");
}

#[test]
fn encrypted_with_a_password_is_a_clear_error() {
    let err = extract("encrypted.pdf").unwrap_err();
    assert_eq!(err.code(), "encrypted", "{err}");
    assert!(err.to_string().contains("encrypted.pdf"), "{err}");
}

#[test]
fn truncated_pdf_is_an_error_or_partial_text_never_a_crash() {
    match extract("truncated.pdf") {
        Err(e) => assert!(
            matches!(e.code(), "pdf" | "internal"),
            "unexpected error kind {e}"
        ),
        Ok(ex) => assert!(!ex.warnings.is_empty() || !ex.to_text().trim().is_empty()),
    }
}

#[test]
fn scanned_pdf_warns_that_ocr_is_needed() {
    let ex = extract("scanned.pdf").unwrap();
    assert!(ex.to_text().trim().is_empty());
    assert!(
        ex.warnings
            .iter()
            .any(|w| w.code.as_str() == "pdf.no_text" && w.message.contains("OCR needed")),
        "{:?}",
        ex.warnings
    );
}

#[test]
fn garbage_after_pdf_header_is_an_error_naming_the_file() {
    let err = ingest::ingest_bytes(
        b"%PDF-1.7\n this is not a pdf at all",
        Path::new("bad.pdf"),
        &IngestOptions::default(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("bad.pdf"), "{err}");
}
