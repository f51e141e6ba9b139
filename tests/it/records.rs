//! Records over the seeds (issue 7 "Shown by") and over small synthetic documents that use
//! other names and layouts, to show that the extractors are general.

use crate::common::seed;
use std::path::Path;

use jplan::model::{ActionItem, Bound, CostKind, Evaluation, Indicator, ObservationKind};
use jplan::{Options, PlanDocument, Rules};

fn parse_seed(prefix: &str) -> PlanDocument {
    jplan::parse_file(&seed(prefix), &Options::default()).unwrap()
}

fn parse_text(text: &str) -> PlanDocument {
    jplan::parse_bytes(
        text.as_bytes(),
        Path::new("synthetic.txt"),
        &Options::default(),
    )
    .unwrap()
}

fn item<'a>(doc: &'a PlanDocument, id: &str) -> &'a ActionItem {
    doc.items
        .iter()
        .find(|i| i.id == id)
        .unwrap_or_else(|| panic!("no item {id}"))
}

fn indicator<'a>(inds: &'a [Indicator], name: &str) -> &'a Indicator {
    inds.iter()
        .find(|i| i.name.starts_with(name))
        .unwrap_or_else(|| panic!("no indicator {name}"))
}

fn sheet<'a>(doc: &'a PlanDocument, code: &str) -> &'a Evaluation {
    doc.evaluations
        .iter()
        .find(|e| e.code == code)
        .unwrap_or_else(|| panic!("no sheet {code}"))
}

/// (fiscal_year, kind, value) of each observation.
fn obs(ind: &Indicator) -> Vec<(Option<i32>, ObservationKind, Option<f64>)> {
    ind.observations
        .iter()
        .map(|o| (o.fiscal_year, o.kind, o.value))
        .collect()
}

fn norm(s: &str) -> String {
    jplan::normalize::normalize_str(s, &Rules::defaults().chars, &Rules::defaults().numbering)
}

#[test]
fn seed_004_items_and_departments() {
    let doc = parse_seed("004");
    assert_eq!(doc.items.len(), 62);
    let ids: Vec<String> = (1..=62).map(|n| format!("取組項目{n}")).collect();
    let got: Vec<&str> = doc.items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(got, ids.iter().map(|s| s.as_str()).collect::<Vec<_>>());
    let it = item(&doc, "取組項目5");
    assert_eq!(
        it.departments,
        ["政策室", "情報政策課", "会計課", "関係各課"]
    );
    assert_eq!(it.title, "行政事務の効率化に向けた業務の見直し");
    // The body occurrence (with departments and text) wins over the summary list.
    let d = it.description.as_deref().unwrap();
    assert!(d.starts_with("行政事務の効率化を図るため"), "{d}");
    assert!(!d.contains("<ul"), "{d}");
    // `・` after a space, departments on their own lines.
    assert_eq!(
        item(&doc, "取組項目9").departments,
        ["政策室", "情報政策課", "関係各課"]
    );
    assert_eq!(
        item(&doc, "取組項目50").departments,
        ["政策室", "社会教育課"]
    );
    assert_eq!(item(&doc, "取組項目52").departments, ["職員課"]);
    assert_eq!(item(&doc, "取組項目15").departments, ["施設課", "図書館"]);
}

#[test]
fn seed_004_section_paths() {
    let doc = parse_seed("004");
    for n in 24..=29 {
        let it = item(&doc, &format!("取組項目{n}"));
        assert!(
            it.section_path
                .ends_with(&["施策2".to_string(), "方向性2".into(), "基本事業1".into()]),
            "{n}: {:?}",
            it.section_path
        );
    }
    let it = item(&doc, "取組項目1");
    assert!(it.section_path.ends_with(&[
        "施策1".to_string(),
        "方向性1".into(),
        "基本事業1".into()
    ]));
    // The item's own label is not part of its path.
    assert!(!it.section_path.iter().any(|l| l.starts_with("取組項目")));
}

#[test]
fn seed_004_indicators() {
    let doc = parse_seed("004");
    assert_eq!(doc.indicators.len(), 8);
    let fund = indicator(&doc.indicators, "財政調整基金残高");
    assert_eq!(fund.name, "財政調整基金残高");
    assert_eq!(fund.unit.as_deref(), Some("億円"));
    assert_eq!(
        obs(fund),
        [
            (Some(2023), ObservationKind::Current, Some(22.3)),
            (Some(2029), ObservationKind::Target, Some(20.0)),
        ]
    );
    let ratio = indicator(&doc.indicators, "経常収支比率");
    assert_eq!(ratio.unit.as_deref(), Some("%"));
    let target = ratio
        .observations
        .iter()
        .find(|o| o.kind == ObservationKind::Target)
        .unwrap();
    assert_eq!(target.value, Some(90.0));
    assert_eq!(target.bound, Some(Bound::AtMost));
    assert!(ratio
        .description
        .as_deref()
        .unwrap()
        .starts_with("経常一般財源総額"));
    // Footnote marks are kept apart from the value; the No. column is not a value.
    let progress = indicator(
        &doc.indicators,
        "公共施設整備計画による改修等の事業の進捗率",
    );
    assert_eq!(
        obs(progress),
        [
            (Some(2023), ObservationKind::Current, Some(65.0)),
            (Some(2029), ObservationKind::Target, Some(100.0)),
        ]
    );
    assert_eq!(progress.observations[0].raw, "65.0 [※]");
    assert_eq!(
        indicator(&doc.indicators, "年次休暇").unit.as_deref(),
        Some("日")
    );
}

#[test]
fn seed_004_meta() {
    let doc = parse_seed("004");
    let m = doc.meta.municipality.as_ref().unwrap();
    assert_eq!(m.name, "狛江市");
    // Not written in the text: the official list has one 狛江市, in 東京都.
    assert_eq!(m.prefecture.as_deref(), Some("東京都"));
    assert_eq!(m.code.as_deref(), Some("132195"));
    assert_eq!(doc.meta.edition, Some(7));
    assert_eq!(doc.meta.kind.as_deref(), Some("推進計画"));
    assert_eq!(
        doc.meta.title.as_deref(),
        Some("狛江市第7次行財政改革推進計画")
    );
    assert!(!doc.meta.draft);
}

#[test]
fn seed_002_wrapped_titles_and_trailing_departments() {
    let doc = parse_seed("002");
    assert_eq!(doc.items.len(), 27);
    let c = item(&doc, "(1)-③-c");
    assert_eq!(
        c.title,
        norm("責任感を持って、自分で考えチャレンジする意欲あふれる人づくり（職員研修）")
    );
    assert_eq!(c.departments, ["総務課", "政策推進課"]);
    assert_eq!(
        item(&doc, "(2)-①-h").departments,
        ["各該当課", "政策推進課"]
    );
    let e = item(&doc, "(2)-①-e");
    assert_eq!(e.title, "公営企業経営の健全化");
    assert_eq!(e.departments, ["建設水道課", "町立病院"]);
    let d = item(&doc, "(2)-①-d");
    assert_eq!(d.departments, ["各該当課", "総務課", "税務町民課"]);
    assert!(d.title.ends_with("押印の見直し)"), "{}", d.title);
    assert_eq!(doc.meta.edition, Some(3));
    // Three towns are called 朝日町 and the text names no prefecture: no code, no guess.
    let m = doc.meta.municipality.as_ref().unwrap();
    assert_eq!(
        (m.name.as_str(), m.prefecture.as_deref(), m.code.as_deref()),
        ("朝日町", None, None)
    );
}

#[test]
fn seed_003_evaluations() {
    let doc = parse_seed("003");
    assert_eq!(doc.evaluations.len(), 14);
    let s611 = sheet(&doc, "611");
    assert_eq!(s611.title, "人権教育・啓発活動");
    assert_eq!(s611.lead_department.as_deref(), Some("人権庶務課"));
    assert_eq!(
        s611.related_departments,
        ["教育指導課", "生涯学習・スポーツ課"]
    );
    assert!(s611
        .goal
        .as_deref()
        .unwrap()
        .starts_with("朝霞市人権・同和行政実施計画"));
    // Only the filled indicator slot; the `—` slot gives nothing.
    assert_eq!(s611.indicators.len(), 1);
    assert_eq!(
        obs(&s611.indicators[0]),
        [
            (Some(2020), ObservationKind::Actual, Some(50.0)),
            (Some(2021), ObservationKind::Actual, Some(210.0)),
            (Some(2022), ObservationKind::Estimate, Some(368.0)),
            (Some(2025), ObservationKind::Target, Some(630.0)),
        ]
    );

    let p = sheet(&doc, "653").progress.as_ref().unwrap();
    assert_eq!(
        (p.value, p.scale, p.label.as_deref()),
        (2, 4, Some("やや遅れている"))
    );
    let n = sheet(&doc, "642").necessity.as_ref().unwrap();
    assert_eq!((n.value, n.scale), (4, 4));

    let s652 = sheet(&doc, "652");
    let tax = indicator(&s652.indicators, "市税収納率");
    assert_eq!(tax.unit.as_deref(), Some("%"));
    assert_eq!(
        obs(tax),
        [
            (Some(2020), ObservationKind::Actual, Some(99.1)),
            (Some(2021), ObservationKind::Actual, Some(99.2)),
            (Some(2022), ObservationKind::Estimate, Some(99.1)),
            (Some(2025), ObservationKind::Target, Some(99.2)),
        ]
    );
    // `R 2 年度` with spaces reads the same.
    let s642 = sheet(&doc, "642");
    assert_eq!(s642.indicators.len(), 2);
    assert_eq!(s642.indicators[1].observations[0].fiscal_year, Some(2020));
    assert_eq!(s642.indicators[1].observations[0].value, Some(12385.0));

    let s654 = sheet(&doc, "654");
    let total = s654
        .costs
        .iter()
        .find(|c| c.project == "計" && c.fiscal_year == 2022)
        .unwrap();
    assert_eq!(total.kind, CostKind::Estimate);
    assert_eq!(total.thousand_yen, Some(2_042_623));
    // Every cost row names a project: no rows from the numbered filler lines.
    for ev in &doc.evaluations {
        for c in &ev.costs {
            assert!(!c.project.is_empty() && !c.project.chars().all(|ch| ch.is_ascii_digit()));
        }
    }
    // Sheet 611: 4 projects × 3 years + the total row.
    assert_eq!(s611.costs.len(), 15);
    let relisted: Vec<&str> = s611
        .costs
        .iter()
        .filter(|c| c.relisted && c.fiscal_year == 2020)
        .map(|c| c.project.as_str())
        .collect();
    assert_eq!(
        relisted,
        ["教育指導支援事業", "特別支援教育事業", "人権教育振興事業"]
    );
    let dash = s611.costs.first().unwrap();
    assert_eq!((dash.thousand_yen, dash.kind), (None, CostKind::Settled));
    assert_eq!(doc.meta.kind.as_deref(), Some("行政評価"));
}

#[test]
fn seed_001_draft_and_reform_items() {
    let doc = parse_seed("001");
    assert!(doc.meta.draft);
    let ids: Vec<&str> = doc.items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(
        ids,
        ["改革1", "改革2", "改革3", "改革4", "改革5", "改革6", "改革7", "改革8"]
    );
    assert_eq!(item(&doc, "改革3").title, "公共施設への民間活力の活用");
    // Two reforms under each of the four pillars (第1の柱 … 第4の柱).
    for (n, it) in doc.items.iter().enumerate() {
        let pillar = format!("第{}の柱", n / 2 + 1);
        assert_eq!(it.section_path.last(), Some(&pillar), "{}", it.id);
    }
    assert!(item(&doc, "改革3")
        .description
        .as_deref()
        .unwrap()
        .contains("指定管理者制度活用施設の見直し"));
    assert_eq!(doc.meta.kind.as_deref(), Some("プラン"));
}

#[test]
fn seed_000_municipality_and_prefecture() {
    let doc = parse_seed("000");
    let m = doc.meta.municipality.as_ref().unwrap();
    assert_eq!(m.name, "朝霞市");
    assert_eq!(m.prefecture.as_deref(), Some("埼玉県"));
    assert_eq!(m.code.as_deref(), Some("112275"));
    assert_eq!(doc.meta.issued.as_deref(), Some("2026-02"));
    assert_eq!(doc.meta.kind.as_deref(), Some("基本方針"));
    assert!(!doc.meta.draft);
    assert!(doc.items.is_empty());
}

/// The same plan through the PDF reader: glued cells (`…(%) 71.4`, `(日)14.1`), labels glued to
/// values (`説明…`, `…の推進推進部署`), department cells wrapped onto the next line.
#[test]
fn pdf_of_seed_004_gives_the_same_records() {
    let pdf = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/pdf/seed-004.libreoffice.pdf");
    let doc = jplan::parse_file(&pdf, &Options::default()).unwrap();
    assert_eq!(doc.items.len(), 62);
    assert_eq!(
        item(&doc, "取組項目5").departments,
        ["政策室", "情報政策課", "会計課", "関係各課"]
    );
    assert_eq!(
        item(&doc, "取組項目13").departments,
        [
            "政策室",
            "施設課",
            "環境政策課",
            "下水道課",
            "整備課",
            "道路交通課",
            "学校教育課",
            "各施設所管課"
        ]
    );
    assert_eq!(item(&doc, "取組項目15").title, "新設図書館の整備");
    assert_eq!(item(&doc, "取組項目27").departments, ["保険年金課"]);
    assert_eq!(
        item(&doc, "取組項目57").departments,
        ["子ども若者政策課", "関係各課"]
    );
    assert!(doc.items.iter().all(|i| !i.departments.is_empty()));
    assert_eq!(doc.indicators.len(), 8);
    let first = indicator(&doc.indicators, "質の高い行政運営");
    assert_eq!(first.observations[0].value, Some(71.4));
    let days = indicator(&doc.indicators, "年次休暇");
    assert_eq!(days.observations[0].value, Some(14.1));
    let ratio = indicator(&doc.indicators, "経常収支比率");
    assert!(ratio
        .description
        .as_deref()
        .unwrap()
        .ends_with("一般財源の割合"));
}

/// The evaluation sheets through the PDF reader: `担当課人権庶務課` (no gap) and blank lines
/// inside the cost table.
#[test]
fn pdf_of_seed_003_sheet_611() {
    let pdf = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/pdf/seed-003.chromium.pdf");
    let doc = jplan::parse_file(&pdf, &Options::default()).unwrap();
    let s = sheet(&doc, "611");
    assert_eq!(s.lead_department.as_deref(), Some("人権庶務課"));
    assert_eq!(
        s.related_departments,
        ["教育指導課", "生涯学習・スポーツ課"]
    );
    assert_eq!(
        s.progress.as_ref().map(|r| (r.value, r.scale)),
        Some((3, 4))
    );
    let total: Vec<Option<i64>> = s
        .costs
        .iter()
        .filter(|c| c.project == "計")
        .map(|c| c.thousand_yen)
        .collect();
    assert_eq!(total, [Some(10059), Some(5113), Some(6717)]);
}

#[test]
fn csv_formats_list_items_and_observations() {
    let doc = parse_seed("004");
    let csv = jplan::output::items_csv(&doc.items);
    assert!(csv.contains(
        "取組項目5,行政事務の効率化に向けた業務の見直し,政策室;情報政策課;会計課;関係各課"
    ));
    let csv = jplan::output::indicators_csv(&doc.indicators);
    assert!(
        csv.contains("経常収支比率,%,2029,target,90,at_most,90.0"),
        "{csv}"
    );
}

// ---- synthetic documents: other names, other layouts ----

#[test]
fn synthetic_plan_with_other_names() {
    let text = "\
福井県三方郡美浜町 第二次行政改革大綱（案）

令和8年3月

美浜町

具体的取組事項1 窓口のワンストップ化
担当課 住民課・税務課
・書かない窓口を導入します。

具体的取組事項2 公用車の削減
所管課：管財係、生涯学習・スポーツ課
公用車を見直します。

発行 福井県三方郡美浜町役場
";
    let doc = parse_text(text);
    let m = doc.meta.municipality.as_ref().unwrap();
    assert_eq!(m.name, "美浜町");
    assert_eq!(doc.meta.edition, Some(2));
    assert!(doc.meta.draft);
    assert_eq!(doc.meta.kind.as_deref(), Some("大綱"));
    assert_eq!(doc.items.len(), 2);
    assert_eq!(doc.items[0].id, "具体的取組事項1");
    assert_eq!(doc.items[0].departments, ["住民課", "税務課"]);
    assert_eq!(
        doc.items[0].description.as_deref(),
        Some("・書かない窓口を導入します。")
    );
    assert_eq!(doc.items[1].departments, ["管財係", "生涯学習・スポーツ課"]);
}

#[test]
fn synthetic_prefecture_from_address() {
    let text = "\
美浜町行財政改革推進計画

美浜町

〒000-0000
愛知県知多郡美浜町大字河和字北田面106番地
";
    let doc = parse_text(text);
    let m = doc.meta.municipality.as_ref().unwrap();
    // Three municipalities bear the name: the address says which.
    assert_eq!(m.name, "美浜町");
    assert_eq!(m.prefecture.as_deref(), Some("愛知県"));
    assert_eq!(m.code.as_deref(), Some("234460"));
}

#[test]
fn synthetic_indicator_table_with_other_years() {
    let text = "\
指標\t基準値 令和6年度\t目標値 令和12年度
ごみ排出量（トン）\t△1,200\t1,000 以下
窓口満足度（％）\t—\t80 以上
";
    let doc = parse_text(text);
    assert_eq!(doc.indicators.len(), 2);
    let g = &doc.indicators[0];
    assert_eq!(g.name, "ごみ排出量");
    assert_eq!(g.unit.as_deref(), Some("トン"));
    assert_eq!(
        obs(g),
        [
            (Some(2024), ObservationKind::Current, Some(-1200.0)),
            (Some(2030), ObservationKind::Target, Some(1000.0)),
        ]
    );
    assert_eq!(g.observations[1].bound, Some(Bound::AtMost));
    let s = &doc.indicators[1];
    assert_eq!(s.unit.as_deref(), Some("%"));
    assert_eq!(s.observations[0].value, None);
    assert_eq!(s.observations[1].bound, Some(Bound::AtLeast));
}

#[test]
fn synthetic_evaluation_sheet() {
    let text = "\
101 子育て支援の充実

担当課 こども家庭課
関連課 保育課、健康づくり課

目指す姿
安心して子育てできる。

進捗状況
1 ② 3 … やや遅れている

指標 1
待機児童数（人）
R5年度実績\tR6年度見込み\t最終年度目標 (R9年度)
12\t5\t0

番号\t事業名\tコスト
R5決算\tR6予算
1\t保育所運営事業\t1,234\t△10
2\t放課後事業【再掲】\t—\t50
3
計\t\t1,234\t40

102 次の施策
担当課 保育課
";
    let doc = parse_text(text);
    assert_eq!(doc.evaluations.len(), 2);
    let e = &doc.evaluations[0];
    assert_eq!(e.code, "101");
    assert_eq!(e.lead_department.as_deref(), Some("こども家庭課"));
    assert_eq!(e.related_departments, ["保育課", "健康づくり課"]);
    assert_eq!(e.goal.as_deref(), Some("安心して子育てできる。"));
    let p = e.progress.as_ref().unwrap();
    assert_eq!((p.value, p.scale), (2, 3));
    assert!(e.necessity.is_none());
    assert_eq!(e.indicators.len(), 1);
    assert_eq!(
        obs(&e.indicators[0]),
        [
            (Some(2023), ObservationKind::Actual, Some(12.0)),
            (Some(2024), ObservationKind::Estimate, Some(5.0)),
            (Some(2027), ObservationKind::Target, Some(0.0)),
        ]
    );
    let costs: Vec<(&str, i32, CostKind, Option<i64>, bool)> = e
        .costs
        .iter()
        .map(|c| {
            (
                c.project.as_str(),
                c.fiscal_year,
                c.kind,
                c.thousand_yen,
                c.relisted,
            )
        })
        .collect();
    assert_eq!(
        costs,
        [
            ("保育所運営事業", 2023, CostKind::Settled, Some(1234), false),
            ("保育所運営事業", 2024, CostKind::Estimate, Some(-10), false),
            ("放課後事業", 2023, CostKind::Settled, None, true),
            ("放課後事業", 2024, CostKind::Estimate, Some(50), true),
            ("計", 2023, CostKind::Settled, Some(1234), false),
            ("計", 2024, CostKind::Estimate, Some(40), false),
        ]
    );
}

#[test]
fn ratings_read_the_circled_option() {
    use jplan::records::parse_rating;
    let r = parse_rating("1 2 ③ 4 … おおむね順調").unwrap();
    assert_eq!(
        (r.value, r.scale, r.label.as_deref()),
        (3, 4, Some("おおむね順調"))
    );
    let r = parse_rating("①2345").unwrap();
    assert_eq!((r.value, r.scale, r.label), (1, 5, None));
    assert!(parse_rating("1 2 3 4 … 未評価").is_none());
    let r = parse_rating("1 [2] 3 4 5 … 遅れている").unwrap();
    assert_eq!(
        (r.value, r.scale, r.label.as_deref()),
        (2, 5, Some("遅れている"))
    );
    assert!(parse_rating("① ② 3").is_none());
}

#[test]
fn departments_split_on_separators_but_keep_names_with_a_middle_dot() {
    use jplan::records::split_departments;
    let r = &Rules::defaults().records_view();
    assert_eq!(
        split_departments("政策室・情報政策課 会計課・関係各課", r),
        ["政策室", "情報政策課", "会計課", "関係各課"]
    );
    assert_eq!(
        split_departments("教育指導課、生涯学習・スポーツ課", r),
        ["教育指導課", "生涯学習・スポーツ課"]
    );
    assert_eq!(
        split_departments("建設水道課\u{3000}町立病院", r),
        ["建設水道課", "町立病院"]
    );
    assert_eq!(split_departments("—", r), Vec::<String>::new());
}

#[test]
fn units_come_from_the_last_bracket_only_when_they_are_units() {
    use jplan::records::unit_of;
    let r = &Rules::defaults().records_view();
    assert_eq!(
        unit_of("市税収納率(現年分)(%)", r),
        ("市税収納率(現年分)".into(), Some("%".into()))
    );
    assert_eq!(
        unit_of("フォロワー数(累計)", r),
        ("フォロワー数(累計)".into(), None)
    );
    assert_eq!(
        unit_of("残高（億円）", r),
        ("残高".into(), Some("億円".into()))
    );
}

#[test]
fn summary_and_body_titles_that_disagree_are_warned() {
    let doc = parse_seed("004");
    let w: Vec<&str> = doc
        .warnings
        .iter()
        .filter(|w| w.code.as_str() == "item.title_mismatch")
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(w.len(), 3, "{w:?}");
    assert!(w[0].starts_with("取組項目17"));
    // The body's title wins (it has departments).
    assert_eq!(item(&doc, "取組項目19").title, "官民連携手法の導入検討");
}

#[test]
fn records_rules_can_be_replaced_with_rules_dir() {
    let dir = std::env::temp_dir().join(format!("jplan-records-rules-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // An unknown key is an error naming the file and the line.
    std::fs::write(dir.join("records.toml"), "# x\nitem_keyword = [\"施策\"]\n").unwrap();
    let err = Rules::load(Some(&dir)).unwrap_err().to_string();
    assert!(
        err.contains("records.toml") && err.contains("line 2"),
        "{err}"
    );
    // Only 施策 is an item keyword; departments are read with the given labels and suffixes.
    std::fs::write(
        dir.join("records.toml"),
        "item_keywords = [\"施策\"]\ndepartment_labels = [\"推進部署\"]\ndepartment_suffixes = [\"課\", \"室\"]\n",
    )
    .unwrap();
    let rules = Rules::load(Some(&dir)).unwrap();
    std::fs::remove_dir_all(&dir).ok();
    let opts = Options {
        rules,
        ..Options::default()
    };
    let doc = jplan::parse_file(&seed("001"), &opts).unwrap();
    assert!(doc.items.is_empty(), "改革 is no item keyword now");
    let doc = jplan::parse_file(&seed("004"), &opts).unwrap();
    let ids: Vec<&str> = doc.items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["施策1", "施策2", "施策3"]);
}

#[test]
fn synthetic_items_in_html_and_pipe_tables() {
    let text = "\
白川村行政改革実施計画

<table><tr><th>番号</th><th>取組</th><th>担当課</th></tr>
<tr><td>取組1</td><td>窓口の<br>デジタル化</td><td>住民課・総務課</td></tr>
<tr><td>取組2</td><td>公共施設の再編</td><td>財政係</td></tr></table>

| 番号 | 取組名 | 所管課 |
|---|---|---|
| 取組3 | 補助金の見直し | 企画課、各課 |
";
    let doc = parse_text(text);
    let got: Vec<(&str, &str, Vec<&str>)> = doc
        .items
        .iter()
        .map(|i| {
            (
                i.id.as_str(),
                i.title.as_str(),
                i.departments.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("取組1", "窓口のデジタル化", vec!["住民課", "総務課"]),
            ("取組2", "公共施設の再編", vec!["財政係"]),
            ("取組3", "補助金の見直し", vec!["企画課", "各課"]),
        ]
    );
    assert_eq!(doc.meta.municipality.as_ref().unwrap().name, "白川村");
    assert_eq!(doc.meta.kind.as_deref(), Some("実施計画"));
    let kinds: Vec<&str> = doc.tables.iter().map(|t| t.kind.as_str()).collect();
    assert_eq!(kinds, ["html", "pipe"]);
}

#[test]
fn synthetic_indicators_in_an_html_table() {
    let text = "\
<table><thead><tr><th>指標名</th><th>基準値（令和4年度）</th><th>目標値（令和9年度）</th></tr></thead>
<tr><td>電子申請率（%）</td><td>12.5</td><td>50.0 以上</td></tr></table>
";
    let doc = parse_text(text);
    assert_eq!(doc.indicators.len(), 1);
    let i = &doc.indicators[0];
    assert_eq!(
        (i.name.as_str(), i.unit.as_deref()),
        ("電子申請率", Some("%"))
    );
    assert_eq!(
        obs(i),
        [
            (Some(2022), ObservationKind::Current, Some(12.5)),
            (Some(2027), ObservationKind::Target, Some(50.0)),
        ]
    );
    assert_eq!(i.observations[1].bound, Some(Bound::AtLeast));
}

#[test]
fn a_keyword_heading_over_items_is_not_an_item() {
    let text = "\
改革1 窓口サービスの改善

取組1 書かない窓口
担当課 市民課

取組2 キャッシュレス決済
担当課 会計課

改革2 財政の健全化

取組3 使用料の見直し
担当課 財政課
";
    let doc = parse_text(text);
    let ids: Vec<&str> = doc.items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["取組1", "取組2", "取組3"]);
    assert_eq!(doc.items[2].section_path, ["改革2"]);
    assert_eq!(doc.items[1].departments, ["会計課"]);
}

#[test]
fn municipality_codes_come_from_the_list_and_the_written_prefecture() {
    let doc = parse_text("伊達市行政改革大綱\n\n福島県伊達市\n");
    let m = doc.meta.municipality.as_ref().unwrap();
    assert_eq!(
        (m.name.as_str(), m.prefecture.as_deref()),
        ("伊達市", Some("福島県"))
    );
    assert_eq!(m.code.as_deref(), Some("072133"));
    // Two 伊達市 and no prefecture written: neither is chosen.
    let doc = parse_text("伊達市行政改革大綱\n\n伊達市\n");
    let m = doc.meta.municipality.as_ref().unwrap();
    assert_eq!((m.prefecture.as_deref(), m.code.as_deref()), (None, None));
    let list = &Rules::defaults().municipalities;
    assert!(list.entries.len() > 1700);
    assert!(jplan::records::Municipalities::parse("12\tx\tname\n")
        .unwrap_err()
        .contains("line 1"));
}

#[test]
fn cost_tables_in_yen_are_converted_to_thousand_yen() {
    let text = "\
201 道路の維持管理
担当課 道路課

事業費（単位：円）
番号\t事業名\tR5決算\tR6見込み
1\t道路補修事業\t1,234,500\t2,000,000
";
    let doc = parse_text(text);
    let c: Vec<Option<i64>> = doc.evaluations[0]
        .costs
        .iter()
        .map(|c| c.thousand_yen)
        .collect();
    assert_eq!(c, [Some(1235), Some(2000)]);
}
