//! Table assembly: the pieces [`super::find_tables`] detects become whole tables.
//!
//! - **Continuations**: a table of header rows only followed (after blank lines or page
//!   furniture) by body rows is one table; a body followed, across a page break, by more body
//!   rows of the same width is one table, and a header the next page repeats is dropped (its
//!   text is kept as markup).
//! - **Caption lines**: up to two lines just before the table that give a caption
//!   (`(変更後)`, `表3 事業費`), a period (`令和5年度から令和9年度まで 5年間`) or a unit
//!   (`(単位 千円)`, `(百万円)`) belong to it; a first row that is only such a line is moved
//!   out of the body too.
//! - **Columns**: header rows are joined per column into one name; a header cell written over
//!   two rows (`一般財源のう` / `ち…予定額`) becomes one name, a group cell over several
//!   columns (`財源内訳`) names them only where leaf names would repeat.
//! - **Body**: one label per row (its first text cell) and cells aligned to the columns and
//!   typed ([`Cell`]), so that TSV, HTML, markdown and PDF columns of the same table end alike.
//!
//! Unit, caption and year-count words and era names are read from `keywords.toml` and `eras.toml`
//! ([`super::Words`]); brackets, range marks (`から`, `～`, `-`) and the small kana a wrapped cell
//! may start with stay in code as grammar.

use std::collections::BTreeMap;

use super::{count_header_rows, is_row_number, parse_number, span_of, FoundTable, Words};
use crate::model::Cell;
use crate::normalize::NormLine;

/// Assemble `found` (tables detected in `lines`, in order) into whole tables.
pub fn assemble(lines: &[NormLine], found: Vec<FoundTable>, cx: &Words<'_>) -> Vec<FoundTable> {
    let mut merged: Vec<FoundTable> = Vec::new();
    for t in found {
        if let Some(prev) = merged.last_mut() {
            if gap_is_blank(lines, prev.last + 1, t.first) && continues(prev, &t, cx) {
                join(lines, prev, t, cx);
                continue;
            }
        }
        merged.push(t);
    }
    let mut out = Vec::with_capacity(merged.len());
    let mut floor = 0usize;
    for mut t in merged {
        detach_caption_row(&mut t, cx);
        attach_caption(lines, &mut t, floor, cx);
        describe(&mut t);
        floor = t.last + 1;
        out.push(t);
    }
    out
}

/// Lines `from..to` are blank or page furniture (a page break between two table parts).
fn gap_is_blank(lines: &[NormLine], from: usize, to: usize) -> bool {
    from <= to
        && to - from <= 12
        && lines
            .get(from..to)
            .is_some_and(|g| g.iter().all(|l| l.furniture || l.text.trim().is_empty()))
}

fn width(rows: &[Vec<String>]) -> usize {
    rows.iter().map(Vec::len).max().unwrap_or(0)
}

/// A row with a value outside its first column that is not a caption line (`6年間` reads
/// as a number).
fn value_row(r: &[String], cx: &Words<'_>) -> bool {
    r.iter().skip(1).any(|c| parse_number(c).is_value_like()) && !is_caption_row(r, cx)
}

fn is_caption_row(r: &[String], cx: &Words<'_>) -> bool {
    caption_parts(&r.join("\t"), cx)
        .is_some_and(|(_, period, unit)| period.is_some() || unit.is_some())
}

/// The rows before the first value row.
fn lead_rows(rows: &[Vec<String>], cx: &Words<'_>) -> usize {
    rows.iter()
        .position(|r| value_row(r, cx))
        .unwrap_or(rows.len())
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn same_rows(a: &[Vec<String>], b: &[Vec<String>]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| {
            let x: Vec<String> = x
                .iter()
                .map(|c| squeeze(c))
                .filter(|c| !c.is_empty())
                .collect();
            let y: Vec<String> = y
                .iter()
                .map(|c| squeeze(c))
                .filter(|c| !c.is_empty())
                .collect();
            x == y
        })
}

/// Whether `next` continues `prev`: a header-only piece followed by its body, or a body
/// continued (with or without its header repeated) at the same width.
fn continues(prev: &FoundTable, next: &FoundTable, cx: &Words<'_>) -> bool {
    let (p, n) = (&prev.table, &next.table);
    if p.kind != n.kind || p.rows.is_empty() || n.rows.is_empty() {
        return false;
    }
    let p_lead = lead_rows(&p.rows, cx);
    let n_lead = lead_rows(&n.rows, cx);
    let (pw, nw) = (width(&p.rows), width(&n.rows));
    if p_lead == p.rows.len() {
        // Header rows only: the body must start at once and be as wide as the widest header.
        return n_lead == 0 && nw == pw && p.rows.len() <= 4;
    }
    if nw != pw || n_lead == n.rows.len() {
        return false;
    }
    n_lead == 0 || same_rows(&n.rows[..n_lead], &p.rows[..p_lead])
}

/// Append `next` to `prev`; a repeated header is dropped into the markup.
fn join(lines: &[NormLine], prev: &mut FoundTable, next: FoundTable, cx: &Words<'_>) {
    let repeated = if lead_rows(&prev.table.rows, cx) < prev.table.rows.len() {
        lead_rows(&next.table.rows, cx)
    } else {
        0
    };
    let FoundTable {
        first,
        last,
        table,
        markup,
    } = next;
    let mut rows = table.rows.into_iter();
    for _ in 0..repeated {
        if let Some(r) = rows.next() {
            let span = lines.get(first).map_or(table.span, |l| l.span);
            prev.markup.push((span, r.concat()));
        }
    }
    prev.table.rows.extend(rows);
    prev.markup.extend(markup);
    let _ = first;
    prev.last = last;
    prev.table.span = span_of(lines, prev.first, last);
    if prev.table.kind != "html" && prev.table.kind != "pipe" {
        prev.table.header_rows = count_header_rows(&prev.table.rows);
    }
}

/// The caption parts of a line: caption text, period, unit; `None` unless the line gives a
/// unit or a period, or reads as a table caption (`表3 …`, a short bracketed note).
pub fn caption_parts(
    text: &str,
    cx: &Words<'_>,
) -> Option<(Option<String>, Option<String>, Option<String>)> {
    let t = text.trim();
    if t.is_empty() || t.chars().count() > 80 || is_value_row(t, cx) {
        return None;
    }
    let (rest, unit) = take_unit(t, cx);
    let (rest, years) = take_years_count(&rest, cx);
    let rest = rest.trim();
    let (caption, mut period) = match period_start(rest, cx) {
        Some(at) => (rest[..at].trim().to_string(), Some(tidy(&rest[at..]))),
        None => (rest.to_string(), None),
    };
    if let Some(y) = years {
        period = Some(match period {
            Some(p) => format!("{p} {y}"),
            None => y,
        });
    }
    let caption = tidy(&caption);
    let caption = (!caption.is_empty()).then_some(caption);
    let titled = caption.as_deref().is_some_and(|c| is_caption_text(c, cx));
    if unit.is_none() && period.is_none() && !titled {
        return None;
    }
    if caption
        .as_deref()
        .is_some_and(|c| c.ends_with('。') || c.chars().count() > 40)
    {
        return None;
    }
    Some((caption, period, unit))
}

/// A row of cells with a plain value (`1⇥市民満足度(%)⇥71.4`), not a caption; a count of years
/// (`5年間`) and a unit (`(単位⇥千円)`) are no values.
fn is_value_row(t: &str, cx: &Words<'_>) -> bool {
    let cells: Vec<&str> = t
        .split('\t')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    let plain_value = |c: &&str| {
        parse_number(c).is_value_like() && !c.contains('年') && take_years_count(c, cx).1.is_none()
    };
    cells.len() >= 2 && cells.iter().any(plain_value)
}

/// Whitespace runs (tabs included) as one space.
fn tidy(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Take the unit out of a caption line: `(単位 千円)`, `(単位:百万円)`, `単位：%`, `(千円)`.
fn take_unit(t: &str, cx: &Words<'_>) -> (String, Option<String>) {
    let label = cx
        .keywords
        .unit_labels
        .iter()
        .filter(|w| !w.is_empty())
        .find_map(|w| t.find(w.as_str()).map(|at| (at, w.len())));
    if let Some((at, label_len)) = label {
        let before = &t[..at];
        let open = before.trim_end().ends_with(['(', '（']);
        let depth = |s: &str| {
            s.chars().filter(|c| matches!(c, '(' | '（')).count() as i64
                - s.chars().filter(|c| matches!(c, ')' | '）')).count() as i64
        };
        if !open && depth(before) > 0 {
            // `総コスト(事業費+人件費 単位:千円)`: the unit of one column, in its name.
            return (t.to_string(), None);
        }
        let after = &t[at + label_len..];
        let after_t = after.trim_start_matches([':', '：', ' ', '\t', '\u{3000}', '=']);
        let end = if open {
            after_t.find([')', '）'])
        } else {
            after_t.find(char::is_whitespace)
        }
        .unwrap_or(after_t.len());
        let unit = tidy(&after_t[..end]);
        if !unit.is_empty() && unit.chars().count() <= 8 {
            let head = if open {
                let b = before.trim_end();
                &b[..b.len() - b.chars().last().map_or(0, char::len_utf8)]
            } else {
                before
            };
            let mut tail = &after_t[end..];
            if open {
                tail = tail.strip_prefix([')', '）']).unwrap_or(tail);
            }
            return (format!("{head} {tail}"), Some(unit));
        }
    }
    for u in cx.keywords.caption_units.iter().filter(|u| !u.is_empty()) {
        for (o, c) in [("(", ")"), ("（", "）")] {
            let pat = format!("{o}{u}{c}");
            if let Some(at) = t.find(&pat) {
                let rest = format!("{} {}", &t[..at], &t[at + pat.len()..]);
                // A bare `(億円)` ends an indicator name (`市債残高(億円)`) as often as it
                // gives a table's unit: only beside a short caption (`事業費(千円)`).
                if tidy(&rest).chars().count() > 12 && !is_caption_text(&tidy(&rest), cx) {
                    continue;
                }
                return (rest, Some(u.clone()));
            }
        }
    }
    (t.to_string(), None)
}

/// Take a count of years (`5年間`, `6か年`) out of a caption line.
fn take_years_count(t: &str, cx: &Words<'_>) -> (String, Option<String>) {
    for suffix in cx
        .eras
        .words
        .year_count_units
        .iter()
        .filter(|u| !u.is_empty())
    {
        let mut from = 0;
        while let Some(rel) = t[from..].find(suffix.as_str()) {
            let at = from + rel;
            let head = &t[..at];
            let digits = head
                .chars()
                .rev()
                .take_while(|c| c.is_ascii_digit())
                .count();
            let start = at - digits;
            let standalone = head[..start]
                .chars()
                .last()
                .is_none_or(|c| c.is_whitespace() || matches!(c, ')' | '）' | 'で'));
            if digits > 0 && standalone {
                let end = at + suffix.len();
                let count = t[start..end].to_string();
                return (format!("{} {}", &t[..start], &t[end..]), Some(count));
            }
            from = at + suffix.len();
        }
    }
    (t.to_string(), None)
}

/// A line read as a caption by its words alone: `表1 …`, `図表2 …`, `(変更後)`, `【…】`.
fn is_caption_text(c: &str, cx: &Words<'_>) -> bool {
    let c = c.trim();
    let bracketed =
        |o: char, e: char| c.starts_with(o) && c.ends_with(e) && c.chars().count() <= 12;
    cx.keywords.caption_words.iter().any(|w| {
        !w.is_empty()
            && c.strip_prefix(w.as_str())
                .and_then(|r| r.chars().next())
                .is_some_and(|d| d.is_ascii_digit())
    }) || bracketed('(', ')')
        || bracketed('【', '】')
        || bracketed('〔', '〕')
}

/// Where a period range starts in `p` (`令和5年度から令和9年度まで`, `2025～2029年度`).
fn period_start(p: &str, cx: &Words<'_>) -> Option<usize> {
    let ranged = ["から", "～", "〜", "~", "－", "-", "―"]
        .iter()
        .any(|m| p.contains(m));
    if !ranged || !(p.contains('年')) {
        return None;
    }
    let eras = cx
        .eras
        .eras
        .iter()
        .flat_map(|e| [e.name.as_str(), e.abbrev.as_str()]);
    let mut best: Option<usize> = None;
    for e in eras.filter(|e| !e.is_empty()) {
        if let Some(i) = p.find(e) {
            let after = &p[i + e.len()..];
            if after.starts_with(|c: char| c.is_ascii_digit() || c == '元') {
                best = Some(best.map_or(i, |b| b.min(i)));
            }
        }
    }
    if best.is_none() {
        best = p.find(|c: char| c.is_ascii_digit());
    }
    best
}

/// A first row that is only a caption line (a PDF row run may start with it).
fn detach_caption_row(t: &mut FoundTable, cx: &Words<'_>) {
    let Some(first) = t.table.rows.first() else {
        return;
    };
    if t.table.rows.len() < 3 || !is_caption_row(first, cx) {
        return;
    }
    let text = first.join("\t");
    if let Some((caption, period, unit)) = caption_parts(&text, cx) {
        if unit.is_none() && period.is_none() {
            return;
        }
        t.table.rows.remove(0);
        t.markup.push((t.table.span, text.replace('\t', "")));
        set_caption(t, caption, period, unit);
        if t.table.kind != "html" && t.table.kind != "pipe" {
            t.table.header_rows = count_header_rows(&t.table.rows);
        } else {
            t.table.header_rows = t.table.header_rows.saturating_sub(1);
        }
    }
}

fn set_caption(
    t: &mut FoundTable,
    caption: Option<String>,
    period: Option<String>,
    unit: Option<String>,
) {
    if t.table.caption.is_none() {
        t.table.caption = caption;
    }
    if t.table.period.is_none() {
        t.table.period = period;
    }
    if t.table.unit.is_none() {
        t.table.unit = unit;
    }
}

/// Up to two caption lines just above the table (not above `floor`, the end of the previous
/// table) become its caption, period and unit; the table then starts at the first of them.
fn attach_caption(lines: &[NormLine], t: &mut FoundTable, floor: usize, cx: &Words<'_>) {
    let mut i = t.first;
    let mut taken = 0;
    while taken < 2 && i > floor {
        let mut j = i - 1;
        // at most one blank line between the caption and the table
        if lines[j].text.trim().is_empty() && j > floor && !lines[j].furniture {
            j -= 1;
        }
        let l = &lines[j];
        if l.furniture || l.text.trim().is_empty() {
            break;
        }
        let Some((caption, period, unit)) = caption_parts(&l.text, cx) else {
            break;
        };
        // The line's text is placed through the caption fields and the markup.
        let placed: String = [&caption, &period, &unit]
            .iter()
            .filter_map(|x| x.as_deref())
            .collect();
        let all: String = l.text.chars().filter(|c| !c.is_whitespace()).collect();
        let mut rest = all.clone();
        for c in placed.chars().filter(|c| !c.is_whitespace()) {
            if let Some(pos) = rest.find(c) {
                rest.replace_range(pos..pos + c.len_utf8(), "");
            }
        }
        if caption.is_some() && t.table.caption.is_some() {
            break;
        }
        t.markup.push((l.span, rest));
        if let Some(p) = &period {
            t.markup.push((l.span, squeeze(p)));
        }
        if let Some(u) = &unit {
            t.markup.push((l.span, u.clone()));
        }
        set_caption(t, caption.clone(), period, unit);
        // the caption itself is counted by the outline from `caption`; keep it out of markup
        t.first = j;
        i = j;
        taken += 1;
    }
    if t.first < t.last {
        t.table.span = span_of(lines, t.first, t.last);
    }
}

/// Whether `t` is the upper part of a header cell written over two rows (`一般財源のう` over
/// `ち辺地対策事業債の予定額`) rather than a group over `b`.
fn wraps_into(t: &str, b: &str) -> bool {
    let kana = |c: char| ('\u{3041}'..='\u{309f}').contains(&c);
    let small = |c: char| "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮー）)」』、。・".contains(c);
    let (Some(tl), Some(bf)) = (t.chars().last(), b.chars().next()) else {
        return false;
    };
    kana(tl) || kana(bf) || small(bf) || matches!(tl, '(' | '（' | '・' | '「' | '『')
}

/// Column names from the header rows, for `n` columns.
pub fn column_names(header: &[Vec<String>], n: usize) -> Vec<String> {
    let mut names: Vec<String> = vec![String::new(); n];
    let mut groups: Vec<Vec<String>> = vec![Vec::new(); n];
    for row in header.iter().rev() {
        let placed = place(row, n);
        for (k, top) in placed.into_iter().enumerate() {
            let top = top.trim().to_string();
            if top.is_empty() {
                continue;
            }
            let cur = &mut names[k];
            if cur.is_empty() {
                *cur = top;
            } else if squeeze(cur) == squeeze(&top) {
                // a cell spanning both rows, repeated (HTML rowspan)
            } else if wraps_into(&top, cur) {
                *cur = format!("{top}{cur}");
            } else {
                groups[k].insert(0, top);
            }
        }
    }
    // Leaf names that repeat are told apart by their groups.
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for nm in &names {
        *count.entry(nm.clone()).or_default() += 1;
    }
    for (k, nm) in names.iter_mut().enumerate() {
        if nm.is_empty() {
            *nm = format!("列{}", k + 1);
        } else if count.get(nm.as_str()).copied().unwrap_or(0) > 1 && !groups[k].is_empty() {
            *nm = format!("{} {nm}", groups[k].join(" "));
        }
    }
    names
}

/// A header row's cells over `n` columns: as is when it has `n`, else the first cell over the
/// first column, the last over the last, the others spread between.
fn place(row: &[String], n: usize) -> Vec<String> {
    let m = row.len();
    if m >= n || m == 0 {
        return row.iter().take(n).cloned().collect();
    }
    let mut out = vec![String::new(); n];
    if m == 1 {
        out[0] = row[0].clone();
        return out;
    }
    for (i, c) in row.iter().enumerate() {
        let k = (i * (n - 1) + (m - 1) / 2) / (m - 1);
        let k = if i == m - 1 { n - 1 } else { k.min(n - 1) };
        if out[k].is_empty() {
            out[k] = c.clone();
        }
    }
    out
}

/// A body row over `n` columns: its leading text cells from the left, the rest from the right.
pub fn align_row(row: &[String], n: usize) -> Vec<String> {
    if row.len() >= n {
        return row.iter().take(n).cloned().collect();
    }
    let lead = row
        .iter()
        .position(|c| parse_number(c).is_value_like())
        .unwrap_or(row.len());
    let mut out = vec![String::new(); n];
    for (k, c) in row.iter().take(lead).enumerate() {
        out[k] = c.clone();
    }
    let rest = &row[lead..];
    let start = n - rest.len();
    for (k, c) in rest.iter().enumerate() {
        out[start + k] = c.clone();
    }
    out
}

/// Fill `columns`, `row_labels` and `cells` from the rows.
fn describe(t: &mut FoundTable) {
    let table = &mut t.table;
    let h = (table.header_rows as usize).min(table.rows.len());
    let n = width(&table.rows);
    table.columns = column_names(&table.rows[..h], n);
    // A label cell spanning two columns (`<td colspan=2>合計</td>`) is written once in the
    // source: its repetition in the next column, made when the HTML table was read, is no
    // value of that column. Only there: in text and PDF tables two equal cells side by side
    // (`円 ⇥ 円`, a unit row) are both written in the source and both kept.
    let spans_repeated = table.kind == "html";
    for r in table.rows[h..].iter_mut().filter(|_| spans_repeated) {
        let lead = r
            .iter()
            .take_while(|c| !parse_number(c).is_value_like())
            .count();
        for k in (1..lead.min(r.len())).rev() {
            if !r[k].trim().is_empty() && r[k].trim() == r[k - 1].trim() {
                r[k].clear();
            }
        }
    }
    let body = &table.rows[h..];
    // The row's leading text cells; a row number in the first cell (`No.` column) is no
    // label: rows keep their label when a version renumbers them.
    let lead_label = |r: &[String]| -> Vec<String> {
        let numbered = r.len() > 1 && is_row_number(&r[0]);
        r.iter()
            .skip(usize::from(numbered))
            .take_while(|c| !parse_number(c).is_value_like())
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
            .collect()
    };
    let firsts: Vec<String> = body
        .iter()
        .map(|r| lead_label(r).into_iter().next().unwrap_or_default())
        .collect();
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &firsts {
        *count.entry(f.as_str()).or_default() += 1;
    }
    table.row_labels = body
        .iter()
        .zip(&firsts)
        .enumerate()
        .map(|(i, (r, f))| {
            if f.is_empty() {
                format!("行{}", i + 1)
            } else if count.get(f.as_str()).copied().unwrap_or(0) > 1 {
                lead_label(r).join(" ")
            } else {
                f.clone()
            }
        })
        .collect();
    let unit = table.unit.clone();
    table.cells = body
        .iter()
        .map(|r| {
            align_row(r, n)
                .into_iter()
                .map(|text| {
                    let p = parse_number(&text);
                    let u = p.value.and(p.unit.clone().or_else(|| unit.clone()));
                    Cell {
                        value: p.value,
                        unit: u,
                        text,
                    }
                })
                .collect()
        })
        .collect();
}
