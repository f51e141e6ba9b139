//! Report: one self-contained HTML page about a batch output folder, for a researcher to
//! look at: the plans converted (municipality, period, status, including those that need
//! OCR) and charts of reform-theme prevalence overall, by plan start year and by prefecture,
//! drawn as inline SVG. No script, no external asset: the page opens without a network.
//!
//! It reads only what `jplan batch` wrote: `manifest.jsonl`, `datasets/plans.jsonl` and
//! `datasets/theme_counts.jsonl`. A theme's prevalence in a group is the share of the group's
//! plans with items in which at least one item has the theme; plans without items are listed
//! but not counted.

use crate::output::escape_html as esc;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::batch::datasets::{DatasetRow, PlanRow, ThemeCountRow};
use crate::batch::manifest::{self, ManifestEntry, Status, MANIFEST_FILE};
use crate::batch::DATASETS_DIR;
use crate::error::{Error, Result};
use crate::themes::ThemeRules;

/// The report's file name inside the output folder.
pub(crate) const REPORT_FILE: &str = "report.html";

/// Write the report of batch folder `out` to `dest` (default `out/report.html`); returns the
/// path written.
pub fn write(out: &Path, dest: Option<&Path>, themes: &ThemeRules) -> Result<PathBuf> {
    let html = build(out, themes)?;
    let dest = dest.map_or_else(|| out.join(REPORT_FILE), Path::to_path_buf);
    crate::output::write_atomic(&dest, html.as_bytes()).map_err(|source| Error::Io {
        path: dest.clone(),
        source,
    })?;
    Ok(dest)
}

fn read_jsonl<R: DatasetRow>(out: &Path) -> Result<Vec<R>> {
    let path = out.join(DATASETS_DIR).join(format!("{}.jsonl", R::TABLE));
    let text = std::fs::read_to_string(&path).map_err(|source| Error::Io {
        path: path.clone(),
        source,
    })?;
    let mut rows = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        rows.push(parse_line::<R>(line).map_err(|e| Error::Unsupported {
            path: path.clone(),
            reason: format!("line {}: not a {} row: {e}", i + 1, R::TABLE),
        })?);
    }
    Ok(rows)
}

fn parse_line<R: DeserializeOwned>(line: &str) -> std::result::Result<R, serde_json::Error> {
    serde_json::from_str(line)
}

/// One plan as the report shows it.
struct PlanView {
    path: String,
    municipality: Option<String>,
    prefecture: Option<String>,
    title: Option<String>,
    period: String,
    start_fy: Option<i32>,
    issued: Option<String>,
    status: &'static str,
    note: String,
    pages: u32,
    items: usize,
    without_theme: usize,
    /// Theme ids with at least one item.
    themes: BTreeSet<String>,
}

/// The report of batch folder `out` as HTML text.
pub(crate) fn build(out: &Path, themes: &ThemeRules) -> Result<String> {
    let manifest_path = out.join(MANIFEST_FILE);
    if !manifest_path.is_file() {
        return Err(Error::Unsupported {
            path: out.to_path_buf(),
            reason: format!("no {MANIFEST_FILE}: not the output folder of jplan batch"),
        });
    }
    let entries = manifest::read(&manifest_path);
    let plans: Vec<PlanRow> = read_jsonl(out)?;
    let counts: Vec<ThemeCountRow> = read_jsonl(out)?;
    let plan_by_path: BTreeMap<&str, &PlanRow> =
        plans.iter().map(|p| (p.source_path.as_str(), p)).collect();
    let mut counts_by_path: BTreeMap<&str, Vec<&ThemeCountRow>> = BTreeMap::new();
    for c in &counts {
        counts_by_path
            .entry(c.source_path.as_str())
            .or_default()
            .push(c);
    }
    let views: Vec<PlanView> = entries
        .values()
        .map(|e| {
            view(
                e,
                plan_by_path.get(e.path.as_str()).copied(),
                &counts_by_path,
            )
        })
        .collect();
    Ok(render(&views, themes))
}

fn view(
    e: &ManifestEntry,
    plan: Option<&PlanRow>,
    counts: &BTreeMap<&str, Vec<&ThemeCountRow>>,
) -> PlanView {
    let needs_ocr = e
        .warnings
        .iter()
        .any(|w| w.code == crate::model::WarningCode::PdfNoText.as_str());
    let (status, note) = match (&e.status, &e.error) {
        (Status::Error, Some(err)) => ("error", format!("[{}] {}", err.code, err.message)),
        (Status::Error, None) => ("error", String::new()),
        (Status::NeedsOcr, _) => ("needs OCR", "no extractable text".to_string()),
        _ if needs_ocr => ("needs OCR", "no extractable text".to_string()),
        (Status::Warning, _) => (
            "warning",
            e.warnings
                .iter()
                .map(|w| w.code.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        (Status::Ok, _) => ("ok", String::new()),
    };
    let period = match plan {
        Some(PlanRow {
            period_start_fy: Some(s),
            period_end_fy: Some(t),
            ..
        }) => format!("FY{s}–FY{t}"),
        Some(PlanRow {
            period_start_fy: Some(s),
            ..
        }) => format!("FY{s}–"),
        _ => String::new(),
    };
    let rows = counts.get(e.path.as_str());
    PlanView {
        path: e.path.clone(),
        municipality: plan.and_then(|p| p.municipality.clone()),
        prefecture: plan.and_then(|p| p.prefecture.clone()),
        title: plan.and_then(|p| p.title.clone()),
        period,
        start_fy: plan.and_then(|p| p.period_start_fy),
        issued: plan.and_then(|p| p.issued.clone()),
        status,
        note,
        pages: e.pages,
        items: e.items,
        without_theme: rows
            .and_then(|r| r.first())
            .map_or(0, |r| r.plan_items_without_theme),
        themes: rows
            .map(|r| {
                r.iter()
                    .filter(|c| c.items > 0)
                    .map(|c| c.theme_id.clone())
                    .collect()
            })
            .unwrap_or_default(),
    }
}

/// (group label, plans with items in the group, per theme: plans with the theme).
type Groups = Vec<(String, usize, Vec<usize>)>;

fn group_by(views: &[PlanView], ids: &[&str], key: impl Fn(&PlanView) -> String) -> Groups {
    let mut map: BTreeMap<String, (usize, Vec<usize>)> = BTreeMap::new();
    for v in views.iter().filter(|v| v.items > 0) {
        let slot = map.entry(key(v)).or_insert_with(|| (0, vec![0; ids.len()]));
        slot.0 += 1;
        for (k, id) in ids.iter().enumerate() {
            if v.themes.contains(*id) {
                slot.1[k] += 1;
            }
        }
    }
    map.into_iter().map(|(k, (n, c))| (k, n, c)).collect()
}

const LABEL_W: usize = 250;
const ROW_H: usize = 22;

/// A horizontal bar chart: one bar per theme, the share of all plans with items.
fn bar_chart(ids: &[(&str, &str)], all: &Groups) -> String {
    let (n, counts) = all
        .first()
        .map_or((0, vec![0; ids.len()]), |g| (g.1, g.2.clone()));
    let bar_w = 400;
    let w = LABEL_W + bar_w + 90;
    let h = ROW_H * ids.len() + 10;
    let mut s = format!(
        "<svg id=\"chart-overall\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-label=\"theme prevalence in all plans\">\n"
    );
    for (k, (_, name)) in ids.iter().enumerate() {
        let c = counts.get(k).copied().unwrap_or(0);
        let share = if n > 0 { c as f64 / n as f64 } else { 0.0 };
        let y = k * ROW_H + 5;
        let len = (share * bar_w as f64).round() as usize;
        s.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"lbl\">{}</text>",
            LABEL_W - 6,
            y + 15,
            esc(name)
        ));
        s.push_str(&format!(
            "<rect class=\"bar\" x=\"{LABEL_W}\" y=\"{}\" width=\"{len}\" height=\"{}\"><title>{}: {c} of {n} plans</title></rect>",
            y + 3,
            ROW_H - 6,
            esc(name)
        ));
        s.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" class=\"val\">{:.0}% ({c}/{n})</text>\n",
            LABEL_W + len + 4,
            y + 15,
            share * 100.0
        ));
    }
    s.push_str("</svg>\n");
    s
}

/// A heat map: themes down, groups across; each cell the share of the group's plans.
fn heat_map(id: &str, caption: &str, ids: &[(&str, &str)], groups: &Groups) -> String {
    let cell_w = 58;
    let head_h = 40;
    let w = LABEL_W + cell_w * groups.len().max(1) + 10;
    let h = head_h + ROW_H * ids.len() + 10;
    let mut s = format!(
        "<svg id=\"{id}\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-label=\"{}\">\n",
        esc(caption)
    );
    for (g, (label, n, _)) in groups.iter().enumerate() {
        let x = LABEL_W + g * cell_w + cell_w / 2;
        s.push_str(&format!(
            "<text x=\"{x}\" y=\"16\" text-anchor=\"middle\" class=\"lbl\">{}</text><text x=\"{x}\" y=\"32\" text-anchor=\"middle\" class=\"val\">n={n}</text>\n",
            esc(label)
        ));
    }
    for (k, (_, name)) in ids.iter().enumerate() {
        let y = head_h + k * ROW_H;
        s.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"lbl\">{}</text>",
            LABEL_W - 6,
            y + 15,
            esc(name)
        ));
        for (g, (label, n, counts)) in groups.iter().enumerate() {
            let c = counts.get(k).copied().unwrap_or(0);
            let share = if *n > 0 { c as f64 / *n as f64 } else { 0.0 };
            let x = LABEL_W + g * cell_w;
            // White (0%) to dark blue (100%).
            let light = 97.0 - share * 62.0;
            s.push_str(&format!(
                "<rect class=\"cell\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"hsl(215,70%,{light:.0}%)\"><title>{} · {}: {c} of {n} plans</title></rect>",
                x + 1,
                y + 1,
                cell_w - 2,
                ROW_H - 2,
                esc(name),
                esc(label)
            ));
            s.push_str(&format!(
                "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" class=\"{}\">{:.0}%</text>",
                x + cell_w / 2,
                y + 15,
                if share > 0.55 { "val inv" } else { "val" },
                share * 100.0
            ));
        }
        s.push('\n');
    }
    s.push_str("</svg>\n");
    s
}

const STYLE: &str = "body{font-family:'Noto Sans CJK JP','Hiragino Sans','Yu Gothic',sans-serif;margin:24px;color:#222}
h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ccc}
table{border-collapse:collapse;font-size:13px}th,td{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#eef2f7}td.num{text-align:right}
.status-error{color:#b00020;font-weight:bold}.status-needs-OCR{color:#a15c00;font-weight:bold}.status-warning{color:#555}
.chart .lbl{font-size:12px;fill:#222}.chart .val{font-size:11px;fill:#333}.chart .inv{fill:#fff}.chart .bar{fill:#3b6db3}
.facts span{display:inline-block;margin-right:18px}.note{color:#555;font-size:13px}";

fn render(views: &[PlanView], themes: &ThemeRules) -> String {
    // The rules' themes, then any theme the datasets hold that the rules do not list.
    let mut ids: Vec<(&str, &str)> = themes
        .themes
        .iter()
        .map(|t| (t.id.as_str(), t.name_ja.as_str()))
        .collect();
    for v in views {
        for t in &v.themes {
            if !ids.iter().any(|(id, _)| id == t) {
                ids.push((t.as_str(), t.as_str()));
            }
        }
    }
    let id_list: Vec<&str> = ids.iter().map(|(id, _)| *id).collect();
    let all = group_by(views, &id_list, |_| "all".into());
    let by_year = group_by(views, &id_list, |v| {
        v.start_fy.map_or("不明".into(), |y| format!("FY{y}"))
    });
    let by_pref = group_by(views, &id_list, |v| {
        v.prefecture.clone().unwrap_or_else(|| "不明".into())
    });

    let converted = views.iter().filter(|v| v.status != "error").count();
    let ocr = views.iter().filter(|v| v.status == "needs OCR").count();
    let errors = views.iter().filter(|v| v.status == "error").count();
    let items: usize = views.iter().map(|v| v.items).sum();
    let without: usize = views.iter().map(|v| v.without_theme).sum();
    let with_items = views.iter().filter(|v| v.items > 0).count();

    let mut h = String::new();
    h.push_str("<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n<title>jplan report</title>\n<style>\n");
    h.push_str(STYLE);
    h.push_str("\n</style>\n</head>\n<body>\n<h1>jplan report: 行財政改革計画の改革テーマ</h1>\n");
    h.push_str(&format!(
        "<p class=\"facts\" id=\"facts\"><span>inputs: <b>{}</b></span><span>converted: <b>{converted}</b></span><span>needs OCR: <b>{ocr}</b></span><span>errors: <b>{errors}</b></span><span>plans with items: <b>{with_items}</b></span><span>items: <b>{items}</b></span><span>items without a theme: <b>{without}</b></span></p>\n",
        views.len()
    ));
    h.push_str("<p class=\"note\">A theme's share is the share of plans with items in which at least one item has the theme (rules/themes.toml; every assignment has its evidence in datasets/item_themes.csv). Plans without items (scans that need OCR, failed inputs) are listed below but not counted.</p>\n");
    h.push_str("<h2>Theme prevalence, all plans</h2>\n");
    h.push_str(&bar_chart(&ids, &all));
    h.push_str("<h2>Theme prevalence by plan start year</h2>\n");
    h.push_str(&heat_map(
        "chart-by-year",
        "theme prevalence by plan start year",
        &ids,
        &by_year,
    ));
    h.push_str("<h2>Theme prevalence by prefecture</h2>\n");
    h.push_str(&heat_map(
        "chart-by-prefecture",
        "theme prevalence by prefecture",
        &ids,
        &by_pref,
    ));
    h.push_str("<h2>Plans</h2>\n<table id=\"plans\">\n<thead><tr><th>file</th><th>municipality</th><th>prefecture</th><th>title</th><th>period</th><th>issued</th><th>status</th><th>pages</th><th>items</th><th>without theme</th><th>themes</th></tr></thead>\n<tbody>\n");
    for v in views {
        let names: Vec<&str> = ids
            .iter()
            .filter(|(id, _)| v.themes.contains(*id))
            .map(|(_, n)| *n)
            .collect();
        let status = if v.note.is_empty() {
            esc(v.status)
        } else {
            format!(
                "{}<br><span class=\"note\">{}</span>",
                esc(v.status),
                esc(&v.note)
            )
        };
        h.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"status-{}\">{status}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>\n",
            esc(&v.path),
            esc(v.municipality.as_deref().unwrap_or("")),
            esc(v.prefecture.as_deref().unwrap_or("")),
            esc(v.title.as_deref().unwrap_or("")),
            esc(&v.period),
            esc(v.issued.as_deref().unwrap_or("")),
            v.status.replace(' ', "-"),
            v.pages,
            v.items,
            v.without_theme,
            esc(&names.join("、"))
        ));
    }
    h.push_str("</tbody>\n</table>\n<h2>Themes</h2>\n<table id=\"themes\">\n<thead><tr><th>id</th><th>名称</th><th>name</th><th>definition</th></tr></thead>\n<tbody>\n");
    for t in &themes.themes {
        h.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            esc(&t.id),
            esc(&t.name_ja),
            esc(&t.name_en),
            esc(&t.definition)
        ));
    }
    h.push_str("</tbody>\n</table>\n</body>\n</html>\n");
    h
}
