//! Evaluation sheets (施策評価シート): a sheet starts at a code heading (`611 人権教育・啓発活動`,
//! numbering scheme `code`) and runs to the next one. Fields: 担当課, 関連課, 目指す姿; ratings
//! `1 2 ③ 4 … おおむね順調` under 進捗状況 and 必要性; indicator blocks (`指標 1`); the cost
//! table by fiscal year (`R2決算 | R3決算 | R4決算見込み`).
//!
//! Field labels, headings and money units are `records.toml`'s, the rating ellipsis
//! `chars.toml`'s; circled numerals and brackets stay in code as grammar.

use super::depts::{is_department_list, split_departments};
use super::indicators::{indicator, kind_columns, observations};
use super::text::{after_label, after_label_or_glued, fiscal_year, is_dash, join_wrapped};
use super::Ctx;
use crate::model::{Cost, CostKind, Evaluation, Indicator, Rating};
use crate::normalize::{NormDoc, NormLine};
use crate::numbering::{parse_label, scheme};
use crate::rules::KeywordRules;
use crate::tables::{is_filler_row, is_row_number, parse_number, span_of, tab_cells};

/// How many non-blank lines after a heading are searched for its rating.
const RATING_REACH: usize = 4;
/// How many lines after `指標 N` are searched for the header row.
const INDICATOR_REACH: usize = 12;

/// Read a rating line: `1 2 ③ 4 … おおむね順調` → value 3 of 4, label `おおむね順調`. The
/// options are the digits before the ellipsis (or before the label); exactly one of them must
/// be circled.
pub fn parse_rating(line: &str, keywords: &KeywordRules) -> Option<Rating> {
    let marked = mark_bracketed(line.trim());
    let t = marked.as_str();
    let ellipsis = |c: char| keywords.leader_ellipses.contains(c);
    let (opts, label) = match t.find(ellipsis).or_else(|| t.find("...")) {
        Some(at) => {
            let rest = &t[at..];
            let rest = rest.trim_start_matches(|c: char| {
                ellipsis(c) || matches!(c, '.' | ' ' | '\u{3000}' | ':' | '：')
            });
            (&t[..at], Some(rest.trim()))
        }
        None => (t, None),
    };
    let mut scale = 0u32;
    let mut chosen: Option<u32> = None;
    let mut label_from = None;
    for (pos, c) in opts.char_indices() {
        if c.is_whitespace() {
            continue;
        }
        if let Some(d) = c.to_digit(10) {
            scale += 1;
            let _ = d;
            continue;
        }
        if let Some(v) = circled(c) {
            if chosen.is_some() {
                return None;
            }
            scale += 1;
            chosen = Some(v);
            continue;
        }
        label_from = Some(pos);
        break;
    }
    let value = chosen?;
    if scale < 2 || value > scale {
        return None;
    }
    let label = match (label, label_from) {
        (Some(l), _) => Some(l.to_string()),
        (None, Some(p)) => opts.get(p..).map(|s| s.trim().to_string()),
        (None, None) => None,
    }
    .filter(|l| !l.is_empty());
    Some(Rating {
        value,
        scale,
        label,
    })
}

/// Write a bracketed single digit (`[3]`, `(3)`, `【3】`, `〔3〕`, `<3>`) as its circled form,
/// the other ways forms mark the chosen option.
fn mark_bracketed(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let close = match c {
            '[' => Some(']'),
            '(' => Some(')'),
            '【' => Some('】'),
            '〔' => Some('〕'),
            '<' => Some('>'),
            _ => None,
        };
        if let (Some(close), Some(d), Some(&e)) = (close, chars.get(i + 1), chars.get(i + 2)) {
            if let Some(v) = d.to_digit(10).filter(|v| (1..=9).contains(v)) {
                if e == close {
                    out.push(char::from_u32('①' as u32 + v - 1).unwrap_or(*d));
                    i += 3;
                    continue;
                }
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

fn circled(c: char) -> Option<u32> {
    match c {
        '①'..='⑳' => Some(c as u32 - '①' as u32 + 1),
        '⓪' => Some(0),
        '❶'..='❿' => Some(c as u32 - '❶' as u32 + 1),
        '➀'..='➉' => Some(c as u32 - '➀' as u32 + 1),
        _ => None,
    }
}

fn code_heading(line: &NormLine, rules: &Ctx) -> Option<(String, String)> {
    if line.furniture {
        return None;
    }
    let f = parse_label(&line.text, rules.numbering)?;
    if f.label.scheme != scheme::CODE {
        return None;
    }
    let title = line.text.get(f.title_start..).unwrap_or("").trim();
    Some((f.label.raw.trim().to_string(), title.replace('\t', " ")))
}

/// Extract the sheets, and mark the lines they cover.
pub fn extract(doc: &NormDoc, rules: &Ctx) -> (Vec<Evaluation>, Vec<bool>) {
    let lines = &doc.lines;
    let mut covered = vec![false; lines.len()];
    let starts: Vec<usize> = (0..lines.len())
        .filter(|&i| code_heading(&lines[i], rules).is_some())
        .collect();
    let mut out = Vec::new();
    for (n, &s) in starts.iter().enumerate() {
        let e = starts.get(n + 1).copied().unwrap_or(lines.len());
        let Some((code, title)) = code_heading(&lines[s], rules) else {
            continue;
        };
        let Some(ev) = sheet(lines, s, e, code, title, rules) else {
            continue;
        };
        for c in covered.iter_mut().take(e).skip(s) {
            *c = true;
        }
        out.push(ev);
    }
    (out, covered)
}

fn sheet(
    lines: &[NormLine],
    s: usize,
    e: usize,
    code: String,
    title: String,
    rules: &Ctx,
) -> Option<Evaluation> {
    let r = &rules.records;
    let body = s + 1..e;
    let non_blank =
        |from: usize| (from..e).find(|&k| !lines[k].furniture && !lines[k].text.trim().is_empty());
    let mut lead = None;
    let mut related = Vec::new();
    let mut goal = None;
    let mut progress = None;
    let mut necessity = None;
    let mut fields = 0;
    for k in body.clone() {
        let t = lines[k].text.trim();
        if t.is_empty() || lines[k].furniture {
            continue;
        }
        if lead.is_none() {
            if let Some((_, rest)) = after_label_or_glued(t, &r.lead_department_labels, |v| {
                is_department_list(v, rules)
            }) {
                let v = if rest.is_empty() {
                    non_blank(k + 1).map(|n| lines[n].text.trim().to_string())
                } else {
                    Some(rest.to_string())
                };
                lead = v.filter(|v| !is_dash(v)).map(|v| v.replace('\t', " "));
                fields += 1;
                continue;
            }
        }
        if related.is_empty() {
            if let Some((_, rest)) = after_label_or_glued(t, &r.related_department_labels, |v| {
                is_dash(v) || is_department_list(v, rules)
            }) {
                related = split_departments(rest, rules);
                fields += 1;
                continue;
            }
        }
        if goal.is_none() {
            if let Some((_, rest)) = after_label(t, &r.goal_labels) {
                goal = if rest.is_empty() {
                    paragraph(lines, k + 1, e, rules)
                } else {
                    Some(rest.to_string())
                };
                fields += 1;
                continue;
            }
        }
        if progress.is_none() && is_heading(t, &r.progress_headings, rules) {
            progress = rating_after(lines, k + 1, e, rules.keywords);
            continue;
        }
        if necessity.is_none() && is_heading(t, &r.necessity_headings, rules) {
            necessity = rating_after(lines, k + 1, e, rules.keywords);
            continue;
        }
    }
    if fields == 0 && progress.is_none() && necessity.is_none() {
        return None;
    }
    let indicators = sheet_indicators(lines, s + 1, e, rules);
    let costs = sheet_costs(lines, s + 1, e, rules);
    let last = (s..e)
        .rev()
        .find(|&k| !lines[k].text.trim().is_empty())
        .unwrap_or(s);
    Some(Evaluation {
        code,
        title,
        lead_department: lead,
        related_departments: related,
        goal,
        progress,
        necessity,
        indicators,
        costs,
        span: span_of(lines, s, last),
    })
}

/// A short heading line naming one of `words` (`3 進捗状況`, `進捗状況`).
fn is_heading(t: &str, words: &[String], rules: &Ctx) -> bool {
    let title = match parse_label(t, rules.numbering) {
        Some(f) => t.get(f.title_start..).unwrap_or(""),
        None => t,
    }
    .trim();
    let title = title
        .trim_start_matches(|c: char| {
            c == '【' || rules.numbering.marks.iter().any(|m| m.starts_with(c))
        })
        .trim_end_matches('】');
    title.chars().count() <= 12
        && words
            .iter()
            .any(|w| !w.is_empty() && title.starts_with(w.as_str()))
}

fn rating_after(
    lines: &[NormLine],
    from: usize,
    e: usize,
    keywords: &KeywordRules,
) -> Option<Rating> {
    (from..e)
        .filter(|&k| !lines[k].text.trim().is_empty())
        .take(RATING_REACH)
        .find_map(|k| parse_rating(&lines[k].text, keywords))
}

/// The paragraph starting at the first non-blank line from `from`: lines until a blank line
/// or a labelled line.
fn paragraph(lines: &[NormLine], from: usize, e: usize, rules: &Ctx) -> Option<String> {
    let start = (from..e).find(|&k| !lines[k].text.trim().is_empty())?;
    let mut text = String::new();
    for l in lines.iter().take(e).skip(start) {
        let t = l.text.trim();
        if t.is_empty() || (!text.is_empty() && parse_label(t, rules.numbering).is_some()) {
            break;
        }
        if l.furniture {
            continue;
        }
        text = join_wrapped(&text, t);
    }
    (!text.is_empty() && !is_dash(&text)).then_some(text)
}

/// `指標 N` blocks: name and description lines, then a header row of kinds and years, then a
/// values row. Blocks whose name is a dash (`—`) are empty slots and give nothing.
fn sheet_indicators(lines: &[NormLine], s: usize, e: usize, rules: &Ctx) -> Vec<Indicator> {
    let mut out = Vec::new();
    for k in s..e {
        let t = lines[k].text.trim();
        let Some(f) = parse_label(t, rules.numbering) else {
            continue;
        };
        let is_indicator = f.label.scheme == scheme::KEYWORD
            && f.label
                .keyword
                .as_deref()
                .is_some_and(|kw| rules.records.indicator_name_words.iter().any(|w| w == kw));
        if !is_indicator {
            continue;
        }
        // Paragraphs (runs of non-blank lines) between the label and the header row.
        let mut paras: Vec<String> = Vec::new();
        let mut open = false;
        let after_label_text = t.get(f.title_start..).unwrap_or("").trim();
        let mut header: Option<(usize, Vec<String>)> = None;
        for j in (k + 1..e).take(INDICATOR_REACH) {
            let lt = lines[j].text.trim();
            if lines[j].furniture {
                continue;
            }
            if lt.is_empty() {
                open = false;
                continue;
            }
            if lt.contains('\t') {
                let cells = tab_cells(lt);
                if kind_columns(&cells, rules).is_some() {
                    header = Some((j, cells));
                }
                break;
            }
            if parse_label(lt, rules.numbering).is_some() {
                break;
            }
            if lt.starts_with('【') && lt.ends_with('】') {
                open = false;
                continue;
            }
            match paras.last_mut() {
                Some(p) if open => *p = join_wrapped(p, lt),
                _ => paras.push(lt.to_string()),
            }
            open = true;
        }
        let Some((h, hcells)) = header else {
            continue;
        };
        let Some(cols) = kind_columns(&hcells, rules) else {
            continue;
        };
        let mut names = paras;
        if !after_label_text.is_empty() {
            names.insert(0, after_label_text.to_string());
        }
        let Some(name) = names.first().cloned() else {
            continue;
        };
        if is_dash(&name) {
            continue;
        }
        let description = names.get(1).filter(|d| !is_dash(d)).cloned();
        let values_line = (h + 1..e).find(|&j| !lines[j].text.trim().is_empty());
        let mut obs = Vec::new();
        let mut last = h;
        if let Some(v) = values_line {
            let vt = lines[v].text.trim();
            let cells = tab_cells(vt);
            let valued = cells.iter().any(|c| parse_number(c).is_value_like());
            if valued && parse_label(vt, rules.numbering).is_none_or(|_| vt.contains('\t')) {
                obs = observations(&cells, hcells.len(), &cols);
                last = v;
            }
        }
        out.push(indicator(
            &name,
            description,
            obs,
            span_of(lines, k, last),
            rules,
        ));
    }
    out
}

/// The cost table: a header row with two or more cells naming a fiscal year and 決算 / 見込み
/// / 予算; the rows after it (tab rows and bare row numbers) until the table ends.
fn sheet_costs(lines: &[NormLine], s: usize, e: usize, rules: &Ctx) -> Vec<Cost> {
    let r = &rules.records;
    let has = |c: &str, ws: &[String]| ws.iter().any(|w| !w.is_empty() && c.contains(w.as_str()));
    let mut out = Vec::new();
    let mut k = s;
    while k < e {
        let t = lines[k].text.trim();
        let cells = tab_cells(t);
        let years: Vec<(i32, CostKind)> = cells
            .iter()
            .filter_map(|c| {
                let kind = if has(c, &r.cost_estimate_words) {
                    CostKind::Estimate
                } else if has(c, &r.cost_settled_words) {
                    CostKind::Settled
                } else {
                    return None;
                };
                Some((fiscal_year(c, rules)?, kind))
            })
            .collect();
        if years.len() < 2 {
            k += 1;
            continue;
        }
        // Rows of the table.
        let mut rows: Vec<Vec<String>> = Vec::new();
        let mut j = k + 1;
        while j < e {
            let l = &lines[j];
            let lt = l.text.trim();
            if l.furniture {
                j += 1;
                continue;
            }
            if lt.contains('\t') || is_row_number(lt) {
                rows.push(tab_cells(lt));
                j += 1;
            } else if lt.is_empty() {
                // Blank lines inside the table (PDF row gaps): go on if a row follows.
                let next = (j + 1..e).find(|&n| !lines[n].text.trim().is_empty());
                match next {
                    Some(n)
                        if lines[n].text.contains('\t') || is_row_number(lines[n].text.trim()) =>
                    {
                        j = n
                    }
                    _ => break,
                }
            } else {
                break;
            }
        }
        // The unit is written in the header rows (`総コスト(… 単位:千円)`), the line above them or
        // the total row (`計（単位：千円）`).
        let around: Vec<&str> = (k.saturating_sub(2)..j.min(e))
            .filter_map(|n| lines.get(n).map(|l| l.text.as_str()))
            .collect();
        let scale = cost_scale(&around, rules);
        out.extend(cost_rows(&rows, &years, scale, rules));
        k = j.max(k + 1);
    }
    out
}

/// Thousand yen per written unit: the first `money_units` entry of `records.toml` named after
/// a unit word (`単位:千円` 1, `単位:百万円` 1000, `単位:万円` 10, `単位:円` 0.001); default 1 (the
/// forms seen write 千円).
fn cost_scale(texts: &[&str], rules: &Ctx) -> f64 {
    for t in texts {
        let Some(at) = rules
            .keywords
            .unit_labels
            .iter()
            .filter(|w| !w.is_empty())
            .find_map(|w| t.find(w.as_str()))
        else {
            continue;
        };
        let after = &t[at..];
        if let Some((_, scale)) = rules
            .records
            .money_units
            .iter()
            .find(|(u, _)| !u.is_empty() && after.contains(u.as_str()))
        {
            return *scale;
        }
    }
    1.0
}

fn cost_rows(
    rows: &[Vec<String>],
    years: &[(i32, CostKind)],
    scale: f64,
    rules: &Ctx,
) -> Vec<Cost> {
    let r = &rules.records;
    // Where a row's project name is: the first cell that is neither empty nor a row number.
    let name_at = |row: &[String]| {
        row.iter()
            .position(|c| !c.trim().is_empty() && !is_row_number(c))
    };
    // The first value column: the most common (name + 1) among numbered rows.
    let mut counts: Vec<(usize, usize)> = Vec::new();
    for row in rows {
        if row.first().is_some_and(|c| is_row_number(c)) {
            if let Some(n) = name_at(row) {
                match counts.iter_mut().find(|(v, _)| *v == n + 1) {
                    Some(e) => e.1 += 1,
                    None => counts.push((n + 1, 1)),
                }
            }
        }
    }
    let common = counts
        .iter()
        .max_by_key(|(v, c)| (*c, usize::MAX - *v))
        .map(|(v, _)| *v);
    let mut out = Vec::new();
    for row in rows {
        if is_filler_row(row) {
            continue;
        }
        let Some(n) = name_at(row) else {
            continue;
        };
        let raw_name = row.get(n).map(|s| s.trim()).unwrap_or("");
        let relisted = r
            .relisted_marks
            .iter()
            .any(|m| !m.is_empty() && raw_name.contains(m.as_str()));
        let mut project = raw_name.to_string();
        for m in &r.relisted_marks {
            if !m.is_empty() {
                project = project.replace(m.as_str(), "");
            }
        }
        let project = project.trim().to_string();
        let total = r.total_words.iter().find(|w| {
            project == **w
                || project
                    .strip_prefix(w.as_str())
                    .is_some_and(|rest| rest.starts_with(['(', '（', ' ', '\u{3000}']))
        });
        let project = match total {
            Some(w) => w.clone(),
            None => project,
        };
        if project.is_empty() {
            continue;
        }
        let start = common.unwrap_or(n + 1);
        for (y, (fy, kind)) in years.iter().enumerate() {
            let Some(cell) = row.get(start + y) else {
                continue;
            };
            let p = parse_number(cell);
            if !p.is_value_like() {
                continue;
            }
            out.push(Cost {
                project: project.clone(),
                fiscal_year: *fy,
                kind: *kind,
                thousand_yen: p.value.map(|v| (v * scale).round() as i64),
                relisted,
            });
        }
    }
    out
}
