//! Outline: builds the section tree, its blocks (paragraphs, lists, tables) and the table of
//! contents from normalized lines.
//!
//! The steps:
//! 1. **TOC**: a `目次` line (or, without one, an early run of lines ending in page numbers or
//!    leader dots) starts the table of contents; its entries go to `toc`, not to the body.
//! 2. **Headings**: a line whose numbering label ([`crate::numbering::parse_label`]) is followed
//!    by a title that reads like a heading (short, not a sentence, not a number, not a table row).
//! 3. **Hierarchy**: a stack of open sections. A label of a scheme already open closes everything
//!    below it and becomes its sibling; a scheme seen for the first time opens a child; a scheme
//!    that first appeared earlier than some open schemes closes those (depth comes from the order
//!    in which schemes first appear, and from the keyword order in `rules/keywords.toml`).
//!    Leaf keywords (`指標`, `取組項目`) never get children. Numbers that jump or repeat among
//!    siblings are warnings.
//! 4. **Blocks**: the lines between headings become tables (via [`crate::tables::find_tables`]),
//!    lists (bullets, markdown `- ` items, numbered sentences) and paragraphs.
//! 5. **Summary lists**: a run of headings that the body repeats later with content (a
//!    体系図 / 一覧 list of every item) becomes one list block, so each item is a section once.
//! 6. **Coverage**: every non-blank, non-furniture line is placed exactly once (heading, block,
//!    TOC); [`unplaced`] checks it character by character and reports `text.unplaced`.

use std::collections::{BTreeMap, HashMap};

use crate::model::{Block, BlockKind, Label, Section, Span, Table, TocEntry, Warning};
use crate::normalize::{NormDoc, NormLine};
use crate::numbering::{self, scheme};
use crate::rules::NumberingRules;
use crate::tables;

pub use crate::rules::KeywordRules;

/// The rules the outline reads: heading keywords and limits, and the numbering labels.
struct Ctx<'a> {
    keywords: &'a KeywordRules,
    numbering: &'a NumberingRules,
}

/// What the outline stage produces.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outline {
    pub toc: Vec<TocEntry>,
    pub sections: Vec<Section>,
    /// Every table, ids `t1`, `t2`, … in document order.
    pub tables: Vec<Table>,
    /// For each line of the NormDoc (same index), the labels of the sections that contain it,
    /// outermost first. Record extractors use it for `section_path`.
    pub line_paths: Vec<Vec<String>>,
    pub warnings: Vec<Warning>,
    /// Characters the outline read as markup rather than content, by line: label separators
    /// (`.` in `1.`), markdown list markers, TOC leader dots and page numbers. The loss check
    /// counts them as placed.
    pub markup: Vec<(Span, String)>,
}

/// A heading found on a line.
#[derive(Debug, Clone)]
struct Head {
    label: Label,
    /// Characters of the heading line before the title that are not the label (`.`, `- `).
    markup: String,
    title: String,
    cells: Vec<String>,
    /// Lines after the heading line that hold the rest of its title.
    title_lines: usize,
    /// Where the label stands in the heading line (byte range of the normalized text).
    label_bytes: Option<(usize, usize)>,
    /// The label as the source writes it, read through the offset map (set when the node is
    /// made; `label.raw` stays normalized while the tree is built, for ids and comparisons).
    source_label: Option<String>,
}

/// A section while the tree is being built.
#[derive(Debug, Clone)]
struct Node {
    head: Option<Head>,
    key: String,
    blocks: Vec<Block>,
    children: Vec<usize>,
    span: Span,
    /// Lines of this section's own heading and blocks (for line_paths).
    lines: Vec<usize>,
}

/// Build the outline of a normalized document.
pub fn build(doc: &NormDoc, keywords: &KeywordRules, numbering: &NumberingRules) -> Outline {
    let rules = &Ctx {
        keywords,
        numbering,
    };
    let lines = &doc.lines;
    let kw = &rules.keywords;
    let mut out = Outline {
        line_paths: vec![Vec::new(); lines.len()],
        ..Outline::default()
    };
    let mut used = vec![false; lines.len()];

    // 1. TOC
    let toc_lines = find_toc(lines, rules);
    for &i in &toc_lines {
        used[i] = true;
        out.markup.push((lines[i].span, lines[i].text.clone()));
        if toc_continuation(&lines[i]) {
            let (_, _, page) = split_leader(&format!("・・・{}", lines[i].text.trim()));
            if let Some(last) = out.toc.last_mut().filter(|e| e.page.is_none()) {
                last.page = page;
                last.span = last.span.to(lines[i].span);
            }
            continue;
        }
        if let Some(e) = toc_entry(&lines[i], rules) {
            // The second line of a vertical `目` / `次` marker is not an entry.
            if e.page.is_none() && e.label.is_none() && e.title.chars().count() <= 1 {
                continue;
            }
            out.toc.push(e);
        }
    }
    pages_after_space(&mut out.toc);

    // 2. headings
    let mut heads: Vec<Option<Head>> = vec![None; lines.len()];
    let mut i = 0;
    while i < lines.len() {
        if !used[i] && !lines[i].furniture {
            if let Some(h) = heading_at(lines, i, &used, rules) {
                for k in 1..=h.title_lines {
                    if let Some(u) = used.get_mut(i + k) {
                        *u = true;
                    }
                }
                let skip = h.title_lines;
                heads[i] = Some(h);
                i += skip + 1;
                continue;
            }
        }
        i += 1;
    }

    // 3. hierarchy, 4. blocks
    let mut nodes: Vec<Node> = vec![Node {
        head: None,
        key: String::new(),
        blocks: Vec::new(),
        children: Vec::new(),
        span: lines.first().map_or(Span::line(1, 1), |l| l.span),
        lines: Vec::new(),
    }];
    let mut roots: Vec<usize> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    let mut first_seen: HashMap<String, usize> = HashMap::new();
    let mut run: Vec<usize> = Vec::new();
    let mut too_deep_warned = false;

    for idx in 0..lines.len() {
        if used[idx] && heads[idx].is_none() {
            continue;
        }
        let Some(h) = heads[idx].take() else {
            run.push(idx);
            continue;
        };
        let key = scheme_key(&h.label);
        let seen_len = first_seen.len();
        let rank = *first_seen.entry(key.clone()).or_insert(seen_len);
        // Where does it go?
        let mut depth = if let Some(p) = stack.iter().position(|&n| nodes[n].key == key) {
            p
        } else {
            let mut d = stack.len();
            while d > 0 && is_leaf(&nodes[stack[d - 1]], kw) {
                d -= 1;
            }
            if let Some(p) = stack[..d].iter().position(|&n| {
                let other = &nodes[n].key;
                match rule_order(other, &key, rules) {
                    Some(o) => o == std::cmp::Ordering::Greater,
                    None => first_seen.get(other).is_some_and(|&r| r > rank),
                }
            }) {
                d = p;
            }
            if key == UNNUMBERED {
                d = 0;
            } else if chapter_like(&key) {
                // Below the open chapter-like levels only (an unnumbered heading closes too).
                let limit = stack
                    .iter()
                    .position(|&n| !chapter_like(&nodes[n].key) || nodes[n].key == UNNUMBERED)
                    .unwrap_or(stack.len());
                d = d.min(limit);
            }
            d
        };
        if depth >= kw.max_depth {
            if !too_deep_warned {
                out.warnings.push(Warning::new(
                    crate::model::WarningCode::OutlineTooDeep,
                    format!(
                        "numbering nested deeper than {} levels; deeper headings are kept as text",
                        kw.max_depth
                    ),
                    Some(lines[idx].span),
                ));
                too_deep_warned = true;
            }
            for k in 0..=h.title_lines {
                if idx + k < lines.len() {
                    used[idx + k] = false;
                }
            }
            run.push(idx);
            continue;
        }
        flush_run(&mut run, lines, &stack, &mut nodes, &mut out, rules);
        // Sibling numbering checks.
        if let Some(&prev) = stack.get(depth) {
            if nodes[prev].key == key {
                if let Some(ph) = &nodes[prev].head {
                    check_number(ph, &h, lines[idx].span, &mut out.warnings);
                }
            }
        }
        stack.truncate(depth);
        depth = stack.len();
        let _ = depth;
        let span = lines[idx]
            .span
            .to(lines[idx + h.title_lines.min(lines.len() - 1 - idx)].span);
        if !h.markup.is_empty() {
            out.markup.push((lines[idx].span, h.markup.clone()));
        }
        let mut own = vec![idx];
        own.extend((1..=h.title_lines).map(|k| idx + k));
        let mut h = h;
        h.source_label = h
            .label_bytes
            .and_then(|(s, e)| doc.raw_text(&lines[idx], s..e));
        nodes.push(Node {
            head: Some(h),
            key,
            blocks: Vec::new(),
            children: Vec::new(),
            span,
            lines: own,
        });
        let id = nodes.len() - 1;
        match stack.last() {
            Some(&parent) => nodes[parent].children.push(id),
            None => roots.push(id),
        }
        stack.push(id);
    }
    flush_run(&mut run, lines, &stack, &mut nodes, &mut out, rules);

    // 5. summary lists
    fold_summaries(&mut nodes, &mut roots, lines);

    // 6. into sections
    let mut sections = Vec::new();
    if !nodes[0].blocks.is_empty() {
        let n = &nodes[0];
        let span = n.blocks[0].span;
        for &l in &n.lines {
            out.line_paths[l] = Vec::new();
        }
        sections.push(Section {
            id: "front".into(),
            label: None,
            title: String::new(),
            cells: Vec::new(),
            level: 1,
            blocks: n.blocks.clone(),
            children: Vec::new(),
            span,
        });
    }
    let mut ids: HashMap<String, u32> = HashMap::new();
    for &r in &roots {
        sections.push(to_section(&nodes, r, &[], 1, &mut ids, &mut out.line_paths));
    }
    out.sections = sections;

    // TOC entries with no body heading.
    if !out.toc.is_empty() && !out.sections.is_empty() {
        let mut titles = std::collections::HashSet::new();
        let mut labels = std::collections::HashSet::new();
        fn collect(
            s: &Section,
            titles: &mut std::collections::HashSet<String>,
            labels: &mut std::collections::HashSet<String>,
        ) {
            titles.insert(squeeze(&s.title));
            if let Some(l) = &s.label {
                labels.insert(squeeze(&format!("{}{}", l.raw, s.title)));
            }
            for c in &s.children {
                collect(c, titles, labels);
            }
            for b in &s.blocks {
                for it in b.items.iter().flatten() {
                    titles.insert(squeeze(it));
                }
            }
        }
        for s in &out.sections {
            collect(s, &mut titles, &mut labels);
        }
        for e in &out.toc {
            let t = squeeze(&e.title);
            let lt = squeeze(&format!(
                "{}{}",
                e.label.clone().unwrap_or_default(),
                e.title
            ));
            let found = titles.contains(&t)
                || labels.contains(&lt)
                || titles.iter().any(|x| !t.is_empty() && x.contains(&t));
            if !found {
                out.warnings.push(Warning::new(
                    crate::model::WarningCode::TocNoHeading,
                    format!(
                        "table of contents entry '{}' has no heading in the body",
                        e.title
                    ),
                    Some(e.span),
                ));
            }
        }
    }
    out
}

/// The scheme of a heading written without a label (`はじめに`).
const UNNUMBERED: &str = "unnumbered";

/// Chapter-like schemes (第N章, 第N, Ⅰ, unnumbered headings) outrank ordinary numbering: one
/// first seen deep in a document still closes the `(1)` or `①` levels that are open.
fn chapter_like(key: &str) -> bool {
    key.starts_with("chapter:") || key == scheme::DAI || key == scheme::ROMAN || key == UNNUMBERED
}

/// The key of a label's scheme: keyword labels are one scheme per keyword, chapters one per unit.
fn scheme_key(l: &Label) -> String {
    match (l.scheme.as_str(), &l.keyword) {
        (scheme::KEYWORD, Some(k)) => format!("kw:{k}"),
        (scheme::CHAPTER, Some(u)) => format!("chapter:{u}"),
        // `1-1` heads `1-(1)-①`: one level per number of parts.
        (scheme::COMPOUND, _) => format!("compound:{}", compound_parts(&l.raw)),
        (s, _) => s.to_string(),
    }
}

/// How many parts a compound id has (`1-(1)-①` has 3).
fn compound_parts(raw: &str) -> usize {
    1 + raw
        .chars()
        .filter(|c| matches!(c, '-' | '－' | '‐' | '−' | 'ｰ' | '―' | '–'))
        .count()
}

fn is_leaf(n: &Node, kw: &KeywordRules) -> bool {
    n.key
        .strip_prefix("kw:")
        .is_some_and(|k| kw.leaf_keywords.iter().any(|x| x == k))
}

/// The order the rules give two scheme keys (Less = `a` is above `b`), if they give one.
fn rule_order(a: &str, b: &str, rules: &Ctx) -> Option<std::cmp::Ordering> {
    let pos = |k: &str| -> Option<(u8, usize)> {
        if let Some(w) = k.strip_prefix("kw:") {
            return rules
                .keywords
                .heading_keywords
                .iter()
                .position(|x| x == w)
                .map(|p| (0, p));
        }
        if let Some(u) = k.strip_prefix("chapter:") {
            return rules
                .numbering
                .units
                .iter()
                .position(|x| x == u)
                .map(|p| (1, p));
        }
        None
    };
    if let (Some(x), Some(y)) = (a.strip_prefix("compound:"), b.strip_prefix("compound:")) {
        return x
            .parse::<usize>()
            .ok()?
            .partial_cmp(&y.parse::<usize>().ok()?);
    }
    match (pos(a), pos(b)) {
        (Some((ga, pa)), Some((gb, pb))) if ga == gb => Some(pa.cmp(&pb)),
        // A chapter is above any keyword label.
        (Some((1, _)), Some((0, _))) => Some(std::cmp::Ordering::Less),
        (Some((0, _)), Some((1, _))) => Some(std::cmp::Ordering::Greater),
        _ => None,
    }
}

fn check_number(prev: &Head, h: &Head, span: Span, warnings: &mut Vec<Warning>) {
    if h.label.scheme == scheme::CODE || h.label.number == 0 || prev.label.number == 0 {
        return;
    }
    let (p, n) = (prev.label.number, h.label.number);
    if n == p {
        warnings.push(Warning::new(
            crate::model::WarningCode::OutlineNumberRepeat,
            format!("{} repeats the number of {}", h.label.raw, prev.label.raw),
            Some(span),
        ));
    } else if n != p + 1 {
        warnings.push(Warning::new(
            crate::model::WarningCode::OutlineNumberJump,
            format!(
                "{} follows {} (expected {})",
                h.label.raw,
                prev.label.raw,
                p + 1
            ),
            Some(span),
        ));
    }
}

/// Text without whitespace, for comparing titles.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A markdown list marker at the start of a line (`- `, `* `, `+ `): the rest of the line.
fn strip_md_bullet(s: &str) -> (&str, bool) {
    let t = s.trim_start_matches([' ', '\u{3000}']);
    for m in ["- ", "* ", "+ "] {
        if let Some(r) = t.strip_prefix(m) {
            return (r.trim_start_matches([' ', '\u{3000}']), true);
        }
    }
    (t, false)
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
}

/// Join two pieces of a wrapped title: directly between Japanese characters, with a space
/// between words otherwise.
fn join_title(a: &str, b: &str) -> String {
    let last = a.chars().last();
    let first = b.chars().next();
    match (last, first) {
        (Some(x), Some(y)) if is_cjk(x) || is_cjk(y) || !x.is_alphanumeric() => {
            format!("{a}{b}")
        }
        (Some(_), Some(_)) => format!("{a} {b}"),
        _ => format!("{a}{b}"),
    }
}

/// Leader dots (`・・・・`, `……`, `....`) and a trailing page number at the end of a line:
/// the title before them, whether there were leaders, and the page.
fn split_leader(s: &str) -> (String, bool, Option<u32>) {
    let t = s.trim_end();
    // Page number at the end, after a tab, leaders or 2+ spaces.
    let digits_start = t
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_digit())
        .last()
        .map(|(i, _)| i);
    let (body, page) = match digits_start {
        Some(ds) if ds > 0 && t.len() - ds <= 4 => {
            let before = &t[..ds];
            let sep_ok = before.ends_with('\t')
                || before.ends_with("  ")
                || before.ends_with(is_leader_char)
                || before.ends_with(['-', '－', ' '])
                    && before
                        .trim_end_matches([' ', '-', '－'])
                        .ends_with(is_leader_char);
            if sep_ok {
                (before, t[ds..].parse::<u32>().ok())
            } else {
                (t, None)
            }
        }
        _ => (t, None),
    };
    let trimmed = body.trim_end_matches([' ', '\t', '-', '－']);
    let leaders_trimmed = trimmed.trim_end_matches(is_leader_char);
    let leader_len = trimmed.chars().count() - leaders_trimmed.chars().count();
    let has_leader = leader_len >= 3 || (leader_len >= 2 && trimmed.ends_with(['…', '‥']));
    let title = if has_leader { leaders_trimmed } else { trimmed };
    (
        title.trim_end_matches([' ', '\t']).to_string(),
        has_leader,
        page,
    )
}

/// Entries whose page number follows the title after one space (`…取組の推進 12`, as a PDF
/// extraction writes a tab it lost): the number is the page when the TOC's other entries have
/// pages and it fits their order (not below the page before, not above the page after).
fn pages_after_space(toc: &mut [TocEntry]) {
    if toc.iter().filter(|e| e.page.is_some()).count() < 2 {
        return;
    }
    for i in 0..toc.len() {
        if toc[i].page.is_some() {
            continue;
        }
        let t = toc[i].title.trim_end();
        let body = t.trim_end_matches(|c: char| c.is_ascii_digit());
        let digits = t.len() - body.len();
        // Normalization may have dropped the space (`推進 12` → `推進12`): a glued number is
        // the page only after an entry with a page, and before one (or a few pages on, at the
        // end of the TOC).
        let spaced = body.ends_with([' ', '\u{3000}']);
        if !(1..=3).contains(&digits) {
            continue;
        }
        let title = body.trim_end();
        // A title that is itself a count or a numeral (`… 第 2`) keeps its number.
        if title.chars().count() < 2
            || title
                .chars()
                .last()
                .is_none_or(|c| !c.is_alphabetic() && c != ')' && c != '）' && c != '」')
            || title.ends_with(['第', '№'])
        {
            continue;
        }
        let Ok(page) = t[body.len()..].parse::<u32>() else {
            continue;
        };
        let before = toc[..i].iter().rev().find_map(|e| e.page);
        let after = toc[i + 1..].iter().find_map(|e| e.page);
        if before.is_some_and(|b| page < b)
            || after.is_some_and(|a| page > a)
            || !spaced && !glued_page_fits(before, after, page)
        {
            continue;
        }
        toc[i].title = title.to_string();
        toc[i].page = Some(page);
    }
}

fn glued_page_fits(before: Option<u32>, after: Option<u32>, page: u32) -> bool {
    match (before, after) {
        (Some(_), Some(_)) => true,
        (Some(b), None) => page.saturating_sub(b) <= 5,
        _ => false,
    }
}

fn is_leader_char(c: char) -> bool {
    matches!(c, '・' | '･' | '.' | '…' | '‥' | '⋯' | '·' | '．')
}

/// A line that looks like a TOC entry: ends in a page number after a tab/leaders, or has leaders.
fn toc_like(l: &NormLine) -> bool {
    if l.toc_leader {
        return true;
    }
    let (_, leader, page) = split_leader(&l.text);
    leader || page.is_some()
}

/// The lines of the table of contents (indices into `lines`).
fn find_toc(lines: &[NormLine], rules: &Ctx) -> Vec<usize> {
    let kw = &rules.keywords;
    let marker = lines.iter().enumerate().position(|(i, l)| {
        let t = squeeze(&l.text);
        !l.furniture
            && (t.chars().count() <= 24 && kw.toc_markers.iter().any(|m| t.contains(m.as_str()))
                || vertical_marker(lines, i, rules).is_some())
    });
    // `目` / `次` written down the page: the second line belongs to the marker too.
    let marker_end = marker.map(|m| vertical_marker(lines, m, rules).unwrap_or(m));
    let start = match marker {
        Some(m) => m,
        None => {
            // No 目次 line: an early run of ≥3 TOC-like lines.
            let limit = (lines.len() / 4).max(40).min(lines.len());
            // Stricter than inside a marked TOC: a row of numbers is not a TOC entry.
            let strict = |l: &NormLine| {
                l.toc_leader
                    || toc_like(l)
                        && l.text.matches('\t').count() <= 1
                        && split_leader(&l.text)
                            .0
                            .chars()
                            .any(|c| c.is_alphabetic() && !c.is_ascii_digit())
            };
            let first = lines[..limit].iter().position(strict);
            let Some(f) = first else { return Vec::new() };
            let count = lines[f..limit]
                .iter()
                .take(20)
                .filter(|l| strict(l))
                .count();
            if count < 3 {
                return Vec::new();
            }
            f
        }
    };
    let mut out = Vec::new();
    if marker.is_some() {
        out.push(start);
    }
    let start = match marker_end {
        Some(e) if e > start => {
            out.push(e);
            e
        }
        _ => start,
    };
    // Scheme keys of entries without a page number that a TOC-like line confirmed (chapter lines).
    let mut group_keys: Vec<String> = Vec::new();
    let mut titles: Vec<String> = Vec::new();
    let mut tentative: Vec<usize> = Vec::new();
    let mut i = if marker.is_some() { start + 1 } else { start };
    while i < lines.len() {
        let l = &lines[i];
        // `・・・・・1` or `3` alone: the page of the entry on the line above (a bare number at
        // the foot of the page is taken for a page number, but an entry waiting for its page
        // claims it).
        let after_entry = i.checked_sub(1).is_some_and(|p| out.last() == Some(&p));
        if toc_continuation(l) && (!tentative.is_empty() || after_entry && !l.furniture) {
            if let Some(&t) = tentative.last() {
                titles.push(squeeze(&entry_parts(&lines[t], rules).1));
            }
            for &t in &tentative {
                out.push(t);
            }
            tentative.clear();
            out.push(i);
            i += 1;
            continue;
        }
        if l.furniture || l.text.trim().is_empty() {
            i += 1;
            continue;
        }
        if toc_like(l) {
            for &t in &tentative {
                if let Some(k) = line_key(&lines[t], rules) {
                    if !group_keys.contains(&k) {
                        group_keys.push(k);
                    }
                }
                out.push(t);
            }
            tentative.clear();
            titles.push(squeeze(&entry_parts(l, rules).1));
            out.push(i);
            i += 1;
            continue;
        }
        // A heading-like line with no page: part of the TOC if a TOC-like line follows.
        let (rest, _) = strip_md_bullet(&l.text);
        let found = numbering::parse_label(rest, rules.numbering);
        let short = l.text.chars().count() <= 60 && !l.text.ends_with('。');
        if short && (found.is_some() || tentative.is_empty() && l.text.chars().count() <= 40) {
            // The body starts again where a line repeats a TOC title.
            let (_, title, _) = entry_parts(l, rules);
            if titles.contains(&squeeze(&title)) {
                break;
            }
            tentative.push(i);
            i += 1;
            continue;
        }
        break;
    }
    // Trailing heading lines of a scheme the TOC groups by (第3章 after the last dotted line).
    for &t in &tentative {
        match line_key(&lines[t], rules) {
            Some(k) if group_keys.contains(&k) => out.push(t),
            _ => break,
        }
    }
    out.sort_unstable();
    if out.len() <= usize::from(marker.is_some()) {
        return out.into_iter().filter(|_| marker.is_some()).collect();
    }
    out
}

/// `目` on one line and `次` on the next (a vertical heading): the index of the `次` line.
fn vertical_marker(lines: &[NormLine], i: usize, rules: &Ctx) -> Option<usize> {
    let first = squeeze(&lines.get(i)?.text);
    let next = (i + 1..lines.len().min(i + 3)).find(|&j| !lines[j].text.trim().is_empty())?;
    let joined = format!("{first}{}", squeeze(&lines[next].text));
    (first.chars().count() == 1
        && rules
            .keywords
            .toc_markers
            .iter()
            .any(|m| squeeze(m) == joined))
    .then_some(next)
}

/// A TOC line that holds only leader dots and/or a page number (the rest of the entry above).
fn toc_continuation(l: &NormLine) -> bool {
    let t = l.text.trim();
    if t.is_empty() {
        return false;
    }
    let body = t.trim_end_matches(|c: char| c.is_ascii_digit());
    let digits = t.len() - body.len();
    let body = body.trim_end();
    let leaders = body.chars().all(|c| is_leader_char(c) || c == ' ');
    digits <= 3 && leaders && (digits > 0 || body.chars().count() >= 3)
}

fn line_key(l: &NormLine, rules: &Ctx) -> Option<String> {
    let (rest, _) = strip_md_bullet(&l.text);
    numbering::parse_label(rest, rules.numbering).map(|f| scheme_key(&f.label))
}

/// Label and title of a TOC line.
fn entry_parts(l: &NormLine, rules: &Ctx) -> (Option<String>, String, Option<u32>) {
    let (title, _, page) = split_leader(&l.text);
    let (rest, _) = strip_md_bullet(&title);
    match numbering::parse_label(rest, rules.numbering) {
        Some(f) => {
            let t = rest.get(f.title_start..).unwrap_or("").trim();
            (
                Some(f.label.raw),
                t.replace('\t', " ").trim().to_string(),
                page,
            )
        }
        None => (None, rest.replace('\t', " ").trim().to_string(), page),
    }
}

fn toc_entry(l: &NormLine, rules: &Ctx) -> Option<TocEntry> {
    let t = squeeze(&l.text);
    if rules
        .keywords
        .toc_markers
        .iter()
        .any(|m| t.contains(m.as_str()))
        && t.chars().count() <= 24
        && !toc_like(l)
    {
        return None;
    }
    let (label, title, page) = entry_parts(l, rules);
    Some(TocEntry {
        label,
        title,
        page,
        span: l.span,
    })
}

/// The heading on line `i`, if the line is one.
fn heading_at(lines: &[NormLine], i: usize, used: &[bool], rules: &Ctx) -> Option<Head> {
    let line = &lines[i];
    let (rest, _md) = strip_md_bullet(&line.text);
    let Some(found) = numbering::parse_label(rest, rules.numbering) else {
        return unnumbered_heading(rest, rules);
    };
    let label = found.label;
    let label_bytes = {
        let off = rest.as_ptr() as usize - line.text.as_ptr() as usize;
        let lead = rest.len() - rest.trim_start_matches([' ', '\u{3000}', '\t']).len();
        let start = off + lead;
        let end = start + label.raw.len();
        (line.text.get(start..end) == Some(label.raw.as_str())).then_some((start, end))
    };
    let after = rest.get(found.title_start..).unwrap_or("");
    let mut cells: Vec<String> = after.split('\t').map(|c| c.trim().to_string()).collect();
    while cells.len() > 1 && cells.last().is_some_and(|c| c.is_empty()) {
        cells.pop();
    }
    let mut title = if cells.is_empty() {
        String::new()
    } else {
        cells.remove(0)
    };
    let strong = matches!(
        label.scheme.as_str(),
        scheme::KEYWORD | scheme::CHAPTER | scheme::COMPOUND | scheme::CODE | scheme::DAI
    );
    // A numbered table row: `1 ⇥ 教育指導支援事業 ⇥ - ⇥ -` or a row number alone with tabs.
    let tabbed = rest.contains('\t');
    if tabbed && !strong && (cells.len() >= 2 || title.is_empty()) {
        return None;
    }
    // A row whose cells ran together (a PDF extraction lost a tab: `1 ⇥ 市債残高 ⇥ 167.7 160`):
    // a numbered line with a figure in a further cell, or right under a header row of more
    // cells, is a table row, not a heading.
    if tabbed && !strong && !cells.is_empty() {
        let figure = cells.iter().any(|c| starts_with_number(c));
        let under_header = lines[..i]
            .iter()
            .rev()
            .find(|l| !l.text.trim().is_empty())
            .is_some_and(|l| l.text.split('\t').count() > cells.len() + 2);
        if figure || under_header {
            return None;
        }
    }
    if tabbed && label.scheme == scheme::CODE && cells.len() >= 2 {
        return None;
    }
    // A row of a table under its header (`番号 ⇥ 取組項目 ⇥ 内容 ⇥ 担当課` / `1-1 ⇥ …`): the
    // lines above with as many cells lead up to one without a label.
    if tabbed && strong && cells.len() >= 2 && under_header_row(lines, i, rules) {
        return None;
    }
    let mut title_lines = 0;
    if title.is_empty() {
        if tabbed {
            return None;
        }
        // The title may be on the next line(s): `(1)-③-c` / `責任感を持って…` / `れる人づくり`.
        let mut j = i + 1;
        let mut blanks = 0;
        while j < lines.len() && lines[j].text.trim().is_empty() && blanks < 3 {
            j += 1;
            blanks += 1;
        }
        if !strong && blanks > 0 {
            return None;
        }
        let mut k = j;
        while k < lines.len() && k - j < 2 {
            let l = &lines[k];
            let t = l.text.trim();
            if l.furniture
                || used[k]
                || t.is_empty()
                || t.contains('\t')
                || t.ends_with('。')
                || t.chars().count() > 40
                || starts_with_number(t)
                || numbering::parse_label(strip_md_bullet(t).0, rules.numbering).is_some()
                || starts_with_bullet(t, rules)
                || t.starts_with('<')
            {
                break;
            }
            title = if title.is_empty() {
                t.to_string()
            } else {
                join_title(&title, t)
            };
            k += 1;
        }
        if title.is_empty() {
            // A label alone: a heading only for the strong schemes.
            if !strong {
                return None;
            }
        } else {
            title_lines = k - i - 1;
        }
    } else {
        let first = title.chars().next();
        // `1 2 ③ 4 … おおむね順調` is a rating, `3 50` a row of numbers.
        if first.is_some_and(|c| {
            c.is_ascii_digit()
                || numbering::parse_label(&c.to_string(), rules.numbering)
                    .is_some_and(|f| f.label.scheme == scheme::CIRCLED)
        }) {
            return None;
        }
        let n = title.chars().count();
        let max = if strong {
            rules.keywords.max_title_chars * 2
        } else {
            rules.keywords.max_title_chars
        };
        if n > max {
            return None;
        }
        // A numbered sentence is a list item, not a heading.
        if title.ends_with('。') || (!strong && n > 40 && title.contains('。')) {
            return None;
        }
        // A keyword label inside a sentence: `指標1については、…`, `施策2の推進に…`.
        if label.scheme == scheme::KEYWORD
            && ["について", "は、", "の", "を", "が", "に", "で", "と", "も"]
                .iter()
                .any(|p| title.starts_with(p))
            && (n > 20 || title.contains('、'))
        {
            return None;
        }
        if title.ends_with(['、', ',', '，']) {
            return None;
        }
    }
    let mut markup = String::new();
    // 【第1章 策定の背景】: the closing bracket is markup, not title.
    if rest.trim_start().starts_with('【') && title.ends_with('】') {
        title.pop();
        title = title.trim_end().to_string();
        markup.push('】');
    }
    let prefix = line
        .text
        .get(..line.text.len() - rest.len() + found.title_start)
        .unwrap_or("");
    let mut label_chars: Vec<char> = label.raw.chars().collect();
    for c in prefix.chars().filter(|c| !c.is_whitespace()) {
        match label_chars.iter().position(|&x| x == c) {
            Some(p) => {
                label_chars.remove(p);
            }
            None => markup.push(c),
        }
    }
    Some(Head {
        label,
        markup,
        title,
        cells,
        title_lines,
        label_bytes,
        source_label: None,
    })
}

/// Whether line `i` is a row of a table: the lines above it with the same number of cells
/// (rows, then the header) reach a line whose first cell has no numbering label.
fn under_header_row(lines: &[NormLine], i: usize, rules: &Ctx) -> bool {
    let n = lines[i].text.trim().split('\t').count();
    for l in lines[..i].iter().rev().take(50) {
        let t = l.text.trim();
        if t.is_empty() {
            continue;
        }
        if t.split('\t').count() != n {
            return false;
        }
        let first = t.split('\t').next().unwrap_or("");
        if numbering::parse_label(strip_md_bullet(first).0, rules.numbering).is_none() {
            return true;
        }
    }
    false
}

/// Brackets that may enclose an unnumbered heading (`〈はじめに〉`, `【資料編】`).
const HEADING_BRACKETS: [(char, char); 5] = [
    ('【', '】'),
    ('〈', '〉'),
    ('<', '>'),
    ('［', '］'),
    ('《', '》'),
];

/// Opening brackets that enclose a heading of any words.
const ANGLE_BRACKETS: [char; 4] = ['〈', '《', '＜', '<'];

/// A phrase that may be a heading in angle brackets: 2 to 20 characters, words only (no
/// digits, no sentence or list punctuation).
fn bracket_phrase(s: &str) -> bool {
    let n = s.chars().count();
    (2..=20).contains(&n)
        && s.chars().all(|c| {
            c.is_alphabetic() && !c.is_ascii_digit()
                || matches!(c, '・' | 'ー' | '々' | '（' | '）' | '(' | ')')
        })
        && !s.is_ascii()
}

/// A line that is only an unnumbered heading word (`はじめに`, `〈資料編〉`).
fn unnumbered_heading(rest: &str, rules: &Ctx) -> Option<Head> {
    let words = &rules.keywords.unnumbered_headings;
    if words.is_empty() {
        return None;
    }
    let t = squeeze(rest);
    let mut inner = t.as_str();
    let mut markup = String::new();
    for (open, close) in HEADING_BRACKETS {
        if let Some(x) = inner.strip_prefix(open).and_then(|x| x.strip_suffix(close)) {
            inner = x;
            markup.push(open);
            markup.push(close);
            break;
        }
    }
    // Letter-spaced (`は じ め に`) compares without spaces; the title is the word as listed.
    // Angle brackets make a heading of any short phrase (`〈概況〉`, `《進捗状況》`); 【】 and ［］
    // also mark fields (`【取組内容】`), so they need a listed word.
    let angle = markup
        .chars()
        .next()
        .is_some_and(|c| ANGLE_BRACKETS.contains(&c));
    let word = match words.iter().find(|w| squeeze(w) == inner) {
        Some(w) => w.clone(),
        None if angle && bracket_phrase(inner) => inner.to_string(),
        None => return None,
    };
    Some(Head {
        label: Label {
            raw: String::new(),
            scheme: UNNUMBERED.to_string(),
            keyword: None,
            number: 0,
        },
        markup,
        title: word,
        cells: Vec::new(),
        title_lines: 0,
        label_bytes: None,
        source_label: None,
    })
}

/// A line that starts with a number (`94.2%`, `65`): a flattened table's cell, never a title.
fn starts_with_number(t: &str) -> bool {
    t.chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
}

fn starts_with_bullet(t: &str, rules: &Ctx) -> bool {
    let (rest, md) = strip_md_bullet(t);
    md || rest
        .chars()
        .next()
        .is_some_and(|c| rules.keywords.bullets.contains(c))
}

/// Turn the pending non-heading lines into blocks of the innermost open section.
fn flush_run(
    run: &mut Vec<usize>,
    lines: &[NormLine],
    stack: &[usize],
    nodes: &mut [Node],
    out: &mut Outline,
    rules: &Ctx,
) {
    if run.is_empty() {
        return;
    }
    let target = stack.last().copied().unwrap_or(0);
    // Split the run into contiguous stretches (lines used by the TOC or title lines break it).
    let mut stretches: Vec<(usize, usize)> = Vec::new();
    for &i in run.iter() {
        match stretches.last_mut() {
            Some((_, e)) if *e + 1 == i => *e = i,
            _ => stretches.push((i, i)),
        }
    }
    run.clear();
    for (s, e) in stretches {
        let slice = &lines[s..=e];
        let mut found = tables::find_tables(slice);
        found.retain(|t| {
            let cells: usize = t.table.rows.iter().map(Vec::len).sum();
            if cells <= rules.keywords.max_table_cells {
                return true;
            }
            out.warnings.push(Warning::new(
                crate::model::WarningCode::TableTooLarge,
                format!(
                    "a table of {cells} cells, more than {} (max_table_cells): kept as text",
                    rules.keywords.max_table_cells
                ),
                Some(t.table.span),
            ));
            false
        });
        let mut ti = found.iter().peekable();
        let mut i = 0;
        while i < slice.len() {
            if let Some(t) = ti.peek() {
                if t.first == i {
                    let mut table = t.table.clone();
                    table.id = format!("t{}", out.tables.len() + 1);
                    nodes[target].blocks.push(Block {
                        kind: BlockKind::Table,
                        text: None,
                        items: None,
                        table_id: Some(table.id.clone()),
                        span: table.span,
                    });
                    nodes[target].lines.extend((s + t.first)..=(s + t.last));
                    out.tables.push(table);
                    out.markup.extend(t.markup.iter().cloned());
                    i = t.last + 1;
                    ti.next();
                    continue;
                }
            }
            let l = &slice[i];
            if l.text.trim().is_empty() || l.furniture {
                i += 1;
                continue;
            }
            let next_table = ti.peek().map_or(usize::MAX, |t| t.first);
            let is_item = |l: &NormLine| is_list_item(l, rules);
            let start = i;
            if is_item(l) {
                let mut items = Vec::new();
                while i < slice.len()
                    && i < next_table
                    && !slice[i].furniture
                    && !slice[i].text.trim().is_empty()
                    && is_item(&slice[i])
                {
                    items.push(slice[i].text.trim().to_string());
                    i += 1;
                }
                nodes[target].blocks.push(Block {
                    kind: BlockKind::List,
                    text: None,
                    items: Some(items),
                    table_id: None,
                    span: slice[start].span.to(slice[i - 1].span),
                });
            } else {
                let mut texts = Vec::new();
                while i < slice.len()
                    && i < next_table
                    && !slice[i].furniture
                    && !slice[i].text.trim().is_empty()
                    && (i == start || !is_item(&slice[i]))
                {
                    texts.push(slice[i].text.trim().to_string());
                    i += 1;
                }
                nodes[target].blocks.push(Block {
                    kind: BlockKind::Paragraph,
                    text: Some(texts.join("\n")),
                    items: None,
                    table_id: None,
                    span: slice[start].span.to(slice[i - 1].span),
                });
            }
            nodes[target].lines.extend((s + start)..(s + i));
        }
    }
}

/// A list item: a bullet, a markdown `- ` item, or a numbered sentence.
fn is_list_item(l: &NormLine, rules: &Ctx) -> bool {
    let t = l.text.trim();
    if starts_with_bullet(t, rules) {
        return true;
    }
    // A label that was not a heading (numbered sentence) starts a list item.
    numbering::parse_label(t, rules.numbering).is_some() && !t.contains('\t')
}

/// Turn duplicated heading runs without content (a 体系図 / 一覧 list that the body repeats with
/// content) into list blocks of their parent.
fn fold_summaries(nodes: &mut [Node], roots: &mut Vec<usize>, lines: &[NormLine]) {
    // Keyword paths of keyword-labelled nodes.
    let mut paths: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    fn walk(nodes: &[Node], n: usize, prefix: &str, paths: &mut BTreeMap<String, Vec<usize>>) {
        let mut p = prefix.to_string();
        if let Some(h) = &nodes[n].head {
            if h.label.scheme == scheme::KEYWORD {
                p = format!(
                    "{prefix}/{}{}",
                    h.label.keyword.clone().unwrap_or_default(),
                    h.label.number
                );
                paths.entry(p.clone()).or_default().push(n);
            }
        }
        for &c in &nodes[n].children {
            walk(nodes, c, &p, paths);
        }
    }
    for &r in roots.iter() {
        walk(nodes, r, "", &mut paths);
    }
    fn content(nodes: &[Node], n: usize) -> usize {
        nodes[n].blocks.len()
            + nodes[n]
                .children
                .iter()
                .map(|&c| content(nodes, c))
                .sum::<usize>()
    }
    let mut summary = vec![false; nodes.len()];
    for group in paths.values() {
        if group.len() < 2 {
            continue;
        }
        let best = group
            .iter()
            .copied()
            .max_by_key(|&n| (content(nodes, n), n))
            .unwrap_or(group[0]);
        if content(nodes, best) == 0 {
            continue;
        }
        for &n in group {
            if n != best && content(nodes, n) == 0 {
                summary[n] = true;
            }
        }
    }
    if !summary.iter().any(|&s| s) {
        return;
    }
    fn flatten(
        nodes: &[Node],
        n: usize,
        lines: &[NormLine],
        items: &mut Vec<String>,
        own: &mut Vec<usize>,
    ) {
        for &l in &nodes[n].lines {
            own.push(l);
        }
        if let Some(&first) = nodes[n].lines.first() {
            let mut text = lines[first].text.trim().to_string();
            for &l in nodes[n].lines.iter().skip(1) {
                text.push('\n');
                text.push_str(lines[l].text.trim());
            }
            items.push(text);
        }
        for &c in &nodes[n].children {
            flatten(nodes, c, lines, items, own);
        }
    }
    // Parents (including the virtual root 0 for top-level runs).
    let parents: Vec<usize> = (0..nodes.len()).collect();
    for p in parents {
        let kids: Vec<usize> = if p == 0 {
            roots.clone()
        } else {
            nodes[p].children.clone()
        };
        if !kids.iter().any(|&k| summary[k]) {
            continue;
        }
        let mut keep = Vec::new();
        let mut i = 0;
        while i < kids.len() {
            if !summary[kids[i]] {
                keep.push(kids[i]);
                i += 1;
                continue;
            }
            let mut items = Vec::new();
            let mut own = Vec::new();
            let start = i;
            while i < kids.len() && summary[kids[i]] {
                flatten(nodes, kids[i], lines, &mut items, &mut own);
                i += 1;
            }
            let span = nodes[kids[start]].span.to(nodes[kids[i - 1]].span);
            let span = own
                .iter()
                .filter_map(|&l| lines.get(l))
                .fold(span, |acc, l| acc.to(l.span));
            // The list goes to the parent, or to the front matter for top-level runs.
            let target = p;
            nodes[target].blocks.push(Block {
                kind: BlockKind::List,
                text: None,
                items: Some(items),
                table_id: None,
                span,
            });
            nodes[target].lines.extend(own);
        }
        if p == 0 {
            *roots = keep;
        } else {
            nodes[p].children = keep;
        }
    }
}

fn to_section(
    nodes: &[Node],
    n: usize,
    parent_path: &[String],
    level: u32,
    ids: &mut HashMap<String, u32>,
    line_paths: &mut [Vec<String>],
) -> Section {
    let node = &nodes[n];
    let (label, title, cells) = match &node.head {
        Some(h) if h.label.scheme == UNNUMBERED => (None, h.title.clone(), h.cells.clone()),
        Some(h) => (Some(h.label.clone()), h.title.clone(), h.cells.clone()),
        None => (None, String::new(), Vec::new()),
    };
    let raw = match &label {
        Some(l) => squeeze(&l.raw),
        None if node.head.is_some() => squeeze(&title),
        None => String::new(),
    };
    // The model's `raw` is the label as the source writes it (`（１）`), the id its normalized form.
    let label = label.map(|mut l| {
        if let Some(s) = node.head.as_ref().and_then(|h| h.source_label.clone()) {
            l.raw = s;
        }
        l
    });
    let mut path = parent_path.to_vec();
    path.push(raw.clone());
    let mut id = path.join("/");
    let count = ids.entry(id.clone()).or_insert(0);
    *count += 1;
    if *count > 1 {
        id = format!("{id}~{count}");
    }
    for &l in &node.lines {
        if let Some(p) = line_paths.get_mut(l) {
            *p = path.clone();
        }
    }
    let children = node
        .children
        .iter()
        .map(|&c| to_section(nodes, c, &path, level + 1, ids, line_paths))
        .collect();
    let span = node.blocks.iter().fold(node.span, |acc, b| acc.to(b.span));
    Section {
        id,
        label,
        title,
        cells,
        level,
        blocks: node.blocks.clone(),
        children,
        span,
    }
}

/// The loss check: every non-whitespace character of every non-furniture line must be placed in
/// the outline (a heading's label, title or cells, a block, a table cell, the TOC or markup),
/// and nothing may be placed that the lines do not hold.
///
/// Each placed piece of text is a pool of characters tied to the span it claims. Lines are
/// read in order, and each character is taken from the tightest pool whose span covers the
/// line. A character no covering pool holds is lost (`text.unplaced`, with the line's span);
/// characters left in a pool when every line has been read were placed twice or invented
/// (`text.duplicated`, with the pool's span). Characters are compared in NFKC form, so a
/// label kept as written (`（１）`) matches the normalized line (`(1)`).
pub fn unplaced(doc: &NormDoc, outline: &Outline) -> Vec<Warning> {
    let mut pools: Vec<Pool> = Vec::new();
    for (span, m) in &outline.markup {
        pools.push(Pool::new(*span, m));
    }
    let tables: HashMap<&str, &Table> = outline.tables.iter().map(|t| (t.id.as_str(), t)).collect();
    fn walk(s: &Section, tables: &HashMap<&str, &Table>, pools: &mut Vec<Pool>) {
        let mut head = String::new();
        if let Some(l) = &s.label {
            head.push_str(&l.raw);
        }
        head.push_str(&s.title);
        for c in &s.cells {
            head.push_str(c);
        }
        pools.push(Pool::new(s.span, &head));
        for b in &s.blocks {
            let mut text = String::new();
            if let Some(t) = &b.text {
                text.push_str(t);
            }
            for it in b.items.iter().flatten() {
                text.push_str(it);
            }
            if let Some(t) = b.table_id.as_deref().and_then(|id| tables.get(id)) {
                for r in &t.rows {
                    for c in r {
                        text.push_str(c);
                    }
                }
                if let Some(c) = &t.caption {
                    text.push_str(c);
                }
            }
            pools.push(Pool::new(b.span, &text));
        }
        for c in &s.children {
            walk(c, tables, pools);
        }
    }
    for s in &outline.sections {
        walk(s, &tables, &mut pools);
    }
    // Pools by page, tightest span first.
    let mut by_page: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for (i, p) in pools.iter().enumerate() {
        // A span that crosses page breaks is in the list of every page it covers.
        for page in p.span.page..=p.span.last_page().min(p.span.page.saturating_add(500)) {
            by_page.entry(page).or_default().push(i);
        }
    }
    for v in by_page.values_mut() {
        v.sort_by_key(|&i| {
            let s = pools[i].span;
            let pages = s.last_page() - s.page;
            (
                pages,
                s.line_end.saturating_sub(s.line_start),
                s.line_start,
                i,
            )
        });
    }
    let mut warnings = Vec::new();
    let empty = Vec::new();
    for l in &doc.lines {
        if l.furniture {
            continue;
        }
        let covering: Vec<usize> = by_page
            .get(&l.span.page)
            .unwrap_or(&empty)
            .iter()
            .copied()
            .filter(|&i| {
                pools[i]
                    .span
                    .touches(l.span.page, l.span.line_start, l.span.line_end)
            })
            .collect();
        let mut missing = String::new();
        for c in folded(&l.text) {
            let hit = covering
                .iter()
                .copied()
                .find(|&i| pools[i].chars.get(&c).is_some_and(|&n| n > 0));
            match hit.and_then(|i| pools[i].chars.get_mut(&c)) {
                Some(n) => *n -= 1,
                None => missing.push(c),
            }
        }
        if !missing.is_empty() {
            let shown: String = missing.chars().take(40).collect();
            warnings.push(Warning::new(
                crate::model::WarningCode::TextUnplaced,
                format!(
                    "{} character(s) of this line are not in the outline: {shown}",
                    missing.chars().count()
                ),
                Some(l.span),
            ));
        }
    }
    for p in &pools {
        let left: usize = p.chars.values().map(|&n| n.max(0) as usize).sum();
        if left > 0 {
            let mut shown: Vec<(char, i64)> = p
                .chars
                .iter()
                .filter(|(_, &n)| n > 0)
                .map(|(&c, &n)| (c, n))
                .collect();
            shown.sort();
            let shown: String = shown
                .iter()
                .flat_map(|&(c, n)| std::iter::repeat_n(c, n as usize))
                .take(40)
                .collect();
            warnings.push(Warning::new(
                crate::model::WarningCode::TextDuplicated,
                format!(
                    "{left} character(s) placed here are not on these lines (placed twice, or not in the source): {shown}"
                ),
                Some(p.span),
            ));
        }
    }
    warnings.sort_by_key(|w| w.span.map(|s| (s.page, s.line_start, s.line_end)));
    warnings
}

/// Placed text that claims a span: its characters, counted.
struct Pool {
    span: Span,
    chars: HashMap<char, i64>,
}

impl Pool {
    fn new(span: Span, text: &str) -> Pool {
        let mut chars = HashMap::new();
        for c in folded(text) {
            *chars.entry(c).or_insert(0) += 1;
        }
        Pool { span, chars }
    }
}

/// The non-whitespace characters of `s` in NFKC form.
fn folded(s: &str) -> impl Iterator<Item = char> + '_ {
    use unicode_normalization::UnicodeNormalization;
    s.nfkc().filter(|c| !c.is_whitespace())
}
