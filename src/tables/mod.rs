//! Tables: finds tables in normalized lines and parses cells and numbers.
//!
//! Forms recognized by [`find_tables`], written in `Table.kind`:
//! - `tsv`: two or more tab-separated lines, consecutive or (lines of three or more cells) one
//!   blank line apart (the PDF reader and many TXT converters put `\t` between columns); a
//!   caption line giving a unit or period ends the run; bare row-number lines inside
//!   the run (`5`, `6`, …, the empty numbered rows of a form) belong to the table and are
//!   dropped as filler;
//! - `html`: an HTML `<table>` embedded in the text, on one line or several, with `<br>`,
//!   `<ul><li>`, `rowspan`/`colspan` (spanned cells are repeated in every position they cover);
//! - `pipe`: markdown pipe tables (`| a | b |`, with an optional `|---|` line ending the header);
//! - `spaces`: two or more consecutive lines whose cells are separated by two or more spaces
//!   and that have the same number of cells (at least two).
//!
//! Rows whose only non-empty cell is a row number are dropped. `header_rows` counts the
//! leading rows before the first row holding a value (a number or a dash) outside its first
//! column; HTML tables use `<thead>`/`<th>` instead.
//! [`parse_number`] reads a cell as a number (thousands separators, `%`, `△`/`▲` minus,
//! dashes for "no value", footnote marks kept apart, `以下`/`以上` bounds).

mod assemble;
mod html;
mod number;

pub(crate) use assemble::caption_parts;

pub(crate) use html::strip_tags;
pub(crate) use number::is_row_number;
pub use number::{parse_number, Parsed};

use crate::model::{Span, Table};
use crate::rules::{EraRules, KeywordRules};

/// The words table detection reads: caption units, unit and caption words
/// (`keywords.toml`), era names and counts of years (`eras.toml`).
#[derive(Clone, Copy)]
pub(crate) struct Words<'a> {
    /// `keywords.toml`.
    pub keywords: &'a KeywordRules,
    /// `eras.toml`.
    pub eras: &'a EraRules,
}
use crate::normalize::NormLine;

/// A table and the lines it occupies: `lines[first..=last]` of the slice it was found in.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundTable {
    /// Index of the table's first line in the slice.
    pub first: usize,
    /// Index of the table's last line in the slice.
    pub last: usize,
    /// The table (its `id` left for the caller to set).
    pub table: Table,
    /// Text of these lines that is not in the table's cells, by line: dropped filler rows,
    /// HTML tags, pipe-table bars and separator rows. The outline's loss check counts it as
    /// placed (markup).
    pub markup: Vec<(Span, String)>,
}

/// Split a tab-separated line into trimmed cells.
pub(crate) fn tab_cells(text: &str) -> Vec<String> {
    text.split('\t').map(|c| c.trim().to_string()).collect()
}

/// Split a line on runs of two or more spaces (ideographic spaces count as two); `None`
/// when it has fewer than two cells.
pub(crate) fn space_cells(text: &str) -> Option<Vec<String>> {
    let t = text.trim();
    if t.is_empty() || t.contains('\t') {
        return None;
    }
    let mut cells = Vec::new();
    let mut cur = String::new();
    let mut spaces = 0usize;
    for c in t.chars() {
        match c {
            ' ' => spaces += 1,
            '\u{3000}' => spaces += 2,
            _ => {
                if spaces >= 2 {
                    cells.push(std::mem::take(&mut cur));
                } else if spaces == 1 {
                    cur.push(' ');
                }
                spaces = 0;
                cur.push(c);
            }
        }
    }
    cells.push(cur);
    (cells.len() >= 2).then_some(cells)
}

/// The cells of a markdown pipe row (`| a | b |`), or `None`.
pub(crate) fn pipe_cells(text: &str) -> Option<Vec<String>> {
    let t = text.trim();
    let inner = t.strip_prefix('|')?;
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let cells: Vec<String> = inner.split('|').map(|c| c.trim().to_string()).collect();
    (cells.len() >= 2 || t.ends_with('|') && t.len() > 1).then_some(cells)
}

/// `|---|:--:|` separator row of a pipe table.
fn is_pipe_separator(cells: &[String]) -> bool {
    cells.iter().all(|c| {
        let c = c.trim();
        !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' '))
    })
}

/// A row that is only a row number (the empty numbered rows of a form), or empty.
pub(crate) fn is_filler_row(cells: &[String]) -> bool {
    let mut non_empty = cells.iter().filter(|c| !c.trim().is_empty());
    match (non_empty.next(), non_empty.next()) {
        (None, _) => true,
        (Some(c), None) => is_row_number(c),
        _ => false,
    }
}

/// How many leading rows are headers: the rows before the first one with a value (a number
/// or a dash) outside its first column. A table without any such row has none.
pub(crate) fn count_header_rows(rows: &[Vec<String>]) -> u32 {
    let valued = |r: &Vec<String>| r.iter().skip(1).any(|c| parse_number(c).is_value_like());
    match rows.iter().position(valued) {
        Some(n) => n as u32,
        None => 0,
    }
}

fn is_bare_row_number(line: &NormLine) -> bool {
    !line.furniture && is_row_number(&line.text)
}

/// A tab line of three or more cells.
fn wide(line: &NormLine) -> bool {
    line.text.split('\t').count() >= 3
}

/// A line giving a table's unit or period (see [`caption_parts`]).
fn is_caption_line(text: &str, cx: &Words<'_>) -> bool {
    caption_parts(text, cx).is_some_and(|(_, period, unit)| period.is_some() || unit.is_some())
}

fn is_tsv(line: &NormLine) -> bool {
    !line.furniture && line.text.contains('\t')
}

/// Find the tables among `lines`, assembled (see the `assemble` module): pieces of one table joined,
/// caption lines attached, columns named, body cells typed. Table ids are left empty; the
/// caller numbers them.
pub fn find_tables(
    lines: &[NormLine],
    keywords: &KeywordRules,
    eras: &EraRules,
) -> Vec<FoundTable> {
    let cx = Words { keywords, eras };
    assemble::assemble(lines, find_pieces(lines, &cx), &cx)
}

/// The table pieces among `lines` as written, before assembly.
pub(crate) fn find_pieces(lines: &[NormLine], cx: &Words<'_>) -> Vec<FoundTable> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if let Some((t, next)) = html_at(lines, i)
            .or_else(|| tsv_at(lines, i, cx))
            .or_else(|| pipe_at(lines, i))
            .or_else(|| spaces_at(lines, i))
        {
            out.push(t);
            i = next;
        } else {
            i += 1;
        }
    }
    out
}

fn make(
    lines: &[NormLine],
    first: usize,
    last: usize,
    rows: Vec<(Span, Vec<String>)>,
    kind: &str,
    mut markup: Vec<(Span, String)>,
) -> FoundTable {
    let mut kept = Vec::new();
    for (span, r) in rows {
        if is_filler_row(&r) {
            markup.push((span, r.concat()));
        } else {
            kept.push(r);
        }
    }
    let rows = kept;
    let header_rows = count_header_rows(&rows);
    FoundTable {
        first,
        last,
        table: Table {
            id: String::new(),
            caption: None,
            header_rows,
            rows,
            kind: kind.into(),
            span: span_of(lines, first, last),
            ..Table::default()
        },
        markup,
    }
}

/// Tab-separated rows from `i`: two or more tab lines, bare row numbers between them kept.
fn tsv_at(lines: &[NormLine], i: usize, cx: &Words<'_>) -> Option<(FoundTable, usize)> {
    if !is_tsv(lines.get(i)?) {
        return None;
    }
    let mut last = i;
    let mut j = i + 1;
    let mut tab_lines = 1;
    while j < lines.len() {
        if is_tsv(&lines[j]) && is_caption_line(&lines[j].text, cx) {
            // A caption line (`(変更後)… (単位 千円)`) starts the next table.
            break;
        } else if is_tsv(&lines[j]) {
            last = j;
            tab_lines += 1;
            j += 1;
        } else if lines[j].text.trim().is_empty()
            && !lines[j].furniture
            && lines.get(j + 1).is_some_and(is_tsv)
            && wide(&lines[last])
            && lines.get(j + 1).is_some_and(wide)
        {
            // One blank line between rows (a PDF row run spaced out): the table goes on.
            j += 1;
        } else if is_bare_row_number(&lines[j]) {
            // Filler rows: part of the table only if a tab row follows the run.
            let mut k = j;
            while k < lines.len() && is_bare_row_number(&lines[k]) {
                k += 1;
            }
            if k < lines.len() && is_tsv(&lines[k]) {
                j = k;
            } else {
                break;
            }
        } else {
            break;
        }
    }
    if tab_lines < 2 {
        return None;
    }
    let rows = lines[i..=last]
        .iter()
        .map(|l| (l.span, tab_cells(&l.text)))
        .collect();
    Some((make(lines, i, last, rows, "tsv", Vec::new()), last + 1))
}

/// An HTML `<table>` starting on line `i` and ending at `</table>` (at most 400 lines on).
fn html_at(lines: &[NormLine], i: usize) -> Option<(FoundTable, usize)> {
    let line = lines.get(i)?;
    let lower = line.text.to_ascii_lowercase();
    if line.furniture || !lower.contains("<table") {
        return None;
    }
    let mut text = String::new();
    let mut last = i;
    let mut markup = Vec::new();
    for (j, l) in lines.iter().enumerate().skip(i).take(400) {
        if l.furniture {
            continue;
        }
        markup.push((l.span, html::tag_text(&l.text)));
        text.push_str(&l.text);
        text.push('\n');
        last = j;
        if l.text.to_ascii_lowercase().contains("</table") {
            break;
        }
    }
    let t = html::parse_table(&text)?;
    let mut rows: Vec<Vec<String>> = Vec::new();
    for r in t.rows {
        if is_filler_row(&r) {
            markup.push((lines[i].span, r.concat()));
        } else {
            rows.push(r);
        }
    }
    Some((
        FoundTable {
            first: i,
            last,
            table: Table {
                id: String::new(),
                caption: t.caption,
                header_rows: t.header_rows.min(rows.len() as u32),
                rows,
                kind: "html".into(),
                span: span_of(lines, i, last),
                ..Table::default()
            },
            markup,
        },
        last + 1,
    ))
}

/// A markdown pipe table: two or more consecutive `| … |` lines.
fn pipe_at(lines: &[NormLine], i: usize) -> Option<(FoundTable, usize)> {
    let mut rows: Vec<(Span, Vec<String>)> = Vec::new();
    let mut markup = Vec::new();
    let mut sep_at: Option<usize> = None;
    let mut j = i;
    while j < lines.len() && !lines[j].furniture {
        let Some(cells) = pipe_cells(&lines[j].text) else {
            break;
        };
        if is_pipe_separator(&cells) && sep_at.is_none() {
            sep_at = Some(rows.len());
            markup.push((lines[j].span, lines[j].text.clone()));
        } else {
            let bars: String = lines[j].text.chars().filter(|&c| c == '|').collect();
            markup.push((lines[j].span, bars));
            rows.push((lines[j].span, cells));
        }
        j += 1;
    }
    if j < i + 2 || rows.is_empty() {
        return None;
    }
    let last = j - 1;
    let mut t = make(lines, i, last, rows, "pipe", markup);
    if let Some(n) = sep_at {
        t.table.header_rows = (n as u32).min(t.table.rows.len() as u32);
    }
    Some((t, last + 1))
}

/// Space-aligned columns: two or more consecutive lines with the same number (≥ 2) of cells
/// separated by two or more spaces.
fn spaces_at(lines: &[NormLine], i: usize) -> Option<(FoundTable, usize)> {
    let first = space_cells(&lines.get(i)?.text)?;
    let n = first.len();
    let mut rows = vec![(lines[i].span, first)];
    let mut j = i + 1;
    while j < lines.len() && !lines[j].furniture {
        match space_cells(&lines[j].text) {
            Some(c) if c.len() == n => rows.push((lines[j].span, c)),
            _ => break,
        }
        j += 1;
    }
    if rows.len() < 2 {
        return None;
    }
    Some((make(lines, i, j - 1, rows, "spaces", Vec::new()), j))
}

/// The span covering `lines[first..=last]`.
pub(crate) fn span_of(lines: &[NormLine], first: usize, last: usize) -> Span {
    match (lines.get(first), lines.get(last)) {
        (Some(a), Some(b)) => a.span.to(b.span),
        (Some(a), None) => a.span,
        _ => Span::default(),
    }
}
