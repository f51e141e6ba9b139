//! jplan on real PDFs from real producers, measured against `pdftotext -layout`.
//!
//! The PDFs live outside the repository (`../shared/realpdf`, or the folder named by
//! `JPLAN_REALPDF`), each with `NAME.pdftotext.txt` beside it; without that folder the tests
//! print one line and pass. For every file the characters of `jplan extract` (NFKC, whitespace
//! removed) are compared with pdftotext's as a multiset: what pdftotext has and jplan lacks is
//! *lost*, what jplan has beyond pdftotext is *added*. Each file may differ by at most its
//! allowance below, and every allowance says why (where pdftotext is wrong).
//!
//! `cargo test --release --test it realpdf:: -- --nocapture` prints the table of docs/pdf.md.

use crate::common::{realpdf_dir, REALPDF_SKIPPED};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use jplan::ingest::{self, IngestOptions};
use unicode_normalization::UnicodeNormalization;

/// How far a file may be from pdftotext: (file, lost at most, added at most, why).
const ALLOWANCES: &[(&str, usize, usize, &str)] = &[
    (
        "kodaira_scan_kouenkouji.pdf",
        6,
        17,
        "a scan's OCR text layer: overlapping words of unknown quality (`~`, `|` for `│`), \
         which pdftotext and jplan resolve differently (jplan warns pdf.ocr_layer)",
    ),
    (
        "mlit_kyushu_89test.pdf",
        35_164,
        36_000,
        "MS-Mincho without any Unicode mapping: pdftotext prints mojibake (all of it is \
         'lost'), jplan reads the glyphs through its learned table (see \
         kyushu_text_comes_from_the_glyph_table)",
    ),
    (
        "otoineppu_otoineppu_sogosenryaku.pdf",
        420,
        0,
        "fake bold (every string drawn two to four times a quarter point apart): pdftotext \
         keeps some of the copies (`重要業績評価指標` on two lines, `…織りなす匠` + `りなす匠の里…`), \
         jplan draws each glyph once",
    ),
];

/// Characters with their counts, NFKC, whitespace removed.
fn multiset(text: &str) -> HashMap<char, usize> {
    let mut m = HashMap::new();
    for c in text.nfkc().filter(|c| !c.is_whitespace()) {
        *m.entry(c).or_insert(0) += 1;
    }
    m
}

/// (lost, added): characters pdftotext has and jplan lacks, and the other way round.
fn lost_added(jplan: &str, reference: &str) -> (usize, usize) {
    let (a, b) = (multiset(jplan), multiset(reference));
    let lost = b
        .iter()
        .map(|(c, n)| n.saturating_sub(a.get(c).copied().unwrap_or(0)))
        .sum();
    let added = a
        .iter()
        .map(|(c, n)| n.saturating_sub(b.get(c).copied().unwrap_or(0)))
        .sum();
    (lost, added)
}

fn is_kana_or_kanji(c: char) -> bool {
    matches!(c as u32, 0x3041..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF)
}

/// Runs of three doubled kana or kanji (`森森とと水水`) in `jplan` that `reference` does not
/// have, whitespace ignored.
fn doubled_runs(jplan: &str, reference: &str) -> Vec<String> {
    let squeeze = |s: &str| -> Vec<char> { s.nfkc().filter(|c| !c.is_whitespace()).collect() };
    let reference: String = squeeze(reference).into_iter().collect();
    let chars = squeeze(jplan);
    let mut out = Vec::new();
    let mut i = 0;
    while i + 6 <= chars.len() {
        let w = chars.get(i..i + 6).unwrap_or(&[]);
        // Three pairs of two different characters at least (a run like `にににににに` is
        // one character repeated, not a glyph drawn twice).
        let doubled = w.chunks(2).all(|p| match p {
            [a, b] => a == b && is_kana_or_kanji(*a),
            _ => false,
        }) && (w.first() != w.get(2) || w.get(2) != w.get(4));
        if doubled {
            let s: String = w.iter().collect();
            if !reference.contains(&s) {
                out.push(s);
            }
            i += 6;
        } else {
            i += 1;
        }
    }
    out
}

struct Measured {
    file: String,
    reference: usize,
    lost: usize,
    added: usize,
    doubled: Vec<String>,
}

fn measure(dir: &Path) -> Vec<Measured> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "pdf"));
    files.sort();
    let mut out = Vec::new();
    for pdf in files {
        let name = pdf
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let reference_path = pdf.with_extension("pdftotext.txt");
        let Ok(reference) = std::fs::read_to_string(&reference_path) else {
            println!("{name}: no pdftotext output beside it, skipped");
            continue;
        };
        let text = match ingest::ingest_file(&pdf, &IngestOptions::default()) {
            Ok(ex) => ex.to_text(),
            Err(e) => panic!("{name}: {e}"),
        };
        let (lost, added) = lost_added(&text, &reference);
        out.push(Measured {
            file: name,
            reference: multiset(&reference).values().sum(),
            lost,
            added,
            doubled: doubled_runs(&text, &reference),
        });
    }
    out
}

#[test]
fn real_pdfs_give_pdftotexts_characters() {
    let Some(dir) = realpdf_dir() else {
        println!("{REALPDF_SKIPPED}");
        return;
    };
    let measured = measure(&dir);
    assert!(!measured.is_empty(), "no PDFs in {}", dir.display());
    println!("| file | pdftotext chars | lost | added |");
    println!("|---|---|---|---|");
    let (mut total, mut lost, mut added) = (0, 0, 0);
    for m in &measured {
        println!(
            "| {} | {} | {} | {} |",
            m.file, m.reference, m.lost, m.added
        );
        total += m.reference;
        lost += m.lost;
        added += m.added;
    }
    println!("| total | {total} | {lost} | {added} |");
    let mut failures = Vec::new();
    for m in &measured {
        let (max_lost, max_added) = ALLOWANCES
            .iter()
            .find(|a| a.0 == m.file)
            .map_or((0, 0), |a| (a.1, a.2));
        if m.lost > max_lost || m.added > max_added {
            failures.push(format!(
                "{}: lost {} (allowed {max_lost}), added {} (allowed {max_added})",
                m.file, m.lost, m.added
            ));
        }
        if !m.doubled.is_empty() {
            failures.push(format!(
                "{}: doubled glyphs pdftotext does not have: {:?}",
                m.file,
                m.doubled.iter().take(5).collect::<Vec<_>>()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn measures_count_what_they_say() {
    assert_eq!(lost_added("ab c", "abc"), (0, 0));
    assert_eq!(lost_added("ab", "abc"), (1, 0));
    assert_eq!(lost_added("abcc", "abc"), (0, 1));
    // NFKC: a Kangxi radical is its ideograph, full-width digits are digits.
    assert_eq!(lost_added("⼀１", "一1"), (0, 0));
    assert_eq!(doubled_runs("森森とと水水", "森と水"), vec!["森森とと水水"]);
    assert!(doubled_runs("森森とと水水", "森森とと水水").is_empty());
    assert!(doubled_runs("森とと水水", "").is_empty());
    assert!(doubled_runs("にににににに", "").is_empty());
}

/// The failure classes of real producers, made small (`corpus/pdf/real/`, written by
/// `corpus/pdf/make_real_classes.py`): jplan gives exactly NAME.expected.txt.
#[test]
fn real_class_fixtures_give_their_text() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/pdf/real");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .filter_map(|e| {
                    let n = e.file_name().to_string_lossy().into_owned();
                    n.strip_suffix(".pdf").map(str::to_string)
                })
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    assert!(names.len() >= 2, "{names:?}");
    let mut failures = Vec::new();
    for name in &names {
        let expected =
            std::fs::read_to_string(dir.join(format!("{name}.expected.txt"))).unwrap_or_default();
        let got = match ingest::ingest_file(
            &dir.join(format!("{name}.pdf")),
            &IngestOptions::default(),
        ) {
            Ok(ex) => ex.to_text(),
            Err(e) => format!("error: {e}"),
        };
        if got != expected {
            failures.push(format!(
                "{name}:\n  expected {expected:?}\n  got      {got:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A font without any Unicode mapping (MS-Mincho embedded by Acrobat Distiller) is read through
/// the learned glyph table: the document's first line is its title, and the share of glyphs
/// the table knows is in the warning.
#[test]
fn kyushu_text_comes_from_the_glyph_table() {
    let Some(dir) = realpdf_dir() else {
        println!("{REALPDF_SKIPPED}");
        return;
    };
    let ex = match ingest::ingest_file(
        &dir.join("mlit_kyushu_89test.pdf"),
        &IngestOptions::default(),
    ) {
        Ok(ex) => ex,
        Err(e) => panic!("mlit_kyushu_89test.pdf: {e}"),
    };
    let text = ex.to_text();
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    assert_eq!(first.split_whitespace().collect::<String>(), "入札説明書");
    assert!(ex
        .warnings
        .iter()
        .any(|w| w.code.as_str() == "pdf.glyph_table"));
    assert!(!ex.warnings.iter().any(|w| w.code.as_str() == "pdf.no_text"));
    let unknown: usize = ex
        .warnings
        .iter()
        .filter(|w| w.code.as_str() == "pdf.no_unicode")
        .filter_map(|w| w.message.split_whitespace().nth(2)?.parse::<usize>().ok())
        .sum();
    let known = text.chars().filter(|c| !c.is_whitespace()).count();
    let share = known as f64 / (known + unknown) as f64;
    println!(
        "mlit_kyushu_89test.pdf: {known} glyphs mapped, {unknown} unknown ({:.1}% mapped)",
        100.0 * share
    );
    assert!(share > 0.9, "{share}");
}

/// Extracted text and warning codes of a real PDF, or `None` without the folder.
fn real(name: &str) -> Option<(String, Vec<String>)> {
    let Some(dir) = realpdf_dir() else {
        println!("{REALPDF_SKIPPED}");
        return None;
    };
    match ingest::ingest_file(&dir.join(name), &IngestOptions::default()) {
        Ok(ex) => Some((
            ex.to_text(),
            ex.warnings
                .iter()
                .map(|w| format!("{} {}", w.code, w.message))
                .collect(),
        )),
        Err(e) => panic!("{name}: {e}"),
    }
}

/// A scan with an invisible OCR layer: a warning that names the file says so, and the
/// horizontal title over the layer's vertical columns reads left to right, near the top.
#[test]
fn scan_text_layer_is_warned_and_its_title_reads_forward() {
    let Some((text, warnings)) = real("kodaira_scan_kouenkouji.pdf") else {
        return;
    };
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("pdf.ocr_layer kodaira_scan_kouenkouji.pdf: ")),
        "{warnings:?}"
    );
    let title = text
        .lines()
        .position(|l| l.contains("上水南町寄付公園概算工事費算出"));
    assert!(title.is_some_and(|i| i < 3), "{title:?}");
    assert!(!text.contains("出算費事工算概園公付寄町南水上"));
}

/// A Word chart (a form XObject scaled by its /Matrix and placed by `cm`): its labels stay in
/// the chart, the paragraph heading below it is a line of its own, and the axis digits beyond
/// the page edge are left out, as pdftotext does.
#[test]
fn chart_forms_are_placed_where_they_are_drawn() {
    let Some((text, _)) = real("otoineppu_gyouseihoukokur7.pdf") else {
        return;
    };
    assert!(text
        .lines()
        .any(|l| l == "(3) 昇給への人事評価の活用状況（一般行政職）（音威子府村）"));
    assert!(text.lines().any(|l| l == "＜作業＞"));
    let page6 = text.split('\u{c}').nth(5).unwrap_or("");
    for axis in ["12", "19", "27"] {
        assert!(
            !page6
                .lines()
                .any(|l| l.split('\t').any(|c| c.trim() == axis)),
            "axis digit {axis} printed"
        );
    }
}

/// Two entries stacked in one Excel cell stay apart; a table that rules only its columns keeps
/// its rows (a label with its own amount).
#[test]
fn stacked_cell_entries_stay_apart() {
    let Some((text, _)) = real("otoineppu_R7koukyoukouji.pdf") else {
        return;
    };
    assert!(text.contains("音威子府村字咲来 音威子府村字上音威子府"));
    let Some((text, _)) = real("mlit_nishinosu.pdf") else {
        return;
    };
    assert!(
        text.lines().any(|l| l.ends_with("\t口頭注意\t-２")),
        "rows merged"
    );
}

/// The fixture scan has the OCR warning (the text itself is checked by
/// `real_class_fixtures_give_their_text`).
#[test]
fn ocr_layer_fixture_is_warned() {
    let pdf = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/pdf/real/ocr-layer.pdf");
    let ex = ingest::ingest_file(&pdf, &IngestOptions::default()).expect("ocr-layer.pdf");
    let w = ex
        .warnings
        .iter()
        .find(|w| w.code.as_str() == "pdf.ocr_layer");
    assert!(
        w.is_some_and(|w| w
            .message
            .starts_with("ocr-layer.pdf: the text of page 1 is an OCR layer")),
        "{:?}",
        ex.warnings
    );
    // A page of ordinary text with no image is no OCR layer.
    let plain = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/pdf/real/form-chart.pdf");
    let ex = ingest::ingest_file(&plain, &IngestOptions::default()).expect("form-chart.pdf");
    assert!(!ex
        .warnings
        .iter()
        .any(|w| w.code.as_str() == "pdf.ocr_layer"));
}

/// The loss check holds on every real PDF: `jplan parse --check` places every character of
/// every line somewhere in the outline (sections, blocks, tables, furniture), so nothing a
/// producer wrote is dropped on the way to the model. It found, among others, a table's unit
/// row `円 ⇥ 円 ⇥ % ⇥ %` whose equal neighbouring cells were blanked as if copied by a colspan.
#[test]
fn every_real_pdf_passes_the_loss_check() {
    let Some(dir) = realpdf_dir() else {
        println!("{REALPDF_SKIPPED}");
        return;
    };
    let mut pdfs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("read the real PDFs' folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    pdfs.sort();
    assert!(pdfs.len() >= 10, "real PDFs found: {}", pdfs.len());
    let mut failed = Vec::new();
    for p in &pdfs {
        let out = crate::common::jplan(&[
            std::ffi::OsStr::new("parse"),
            p.as_os_str(),
            std::ffi::OsStr::new("--check"),
            std::ffi::OsStr::new("-o"),
            std::ffi::OsStr::new("/dev/null"),
        ]);
        if !out.status.success() {
            failed.push(crate::common::stderr(&out));
        }
    }
    assert!(failed.is_empty(), "text not placed:\n{}", failed.join("\n"));
}
