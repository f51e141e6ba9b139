//! `raw` fields hold the text as the source writes it, read through the offset map, so that a
//! user can search the PDF or TXT for them; ids and values stay normalized.

use crate::common::seed;
use std::path::Path;

use jplan::model::Section;
use jplan::{parse_bytes, parse_file, Options};

fn sections(s: &[Section]) -> Vec<&Section> {
    let mut out = Vec::new();
    for x in s {
        out.push(x);
        out.extend(sections(&x.children));
    }
    out
}

#[test]
fn date_raw_is_the_source_text_with_its_spaces() {
    let doc = parse_file(&seed("004"), &Options::default()).expect("parses");
    // Line 5 of the seed reads `令和 7 年度～令和 11 年度`.
    let m = doc
        .dates
        .iter()
        .find(|d| d.span.page == 1 && d.span.line_start == 5 && d.iso == "FY2025")
        .expect("the plan period's start on line 5");
    assert_eq!(m.raw, "令和 7 年度");
    let end = doc
        .dates
        .iter()
        .find(|d| d.span.page == 1 && d.span.line_start == 5 && d.iso == "FY2029")
        .expect("the plan period's end on line 5");
    assert_eq!(end.raw, "令和 11 年度");
    assert_eq!(
        doc.meta.period.map(|p| (p.start_fy, p.end_fy)),
        Some((2025, Some(2029)))
    );
}

#[test]
fn label_raw_is_the_source_text_and_the_id_is_normalized() {
    let text = "１ 総則\n\n（１） 目的\n\nこの計画の目的を定める。\n\n（２） 期間\n\n令和８年度から５年間とする。\n";
    let doc =
        parse_bytes(text.as_bytes(), Path::new("t.txt"), &Options::default()).expect("parses");
    let all = sections(&doc.sections);
    let first = all
        .iter()
        .find(|s| s.title == "目的")
        .expect("section 目的");
    let label = first.label.as_ref().expect("labelled");
    assert_eq!(label.raw, "（１）");
    assert_eq!(label.number, 1);
    assert_eq!(first.id, "1/(1)");
    let top = all
        .iter()
        .find(|s| s.title == "総則")
        .expect("section 総則");
    assert_eq!(top.label.as_ref().map(|l| l.raw.as_str()), Some("１"));
    let d = doc
        .dates
        .iter()
        .find(|d| d.iso == "FY2026")
        .expect("令和８年度");
    assert_eq!(d.raw, "令和８年度");
}
