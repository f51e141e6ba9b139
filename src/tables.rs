//! Tables: finds tables in normalized lines (tab-separated rows, HTML `<table>`, pipe tables,
//! space-aligned columns) and parses cells and numbers (issue 7).
//! Baseline: runs of two or more tab-separated lines.

use crate::model::{Span, Table};
use crate::normalize::NormLine;

/// A table and the lines it occupies: `lines[first..=last]` of the slice it was found in.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundTable {
    pub first: usize,
    pub last: usize,
    pub table: Table,
}

/// Find the tables among `lines`. Table ids are left empty; the caller numbers them.
pub fn find_tables(lines: &[NormLine]) -> Vec<FoundTable> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].text.contains('\t') && !lines[i].furniture {
            let first = i;
            while i + 1 < lines.len() && lines[i + 1].text.contains('\t') && !lines[i + 1].furniture
            {
                i += 1;
            }
            if i > first {
                let rows = lines[first..=i]
                    .iter()
                    .map(|l| l.text.split('\t').map(|c| c.trim().to_string()).collect())
                    .collect();
                out.push(FoundTable {
                    first,
                    last: i,
                    table: Table {
                        id: String::new(),
                        caption: None,
                        header_rows: 0,
                        rows,
                        kind: "tsv".into(),
                        span: lines[first].span.to(lines[i].span),
                    },
                });
            }
        }
        i += 1;
    }
    out
}

/// The span covering `lines[first..=last]`.
pub fn span_of(lines: &[NormLine], first: usize, last: usize) -> Span {
    lines[first].span.to(lines[last].span)
}
