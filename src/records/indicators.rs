//! Indicators (指標) from tables whose header names observation kinds and fiscal years:
//! `No. | 指標(単位) | 現状値 令和5年度末 | 目標値 令和11年度末` (one indicator per row) or
//! `R2年度実績 | R3年度実績 | R4年度見込み | 最終年度目標 (R7年度)` with the name above the
//! header and the values on the row below (evaluation sheets).

use super::text::{after_label, fiscal_year, is_dash, observation_kind, unit_of};
use crate::model::{Indicator, Observation, ObservationKind, Span};
use crate::normalize::{NormDoc, NormLine};
use crate::numbering::parse_label;
use crate::rules::Rules;
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
pub(crate) fn kind_columns(cells: &[String], rules: &Rules) -> Option<Vec<KindColumn>> {
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
    rules: &Rules,
) -> Indicator {
    let (name, unit) = unit_of(name, rules);
    Indicator {
        name,
        unit,
        description,
        observations,
        span,
    }
}

fn is_no_column(c: &str) -> bool {
    let t = c.trim().trim_end_matches(['.', '．']).to_ascii_lowercase();
    matches!(t.as_str(), "no" | "番号" | "#" | "№")
}

/// Document-level indicator tables (outside evaluation sheets, `skip`).
pub fn extract(doc: &NormDoc, rules: &Rules, skip: &[bool]) -> Vec<Indicator> {
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
        let name_col = header
            .iter()
            .enumerate()
            .find(|(k, c)| {
                !cols.iter().any(|kc| kc.index == *k)
                    && rules
                        .records
                        .indicator_name_words
                        .iter()
                        .any(|w| c.contains(w.as_str()))
            })
            .or_else(|| {
                header.iter().enumerate().find(|(k, c)| {
                    !cols.iter().any(|kc| kc.index == *k) && !is_no_column(c) && !c.is_empty()
                })
            })
            .map(|(k, _)| k);
        let (found, next) = match name_col {
            Some(nc) => rows_table(lines, i, &header, nc, &cols, rules),
            None => named_above(lines, i, &header, &cols, rules),
        };
        out.extend(found);
        i = next.max(i + 1);
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
    rules: &Rules,
) -> (Vec<Indicator>, usize) {
    let mut out: Vec<Indicator> = Vec::new();
    let mut j = h + 1;
    while j < lines.len() {
        let l = &lines[j];
        if l.furniture {
            j += 1;
            continue;
        }
        let t = l.text.trim();
        if t.is_empty() {
            break;
        }
        if let Some((_, rest)) = after_label(t, &rules.records.description_words) {
            if let Some(last) = out.last_mut() {
                let d = rest.replace('\t', " ");
                last.description = Some(match last.description.take() {
                    Some(prev) => format!("{prev}\n{d}"),
                    None => d,
                });
                last.span = last.span.to(l.span);
            }
            j += 1;
            continue;
        }
        if t.starts_with(['※', '*', '注']) {
            j += 1;
            continue;
        }
        if !t.contains('\t') {
            break;
        }
        let cells = tab_cells(t);
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
    rules: &Rules,
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
        if t.contains('\t') || parse_label(t, rules).is_some() {
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
