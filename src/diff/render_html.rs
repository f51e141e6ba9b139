//! HTML writer (`--format html`): a self-contained 新旧対照表 page (inline CSS, no script,
//! no external assets). New text (改正後) on the left, old text (改正前) on the right, as
//! Japanese government tables do; changed characters underlined and highlighted on both
//! sides; runs of unchanged sections and items folded into `<details>`; counts at the top;
//! changed tables shown as tables with their changed cells marked ([`super::render_tables`]).
//! All document text is escaped.

use super::{cell_parts, ChangeKind, PlanDiff, Row, RowSide, Target};
use crate::output::escape_html as esc;

const STYLE: &str = "\
body{font-family:'Hiragino Kaku Gothic ProN','Noto Sans CJK JP','Yu Gothic',Meiryo,sans-serif;margin:1.5em;color:#222;line-height:1.6}\
h1{font-size:1.5em;margin:0 0 .3em}h2{font-size:1.15em;margin:1.4em 0 .4em}\
.docs{margin:.2em 0;font-size:.9em;color:#444}.docs code{background:#f3f3f3;padding:0 .3em}\
table{border-collapse:collapse;width:100%;table-layout:fixed}\
th,td{border:1px solid #999;padding:.35em .5em;vertical-align:top;word-break:break-all;overflow-wrap:anywhere}\
th{background:#e8eef5;font-weight:600}\
col.k{width:8em}col.n,col.o{width:calc(50% - 4em)}\
table.summary{width:auto;table-layout:auto;margin:.4em 0}table.summary td,table.summary th{text-align:right;padding:.2em .6em}\
table.summary th:first-child,table.summary td:first-child{text-align:left}\
td.kind{font-size:.85em;color:#333;background:#fafafa}\
.lbl{font-weight:700;margin-right:.4em}.ttl{font-weight:700}.body{margin-top:.2em;white-space:pre-wrap}\
.dep{margin-top:.2em;font-size:.9em;color:#444}\
.moved{margin-top:.2em;font-size:.9em;color:#7a4b00}\
ins,.chg{text-decoration:underline;text-decoration-thickness:2px;background:#fff3a8}\
td.none{color:#888;text-align:center;vertical-align:middle}\
tr.added td.new,tr.removed td.old{background:#fffbe0}\
details.same{margin:0;border:1px solid #999;border-top:none;background:#fcfcfc}\
details.same>summary{cursor:pointer;padding:.3em .5em;color:#555;font-size:.9em}\
details.same table td{color:#444}\
";

/// Render `d` as a self-contained HTML 新旧対照表.
pub fn render_html(d: &PlanDiff) -> String {
    let mut out = String::with_capacity(4096 + d.rows.len() * 400);
    out.push_str("<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let doc_title = d
        .new
        .title
        .as_deref()
        .or(d.old.title.as_deref())
        .unwrap_or("");
    out.push_str(&format!(
        "<title>新旧対照表 {}</title>\n<style>{STYLE}{}</style>\n</head>\n<body>\n",
        esc(doc_title),
        super::render_tables::STYLE
    ));
    out.push_str("<h1>新旧対照表</h1>\n");
    for (name, r) in [("新（改正後）", &d.new), ("旧（改正前）", &d.old)] {
        out.push_str(&format!(
            "<p class=\"docs\">{name}: <code>{}</code> {}</p>\n",
            esc(&r.path),
            esc(r.title.as_deref().unwrap_or(""))
        ));
    }
    summary(d, &mut out);

    if !d.rows.is_empty() {
        out.push_str("<h2>見出し・取組</h2>\n");
        out.push_str(&format!(
            "<table class=\"head\">{COLS}<thead><tr><th>区分</th><th>新（改正後）</th><th>旧（改正前）</th></tr></thead></table>\n"
        ));
        let mut k = 0;
        while k < d.rows.len() {
            let changed = d.rows.get(k).is_some_and(|r| r.change.is_some());
            let start = k;
            while d.rows.get(k).is_some_and(|r| r.change.is_some() == changed) {
                k += 1;
            }
            let run = d.rows.get(start..k).unwrap_or_default();
            if changed {
                out.push_str(&format!("<table class=\"changes\">{COLS}<tbody>\n"));
                for r in run {
                    row(d, r, &mut out);
                }
                out.push_str("</tbody></table>\n");
            } else {
                let first = run.first().map(row_name).unwrap_or_default();
                let last = run.last().map(row_name).unwrap_or_default();
                let range = if run.len() > 1 {
                    format!("{first} … {last}")
                } else {
                    first
                };
                out.push_str(&format!(
                    "<details class=\"same\"><summary>変更なし {}件（{}）</summary><table>{COLS}<tbody>\n",
                    run.len(),
                    esc(&range)
                ));
                for r in run {
                    row(d, r, &mut out);
                }
                out.push_str("</tbody></table></details>\n");
            }
        }
    }

    super::render_tables::tables_html(d, &mut out);

    let figures: Vec<_> = d
        .changes
        .iter()
        .filter(|c| !matches!(c.target, Target::Section | Target::Item) && c.table.is_none())
        .collect();
    if !figures.is_empty() {
        out.push_str("<h2>基本情報・指標・評価</h2>\n<table class=\"figures\"><colgroup><col class=\"k\"><col style=\"width:30%\"><col><col></colgroup>\n");
        out.push_str("<thead><tr><th>区分</th><th>項目</th><th>新（改正後）</th><th>旧（改正前）</th></tr></thead><tbody>\n");
        for c in figures {
            let (what, newv, oldv) = super::figure_cells(c);
            let value = |v: Option<String>| match v {
                Some(v) => format!("<span class=\"chg\">{}</span>", esc(&v)),
                None => "—".to_string(),
            };
            out.push_str(&format!(
                "<tr class=\"{}\"><td class=\"kind\">{}<br>{}</td><td>{}</td><td class=\"new\">{}</td><td class=\"old\">{}</td></tr>\n",
                c.kind.name(),
                c.target.japanese(),
                c.kind.japanese(),
                esc(&what),
                value(newv),
                value(oldv)
            ));
        }
        out.push_str("</tbody></table>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

const COLS: &str = "<colgroup><col class=\"k\"><col class=\"n\"><col class=\"o\"></colgroup>";

fn row_name(r: &Row) -> String {
    let s = r.new.as_ref().or(r.old.as_ref());
    s.map(|s| {
        if s.label.is_empty() {
            s.title.clone()
        } else {
            s.label.clone()
        }
    })
    .unwrap_or_default()
}

/// The counts table: changes by target and kind.
fn summary(d: &PlanDiff, out: &mut String) {
    if d.changes.is_empty() {
        out.push_str("<p class=\"summary\">変更はありません。</p>\n");
        return;
    }
    let kinds: Vec<ChangeKind> = d.summary.by_kind.keys().copied().collect();
    out.push_str(&format!(
        "<p class=\"summary\">変更 {}件</p>\n<table class=\"summary\"><thead><tr><th></th>",
        d.summary.total
    ));
    for k in &kinds {
        out.push_str(&format!("<th>{}</th>", k.japanese()));
    }
    out.push_str("<th>変更なし</th></tr></thead><tbody>\n");
    let mut targets: Vec<Target> = d.summary.by_target.keys().copied().collect();
    for t in d.summary.unchanged.keys() {
        if !targets.contains(t) {
            targets.push(*t);
        }
    }
    targets.sort();
    for t in targets {
        out.push_str(&format!("<tr><td>{}</td>", t.japanese()));
        let by = d.summary.by_target.get(&t);
        for k in &kinds {
            let n = by.and_then(|m| m.get(k)).copied().unwrap_or(0);
            out.push_str(&format!("<td>{n}</td>"));
        }
        let u = d.summary.unchanged.get(&t).copied().unwrap_or(0);
        out.push_str(&format!("<td>{u}</td></tr>\n"));
    }
    out.push_str("</tbody></table>\n");
}

fn row(d: &PlanDiff, r: &Row, out: &mut String) {
    let change = r.change.and_then(|i| d.changes.get(i));
    let class = change.map(|c| c.kind.name()).unwrap_or("same");
    let kinds = change
        .map(|c| {
            c.kinds
                .iter()
                .map(|k| k.japanese())
                .collect::<Vec<_>>()
                .join("<br>")
        })
        .unwrap_or_default();
    out.push_str(&format!(
        "<tr class=\"{class}\"><td class=\"kind\">{}<br>{kinds}</td>{}{}</tr>\n",
        r.target.japanese(),
        cell(r.new.as_ref(), r.old.as_ref(), true, change),
        cell(r.old.as_ref(), r.new.as_ref(), false, change),
    ));
}

fn cell(
    this: Option<&RowSide>,
    other: Option<&RowSide>,
    is_new: bool,
    change: Option<&super::Change>,
) -> String {
    let class = if is_new { "new" } else { "old" };
    let Some(this) = this else {
        let word = if is_new {
            "（削除）"
        } else {
            "（新設）"
        };
        return format!("<td class=\"{class} none\">{word}</td>");
    };
    let p = cell_parts(this, other, is_new);
    let runs = |v: &[(bool, String)]| {
        v.iter()
            .map(|(changed, t)| {
                if *changed {
                    format!("<ins>{}</ins>", esc(t))
                } else {
                    esc(t)
                }
            })
            .collect::<String>()
    };
    let pad = this.depth.saturating_sub(1).min(8);
    let mut s = format!(
        "<td class=\"{class}\" style=\"padding-left:{}em\">",
        0.5 + pad as f64
    );
    if !p.label.is_empty() {
        s.push_str(&format!("<span class=\"lbl\">{}</span>", runs(&p.label)));
    }
    s.push_str(&format!("<span class=\"ttl\">{}</span>", runs(&p.title)));
    if !p.body.is_empty() {
        s.push_str(&format!("<div class=\"body\">{}</div>", runs(&p.body)));
    }
    if !p.departments.is_empty() {
        s.push_str(&format!(
            "<div class=\"dep\">推進部署・担当：{}</div>",
            runs(&p.departments)
        ));
    }
    if let Some(note) = change.and_then(|c| super::moved_note(c, is_new)) {
        s.push_str(&format!("<div class=\"moved\">{}</div>", esc(&note)));
    }
    s.push_str("</td>");
    s
}
