//! Layout fixes over the lines of a document: vertical headings, TOC leader dots, and
//! sentences hard-wrapped over several lines.

use super::chars::{self, is_japanese, is_kana_or_kanji, Item};
use super::{NormDoc, NormLine, Origin};
use crate::ingest::Extracted;
use crate::model::Span;
use crate::numbering::parse_label;
use crate::rules::Rules;

/// A logical line being built: character items and the raw lines they come from.
#[derive(Debug, Clone)]
struct Buf {
    items: Vec<Item>,
    first: u32,
    last: u32,
    furniture: bool,
    toc_leader: bool,
    /// The line is a vertical heading collapsed into one line.
    vertical: bool,
    /// Display width of the raw line (full-width characters 2 columns), spaces not counted:
    /// how much of the page's measure the line took.
    width: u32,
}

impl Buf {
    fn is_blank(&self) -> bool {
        self.items.iter().all(|i| i.c == ' ')
    }

    fn has_tab(&self) -> bool {
        self.items.iter().any(|i| i.c == '\t')
    }

    fn trimmed(&self) -> &[Item] {
        let v = &self.items[..];
        let lo = v.iter().position(|i| i.c != ' ').unwrap_or(v.len());
        let hi = v.iter().rposition(|i| i.c != ' ').map_or(lo, |p| p + 1);
        &v[lo..hi]
    }
}

/// Lines shorter than this (in columns) never count as wrapped body lines.
const MIN_WRAP_WIDTH: u32 = 20;

pub(super) fn normalize_doc(ex: &Extracted, rules: &Rules) -> NormDoc {
    let mut seg = String::new();
    let mut pages: Vec<(u32, Vec<Buf>)> = Vec::with_capacity(ex.pages.len());
    for page in &ex.pages {
        let mut bufs = Vec::with_capacity(page.lines.len());
        for (i, line) in page.lines.iter().enumerate() {
            let n = i as u32 + 1;
            let mut items = Vec::with_capacity(line.text.len() / 2 + 1);
            chars::char_pass(&line.text, n, &rules.chars, &mut items, &mut seg);
            bufs.push(Buf {
                items,
                first: n,
                last: n,
                furniture: line.furniture,
                toc_leader: false,
                vertical: false,
                width: line
                    .text
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .map(chars::width)
                    .sum(),
            });
        }
        let mut bufs = collapse_vertical(bufs);
        for b in &mut bufs {
            if !b.furniture {
                leader(b, rules);
            }
        }
        pages.push((page.number, bufs));
    }
    let stats = Stats::of(&pages);
    let mut scratch = String::new();
    let mut lines = Vec::new();
    for (page, bufs) in pages {
        for b in join_wrapped(bufs, &stats, rules, &mut scratch) {
            let mut text = String::new();
            let mut origins = Vec::new();
            chars::finish(&b.items, rules, &mut scratch, &mut text, &mut origins);
            lines.push(NormLine {
                text,
                span: Span {
                    page,
                    line_start: b.first,
                    line_end: b.last,
                },
                furniture: b.furniture,
                toc_leader: b.toc_leader,
                origins,
            });
        }
    }
    NormDoc { lines }
}

/// Three or more lines of one kana or kanji each (blank lines between them allowed) are a
/// heading set vertically: `は` / `じ` / `め` / `に` → `はじめに`.
fn collapse_vertical(bufs: Vec<Buf>) -> Vec<Buf> {
    let single = |b: &Buf| {
        let t = b.trimmed();
        !b.furniture && t.len() == 1 && is_kana_or_kanji(t[0].c)
    };
    if !bufs.iter().any(single) {
        return bufs;
    }
    let mut out: Vec<Buf> = Vec::with_capacity(bufs.len());
    let mut i = 0;
    while i < bufs.len() {
        if !single(&bufs[i]) {
            out.push(bufs[i].clone());
            i += 1;
            continue;
        }
        // Collect the run: single-character lines, each possibly followed by one blank line.
        let mut members = vec![i];
        let mut j = i + 1;
        loop {
            if j < bufs.len() && single(&bufs[j]) {
                members.push(j);
                j += 1;
            } else if j + 1 < bufs.len() && bufs[j].is_blank() && single(&bufs[j + 1]) {
                members.push(j + 1);
                j += 2;
            } else {
                break;
            }
        }
        if members.len() >= 3 {
            let last = members[members.len() - 1];
            let items: Vec<Item> = members.iter().map(|&m| bufs[m].trimmed()[0]).collect();
            out.push(Buf {
                items,
                first: bufs[i].first,
                last: bufs[last].last,
                furniture: false,
                toc_leader: false,
                vertical: true,
                width: 2 * members.len() as u32,
            });
            i = last + 1;
        } else {
            out.push(bufs[i].clone());
            i += 1;
        }
    }
    out
}

/// TOC leader dots: `趣旨・・・・・・3` → `趣旨\t3`, flagged.
fn leader(b: &mut Buf, rules: &Rules) {
    let dots = &rules.chars.leader_dots;
    let ells = &rules.chars.leader_ellipses;
    let v = &b.items;
    let mut e = v.len();
    while e > 0 && v[e - 1].c == ' ' {
        e -= 1;
    }
    let num_end = e;
    while e > 0 && v[e - 1].c.is_ascii_digit() {
        e -= 1;
    }
    let num_start = e;
    if num_end - num_start > 4 {
        return; // not a page number
    }
    while e > 0 && v[e - 1].c == ' ' {
        e -= 1;
    }
    let run_end = e;
    let (mut n_dots, mut n_ells) = (0, 0);
    while e > 0 {
        let c = v[e - 1].c;
        if dots.contains(c) {
            n_dots += 1;
        } else if ells.contains(c) {
            n_ells += 1;
        } else if c != ' ' {
            break;
        }
        e -= 1;
    }
    // Spaces at the start of the run belong to the title's end.
    while e < run_end && v[e].c == ' ' {
        e += 1;
    }
    let run_start = e;
    if n_dots < 4 && n_ells < 2 && !(n_dots == 3 && num_end > num_start) {
        return;
    }
    let mut title_end = run_start;
    while title_end > 0 && v[title_end - 1].c == ' ' {
        title_end -= 1;
    }
    if !v[..title_end].iter().any(|i| i.c != ' ' && i.c != '\t') {
        return; // no title: a row of dots
    }
    let (Some(a), Some(z)) = (v.get(run_start), v.get(run_end.saturating_sub(1))) else {
        return;
    };
    let tab = Item {
        c: '\t',
        o: Origin {
            line: a.o.line,
            start: a.o.start,
            end: if z.o.line == a.o.line {
                z.o.end
            } else {
                a.o.end
            },
        },
    };
    let mut items: Vec<Item> = v[..title_end].to_vec();
    if num_end > num_start {
        items.push(tab);
        items.extend_from_slice(&v[num_start..num_end]);
    }
    b.items = items;
    b.toc_leader = true;
}

/// What the join rule needs to know about the whole document.
struct Stats {
    /// The widths of body lines, sorted.
    widths: Vec<u32>,
    /// The 90th percentile of body-line widths.
    p90: u32,
    /// The converter put a blank line after every line (wrapped sentences have blank lines
    /// inside them).
    blank_after_each: bool,
}

fn is_body(b: &Buf) -> bool {
    !b.furniture && !b.toc_leader && !b.vertical && !b.is_blank() && !b.has_tab()
}

impl Stats {
    fn of(pages: &[(u32, Vec<Buf>)]) -> Stats {
        let mut widths: Vec<u32> = pages
            .iter()
            .flat_map(|(_, b)| b.iter())
            .filter(|b| is_body(b))
            .map(|b| b.width)
            .filter(|&w| w >= 8)
            .collect();
        widths.sort_unstable();
        let p90 = if widths.is_empty() {
            u32::MAX
        } else {
            let k = (widths.len() * 9).div_ceil(10).max(1) - 1;
            widths.get(k).copied().unwrap_or(u32::MAX)
        };
        let (mut nonblank, mut followed) = (0usize, 0usize);
        for (_, bufs) in pages {
            for w in bufs.windows(3) {
                if !w[0].is_blank() {
                    nonblank += 1;
                    if w[1].is_blank() && !w[2].is_blank() {
                        followed += 1;
                    }
                }
            }
        }
        Stats {
            widths,
            p90,
            blank_after_each: nonblank >= 4 && followed * 10 >= nonblank * 7,
        }
    }

    /// A line as wide as the document's wrapped body lines: at least 85% of the 90th
    /// percentile, and at least two other body lines within two columns of it.
    fn wrap_width(&self, w: u32) -> bool {
        if w < MIN_WRAP_WIDTH || (w as u64) * 100 < (self.p90 as u64) * 85 {
            return false;
        }
        let lo = self.widths.partition_point(|&x| x + 2 < w);
        let hi = self.widths.partition_point(|&x| x <= w + 2);
        hi - lo >= 3
    }
}

/// A line that may continue on the next one.
fn may_continue(b: &Buf, stats: &Stats, rules: &Rules) -> bool {
    if !is_body(b) {
        return false;
    }
    let t = b.trimmed();
    let Some(last) = t.last().map(|i| i.c) else {
        return false;
    };
    let c = &rules.chars;
    if c.sentence_end.contains(last) || matches!(last, ':' | '：') {
        return false;
    }
    if c.closing.contains(last) && t.len() >= 2 && c.sentence_end.contains(t[t.len() - 2].c) {
        return false;
    }
    stats.wrap_width(b.width)
}

/// A line that may be the continuation of the previous one.
fn may_be_continuation(b: &Buf, rules: &Rules, scratch: &mut String) -> bool {
    if !is_body(b) {
        return false;
    }
    let t = b.trimmed();
    let Some(first) = t.first().map(|i| i.c) else {
        return false;
    };
    if rules.chars.item_marks.contains(first) {
        return false;
    }
    if !(is_japanese(first) || first.is_ascii_alphanumeric() || "(「『〈《“".contains(first))
    {
        return false;
    }
    scratch.clear();
    scratch.extend(t.iter().map(|i| i.c));
    parse_label(scratch, rules).is_none()
}

/// Join the lines of one page that continue a wrapped sentence.
fn join_wrapped(bufs: Vec<Buf>, stats: &Stats, rules: &Rules, scratch: &mut String) -> Vec<Buf> {
    let mut out: Vec<Buf> = Vec::with_capacity(bufs.len());
    // Whether the last line in `out` may continue (judged on its last raw piece).
    let mut open = false;
    let mut pending_blank: Option<Buf> = None;
    for b in bufs {
        if b.is_blank() && !b.furniture {
            if open && stats.blank_after_each && pending_blank.is_none() {
                pending_blank = Some(b);
            } else {
                if let Some(p) = pending_blank.take() {
                    out.push(p);
                }
                out.push(b);
                open = false;
            }
            continue;
        }
        if open && may_be_continuation(&b, rules, scratch) {
            if let Some(prev) = out.last_mut() {
                let next_open = may_continue(&b, stats, rules);
                let a_end = prev.trimmed().last().copied();
                let end = prev
                    .items
                    .iter()
                    .rposition(|i| i.c != ' ')
                    .map_or(0, |p| p + 1);
                prev.items.truncate(end);
                let t = b.trimmed();
                if let (Some(a), Some(z)) = (a_end, t.first()) {
                    if a.c.is_ascii_alphabetic() && z.c.is_ascii_alphabetic() {
                        // Two English words: the line break was a space.
                        prev.items.push(Item {
                            c: ' ',
                            o: Origin {
                                line: a.o.line,
                                start: a.o.end,
                                end: a.o.end,
                            },
                        });
                    }
                }
                prev.items.extend_from_slice(t);
                prev.last = b.last;
                pending_blank = None; // swallowed
                open = next_open;
                continue;
            }
        }
        if let Some(p) = pending_blank.take() {
            out.push(p);
        }
        open = may_continue(&b, stats, rules);
        out.push(b);
    }
    if let Some(p) = pending_blank.take() {
        out.push(p);
    }
    out
}
