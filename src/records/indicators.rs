//! Indicators (指標) from tables whose header names observation kinds and fiscal years:
//! `No. | 指標(単位) | 現状値 令和5年度末 | 目標値 令和11年度末` (one indicator per row) or
//! `R2年度実績 | R3年度実績 | R4年度見込み | 最終年度目標 (R7年度)` with the name above the
//! header and the values on the row below (evaluation sheets).
//!
//! Column words are `records.toml`'s; note marks (`※`, `注`) and brackets stay in code as grammar.

use super::text::{after_label, fiscal_year, is_dash, join_wrapped, observation_kind, unit_of};
use super::Ctx;
use crate::model::{Indicator, Observation, ObservationKind, Span, Table};
use crate::normalize::{NormDoc, NormLine};
use crate::numbering::parse_label;
use crate::tables::{is_row_number, parse_number, span_of, tab_cells};

/// A value column of an indicator table.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct KindColumn {
    pub index: usize,
    pub kind: ObservationKind,
    pub fiscal_year: Option<i32>,
}

/// The value columns of a header row (at least two), or `None` when it is not an indicator
/// header.
pub(crate) fn kind_columns(cells: &[String], rules: &Ctx) -> Option<Vec<KindColumn>> {
    let cols: Vec<KindColumn> = cells
        .iter()
        .enumerate()
        .filter_map(|(index, c)| {
            let kind = observation_kind(c, rules)?;
            let fy = fiscal_year(c, rules);
            // A kind word alone (目標) heads a value column only with a year or a value word.
            if fy.is_none() && !c.contains('値') && !c.contains("年度") {
                return None;
            }
            Some(KindColumn {
                index,
                kind,
                fiscal_year: fy,
            })
        })
        .collect();
    (cols.len() >= 2).then_some(cols)
}

/// Observations of a values row under `cols` (header of `header_len` cells); when the row has
/// a different number of cells, columns are aligned from the right.
pub(crate) fn observations(
    values: &[String],
    header_len: usize,
    cols: &[KindColumn],
) -> Vec<Observation> {
    let shift = values.len() as isize - header_len as isize;
    cols.iter()
        .filter_map(|c| {
            let idx = c.index as isize + if shift != 0 { shift } else { 0 };
            let raw = values.get(usize::try_from(idx).ok()?)?.trim();
            if raw.is_empty() {
                return None;
            }
            let p = parse_number(raw);
            Some(Observation {
                fiscal_year: c.fiscal_year,
                kind: c.kind,
                value: p.value,
                bound: p.bound,
                raw: raw.to_string(),
            })
        })
        .collect()
}

/// Build an indicator from its written name (unit in the last bracket).
pub(crate) fn indicator(
    name: &str,
    description: Option<String>,
    observations: Vec<Observation>,
    span: Span,
    rules: &Ctx,
) -> Indicator {
    let (name, unit) = unit_of(name, rules);
    Indicator {
        name,
        unit,
        description,
        observations,
        table_id: None,
        span,
    }
}

/// A row-number column's header (`No.`, `番号`): a `number_column_words` entry of
/// `records.toml`, case and a final dot ignored.
fn is_no_column(c: &str, rules: &Ctx) -> bool {
    let t = c.trim().trim_end_matches(['.', '．']).to_ascii_lowercase();
    rules
        .records
        .number_column_words
        .iter()
        .any(|w| !w.is_empty() && w.trim_end_matches('.').to_ascii_lowercase() == t)
}

/// Document-level indicator tables (outside evaluation sheets, `skip`).
pub fn extract(doc: &NormDoc, tables: &[Table], rules: &Ctx, skip: &[bool]) -> Vec<Indicator> {
    let lines = &doc.lines;
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let l = &lines[i];
        if l.furniture || skip.get(i).copied().unwrap_or(false) || !l.text.contains('\t') {
            i += 1;
            continue;
        }
        let header = tab_cells(&l.text);
        let Some(cols) = kind_columns(&header, rules) else {
            i += 1;
            continue;
        };
        let name_col = name_column(&header, &cols, rules);
        let (found, next) = match name_col {
            Some(nc) => rows_table(lines, i, &header, nc, &cols, rules),
            None => named_above(lines, i, &header, &cols, rules),
        };
        out.extend(found);
        i = next.max(i + 1);
    }
    out.extend(from_tables(lines, tables, rules, skip));
    out
}

/// The column holding indicator names: headed by an indicator word (`指標(単位)`), else the
/// first non-value column that is not a `No.` column.
fn name_column(header: &[String], cols: &[KindColumn], rules: &Ctx) -> Option<usize> {
    let value_col = |k: usize| cols.iter().any(|kc| kc.index == k);
    header
        .iter()
        .enumerate()
        .find(|(k, c)| {
            !value_col(*k)
                && rules
                    .records
                    .indicator_name_words
                    .iter()
                    .any(|w| c.contains(w.as_str()))
        })
        .or_else(|| {
            header
                .iter()
                .enumerate()
                .find(|(k, c)| !value_col(*k) && !is_no_column(c, rules) && !c.is_empty())
        })
        .map(|(k, _)| k)
}

/// Indicator tables written as HTML, pipe or space-aligned tables (tab-separated ones are read
/// line by line above): a header row of kinds and years and a name column.
fn from_tables(lines: &[NormLine], tables: &[Table], rules: &Ctx, skip: &[bool]) -> Vec<Indicator> {
    let mut out = Vec::new();
    for (first, _, table) in super::tables_at(lines, tables) {
        if table.kind == "tsv" || skip.get(first).copied().unwrap_or(false) {
            continue;
        }
        let rows = &table.rows;
        let Some((h, cols)) = rows
            .iter()
            .enumerate()
            .find_map(|(h, r)| kind_columns(r, rules).map(|c| (h, c)))
        else {
            continue;
        };
        let Some(header) = rows.get(h) else {
            continue;
        };
        let Some(nc) = name_column(header, &cols, rules) else {
            continue;
        };
        for row in rows.iter().skip(h + 1) {
            let name = row.get(nc).map(|s| s.trim()).unwrap_or("");
            if name.is_empty() || is_row_number(name) || is_dash(name) {
                continue;
            }
            let obs = observations(row, header.len(), &cols);
            let mut ind = indicator(name, None, obs, table.span, rules);
            ind.table_id = Some(table.id.clone());
            out.push(ind);
        }
    }
    out
}

/// One indicator per row: the name in column `nc`, `説明` lines after a row describe it.
fn rows_table(
    lines: &[NormLine],
    h: usize,
    header: &[String],
    nc: usize,
    cols: &[KindColumn],
    rules: &Ctx,
) -> (Vec<Indicator>, usize) {
    let mut out: Vec<Indicator> = Vec::new();
    let mut in_description = false;
    let mut j = h + 1;
    while j < lines.len() {
        let l = &lines[j];
        if l.furniture {
            j += 1;
            continue;
        }
        let t = l.text.trim();
        if t.is_empty() {
            // Blank lines between rows (PDF row gaps): go on if another row of the table follows.
            let next = (j + 1..lines.len()).find(|&n| !lines[n].text.trim().is_empty());
            match next {
                Some(n)
                    if tab_cells(&lines[n].text).len() + 1 >= header.len()
                        && lines[n].text.contains('\t')
                        && kind_columns(&tab_cells(&lines[n].text), rules).is_none() =>
                {
                    in_description = false;
                    j = n;
                    continue;
                }
                _ => break,
            }
        }
        let described = after_label(t, &rules.records.description_words).or_else(|| {
            // `説明公共施設…` (PDF text without the gap after the label).
            rules
                .records
                .description_words
                .iter()
                .filter(|w| !w.is_empty() && t.starts_with(w.as_str()) && !t.contains('\t'))
                .max_by_key(|w| w.len())
                .map(|w| (&t[..w.len()], t[w.len()..].trim()))
        });
        if let Some((_, rest)) = described {
            if let Some(last) = out.last_mut() {
                let d = rest.replace('\t', " ");
                last.description = Some(match last.description.take() {
                    Some(prev) => format!("{prev}\n{d}"),
                    None => d,
                });
                last.span = last.span.to(l.span);
            }
            in_description = true;
            j += 1;
            continue;
        }
        if t.starts_with(['※', '*', '注']) {
            in_description = false;
            j += 1;
            continue;
        }
        if !t.contains('\t') {
            // A description wrapped onto the next line.
            if in_description && parse_label(t, rules.numbering).is_none() {
                if let Some(d) = out.last_mut().and_then(|l| l.description.as_mut()) {
                    *d = join_wrapped(d, t);
                    j += 1;
                    continue;
                }
            }
            break;
        }
        in_description = false;
        let cells = repair_row(tab_cells(t), header.len());
        let shift = cells.len() as isize - header.len() as isize;
        let name_idx = if shift != 0 && nc as isize + shift >= 0 && cells.len() < header.len() {
            (nc as isize + shift) as usize
        } else {
            nc
        };
        let name = cells.get(name_idx).map(|s| s.trim()).unwrap_or("");
        if name.is_empty() || is_row_number(name) || is_dash(name) {
            j += 1;
            continue;
        }
        let obs = observations(&cells, header.len(), cols);
        out.push(indicator(name, None, obs, l.span, rules));
        j += 1;
    }
    (out, j)
}

/// A header of value columns only: the name (and description) are the lines above it, back to
/// the previous label or table line; the values are the next row.
fn named_above(
    lines: &[NormLine],
    h: usize,
    header: &[String],
    cols: &[KindColumn],
    rules: &Ctx,
) -> (Vec<Indicator>, usize) {
    let Some(v) = (h + 1..lines.len()).find(|&k| !lines[k].text.trim().is_empty()) else {
        return (Vec::new(), h + 1);
    };
    let values_line = lines[v].text.trim();
    if !values_line.contains('\t') && parse_number(values_line).value.is_none() {
        return (Vec::new(), h + 1);
    }
    let values = tab_cells(values_line);
    if !values.iter().any(|c| parse_number(c).is_value_like()) {
        return (Vec::new(), h + 1);
    }
    let mut above: Vec<usize> = Vec::new();
    let mut k = h;
    while k > 0 && above.len() < 3 {
        k -= 1;
        let t = lines[k].text.trim();
        if lines[k].furniture || t.is_empty() {
            continue;
        }
        if t.contains('\t') || parse_label(t, rules.numbering).is_some() {
            break;
        }
        above.push(k);
    }
    above.reverse();
    let texts: Vec<&str> = above
        .iter()
        .map(|&k| lines[k].text.trim())
        .filter(|t| !(t.starts_with('【') && t.ends_with('】')))
        .collect();
    let Some(name) = texts.first() else {
        return (Vec::new(), v + 1);
    };
    if is_dash(name) {
        return (Vec::new(), v + 1);
    }
    let description = texts.get(1).filter(|d| !is_dash(d)).map(|d| d.to_string());
    let first = above.first().copied().unwrap_or(h);
    let obs = observations(&values, header.len(), cols);
    (
        vec![indicator(
            name,
            description,
            obs,
            span_of(lines, first, v),
            rules,
        )],
        v + 1,
    )
}

/// Split cells that PDF extraction glued together until the row has `want` cells: a value
/// after a space (`…(%) 71.4`, `167.7 160`) or right after a closing bracket (`…(日)14.1`).
pub(crate) fn repair_row(mut cells: Vec<String>, want: usize) -> Vec<String> {
    while cells.len() < want {
        let mut split: Option<(usize, String, String)> = None;
        for (k, c) in cells.iter().enumerate().rev() {
            let c = c.trim();
            let at = c
                .rfind(' ')
                .map(|p| (p, 1))
                .filter(|&(p, _)| parse_number(&c[p + 1..]).is_value_like())
                .or_else(|| {
                    c.rfind([')', '）'])
                        .map(|p| (p + c[p..].chars().next().map_or(1, |x| x.len_utf8()), 0))
                        .filter(|&(p, _)| parse_number(&c[p..]).is_value_like())
                });
            if let Some((p, skip)) = at {
                let (left, right) = (c[..p].trim(), c[p + skip..].trim());
                if !left.is_empty() && !right.is_empty() {
                    split = Some((k, left.to_string(), right.to_string()));
                    break;
                }
            }
        }
        let Some((k, left, right)) = split else {
            break;
        };
        cells[k] = left;
        cells.insert(k + 1, right);
    }
    cells
}
