//! Layout fixes over the lines of a document: vertical headings, TOC leader dots, and
//! sentences hard-wrapped over several lines.
//!
//! Character sets are `chars.toml`'s; opening brackets that may start a joined line and the colon
//! that ends one stay in code as grammar.

use super::chars::{self, Item};
use super::Ctx;
use super::{set, NormDoc, NormLine, OffsetMap, Origin};
use crate::ingest::{Extracted, Line};
use crate::lexical::chars::{is_japanese, is_kana_or_han};
use crate::model::Span;
use crate::numbering::parse_label;

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
    /// The line holds a tab (a table row).
    tab: bool,
}

impl Buf {
    fn is_blank(&self) -> bool {
        self.items.iter().all(|i| i.c == ' ')
    }

    fn has_tab(&self) -> bool {
        self.tab
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

/// Display width of a raw line, whitespace not counted, and whether it holds a tab.
fn raw_width(s: &str) -> (u32, bool) {
    // Most lines hold only ASCII and U+3000..U+EFFF (kana, kanji, CJK punctuation: lead
    // bytes E3..EE, two columns each, whitespace only U+3000). Their width is a count over
    // the bytes, without decoding: per block of 128 bytes in byte counters, which the
    // compiler vectorizes.
    let b = s.as_bytes();
    let (mut w, mut tab, mut other) = (0u32, 0u8, 0u8);
    for block in b.chunks(128) {
        let (mut narrow, mut wide) = (0u8, 0u8);
        for &x in block {
            narrow += u8::from(x < 0x80) - u8::from(matches!(x, b'\t'..=b'\r' | b' '));
            wide += u8::from((0xE3..=0xEE).contains(&x));
            tab |= u8::from(x == b'\t');
            other |= u8::from((0xC2..=0xE2).contains(&x) || x >= 0xEF);
        }
        w += u32::from(narrow) + 2 * u32::from(wide);
    }
    if other == 0 && !s.contains('\u{3000}') {
        return (w, tab != 0);
    }
    let mut w = 0;
    for c in s.chars() {
        // No whitespace character lies above U+3000: kana and kanji skip the lookup.
        if c as u32 > 0x3000 || !c.is_whitespace() {
            w += chars::width(c);
        }
    }
    (w, tab != 0)
}

/// The normalized document, with spans and offset maps.
pub(super) fn normalize_doc(ex: &Extracted, rules: &Ctx) -> NormDoc {
    let lines = Vec::with_capacity(ex.pages.iter().map(|p| p.lines.len()).sum());
    match run(ex, rules, Sink::Lines(lines)) {
        Sink::Lines(lines) => NormDoc {
            lines,
            raw: raw_pages(ex),
        },
        Sink::Text { .. } => NormDoc::default(),
    }
}

/// The raw lines of every page, indexed by page number - 1 (a page missing from `ex` is empty).
fn raw_pages(ex: &Extracted) -> Vec<Vec<String>> {
    let n = ex
        .pages
        .iter()
        .map(|p| p.number as usize)
        .max()
        .unwrap_or(0);
    let mut raw = vec![Vec::new(); n];
    for p in &ex.pages {
        if let Some(slot) = (p.number as usize)
            .checked_sub(1)
            .and_then(|i| raw.get_mut(i))
        {
            *slot = p.lines.iter().map(|l| l.text.clone()).collect();
        }
    }
    raw
}

/// Only the text of the normalized document, as [`NormDoc::to_text`] writes it: the same
/// lines, without building spans and offset maps.
pub(super) fn normalize_text(ex: &Extracted, rules: &Ctx) -> String {
    let raw: usize = ex
        .pages
        .iter()
        .flat_map(|p| &p.lines)
        .map(|l| l.text.len() + 1)
        .sum();
    let text = String::with_capacity(raw + raw / 8 + ex.pages.len());
    match run(ex, rules, Sink::Text { text, page: None }) {
        Sink::Text { text, .. } => text,
        Sink::Lines(_) => String::new(),
    }
}

/// The lines are processed as a stream, page by page, so that only the lines in flight
/// (a vertical heading being collected, a sentence being joined) hold their characters.
fn run<'a>(ex: &'a Extracted, rules: &'a Ctx<'a>, sink: Sink) -> Sink {
    let stats = Stats::of(ex, rules);
    let mut out = Out {
        rules,
        raw_lines: &[],
        sink,
        scratch: String::new(),
        kept: Vec::new(),
        text: String::new(),
        map: OffsetMap::default(),
        page: 0,
        pool: Vec::new(),
    };
    let mut seg = String::new();
    let mut chunk: Vec<Buf> = Vec::new();
    let mut line_index = 0;
    for page in &ex.pages {
        out.page = page.number;
        out.raw_lines = &page.lines;
        let mut joiner = Joiner::default();
        for (i, line) in page.lines.iter().enumerate() {
            let n = i as u32 + 1;
            let mut items = out.pool.pop().unwrap_or_default();
            items.reserve(line.text.len() / 2 + 1);
            chars::char_pass(&line.text, n, rules.chars, &mut items, &mut seg);
            let b = Buf {
                items,
                first: n,
                last: n,
                furniture: line.furniture,
                toc_leader: false,
                vertical: false,
                width: stats.line_widths.get(line_index).map_or(0, |&(w, _)| w),
                tab: stats.line_widths.get(line_index).is_some_and(|&(_, t)| t),
            };
            line_index += 1;
            // A vertical heading is a run of one-character lines (and blank lines); any
            // other line ends the run, so what came before it can go on.
            let ends_run = !b.is_blank() && !single(&b);
            chunk.push(b);
            if ends_run {
                if chunk.len() == 1 {
                    if let Some(b) = chunk.pop() {
                        joiner.push(b, &stats, &mut out);
                    }
                } else {
                    for b in collapse_vertical(std::mem::take(&mut chunk), rules) {
                        joiner.push(b, &stats, &mut out);
                    }
                }
            }
        }
        for b in collapse_vertical(std::mem::take(&mut chunk), rules) {
            joiner.push(b, &stats, &mut out);
        }
        joiner.end(&mut out);
    }
    out.sink
}

/// What the finished lines become.
enum Sink {
    /// Normalized lines with spans and offset maps.
    Lines(Vec<NormLine>),
    /// Only the text, a form feed before each new page; `page` is the last line's.
    Text { text: String, page: Option<u32> },
}

/// Where finished logical lines go.
struct Out<'a> {
    rules: &'a Ctx<'a>,
    /// The raw lines of the page (`Item::raw` characters are copied from them).
    raw_lines: &'a [Line],
    sink: Sink,
    scratch: String,
    /// The characters kept, the text and the offset map of the line being finished.
    kept: Vec<Item>,
    text: String,
    map: OffsetMap,
    page: u32,
    /// Character buffers of emitted lines, for reuse.
    pool: Vec<Vec<Item>>,
}

impl Out<'_> {
    fn emit(&mut self, b: Buf) {
        let lines = self.raw_lines;
        let raw = |n: u32| {
            n.checked_sub(1)
                .and_then(|i| lines.get(i as usize))
                .map(|l| l.text.as_str())
        };
        match &mut self.sink {
            Sink::Lines(lines) => {
                // Built in reused buffers, then copied out at their exact size: the
                // document's lines take no more memory than their text and runs.
                self.text.clear();
                self.map.runs.clear();
                chars::finish(
                    &b.items,
                    self.rules,
                    &mut self.scratch,
                    &mut self.kept,
                    &mut self.text,
                    Some(&mut self.map),
                    &raw,
                );
                lines.push(NormLine {
                    text: self.text.as_str().to_owned(),
                    span: Span::lines(self.page, b.first, b.last),
                    furniture: b.furniture,
                    toc_leader: b.toc_leader,
                    map: self.map.clone(),
                });
            }
            Sink::Text { text, page } => {
                if page.is_some_and(|p| p != self.page) {
                    text.push('\u{c}');
                }
                *page = Some(self.page);
                chars::finish(
                    &b.items,
                    self.rules,
                    &mut self.scratch,
                    &mut self.kept,
                    text,
                    None,
                    &raw,
                );
                text.push('\n');
            }
        }
        let mut items = b.items;
        items.clear();
        if self.pool.len() < 64 {
            self.pool.push(items);
        }
    }
}

/// A line of one kana or kanji (part of a vertical heading).
fn single(b: &Buf) -> bool {
    let t = b.trimmed();
    !b.furniture && t.len() == 1 && is_kana_or_han(t[0].c)
}

/// How a run of one-character lines reads: as one word, as several known words (a name and
/// `目次` set vertically one under the other), or as characters that only stand in a column
/// (the header cells of a narrow table): `None`.
fn vertical_words(chars: &[char], rules: &Ctx) -> Option<Vec<usize>> {
    let word: String = chars.iter().collect();
    let kana = chars
        .iter()
        .any(|&c| matches!(c, '\u{3041}'..='\u{309F}' | '\u{30A1}'..='\u{30FA}'));
    // A known word, a phrase with kana (`計画の概要`, `はじめに`) or a label (`第一章`) is one
    // heading, as before.
    if kana
        || rules.chars.words.contains(&word)
        || crate::numbering::parse_label(&word, rules.numbering).is_some()
    {
        return Some(vec![chars.len()]);
    }
    // Otherwise only a run that is wholly known words: the fewest of them.
    const LONGEST: usize = 12;
    let n = chars.len();
    let mut best: Vec<Option<(usize, usize)>> = vec![None; n + 1]; // (words, last length)
    best[0] = Some((0, 0));
    for end in 1..=n {
        for len in 1..=LONGEST.min(end) {
            let Some((k, _)) = best[end - len] else {
                continue;
            };
            let w: String = chars[end - len..end].iter().collect();
            if len >= 2
                && rules.chars.words.contains(&w)
                && best[end].is_none_or(|(b, _)| k + 1 < b)
            {
                best[end] = Some((k + 1, len));
            }
        }
    }
    let mut lens = Vec::new();
    let mut at = n;
    while at > 0 {
        let (_, len) = best[at]?;
        lens.push(len);
        at -= len;
    }
    lens.reverse();
    Some(lens)
}

/// Three or more lines of one kana or kanji each (blank lines between them allowed) are a
/// heading set vertically: `は` / `じ` / `め` / `に` → `はじめに`. A run that spells known
/// words one after the other (`魚` / `津` / `市` / `目` / `次`) becomes one line per word; a run
/// of kanji that is no known word (`項` / `目` / `件` / `数` / `割`, header cells of a narrow
/// table) stays as it is.
fn collapse_vertical(bufs: Vec<Buf>, rules: &Ctx) -> Vec<Buf> {
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
        let last = members[members.len() - 1];
        let chars: Vec<char> = members.iter().map(|&m| bufs[m].trimmed()[0].c).collect();
        let words = if members.len() >= 3 {
            vertical_words(&chars, rules)
        } else {
            None
        };
        if let Some(words) = words {
            let mut at = 0;
            for len in words {
                let part = &members[at..at + len];
                at += len;
                let (Some(&a), Some(&z)) = (part.first(), part.last()) else {
                    continue;
                };
                out.push(Buf {
                    items: part.iter().map(|&m| bufs[m].trimmed()[0]).collect(),
                    first: bufs[a].first,
                    last: bufs[z].last,
                    furniture: false,
                    toc_leader: false,
                    vertical: true,
                    width: 2 * part.len() as u32,
                    tab: false,
                });
            }
            i = last + 1;
        } else {
            // Left as written; the run is not looked at again from a later line (a long run
            // would otherwise be read over and over).
            out.extend(bufs[i..=last].iter().cloned());
            i = last + 1;
        }
    }
    out
}

/// TOC leader dots: `趣旨・・・・・・3` → `趣旨\t3`, flagged.
fn leader(b: &mut Buf, rules: &Ctx) {
    let sets = rules.chars.sets();
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
        if sets.has(c, set::LEADER_DOT) {
            n_dots += 1;
        } else if sets.has(c, set::LEADER_ELLIPSIS) {
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
        raw: false,
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
    let numbered = num_end > num_start;
    if numbered {
        items.push(tab);
        items.extend_from_slice(&v[num_start..num_end]);
    }
    b.items = items;
    b.toc_leader = true;
    if !numbered {
        // Dots without a page number were dropped: what is left may end in a leader of its
        // own (`見出し・・・・1……`), which the next pass would see; take it now (idempotence).
        leader(b, rules);
    }
}

/// What the join rule needs to know about the whole document.
struct Stats {
    /// The widths of body lines, sorted.
    widths: Vec<u32>,
    /// The width of every raw line, in document order, and whether it holds a tab.
    line_widths: Vec<(u32, bool)>,
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
    /// The statistics of the raw lines: body lines are those that are not blank, not page
    /// furniture, not table rows and not TOC entries with leader dots.
    fn of(ex: &Extracted, rules: &Ctx) -> Stats {
        let sets = rules.chars.sets();
        let is_leader = |s: &str| {
            let t = s.trim_end_matches(|c: char| c.is_whitespace() || c.is_numeric());
            let t = t.trim_end();
            let dots = t
                .chars()
                .rev()
                .take_while(|&c| sets.has(c, set::LEADER_DOT))
                .count();
            let ells = t
                .chars()
                .rev()
                .take_while(|&c| sets.has(c, set::LEADER_ELLIPSIS))
                .count();
            dots >= 3 || ells >= 2
        };
        let mut widths = Vec::new();
        let mut line_widths = Vec::with_capacity(ex.pages.iter().map(|p| p.lines.len()).sum());
        let (mut nonblank, mut followed) = (0usize, 0usize);
        for page in &ex.pages {
            let first = line_widths.len();
            line_widths.extend(page.lines.iter().map(|l| raw_width(&l.text)));
            let page_widths = line_widths.get(first..).unwrap_or_default();
            // A line is blank (only whitespace) exactly when its width is 0.
            let blank = |i: usize| page_widths.get(i).is_some_and(|&(w, _)| w == 0);
            for (i, l) in page.lines.iter().enumerate() {
                let (w, tab) = page_widths.get(i).copied().unwrap_or_default();
                if w == 0 {
                    continue;
                }
                if i + 2 < page.lines.len() {
                    nonblank += 1;
                    if blank(i + 1) && !blank(i + 2) {
                        followed += 1;
                    }
                }
                if l.furniture || tab || is_leader(&l.text) {
                    continue;
                }
                if w >= 8 {
                    widths.push(w);
                }
            }
        }
        widths.sort_unstable();
        let p90 = if widths.is_empty() {
            u32::MAX
        } else {
            let k = (widths.len() * 9).div_ceil(10).max(1) - 1;
            widths.get(k).copied().unwrap_or(u32::MAX)
        };
        Stats {
            widths,
            line_widths,
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
fn may_continue(b: &Buf, stats: &Stats, rules: &Ctx) -> bool {
    if !is_body(b) {
        return false;
    }
    let t = b.trimmed();
    let Some(last) = t.last().map(|i| i.c) else {
        return false;
    };
    let sets = rules.chars.sets();
    if sets.has(last, set::SENTENCE_END) || matches!(last, ':' | '：') {
        return false;
    }
    if sets.has(last, set::CLOSING) && t.len() >= 2 && sets.has(t[t.len() - 2].c, set::SENTENCE_END)
    {
        return false;
    }
    stats.wrap_width(b.width)
}

/// A line that may be the continuation of the previous one.
fn may_be_continuation(b: &Buf, rules: &Ctx, scratch: &mut String) -> bool {
    if !is_body(b) {
        return false;
    }
    let t = b.trimmed();
    let Some(first) = t.first().map(|i| i.c) else {
        return false;
    };
    if rules.chars.sets().has(first, set::ITEM_MARK) {
        return false;
    }
    if !(is_japanese(first) || first.is_ascii_alphanumeric() || "(「『〈《“".contains(first))
    {
        return false;
    }
    scratch.clear();
    scratch.extend(t.iter().map(|i| i.c));
    parse_label(scratch, rules.numbering).is_none()
}

/// Joins the lines of one page that continue a wrapped sentence, as they come.
#[derive(Default)]
struct Joiner {
    /// The last line, which the next may continue.
    cur: Option<Buf>,
    /// Whether `cur` may continue (judged on its last raw piece).
    open: bool,
    /// A blank line after `cur` that goes if the next line continues `cur`.
    pending_blank: Option<Buf>,
}

impl Joiner {
    fn push(&mut self, mut b: Buf, stats: &Stats, out: &mut Out) {
        let rules = out.rules;
        if !b.furniture {
            leader(&mut b, rules);
        }
        if b.is_blank() && !b.furniture {
            if self.open && stats.blank_after_each && self.pending_blank.is_none() {
                self.pending_blank = Some(b);
            } else {
                self.flush(out);
                self.cur = Some(b);
                self.open = false;
            }
            return;
        }
        if self.open && may_be_continuation(&b, rules, &mut out.scratch) {
            if let Some(prev) = self.cur.as_mut() {
                let next_open = may_continue(&b, stats, rules);
                let end = prev
                    .items
                    .iter()
                    .rposition(|i| i.c != ' ')
                    .map_or(0, |p| p + 1);
                prev.items.truncate(end);
                let a_end = prev.items.last().copied();
                let t = b.trimmed();
                if let (Some(a), Some(z)) = (a_end, t.first()) {
                    if a.c.is_ascii_alphabetic() && z.c.is_ascii_alphabetic() {
                        // Two English words: the line break was a space.
                        prev.items.push(Item {
                            raw: false,
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
                self.pending_blank = None; // swallowed
                self.open = next_open;
                return;
            }
        }
        self.flush(out);
        self.open = may_continue(&b, stats, rules);
        self.cur = Some(b);
    }

    /// Emit the line held and the blank line after it.
    fn flush(&mut self, out: &mut Out) {
        if let Some(c) = self.cur.take() {
            out.emit(c);
        }
        if let Some(p) = self.pending_blank.take() {
            out.emit(p);
        }
        self.open = false;
    }

    fn end(&mut self, out: &mut Out) {
        self.flush(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_width_counts_columns_of_non_whitespace() {
        // What raw_width computes without decoding every character.
        fn reference(s: &str) -> (u32, bool) {
            let w = s
                .chars()
                .filter(|c| !c.is_whitespace())
                .map(chars::width)
                .sum();
            (w, s.contains('\t'))
        }
        let mut all: String = (0u32..0x11000).filter_map(char::from_u32).collect();
        all.push_str("\u{3000}a\u{3000}\u{2003}\t\u{85}\u{a0}\u{1680}\u{202f}\u{205f}");
        for s in [
            "",
            " \t\u{b}\u{c}\r\n",
            "あ\u{3000}い\tう abc\u{1}\u{7f}",
            "日本語のみ、カタカナ。",
            "令和 7 年度\u{3000}（１）ｶﾞｲﾄﾞ①\t3",
            "\u{3000}\u{3001}\u{2fff}\u{ff61}\u{ffdc}\u{ffdd}\u{1100}\u{10ff}😀",
            all.as_str(),
        ] {
            assert_eq!(raw_width(s), reference(s), "{s:?}");
        }
    }
}
