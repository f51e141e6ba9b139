//! Diff facts: every change kind is recognized on hand-built plans, a plan diffed against
//! itself has no changes, swapping OLD and NEW swaps added/removed (and split/merged), output
//! is deterministic, the writers escape and mark text, the CLI reads TXT and JSON, the corpus
//! version pairs give their expected change lists, and the HTML page opens in Chromium.

use crate::common::jplan_cmd;
use std::path::{Path, PathBuf};
use std::process::Command;

use jplan::diff::{diff_plans, render_html, render_md, render_text, ChangeKind, PlanDiff, Target};
use jplan::model::*;

// ---------------------------------------------------------------- builder

/// Builds small PlanDocuments: sections by label path, items under them, figures.
#[derive(Clone)]
struct Plan {
    doc: PlanDocument,
    line: u32,
}

fn plan(name: &str) -> Plan {
    Plan {
        doc: PlanDocument::empty(Source {
            path: name.to_string(),
            sha256: String::new(),
            format: SourceFormat::Txt,
            encoding: Some("UTF-8".into()),
            pages: 1,
            extractor: "test".into(),
        }),
        line: 0,
    }
}

fn label_of(seg: &str) -> Label {
    let digits: String = seg.chars().filter(|c| c.is_ascii_digit()).collect();
    let keyword: String = seg.chars().filter(|c| !c.is_ascii_digit()).collect();
    Label {
        raw: seg.to_string(),
        scheme: "keyword".into(),
        keyword: Some(keyword),
        number: digits.parse().unwrap_or(0),
    }
}

impl Plan {
    fn next_span(&mut self) -> Span {
        self.line += 1;
        Span::line(1, self.line)
    }

    /// Add a section at `path` (`施策1/方向性1`); its parent must exist.
    fn section(mut self, path: &str, title: &str, body: &str) -> Self {
        let span = self.next_span();
        let segs: Vec<&str> = path.split('/').collect();
        let sec = Section {
            id: path.to_string(),
            label: Some(label_of(segs.last().unwrap())),
            title: title.to_string(),
            cells: Vec::new(),
            level: segs.len() as u32,
            blocks: if body.is_empty() {
                vec![]
            } else {
                vec![Block {
                    kind: BlockKind::Paragraph,
                    text: Some(body.to_string()),
                    items: None,
                    table_id: None,
                    span,
                }]
            },
            children: vec![],
            span,
        };
        let mut list = &mut self.doc.sections;
        for k in 1..segs.len() {
            let id = segs[..k].join("/");
            let pos = list.iter().position(|s| s.id == id).expect("parent exists");
            list = &mut list[pos].children;
        }
        list.push(sec);
        self
    }

    /// Add an item `label` under the section at `parent`.
    fn item(mut self, label: &str, title: &str, parent: &str, depts: &[&str], desc: &str) -> Self {
        let span = self.next_span();
        self.doc.items.push(ActionItem {
            id: label.to_string(),
            label: label.to_string(),
            title: title.to_string(),
            departments: depts.iter().map(|d| d.to_string()).collect(),
            description: Some(desc.to_string()),
            section_path: parent.split('/').map(String::from).collect(),
            themes: Vec::new(),
            table_id: None,
            span,
        });
        self
    }

    fn indicator(mut self, name: &str, obs: &[(i32, ObservationKind, f64)]) -> Self {
        let span = self.next_span();
        self.doc.indicators.push(Indicator {
            name: name.to_string(),
            unit: Some("%".into()),
            description: None,
            observations: obs
                .iter()
                .map(|&(fy, kind, v)| Observation {
                    fiscal_year: Some(fy),
                    kind,
                    value: Some(v),
                    bound: None,
                    raw: format!("{v:.1}"),
                })
                .collect(),
            table_id: None,
            span,
        });
        self
    }

    fn build(self) -> PlanDocument {
        self.doc
    }
}

use ObservationKind::{Current, Target as Goal};

const D1: &str =
    "時代の変化や市民ニーズを的確に把握し、客観的データに基づく政策形成を通して事業を実施します。";
const D2: &str =
    "他自治体と連携し、単独では解決できない行政課題の解決や広域連携による事業実施を目指します。";
const D3: &str =
    "民間事業者や団体との連携・協力により、事業効果の更なる拡大や市民サービスの向上を図ります。";
const D4: &str = "官民協働による地域の活性化を目指し、庁内データの見える化を行いオープンデータとして公開します。";
const D5: &str =
    "行政事務の効率化を図るため、事務事業の業務プロセスを含めた事業の見直しや改善を行います。";
const D6: &str = "職員の成り手不足や働き方改革を踏まえ、継続事業・廃止事業の検討を進め業務量の削減を検討します。";
const D7: &str = "実証実験の効果検証等を踏まえた上で、AI・RPA等の先進技術を導入し、より効果的な活用について検討します。";
const D8: &str = "中期財政ビジョンのもと、持続可能な財政運営を目指し、財政規律ガイドラインに従い進捗管理・公表を行います。";

/// A small plan shaped like a 推進計画: 施策 → 方向性 → 基本事業 → 取組項目.
fn base() -> Plan {
    plan("old.json")
        .section("施策1", "質の高い行政運営の推進", "")
        .section(
            "施策1/方向性1",
            "経営的な視点による行政運営",
            "最小の経費で最大の効果を上げる経営的な視点を持って施策を実施していきます。",
        )
        .section(
            "施策1/方向性1/基本事業1",
            "狛江らしさを発揮した事業の展開",
            "客観的データ等を活用した事業を展開します。",
        )
        .item(
            "取組項目1",
            "客観的データを活用した取組の推進",
            "施策1/方向性1/基本事業1",
            &["関係各課"],
            D1,
        )
        .section(
            "施策1/方向性1/基本事業2",
            "多様な主体との連携・協働の推進",
            "他自治体や民間企業、NPO法人等との連携・協働を推進します。",
        )
        .item(
            "取組項目2",
            "他自治体との広域連携の推進",
            "施策1/方向性1/基本事業2",
            &["関係各課"],
            D2,
        )
        .item(
            "取組項目3",
            "民間企業や団体との連携の推進",
            "施策1/方向性1/基本事業2",
            &["関係各課"],
            D3,
        )
        .item(
            "取組項目4",
            "庁内データのオープンデータ化",
            "施策1/方向性1/基本事業2",
            &["情報政策課"],
            D4,
        )
        .section(
            "施策1/方向性2",
            "デジタル化の推進による市民サービスの質の向上",
            "情報セキュリティ対策の強化に努めるとともにデジタル技術の利用拡大を図ります。",
        )
        .section(
            "施策1/方向性2/基本事業1",
            "庁内の業務改善の推進",
            "費用対効果等を総合的に考慮し事務事業の見直しを行います。",
        )
        .item(
            "取組項目5",
            "行政事務の効率化に向けた業務の見直し",
            "施策1/方向性2/基本事業1",
            &["政策室", "情報政策課"],
            D5,
        )
        .item(
            "取組項目6",
            "事業の集約化・アウトソーシングの検討",
            "施策1/方向性2/基本事業1",
            &["政策室", "財政課"],
            D6,
        )
        .item(
            "取組項目7",
            "AI・RPA等の先進技術の導入・効果的な活用",
            "施策1/方向性2/基本事業1",
            &["情報政策課"],
            D7,
        )
        .section("施策2", "持続可能な財政運営の推進", "")
        .section(
            "施策2/方向性1",
            "財政規律の維持",
            "中長期的な財政見通しのもと規律ある持続可能な財政運営を推進していきます。",
        )
        .section(
            "施策2/方向性1/基本事業1",
            "規律ある財政運営",
            "限られた財源を重点的かつ効果的に配分します。",
        )
        .item(
            "取組項目8",
            "中期財政ビジョンに沿った財政運営",
            "施策2/方向性1/基本事業1",
            &["財政課"],
            D8,
        )
        .indicator(
            "経常収支比率(%)",
            &[(2023, Current, 87.3), (2029, Goal, 90.0)],
        )
        .indicator(
            "職員の対応に対する市民の満足度(%)",
            &[(2023, Current, 86.0), (2029, Goal, 90.0)],
        )
}

/// Renumber `取組項目N` labels (N ≥ from) by `by`, in place.
fn shift_labels(p: &mut Plan, from: u32, by: i32) {
    for it in &mut p.doc.items {
        let n: u32 = it.label.trim_start_matches("取組項目").parse().unwrap();
        if n >= from {
            let m = (n as i32 + by) as u32;
            it.label = format!("取組項目{m}");
            it.id = it.label.clone();
        }
    }
}

fn item_mut<'a>(p: &'a mut Plan, label: &str) -> &'a mut ActionItem {
    p.doc.items.iter_mut().find(|i| i.label == label).unwrap()
}

/// `(target, kind, old labels, new labels)` of every change, for compact assertions.
fn facts(d: &PlanDiff) -> Vec<(Target, ChangeKind, String, String)> {
    let labels = |s: &[jplan::diff::Side]| {
        s.iter()
            .map(|x| x.label.clone().unwrap_or_else(|| x.path.clone()))
            .collect::<Vec<_>>()
            .join("+")
    };
    d.changes
        .iter()
        .map(|c| (c.target, c.kind, labels(&c.old), labels(&c.new)))
        .collect()
}

fn count(d: &PlanDiff, target: Target, kind: ChangeKind) -> usize {
    d.changes
        .iter()
        .filter(|c| c.target == target && c.kind == kind)
        .count()
}

// ---------------------------------------------------------------- facts

#[test]
fn a_plan_against_itself_has_no_changes() {
    let doc = base().build();
    let d = diff_plans(&doc, &doc);
    assert!(d.is_empty(), "{:?}", facts(&d));
    assert_eq!(d.summary.total, 0);
    assert_eq!(d.summary.unchanged.get(&Target::Item), Some(&8));
    assert_eq!(d.summary.unchanged.get(&Target::Section), Some(&9));
    assert_eq!(d.rows.len(), 17, "every section and item is a row");
    assert!(render_text(&d, false).contains("no changes"));
}

#[test]
fn every_seed_against_itself_has_no_changes() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut seeds: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    seeds.sort();
    for s in seeds {
        let doc = jplan::parse_file(&s, &jplan::Options::default()).unwrap();
        let d = diff_plans(&doc, &doc);
        assert!(d.is_empty(), "{}: {:?}", s.display(), facts(&d));
    }
}

#[test]
fn inserting_an_item_renumbers_the_later_ones_instead_of_replacing_them() {
    let old = base().build();
    let mut p = base();
    shift_labels(&mut p, 3, 1);
    p.doc.items.insert(
        2,
        ActionItem {
            id: "取組項目3".into(),
            label: "取組項目3".into(),
            title: "大学との包括連携協定の活用".into(),
            departments: vec!["政策室".into()],
            description: Some(
                "市内外の大学と締結した包括連携協定に基づき、共同研究や学生の地域参加を進めます。"
                    .into(),
            ),
            section_path: vec!["施策1".into(), "方向性1".into(), "基本事業2".into()],
            themes: Vec::new(),
            table_id: None,
            span: Span::line(1, 100),
        },
    );
    let d = diff_plans(&old, &p.build());
    let f = facts(&d);
    assert_eq!(count(&d, Target::Item, ChangeKind::Added), 1, "{f:?}");
    assert_eq!(count(&d, Target::Item, ChangeKind::Renumbered), 6, "{f:?}");
    assert_eq!(count(&d, Target::Item, ChangeKind::Removed), 0, "{f:?}");
    assert_eq!(d.summary.total, 7, "{f:?}");
    assert!(f.contains(&(
        Target::Item,
        ChangeKind::Added,
        String::new(),
        "取組項目3".into()
    )));
    assert!(f.contains(&(
        Target::Item,
        ChangeKind::Renumbered,
        "取組項目5".into(),
        "取組項目6".into()
    )));
    assert!(f.contains(&(
        Target::Item,
        ChangeKind::Renumbered,
        "取組項目8".into(),
        "取組項目9".into()
    )));
    let c = d
        .changes
        .iter()
        .find(|c| c.kind == ChangeKind::Renumbered)
        .unwrap();
    assert_eq!(
        c.kinds,
        vec![ChangeKind::Renumbered],
        "renumbered only, not moved or reworded"
    );
    assert_eq!(c.similarity, Some(1.0));
}

#[test]
fn a_renamed_section_is_renamed_and_its_items_stay_put() {
    let old = base().build();
    let mut p = base();
    p.doc.sections[0].children[1].children[0].title = "業務改善とDXの推進".into();
    let d = diff_plans(&old, &p.build());
    assert_eq!(
        facts(&d),
        vec![(
            Target::Section,
            ChangeKind::Renamed,
            "基本事業1".into(),
            "基本事業1".into()
        )]
    );
    let c = &d.changes[0];
    assert_eq!(c.old[0].path, "施策1/方向性2/基本事業1");
    assert_eq!(c.old[0].title, "庁内の業務改善の推進");
    assert_eq!(c.new[0].title, "業務改善とDXの推進");
    assert!(c.text_ops.is_empty());
    assert!(!c.title_ops.is_empty());
}

#[test]
fn an_item_under_another_parent_is_moved() {
    let old = base().build();
    let mut p = base();
    // 取組項目4 goes from 基本事業2 (方向性1) to 基本事業1 of 方向性2.
    let mut it = p.doc.items.remove(3);
    it.section_path = vec!["施策1".into(), "方向性2".into(), "基本事業1".into()];
    p.doc.items.insert(6, it);
    let d = diff_plans(&old, &p.build());
    assert_eq!(
        facts(&d),
        vec![(
            Target::Item,
            ChangeKind::Moved,
            "取組項目4".into(),
            "取組項目4".into()
        )]
    );
    assert_eq!(
        d.changes[0].old[0].path,
        "施策1/方向性1/基本事業2/取組項目4"
    );
    assert_eq!(
        d.changes[0].new[0].path,
        "施策1/方向性2/基本事業1/取組項目4"
    );
}

#[test]
fn a_renumbered_parent_does_not_make_its_items_moved() {
    let old = base().build();
    let mut p = base();
    // Insert 方向性1 before the old one under 施策2: old 方向性1 becomes 方向性2.
    fn relabel(s: &mut Section, from: &str, to: &str) {
        s.id = s.id.replacen(from, to, 1);
        if s.id.ends_with(to) {
            s.label = Some(label_of(to.rsplit('/').next().unwrap()));
        }
        for c in &mut s.children {
            relabel(c, from, to);
        }
    }
    relabel(
        &mut p.doc.sections[1].children[0],
        "施策2/方向性1",
        "施策2/方向性2",
    );
    for it in &mut p.doc.items {
        if it.section_path[0] == "施策2" {
            it.section_path[1] = "方向性2".into();
        }
    }
    let p = p.section(
        "施策2/方向性1",
        "歳入の確保",
        "新たな財源の確保に向けて様々な工夫を凝らしていきます。",
    );
    let d = diff_plans(&old, &p.build());
    let f = facts(&d);
    assert!(
        f.contains(&(
            Target::Section,
            ChangeKind::Added,
            String::new(),
            "方向性1".into()
        )),
        "{f:?}"
    );
    assert!(
        f.contains(&(
            Target::Section,
            ChangeKind::Renumbered,
            "方向性1".into(),
            "方向性2".into()
        )),
        "{f:?}"
    );
    // 基本事業1 keeps its label under the renumbered parent: same place, no change at all.
    assert_eq!(count(&d, Target::Item, ChangeKind::Moved), 0, "{f:?}");
    assert_eq!(count(&d, Target::Section, ChangeKind::Moved), 0, "{f:?}");
    assert_eq!(d.summary.total, 2, "{f:?}");
}

#[test]
fn a_reworded_description_shows_a_character_diff() {
    let old = base().build();
    let mut p = base();
    item_mut(&mut p, "取組項目5").description =
        Some(D5.replace("見直しや改善を行います", "見直しや改善を継続的に行います"));
    let d = diff_plans(&old, &p.build());
    assert_eq!(
        facts(&d),
        vec![(
            Target::Item,
            ChangeKind::Reworded,
            "取組項目5".into(),
            "取組項目5".into()
        )]
    );
    let c = &d.changes[0];
    let inserted: Vec<&str> = c
        .text_ops
        .iter()
        .filter(|o| o.op == jplan::diff::OpKind::Insert)
        .map(|o| o.text.as_str())
        .collect();
    assert_eq!(inserted, vec!["継続的に"]);
    assert!(c.similarity.unwrap() > 0.9 && c.similarity.unwrap() < 1.0);
}

#[test]
fn renamed_item_keeps_its_place_and_body() {
    let old = base().build();
    let mut p = base();
    item_mut(&mut p, "取組項目7").title = "先進技術の導入と活用".into();
    let d = diff_plans(&old, &p.build());
    assert_eq!(
        facts(&d),
        vec![(
            Target::Item,
            ChangeKind::Renamed,
            "取組項目7".into(),
            "取組項目7".into()
        )]
    );
}

#[test]
fn departments_changed_is_reassigned() {
    let old = base().build();
    let mut p = base();
    item_mut(&mut p, "取組項目8").departments = vec!["財政課".into(), "納税課".into()];
    let d = diff_plans(&old, &p.build());
    assert_eq!(facts(&d).len(), 1);
    let c = &d.changes[0];
    assert_eq!(c.kind, ChangeKind::Reassigned);
    assert_eq!(c.old_value.as_deref(), Some("財政課"));
    assert_eq!(c.new_value.as_deref(), Some("財政課・納税課"));
}

#[test]
fn deleted_and_new_items_are_removed_and_added() {
    let old = base().build();
    let mut p = base();
    p.doc.items.retain(|i| i.label != "取組項目6");
    shift_labels(&mut p, 7, -1);
    let p = p.item(
        "取組項目8",
        "ふるさと納税制度の活用",
        "施策2/方向性1/基本事業1",
        &["課税課"],
        "返礼品の充実に向けた検討等により市外在住者からの寄附を確保します。",
    );
    let d = diff_plans(&old, &p.build());
    let f = facts(&d);
    assert!(
        f.contains(&(
            Target::Item,
            ChangeKind::Removed,
            "取組項目6".into(),
            String::new()
        )),
        "{f:?}"
    );
    assert!(
        f.contains(&(
            Target::Item,
            ChangeKind::Added,
            String::new(),
            "取組項目8".into()
        )),
        "{f:?}"
    );
    assert!(
        f.contains(&(
            Target::Item,
            ChangeKind::Renumbered,
            "取組項目7".into(),
            "取組項目6".into()
        )),
        "{f:?}"
    );
    assert!(
        f.contains(&(
            Target::Item,
            ChangeKind::Renumbered,
            "取組項目8".into(),
            "取組項目7".into()
        )),
        "{f:?}"
    );
    assert_eq!(d.summary.total, 4, "{f:?}");
    // The removed item is placed where it stood: after 取組項目5, before the renumbered 7→6.
    let pos = |k: ChangeKind, l: &str| {
        d.changes
            .iter()
            .position(|c| {
                c.kind == k && (c.old.iter().chain(&c.new)).any(|s| s.label.as_deref() == Some(l))
            })
            .unwrap()
    };
    assert!(pos(ChangeKind::Removed, "取組項目6") < pos(ChangeKind::Renumbered, "取組項目7"));
}

const HALF_A: &str = "電子申請の受付等を拡充し、行政手続きのデジタル化について広く周知します。";
const HALF_B: &str = "来庁者数を減らすことで、対面での対応が必要な申請や相談等を充実させます。";

fn with_combined() -> Plan {
    base().item(
        "取組項目9",
        "行政手続きのデジタル化と窓口の充実",
        "施策1/方向性2/基本事業1",
        &["情報政策課"],
        &format!("{HALF_A}{HALF_B}"),
    )
}

fn with_halves() -> Plan {
    base()
        .item(
            "取組項目9",
            "電子申請の拡充",
            "施策1/方向性2/基本事業1",
            &["情報政策課"],
            HALF_A,
        )
        .item(
            "取組項目10",
            "窓口相談の充実",
            "施策1/方向性2/基本事業1",
            &["市民課"],
            HALF_B,
        )
}

#[test]
fn one_item_divided_in_two_is_split_and_the_reverse_is_merged() {
    let (combined, halves) = (with_combined().build(), with_halves().build());
    let d = diff_plans(&combined, &halves);
    assert_eq!(
        facts(&d),
        vec![(
            Target::Item,
            ChangeKind::Split,
            "取組項目9".into(),
            "取組項目9+取組項目10".into()
        )]
    );
    let back = diff_plans(&halves, &combined);
    assert_eq!(
        facts(&back),
        vec![(
            Target::Item,
            ChangeKind::Merged,
            "取組項目9+取組項目10".into(),
            "取組項目9".into()
        )]
    );
}

#[test]
fn indicator_values_years_and_names_are_compared() {
    let old = base().build();
    let mut p = base();
    // A new target, a new actual year, a dropped indicator, a new indicator.
    p.doc.indicators[0].observations[1].value = Some(88.0);
    p.doc.indicators[0].observations[1].raw = "88.0".into();
    p.doc.indicators[0].observations.push(Observation {
        fiscal_year: Some(2024),
        kind: ObservationKind::Actual,
        value: Some(86.9),
        bound: None,
        raw: "86.9".into(),
    });
    p.doc.indicators.remove(1);
    let p = p.indicator(
        "財政調整基金残高(億円)",
        &[(2023, Current, 22.3), (2029, Goal, 20.0)],
    );
    let d = diff_plans(&old, &p.build());
    let f = facts(&d);
    let changed = d
        .changes
        .iter()
        .find(|c| c.target == Target::Observation && c.kind == ChangeKind::Changed)
        .unwrap();
    assert_eq!(changed.field.as_deref(), Some("FY2029 target"));
    assert_eq!(changed.old_value.as_deref(), Some("90.0"));
    assert_eq!(changed.new_value.as_deref(), Some("88.0"));
    let added = d
        .changes
        .iter()
        .find(|c| c.target == Target::Observation && c.kind == ChangeKind::Added)
        .unwrap();
    assert_eq!(added.field.as_deref(), Some("FY2024 actual"));
    assert!(
        f.contains(&(
            Target::Indicator,
            ChangeKind::Removed,
            "職員の対応に対する市民の満足度(%)".into(),
            String::new()
        )),
        "{f:?}"
    );
    assert!(
        f.contains(&(
            Target::Indicator,
            ChangeKind::Added,
            String::new(),
            "財政調整基金残高(億円)".into()
        )),
        "{f:?}"
    );
    assert_eq!(d.summary.total, 4, "{f:?}");
}

#[test]
fn the_same_value_written_differently_is_no_change() {
    let old = base().build();
    let mut p = base();
    p.doc.indicators[0].observations[1].raw = "90".into(); // 90.0 → "90"
    assert!(diff_plans(&old, &p.build()).is_empty());
}

#[test]
fn evaluation_ratings_and_costs_are_compared_by_code_and_year() {
    let eval = |progress: u32, cost: i64| Evaluation {
        code: "611".into(),
        title: "人権教育・啓発活動".into(),
        lead_department: Some("人権庶務課".into()),
        related_departments: vec![],
        goal: Some("人権尊重の意識が高まっている".into()),
        progress: Some(Rating {
            value: progress,
            scale: 4,
            label: None,
        }),
        necessity: None,
        indicators: vec![],
        costs: vec![Cost {
            project: "人権啓発事業".into(),
            fiscal_year: 2022,
            kind: CostKind::Settled,
            thousand_yen: Some(cost),
            relisted: false,
        }],
        span: Span::line(1, 1),
    };
    let mut old = base().build();
    let mut new = base().build();
    old.evaluations.push(eval(3, 1200));
    new.evaluations.push(eval(2, 1350));
    let d = diff_plans(&old, &new);
    let f = facts(&d);
    assert_eq!(f.len(), 2, "{f:?}");
    let rating = d
        .changes
        .iter()
        .find(|c| c.target == Target::Rating)
        .unwrap();
    assert_eq!(rating.field.as_deref(), Some("progress"));
    assert_eq!(rating.old_value.as_deref(), Some("3/4"));
    assert_eq!(rating.new_value.as_deref(), Some("2/4"));
    let cost = d.changes.iter().find(|c| c.target == Target::Cost).unwrap();
    assert_eq!(cost.field.as_deref(), Some("人権啓発事業 FY2022 settled"));
    assert_eq!(cost.new_value.as_deref(), Some("1350千円"));
    new.evaluations.clear();
    let d = diff_plans(&old, &new);
    assert_eq!(
        facts(&d),
        vec![(
            Target::Evaluation,
            ChangeKind::Removed,
            "611".into(),
            String::new()
        )]
    );
}

#[test]
fn metadata_period_issued_edition_and_title_are_compared() {
    let mut old = base().build();
    old.meta = Meta {
        municipality: None,
        title: Some("第6次行財政改革推進計画".into()),
        kind: Some("推進計画".into()),
        edition: Some(6),
        draft: false,
        issued: Some("2021-01".into()),
        period: Some(Period {
            start_fy: 2021,
            end_fy: Some(2024),
        }),
    };
    let mut new = base().build();
    new.meta = Meta {
        title: Some("第7次行財政改革推進計画".into()),
        edition: Some(7),
        issued: Some("2025-12".into()),
        period: Some(Period {
            start_fy: 2025,
            end_fy: Some(2029),
        }),
        ..old.meta.clone()
    };
    let d = diff_plans(&old, &new);
    let fields: Vec<(&str, &str, &str)> = d
        .changes
        .iter()
        .map(|c| {
            assert_eq!(c.target, Target::Meta);
            (
                c.field.as_deref().unwrap(),
                c.old_value.as_deref().unwrap(),
                c.new_value.as_deref().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        fields,
        vec![
            (
                "title",
                "第6次行財政改革推進計画",
                "第7次行財政改革推進計画"
            ),
            ("edition", "6", "7"),
            ("issued", "2021-01", "2025-12"),
            ("period", "FY2021–FY2024", "FY2025–FY2029"),
        ]
    );
}

/// The revised plan used by the symmetry and determinism tests: one of every kind.
fn revised() -> PlanDocument {
    let mut p = base();
    p.doc.sections[0].children[1].children[0].title = "業務改善とDXの推進".into();
    item_mut(&mut p, "取組項目5").description = Some(D5.replace("行います", "進めます"));
    item_mut(&mut p, "取組項目2").departments = vec!["政策室".into()];
    let mut it = p.doc.items.remove(3);
    it.section_path = vec!["施策1".into(), "方向性2".into(), "基本事業1".into()];
    p.doc.items.insert(6, it);
    p.doc.items.retain(|i| i.label != "取組項目6");
    p.doc.indicators[0].observations[1].value = Some(88.0);
    p = p.item(
        "取組項目9",
        "電子申請の拡充",
        "施策1/方向性2/基本事業1",
        &["情報政策課"],
        HALF_A,
    );
    p = p.item(
        "取組項目10",
        "窓口相談の充実",
        "施策1/方向性2/基本事業1",
        &["市民課"],
        HALF_B,
    );
    p.build()
}

#[test]
fn swapping_old_and_new_swaps_added_and_removed() {
    let (a, b) = (with_combined().build(), revised());
    let fwd = diff_plans(&a, &b);
    let back = diff_plans(&b, &a);
    assert_eq!(fwd.summary.total, back.summary.total);
    let mirror = |k: ChangeKind| match k {
        ChangeKind::Added => ChangeKind::Removed,
        ChangeKind::Removed => ChangeKind::Added,
        ChangeKind::Split => ChangeKind::Merged,
        ChangeKind::Merged => ChangeKind::Split,
        k => k,
    };
    let mut f: Vec<_> = facts(&fwd)
        .into_iter()
        .map(|(t, k, o, n)| (t, mirror(k), n, o))
        .collect();
    let mut b2 = facts(&back);
    f.sort();
    b2.sort();
    assert_eq!(f, b2);
    // Every kind of the issue shows up in this pair.
    for k in [
        ChangeKind::Split,
        ChangeKind::Moved,
        ChangeKind::Renamed,
        ChangeKind::Reworded,
        ChangeKind::Reassigned,
        ChangeKind::Removed,
        ChangeKind::Changed,
    ] {
        assert!(
            fwd.changes.iter().any(|c| c.kinds.contains(&k)),
            "{k:?} missing: {:?}",
            facts(&fwd)
        );
    }
}

#[test]
fn output_is_deterministic() {
    let (a, b) = (with_combined().build(), revised());
    let d1 = diff_plans(&a, &b);
    let d2 = diff_plans(&a.clone(), &b.clone());
    assert_eq!(d1.to_json(), d2.to_json());
    assert_eq!(render_html(&d1), render_html(&d2));
    assert_eq!(render_md(&d1), render_md(&d2));
    assert_eq!(render_text(&d1, true), render_text(&d2, true));
}

#[test]
fn json_shape_has_kinds_sides_spans_and_ops() {
    let d = diff_plans(&base().build(), &revised());
    let v: serde_json::Value = serde_json::from_str(&d.to_json()).unwrap();
    assert_eq!(v["diff_version"], "1");
    assert_eq!(v["summary"]["total"], d.changes.len());
    let reworded = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "reworded")
        .unwrap();
    assert_eq!(reworded["target"], "item");
    assert_eq!(reworded["old"][0]["label"], "取組項目5");
    assert_eq!(reworded["old"][0]["span"]["page"], 1);
    assert!(reworded["text_ops"]
        .as_array()
        .unwrap()
        .iter()
        .any(|o| o["op"] == "insert" && o["text"] == "進めます"));
    assert!(v["summary"]["by_kind"]["moved"].as_u64().unwrap() >= 1);
}

#[test]
fn writers_mark_changes_and_escape_text() {
    let old = base().build();
    let mut p = base();
    item_mut(&mut p, "取組項目1").title = "<script>alert(1)</script> & | * 推進".into();
    item_mut(&mut p, "取組項目5").description = Some(D5.replace("行います", "進めます"));
    let d = diff_plans(&old, &p.build());
    let html = render_html(&d);
    assert!(!html.contains("<script>"), "HTML escapes document text");
    assert!(html.contains("&lt;script&gt;"));
    assert!(
        html.contains("<ins>進めます</ins>"),
        "new side underlines the changed words"
    );
    assert!(
        html.contains("<ins>行います</ins>"),
        "old side underlines the old words"
    );
    let new_col = html.find("新（改正後）</th>").unwrap();
    let old_col = html.find("旧（改正前）</th>").unwrap();
    assert!(new_col < old_col, "new text on the left");
    assert!(
        html.contains("<details class=\"same\">"),
        "unchanged rows fold away"
    );
    assert!(!html.contains("http"), "no external assets");
    let md = render_md(&d);
    assert!(md.contains("| 区分 | 新（改正後） | 旧（改正前） |"));
    assert!(md.contains("&lt;script&gt;"));
    assert!(md.contains("\\|"), "pipes in text do not break the table");
    assert!(md.contains("<ins>進めます</ins>"));
    let text = render_text(&d, false);
    assert!(
        text.contains("{+進めます+}") && text.contains("[-行います-]"),
        "{text}"
    );
    assert!(!text.contains('\x1b'));
    assert!(render_text(&d, true).contains("\x1b[32m進めます"));
}

// ---------------------------------------------------------------- CLI

#[test]
fn cli_reads_json_and_txt_and_exits_zero_on_differences() {
    let dir = std::env::temp_dir().join(format!("jplan-diff-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (a, b) = (dir.join("a.json"), dir.join("b.plan"));
    std::fs::write(&a, serde_json::to_string(&base().build()).unwrap()).unwrap();
    // No .json extension: detected by its leading `{`.
    std::fs::write(
        &b,
        format!("\n  {}", serde_json::to_string(&revised()).unwrap()),
    )
    .unwrap();
    for format in ["json", "text", "md", "html"] {
        let out = jplan_cmd()
            .args(["diff"])
            .arg(&a)
            .arg(&b)
            .args(["--format", format])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!out.stdout.is_empty());
        if format == "text" {
            assert!(!out.stdout.contains(&0x1b), "no colour when not a terminal");
        }
    }
    let out = jplan_cmd().arg("diff").arg(&a).arg(&b).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["summary"]["total"].as_u64().unwrap() > 0);
    // -o writes the file.
    let html = dir.join("t.html");
    let st = jplan_cmd()
        .arg("diff")
        .arg(&a)
        .arg(&b)
        .args(["--format", "html", "-o"])
        .arg(&html)
        .status()
        .unwrap();
    assert!(st.success());
    assert!(std::fs::read_to_string(&html)
        .unwrap()
        .starts_with("<!DOCTYPE html>"));
    // A TXT seed against itself: exit 0, no changes.
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/004_cde0dcee2913256b.txt");
    let out = jplan_cmd()
        .arg("diff")
        .arg(&seed)
        .arg(&seed)
        .args(["--format", "text"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("no changes"));
    // Broken JSON: exit 1 and a message naming the file.
    let bad = dir.join("bad.json");
    std::fs::write(&bad, "{\"schema_version\": 1").unwrap();
    let out = jplan_cmd().arg("diff").arg(&bad).arg(&a).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.json") && err.contains("PlanDocument JSON"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------- corpus version pairs

/// One change as a line of `corpus/versions/*/expected.txt` (format described there), or
/// `None` for what those files leave out (metadata, sections' own rewording).
fn project(c: &jplan::diff::Change) -> Option<String> {
    let mut kinds: Vec<ChangeKind> = c.kinds.clone();
    if c.target == Target::Section {
        kinds.retain(|k| *k != ChangeKind::Reworded);
    }
    if kinds.is_empty() || c.target == Target::Meta {
        return None;
    }
    let kinds = kinds.iter().map(|k| k.name()).collect::<Vec<_>>().join("+");
    let strip_unit = |name: &str| {
        let n = name.trim();
        match n.rfind(['(', '（']) {
            Some(i) if n.ends_with([')', '）']) && i > 0 => n[..i].trim().to_string(),
            _ => n.to_string(),
        }
    };
    let side = |s: &[jplan::diff::Side], with_title: bool| match s.first() {
        None => "-".to_string(),
        Some(x) => {
            let label = x.label.clone().unwrap_or_else(|| x.path.clone());
            if with_title {
                format!("{label} {}", x.title)
            } else {
                label
            }
        }
    };
    let line = match c.target {
        Target::Item => format!(
            "item {kinds} {} → {}",
            side(&c.old, false),
            side(&c.new, false)
        ),
        Target::Section => format!(
            "section {kinds} {} → {}",
            side(&c.old, true),
            side(&c.new, true)
        ),
        Target::Indicator => {
            let name = |s: &[jplan::diff::Side]| {
                s.first()
                    .map(|x| strip_unit(&x.title))
                    .unwrap_or("-".into())
            };
            format!("indicator {kinds} {} → {}", name(&c.old), name(&c.new))
        }
        _ => {
            let name = c
                .new
                .first()
                .or(c.old.first())
                .map(|x| strip_unit(&x.title))
                .unwrap_or_default();
            format!(
                "{} {kinds} {name} {} {} → {}",
                c.target.name(),
                c.field.clone().unwrap_or_default(),
                c.old_value.clone().unwrap_or("-".into()),
                c.new_value.clone().unwrap_or("-".into())
            )
        }
    };
    Some(line)
}

fn expected_lines(dir: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(dir.join("expected.txt")).unwrap();
    let mut v: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect();
    v.sort();
    v
}

/// Parse both versions of a corpus pair, diff them, compare with `expected.txt`; the pair
/// swapped must give the mirror list.
fn check_pair(name: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus/versions")
        .join(name);
    let opts = jplan::Options::default();
    let old = jplan::parse_file(&dir.join("old.txt"), &opts).unwrap();
    let new = jplan::parse_file(&dir.join("new.txt"), &opts).unwrap();
    let d = diff_plans(&old, &new);
    let mut got: Vec<String> = d.changes.iter().filter_map(project).collect();
    got.sort();
    let want = expected_lines(&dir);
    assert_eq!(got, want, "{name}: change list differs from expected.txt");
    let back = diff_plans(&new, &old);
    assert_eq!(back.summary.total, d.summary.total, "{name}: swapped");
    for k in [ChangeKind::Added, ChangeKind::Removed] {
        let mirror = if k == ChangeKind::Added {
            ChangeKind::Removed
        } else {
            ChangeKind::Added
        };
        assert_eq!(
            d.summary.by_kind.get(&k),
            back.summary.by_kind.get(&mirror),
            "{name}: swapping OLD and NEW swaps added/removed"
        );
    }
    assert!(render_html(&d).contains("<ins>"));
}

#[test]
fn corpus_expected_files_are_well_formed() {
    // Facts of the pairs that hold whatever the parser does.
    let komae =
        expected_lines(&Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/versions/komae"));
    assert_eq!(komae.len(), 31);
    assert_eq!(
        komae
            .iter()
            .filter(|l| l.starts_with("item renumbered"))
            .count(),
        25
    );
    let gyoda =
        expected_lines(&Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/versions/gyoda"));
    assert_eq!(
        gyoda.iter().filter(|l| l.starts_with("item added")).count(),
        2
    );
    for name in ["komae", "gyoda"] {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("corpus/versions")
            .join(name);
        let old = std::fs::read_to_string(dir.join("old.txt")).unwrap();
        let new = std::fs::read_to_string(dir.join("new.txt")).unwrap();
        assert_ne!(old, new);
    }
}

#[test]
fn corpus_komae_revision_gives_the_expected_changes() {
    check_pair("komae");
}

#[test]
fn corpus_gyoda_draft_to_final_gives_the_expected_changes() {
    check_pair("gyoda");
}

/// The komae pair's 取組項目15→16 is renumbered and reworded: it is found by either kind in
/// the JSON (`kind` the main one, `kinds` every one) and counted under both in the JSON
/// summary, the text summary and the HTML counts table.
#[test]
fn a_change_with_several_kinds_is_found_and_counted_under_each() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/versions/komae");
    let run = |format: &str| {
        let out = jplan_cmd()
            .arg("diff")
            .arg(dir.join("old.txt"))
            .arg(dir.join("new.txt"))
            .args(["--format", format, "--color", "never"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{format}");
        String::from_utf8(out.stdout).unwrap()
    };
    let v: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    let changes = v["changes"].as_array().unwrap();
    let has =
        |c: &serde_json::Value, k: &str| c["kinds"].as_array().unwrap().iter().any(|x| x == k);
    let lib = changes
        .iter()
        .find(|c| c["target"] == "item" && c["old"][0]["label"] == "取組項目15")
        .unwrap();
    assert_eq!(lib["new"][0]["label"], "取組項目16");
    assert_eq!(lib["kind"], "renumbered");
    assert_eq!(lib["kinds"], serde_json::json!(["renumbered", "reworded"]));
    let reworded: Vec<&serde_json::Value> = changes.iter().filter(|c| has(c, "reworded")).collect();
    assert!(reworded
        .iter()
        .any(|c| c["old"][0]["label"] == "取組項目15"));
    let renumbered = changes.iter().filter(|c| has(c, "renumbered")).count();
    // 26 renumbered items, one of them also moved and one also reworded (expected.txt).
    assert_eq!(renumbered, 26);
    let by_kind = &v["summary"]["by_kind"];
    assert_eq!(by_kind["reworded"], reworded.len());
    assert_eq!(by_kind["renumbered"], 26);
    assert_eq!(by_kind["moved"], 1);
    assert_eq!(v["summary"]["by_target"]["item"]["reworded"], 1);
    assert_eq!(v["summary"]["total"], changes.len());

    let text = run("text");
    let head = text.lines().nth(2).unwrap();
    assert!(
        head.contains(&format!("{} reworded", reworded.len())) && head.contains("26 renumbered"),
        "{head}"
    );

    let html = run("html");
    let table = &html[html.find("<table class=\"summary\">").unwrap()..];
    let table = &table[..table.find("</table>").unwrap()];
    let header: Vec<&str> = table
        .split("<th>")
        .skip(2)
        .map(|c| c.split("</th>").next().unwrap())
        .collect();
    let col = header.iter().position(|h| *h == "文言修正").unwrap();
    let item_row = table
        .split("<tr>")
        .find(|r| r.starts_with("<td>取組</td>"))
        .unwrap();
    let cells: Vec<&str> = item_row
        .split("<td>")
        .skip(2)
        .map(|c| c.split("</td>").next().unwrap())
        .collect();
    assert_eq!(cells[col], "1", "{item_row}");
}

/// The 新旧対照表 of the komae pair says where the moved item came from and went, names
/// figure fields in Japanese, and marks a renumbered label as a whole; the gyoda pair's draft
/// change reads 案 → 確定, not `draft true/false`.
#[test]
fn the_shinkyu_table_says_where_a_moved_item_went_in_japanese() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/versions");
    let run = |pair: &str, format: &str| {
        let out = jplan_cmd()
            .arg("diff")
            .arg(dir.join(pair).join("old.txt"))
            .arg(dir.join(pair).join("new.txt"))
            .args(["--format", format])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8(out.stdout).unwrap()
    };
    for format in ["html", "md"] {
        let t = run("komae", format);
        assert!(
            t.contains("7/施策1/方向性1/基本事業2 から移動"),
            "{format}: new side says where it came from"
        );
        assert!(
            t.contains("7/施策1/方向性2/基本事業1 へ移動"),
            "{format}: old side says where it went"
        );
        assert!(t.contains("2029年度 目標値"), "{format}");
        assert!(!t.contains("FY2029") && !t.contains("target"), "{format}");
        assert!(t.contains("<ins>取組項目16</ins>"), "{format}: whole label");
        assert!(
            !t.contains("取組項目1<ins>6</ins>"),
            "{format}: not one digit"
        );
    }
    let html = run("gyoda", "html");
    let md = run("gyoda", "md");
    for t in [&html, &md] {
        assert!(!t.contains("draft") && !t.contains(">true<") && !t.contains(">false<"));
    }
    let d = jplan::diff::value_japanese(Some("draft"), "true");
    assert_eq!(d, "案");
    assert_eq!(jplan::diff::value_japanese(Some("draft"), "false"), "確定");
    assert_eq!(
        jplan::diff::value_japanese(Some("period"), "FY2025–FY2029"),
        "2025年度～2029年度"
    );
    assert_eq!(
        jplan::diff::field_japanese("事業名 FY2022 settled"),
        "事業名 2022年度 決算"
    );
    assert_eq!(jplan::diff::field_japanese("draft"), "案・確定の別");
}

/// The committed diff schema is the one of the types, and the komae diff is valid against it.
#[test]
fn committed_diff_schema_matches_and_validates_a_diff() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let committed = std::fs::read_to_string(root.join("schema/diff-v1.schema.json")).unwrap();
    assert_eq!(
        committed,
        jplan::diff_schema_json(),
        "schema/diff-v1.schema.json is stale: run `jplan schema --diff > schema/diff-v1.schema.json`"
    );
    let schema: serde_json::Value = serde_json::from_str(&committed).unwrap();
    let validator = jsonschema::JSONSchema::compile(&schema).unwrap();
    let dir = root.join("corpus/versions/komae");
    let opts = jplan::Options::default();
    let old = jplan::parse_file(&dir.join("old.txt"), &opts).unwrap();
    let new = jplan::parse_file(&dir.join("new.txt"), &opts).unwrap();
    let v: serde_json::Value = serde_json::from_str(&diff_plans(&old, &new).to_json()).unwrap();
    if let Err(errors) = validator.validate(&v) {
        let e: Vec<String> = errors.map(|e| e.to_string()).collect();
        panic!("diff JSON does not match its schema: {e:?}");
    };
}

// ---------------------------------------------------------------- Chromium

/// The HTML 新旧対照表 of the komae-like pair opens in headless Chromium and shows both
/// columns. Skipped, with a message, when Chromium is not installed.
#[test]
fn html_page_opens_in_headless_chromium() {
    let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .map(Path::new)
        .find(|p| p.exists());
    let Some(chromium) = chromium else {
        eprintln!("SKIPPED html_page_opens_in_headless_chromium: /usr/bin/chromium not installed");
        return;
    };
    let dir = std::env::temp_dir().join(format!("jplan-diff-chromium-{}", std::process::id()));
    let profile = dir.join("profile");
    std::fs::create_dir_all(&profile).unwrap();
    let page = dir.join("新旧対照表.html");
    let d = diff_plans(&with_combined().build(), &revised());
    std::fs::write(&page, render_html(&d)).unwrap();
    let out = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&out.stdout);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        dom.contains("新（改正後）") && dom.contains("旧（改正前）"),
        "both columns"
    );
    assert!(dom.contains("<ins>"), "changed characters marked");
    assert!(
        dom.contains("<details class=\"same\">"),
        "unchanged rows folded"
    );
    assert!(dom.contains("DX"), "new text shown");
    assert!(dom.contains("庁内の"), "old text shown");
    assert!(dom.contains("中期財政ビジョン"), "unchanged text shown");
}

/// Long texts go line by line first (the fuzzer found two long unrelated texts that made the
/// character-level Myers diff run for minutes); the ops still rebuild both texts exactly.
#[test]
fn long_texts_diff_by_lines_and_rebuild_both_sides() {
    use jplan::diff::similarity::{char_ops, new_text, old_text, CHAR_DIFF_LIMIT};
    let mut old = String::new();
    let mut new = String::new();
    for i in 0..2000 {
        old.push_str(&format!("第{i}行 行財政改革の取組を推進する。\n"));
        new.push_str(&format!(
            "第{i}行 行財政改革の取組を{}する。\n",
            if i % 7 == 0 { "検討" } else { "推進" }
        ));
    }
    new.push_str(&"あ".repeat(CHAR_DIFF_LIMIT * 2));
    let ops = char_ops(&old, &new);
    assert_eq!(old_text(&ops), old);
    assert_eq!(new_text(&ops), new);
    // A changed line is still diffed by character: 推進 → 検討 inside an equal line frame.
    assert!(ops.iter().any(|o| o.text == "推進" || o.text == "検討"));
}

#[test]
fn cli_the_txt_and_the_pdf_of_one_plan_compare_as_unchanged() {
    // The PDFs lose tabs in tables (seed 004's schedule chart and indicator table come out
    // partly as paragraphs, partly cut into other tables) and before some TOC page numbers;
    // the words are the same, so no change of the plan may be reported.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (txt, pdf, items) in [
        (
            "seeds/004_cde0dcee2913256b.txt",
            "corpus/pdf/seed-004.libreoffice.pdf",
            62,
        ),
        (
            "seeds/002_38ed6f13f3c9e382.txt",
            "corpus/pdf/seed-002.libreoffice.pdf",
            -1,
        ),
    ] {
        let out = jplan_cmd()
            .arg("diff")
            .arg(root.join(txt))
            .arg(root.join(pdf))
            .args(["--format", "json"])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            v["changes"].as_array().unwrap().len(),
            0,
            "{txt} vs {pdf}: {}",
            serde_json::to_string_pretty(&v["changes"]).unwrap()
        );
        if items >= 0 {
            assert_eq!(v["summary"]["unchanged"]["item"], items);
        }
    }
}

#[test]
fn a_changed_figure_shows_even_when_the_other_version_lost_its_table_layout() {
    // The same table once with cell gaps and once as paragraphs: no change; change one figure
    // in the paragraph version and the change is reported.
    let table = "1 概要\n\n事業費の推移\n年度\t事業費\t備考\n令和5年度\t12,000\t継続\n令和6年度\t15,500\t拡充\n\n2 今後\n\n引き続き取り組む。\n";
    let prose = "1 概要\n\n事業費の推移\n年度 事業費 備考\n令和5年度 12,000 継続\n令和6年度 15,500 拡充\n\n2 今後\n\n引き続き取り組む。\n";
    let dir = std::env::temp_dir().join(format!("jplan-diff-layout-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let a = dir.join("a.txt");
    let b = dir.join("b.txt");
    let c = dir.join("c.txt");
    std::fs::write(&a, table).unwrap();
    std::fs::write(&b, prose).unwrap();
    std::fs::write(&c, prose.replace("15,500", "16,500")).unwrap();
    let run = |x: &Path, y: &Path| -> serde_json::Value {
        let out = jplan_cmd().arg("diff").arg(x).arg(y).output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let same = run(&a, &b);
    assert_eq!(same["changes"].as_array().unwrap().len(), 0, "{same}");
    let changed = run(&a, &c);
    let text = changed["changes"].to_string();
    assert!(
        !changed["changes"].as_array().unwrap().is_empty() && text.contains("16,500"),
        "{text}"
    );
}
