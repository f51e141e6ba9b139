//! Outline facts over the seeds and small synthetic plans (issue 6), and the loss check
//! (issue 10): every non-furniture line is placed exactly once.

use crate::common::seed;
use std::collections::BTreeMap;
use std::path::Path;

use jplan::model::{BlockKind, PlanDocument, Section};
use jplan::{parse_bytes, parse_file, Options};

/// A label as the tests compare it: `raw` holds the source text (`（１）`), compared with
/// full-width ASCII folded to half width and without spaces (`(1)`).
fn norm(raw: &str) -> String {
    raw.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c as u32 {
            0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

fn parse_seed(prefix: &str) -> PlanDocument {
    parse_file(&seed(prefix), &Options::default()).expect("seed parses")
}

fn parse_text(text: &str) -> PlanDocument {
    parse_bytes(text.as_bytes(), Path::new("test.txt"), &Options::default()).expect("parses")
}

/// Every section in pre-order with its path of labels.
fn all(doc: &PlanDocument) -> Vec<(Vec<String>, &Section)> {
    fn walk<'a>(s: &'a Section, path: &[String], out: &mut Vec<(Vec<String>, &'a Section)>) {
        let mut p = path.to_vec();
        if let Some(l) = &s.label {
            p.push(norm(&l.raw));
        }
        out.push((p.clone(), s));
        for c in &s.children {
            walk(c, &p, out);
        }
    }
    let mut out = Vec::new();
    for s in &doc.sections {
        walk(s, &[], &mut out);
    }
    out
}

fn with_keyword<'a>(doc: &'a PlanDocument, kw: &str) -> Vec<(Vec<String>, &'a Section)> {
    all(doc)
        .into_iter()
        .filter(|(_, s)| {
            s.label
                .as_ref()
                .is_some_and(|l| l.keyword.as_deref() == Some(kw))
        })
        .collect()
}

fn numbers(secs: &[&Section]) -> Vec<u32> {
    secs.iter()
        .filter_map(|s| s.label.as_ref().map(|l| l.number))
        .collect()
}

fn top_labels(doc: &PlanDocument) -> Vec<String> {
    doc.sections
        .iter()
        .filter_map(|s| s.label.as_ref().map(|l| norm(&l.raw)))
        .collect()
}

fn find<'a>(doc: &'a PlanDocument, path: &[&str]) -> &'a Section {
    all(doc)
        .into_iter()
        .find(|(p, _)| p.iter().map(String::as_str).eq(path.iter().copied()))
        .map(|(_, s)| s)
        .unwrap_or_else(|| panic!("no section at {path:?}"))
}

#[test]
fn komae_four_level_hierarchy_and_62_items() {
    let doc = parse_seed("004");
    let shisaku = with_keyword(&doc, "施策");
    let hokosei = with_keyword(&doc, "方向性");
    let kihon = with_keyword(&doc, "基本事業");
    let torikumi = with_keyword(&doc, "取組項目");
    assert_eq!(shisaku.len(), 3, "施策");
    assert_eq!(hokosei.len(), 8, "方向性");
    assert_eq!(kihon.len(), 21, "基本事業");
    let nums = numbers(&torikumi.iter().map(|(_, s)| *s).collect::<Vec<_>>());
    assert_eq!(
        nums,
        (1..=62).collect::<Vec<u32>>(),
        "取組項目 1–62, none missing"
    );
    // 方向性 per 施策: 3 + 2 + 3
    let per: Vec<usize> = shisaku.iter().map(|(_, s)| s.children.len()).collect();
    assert_eq!(per, vec![3, 2, 3]);
    // 取組項目24–29 under 施策2 › 方向性2 › 基本事業1
    for (path, s) in &torikumi {
        let n = s.label.as_ref().map(|l| l.number).unwrap_or(0);
        if (24..=29).contains(&n) {
            let tail: Vec<&str> = path
                .iter()
                .rev()
                .skip(1)
                .take(3)
                .map(String::as_str)
                .collect();
            assert_eq!(tail, vec!["基本事業1", "方向性2", "施策2"], "取組項目{n}");
        }
    }
    // Heading cells: 取組項目5's 推進部署 stays with it.
    let t5 = torikumi
        .iter()
        .find(|(_, s)| s.label.as_ref().is_some_and(|l| l.number == 5))
        .map(|(_, s)| *s)
        .expect("取組項目5");
    assert_eq!(t5.title, "行政事務の効率化に向けた業務の見直し");
    assert!(t5.cells.iter().any(|c| c == "推進部署"), "{:?}", t5.cells);
    // Every 取組項目 is a leaf.
    assert!(torikumi.iter().all(|(_, s)| s.children.is_empty()));
}

#[test]
fn komae_toc_is_not_body() {
    let doc = parse_seed("004");
    let numbered: Vec<&str> = doc
        .toc
        .iter()
        .filter(|e| {
            e.label
                .as_deref()
                .is_some_and(|l| l.chars().all(|c| c.is_ascii_digit()))
        })
        .map(|e| e.title.as_str())
        .collect();
    assert_eq!(numbered.len(), 7, "{numbered:?}");
    assert_eq!(numbered[0], "計画策定の背景");
    let first = &doc.toc[0];
    assert_eq!((first.label.as_deref(), first.page), (Some("1"), Some(3)));
    let kihon: Vec<_> = doc
        .toc
        .iter()
        .filter(|e| {
            e.label
                .as_deref()
                .is_some_and(|l| l.starts_with("基本事業"))
        })
        .collect();
    assert_eq!(kihon.len(), 21);
    assert!(kihon.iter().all(|e| e.page.is_some()));
    assert_eq!(
        doc.toc
            .iter()
            .filter(|e| e.label.as_deref().is_some_and(|l| l.contains("施策")))
            .count(),
        3
    );
    // The body's first numbered section is 1 計画策定の背景, once.
    assert_eq!(
        top_labels(&doc),
        vec!["1", "2", "3", "4", "5", "6", "7"],
        "TOC lines are not body sections"
    );
}

#[test]
fn gyoda_pillars_and_reforms() {
    let doc = parse_seed("001");
    let toc_chapters: Vec<String> = doc
        .toc
        .iter()
        .filter_map(|e| e.label.clone())
        .filter(|l| l.ends_with('章'))
        .map(|l| l.replace(' ', ""))
        .collect();
    assert_eq!(toc_chapters, vec!["序章", "第1章", "第2章", "第3章"]);
    let pillars = with_keyword(&doc, "柱");
    assert_eq!(
        numbers(&pillars.iter().map(|(_, s)| *s).collect::<Vec<_>>()),
        vec![1, 2, 3, 4]
    );
    let mut reforms = Vec::new();
    for (_, p) in &pillars {
        let kids: Vec<u32> = p
            .children
            .iter()
            .filter(|c| c.label.as_ref().and_then(|l| l.keyword.as_deref()) == Some("改革"))
            .map(|c| c.label.as_ref().map_or(0, |l| l.number))
            .collect();
        assert_eq!(kids.len(), 2, "two 改革 per 柱");
        reforms.extend(kids);
    }
    assert_eq!(reforms, (1..=8).collect::<Vec<u32>>());
    // Each 改革 has its (取組項目例) list.
    for (_, r) in with_keyword(&doc, "改革") {
        let has_label = r
            .blocks
            .iter()
            .any(|b| b.text.as_deref().is_some_and(|t| t.contains("取組項目例")));
        let has_list = r.blocks.iter().any(|b| b.kind == BlockKind::List);
        assert!(
            has_label && has_list,
            "改革{} blocks: {:?}",
            r.label.as_ref().map_or(0, |l| l.number),
            r.blocks
        );
    }
    // The body is not in the TOC and the TOC is not in the body.
    assert!(!top_labels(&doc).iter().any(|l| l.contains('章')));
}

#[test]
fn asahi_levels_and_27_compound_ids() {
    let doc = parse_seed("002");
    assert_eq!(top_labels(&doc), vec!["1", "2", "3", "4", "5", "6"]);
    let three = find(&doc, &["3"]);
    let paren: Vec<u32> = three
        .children
        .iter()
        .map(|c| c.label.as_ref().map_or(0, |l| l.number))
        .collect();
    assert_eq!(paren, vec![1, 2, 3]);
    let circled: Vec<usize> = three.children.iter().map(|c| c.children.len()).collect();
    assert_eq!(circled, vec![3, 4, 1], "① … under (1), (2), (3)");
    assert!(three.children[1].children[1]
        .title
        .ends_with("の活用による業務の効率化"));
    let compound: Vec<String> = all(&doc)
        .into_iter()
        .filter(|(_, s)| s.label.as_ref().is_some_and(|l| l.scheme == "compound"))
        .map(|(_, s)| s.label.as_ref().map(|l| norm(&l.raw)).unwrap_or_default())
        .collect();
    assert_eq!(compound.len(), 27, "{compound:?}");
    assert_eq!(compound[0], "(1)-①-a");
    assert_eq!(compound[26], "(3)-①-b");
    // A title wrapped onto two lines is one title.
    let c = all(&doc)
        .into_iter()
        .find(|(_, s)| s.label.as_ref().is_some_and(|l| norm(&l.raw) == "(1)-③-c"))
        .map(|(_, s)| s)
        .expect("(1)-③-c");
    assert_eq!(
        c.title,
        "責任感を持って、自分で考えチャレンジする意欲あふれる人づくり(職員研修)"
    );
}

#[test]
fn asaka_sheets_with_parts() {
    let doc = parse_seed("003");
    let codes: Vec<u32> = doc
        .sections
        .iter()
        .filter(|s| s.label.as_ref().is_some_and(|l| l.scheme == "code"))
        .map(|s| s.label.as_ref().map_or(0, |l| l.number))
        .collect();
    assert_eq!(
        codes,
        vec![611, 612, 621, 622, 631, 632, 641, 642, 651, 652, 653, 654, 655, 656]
    );
    for s in doc.sections.iter().filter(|s| s.label.is_some()) {
        let mut parts: Vec<u32> = s
            .children
            .iter()
            .filter(|c| c.label.as_ref().is_some_and(|l| l.scheme == "digit"))
            .map(|c| c.label.as_ref().map_or(0, |l| l.number))
            .collect();
        parts.sort_unstable();
        assert_eq!(parts, (1..=9).collect::<Vec<u32>>(), "sheet {}", s.title);
        // 指標 are leaves beside the parts, not their parents.
        for c in &s.children {
            if c.label.as_ref().and_then(|l| l.keyword.as_deref()) == Some("指標") {
                assert!(c.children.is_empty());
            }
        }
    }
    // Sheet 631 writes its parts 6, 8, 7, 9: a warning, not a broken tree.
    assert!(doc
        .warnings
        .iter()
        .any(|w| w.code.as_str() == "outline.number_jump"));
}

#[test]
fn asaka_policy_levels_and_history_list() {
    let doc = parse_seed("000");
    assert_eq!(top_labels(&doc), vec!["1", "2", "3", "4", "5", "6"]);
    let two = find(&doc, &["3", "(2)"]);
    let circled: Vec<String> = two
        .children
        .iter()
        .map(|c| c.label.as_ref().map(|l| norm(&l.raw)).unwrap_or_default())
        .collect();
    assert_eq!(circled, vec!["①", "②", "③"]);
    let six = find(&doc, &["6"]);
    assert_eq!(
        numbers(&six.children.iter().collect::<Vec<_>>()),
        vec![1, 2, 3, 4, 5]
    );
    assert!(six.children[1].title.starts_with("第2次朝霞市行政改革大綱"));
    // Numbered sentences under 5 are list items, not sections.
    let five = find(&doc, &["5"]);
    assert!(five.children.is_empty());
    assert!(five.blocks.iter().any(|b| b.kind == BlockKind::List));
}

/// Issue 10's loss check: every non-whitespace character is placed, on every seed and plan.
#[test]
fn nothing_unplaced_in_seeds_and_plans() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["seeds", "corpus/plans"] {
        for e in std::fs::read_dir(root.join(dir)).expect("dir").flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "txt" || x == "pdf") {
                files.push(p);
            }
        }
    }
    files.sort();
    assert!(files.len() >= 5);
    for f in files {
        let doc = parse_file(&f, &Options::default()).expect("parses");
        let unplaced: Vec<_> = doc
            .warnings
            .iter()
            .filter(|w| w.code.as_str() == "text.unplaced")
            .collect();
        assert!(unplaced.is_empty(), "{}: {unplaced:?}", f.display());
    }
}

/// Every non-blank, non-furniture line of a seed belongs to exactly one heading, block or TOC
/// entry.
#[test]
fn every_line_in_exactly_one_place() {
    for prefix in ["000", "001", "002", "003", "004"] {
        let path = seed(prefix);
        let doc = parse_file(&path, &Options::default()).expect("parses");
        let text = jplan::ingest::ingest_file(&path, &Default::default()).expect("ingest");
        let mut count: BTreeMap<(u32, u32), u32> = BTreeMap::new();
        let mut mark = |page: u32, a: u32, b: u32| {
            for l in a..=b {
                *count.entry((page, l)).or_insert(0) += 1;
            }
        };
        for e in &doc.toc {
            mark(e.span.page, e.span.line_start, e.span.line_end);
        }
        fn walk(s: &Section, mark: &mut dyn FnMut(u32, u32, u32)) {
            if s.label.is_some() {
                // The heading line (and title lines) come before the first block.
                let end = s
                    .blocks
                    .iter()
                    .map(|b| b.span.line_start)
                    .chain(s.children.iter().map(|c| c.span.line_start))
                    .min()
                    .map_or(s.span.line_start, |m| {
                        m.saturating_sub(1).max(s.span.line_start)
                    });
                let _ = end;
                mark(s.span.page, s.span.line_start, s.span.line_start);
            }
            for b in &s.blocks {
                mark(b.span.page, b.span.line_start, b.span.line_end);
            }
            for c in &s.children {
                walk(c, mark);
            }
        }
        for s in &doc.sections {
            walk(s, &mut mark);
        }
        let titles: Vec<String> = all(&doc).iter().map(|(_, s)| s.title.clone()).collect();
        for page in &text.pages {
            for (i, line) in page.lines.iter().enumerate() {
                let n = i as u32 + 1;
                let c = count.get(&(page.number, n)).copied().unwrap_or(0);
                if line.text.trim().is_empty() || line.furniture {
                    continue;
                }
                assert!(c <= 1, "{prefix}: line {n} placed {c} times: {}", line.text);
                if c == 0 {
                    // Only the wrapped title lines of a heading are not counted on their own.
                    let t = jplan::normalize::normalize_str(
                        line.text.trim(),
                        &jplan::Rules::defaults().chars,
                        &jplan::Rules::defaults().numbering,
                    );
                    assert!(
                        titles.iter().any(|x| x.contains(t.trim()))
                            // the 目次 heading of the TOC
                            || (t.contains("目次") && !doc.toc.is_empty()),
                        "{prefix}: line {n} placed nowhere: {}",
                        line.text
                    );
                }
            }
        }
    }
}

#[test]
fn sentences_starting_with_numbers_are_not_headings() {
    let doc = parse_text(
        "1 計画の概要\n\n3年間を計画期間とし、毎年度見直します。\n\n1,500人に調査を行いました。\n\n2 推進体制\n\n(1) 庁内組織\n\n1 2 ③ 4 … おおむね順調\n",
    );
    assert_eq!(top_labels(&doc), vec!["1", "2"]);
    let two = find(&doc, &["2"]);
    assert_eq!(two.children.len(), 1);
    assert!(
        two.children[0].children.is_empty(),
        "a rating line is not a heading"
    );
}

#[test]
fn restart_under_new_parent_and_warnings_for_jumps() {
    let doc = parse_text(
        "第1章 総論\n\n1 目的\n\n本文です。\n\n2 背景\n\n第2章 各論\n\n1 取組\n\n3 評価\n\n3 評価の続き\n",
    );
    assert_eq!(top_labels(&doc), vec!["第1章", "第2章"]);
    let ch2 = find(&doc, &["第2章"]);
    assert_eq!(
        numbers(&ch2.children.iter().collect::<Vec<_>>()),
        vec![1, 3, 3]
    );
    let codes: Vec<&str> = doc.warnings.iter().map(|w| w.code.as_str()).collect();
    assert!(codes.contains(&"outline.number_jump"), "{codes:?}");
    assert!(codes.contains(&"outline.number_repeat"), "{codes:?}");
    let jump = doc
        .warnings
        .iter()
        .find(|w| w.code.as_str() == "outline.number_jump")
        .and_then(|w| w.span)
        .expect("span");
    assert_eq!(jump.line_start, 13);
}

#[test]
fn keyword_order_from_rules_and_bullets_as_lists() {
    // Another town's plan: 基本目標 > 施策 with ● bullets; ■ before a keyword is a heading.
    let doc = parse_text(
        "■施策1 窓口サービスの向上\n\n方向性1 手続の簡素化\n\n● 書かない窓口の導入\n● オンライン申請の拡大\n\n方向性2 情報発信\n\n■施策2 財政の健全化\n\n方向性1 歳入の確保\n",
    );
    let shisaku = with_keyword(&doc, "施策");
    assert_eq!(shisaku.len(), 2);
    assert_eq!(shisaku[0].1.children.len(), 2);
    let h1 = &shisaku[0].1.children[0];
    assert_eq!(h1.blocks.len(), 1);
    assert_eq!(h1.blocks[0].kind, BlockKind::List);
    assert_eq!(h1.blocks[0].items.as_ref().map(Vec::len), Some(2));
}

#[test]
fn toc_without_marker_and_leader_dots() {
    let doc = parse_text(
        "○○町行政改革大綱\n\n第1章 総則・・・・・・・・ 1\n第2章 取組・・・・・・・・ 3\n第3章 推進体制・・・・・・ 9\n\n第1章 総則\n\n本大綱は…を定める。\n\n第2章 取組\n\n第3章 推進体制\n",
    );
    let toc: Vec<(Option<&str>, &str, Option<u32>)> = doc
        .toc
        .iter()
        .map(|e| (e.label.as_deref(), e.title.as_str(), e.page))
        .collect();
    assert_eq!(
        toc,
        vec![
            (Some("第1章"), "総則", Some(1)),
            (Some("第2章"), "取組", Some(3)),
            (Some("第3章"), "推進体制", Some(9)),
        ]
    );
    assert_eq!(top_labels(&doc), vec!["第1章", "第2章", "第3章"]);
    assert!(!doc
        .warnings
        .iter()
        .any(|w| w.code.as_str() == "toc.no_heading"));
}

#[test]
fn toc_entry_without_body_heading_is_a_warning() {
    let doc = parse_text(
        "目次\n1 はじめに\t1\n2 計画の内容\t2\n3 おわりに\t5\n\n1 はじめに\n\n本文。\n\n2 計画の内容\n\n本文。\n",
    );
    assert_eq!(doc.toc.len(), 3);
    let w: Vec<_> = doc
        .warnings
        .iter()
        .filter(|w| w.code.as_str() == "toc.no_heading")
        .collect();
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].message.contains("おわりに"));
}

#[test]
fn summary_list_repeated_by_body_is_one_list() {
    let doc = parse_text(
        "1 体系\n\n施策1 A\n取組項目1 a\n取組項目2 b\n施策2 B\n取組項目3 c\n\n2 計画\n\n施策1 A\n\n取組項目1 a\n\naの説明。\n\n取組項目2 b\n\nbの説明。\n\n施策2 B\n\n取組項目3 c\n\ncの説明。\n",
    );
    assert_eq!(with_keyword(&doc, "取組項目").len(), 3);
    let one = find(&doc, &["1"]);
    assert!(one.children.is_empty());
    assert_eq!(one.blocks.len(), 1);
    assert_eq!(one.blocks[0].items.as_ref().map(Vec::len), Some(5));
    let t2 = find(&doc, &["2", "施策1", "取組項目2"]);
    assert_eq!(t2.blocks[0].text.as_deref(), Some("bの説明。"));
}

#[test]
fn deep_nesting_is_capped() {
    fn depth(s: &Section) -> u32 {
        1 + s.children.iter().map(depth).max().unwrap_or(0)
    }
    // Eight schemes, each first seen below the previous one: eight levels deep.
    let text = "第1章 一\n第1節 二\n1 三\n(1) 四\n① 五\nア 六\n(ア) 七\na 八\n本文。\n";
    let doc = parse_text(text);
    assert_eq!(doc.sections.iter().map(depth).max(), Some(8));
    // With max_depth = 5 the deeper headings stay as text, with one warning, nothing lost.
    let mut opts = Options::default();
    opts.rules.keywords.max_depth = 5;
    let doc = parse_bytes(text.as_bytes(), Path::new("deep.txt"), &opts).expect("parses");
    assert_eq!(doc.sections.iter().map(depth).max(), Some(5));
    let codes: Vec<&str> = doc.warnings.iter().map(|w| w.code.as_str()).collect();
    assert_eq!(
        codes.iter().filter(|c| **c == "outline.too_deep").count(),
        1,
        "{codes:?}"
    );
    assert!(!codes.contains(&"text.unplaced"), "{codes:?}");
    // The hostile file: 10,000 nested labels stay within the default cap.
    let bad = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/bad/deep_nesting.txt");
    let doc = parse_file(&bad, &Options::default()).expect("parses");
    assert!(doc.sections.iter().map(depth).max().unwrap_or(0) <= 32);
}

#[test]
fn line_paths_and_ids_follow_the_tree() {
    let doc = parse_seed("004");
    let t24 = find(&doc, &["7", "施策2", "方向性2", "基本事業1", "取組項目24"]);
    assert_eq!(t24.id, "7/施策2/方向性2/基本事業1/取組項目24");
    assert_eq!(t24.level, 5);
}

#[test]
fn outline_format_prints_the_tree() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_jplan"))
        .args(["parse", "--format", "outline"])
        .arg(seed("004"))
        .output()
        .expect("runs");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("\n        取組項目24 市税等徴収率の維持"),
        "{text}"
    );
}

#[test]
fn parse_check_passes_on_a_seed() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_jplan"))
        .args(["parse", "--check", "-o"])
        .arg(std::env::temp_dir().join(format!("jplan-check-{}.json", std::process::id())))
        .arg(seed("003"))
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("loss check: 0 line(s)"), "{err}");
}

#[test]
fn loss_check_reports_text_the_outline_dropped() {
    use jplan::normalize::normalize_doc;
    let bytes = "1 はじめに\n\n本文の一行目。\n二行目。\n".as_bytes();
    let ex = jplan::ingest::ingest_bytes(bytes, Path::new("x.txt"), &Default::default())
        .expect("ingest");
    let rules = jplan::Rules::defaults().clone();
    let norm = normalize_doc(&ex, &rules.chars, &rules.numbering);
    let mut outline = jplan::outline::build(&norm, &rules.keywords, &rules.numbering);
    assert!(jplan::outline::unplaced(&norm, &outline).is_empty());
    // Drop the paragraph: the check must notice.
    outline.sections[0].blocks.clear();
    let w = jplan::outline::unplaced(&norm, &outline);
    assert!(!w.is_empty());
    assert!(w
        .iter()
        .all(|w| w.code.as_str() == "text.unplaced" && w.span.is_some()));
}

#[test]
fn loss_check_names_the_lost_and_the_duplicated_paragraph_by_page_and_line() {
    use jplan::normalize::normalize_doc;
    let text = "1 はじめに\n\n計画の目的を述べる。\n\n2 現状\n\n財政の状況は厳しい。\n\u{c}3 取組\n\n窓口の見直しを進める。\n\n4 推進\n\n毎年度検証する。\n";
    let ex = jplan::ingest::ingest_bytes(text.as_bytes(), Path::new("x.txt"), &Default::default())
        .expect("ingest");
    let rules = jplan::Rules::defaults().clone();
    let norm = normalize_doc(&ex, &rules.chars, &rules.numbering);
    let mut outline = jplan::outline::build(&norm, &rules.keywords, &rules.numbering);
    assert_eq!(jplan::outline::unplaced(&norm, &outline), vec![]);
    // Drop the paragraph of section 2 (page 1, line 7) and place the paragraph of
    // section 3 (page 2) a second time: the multiset of all placed characters is unchanged
    // in size, but both faults are found where they are.
    let dropped = outline.sections[1].blocks.remove(0);
    assert_eq!(dropped.span.page, 1);
    let dup = outline.sections[2].blocks[0].clone();
    assert_eq!(dup.span.page, 2);
    outline.sections[2].blocks.push(dup.clone());
    let w = jplan::outline::unplaced(&norm, &outline);
    let lost: Vec<_> = w
        .iter()
        .filter(|w| w.code.as_str() == "text.unplaced")
        .collect();
    let twice: Vec<_> = w
        .iter()
        .filter(|w| w.code.as_str() == "text.duplicated")
        .collect();
    assert_eq!(lost.len(), 1, "{w:?}");
    assert_eq!(lost[0].span, Some(dropped.span), "{w:?}");
    assert!(
        lost[0].message.contains("財政の状況は厳しい"),
        "{}",
        lost[0].message
    );
    assert_eq!(twice.len(), 1, "{w:?}");
    assert_eq!(twice[0].span, Some(dup.span), "{w:?}");
    assert_eq!(w.len(), 2, "{w:?}");
}

#[test]
fn oversized_table_stays_text_with_a_warning() {
    let text = "1 表\n\n1\t2\t3\n4\t5\t6\n7\t8\t9\n";
    let doc = parse_text(text);
    assert_eq!(doc.tables.len(), 1);
    let mut opts = Options::default();
    opts.rules.keywords.max_table_cells = 4;
    let doc = parse_bytes(text.as_bytes(), Path::new("big.txt"), &opts).expect("parses");
    assert!(doc.tables.is_empty());
    let codes: Vec<&str> = doc.warnings.iter().map(|w| w.code.as_str()).collect();
    assert!(codes.contains(&"table.too_large"), "{codes:?}");
    assert!(!codes.contains(&"text.unplaced"), "{codes:?}");
}

#[test]
fn numeric_rows_at_the_start_are_not_a_toc() {
    let doc = parse_text("年度\t件数\n2021\t12\n2022\t15\n2023\t18\n\n1 概要\n\n本文。\n");
    assert!(doc.toc.is_empty(), "{:?}", doc.toc);
    assert_eq!(doc.tables.len(), 1);
}
