//! Tables in every written form, and the cell-number parser.

use jplan::model::{Bound, Span};
use jplan::normalize::NormLine;
use jplan::tables::{find_tables, parse_number};
use jplan::Rules;
use std::path::Path;

/// The normalized lines of a TXT document (through the real ingest and normalize stages).
fn lines(text: &str) -> Vec<NormLine> {
    let ex = jplan::ingest::ingest_bytes(
        text.as_bytes(),
        Path::new("t.txt"),
        &jplan::ingest::IngestOptions::default(),
    )
    .unwrap();
    jplan::normalize::normalize_doc(&ex, &Rules::defaults().chars, &Rules::defaults().numbering)
        .lines
}

#[test]
fn tab_separated_rows_with_filler_rows_dropped() {
    let ls = lines(
        "前文\n番号\t事業名\tR2決算\tR3決算\n1\t広報事業\t1,000\t-\n2\n3\n計\t\t1,000\t0\n後文",
    );
    let t = find_tables(&ls);
    assert_eq!(t.len(), 1);
    let f = &t[0];
    assert_eq!((f.first, f.last), (1, 5));
    assert_eq!(f.table.kind, "tsv");
    assert_eq!(f.table.header_rows, 1);
    assert_eq!(f.table.rows.len(), 3, "{:?}", f.table.rows);
    assert_eq!(f.table.rows[1], ["1", "広報事業", "1,000", "-"]);
    assert_eq!(f.table.rows[2][0], "計");
    assert_eq!(f.table.span, Span::lines(1, 2, 6));
}

#[test]
fn filler_lines_after_the_last_tab_row_are_not_the_table() {
    let ls = lines("a\tb\n1\t2\n3\n4");
    let t = find_tables(&ls);
    assert_eq!(t.len(), 1);
    assert_eq!(t[0].last, 1);
}

#[test]
fn html_table_over_several_lines_with_spans_and_lists() {
    let ls = lines(
        "本文\n<table><thead><tr><th rowspan=\"2\">取組</th><th colspan=\"2\">年度</th></tr>\n\
         <tr><th>R7</th><th>R8</th></tr></thead>\n\
         <tr><td>窓口改善<br>(再掲)</td><td><ul><li>検討</li><li>試行</li></ul></td><td>実施</td></tr>\n\
         </table>\n後文",
    );
    let t = find_tables(&ls);
    assert_eq!(t.len(), 1);
    let f = &t[0];
    assert_eq!((f.first, f.last), (1, 4));
    assert_eq!(f.table.kind, "html");
    assert_eq!(f.table.header_rows, 2);
    assert_eq!(f.table.rows[0], ["取組", "年度", "年度"]);
    assert_eq!(f.table.rows[1], ["取組", "R7", "R8"]);
    assert_eq!(f.table.rows[2], ["窓口改善 (再掲)", "検討 試行", "実施"]);
}

#[test]
fn markdown_pipe_table() {
    let ls =
        lines("| 指標 | 現状値 | 目標値 |\n|---|---:|---:|\n| 満足度(%) | 71.4 | 75.0 |\n本文");
    let t = find_tables(&ls);
    assert_eq!(t.len(), 1);
    assert_eq!(t[0].table.kind, "pipe");
    assert_eq!(t[0].table.header_rows, 1);
    assert_eq!(
        t[0].table.rows,
        [["指標", "現状値", "目標値"], ["満足度(%)", "71.4", "75.0"]]
    );
    assert_eq!(t[0].last, 2);
}

#[test]
fn space_aligned_columns() {
    let ls =
        lines("項目    R5年度    R6年度\n職員数    510    505\n一行だけの  文章です\n\n別の  段落");
    let t = find_tables(&ls);
    assert_eq!(t.len(), 1, "{t:?}");
    assert_eq!(t[0].table.kind, "spaces");
    assert_eq!(
        t[0].table.rows,
        [["項目", "R5年度", "R6年度"], ["職員数", "510", "505"]]
    );
    assert_eq!(t[0].table.header_rows, 1);
    assert_eq!((t[0].first, t[0].last), (0, 1));
}

#[test]
fn single_lines_and_prose_are_not_tables() {
    let ls = lines("R2年度 (2020)\tR3年度 (2021)\n本文です。\n次の  行は  三列\nこれは二列の  行");
    assert!(find_tables(&ls).is_empty());
}

#[test]
fn number_parser() {
    // A glued cell is not silently read as another number: `50` is 50, not 150.
    assert_eq!(parse_number("50").value, Some(50.0));
    assert_eq!(parse_number("2,042,623").value, Some(2_042_623.0));
    assert_eq!(parse_number("△1,200").value, Some(-1200.0));
    assert_eq!(parse_number("▲3.5").value, Some(-3.5));
    for dash in ["-", "—", "－", "―"] {
        let p = parse_number(dash);
        assert_eq!(p.value, None, "{dash}");
        assert!(p.dash, "{dash}");
    }
    let p = parse_number("65.0 [※]");
    assert_eq!(p.value, Some(65.0));
    assert_eq!(p.footnote.as_deref(), Some("[※]"));
    let p = parse_number("27.9※");
    assert_eq!((p.value, p.footnote.as_deref()), (Some(27.9), Some("※")));
    let p = parse_number("90.0 以下");
    assert_eq!((p.value, p.bound), (Some(90.0), Some(Bound::AtMost)));
    let p = parse_number("80 以上");
    assert_eq!((p.value, p.bound), (Some(80.0), Some(Bound::AtLeast)));
    let p = parse_number("18.6%");
    assert_eq!((p.value, p.unit.as_deref()), (Some(18.6), Some("%")));
    assert_eq!(parse_number("１２，３８５").value, Some(12385.0));
    assert_eq!(parse_number("1,2").value, None);
    assert_eq!(parse_number("1234,567").value, None);
    assert_eq!(parse_number("継続").value, None);
    assert_eq!(parse_number("486,5817,672").value, None);
}
