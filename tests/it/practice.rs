//! Scores jplan against the practice plans of `corpus/practice/` (plans written for this test
//! in the layouts of real municipal plans, each with a labels file made by `make.py`) and fails
//! when a score falls below the figures of docs/outline.md (section *Practice set*). Prints every figure:
//! `cargo test --release --test it practice:: -- --nocapture`.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use jplan::model::{PlanDocument, Section};
use jplan::{parse_file, Options};
use serde_json::Value;

fn practice_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/practice")
}

/// Text compared without spaces and with full-width ASCII folded to half width.
fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// A heading's key: its label (without a trailing separator) or, without one, its title.
fn key(s: &Section) -> String {
    match &s.label {
        Some(l) => fold(&l.raw)
            .trim_end_matches(['.', '、', ':', '．'])
            .to_string(),
        None => fold(&s.title),
    }
}

fn walk(s: &Section, path: &[String], out: &mut Vec<(Vec<String>, String)>) {
    let mut p = path.to_vec();
    p.push(key(s));
    out.push((p.clone(), fold(&s.title)));
    for c in &s.children {
        walk(c, &p, out);
    }
}

/// Hits and totals of one plan (or a sum of plans).
#[derive(Default, Clone, Copy)]
struct Score {
    headings: (usize, usize),
    top: (usize, usize),
    invented: usize,
    items: (usize, usize),
    toc: (usize, usize),
    meta: (usize, usize),
    dates: (usize, usize),
}

impl Score {
    fn add(&mut self, o: &Score) {
        let add = |a: &mut (usize, usize), b: (usize, usize)| {
            a.0 += b.0;
            a.1 += b.1;
        };
        add(&mut self.headings, o.headings);
        add(&mut self.top, o.top);
        self.invented += o.invented;
        add(&mut self.items, o.items);
        add(&mut self.toc, o.toc);
        add(&mut self.meta, o.meta);
        add(&mut self.dates, o.dates);
    }

    /// headings, invented (share of labelled headings), items, toc, meta, dates.
    fn rates(&self) -> [f64; 6] {
        let r = |(a, b): (usize, usize)| if b == 0 { 1.0 } else { a as f64 / b as f64 };
        [
            r(self.headings),
            if self.headings.1 == 0 {
                0.0
            } else {
                self.invented as f64 / self.headings.1 as f64
            },
            r(self.items),
            r(self.toc),
            r(self.meta),
            r(self.dates),
        ]
    }

    fn line(&self, name: &str) -> String {
        let f = |(a, b): (usize, usize)| format!("{a:>3}/{b:<3}");
        format!(
            "{name:<28} headings {} top {} invented {:>3} items {} toc {} meta {} dates {}",
            f(self.headings),
            f(self.top),
            self.invented,
            f(self.items),
            f(self.toc),
            f(self.meta),
            f(self.dates)
        )
    }
}

fn score(doc: &PlanDocument, labels: &Value, misses: &mut Vec<String>) -> Score {
    let mut sc = Score::default();
    let mut got = Vec::new();
    for s in &doc.sections {
        walk(s, &[], &mut got);
    }
    let mut want_paths = HashSet::new();
    for h in labels["headings"].as_array().into_iter().flatten() {
        let path: Vec<String> = h["path"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(fold)
            .collect();
        let title = fold(h["title"].as_str().unwrap_or_default());
        let ok = got.iter().any(|(p, t)| *p == path && *t == title);
        sc.headings.1 += 1;
        sc.headings.0 += ok as usize;
        if path.len() == 1 {
            sc.top.1 += 1;
            sc.top.0 += ok as usize;
        }
        if !ok {
            misses.push(format!("heading {} {title}", path.join(" › ")));
        }
        want_paths.insert(path);
    }
    for (p, t) in &got {
        // The front matter before the first heading is a section without label or title.
        if p.len() == 1 && p[0].is_empty() && t.is_empty() {
            continue;
        }
        if !want_paths.contains(p) {
            sc.invented += 1;
            misses.push(format!("invented {} {t}", p.join(" › ")));
        }
    }

    for it in labels["items"].as_array().into_iter().flatten() {
        let id = fold(it["id"].as_str().unwrap_or_default());
        let title = fold(it["title"].as_str().unwrap_or_default());
        let mut depts: Vec<String> = it["departments"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(fold)
            .collect();
        depts.sort();
        let ok = doc.items.iter().any(|i| {
            let mut d: Vec<String> = i.departments.iter().map(|d| fold(d)).collect();
            d.sort();
            fold(&i.id) == id && fold(&i.title) == title && d == depts
        });
        sc.items.1 += 1;
        sc.items.0 += ok as usize;
        if !ok {
            let found = doc
                .items
                .iter()
                .find(|i| fold(&i.id) == id)
                .map(|i| format!(" (got {} / {})", i.title, i.departments.join(",")));
            misses.push(format!("item {id} {title}{}", found.unwrap_or_default()));
        }
    }

    for e in labels["toc"].as_array().into_iter().flatten() {
        let title = fold(e["title"].as_str().unwrap_or_default());
        let page = e["page"].as_u64().map(|p| p as u32);
        let ok = doc.toc.iter().any(|t| {
            fold(&format!("{}{}", t.label.as_deref().unwrap_or(""), t.title)) == title
                && t.page == page
        });
        sc.toc.1 += 1;
        sc.toc.0 += ok as usize;
        if !ok {
            misses.push(format!("toc {title} p.{}", page.unwrap_or(0)));
        }
    }

    let m = &labels["meta"];
    let meta = &doc.meta;
    let mut check = |field: &str, want: Option<&str>, got: Option<String>| {
        if let Some(w) = want {
            sc.meta.1 += 1;
            if got.as_deref().map(fold) == Some(fold(w)) {
                sc.meta.0 += 1;
            } else {
                misses.push(format!("meta {field} {w} (got {got:?})"));
            }
        }
    };
    check(
        "municipality",
        m["municipality"].as_str(),
        meta.municipality.as_ref().map(|x| x.name.clone()),
    );
    check(
        "prefecture",
        m["prefecture"].as_str(),
        meta.municipality
            .as_ref()
            .and_then(|x| x.prefecture.clone()),
    );
    check("title", m["title"].as_str(), meta.title.clone());
    check("issued", m["issued"].as_str(), meta.issued.clone());
    let want_period = m["period_start"]
        .as_str()
        .map(|s| format!("{s}-{}", m["period_end"].as_str().unwrap_or("")));
    let got_period = meta.period.as_ref().map(|p| {
        format!(
            "{}-{}",
            p.start_fy,
            p.end_fy.map(|e| e.to_string()).unwrap_or_default()
        )
    });
    check("period", want_period.as_deref(), got_period);

    let mut pool: BTreeMap<String, usize> = BTreeMap::new();
    for d in &doc.dates {
        *pool.entry(d.iso.clone()).or_default() += 1;
    }
    for d in labels["dates"].as_array().into_iter().flatten() {
        let iso = d["iso"].as_str().unwrap_or_default();
        let iso = if d["fiscal"].as_bool() == Some(true) {
            format!("FY{iso}")
        } else {
            iso.to_string()
        };
        sc.dates.1 += 1;
        match pool.get_mut(&iso) {
            Some(n) if *n > 0 => {
                *n -= 1;
                sc.dates.0 += 1;
            }
            _ => misses.push(format!("date {iso}")),
        }
    }
    sc
}

/// The thresholds of docs/outline.md: rows `| tuning | … |` and `| held-out | … |` of the table after
/// the line `<!-- practice-thresholds -->`.
fn thresholds() -> BTreeMap<String, [f64; 6]> {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/outline.md"))
            .expect("docs/outline.md");
    let mut out = BTreeMap::new();
    let Some(start) = readme.find("<!-- practice-thresholds -->") else {
        panic!("docs/outline.md has no <!-- practice-thresholds --> table");
    };
    for line in readme[start..].lines().skip(1) {
        let cells: Vec<&str> = line
            .trim()
            .trim_matches('|')
            .split('|')
            .map(str::trim)
            .collect();
        if !line.trim_start().starts_with('|') {
            if !out.is_empty() {
                break;
            }
            continue;
        }
        let vals: Vec<f64> = cells[1..]
            .iter()
            .filter_map(|c| c.trim_end_matches('%').parse::<f64>().ok())
            .map(|v| v / 100.0)
            .collect();
        if let Ok(v) = <[f64; 6]>::try_from(vals) {
            out.insert(cells[0].to_string(), v);
        }
    }
    out
}

#[test]
fn practice_scores_hold_the_documented_figures() {
    let dir = practice_dir();
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("corpus/practice/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    names.sort();
    assert!(names.len() >= 12, "at least 12 practice plans");
    let mut sums: BTreeMap<&str, Score> = BTreeMap::new();
    for path in &names {
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let labels: Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join(format!("{stem}.labels.json"))).expect("labels file"),
        )
        .expect("labels JSON");
        let doc = parse_file(path, &Options::default()).expect("practice plan parses");
        let mut misses = Vec::new();
        let sc = score(&doc, &labels, &mut misses);
        println!("{}", sc.line(stem));
        for m in &misses {
            println!("    {m}");
        }
        let set = if labels["held_out"].as_bool() == Some(true) {
            "held-out"
        } else {
            "tuning"
        };
        sums.entry(set).or_default().add(&sc);
    }
    let limits = thresholds();
    let mut failures = Vec::new();
    for (set, sc) in &sums {
        println!("{}", sc.line(set));
        let r = sc.rates();
        println!(
            "{set}: headings {:.1}% invented {:.1}% items {:.1}% toc {:.1}% meta {:.1}% dates {:.1}%",
            r[0] * 100.0,
            r[1] * 100.0,
            r[2] * 100.0,
            r[3] * 100.0,
            r[4] * 100.0,
            r[5] * 100.0
        );
        let Some(lim) = limits.get(*set) else {
            failures.push(format!("docs/outline.md has no thresholds for {set}"));
            continue;
        };
        let names = ["headings", "invented", "items", "toc", "meta", "dates"];
        for i in 0..6 {
            // invented is a ceiling, the others are floors; 0.05 points of slack for rounding
            let bad = if i == 1 {
                r[i] > lim[i] + 0.0005
            } else {
                r[i] + 0.0005 < lim[i]
            };
            if bad {
                failures.push(format!(
                    "{set} {}: {:.1}% against docs/outline.md's {:.1}%",
                    names[i],
                    r[i] * 100.0,
                    lim[i] * 100.0
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
