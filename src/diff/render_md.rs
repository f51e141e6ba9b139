//! Markdown writer (`--format md`): a 新旧対照表 as Markdown tables. The new text (改正後)
//! is on the left and the old text (改正前) on the right, as Japanese government tables do;
//! the changed characters are underlined with `<ins>` on both sides (GitHub renders it).

use super::{cell_parts, summary_line, PlanDiff, Row, RowSide, Target};

/// Render `d` as a Markdown 新旧対照表.
pub fn render_md(d: &PlanDiff) -> String {
    let mut out = String::from("# 新旧対照表\n\n");
    let title = |t: &Option<String>| t.as_deref().map(esc).unwrap_or_default();
    out.push_str(&format!(
        "- 新（改正後）: `{}` {}\n- 旧（改正前）: `{}` {}\n",
        d.new.path.replace('`', "'"),
        title(&d.new.title),
        d.old.path.replace('`', "'"),
        title(&d.old.title)
    ));
    if d.changes.is_empty() {
        out.push_str("- 変更: なし\n");
        return out;
    }
    out.push_str(&format!(
        "- 変更: {}件（{}）\n\n",
        d.summary.total,
        summary_line(&d.summary, true)
    ));

    let changed: Vec<&Row> = d.rows.iter().filter(|r| r.change.is_some()).collect();
    if !changed.is_empty() {
        out.push_str("## 見出し・取組\n\n| 区分 | 新（改正後） | 旧（改正前） |\n|---|---|---|\n");
        for r in changed {
            let Some(c) = r.change.and_then(|i| d.changes.get(i)) else {
                continue;
            };
            let kinds: Vec<&str> = c.kinds.iter().map(|k| k.japanese()).collect();
            out.push_str(&format!(
                "| {}<br>{} | {} | {} |\n",
                r.target.japanese(),
                kinds.join("・"),
                cell(r.new.as_ref(), r.old.as_ref(), true, c),
                cell(r.old.as_ref(), r.new.as_ref(), false, c),
            ));
        }
        out.push('\n');
    }

    let figures: Vec<_> = d
        .changes
        .iter()
        .filter(|c| !matches!(c.target, Target::Section | Target::Item))
        .collect();
    if !figures.is_empty() {
        out.push_str("## 基本情報・指標・評価\n\n| 区分 | 項目 | 新（改正後） | 旧（改正前） |\n|---|---|---|---|\n");
        for c in figures {
            let (what, newv, oldv) = super::figure_cells(c);
            out.push_str(&format!(
                "| {}<br>{} | {} | {} | {} |\n",
                c.target.japanese(),
                c.kind.japanese(),
                esc(&what),
                newv.as_deref().map(esc).unwrap_or_else(|| "—".into()),
                oldv.as_deref().map(esc).unwrap_or_else(|| "—".into()),
            ));
        }
    }
    out
}

/// One side's cell: label and title, body, departments, with changed runs in `<ins>`.
fn cell(
    this: Option<&RowSide>,
    other: Option<&RowSide>,
    is_new: bool,
    change: &super::Change,
) -> String {
    let Some(this) = this else {
        return if is_new {
            "（削除）"
        } else {
            "（新設）"
        }
        .to_string();
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
    let mut s = String::new();
    let head = format!("{} {}", runs(&p.label), runs(&p.title));
    if head.trim().is_empty() {
        // The text before the first heading has neither label nor title.
        s.push_str("（見出しなし）");
    } else {
        s.push_str(&format!("**{}**", head.trim()));
    }
    if !p.body.is_empty() {
        s.push_str("<br>");
        s.push_str(&runs(&p.body));
    }
    if !p.departments.is_empty() {
        s.push_str("<br>（");
        s.push_str(&runs(&p.departments));
        s.push('）');
    }
    if let Some(note) = super::moved_note(change, is_new) {
        s.push_str(&format!("<br>（{}）", esc(&note)));
    }
    s
}

/// Escape text for a Markdown table cell: HTML and Markdown specials, pipes, newlines.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '|' => out.push_str("\\|"),
            '\\' | '*' | '_' | '`' | '[' | ']' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("<br>"),
            '\r' | '\t' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}
