//! Text writer (`--format text`): a readable summary of a [`PlanDiff`] for a terminal, one
//! line per change with the changed characters marked: `[-deleted-]{+inserted+}`, or red and
//! green when `color` is set.

use super::{side_text, summary_line, value_text, ChangeKind, OpKind, PlanDiff, TextOp};

const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";
/// Unchanged text longer than this is shortened around the edits.
const CONTEXT: usize = 12;

/// Render `d` as text; `color` adds ANSI colours.
pub fn render_text(d: &PlanDiff, color: bool) -> String {
    let mut out = String::new();
    let title = |t: &Option<String>| t.clone().unwrap_or_default();
    out.push_str(&format!(
        "old: {} {}\nnew: {} {}\n",
        d.old.path,
        title(&d.old.title),
        d.new.path,
        title(&d.new.title)
    ));
    if d.changes.is_empty() {
        out.push_str("no changes\n");
        return out;
    }
    out.push_str(&format!(
        "{} changes: {}\n",
        d.summary.total,
        summary_line(&d.summary, false)
    ));
    if !d.summary.unchanged.is_empty() {
        let u: Vec<String> = d
            .summary
            .unchanged
            .iter()
            .map(|(t, n)| format!("{n} {}s", t.name()))
            .collect();
        out.push_str(&format!("unchanged: {}\n", u.join(", ")));
    }
    out.push('\n');
    for c in &d.changes {
        let sign = match c.kind {
            ChangeKind::Added => "+",
            ChangeKind::Removed => "-",
            _ => "~",
        };
        let kinds: Vec<&str> = c.kinds.iter().map(|k| k.name()).collect();
        let head = format!("{sign} {:<11} {:<11}", c.target.name(), kinds.join("+"));
        let paint = |s: &str, code: &str| {
            if color {
                format!("{code}{s}{RESET}")
            } else {
                s.to_string()
            }
        };
        let code = match c.kind {
            ChangeKind::Added => GREEN,
            ChangeKind::Removed => RED,
            _ => BOLD,
        };
        out.push_str(&paint(&head, code));
        out.push(' ');
        let (o, n) = (side_text(&c.old), side_text(&c.new));
        match (c.old.is_empty(), c.new.is_empty()) {
            (true, _) => out.push_str(&n),
            (_, true) => out.push_str(&o),
            _ if o == n => out.push_str(&n),
            _ => out.push_str(&format!("{o} → {n}")),
        }
        out.push('\n');
        if !c.themes_gained.is_empty() || !c.themes_lost.is_empty() {
            let mut t: Vec<String> = c.themes_gained.iter().map(|x| format!("+{x}")).collect();
            t.extend(c.themes_lost.iter().map(|x| format!("-{x}")));
            out.push_str(&format!("    themes: {}\n", t.join(" ")));
        }
        if c.kinds.contains(&ChangeKind::Moved) {
            let parent = |p: &str| {
                p.rsplit_once('/')
                    .map(|x| x.0.to_string())
                    .unwrap_or_default()
            };
            if let (Some(a), Some(b)) = (c.old.first(), c.new.first()) {
                out.push_str(&format!(
                    "    under: {} → {}\n",
                    parent(&a.path),
                    parent(&b.path)
                ));
            }
        }
        if c.old_value.is_some() || c.new_value.is_some() {
            out.push_str(&format!("    {}\n", value_text(c)));
        }
        if !c.title_ops.is_empty() {
            out.push_str(&format!("    title: {}\n", ops_line(&c.title_ops, color)));
        }
        if !c.text_ops.is_empty() {
            out.push_str(&format!("    text:  {}\n", ops_line(&c.text_ops, color)));
        }
    }
    out
}

/// One line showing a character diff, long unchanged runs shortened to `…`.
pub fn ops_line(ops: &[TextOp], color: bool) -> String {
    let mut s = String::new();
    let last = ops.len().saturating_sub(1);
    for (k, op) in ops.iter().enumerate() {
        let text = op.text.replace('\n', "⏎");
        match op.op {
            OpKind::Equal => {
                let chars: Vec<char> = text.chars().collect();
                if chars.len() > 2 * CONTEXT {
                    let head: String = chars.iter().take(CONTEXT).collect();
                    let tail: String = chars.iter().skip(chars.len() - CONTEXT).collect();
                    if k > 0 {
                        s.push_str(&head);
                    }
                    s.push('…');
                    if k < last {
                        s.push_str(&tail);
                    }
                } else {
                    s.push_str(&text);
                }
            }
            OpKind::Delete if color => s.push_str(&format!("{RED}{text}{RESET}")),
            OpKind::Insert if color => s.push_str(&format!("{GREEN}{text}{RESET}")),
            OpKind::Delete => s.push_str(&format!("[-{text}-]")),
            OpKind::Insert => s.push_str(&format!("{{+{text}+}}")),
        }
    }
    s
}
