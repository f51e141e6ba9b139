//! Action items (取組項目, 実施計画項目, 改革, 取組, 具体的取組事項, compound `(1)-①-a`):
//! title, departments and description.
//!
//! Item keywords and department words are `records.toml`'s, counters `numbering.toml`'s, bullets
//! `keywords.toml`'s; brackets and sentence punctuation stay in code as grammar.

use super::depts::{is_department_list, split_departments, split_trailing};
use super::text::{after_label, compact, fold_id, is_bullet, join_wrapped, strip_md_bullet};
use super::Ctx;
use crate::model::{ActionItem, Warning};
use crate::normalize::{NormDoc, NormLine};
use crate::numbering::{parse_label, scheme};
use crate::outline::Outline;
use crate::tables::{span_of, strip_tags};

/// How far a description reaches at most, in lines.
const DESCRIPTION_LINES: usize = 40;
/// How many lines a wrapped title may take after the label line.
const TITLE_WRAP_LINES: usize = 2;
/// How many description lines may stand between an item's label and its department line.
const DESCRIPTION_BEFORE_DEPARTMENTS: usize = 4;

/// The item label at the start of `line`: (id, label as written, byte offset of the title).
pub(crate) fn item_label(line: &str, rules: &Ctx) -> Option<(String, String, usize)> {
    if let Some(f) = parse_label(line, rules.numbering) {
        let is_item = f.label.scheme == scheme::COMPOUND
            || (f.label.scheme == scheme::KEYWORD
                && f.label
                    .keyword
                    .as_ref()
                    .is_some_and(|k| rules.records.item_keywords.contains(k)));
        if is_item {
            let raw = f.label.raw.trim().to_string();
            return Some((fold_id(&raw), raw, f.title_start));
        }
        // A keyword the numbering rules know but that is not an item keyword (施策1).
        if f.label.scheme == scheme::KEYWORD {
            return None;
        }
    }
    own_keyword_label(line, rules)
}

/// Item keywords the numbering rules do not list (`具体的取組事項1`).
fn own_keyword_label(line: &str, rules: &Ctx) -> Option<(String, String, usize)> {
    let lead = line.len() - line.trim_start().len();
    let mut s = &line[lead..];
    let mut offset = lead;
    for m in &rules.numbering.marks {
        if let Some(r) = s.strip_prefix(m.as_str()) {
            s = r;
            offset += m.len();
            break;
        }
    }
    let mut best: Option<&String> = None;
    for k in &rules.records.item_keywords {
        if !k.is_empty() && s.starts_with(k.as_str()) && best.is_none_or(|b| k.len() > b.len()) {
            best = Some(k);
        }
    }
    let k = best?;
    let rest = &s[k.len()..];
    let r = rest.trim_start_matches([' ', '\u{3000}']);
    let digits: String = r
        .chars()
        .take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c))
        .collect();
    if digits.is_empty() {
        return None;
    }
    let after = &r[digits.len()..];
    if after.chars().next().is_some_and(|c| {
        c.is_ascii_digit() || matches!(c, ',' | '.') || rules.numbering.counters.contains(c)
    }) {
        return None;
    }
    let label_len = s.len() - after.len();
    let raw = s[..label_len].to_string();
    let title = after.trim_start_matches([' ', '\u{3000}', '\t', '.', '．', ':', '：']);
    let title_start = offset + (s.len() - title.len());
    Some((fold_id(&raw), raw, title_start))
}

/// Does the document have a department column or field (`担当課` as a cell, a word of a
/// header line, or a line of its own)? Only then may trailing words of an item line be read as
/// departments.
fn has_department_column(lines: &[NormLine], rules: &Ctx) -> bool {
    lines.iter().any(|l| {
        l.text
            .split(|c: char| c.is_whitespace())
            .any(|w| rules.records.department_labels.iter().any(|d| d == w))
    })
}

/// Departments given on `text` after a department label (`推進部署 政策室・財政課`), or
/// `Some(empty)` when the line is the label alone (the names follow on the next line).
fn labelled_departments(text: &str, rules: &Ctx) -> Option<Vec<String>> {
    let (_, rest) = after_label(text, &rules.records.department_labels)?;
    Some(split_departments(rest, rules))
}

fn next_non_blank(lines: &[NormLine], from: usize) -> Option<usize> {
    (from..lines.len()).find(|&j| !lines[j].furniture && !lines[j].text.trim().is_empty())
}

struct Found {
    line: usize,
    item: ActionItem,
}

/// Extract the items; lines where `skip[i]` is true (evaluation sheets) are not read.
pub fn extract(
    doc: &NormDoc,
    outline: &Outline,
    rules: &Ctx,
    skip: &[bool],
) -> (Vec<ActionItem>, Vec<Warning>) {
    let lines = &doc.lines;
    let dept_column = has_department_column(lines, rules);
    let mut found: Vec<Found> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if line.furniture || skip.get(i).copied().unwrap_or(false) {
            continue;
        }
        let Some((id, raw, title_start)) = item_label(&line.text, rules) else {
            continue;
        };
        let rest = line.text.get(title_start..).unwrap_or("");
        let mut cells: Vec<String> = rest.split('\t').map(|c| c.trim().to_string()).collect();
        // `…の推進推進部署`: a department label glued to the end of the title cell.
        if let Some(first) = cells.first().cloned() {
            if let Some(l) = rules
                .records
                .department_labels
                .iter()
                .filter(|l| {
                    l.chars().count() >= 2 && first.ends_with(l.as_str()) && first.len() > l.len()
                })
                .max_by_key(|l| l.len())
            {
                cells[0] = first[..first.len() - l.len()].trim().to_string();
                cells.insert(1, l.clone());
            }
        }
        let mut title = cells.first().cloned().unwrap_or_default();
        let mut departments: Vec<String> = Vec::new();
        let mut expect_departments = false;
        let mut dept_text = String::new();
        for c in cells.iter().skip(1) {
            let c = c.as_str();
            if c.is_empty() {
                continue;
            }
            if expect_departments {
                departments.extend(split_departments(c, rules));
                dept_text = c.to_string();
                continue;
            }
            if let Some(d) = labelled_departments(c, rules) {
                if !d.is_empty() {
                    departments.extend(d);
                    dept_text = after_label(c, &rules.records.department_labels)
                        .map(|(_, r)| r.to_string())
                        .unwrap_or_default();
                }
                expect_departments = true;
            } else if departments.is_empty() && is_department_list(c, rules) {
                departments.extend(split_departments(c, rules));
                dept_text = c.to_string();
            }
        }
        let mut last = i;
        // The department label wrapped onto the next line (`推進` / `部署⇥保険年金課`).
        if departments.is_empty() && !expect_departments {
            let tail = cells.iter().skip(1).rev().find(|c| !c.is_empty());
            if let (Some(tail), Some(n)) = (tail, lines.get(i + 1)) {
                let next_cells = crate::tables::tab_cells(&n.text);
                if let Some(head) = next_cells.first() {
                    let label = format!("{tail}{head}");
                    if rules.records.department_labels.contains(&label) {
                        let rest = next_cells[1..].join(" ");
                        departments = split_departments(&rest, rules);
                        dept_text = rest;
                        last = i + 1;
                    }
                }
            }
        }
        // The department cell wrapped onto the next line (`…下水道課整` / `備課・道路交通課`).
        let incomplete =
            dept_text.ends_with(['・', '、', ',']) || !is_department_list(&dept_text, rules);
        if !dept_text.is_empty() && incomplete {
            if let Some(n) = lines.get(i + 1).filter(|n| !n.furniture) {
                let t = n.text.trim();
                let joined = format!("{dept_text}{t}");
                if !t.is_empty()
                    && !t.starts_with('<')
                    && last == i
                    && item_label(t, rules).is_none()
                    && is_department_list(&joined, rules)
                {
                    departments = split_departments(&joined, rules);
                    last = i + 1;
                }
            }
        }
        if departments.is_empty() && dept_column && !title.is_empty() {
            let (t, d) = split_trailing(&title, rules);
            if !d.is_empty() {
                title = t;
                departments = d;
            }
        }
        // Title wrapped onto the next lines, departments on the line after (朝日町 layout), or
        // departments given on their own lines (`推進部署` / `政策室・社会教育課`).
        if departments.is_empty() {
            let mut wrapped: Vec<usize> = Vec::new();
            let mut sentences = 0;
            let mut j = i + 1;
            while let Some(k) = next_non_blank(lines, j) {
                let t = lines[k].text.trim();
                if item_label(t, rules).is_some() || parse_label(t, rules.numbering).is_some() {
                    break;
                }
                if let Some(d) = labelled_departments(t, rules) {
                    if d.is_empty() {
                        if let Some(n) = next_non_blank(lines, k + 1) {
                            let nt = lines[n].text.trim();
                            if is_department_list(nt, rules) {
                                departments = split_departments(nt, rules);
                                last = n;
                            }
                        }
                    } else {
                        departments = d;
                        last = k;
                    }
                    break;
                }
                if dept_column && is_department_list(t, rules) {
                    departments = split_departments(t, rules);
                    last = k;
                    break;
                }
                if wrapped.len() >= TITLE_WRAP_LINES || is_bullet(t, rules) || t.contains('\t') {
                    break;
                }
                // A sentence is the description: the department line may still follow it
                // (`…廃止します。` / `所管課：人事課`), but the title does not go on.
                if t.ends_with('。') || sentences > 0 {
                    sentences += 1;
                    if sentences > DESCRIPTION_BEFORE_DEPARTMENTS {
                        break;
                    }
                    j = k + 1;
                    continue;
                }
                wrapped.push(k);
                j = k + 1;
            }
            let take_wrapped = !wrapped.is_empty()
                && (title.is_empty() || !departments.is_empty())
                && sentences == 0;
            if take_wrapped {
                for &k in &wrapped {
                    title = join_wrapped(&title, lines[k].text.trim());
                }
                if departments.is_empty() {
                    last = wrapped.last().copied().unwrap_or(last);
                }
            } else if departments.is_empty() {
                last = i;
            }
        }
        // A department list continued on the next line (`・関係各課`).
        if !departments.is_empty() {
            if let Some(n) = next_non_blank(lines, last + 1) {
                let t = lines[n].text.trim();
                if t.starts_with('・')
                    && item_label(t, rules).is_none()
                    && is_department_list(t, rules)
                {
                    departments.extend(split_departments(t, rules));
                    last = n;
                }
            }
        }
        let (description, desc_last) = description(lines, last + 1, rules);
        let end = desc_last.unwrap_or(last);
        let mut section_path = outline.line_paths.get(i).cloned().unwrap_or_default();
        if section_path
            .last()
            .is_some_and(|l| fold_id(l) == id || fold_id(l) == fold_id(&raw))
        {
            section_path.pop();
        }
        // The title ends where the item's fields begin (`…の活用【取組内容】…`).
        if let Some(p) = title.find('【').filter(|&p| p > 0) {
            title.truncate(p);
        }
        let title = compact(&title);
        let mut dedup: Vec<String> = Vec::new();
        for d in departments {
            if !dedup.contains(&d) {
                dedup.push(d);
            }
        }
        found.push(Found {
            line: i,
            item: ActionItem {
                id,
                label: raw,
                title,
                departments: dedup,
                description,
                section_path,
                themes: Vec::new(),
                table_id: None,
                span: span_of(lines, i, end),
            },
        });
    }
    found.extend(from_tables(lines, outline, rules, skip));
    found.extend(from_tab_rows(lines, outline, rules, skip));
    keep_best(found, &outline.line_paths)
}

/// Is `cell` a department column's header (`担当課`, `担当課等`, `所管課・室`)?
fn is_department_header(cell: &str, rules: &Ctx) -> bool {
    rules
        .records
        .department_labels
        .iter()
        .any(|l| cell.starts_with(l.as_str()) && cell.chars().count() <= l.chars().count() + 2)
}

/// Items written as tab-separated rows under a header with a department column
/// (`項目⇥主な取組内容⇥担当課等` / `① 電子申請の拡充⇥…⇥情報企画課`, `No.⇥取組項目⇥所管課` /
/// `1⇥…`): a row whose first non-empty cell starts with a numbering label is an item (its title
/// is the rest of that cell, or the next cell); a row with only a department cell adds it to the
/// item above. Rows that lost their leading cells are read from the right.
fn from_tab_rows(lines: &[NormLine], outline: &Outline, rules: &Ctx, skip: &[bool]) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    // (department column, number of columns) of the header above, while its rows go on.
    let mut header: Option<(usize, usize)> = None;
    for (i, line) in lines.iter().enumerate() {
        if line.furniture || skip.get(i).copied().unwrap_or(false) || line.text.trim().is_empty() {
            continue;
        }
        if !line.text.contains('\t') {
            header = None;
            continue;
        }
        let mut cells: Vec<&str> = line.text.split('\t').map(str::trim).collect();
        while cells.len() > 1 && cells.last().is_some_and(|c| c.is_empty()) {
            cells.pop();
        }
        if let Some(c) = cells.iter().position(|c| is_department_header(c, rules)) {
            header = (cells.len() >= 2).then_some((c, cells.len()));
            continue;
        }
        let Some((dcol, ncols)) = header else {
            continue;
        };
        let dept_at = if cells.len() == ncols {
            Some(dcol)
        } else {
            cells.len().checked_sub(ncols - dcol)
        };
        let depts = dept_at
            .and_then(|k| cells.get(k))
            .map(|c| split_departments(c, rules))
            .unwrap_or_default();
        let Some(first) = cells.iter().position(|c| !c.is_empty()) else {
            continue;
        };
        if Some(first) == dept_at {
            // A department continued on a row of its own.
            if let Some(last) = out.last_mut() {
                for d in depts {
                    if !last.item.departments.contains(&d) {
                        last.item.departments.push(d);
                    }
                }
                last.item.span = span_of(lines, last.line, i);
            }
            continue;
        }
        let cell = cells[first];
        let Some(f) = parse_label(cell, rules.numbering) else {
            continue;
        };
        // Item keywords are read line by line by `extract`; other keywords (施策1, 基本事業2)
        // and sheet codes head sections, not items.
        if item_label(cell, rules).is_some()
            || matches!(f.label.scheme.as_str(), scheme::KEYWORD | scheme::CODE)
        {
            continue;
        }
        let mut title = cell.get(f.title_start..).unwrap_or("").trim().to_string();
        if title.is_empty() && Some(first + 1) != dept_at {
            title = cells
                .get(first + 1)
                .map(|c| c.to_string())
                .unwrap_or_default();
        }
        if title.is_empty() {
            continue;
        }
        let raw = f.label.raw.trim().to_string();
        let section_path = outline.line_paths.get(i).cloned().unwrap_or_default();
        out.push(Found {
            line: i,
            item: ActionItem {
                id: fold_id(&raw),
                label: raw,
                title: compact(&title),
                departments: depts,
                description: None,
                section_path,
                themes: Vec::new(),
                table_id: None,
                span: span_of(lines, i, i),
            },
        });
    }
    out
}

/// Items written as rows of an HTML, pipe or space-aligned table (tab-separated rows are read
/// line by line above): a row with an item label in one of its cells; the title is the rest of
/// that cell or the next cell; departments are in the column headed by a department label, or
/// in a later cell that is a department list.
fn from_tables(lines: &[NormLine], outline: &Outline, rules: &Ctx, skip: &[bool]) -> Vec<Found> {
    let mut out = Vec::new();
    for (first, last, table) in super::tables_at(lines, &outline.tables) {
        if table.kind == "tsv" || skip.get(first).copied().unwrap_or(false) {
            continue;
        }
        let rows = &table.rows;
        let header_rows = table.header_rows as usize;
        let dept_col = rows.iter().take(header_rows.max(1)).find_map(|r| {
            r.iter().position(|c| {
                let c = c.trim();
                rules.records.department_labels.iter().any(|l| l == c)
            })
        });
        for (n, row) in rows.iter().enumerate() {
            if n < header_rows {
                continue;
            }
            let Some((k, (id, raw, start))) = row
                .iter()
                .enumerate()
                .find_map(|(k, c)| item_label(c, rules).map(|f| (k, f)))
            else {
                continue;
            };
            let cell = row.get(k).map(String::as_str).unwrap_or("");
            let mut title = cell.get(start..).unwrap_or("").trim().to_string();
            let mut used = vec![k];
            if title.is_empty() {
                if let Some(next) = row.get(k + 1).filter(|_| Some(k + 1) != dept_col) {
                    title = next.trim().to_string();
                    used.push(k + 1);
                }
            }
            let mut departments = match dept_col.and_then(|d| row.get(d)) {
                Some(c) => split_departments(c, rules),
                None => Vec::new(),
            };
            if departments.is_empty() {
                if let Some(c) = row
                    .iter()
                    .enumerate()
                    .skip(k + 1)
                    .find(|(j, c)| !used.contains(j) && is_department_list(c, rules))
                {
                    departments = split_departments(c.1, rules);
                }
            }
            // The line of the row, when the table has one row per line; else the table's line.
            let line = if table.kind == "html" {
                first
            } else {
                (first + n).min(last)
            };
            let mut section_path = outline.line_paths.get(line).cloned().unwrap_or_default();
            if section_path.last().is_some_and(|l| fold_id(l) == id) {
                section_path.pop();
            }
            out.push(Found {
                line,
                item: ActionItem {
                    id,
                    label: raw,
                    title: compact(&title),
                    departments,
                    description: None,
                    section_path,
                    themes: Vec::new(),
                    table_id: Some(table.id.clone()),
                    span: table.span,
                },
            });
        }
    }
    out
}

/// `item.title_mismatch` for ids written with different titles (a summary list and the body
/// that disagree).
fn mismatches(found: &[Found]) -> Vec<Warning> {
    let mut out = Vec::new();
    let mut seen: Vec<(&str, &str)> = Vec::new();
    for f in found {
        let t = f.item.title.as_str();
        match seen.iter().find(|(id, _)| *id == f.item.id) {
            Some((_, first)) if !first.is_empty() && !t.is_empty() && first != &t => {
                out.push(Warning::new(
                    crate::model::WarningCode::ItemTitleMismatch,
                    format!(
                        "{} is written with two titles: 「{first}」 and 「{t}」",
                        f.item.id
                    ),
                    Some(f.item.span),
                ));
            }
            Some(_) => {}
            None => seen.push((f.item.id.as_str(), t)),
        }
    }
    out
}

/// The text under an item: from `from` until the next labelled line, a blank line (unless a
/// list or a caption continues after it) or a tab row. HTML tags are stripped.
fn description(lines: &[NormLine], from: usize, rules: &Ctx) -> (Option<String>, Option<usize>) {
    let mut out: Vec<String> = Vec::new();
    let mut last = None;
    let mut j = from;
    while j < lines.len() && j < from + DESCRIPTION_LINES {
        let l = &lines[j];
        if l.furniture {
            j += 1;
            continue;
        }
        let t = l.text.trim();
        if t.is_empty() {
            let Some(n) = next_non_blank(lines, j + 1) else {
                break;
            };
            let caption_only = out.len() == 1
                && out.first().is_some_and(|c| {
                    (c.starts_with('(') && c.ends_with(')'))
                        || (c.starts_with('【') && c.ends_with('】'))
                        || c.ends_with(':')
                });
            let continues = is_bullet(&lines[n].text, rules) || caption_only;
            if out.is_empty() || continues {
                if n >= from + DESCRIPTION_LINES {
                    break;
                }
                j = n;
                continue;
            }
            break;
        }
        if item_label(t, rules).is_some()
            || parse_label(t, rules.numbering).is_some()
            || t.contains('\t')
        {
            break;
        }
        let text = strip_tags(strip_md_bullet(t));
        for part in text.lines() {
            let p = part.trim();
            if !p.is_empty() {
                out.push(p.to_string());
            }
        }
        last = Some(j);
        j += 1;
    }
    if out.is_empty() {
        (None, None)
    } else {
        (Some(out.join("\n")), last)
    }
}

/// One item per id: the occurrence with departments (then with a description, then the
/// first) wins; items are in the order their ids first appear. An item whose label is in
/// another item's section path is a heading over items and is dropped.
fn keep_best(mut found: Vec<Found>, line_paths: &[Vec<String>]) -> (Vec<ActionItem>, Vec<Warning>) {
    found.sort_by_key(|f| f.line);
    let warnings = mismatches(&found);
    // Only an item read from a section's heading line can be that section: a table row
    // numbered `2` inside section `2` (`2 実施状況` / `1⇥…`, `2⇥…`) is an item all the same.
    let opens_section = |line: usize| {
        let here = line_paths.get(line);
        let before = line.checked_sub(1).and_then(|l| line_paths.get(l));
        here.is_some_and(|h| !h.is_empty() && Some(h) != before)
    };
    let headings: std::collections::HashSet<String> = found
        .iter()
        .filter(|f| opens_section(f.line))
        .map(|f| f.item.id.clone())
        .collect();
    let score = |f: &Found| {
        (if f.item.departments.is_empty() { 0 } else { 2 })
            + (if f.item.description.is_some() { 1 } else { 0 })
    };
    // (first line the id appears on, best occurrence)
    let mut best: Vec<(usize, Found)> = Vec::new();
    for f in found {
        match best.iter().position(|(_, b)| b.item.id == f.item.id) {
            Some(p) => {
                if best.get(p).is_some_and(|(_, b)| score(&f) > score(b)) {
                    best[p].1 = f;
                }
            }
            None => best.push((f.line, f)),
        }
    }
    best.sort_by_key(|(first, _)| *first);
    // A label that heads other items (`改革1` over `取組1`, `取組2`) is a section, not an item.
    let parents: std::collections::HashSet<String> = best
        .iter()
        .flat_map(|(_, f)| f.item.section_path.iter().map(|l| fold_id(l)))
        .collect();
    let items = best
        .into_iter()
        .filter(|(_, f)| !(parents.contains(&f.item.id) && headings.contains(&f.item.id)))
        .map(|(_, f)| f.item)
        .collect();
    (items, warnings)
}
