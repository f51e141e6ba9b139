//! Plans from municipalities jplan has not seen: one small synthetic document per failure
//! family (page furniture in TXT, ranks by first appearance, headings jplan did not know, TOC
//! entries split over lines, numbers as headings, items as table rows and department blocks,
//! metadata from the official list). The practice set (tests/it/practice.rs) scores whole plans.

use std::path::Path;

use jplan::model::{PlanDocument, Section};
use jplan::{parse_bytes, Options};

fn parse(text: &str) -> PlanDocument {
    parse_bytes(
        text.as_bytes(),
        Path::new("family.txt"),
        &Options::default(),
    )
    .expect("parses")
}

/// Every section as (path of labels or titles, title).
fn tree(doc: &PlanDocument) -> Vec<(String, String)> {
    fn walk(s: &Section, path: &str, out: &mut Vec<(String, String)>) {
        let key = match &s.label {
            Some(l) => l.raw.replace(' ', ""),
            None => s.title.clone(),
        };
        let p = if path.is_empty() {
            key
        } else {
            format!("{path}/{key}")
        };
        if !(s.label.is_none() && s.title.is_empty()) {
            out.push((p.clone(), s.title.clone()));
        }
        for c in &s.children {
            walk(c, &p, out);
        }
    }
    let mut out = Vec::new();
    for s in &doc.sections {
        walk(s, "", &mut out);
    }
    out
}

fn paths(doc: &PlanDocument) -> Vec<String> {
    tree(doc).into_iter().map(|(p, _)| p).collect()
}

#[test]
fn page_numbers_and_running_headers_of_a_txt_are_not_headings() {
    let doc = parse(
        "表紙の計画\n\x0c行政改革大綱\n第1章 総論\n本文です。\n\n- 1 -\n\x0c行政改革大綱\n第2章 各論\n本文です。\n\n- 2 -\n\x0c行政改革大綱\n第3章 推進\n本文です。\n\n３\n",
    );
    assert_eq!(paths(&doc), ["第1章", "第2章", "第3章"]);
}

#[test]
fn chapter_labels_outrank_numbering_first_seen_above_them() {
    let doc = parse("⑴ 背景\n本文です。\n⑵ 目的\n本文です。\n第2章 各論\n1 概要\n本文です。\n");
    assert_eq!(paths(&doc), ["⑴", "⑵", "第2章", "第2章/1"]);
    let doc = parse("(1) 背景\n本文です。\n(5) 課題\n本文です。\nⅡ 各論\n本文です。\n");
    assert_eq!(paths(&doc), ["(1)", "(5)", "Ⅱ"]);
}

#[test]
fn unnumbered_and_bracketed_headings() {
    let doc = parse(
        "はじめに\n本文です。\n【第1章 策定の背景】\n1 現状\n本文です。\n【第2章 目標】\n本文です。\nおわりに\n本文です。\n",
    );
    assert_eq!(
        tree(&doc),
        [
            ("はじめに".to_string(), "はじめに".to_string()),
            ("第1章".into(), "策定の背景".into()),
            ("第1章/1".into(), "現状".into()),
            ("第2章".into(), "目標".into()),
            ("おわりに".into(), "おわりに".into()),
        ]
    );
}

#[test]
fn keyword_labels_with_any_numbering() {
    let doc = parse(
        "基本方針1 市民目線\n推進項目(1) 窓口の改善\n本文です。\n推進項目(2) 手続の削減\n本文です。\n基本方針2 財政\n実施項目① 税の収納\n本文です。\n重点項目【1】 組織\n本文です。\n",
    );
    let p = paths(&doc);
    assert!(p.contains(&"基本方針1/推進項目(1)".to_string()), "{p:?}");
    assert!(p.contains(&"基本方針1/推進項目(2)".to_string()), "{p:?}");
    assert!(p.contains(&"基本方針2/実施項目①".to_string()), "{p:?}");
    assert!(p.iter().any(|x| x.ends_with("重点項目【1】")), "{p:?}");
}

#[test]
fn compound_ids_nest_by_their_number_of_parts() {
    let doc = parse(
        "1-1 手続の簡素化\n1-(1)-① 押印の見直し\n本文です。\n1-(1)-② 添付書類の削減\n本文です。\n1-2 情報発信\n1-(2)-① 公開\n本文です。\n",
    );
    assert_eq!(
        paths(&doc),
        ["1-1", "1-1/1-(1)-①", "1-1/1-(1)-②", "1-2", "1-2/1-(2)-①"]
    );
}

#[test]
fn no_blocks_are_items_with_their_department_line() {
    let doc = parse(
        "No.1 事務事業評価の活用\n担当課　企画政策課\n【取組内容】評価を予算に生かす。\nNo.2 窓口業務の委託\n担当課　市民課、総務課\n【取組内容】委託する。\n",
    );
    let items: Vec<(&str, &str, Vec<&str>)> = doc
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
        items,
        [
            ("No.1", "事務事業評価の活用", vec!["企画政策課"]),
            ("No.2", "窓口業務の委託", vec!["市民課", "総務課"]),
        ]
    );
}

#[test]
fn department_blocks_in_brackets_after_colons_and_after_the_description() {
    let doc = parse(
        "推進項目(1) 窓口手続のオンライン化\n【所管課】市民課／情報政策課\n【取組内容】\n　手続をオンラインにします。\n実施項目② 給与の適正化\n　手当を総点検し、廃止します。\n所管課：人事課\n実施項目③ 定員管理\n所管課\n人事課\n",
    );
    let find = |id: &str| doc.items.iter().find(|i| i.id == id).expect(id);
    assert_eq!(find("推進項目(1)").title, "窓口手続のオンライン化");
    assert_eq!(find("推進項目(1)").departments, ["市民課", "情報政策課"]);
    assert_eq!(find("実施項目②").title, "給与の適正化");
    assert_eq!(find("実施項目②").departments, ["人事課"]);
    assert_eq!(find("実施項目③").departments, ["人事課"]);
}

#[test]
fn items_as_rows_of_a_table_with_a_department_column() {
    let doc = parse(
        "(1) 行政サービス\n項目\t主な取組内容\t担当課等\n① 電子申請の拡充\t様式を見直す。\t情報企画課\n\t\t総務課\n② 窓口の改善\t予約制を入れる。\t市民課\n\t\t③ 文書の電子化\t電子決裁にする。\t総務課、企画課\n",
    );
    let items: Vec<(&str, &str, Vec<&str>)> = doc
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
        items,
        [
            ("①", "電子申請の拡充", vec!["情報企画課", "総務課"]),
            ("②", "窓口の改善", vec!["市民課"]),
            ("③", "文書の電子化", vec!["総務課", "企画課"]),
        ]
    );
}

#[test]
fn toc_entries_split_over_lines_under_a_vertical_marker() {
    let doc = parse(
        "目\n次\n第1章 必要性\n・・・・・・・・・・1\n第2章 取組\n2\n\x0c第1章 必要性\n本文です。\n\x0c第2章 取組\n本文です。\n",
    );
    let toc: Vec<(String, Option<u32>)> = doc
        .toc
        .iter()
        .map(|e| {
            (
                format!("{}{}", e.label.clone().unwrap_or_default(), e.title),
                e.page,
            )
        })
        .collect();
    assert_eq!(
        toc,
        [
            ("第1章必要性".to_string(), Some(1)),
            ("第2章取組".to_string(), Some(2))
        ]
    );
    assert_eq!(paths(&doc), ["第1章", "第2章"]);
}

#[test]
fn a_flattened_table_of_numbers_makes_no_heading() {
    let doc = parse("未着手\n2\n5.0%\n取組中\n35\n87.5%\n完了\n3\n7.5%\n");
    assert!(paths(&doc).is_empty(), "{:?}", paths(&doc));
}

#[test]
fn municipality_is_a_name_of_the_official_list_never_a_fragment() {
    // `類似団体区` and `び区` end in 区 but name no municipality.
    let doc = parse("類似団体区分の比較および区の計画\n\n比較の報告書\n");
    assert_eq!(doc.meta.municipality, None);
    let doc = parse("\n第6次白川村\n行財政改革大綱\n\n令和7年3月\n白川村\n");
    let m = doc.meta.municipality.as_ref().expect("municipality");
    assert_eq!(
        (m.name.as_str(), m.prefecture.as_deref()),
        ("白川村", Some("岐阜県"))
    );
    assert_eq!(doc.meta.title.as_deref(), Some("第6次白川村行財政改革大綱"));
}

#[test]
fn cover_titles_letter_spaced_with_a_year_line_above_and_a_subtitle_below() {
    // Covers set their lines apart with blank lines.
    let doc = parse("計\t画\t書\n\n本書は事業の計画を定めるものである。\n");
    assert_eq!(doc.meta.title.as_deref(), Some("計画書"));
    let doc =
        parse("令和８年度\n\n特別会計予算書\n\n（附予算説明書）\n\n架空市\n\n1 総括\n\n本文。\n");
    assert_eq!(
        doc.meta.title.as_deref(),
        Some("令和8年度 特別会計予算書 (附予算説明書)")
    );
    // A catchphrase between dashes and a date line are not part of the title.
    let doc = parse("第2次行政改革大綱\n\n～ともにつくる市役所～\n\n令和8年3月\n");
    assert_eq!(doc.meta.title.as_deref(), Some("第2次行政改革大綱"));
}

#[test]
fn a_vertical_name_and_toc_marker_are_two_words_and_table_header_cells_stay_apart() {
    let doc = parse("魚\n津\n市\n目\n次\n\n1 はじめに\t1\n2 計画の期間\t3\n\u{c}1 はじめに\n\n本文です。\n\n2 計画の期間\n\n項\n目\n件\n数\n割\n\n期間は5年とする。\n");
    let m = doc.meta.municipality.as_ref().expect("municipality");
    assert_eq!(m.name, "魚津市");
    let toc: Vec<(String, Option<u32>)> =
        doc.toc.iter().map(|e| (e.title.clone(), e.page)).collect();
    assert_eq!(
        toc,
        [
            ("はじめに".to_string(), Some(1)),
            ("計画の期間".to_string(), Some(3))
        ]
    );
    // No paragraph holds the header cells glued into a non-word.
    let json = serde_json::to_string(&doc).unwrap();
    assert!(
        !json.contains("項目件数割") && !json.contains("魚津市目次"),
        "{json}"
    );
}

#[test]
fn a_table_row_numbered_like_its_section_is_an_item() {
    // Row `2` stands in section `2`: it is an item, not the section heading again; `改革1`,
    // which heads items of its own, is a section.
    let doc = parse("1 概要\n\n本文です。\n\n2 実施状況\nNo.\t取組項目\t所管課\t実施状況\n1\t窓口の見直し\t市民課\t検討中\n2\t保育園の民営化\t保育課、子育て支援課\t実施\n3\t電子契約の導入\t契約課\t一部実施\n\n3 今後\n\n本文。\n");
    let items: Vec<(String, String, Vec<String>)> = doc
        .items
        .iter()
        .map(|i| (i.id.clone(), i.title.clone(), i.departments.clone()))
        .collect();
    assert_eq!(items.len(), 3, "{items:?}");
    assert_eq!(
        items[1],
        (
            "2".to_string(),
            "保育園の民営化".to_string(),
            vec!["保育課".to_string(), "子育て支援課".to_string()]
        )
    );
}

#[test]
fn table_rows_that_lost_a_tab_are_not_headings() {
    // A PDF extraction ran two cells together (`… 71.4 ⇥ 75.0`, `… ⇥ 167.7 160`).
    let doc = parse(
        "6 指標\nNo.\t指標(単位)\t現状値\t目標値\n1\t市民の満足度(%) 71.4\t75.0\n2\t経常収支比率(%)\t87.3\t90.0\n3\t市債残高(億円)\t167.7 160\n7 計画\n本文です。\n",
    );
    assert_eq!(paths(&doc), ["6", "7"]);
}

#[test]
fn a_toc_page_after_one_space_is_the_page_not_part_of_the_title() {
    let doc = parse(
        "目次\n1 背景\t3\n2 取組の推進 5\n3 体制\t7\n4 資料8\n\x0c1 背景\n本文です。\n2 取組の推進\n本文です。\n3 体制\n本文です。\n4 資料\n本文です。\n",
    );
    let toc: Vec<(String, Option<u32>)> =
        doc.toc.iter().map(|e| (e.title.clone(), e.page)).collect();
    assert_eq!(
        toc,
        [
            ("背景".to_string(), Some(3)),
            ("取組の推進".to_string(), Some(5)),
            ("体制".to_string(), Some(7)),
            ("資料".to_string(), Some(8)),
        ]
    );
}

#[test]
fn short_phrases_in_angle_brackets_are_headings_and_bracketed_fields_are_not() {
    let doc = parse(
        "〈概況〉\n本文です。\n〈取組項目別の状況〉\nNo.1 窓口の改善\n担当課 市民課\n【取組内容】受付を一つにする。\n",
    );
    assert_eq!(
        paths(&doc),
        ["概況", "取組項目別の状況", "取組項目別の状況/No.1"]
    );
}

#[test]
fn a_letter_spaced_official_name_is_a_name_not_a_kanji_numeral_label() {
    let doc = parse(
        "四 万 十 市\n\n四万十市行政改革推進プラン\n\n基本方針1 市民目線の行政\n本文です。\n",
    );
    assert_eq!(paths(&doc), ["基本方針1"]);
    let m = doc.meta.municipality.as_ref().expect("municipality");
    assert_eq!(m.name, "四万十市");
}

#[test]
fn item_keywords_label_headings_and_table_rows_under_a_header_are_not_headings() {
    let doc = parse(
        "Ⅰ 具体的な取組\n取組事項1 手続のオンライン化\n【担当課】デジタル推進課\n取組事項2 窓口業務の委託\n【担当課】市民課\nⅡ 実施計画\n番号\t取組項目\t取組内容\t担当課\n1-1\t窓口の見直し\t窓口を一つにする。\t町民課\n1-2\t電子決裁\t決裁を電子化する。\t総務課\n",
    );
    assert_eq!(paths(&doc), ["Ⅰ", "Ⅰ/取組事項1", "Ⅰ/取組事項2", "Ⅱ"]);
}

fn dates(doc: &PlanDocument) -> Vec<String> {
    doc.dates.iter().map(|d| d.iso.clone()).collect()
}

#[test]
fn dates_letter_spaced_wrapped_and_western_with_era_in_brackets() {
    let doc = parse("多治見市集中改革プラン\n\n平 成 1 7 年 3 月\n");
    assert_eq!(dates(&doc), ["2005-03"]);
    assert_eq!(doc.meta.issued.as_deref(), Some("2005-03"));
    // A date over a wrap: the whole date, once.
    let doc =
        parse("報告\n数値は、平成27年\n3月末現在の値です。歳入は平成\n27年度より減りました。\n");
    assert_eq!(dates(&doc), ["2015-03", "FY2015"]);
    let doc = parse("計画\n\n2018年(平成30年)度から2021年(令和3年)度の4年間\n");
    assert_eq!(dates(&doc), ["FY2018", "FY2021"]);
    let p = doc.meta.period.as_ref().expect("period");
    assert_eq!((p.start_fy, p.end_fy), (2018, Some(2021)));
}

#[test]
fn a_period_stated_before_the_word_kikan() {
    let doc = parse(
        "大綱\n\n1 期間\n本文です。\n　令和3年度から令和12年度までの10年間を推進期間として、取り組みます。\n",
    );
    let p = doc.meta.period.as_ref().expect("period");
    assert_eq!((p.start_fy, p.end_fy), (2021, Some(2030)));
    // Another plan's period (`…を計画期間とする総合計画`) is not this one's.
    let doc =
        parse("評価\n\n　令和8年度から10年間を計画期間とする総合計画の策定に向け、検討します。\n");
    assert_eq!(doc.meta.period, None);
}

#[test]
fn an_official_name_with_a_prefecture_character_inside_is_a_name() {
    // 府 inside 音威子府村 is not the 府 of a prefecture before a name.
    let doc = parse("別紙3\n音威子府村の給与・定員管理等について\n\n1 総括\n");
    let m = doc.meta.municipality.as_ref().expect("municipality");
    assert_eq!(
        (m.name.as_str(), m.prefecture.as_deref()),
        ("音威子府村", Some("北海道"))
    );
}

#[test]
fn a_cover_title_over_two_letter_spaced_lines() {
    let doc = parse(
        "\n第 3 次 鹿 角 市\n行 財 政 改 革 大 綱\n\n令 和 3 年 3 月\n\n鹿 角 市\n\x0c1 目的\n本文です。\n",
    );
    assert_eq!(doc.meta.title.as_deref(), Some("第3次鹿角市行財政改革大綱"));
    assert_eq!(doc.meta.issued.as_deref(), Some("2021-03"));
    assert_eq!(
        doc.meta.municipality.as_ref().map(|m| m.name.as_str()),
        Some("鹿角市")
    );
}
