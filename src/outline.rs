//! Outline: builds the section tree, its blocks (paragraphs, lists, tables) and the table of
//! contents from normalized lines (issue 6).
//! Baseline: one untitled section holding every paragraph and table, no TOC.

use serde::Deserialize;

use crate::model::{Block, BlockKind, Section, Table, TocEntry, Warning};
use crate::normalize::{NormDoc, NormLine};
use crate::rules::Rules;
use crate::tables;

/// `keywords.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct KeywordRules {
    /// Keyword labels in outline order (施策 > 方向性 > 基本事業 > 取組項目).
    #[serde(default)]
    pub heading_keywords: Vec<String>,
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
}

/// Build the outline of a normalized document.
pub fn build(doc: &NormDoc, _rules: &Rules) -> Outline {
    let lines = &doc.lines;
    let found = tables::find_tables(lines);
    let mut out = Outline {
        line_paths: vec![Vec::new(); lines.len()],
        ..Outline::default()
    };
    let mut blocks = Vec::new();
    let mut i = 0;
    let mut next_table = found.iter().peekable();
    while i < lines.len() {
        if let Some(t) = next_table.peek() {
            if t.first == i {
                let mut table = t.table.clone();
                table.id = format!("t{}", out.tables.len() + 1);
                blocks.push(Block {
                    kind: BlockKind::Table,
                    text: None,
                    items: None,
                    table_id: Some(table.id.clone()),
                    span: table.span,
                });
                out.tables.push(table);
                i = t.last + 1;
                next_table.next();
                continue;
            }
        }
        if lines[i].text.is_empty() || lines[i].furniture {
            i += 1;
            continue;
        }
        let start = i;
        while i + 1 < lines.len()
            && !lines[i + 1].text.is_empty()
            && !lines[i + 1].furniture
            && next_table.peek().is_none_or(|t| t.first != i + 1)
        {
            i += 1;
        }
        blocks.push(paragraph(&lines[start..=i]));
        i += 1;
    }
    if !blocks.is_empty() {
        let span = blocks[0].span;
        out.sections.push(Section {
            id: "front".into(),
            label: None,
            title: String::new(),
            cells: Vec::new(),
            level: 1,
            blocks,
            children: Vec::new(),
            span,
        });
    }
    out
}

fn paragraph(lines: &[NormLine]) -> Block {
    let text = lines
        .iter()
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    Block {
        kind: BlockKind::Paragraph,
        text: Some(text),
        items: None,
        table_id: None,
        span: lines[0].span.to(lines[lines.len() - 1].span),
    }
}

/// The tree as indented labels and titles, for `jplan parse --format outline`.
pub fn render_text(sections: &[Section]) -> String {
    fn walk(s: &Section, depth: usize, out: &mut String) {
        out.push_str(&"  ".repeat(depth));
        if let Some(l) = &s.label {
            out.push_str(&l.raw);
            out.push(' ');
        }
        out.push_str(&s.title);
        out.push_str(&format!("  [p{} l{}]\n", s.span.page, s.span.line_start));
        for c in &s.children {
            walk(c, depth + 1, out);
        }
    }
    let mut out = String::new();
    for s in sections {
        walk(s, 0, &mut out);
    }
    out
}
