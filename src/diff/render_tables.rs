//! The tables of a 新旧対照表 page: each matched table shown as a table (new version's rows
//! and columns, removed ones where they stood), changed cells marked with the old value and
//! the difference, added rows and columns marked, removed ones struck through.

use super::tables::{format_number, TablePair};
use super::PlanDiff;
use crate::model::{Cell, Table};
use crate::output::escape_html as esc;

/// CSS for the table section.
pub const STYLE: &str = "\
table.dt{width:auto;table-layout:auto;margin:.3em 0 1em}table.dt th,table.dt td{padding:.2em .5em}\
table.dt td.num{text-align:right;white-space:nowrap}table.dt th.row{text-align:left;background:#f4f6f8}\
table.dt td.chg{background:#fff3a8}table.dt td.chg del{color:#a00;font-size:.85em}\
table.dt td.chg .diff{display:block;font-size:.8em;color:#555}\
table.dt tr.add td,table.dt tr.add th,table.dt .cadd{background:#e3f6e3}\
table.dt tr.del td,table.dt tr.del th,table.dt .cdel{background:#f8e1e1;text-decoration:line-through}\
p.tmeta{margin:.2em 0;font-size:.9em;color:#444}\
";

fn cell(t: Option<&Table>, row: Option<usize>, col: Option<usize>) -> Option<&Cell> {
    let (t, r, c) = (t?, row?, col?);
    t.cells.get(r)?.get(c)
}

fn same(a: Option<&Cell>, b: Option<&Cell>) -> bool {
    let key = |c: Option<&Cell>| {
        c.map(|c| c.text.split_whitespace().collect::<String>())
            .unwrap_or_default()
    };
    match (a.and_then(|c| c.value), b.and_then(|c| c.value)) {
        (Some(x), Some(y)) => (x - y).abs() < 1e-9,
        _ => key(a) == key(b),
    }
}

/// Write the tables of `d` (only pairs with a change unless `all`).
pub fn tables_html(d: &PlanDiff, out: &mut String) {
    let changed: Vec<&TablePair> = d.tables.iter().filter(|p| has_change(p)).collect();
    if changed.is_empty() {
        return;
    }
    out.push_str("<h2>表</h2>\n");
    for p in changed {
        pair_html(p, out);
    }
}

fn has_change(p: &TablePair) -> bool {
    if p.old.is_none() || p.new.is_none() {
        return true;
    }
    p.columns.iter().any(|c| c.0.is_none() || c.1.is_none())
        || p.rows.iter().any(|r| {
            r.0.is_none()
                || r.1.is_none()
                || p.columns.iter().any(|c| {
                    !same(
                        cell(p.old.as_ref(), r.0, c.0),
                        cell(p.new.as_ref(), r.1, c.1),
                    )
                })
        })
}

fn pair_html(p: &TablePair, out: &mut String) {
    let (o, n) = (p.old.as_ref(), p.new.as_ref());
    let status = match (o, n) {
        (None, _) => "（新設）",
        (_, None) => "（削除）",
        _ => "",
    };
    out.push_str(&format!("<h3>{}{status}</h3>\n", esc(&p.name())));
    let main = n.or(o);
    let mut meta = Vec::new();
    if let Some(t) = main {
        if let Some(per) = &t.period {
            meta.push(format!("期間: {}", esc(per)));
        }
        if let Some(u) = &t.unit {
            meta.push(format!("単位: {}", esc(u)));
        }
    }
    if let (Some(a), Some(b)) = (o, n) {
        if a.period != b.period {
            if let Some(per) = &a.period {
                meta.push(format!("旧期間: <del>{}</del>", esc(per)));
            }
        }
    }
    if !meta.is_empty() {
        out.push_str(&format!("<p class=\"tmeta\">{}</p>\n", meta.join("　")));
    }
    out.push_str("<table class=\"dt\"><thead><tr><th></th>");
    for &(ci, cj) in &p.columns {
        let (name, class) = match (ci, cj) {
            (_, Some(j)) => (
                n.and_then(|t| t.columns.get(j))
                    .cloned()
                    .unwrap_or_default(),
                if ci.is_none() { " class=\"cadd\"" } else { "" },
            ),
            (Some(i), None) => (
                o.and_then(|t| t.columns.get(i))
                    .cloned()
                    .unwrap_or_default(),
                " class=\"cdel\"",
            ),
            _ => (String::new(), ""),
        };
        out.push_str(&format!("<th{class}>{}</th>", esc(&name)));
    }
    out.push_str("</tr></thead><tbody>\n");
    for &(ri, rj) in &p.rows {
        let label = match (ri, rj) {
            (_, Some(j)) => n.and_then(|t| t.row_labels.get(j)).cloned(),
            (Some(i), None) => o.and_then(|t| t.row_labels.get(i)).cloned(),
            _ => None,
        }
        .unwrap_or_default();
        let class = match (ri, rj, o.is_some() && n.is_some()) {
            (None, Some(_), true) => " class=\"add\"",
            (Some(_), None, true) => " class=\"del\"",
            _ => "",
        };
        out.push_str(&format!(
            "<tr{class}><th class=\"row\">{}</th>",
            esc(&label)
        ));
        for &(ci, cj) in &p.columns {
            let a = cell(o, ri, ci);
            let b = cell(n, rj, cj);
            let shown = b.or(a);
            let text = shown.map(|c| c.text.as_str()).unwrap_or("");
            let num = shown.is_some_and(|c| c.value.is_some());
            let numc = if num { " num" } else { "" };
            let both = ri.is_some() && rj.is_some() && ci.is_some() && cj.is_some();
            if both && !same(a, b) {
                let old = a.map(|c| c.text.as_str()).filter(|t| !t.trim().is_empty());
                let diff = match (a.and_then(|c| c.value), b.and_then(|c| c.value)) {
                    (Some(x), Some(y)) => format!(
                        "<span class=\"diff\">{}</span>",
                        esc(&format_number(y - x, true))
                    ),
                    _ => String::new(),
                };
                out.push_str(&format!(
                    "<td class=\"chg{numc}\"><ins>{}</ins> <del>{}</del>{diff}</td>",
                    esc(b.map(|c| c.text.as_str()).unwrap_or("")),
                    esc(old.unwrap_or("—")),
                ));
            } else {
                let colclass = match (ci, cj, o.is_some() && n.is_some()) {
                    (None, Some(_), true) => " cadd",
                    (Some(_), None, true) => " cdel",
                    _ => "",
                };
                out.push_str(&format!(
                    "<td class=\"{}{colclass}\">{}</td>",
                    numc.trim(),
                    esc(text)
                ));
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table>\n");
}
