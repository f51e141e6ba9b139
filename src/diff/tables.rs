//! Table diff: tables compared cell by cell, not as flattened text.
//!
//! Tables of the two versions are matched by caption, column names, row labels and position
//! ([`match_tables`]); the rows of a matched pair by their label (so reordered rows still
//! match, and rows only in one version are named as added or removed), the columns by name.
//! Each cell that differs becomes one change with the row label, the column name, the old and
//! new value and, for numbers, the difference in the table's unit:
//! `(変更後) 市道 / 事業費: 90,000 → 234,351 千円 (+144,351)`.

use std::collections::{BTreeMap, VecDeque};

use schemars::JsonSchema;
use serde::Serialize;

use super::similarity::squeeze;
use super::{change, Change, ChangeKind, Side, Target};
use crate::model::{Cell, PlanDocument, Table};
use crate::tables::parse_number;

/// Where in a table a change is, and the numeric difference of a changed cell.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct TableRef {
    /// The table's caption (new version's when both), or its id.
    pub table: String,
    /// The row label, for row and cell changes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<String>,
    /// The column name, for column and cell changes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// The values' unit (`千円`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// New value minus old value, when both are numbers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub difference: Option<f64>,
}

/// Two matched tables (or one, added or removed) with their rows and columns lined up, for
/// the 新旧対照表 writers.
#[derive(Debug, Clone, PartialEq)]
pub struct TablePair {
    pub old: Option<Table>,
    pub new: Option<Table>,
    /// Columns in the new version's order (columns only in the old one where they stood).
    pub columns: Vec<(Option<usize>, Option<usize>)>,
    /// Body rows in the new version's order (removed rows after their old predecessor).
    pub rows: Vec<(Option<usize>, Option<usize>)>,
}

impl TablePair {
    /// Caption, or the id, of the new (else old) table.
    pub fn name(&self) -> String {
        self.new
            .as_ref()
            .or(self.old.as_ref())
            .map(table_name)
            .unwrap_or_default()
    }
}

fn table_name(t: &Table) -> String {
    t.caption.clone().unwrap_or_else(|| t.id.clone())
}

fn key(s: &str) -> String {
    squeeze(s)
}

fn overlap(a: &[String], b: &[String]) -> f64 {
    let sa: std::collections::BTreeSet<String> = a.iter().map(|s| key(s)).collect();
    let sb: std::collections::BTreeSet<String> = b.iter().map(|s| key(s)).collect();
    let union = sa.union(&sb).count();
    if union == 0 {
        return 0.0;
    }
    sa.intersection(&sb).count() as f64 / union as f64
}

fn generic(columns: &[String]) -> bool {
    columns.iter().all(|c| c.starts_with('列'))
}

/// How alike two tables are, 0–1: caption, columns, row labels, position.
fn score(o: &Table, n: &Table, po: f64, pn: f64) -> f64 {
    let cap = match (&o.caption, &n.caption) {
        (Some(a), Some(b)) if key(a) == key(b) => 1.0,
        (None, None) => 0.5,
        _ => 0.0,
    };
    let cols = if generic(&o.columns) && generic(&n.columns) {
        if o.columns.len() == n.columns.len() {
            0.5
        } else {
            0.0
        }
    } else {
        overlap(&o.columns, &n.columns)
    };
    let rows = overlap(&o.row_labels, &n.row_labels);
    if cols < 0.5 && rows < 0.3 {
        return 0.0;
    }
    0.4 * cap + 0.3 * cols + 0.2 * rows + 0.1 * (1.0 - (po - pn).abs())
}

/// Pairs of matching tables (old index, new index), best first, each table at most once.
pub fn match_tables(old: &[Table], new: &[Table]) -> Vec<(usize, usize)> {
    let pos = |i: usize, n: usize| {
        if n <= 1 {
            0.0
        } else {
            i as f64 / (n - 1) as f64
        }
    };
    let mut cands: Vec<(f64, usize, usize)> = Vec::new();
    for (i, o) in old.iter().enumerate() {
        for (j, n) in new.iter().enumerate() {
            let s = score(o, n, pos(i, old.len()), pos(j, new.len()));
            if s >= 0.45 {
                cands.push((s, i, j));
            }
        }
    }
    cands.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let (mut uo, mut un) = (vec![false; old.len()], vec![false; new.len()]);
    let mut out = Vec::new();
    for (_, i, j) in cands {
        if !uo[i] && !un[j] {
            uo[i] = true;
            un[j] = true;
            out.push((i, j));
        }
    }
    out.sort_by_key(|&(i, j)| (j, i));
    out
}

/// Line up two lists by key (in order for repeated keys): new order, old-only entries after
/// their old predecessor.
fn line_up(old: &[String], new: &[String]) -> Vec<(Option<usize>, Option<usize>)> {
    let mut by_key: BTreeMap<String, VecDeque<usize>> = BTreeMap::new();
    for (i, k) in old.iter().enumerate() {
        by_key.entry(key(k)).or_default().push_back(i);
    }
    let mut pairs: Vec<(Option<usize>, Option<usize>)> = Vec::new();
    let mut used = vec![false; old.len()];
    for (j, k) in new.iter().enumerate() {
        let i = by_key.get_mut(&key(k)).and_then(VecDeque::pop_front);
        if let Some(i) = i {
            used[i] = true;
        }
        pairs.push((i, Some(j)));
    }
    for i in (0..old.len()).filter(|&i| !used[i]) {
        // after the pair holding the nearest matched old predecessor, else first
        let at = (0..i)
            .rev()
            .find_map(|p| pairs.iter().position(|x| x.0 == Some(p)))
            .map_or(0, |x| x + 1);
        pairs.insert(at, (Some(i), None));
    }
    pairs
}

fn side(t: &Table) -> Side {
    Side {
        label: None,
        path: t.id.clone(),
        title: table_name(t),
        span: Some(t.span),
    }
}

fn cell_at(t: &Table, row: usize, col: usize) -> Option<&Cell> {
    t.cells.get(row).and_then(|r| r.get(col))
}

fn same_cell(a: Option<&Cell>, b: Option<&Cell>) -> bool {
    let text = |c: Option<&Cell>| c.map(|c| key(&c.text)).unwrap_or_default();
    match (a.and_then(|c| c.value), b.and_then(|c| c.value)) {
        (Some(x), Some(y)) => (x - y).abs() < 1e-9,
        _ => text(a) == text(b),
    }
}

fn row_text(t: &Table, row: usize) -> String {
    t.cells
        .get(row)
        .map(|r| {
            r.iter()
                .map(|c| c.text.trim())
                .filter(|c| !c.is_empty())
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .unwrap_or_default()
}

fn column_text(t: &Table, col: usize) -> String {
    t.cells
        .iter()
        .filter_map(|r| r.get(col).map(|c| c.text.trim().to_string()))
        .filter(|c| !c.is_empty())
        .collect::<Vec<_>>()
        .join(" | ")
}

/// The words of a table row by row, whitespace removed.
pub fn flat_text(t: &Table) -> String {
    t.rows.iter().flatten().map(|c| squeeze(c)).collect()
}

/// Shortest table text (characters, whitespace removed) that is taken as found elsewhere
/// when it occurs in the other version's text: shorter ones occur by chance.
const FOUND_MIN_CHARS: usize = 8;

/// True when `t`'s words stand, in the same order, in `other_text` (a whole version's
/// [`super::align::document_text`]): the table is there as a paragraph, or cut into other
/// tables, which is layout, not a change of content.
fn found_in(t: &Table, other_text: &str) -> bool {
    let text = flat_text(t);
    text.chars().count() >= FOUND_MIN_CHARS && other_text.contains(&text)
}

/// The tables of `doc` no item or indicator was read from (those are compared as records).
pub fn plain_tables(doc: &PlanDocument) -> Vec<Table> {
    let sources: std::collections::BTreeSet<&str> = doc
        .items
        .iter()
        .filter_map(|i| i.table_id.as_deref())
        .chain(doc.indicators.iter().filter_map(|i| i.table_id.as_deref()))
        .collect();
    doc.tables
        .iter()
        .filter(|t| !sources.contains(t.id.as_str()))
        .cloned()
        .collect()
}

/// The changes between the tables of two versions, and the table pairs for the writers.
///
/// `old_text` and `new_text` are the versions' whole text
/// ([`super::align::document_text`]): a table whose words stand in the other version all the
/// same (as a paragraph, or cut differently into tables) is not reported as added, removed or
/// changed, so the PDF and the TXT of one plan compare as unchanged.
pub fn table_changes(
    old: &[Table],
    new: &[Table],
    old_text: &str,
    new_text: &str,
) -> (Vec<Change>, Vec<TablePair>) {
    let matched = match_tables(old, new);
    let mut pairs: Vec<TablePair> = Vec::new();
    let mut changes = Vec::new();
    let old_matched: Vec<bool> = (0..old.len())
        .map(|i| matched.iter().any(|m| m.0 == i))
        .collect();
    let new_matched: Vec<bool> = (0..new.len())
        .map(|j| matched.iter().any(|m| m.1 == j))
        .collect();
    // New order; unmatched old tables after the pair of their old predecessor.
    let mut order: Vec<(Option<usize>, Option<usize>)> = Vec::new();
    for (j, _) in new.iter().enumerate() {
        let i = matched.iter().find(|m| m.1 == j).map(|m| m.0);
        order.push((i, Some(j)));
        let _ = new_matched[j];
    }
    for i in (0..old.len()).filter(|&i| !old_matched[i]) {
        let at = (0..i)
            .rev()
            .find_map(|p| order.iter().position(|x| x.0 == Some(p)))
            .map_or(0, |x| x + 1);
        order.insert(at, (Some(i), None));
    }
    for (i, j) in order {
        match (i.map(|i| &old[i]), j.map(|j| &new[j])) {
            (Some(o), Some(n)) => {
                let (c, p) = pair_changes(o, n);
                let same_words = flat_text(o) == flat_text(n)
                    || (found_in(o, new_text) && found_in(n, old_text));
                if !same_words {
                    changes.extend(c);
                }
                pairs.push(p);
            }
            (Some(o), None) if found_in(o, new_text) => {}
            (None, Some(n)) if found_in(n, old_text) => {}
            (Some(o), None) => {
                let mut c = change(Target::Table, vec![ChangeKind::Removed]);
                c.old.push(side(o));
                c.field = Some(table_name(o));
                changes.push(c);
                pairs.push(TablePair {
                    old: Some(o.clone()),
                    new: None,
                    columns: (0..o.columns.len()).map(|k| (Some(k), None)).collect(),
                    rows: (0..o.cells.len()).map(|k| (Some(k), None)).collect(),
                });
            }
            (None, Some(n)) => {
                let mut c = change(Target::Table, vec![ChangeKind::Added]);
                c.new.push(side(n));
                c.field = Some(table_name(n));
                changes.push(c);
                pairs.push(TablePair {
                    old: None,
                    new: Some(n.clone()),
                    columns: (0..n.columns.len()).map(|k| (None, Some(k))).collect(),
                    rows: (0..n.cells.len()).map(|k| (None, Some(k))).collect(),
                });
            }
            (None, None) => {}
        }
    }
    (changes, pairs)
}

fn tref(n: &Table, row: Option<&str>, column: Option<&str>) -> TableRef {
    TableRef {
        table: table_name(n),
        row: row.map(str::to_string),
        column: column.map(str::to_string),
        unit: None,
        difference: None,
    }
}

/// Changes between two matched tables.
fn pair_changes(o: &Table, n: &Table) -> (Vec<Change>, TablePair) {
    let columns = line_up(&o.columns, &n.columns);
    let rows = line_up(&o.row_labels, &n.row_labels);
    let name = table_name(n);
    let mut out = Vec::new();
    let base = |kind: ChangeKind, target: Target| {
        let mut c = change(target, vec![kind]);
        c.old.push(side(o));
        c.new.push(side(n));
        c
    };
    for &(ci, cj) in &columns {
        match (ci, cj) {
            (Some(ci), None) => {
                let col = o.columns.get(ci).cloned().unwrap_or_default();
                let mut c = base(ChangeKind::Removed, Target::TableColumn);
                c.field = Some(format!("{name} / {col}"));
                c.old_value = Some(column_text(o, ci));
                c.table = Some(tref(n, None, Some(&col)));
                out.push(c);
            }
            (None, Some(cj)) => {
                let col = n.columns.get(cj).cloned().unwrap_or_default();
                let mut c = base(ChangeKind::Added, Target::TableColumn);
                c.field = Some(format!("{name} / {col}"));
                c.new_value = Some(column_text(n, cj));
                c.table = Some(tref(n, None, Some(&col)));
                out.push(c);
            }
            _ => {}
        }
    }
    for &(ri, rj) in &rows {
        match (ri, rj) {
            (Some(ri), None) => {
                let label = o.row_labels.get(ri).cloned().unwrap_or_default();
                let mut c = base(ChangeKind::Removed, Target::TableRow);
                c.field = Some(format!("{name} {label}"));
                c.old_value = Some(row_text(o, ri));
                c.table = Some(tref(n, Some(&label), None));
                out.push(c);
            }
            (None, Some(rj)) => {
                let label = n.row_labels.get(rj).cloned().unwrap_or_default();
                let mut c = base(ChangeKind::Added, Target::TableRow);
                c.field = Some(format!("{name} {label}"));
                c.new_value = Some(row_text(n, rj));
                c.table = Some(tref(n, Some(&label), None));
                out.push(c);
            }
            (Some(ri), Some(rj)) => {
                let label = n.row_labels.get(rj).cloned().unwrap_or_default();
                for &(ci, cj) in &columns {
                    let (Some(ci), Some(cj)) = (ci, cj) else {
                        continue;
                    };
                    let (a, b) = (cell_at(o, ri, ci), cell_at(n, rj, cj));
                    if same_cell(a, b) {
                        continue;
                    }
                    let col = n.columns.get(cj).cloned().unwrap_or_default();
                    let text = |c: Option<&Cell>| {
                        c.map(|c| c.text.trim().to_string())
                            .filter(|t| !t.is_empty())
                    };
                    let mut c = base(ChangeKind::Changed, Target::TableCell);
                    c.field = Some(format!("{name} {label} / {col}"));
                    c.old_value = text(a);
                    c.new_value = text(b);
                    let mut r = tref(n, Some(&label), Some(&col));
                    let num = |c: Option<&Cell>| {
                        c.and_then(|c| c.value.or_else(|| parse_number(&c.text).value))
                    };
                    if let (Some(x), Some(y)) = (num(a), num(b)) {
                        r.difference = Some(y - x);
                    }
                    r.unit = b.and_then(|c| c.unit.clone()).or_else(|| n.unit.clone());
                    c.table = Some(r);
                    out.push(c);
                }
            }
            (None, None) => {}
        }
    }
    (
        out,
        TablePair {
            old: Some(o.clone()),
            new: Some(n.clone()),
            columns,
            rows,
        },
    )
}

/// A number written like the table writes it: thousands separators, sign for differences.
pub fn format_number(v: f64, signed: bool) -> String {
    let sign = if v < 0.0 {
        "-"
    } else if signed {
        "+"
    } else {
        ""
    };
    let a = v.abs();
    let (int, frac) = if (a - a.round()).abs() < 1e-9 {
        (format!("{}", a.round() as u64), String::new())
    } else {
        let s = format!("{a:.3}");
        let s = s.trim_end_matches('0').to_string();
        match s.split_once('.') {
            Some((i, f)) => (i.to_string(), format!(".{f}")),
            None => (s, String::new()),
        }
    };
    let mut grouped = String::new();
    for (k, ch) in int.chars().enumerate() {
        if k > 0 && (int.len() - k) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    format!("{sign}{grouped}{frac}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_and_signed() {
        assert_eq!(format_number(144351.0, true), "+144,351");
        assert_eq!(format_number(-636.0, true), "-636");
        assert_eq!(format_number(1.5, false), "1.5");
    }

    #[test]
    fn line_up_keeps_new_order_and_places_removed_rows() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let p = line_up(&s(&["a", "b", "c"]), &s(&["c", "a", "d"]));
        assert_eq!(
            p,
            vec![
                (Some(2), Some(0)),
                (Some(0), Some(1)),
                (Some(1), None),
                (None, Some(2))
            ]
        );
    }
}
