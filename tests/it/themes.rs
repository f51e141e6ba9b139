//! Reform themes: precision and recall of `rules/themes.toml` on the labelled items of
//! `corpus/themes/` (per theme and overall, on the tuning and the held-out part), the themes
//! of parsed seeds with their evidence and lines, the `item_themes` / `theme_counts`
//! datasets, the batch report (opened in headless Chromium when installed), and themes in
//! `diff`.

use crate::common::{jplan_cmd, root};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use jplan::batch::DatasetRow;
use jplan::diff::{diff_plans, ChangeKind, Target};
use jplan::Rules;

/// The figures docs/themes.md states; the test fails below them.
const TUNE_MIN_PRECISION: f64 = 0.93;
const TUNE_MIN_RECALL: f64 = 0.90;
const HOLDOUT_MIN_PRECISION: f64 = 0.82;
const HOLDOUT_MIN_RECALL: f64 = 0.80;
const ALL_MIN_PRECISION: f64 = 0.90;
const ALL_MIN_RECALL: f64 = 0.85;

/// A labelled item.
#[derive(Debug)]
struct Labelled {
    source: String,
    holdout: bool,
    title: String,
    description: String,
    expected: BTreeSet<String>,
}

fn split_ids(s: &str) -> BTreeSet<String> {
    s.split(',')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(String::from)
        .collect()
}

/// `written.txt`: `title | description | ids`, held out after `## holdout`.
fn read_written() -> Vec<Labelled> {
    let text = std::fs::read_to_string(root().join("corpus/themes/written.txt")).unwrap();
    let mut holdout = false;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim() == "## holdout" {
            holdout = true;
            continue;
        }
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let parts: Vec<&str> = line.split(" | ").collect();
        assert_eq!(parts.len(), 3, "written.txt line {}: {line}", n + 1);
        out.push(Labelled {
            source: format!("written.txt:{}", n + 1),
            holdout,
            title: parts[0].trim().to_string(),
            description: parts[1].trim().to_string(),
            expected: split_ids(parts[2]),
        });
    }
    out
}

/// `seeds.tsv`: `source  item_id  set  title  description  ids` (tab-separated, header line).
fn read_seeds() -> Vec<Labelled> {
    let text = std::fs::read_to_string(root().join("corpus/themes/seeds.tsv")).unwrap();
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let parts: Vec<&str> = line.split('\t').collect();
        assert_eq!(parts.len(), 6, "seeds.tsv line {}: {line}", n + 1);
        out.push(Labelled {
            source: format!("{} {}", parts[0], parts[1]),
            holdout: parts[2] == "holdout",
            title: parts[3].to_string(),
            description: parts[4].to_string(),
            expected: split_ids(parts[5]),
        });
    }
    out
}

fn labelled() -> Vec<Labelled> {
    let mut v = read_seeds();
    v.extend(read_written());
    v
}

#[derive(Default, Clone, Copy)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Counts {
    fn precision(&self) -> f64 {
        if self.tp + self.fp == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        }
    }
    fn recall(&self) -> f64 {
        if self.tp + self.fn_ == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fn_) as f64
        }
    }
}

/// Per theme and overall (micro) counts of the rules' predictions on `items`; prints the
/// errors and the table.
fn score(items: &[&Labelled], what: &str) -> (BTreeMap<String, Counts>, Counts) {
    let rules = &Rules::defaults().themes;
    let mut per: BTreeMap<String, Counts> = BTreeMap::new();
    let mut all = Counts::default();
    for it in items {
        let desc = (!it.description.is_empty()).then_some(it.description.as_str());
        let found = rules.find_item(&it.title, desc);
        let got: BTreeSet<String> = found
            .iter()
            .map(|f| rules.themes[f.theme].id.clone())
            .collect();
        for id in got.union(&it.expected) {
            let c = per.entry(id.clone()).or_default();
            match (got.contains(id), it.expected.contains(id)) {
                (true, true) => {
                    c.tp += 1;
                    all.tp += 1;
                }
                (true, false) => {
                    c.fp += 1;
                    all.fp += 1;
                    let ev = found
                        .iter()
                        .find(|f| &rules.themes[f.theme].id == id)
                        .map(|f| f.evidence.clone())
                        .unwrap_or_default();
                    eprintln!("{what} FP {id} ({ev}) {}: {}", it.source, it.title);
                }
                (false, true) => {
                    c.fn_ += 1;
                    all.fn_ += 1;
                    eprintln!("{what} FN {id} {}: {}", it.source, it.title);
                }
                (false, false) => {}
            }
        }
    }
    eprintln!("{what}: {} items", items.len());
    for (id, c) in &per {
        eprintln!(
            "{what} {id:<24} P {:.2} R {:.2} (tp {} fp {} fn {})",
            c.precision(),
            c.recall(),
            c.tp,
            c.fp,
            c.fn_
        );
    }
    eprintln!(
        "{what} overall P {:.3} R {:.3} (tp {} fp {} fn {})",
        all.precision(),
        all.recall(),
        all.tp,
        all.fp,
        all.fn_
    );
    (per, all)
}

#[test]
fn labelled_set_is_large_enough_and_uses_known_theme_ids() {
    let items = labelled();
    assert!(items.len() >= 150, "{} labelled items", items.len());
    let holdout = items.iter().filter(|i| i.holdout).count();
    assert!(holdout >= 30, "{holdout} held-out items");
    let rules = &Rules::defaults().themes;
    for it in &items {
        for id in &it.expected {
            assert!(rules.get(id).is_some(), "{}: unknown theme {id}", it.source);
        }
    }
    // Every theme of the rules is expected somewhere, and some items have none.
    for t in &rules.themes {
        assert!(
            items.iter().any(|i| i.expected.contains(&t.id)),
            "theme {} has no labelled item",
            t.id
        );
    }
    assert!(items.iter().any(|i| i.expected.is_empty()));
}

#[test]
fn themes_reach_the_readme_precision_and_recall_on_the_tuning_set() {
    let items = labelled();
    let tune: Vec<&Labelled> = items.iter().filter(|i| !i.holdout).collect();
    let (_, all) = score(&tune, "tune");
    assert!(
        all.precision() >= TUNE_MIN_PRECISION,
        "precision {:.3}",
        all.precision()
    );
    assert!(
        all.recall() >= TUNE_MIN_RECALL,
        "recall {:.3}",
        all.recall()
    );
}

#[test]
fn themes_reach_the_readme_precision_and_recall_on_the_held_out_set() {
    let items = labelled();
    let held: Vec<&Labelled> = items.iter().filter(|i| i.holdout).collect();
    let (_, all) = score(&held, "holdout");
    assert!(
        all.precision() >= HOLDOUT_MIN_PRECISION,
        "precision {:.3}",
        all.precision()
    );
    assert!(
        all.recall() >= HOLDOUT_MIN_RECALL,
        "recall {:.3}",
        all.recall()
    );
}

#[test]
fn themes_reach_the_readme_precision_and_recall_on_all_labelled_items() {
    let items = labelled();
    let all_items: Vec<&Labelled> = items.iter().collect();
    let (per, all) = score(&all_items, "all");
    assert!(
        all.precision() >= ALL_MIN_PRECISION,
        "precision {:.3}",
        all.precision()
    );
    assert!(all.recall() >= ALL_MIN_RECALL, "recall {:.3}", all.recall());
    // No theme is useless: each finds at least half of its labelled items.
    for (id, c) in &per {
        assert!(c.recall() >= 0.5, "{id}: recall {:.2}", c.recall());
    }
}

fn seed(name: &str) -> jplan::PlanDocument {
    let dir = root().join("seeds");
    let path = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(name))
        .unwrap();
    jplan::parse_file(&path, &jplan::Options::default()).unwrap()
}

#[test]
fn parsed_items_carry_themes_with_evidence_on_their_line() {
    let doc = seed("004_");
    let source = std::fs::read_to_string(
        std::fs::read_dir(root().join("seeds"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("004_"))
            .unwrap(),
    )
    .unwrap();
    let lines: Vec<&str> = source.lines().collect();
    let mut themed = 0;
    for it in &doc.items {
        for t in &it.themes {
            themed += 1;
            assert!(
                it.title.contains(&t.evidence)
                    || it
                        .description
                        .as_deref()
                        .unwrap_or("")
                        .contains(&t.evidence),
                "{}: evidence {} not in the item",
                it.id,
                t.evidence
            );
            // The span is inside the item and its line holds the evidence (spaces aside).
            assert_eq!(t.span.page, it.span.page);
            assert!(t.span.line_start >= it.span.line_start && t.span.line_end <= it.span.line_end);
            let text: String = lines[(t.span.line_start - 1) as usize..t.span.line_end as usize]
                .concat()
                .split_whitespace()
                .collect();
            let ev: String = t.evidence.split_whitespace().collect();
            assert!(text.contains(&ev), "{} {}: line {:?}", it.id, t.id, t.span);
        }
    }
    assert!(themed >= 20, "{themed} themes on the seed's items");
    // Items without a phrase of any theme keep an empty list.
    assert!(doc.items.iter().any(|i| i.themes.is_empty()));
}

#[test]
fn rules_dir_replaces_the_theme_file() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("themes-rules");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("themes.toml"),
        "[[theme]]\nid = \"library\"\nname_ja = \"図書館\"\nname_en = \"Libraries\"\ndefinition = \"x\"\nsignals = [\"図書館\"]\n",
    )
    .unwrap();
    let rules = Rules::load(Some(&dir)).unwrap();
    assert_eq!(rules.themes.themes.len(), 1);
    let f = rules.themes.find_item("新設図書館の整備", None);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].evidence, "図書館");
    std::fs::write(
        dir.join("themes.toml"),
        "[[theme]]\nid = \"a\"\nname_ja = 1\n",
    )
    .unwrap();
    let e = Rules::load(Some(&dir)).unwrap_err().to_string();
    assert!(e.contains("themes.toml") && e.contains("line 3"), "{e}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// `jplan batch corpus/plans -o OUT --report` in a scratch folder.
fn batch_with_report(name: &str) -> PathBuf {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("themes-{name}"));
    let _ = std::fs::remove_dir_all(&out);
    let input = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("themes-{name}-in"));
    let _ = std::fs::remove_dir_all(&input);
    std::fs::create_dir_all(&input).unwrap();
    for e in std::fs::read_dir(root().join("corpus/plans")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, input.join(p.file_name().unwrap())).unwrap();
    }
    std::fs::copy(
        root().join("corpus/pdf/scanned.pdf"),
        input.join("scanned.pdf"),
    )
    .unwrap();
    let o = jplan_cmd()
        .args(["batch", "--quiet", "--report", "-o"])
        .arg(&out)
        .arg(&input)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    out
}

#[test]
fn datasets_have_item_themes_and_theme_counts() {
    let out = batch_with_report("datasets");
    let mut r = csv::Reader::from_path(out.join("datasets/item_themes.csv")).unwrap();
    let headers = r.headers().unwrap().clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        jplan::batch::ItemThemeRow::COLUMNS
    );
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert!(rows.len() > 30, "{} item_themes rows", rows.len());
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    // Every row names a known theme, its Japanese name and a non-empty evidence.
    let rules = &Rules::defaults().themes;
    for row in &rows {
        let t = rules.get(&row[col("theme_id")]).unwrap();
        assert_eq!(&row[col("theme_name_ja")], t.name_ja);
        assert!(!row[col("evidence")].is_empty());
    }
    // theme_counts: one row per plan and theme; its counts agree with item_themes.
    let mut r = csv::Reader::from_path(out.join("datasets/theme_counts.csv")).unwrap();
    let h2 = r.headers().unwrap().clone();
    let counts: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    let plans = std::fs::read_to_string(out.join("datasets/plans.jsonl"))
        .unwrap()
        .lines()
        .count();
    assert_eq!(counts.len(), plans * rules.themes.len());
    let c2 = |name: &str| h2.iter().position(|h| h == name).unwrap();
    for c in &counts {
        let n: usize = c[c2("items")].parse().unwrap();
        let mut items: BTreeSet<&str> = BTreeSet::new();
        for row in rows.iter().filter(|r| {
            r[col("source_path")] == c[c2("source_path")] && r[col("theme_id")] == c[c2("theme_id")]
        }) {
            items.insert(row.get(col("item_index")).unwrap());
        }
        assert_eq!(items.len(), n, "{:?}", c);
    }
}

#[test]
fn report_is_one_page_with_charts_and_plan_table() {
    let out = batch_with_report("report");
    let page = out.join("report.html");
    let html = std::fs::read_to_string(&page).unwrap();
    for id in [
        "chart-overall",
        "chart-by-year",
        "chart-by-prefecture",
        "plans",
    ] {
        assert!(html.contains(&format!("id=\"{id}\"")), "{id}");
    }
    assert!(
        html.contains("needs OCR"),
        "the scanned PDF is listed as needing OCR"
    );
    assert!(
        !html.contains("http://") || !html.contains("src=\"http"),
        "no external asset"
    );
    assert!(!html.contains("<script"));
    // `jplan report OUT -o FILE` writes the same page.
    let other = out.join("again.html");
    let o = jplan_cmd()
        .arg("report")
        .arg(&out)
        .arg("-o")
        .arg(&other)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(std::fs::read_to_string(&other).unwrap(), html);

    let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .map(Path::new)
        .find(|p| p.exists());
    let Some(chromium) = chromium else {
        eprintln!("SKIPPED report in headless Chromium: /usr/bin/chromium not installed");
        return;
    };
    let profile = out.join("profile");
    std::fs::create_dir_all(&profile).unwrap();
    let common = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ];
    let dom = Command::new(chromium)
        .args(common)
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(
        dom.status.success(),
        "{}",
        String::from_utf8_lossy(&dom.stderr)
    );
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(
        dom.contains("<svg id=\"chart-by-year\""),
        "year chart in the DOM"
    );
    assert!(
        dom.contains("<svg id=\"chart-by-prefecture\""),
        "prefecture chart"
    );
    assert!(dom.matches("<rect").count() > 50, "chart cells drawn");
    assert!(dom.contains("<table id=\"plans\""), "plan table");
    let shot = out.join("report.png");
    let s = Command::new(chromium)
        .args(common)
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--screenshot={}", shot.display()))
        .arg("--window-size=1200,2000")
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(s.status.success(), "{}", String::from_utf8_lossy(&s.stderr));
    let png = std::fs::read(&shot).unwrap();
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "screenshot taken"
    );
}

#[test]
fn diff_says_which_themes_a_revision_gained_and_lost() {
    let mut old = seed("004_");
    let mut new = old.clone();
    // The revision adds a PFI item and drops every item with an outsourcing theme.
    let mut added = new.items[0].clone();
    added.id = "取組項目99".into();
    added.label = "取組項目99".into();
    added.title = "PFI手法による新庁舎の整備".into();
    added.description = None;
    added.span.line_start += 5000;
    added.span.line_end += 5000;
    added.themes = Rules::defaults()
        .themes
        .find_item(&added.title, None)
        .into_iter()
        .map(|f| jplan::model::ItemTheme {
            id: Rules::defaults().themes.themes[f.theme].id.clone(),
            evidence: f.evidence,
            span: added.span,
        })
        .collect();
    new.items.push(added);
    old.items
        .retain(|i| !i.themes.iter().any(|t| t.id == "ppp_pfi"));
    new.items
        .retain(|i| !i.themes.iter().any(|t| t.id == "designated_manager"));
    let had_dm = old
        .items
        .iter()
        .any(|i| i.themes.iter().any(|t| t.id == "designated_manager"));
    let d = diff_plans(&old, &new);
    let theme = |kind: ChangeKind, id: &str| {
        d.changes.iter().any(|c| {
            c.target == Target::Theme
                && c.kind == kind
                && c.new.iter().chain(&c.old).any(|s| s.path == id)
        })
    };
    assert!(theme(ChangeKind::Added, "ppp_pfi"), "{}", d.to_json());
    if had_dm {
        assert!(theme(ChangeKind::Removed, "designated_manager"));
    }
    // Swapping the versions swaps gained and lost.
    let back = diff_plans(&new, &old);
    assert!(back.changes.iter().any(|c| c.target == Target::Theme
        && c.kind == ChangeKind::Removed
        && c.old.iter().any(|s| s.path == "ppp_pfi")));
    // An item whose text gains a theme says so.
    let mut new2 = seed("004_");
    let old2 = seed("004_");
    let it = new2
        .items
        .iter_mut()
        .find(|i| !i.themes.iter().any(|t| t.id == "digital"))
        .unwrap();
    let label = it.label.clone();
    it.description = Some(format!(
        "{}あわせて電子申請を導入する。",
        it.description.clone().unwrap_or_default()
    ));
    it.themes.push(jplan::model::ItemTheme {
        id: "digital".into(),
        evidence: "電子申請".into(),
        span: it.span,
    });
    let d = diff_plans(&old2, &new2);
    let c = d
        .changes
        .iter()
        .find(|c| {
            c.target == Target::Item
                && c.new
                    .iter()
                    .any(|s| s.label.as_deref() == Some(label.as_str()))
        })
        .expect("the reworded item");
    assert_eq!(c.themes_gained, vec!["digital".to_string()]);
    assert!(c.themes_lost.is_empty());
}
