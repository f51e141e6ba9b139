//! Tables as tables: assembly (one table with named columns, unit, period and row labels,
//! whether written as TSV, HTML, markdown or PDF columns) and the table and prose diff, on the
//! fixtures of `corpus/tables/` and, when present, on a real version pair of
//! `../shared/realpdf/`.

use crate::common::realpdf_dir;
use std::path::{Path, PathBuf};
use std::process::Command;

use jplan::diff::{diff_plans, render_html, render_text, ChangeKind, PlanDiff, Target};
use jplan::model::{PlanDocument, Table};
use jplan::Options;

fn corpus(name: &str) -> PathBuf {
    crate::common::corpus().join("tables").join(name)
}

/// The real PDFs, when the version pair read here is among them.
fn realpdf() -> Option<PathBuf> {
    realpdf_dir().filter(|d| d.join("nankoku_henchi_keikaku_r4.pdf").exists())
}

fn parse(path: &Path) -> PlanDocument {
    jplan::parse_file(path, &Options::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

const COLUMNS: [&str; 6] = [
    "施設名",
    "事業主体名",
    "事業費",
    "特定財源",
    "一般財源",
    "一般財源のうち過疎対策事業債の予定額",
];

fn cost_tables(doc: &PlanDocument) -> Vec<&Table> {
    doc.tables
        .iter()
        .filter(|t| t.columns.iter().any(|c| c == "事業費"))
        .collect()
}

fn cell<'a>(t: &'a Table, row: &str, col: &str) -> &'a str {
    let r = t
        .row_labels
        .iter()
        .position(|l| l == row)
        .unwrap_or_else(|| panic!("no row {row} in {:?}", t.row_labels));
    let c = t
        .columns
        .iter()
        .position(|l| l == col)
        .unwrap_or_else(|| panic!("no column {col} in {:?}", t.columns));
    &t.cells[r][c].text
}

#[test]
fn every_form_of_the_fixture_gives_the_same_tables() {
    for version in ["old", "new"] {
        let forms = ["chromium.pdf", "tsv.txt", "md.txt", "html.txt"];
        let docs: Vec<PlanDocument> = forms
            .iter()
            .map(|f| parse(&corpus(&format!("seibi-{version}.{f}"))))
            .collect();
        for (form, doc) in forms.iter().zip(&docs) {
            let tables = cost_tables(doc);
            assert_eq!(tables.len(), 2, "{version}.{form}: {:#?}", doc.tables);
            for (t, which) in tables.iter().zip(["(変更前)", "(変更後)"]) {
                assert_eq!(t.columns, COLUMNS, "{version}.{form}");
                assert_eq!(t.caption.as_deref(), Some(which), "{version}.{form}");
                assert_eq!(t.unit.as_deref(), Some("千円"), "{version}.{form}");
                assert!(
                    t.period.as_deref().is_some_and(|p| p.ends_with("5年間")),
                    "{version}.{form}: {:?}",
                    t.period
                );
                assert_eq!(t.row_labels.last().map(String::as_str), Some("合計"));
                assert!(t.cells.iter().all(|r| r.len() == 6));
            }
        }
        // Same labels and cells whatever the form.
        let first = cost_tables(&docs[0]);
        for (form, doc) in forms.iter().zip(&docs).skip(1) {
            for (a, b) in first.iter().zip(cost_tables(doc)) {
                assert_eq!(a.row_labels, b.row_labels, "{version}.{form}");
                assert_eq!(a.cells, b.cells, "{version}.{form}");
            }
        }
    }
}

#[test]
fn a_table_broken_over_a_page_with_its_header_repeated_is_one_table() {
    let doc = parse(&corpus("seibi-old.chromium.pdf"));
    let after = cost_tables(&doc)[1];
    assert_eq!(
        after.row_labels,
        [
            "村道",
            "農道",
            "簡易給水施設",
            "集会施設",
            "通学用車両",
            "合計"
        ]
    );
    assert_eq!(after.header_rows, 2);
    // The total row's label spans two columns: values stay under their columns.
    assert_eq!(cell(after, "合計", "事業費"), "109,700");
    assert_eq!(cell(after, "合計", "事業主体名"), "");
    let v = after.cells[5][2].value;
    assert_eq!(v, Some(109700.0));
    assert_eq!(after.cells[5][2].unit.as_deref(), Some("千円"));
}

fn changes_of(d: &PlanDiff, target: Target) -> Vec<&jplan::diff::Change> {
    d.changes.iter().filter(|c| c.target == target).collect()
}

fn fixture_diff(form: &str) -> PlanDiff {
    let old = parse(&corpus(&format!("seibi-old.{form}")));
    let new = parse(&corpus(&format!("seibi-new.{form}")));
    diff_plans(&old, &new)
}

#[test]
fn the_fixture_diff_names_cells_rows_and_differences() {
    for form in ["chromium.pdf", "tsv.txt", "md.txt", "html.txt"] {
        let d = fixture_diff(form);
        let cells = changes_of(&d, Target::TableCell);
        let road = cells
            .iter()
            .find(|c| c.field.as_deref() == Some("(変更後) 村道 / 事業費"))
            .unwrap_or_else(|| panic!("{form}: {:#?}", cells));
        assert_eq!(road.old_value.as_deref(), Some("48,000"));
        assert_eq!(road.new_value.as_deref(), Some("152,700"));
        let t = road.table.as_ref().unwrap();
        assert_eq!(t.difference, Some(104700.0));
        assert_eq!(t.unit.as_deref(), Some("千円"));
        assert_eq!(
            jplan::diff::value_text(road),
            "(変更後) 村道 / 事業費: 48,000 → 152,700 千円 (+104,700)"
        );
        // Reordered rows are matched by label: 農道 moved but is unchanged in 変更後.
        assert!(!cells.iter().any(|c| c
            .field
            .as_deref()
            .is_some_and(|f| f.starts_with("(変更後) 農道"))));
        let rows = changes_of(&d, Target::TableRow);
        let named = |kind: ChangeKind| -> Vec<String> {
            rows.iter()
                .filter(|c| c.kind == kind)
                .filter_map(|c| c.field.clone())
                .collect()
        };
        // The new 変更前 table lists 通学用車両, the old one did not.
        assert_eq!(
            named(ChangeKind::Added),
            ["(変更前) 通学用車両", "(変更後) 観光交流施設"],
            "{form}"
        );
        assert_eq!(
            named(ChangeKind::Removed),
            ["(変更前) 集会施設", "(変更後) 集会施設"],
            "{form}"
        );
    }
}

#[test]
fn wrap_only_differences_are_not_changes_and_edits_show_as_words() {
    let d = fixture_diff("chromium.pdf");
    let text = render_text(&d, false);
    // The first paragraph is only re-wrapped; the second changes one phrase.
    assert!(!text.contains("畑作と林業を主な[-"), "{text}");
    assert!(
        text.contains("安全な通行のために[-補修-]{+全面的な改修+}が必要"),
        "{text}"
    );
    let sections = changes_of(&d, Target::Section);
    assert!(sections.iter().all(|c| !c
        .text_ops
        .iter()
        .any(|o| o.text.contains("産業としている") && o.op != jplan::diff::OpKind::Equal)));
}

#[test]
fn the_html_page_shows_changed_tables_as_tables() {
    let d = fixture_diff("tsv.txt");
    let html = render_html(&d);
    assert!(html.contains("<h2>表</h2>"));
    assert!(html.contains("<h3>(変更後)</h3>"));
    assert!(html.contains("<th>一般財源のうち過疎対策事業債の予定額</th>"));
    assert!(html.contains(
        "<td class=\"chg num\"><ins>152,700</ins> <del>48,000</del><span class=\"diff\">+104,700</span></td>"
    ));
    assert!(html.contains("<tr class=\"add\"><th class=\"row\">観光交流施設</th>"));
    assert!(html.contains("<tr class=\"del\"><th class=\"row\">集会施設</th>"));
}

#[test]
fn real_pair_cost_tables_and_their_diff() {
    let Some(dir) = realpdf() else {
        eprintln!("SKIPPED real_pair_cost_tables_and_their_diff: ../shared/realpdf not found");
        return;
    };
    let old = parse(&dir.join("nankoku_henchi_keikaku_r4.pdf"));
    let new = parse(&dir.join("nankoku_henchi_keikaku_r8.pdf"));
    for doc in [&old, &new] {
        let tables = cost_tables(doc);
        assert_eq!(tables.len(), 2, "{:#?}", doc.tables);
        for t in tables {
            assert_eq!(t.columns.len(), 6);
            assert_eq!(t.columns[2], "事業費");
            assert_eq!(t.columns[5], "一般財源のうち辺地対策事業債の予定額");
            assert_eq!(t.unit.as_deref(), Some("千円"));
            assert!(t.period.is_some());
        }
    }
    // The 変更前 table of the new version runs over a page break: one table.
    let before = cost_tables(&new)[0];
    assert_eq!(before.caption.as_deref(), Some("(変更前)"));
    assert_eq!(
        before.period.as_deref(),
        Some("令和5年度から令和9年度まで 5年間")
    );
    assert!(before.row_labels.iter().any(|l| l == "市道"));
    assert!(before.row_labels.iter().any(|l| l == "地場産業振興施設"));

    let d = diff_plans(&old, &new);
    let cells = changes_of(&d, Target::TableCell);
    let road = cells
        .iter()
        .find(|c| c.field.as_deref() == Some("(変更後) 市道 / 事業費"))
        .expect("the 変更後 市道 事業費 change");
    assert_eq!(road.old_value.as_deref(), Some("90,000"));
    assert_eq!(road.new_value.as_deref(), Some("234,351"));
    assert_eq!(
        jplan::diff::value_text(road),
        "(変更後) 市道 / 事業費: 90,000 → 234,351 千円 (+144,351)"
    );
    let rows = changes_of(&d, Target::TableRow);
    let has = |kind: ChangeKind, field: &str| {
        rows.iter()
            .any(|c| c.kind == kind && c.field.as_deref() == Some(field))
    };
    assert!(has(ChangeKind::Removed, "(変更後) 林道"));
    assert!(has(ChangeKind::Added, "(変更後) 観光レクリエーション施設"));
    assert!(has(ChangeKind::Added, "(変更後) 公民館・その他の集会施設"));
    // Rows in both versions are not reported as added or removed.
    assert!(!has(ChangeKind::Added, "(変更後) 市道"));
    // Wrap positions are not changes: the unchanged opening of section 2 is equal text.
    let text = render_text(&d, false);
    assert!(!text.contains("[-そ-]{+⏎こ+}"), "{text}");
    assert!(!text.contains('⏎'), "{text}");
    assert!(text.contains("(変更後) 市道 / 事業費: 90,000 → 234,351 千円 (+144,351)"));
}

#[test]
fn real_pair_table_page_in_headless_chromium() {
    let Some(dir) = realpdf() else {
        eprintln!("SKIPPED real_pair_table_page_in_headless_chromium: ../shared/realpdf not found");
        return;
    };
    let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| Path::new(p).exists());
    let Some(chromium) = chromium else {
        eprintln!("SKIPPED real_pair_table_page_in_headless_chromium: chromium not installed");
        return;
    };
    let old = parse(&dir.join("nankoku_henchi_keikaku_r4.pdf"));
    let new = parse(&dir.join("nankoku_henchi_keikaku_r8.pdf"));
    let html = render_html(&diff_plans(&old, &new));
    assert!(html.contains("<ins>234,351</ins> <del>90,000</del>"));
    let tmp = std::env::temp_dir().join(format!("jplan-table-shot-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    let page = tmp.join("taisho.html");
    std::fs::write(&page, &html).unwrap();
    let shot = tmp.join("taisho.png");
    let dom = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            &format!("--user-data-dir={}", tmp.join("profile").display()),
            "--window-size=1200,3000",
            &format!("--screenshot={}", shot.display()),
            "--dump-dom",
        ])
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium");
    assert!(
        dom.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&dom.stderr)
    );
    // The browser's DOM holds the cost table as a table with the changed cell marked.
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(dom.contains("<table class=\"dt\">"), "no table in the DOM");
    assert!(dom.contains("<td class=\"chg num\"><ins>234,351</ins>"));
    let png = std::fs::read(&shot).expect("screenshot written");
    assert!(png.starts_with(b"\x89PNG") && png.len() > 10_000);
    let _ = std::fs::remove_dir_all(&tmp);
}
