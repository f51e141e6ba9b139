//! Page content cut down to what pdf-extract acts on, read and inflated once per document.
//!
//! pdf-extract parses each page's content with lopdf, whose parser builds an object for every
//! operand, and most of a typical page is drawing that leaves no trace in jplan's output:
//! clipping paths (`re W n`), marked content (`BDC … EMC` with their dictionaries), colours,
//! line styles. Before the pages are read, every content stream of the pages to read and
//! every form XObject is rewritten without the operations that change nothing in what
//! pdf-extract hands to jplan's `OutputDev` (glyphs, stroked and filled paths), and stored
//! inflated, so that pdf-extract, [`super::shown`] and [`super::cmap_text`] neither inflate it
//! again nor parse what was dropped.
//!
//! Dropped, following pdf-extract 0.12.1's `process_stream`, only where pdf-extract does
//! nothing with the operation and cannot fail on it:
//! - operations it ignores: `G g RG rg K k`, `i J j M d ri`, `W W*`, `s f* B B* b b*` (it
//!   paints nothing for them and keeps the path), `BMC BDC EMC MP DP`, `sh`, `BX EX`;
//! - `w` with a number, and `SC SCN sc scn` whose operands are all numbers (line width and
//!   colours only reach the `OutputDev`, which does not use them); `CS`/`cs` stay (an unknown
//!   colour space stops the page);
//! - a path that is discarded by `n` without being painted (`S`, `F`, `f`), with the `n`:
//!   a clipping path, or the rectangles before `f*`; only when the path was empty when it
//!   began (a form's content begins with an empty path; a page stream may continue the path
//!   of the one before it), and only when pdf-extract can read all its operands (`v` is kept:
//!   it reads the current point);
//! - a path filled by `f`/`F` that gives the layout no rule, where the transformation is
//!   known (the first stream of a page, from the identity; not in forms, whose placement is
//!   not known here): no rectangle and no run of four or more points whose box is at most 3
//!   units wide or high (`Collector::add_path`), with a margin; a `cm`, `q` or `Q` inside the
//!   path keeps it;
//! - inline images (`BI … ID … EI`), which pdf-extract reads and ignores;
//! - a `Tf` or `Tr` that sets the font or render mode to what it already is (same operand
//!   bytes, since the last `Tf`/`Tr` of the stream, `q`/`Q` followed; after `gs` the font
//!   and after `Do` both are taken as unknown, and so at the start of a stream): producers
//!   that wrap each glyph in `BT /F2 40.96 Tf 0 Tr … Tj ET` repeat them for every glyph;
//! - `q` and `Q` with nothing left between them.
//!
//! The streams of colour spaces (ICC profiles, the tint transforms of `Separation` and
//! `DeviceN`) lose their data too: pdf-extract inflates them at every `cs`/`CS` that selects
//! the space, for nothing it or jplan uses.
//!
//! Image XObjects lose their data (the dictionary stays): pdf-extract's `Do` inflates any
//! XObject and parses it as content, an image's samples too, where it finds nothing to show
//! (the walk of [`super::shown`] skips images for the same reason); a page with photographs
//! or a scan spent more time and memory on that than on its text.
//!
//! Everything else (text, `cm`, `q`/`Q`, `gs`, `Tr`, `Do`, stroked paths, operators it does not
//! know) is copied byte for byte, but for hexadecimal strings, written as literal strings of
//! the same bytes (lopdf reads `<0123>` a digit at a time through its parser combinators, a
//! tenth of all the work on pages of CID text; nothing downstream reads the string's format).
//! Content is read with [`super::content::Lexer`], which reads what lopdf reads; a stream it leaves to lopdf (comments, `#` in names, …), or one that ends
//! with operands and no operator, is left as it was, and so are the other streams of a page
//! with such a stream (an operation may run across them). The cut content
//! is kept in memory, up to [`BUDGET`] bytes more than the compressed streams it replaces;
//! later streams stay as they were.

use std::collections::{BTreeMap, BTreeSet};

use lopdf::{Document, Object, ObjectId};

use super::content::{Kind, Lexer};
use super::forms::{self, Matrix, IDENTITY};
use super::limits::Plain;

/// How many bytes the inflated (cut) content may take beyond the compressed streams.
pub const BUDGET: usize = 8 << 20;

/// The streams of colour spaces anywhere in `doc`: ICC profiles (`[/ICCBased 5 0 R]`) and
/// the tint transforms of `Separation` and `DeviceN` spaces (`[/Separation /Black /DeviceCMYK
/// 6 0 R]`, a sampled or PostScript function). pdf-extract inflates them at every `cs`/`CS`
/// that selects the space (a page of coloured text selects it again and again) and never uses
/// them: the profile goes to the `OutputDev`, which ignores colours, and the function is never
/// evaluated.
fn colour_streams(doc: &Document) -> BTreeSet<ObjectId> {
    fn walk(o: &Object, out: &mut BTreeSet<ObjectId>, depth: usize) {
        if depth > 32 {
            return;
        }
        match o {
            Object::Array(items) => {
                let named = |at: usize| match items.get(at) {
                    Some(Object::Reference(id)) => Some(*id),
                    _ => None,
                };
                let data = match items.first() {
                    Some(Object::Name(n)) if n == b"ICCBased" => named(1),
                    Some(Object::Name(n)) if n == b"Separation" || n == b"DeviceN" => named(3),
                    _ => None,
                };
                out.extend(data);
                for i in items {
                    walk(i, out, depth + 1);
                }
            }
            Object::Dictionary(d) => {
                for (_, v) in d.iter() {
                    walk(v, out, depth + 1);
                }
            }
            Object::Stream(s) => {
                for (_, v) in s.dict.iter() {
                    walk(v, out, depth + 1);
                }
            }
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    for o in doc.objects.values() {
        walk(o, &mut out, 0);
    }
    out
}

/// What a rewrite did, for tests and benchmarks.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    /// Streams cut (and stored inflated).
    pub streams: usize,
    /// Streams left as they were (unreadable to the tokenizer, or over the budget).
    pub left: usize,
    /// Inflated bytes before and after the cut, over the rewritten streams.
    pub bytes_before: usize,
    pub bytes_after: usize,
    /// Image XObjects whose data was dropped.
    pub images: usize,
    /// Colour-space streams (ICC profiles, tint transforms) whose data was dropped.
    pub colour: usize,
}

/// Rewrite the content streams of `pages` and every form XObject of `doc`, and drop the data
/// of every image XObject and of the streams of colour spaces ([`colour_streams`]).
pub fn apply(doc: &mut Document, pages: &[ObjectId], plain: &mut Plain) -> Stats {
    let mut stats = Stats::default();
    let colour = colour_streams(doc);
    for (id, o) in doc.objects.iter_mut() {
        if let Object::Stream(s) = o {
            let image = s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image");
            // A profile has `/N`, a function `/FunctionType`; nothing else named there goes.
            let colour =
                !image && colour.contains(id) && (s.dict.has(b"N") || s.dict.has(b"FunctionType"));
            if (image || colour) && !s.content.is_empty() {
                s.set_plain_content(Vec::new());
                if image {
                    stats.images += 1;
                } else {
                    stats.colour += 1;
                }
            }
        }
    }
    // Streams of pages: whether each page's streams may be cut (all of them read cleanly).
    let mut page_streams: BTreeMap<ObjectId, bool> = BTreeMap::new();
    let mut page_lists: Vec<Vec<ObjectId>> = Vec::new();
    for &page in pages {
        let ids: Vec<ObjectId> = doc
            .get_page_contents(page)
            .into_iter()
            .filter(|id| matches!(doc.objects.get(id), Some(Object::Stream(_))))
            .collect();
        for id in &ids {
            page_streams.entry(*id).or_insert(true);
        }
        page_lists.push(ids);
    }
    let forms: BTreeSet<ObjectId> = doc
        .objects
        .iter()
        .filter_map(|(id, o)| match o {
            Object::Stream(s) if !page_streams.contains_key(id) => s
                .dict
                .get(b"Subtype")
                .and_then(Object::as_name)
                .is_ok_and(|n| n == b"Form")
                .then_some(*id),
            _ => None,
        })
        .collect();
    // Pass 1: cut every stream (page streams with an unknown path at the start). Only the cut
    // content is kept, one stream's inflated content at a time.
    let mut cut: BTreeMap<ObjectId, (usize, Vec<u8>)> = BTreeMap::new();
    let mut budget = BUDGET;
    // A stream that begins every page it is on starts with an empty path and the identity
    // transformation (pdf-extract runs a page's streams as one); a form starts with an empty
    // path, but where it is drawn is not known here.
    let first: BTreeSet<ObjectId> = page_streams
        .keys()
        .filter(|id| {
            page_lists
                .iter()
                .filter(|l| l.contains(id))
                .all(|l| l.first() == Some(*id))
        })
        .copied()
        .collect();
    let all = page_streams
        .keys()
        .map(|id| (*id, first.contains(id), first.contains(id)));
    let all: Vec<(ObjectId, bool, bool)> = all
        .chain(forms.iter().map(|id| (*id, true, false)))
        .collect();
    for (id, fresh, placed) in all {
        let Some(Object::Stream(st)) = doc.objects.get(&id) else {
            continue;
        };
        let compressed = st.content.len();
        // As pdf-extract reads it (lopdf's inflated content, which is the stored content for a
        // stream without `/Filter`); one that does not inflate is left as it was.
        let plain = match plain.take(id) {
            Some(bytes) => Some(bytes),
            None => st.decompressed_content().ok(),
        };
        let ctm = placed.then_some(IDENTITY);
        let stripped = plain.as_deref().and_then(|p| strip_placed(p, fresh, ctm));
        let Some((plain, stripped)) = plain.zip(stripped) else {
            page_streams.insert(id, false);
            stats.left += 1;
            continue;
        };
        let growth = stripped.content.len().saturating_sub(compressed);
        if growth > budget {
            page_streams.insert(id, false);
            stats.left += 1;
            continue;
        }
        budget -= growth;
        cut.insert(id, (plain.len(), stripped.content));
    }
    // A page with a stream that cannot be cut keeps all its streams as they were.
    for ids in &page_lists {
        if ids.iter().any(|id| page_streams.get(id) == Some(&false)) {
            for id in ids {
                page_streams.insert(*id, false);
            }
        }
    }
    // Pass 2: store.
    for (id, (before, content)) in cut {
        if page_streams.get(&id) == Some(&false) {
            stats.left += 1;
            continue;
        }
        if let Some(Object::Stream(st)) = doc.objects.get_mut(&id) {
            stats.streams += 1;
            stats.bytes_before += before;
            stats.bytes_after += content.len();
            st.set_plain_content(content);
        }
    }
    stats
}

/// A content stream cut down: the content, and which operations of the original (by their
/// index in it) it keeps.
#[derive(Debug, Clone, PartialEq)]
pub struct Stripped {
    pub content: Vec<u8>,
    pub kept: Vec<usize>,
}

/// What to do with one operation.
enum Action {
    Keep,
    Drop,
    /// Path construction; `true` when pdf-extract can read its operands.
    Path(bool),
    /// `S`, `F`, `f`: the path reaches the `OutputDev`.
    Paint,
    /// `n`: the path is discarded.
    Discard,
    Save,
    Restore,
}

/// The action for operator `word` with `count` operands of which the first `numbers` are
/// numbers.
fn action(word: &[u8], count: usize, numbers: usize) -> Action {
    match word {
        b"m" | b"l" => Action::Path(numbers >= 2),
        b"c" => Action::Path(numbers >= 6),
        b"y" | b"re" => Action::Path(numbers >= 4),
        b"h" => Action::Path(true),
        b"v" => Action::Path(false),
        b"S" | b"F" | b"f" => Action::Paint,
        b"n" => Action::Discard,
        b"q" => Action::Save,
        b"Q" => Action::Restore,
        b"w" if numbers >= 1 => Action::Drop,
        b"SC" | b"SCN" | b"sc" | b"scn" if numbers == count => Action::Drop,
        b"G" | b"g" | b"RG" | b"rg" | b"K" | b"k" | b"i" | b"J" | b"j" | b"M" | b"d" | b"ri"
        | b"W" | b"W*" | b"s" | b"f*" | b"B" | b"B*" | b"b" | b"b*" | b"BMC" | b"BDC" | b"EMC"
        | b"MP" | b"DP" | b"sh" | b"BX" | b"EX" => Action::Drop,
        _ => Action::Keep,
    }
}

/// Marks the operations of a path (indices into `entries`) as not kept.
fn drop_path(entries: &mut [Entry], path: &[usize]) {
    for &p in path {
        if let Some(e) = entries.get_mut(p) {
            e.kept = false;
        }
    }
}

/// The text state the cut tracks: where the operands of the `Tf` and of the `Tr` in effect
/// are, when known.
type TextState = (Option<(usize, usize)>, Option<(usize, usize)>);

/// One operation of the original: its bytes (operands and operator) and its index.
struct Entry {
    /// An inline image lies among its operands (odd content): its bytes are copied as they
    /// are, never rewritten ([`copy_operation`]).
    verbatim: bool,
    start: usize,
    end: usize,
    index: usize,
    kept: bool,
}

/// `data` without the operations pdf-extract does nothing with (see the module comment), or
/// `None` when the tokenizer leaves `data` to lopdf or it ends with operands. `fresh`: the
/// path is empty where `data` begins.
#[cfg(test)]
pub fn strip(data: &[u8], fresh: bool) -> Option<Stripped> {
    strip_placed(data, fresh, None)
}

/// [`strip`], where `ctm` is the transformation in effect where `data` begins, when known: a
/// filled path that cannot give a rule under it goes too (see the module comment).
pub fn strip_placed(data: &[u8], fresh: bool, ctm: Option<Matrix>) -> Option<Stripped> {
    let mut entries: Vec<Entry> = Vec::new();
    // Operands of the operation being read: where the first begins, how many, how many
    // numbers before the first other one.
    let mut start: Option<usize> = None;
    let (mut count, mut numbers) = (0usize, 0usize);
    // Entries of the path being built, and whether it began empty and can be dropped whole.
    let mut path: Vec<usize> = Vec::new();
    let mut droppable = fresh;
    // Entries of the `q`s not yet restored.
    let mut saves: Vec<usize> = Vec::new();
    // The transformation (unknown after a `cm` pdf-extract cannot read), the ones saved by
    // `q`, the first numbers of the operation being read, and the shape of the path.
    let mut ctm = ctm;
    let mut ctms: Vec<Option<Matrix>> = Vec::new();
    // Where the first numbers are (start, end, integer), read only for the operators that use
    // them (`cm` and path construction): most operands are never needed as numbers.
    let mut spans = [(0usize, 0usize, false); 6];
    let read = |spans: &[(usize, usize, bool)]| -> [f64; 6] {
        let mut nums = [0f64; 6];
        for (n, &(a, b, integer)) in nums.iter_mut().zip(spans) {
            *n = value(data.get(a..b).unwrap_or(&[]), integer);
        }
        nums
    };
    let mut shape = Shape::default();
    let mut index = 0usize;
    let mut image_among_operands = false;
    // The font (`Tf`) and render mode (`Tr`) in effect, as the bytes of their operands, when
    // known, and those saved by `q`: setting either again to what it is changes nothing.
    let mut text_state: TextState = (None, None);
    let mut text_states: Vec<TextState> = Vec::new();
    let mut lexer = Lexer::new(data);
    while let Some(token) = lexer.next_token().ok()? {
        match token.kind {
            // pdf-extract does nothing with an inline image.
            Kind::InlineImage => {
                image_among_operands |= start.is_some();
                index += 1;
                continue;
            }
            Kind::Operator => {}
            kind => {
                if start.is_none() {
                    start = Some(token.start);
                }
                if let (Kind::Number(integer), true) = (kind, numbers == count) {
                    if let Some(n) = spans.get_mut(numbers) {
                        *n = (token.start, token.end, integer);
                    }
                    numbers += 1;
                }
                count += 1;
                continue;
            }
        }
        let word = &data[token.start..token.end];
        let entry = Entry {
            verbatim: image_among_operands,
            start: start.unwrap_or(token.start),
            end: token.end,
            index,
            kept: true,
        };
        index += 1;
        let known = numbers.min(spans.len());
        let operands = data
            .get(entry.start..token.start)
            .unwrap_or(&[])
            .trim_ascii();
        let again = |set: &Option<(usize, usize)>| {
            set.and_then(|(a, b)| data.get(a..b)) == Some(operands) && !entry.verbatim
        };
        let action = match word {
            b"Tf" if count == 2 && again(&text_state.0) => Action::Drop,
            b"Tr" if count == 1 && again(&text_state.1) => Action::Drop,
            _ => action(word, count, numbers),
        };
        // The operands begin at the entry's start (the first operand token).
        let span = Some((entry.start, entry.start + operands.len()))
            .filter(|_| !operands.is_empty() && !entry.verbatim);
        match word {
            b"Tf" => text_state.0 = span.filter(|_| count == 2),
            b"Tr" => text_state.1 = span.filter(|_| count == 1),
            b"q" => text_states.push(text_state),
            b"Q" => text_state = text_states.pop().unwrap_or((None, None)),
            // An `/ExtGState` may set the font; a form XObject is read by jplan's own readers
            // too, which need not follow pdf-extract in keeping the caller's state.
            b"gs" => text_state.0 = None,
            b"Do" => text_state = (None, None),
            _ => {}
        }
        match action {
            Action::Drop => {}
            Action::Keep => {
                if word == b"cm" {
                    // pdf-extract transforms the whole path at its paint.
                    shape.thin |= !path.is_empty();
                    let nums = read(&spans[..known]);
                    ctm = match (ctm, &nums[..known]) {
                        (Some(m), &[a, b, c, d, e, f]) if count == 6 => {
                            Some(forms::concat(&[a, b, c, d, e, f], &m))
                        }
                        _ => None,
                    };
                }
                entries.push(entry);
            }
            Action::Path(readable) => {
                path.push(entries.len());
                entries.push(entry);
                droppable &= readable;
                if readable {
                    shape.add(word, &read(&spans[..known])[..known], ctm.as_ref());
                }
            }
            action @ (Action::Paint | Action::Discard) => {
                let goes = if matches!(action, Action::Discard) {
                    // A path discarded unpainted.
                    droppable
                } else {
                    // A fill that gives no rule: the path and the `f` go.
                    matches!(word, b"f" | b"F")
                        && droppable
                        && ctm.is_some()
                        && !shape.end(ctm.as_ref())
                };
                if goes {
                    drop_path(&mut entries, &path);
                } else {
                    entries.push(entry);
                }
                path.clear();
                shape = Shape::default();
                droppable = true;
            }
            Action::Save => {
                shape.thin |= !path.is_empty();
                saves.push(entries.len());
                entries.push(entry);
                ctms.push(ctm);
            }
            Action::Restore => {
                // pdf-extract keeps its state at a `Q` with nothing saved.
                shape.thin |= !path.is_empty();
                if let Some(m) = ctms.pop() {
                    ctm = m;
                }
                match saves.pop() {
                    // Nothing kept since the `q`: both go.
                    Some(q)
                        if entries
                            .get(q + 1..)
                            .is_some_and(|r| r.iter().all(|e| !e.kept)) =>
                    {
                        entries.truncate(q);
                    }
                    _ => entries.push(entry),
                }
            }
        }
        start = None;
        count = 0;
        numbers = 0;
        image_among_operands = false;
    }
    if count > 0 {
        return None;
    }
    let mut content = Vec::with_capacity(data.len() / 2);
    let mut kept = Vec::new();
    for e in entries.iter().filter(|e| e.kept) {
        let op = data.get(e.start..e.end)?;
        if e.verbatim {
            content.extend_from_slice(op);
        } else {
            copy_operation(op, &mut content);
        }
        content.push(b'\n');
        kept.push(e.index);
    }
    Some(Stripped { content, kept })
}

/// Copy one operation (operands and operator, as the lexer read them), its hexadecimal strings
/// written as literal strings of the same bytes: lopdf reads a hexadecimal string a digit at a
/// time through its combinators (a tenth of all the instructions on a page of CID text shown
/// as `<0123> Tj`), a literal string a run of plain bytes at a time. pdf-extract and jplan's
/// readers use the bytes alone. Anything the scan does not expect is copied as it is from there.
fn copy_operation(op: &[u8], out: &mut Vec<u8>) {
    let mut bytes = Vec::new();
    let mut i = 0;
    while let Some(&c) = op.get(i) {
        match c {
            b'(' => match super::content::literal(op, i, None, 0) {
                Some(end) => {
                    out.extend_from_slice(op.get(i..end).unwrap_or(&[]));
                    i = end;
                }
                None => break,
            },
            b'<' if op.get(i + 1) == Some(&b'<') => {
                out.extend_from_slice(b"<<");
                i += 2;
            }
            b'<' => {
                bytes.clear();
                match super::content::hex(op, i, Some(&mut bytes)) {
                    Some(end) => {
                        out.push(b'(');
                        for &b in &bytes {
                            match b {
                                b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
                                // In octal: a stream with no `'` or `"` byte is not read
                                // by `quotes::rewrite`.
                                b'\'' => out.extend_from_slice(b"\\047"),
                                b'"' => out.extend_from_slice(b"\\042"),
                                b'\r' => out.extend_from_slice(b"\\r"),
                                b'\n' => out.extend_from_slice(b"\\n"),
                                other => out.push(other),
                            }
                        }
                        out.push(b')');
                        i = end;
                    }
                    None => break,
                }
            }
            // A comment is left to lopdf by the lexer; should one be here, leave the rest.
            b'%' => break,
            _ => {
                // Up to the next string or comment.
                let rest = op.get(i..).unwrap_or(&[]);
                let run = memchr::memchr3(b'(', b'<', b'%', rest).unwrap_or(rest.len());
                out.extend_from_slice(rest.get(..run.max(1)).unwrap_or(rest));
                i += run.max(1);
            }
        }
    }
    out.extend_from_slice(op.get(i..).unwrap_or(&[]));
}

/// A number operand as pdf-extract reads it: lopdf's integer (`i64`) or real (`f32`).
fn value(token: &[u8], integer: bool) -> f64 {
    let text = std::str::from_utf8(token).unwrap_or("");
    if integer {
        text.parse::<i64>().map_or(f64::NAN, |i| i as f64)
    } else {
        text.parse::<f32>().map_or(f64::NAN, f64::from)
    }
}

/// The widest a filled box may be and still be read as a rule by the layout (3 units, and
/// a margin for rounding).
const THIN: f64 = 3.0 + 1e-3;

/// What the layout can make of a filled path (`Collector::add_path`): a rule from each
/// rectangle, and from each run of at least four points (from a move, up to a close or the
/// end; a curve empties the run) whose box is at most [`THIN`] wide or high. `thin` is set
/// when one of them may be such a box, or its points are not known.
#[derive(Default)]
struct Shape {
    /// The box of the run (x0, y0, x1, y1) and its number of points.
    run: Option<([f64; 4], usize)>,
    thin: bool,
}

impl Shape {
    /// Path construction `word` with its numbers, under `ctm`.
    fn add(&mut self, word: &[u8], n: &[f64], ctm: Option<&Matrix>) {
        let Some(m) = ctm else {
            self.thin = true;
            return;
        };
        let t = |x: f64, y: f64| forms::apply(m, x, y);
        match (word, n) {
            (b"m", &[x, y, ..]) => self.run = Some(Self::point(None, t(x, y))),
            (b"l", &[x, y, ..]) => {
                let p = t(x, y);
                self.run = Some(Self::point(self.run, p));
            }
            (b"c" | b"y", _) => self.run = None,
            (b"h", _) => self.close(),
            (b"re", &[x, y, w, h, ..]) => {
                let corners = [t(x, y), t(x + w, y), t(x + w, y + h), t(x, y + h)];
                let mut b = Self::point(None, corners[0]);
                for c in &corners[1..] {
                    b = Self::point(Some(b), *c);
                }
                self.judge(b.0);
            }
            _ => self.thin = true,
        }
    }

    fn point(run: Option<([f64; 4], usize)>, (x, y): (f64, f64)) -> ([f64; 4], usize) {
        match run {
            None => ([x, y, x, y], 1),
            Some(([x0, y0, x1, y1], k)) => ([x0.min(x), y0.min(y), x1.max(x), y1.max(y)], k + 1),
        }
    }

    fn close(&mut self) {
        if let Some((b, k)) = self.run.take() {
            if k >= 4 {
                self.judge(b);
            }
        }
    }

    fn judge(&mut self, [x0, y0, x1, y1]: [f64; 4]) {
        let (w, h) = (x1 - x0, y1 - y0);
        if !(w.is_finite() && h.is_finite() && w > THIN && h > THIN) {
            self.thin = true;
        }
    }

    /// The path is filled: whether it may give a rule.
    fn end(&mut self, ctm: Option<&Matrix>) -> bool {
        if ctm.is_none() {
            return true;
        }
        self.close();
        self.thin
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::content::{Content, Operation};

    /// The operations lopdf reads from `data`, strings all marked literal: the cut writes
    /// hexadecimal strings as literal ones of the same bytes.
    fn ops(data: &[u8]) -> Vec<Operation> {
        literal_strings(Content::decode(data).expect("lopdf reads it").operations)
    }

    /// `ops` with every string marked literal.
    fn literal_strings(mut ops: Vec<Operation>) -> Vec<Operation> {
        fn literal(o: &mut Object) {
            match o {
                Object::String(_, format) => *format = lopdf::StringFormat::Literal,
                Object::Array(items) => items.iter_mut().for_each(literal),
                Object::Dictionary(d) => d.iter_mut().for_each(|(_, v)| literal(v)),
                _ => {}
            }
        }
        for op in &mut ops {
            op.operands.iter_mut().for_each(literal);
        }
        ops
    }

    fn operators(data: &[u8]) -> Vec<String> {
        ops(data).into_iter().map(|o| o.operator).collect()
    }

    /// The cut content is the kept operations of the original, as lopdf reads both.
    fn check(data: &[u8], fresh: bool) -> Option<Stripped> {
        let s = strip(data, fresh)?;
        let all = ops(data);
        let kept: Vec<Operation> = s.kept.iter().map(|&k| all[k].clone()).collect();
        let read = ops(&s.content);
        assert_eq!(format!("{kept:?}"), format!("{read:?}"));
        Some(s)
    }

    /// [`check`] for content that begins a page (identity transformation).
    fn cut_page(data: &[u8]) -> Vec<String> {
        let s = strip_placed(data, true, Some(IDENTITY)).expect("read");
        let all = ops(data);
        let kept: Vec<Operation> = s.kept.iter().map(|&k| all[k].clone()).collect();
        assert_eq!(format!("{kept:?}"), format!("{:?}", ops(&s.content)));
        operators(&s.content)
    }

    #[test]
    fn fills_that_give_no_rule_go_where_the_transformation_is_known() {
        // At 0.12: a 12 × 12 box goes, a 12 × 0.72 box (a rule) stays.
        let data = b"q 0.12 0 0 0.12 0 0 cm 0 0 m 100 0 l 100 100 l 0 100 l f\n\
            0 0 m 100 0 l 100 6 l 0 6 l f 0 0 100 100 re f 0 0 100 2 re f Q BT ET";
        assert_eq!(
            cut_page(data),
            ["q", "cm", "m", "l", "l", "l", "f", "re", "f", "Q", "BT", "ET"]
        );
        // Not known (a stream after the first of a page, a form): all stay.
        assert_eq!(cut(data, true).len(), 19);
        // Curves leave no run of four points: nothing for the layout.
        assert_eq!(
            cut_page(b"0 0 m 1 1 2 2 300 300 c 0 300 l f BT ET"),
            ["BT", "ET"]
        );
        // The transformation is saved and restored; a big box scaled down is a rule.
        assert_eq!(
            cut_page(
                b"q 0.01 0 0 0.01 0 0 cm Q 0 0 50 50 re f q 0.01 0 0 0.01 0 0 cm 0 0 50 50 re f Q"
            ),
            ["q", "cm", "Q", "q", "cm", "re", "f", "Q"]
        );
        // A `cm` or `q` inside a path (pdf-extract transforms the path at its paint), an
        // operand it cannot read, a `cm` it cannot read: the fill stays.
        assert_eq!(cut_page(b"0 0 50 50 re 2 0 0 2 0 0 cm f").len(), 3);
        assert_eq!(cut_page(b"0 0 50 50 re q f Q").len(), 4);
        assert_eq!(cut_page(b"0 0 m 1 1 2 2 v 50 50 l 0 50 l f").len(), 5);
        assert_eq!(cut_page(b"1 0 0 cm 0 0 50 50 re f").len(), 3);
        // Strokes always stay.
        assert_eq!(cut_page(b"0 0 50 50 re S"), ["re", "S"]);
    }

    fn cut(data: &[u8], fresh: bool) -> Vec<String> {
        operators(&check(data, fresh).expect("read").content)
    }

    #[test]
    fn text_and_painted_paths_stay_clipping_and_colours_go() {
        let data = b"q 0 0 612 792 re W* n 0.5 g 1 0 0 RG 2 w [3 1] 0 d 1 j\n\
            /P <</MCID 3 /Lang (ja)>> BDC BT /F1 10.5 Tf 1 0 0 1 72 700 Tm 0 Tr 2 Tc 1 Tw 100 Tz\n\
            12 TL 1 Ts [(A) -250 <0042>] TJ T* (B) Tj 1 2 Td 3 4 TD (C) ' 1 2 (D) \" ET EMC\n\
            /GS1 gs 1 0 0 1 5 5 cm 10 10 m 20 20 l S 0 0 5 5 re f 1 1 1 sc /Fm1 Do Q";
        let kept = cut(data, true);
        assert_eq!(
            kept,
            [
                "q", "BT", "Tf", "Tm", "Tr", "Tc", "Tw", "Tz", "TL", "Ts", "TJ", "T*", "Tj", "Td",
                "TD", "'", "\"", "ET", "gs", "cm", "m", "l", "S", "re", "f", "Do", "Q"
            ]
        );
    }

    #[test]
    fn a_path_discarded_by_n_goes_only_when_it_began_empty() {
        // A form begins with an empty path: the clipping path goes with its `n`.
        assert_eq!(
            cut(b"0 0 1 1 re W n BT (x) Tj ET", true),
            ["BT", "Tj", "ET"]
        );
        // A page stream may continue the path of the stream before it.
        assert_eq!(
            cut(b"0 0 1 1 re W n BT (x) Tj ET", false),
            ["re", "n", "BT", "Tj", "ET"]
        );
        // After a paint or an `n` the path is empty again.
        assert_eq!(
            cut(b"1 1 m 2 2 l S 0 0 1 1 re W n 0 0 1 1 re f* 3 3 m n", false),
            ["m", "l", "S"]
        );
        // Rectangles kept by `f*` (which pdf-extract does not paint) reach the next `f`.
        assert_eq!(cut(b"0 0 1 1 re f* 2 2 3 3 re f", true), ["re", "re", "f"]);
        // `v` reads the current point, and an operand pdf-extract cannot read stops the page:
        // such a path stays.
        assert_eq!(cut(b"1 1 2 2 v n", true), ["v", "n"]);
        assert_eq!(cut(b"/A 1 m 0 0 1 1 re n", true), ["m", "re", "n"]);
        assert_eq!(cut(b"1 m n", true), ["m", "n"]);
    }

    #[test]
    fn save_and_restore_with_nothing_between_go() {
        assert_eq!(
            cut(b"q 0 0 1 1 re W n 0 g Q q q Q Q BT ET", true),
            ["BT", "ET"]
        );
        assert_eq!(cut(b"q 1 0 0 1 0 0 cm Q", true), ["q", "cm", "Q"]);
        // An unmatched `Q` stays.
        assert_eq!(cut(b"Q q", true), ["Q", "q"]);
    }

    #[test]
    fn operations_pdf_extract_can_fail_on_stay() {
        assert_eq!(
            cut(b"/P0 scn /CS0 cs /X w 1 0 0 sc 3 w", true),
            ["scn", "cs", "w"]
        );
    }

    #[test]
    fn odd_bytes_in_operands_are_copied_as_they_are() {
        let data = b"BT /F1 1 Tf (a\\) q Q \\\\ (n) W n EMC) Tj <41 42\n43> Tj [(x\\051) 1.5 <00ff>] TJ ET\n\
            /Span <</ActualText (\\376\\377\\000A) /E <00>>> BDC (\r\n) Tj EMC";
        let s = check(data, true).expect("read");
        assert_eq!(
            operators(&s.content),
            ["BT", "Tf", "Tj", "Tj", "TJ", "ET", "Tj"]
        );
        assert!(s
            .content
            .windows(22)
            .any(|w| w == b"(a\\) q Q \\\\ (n) W n EM"));
    }

    #[test]
    fn hexadecimal_strings_become_literal_strings_of_the_same_bytes() {
        let data =
            b"BT /F1 1 Tf <0028 0029005C 000D000A 00270022> Tj [<41> -20 <4 2 4>] TJ <> Tj ET\n\
            << /A <ff> >> BDC (keep <this>) Tj EMC /P <</M <41>>> DP";
        let s = check(data, true).expect("read");
        let text = String::from_utf8_lossy(&s.content);
        let escaped: &[u8] = b"(\0\\(\0\\)\0\\\\\0\\r\0\\n\0\\047\0\\042) Tj";
        assert!(
            s.content.windows(escaped.len()).any(|w| w == escaped),
            "{text}"
        );
        assert!(text.contains("[(A) -20 (B@)] TJ"), "{text}");
        assert!(text.contains("() Tj"), "{text}");
        assert!(text.contains("(keep <this>) Tj"), "{text}");
        // Raw control bytes stay raw, as lopdf reads them.
        let s = check(b"BT <00010203> Tj ET", true).expect("read");
        assert_eq!(s.content, b"BT\n(\x00\x01\x02\x03) Tj\nET\n");
    }

    #[test]
    fn a_font_or_render_mode_set_again_to_what_it_is_goes() {
        // Per glyph, as some producers write vertical text: BT, font, mode, position, glyph, ET.
        let data = b"BT /F2 40.96 Tf 0 Tr 1 2 TD <06D1> Tj ET\n\
            BT /F2 40.96 Tf 0 Tr 3 4 TD <0F4C> Tj ET\n\
            BT /F2 41 Tf 3 Tr (a) Tj 0 Tr ET";
        assert_eq!(
            cut(data, true),
            [
                "BT", "Tf", "Tr", "TD", "Tj", "ET", "BT", "TD", "Tj", "ET", "BT", "Tf", "Tr", "Tj",
                "Tr", "ET"
            ]
        );
        // `Q` restores what `q` saved; after `gs` (which may set a font) or `Do` (a form read
        // by other readers) the font is set again; nothing is known where the stream begins.
        let data = b"/F1 9 Tf q /F2 9 Tf Q /F1 9 Tf /F1 9 Tf /G gs /F1 9 Tf /X Do /F1 9 Tf 0 Tr";
        assert_eq!(
            cut(data, true),
            ["Tf", "q", "Tf", "Q", "gs", "Tf", "Do", "Tf", "Tr"]
        );
    }

    #[test]
    fn inline_images_go() {
        // pdf-extract does nothing with an inline image, whichever way lopdf ends its data.
        assert_eq!(
            cut(
                b"q 1 0 0 1 0 0 cm BI /W 2 /H 2 /BPC 8 /CS /DeviceGray ID \x00 EI EI Q BT ET",
                true
            ),
            ["q", "cm", "Q", "BT", "ET"]
        );
        assert_eq!(
            cut(
                b"q BI /CS/R16 /W 1 /H 9 /BPC 8 /F/Fl ID x\x9cEIQ\nEI Q BT ET",
                true
            ),
            ["BT", "ET"]
        );
    }

    #[test]
    fn colour_space_streams_lose_their_data_other_streams_keep_theirs() {
        use lopdf::{dictionary, Stream};
        let mut doc = Document::with_version("1.5");
        let icc = doc.add_object(Stream::new(dictionary! { "N" => 3 }, vec![7; 64]));
        let nested = doc.add_object(Stream::new(dictionary! { "N" => 1 }, vec![7; 64]));
        let tint = doc.add_object(Stream::new(
            dictionary! { "FunctionType" => 0 },
            vec![7; 64],
        ));
        // Named by something that is no ICC colour space: kept.
        let other = doc.add_object(Stream::new(dictionary! { "N" => 3 }, vec![7; 64]));
        // An indirect colour-space array, and one inside a Separation's alternate space.
        let cs = doc.add_object(Object::Array(vec!["ICCBased".into(), icc.into()]));
        let sep = Object::Array(vec![
            "Separation".into(),
            "Spot".into(),
            Object::Array(vec!["ICCBased".into(), nested.into()]),
            tint.into(),
        ]);
        doc.add_object(dictionary! { "CS0" => cs, "CS1" => sep, "X" => other });
        let stats = apply(&mut doc, &[], &mut Plain::default());
        assert_eq!(stats.colour, 3);
        let data = |id| {
            doc.get_object(id)
                .and_then(Object::as_stream)
                .map(|s| s.content.len())
                .ok()
        };
        assert_eq!(
            [data(icc), data(nested), data(tint), data(other)],
            [Some(0), Some(0), Some(0), Some(64)]
        );
    }

    #[test]
    fn content_left_to_lopdf_is_not_cut() {
        let left: &[&[u8]] = &[
            b"% comment\nBT (x) Tj ET",
            b"q BI /W 1 /H 1 /BPC 8 /CS /G ID \x00\xffEI Q",
            b"/A#20B Do",
            b"true false null",
            b"BT (x) Tj \x0C ET",
            b"BT (no end",
            b"BT (x) Tj ET 1 2",
            b"<< /A 1",
            b"[1 2",
            b"{ }",
            b"\xff\xfe",
        ];
        for d in left {
            assert!(strip(d, true).is_none(), "{:?}", String::from_utf8_lossy(d));
        }
    }

    #[test]
    fn malformed_content_never_panics() {
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let alphabet: &[&[u8]] = &[
            b"q", b"Q", b" ", b"\n", b"re", b"W", b"n", b"f", b"S", b"(", b")", b"\\", b"<", b">",
            b"<<", b">>", b"[", b"]", b"/N", b"1", b"-.5", b"Tj", b"BT", b"ET", b"BDC", b"EMC",
            b"m", b"l", b"v", b"sc", b"BI", b"ID", b"EI", b"%", b"\x00", b"#",
        ];
        for _ in 0..3000 {
            let mut data = Vec::new();
            for _ in 0..(seed % 40) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                data.extend_from_slice(alphabet[(seed % alphabet.len() as u64) as usize]);
                if seed & 0x100 != 0 {
                    data.push(b' ');
                }
            }
            seed = seed.wrapping_add(1);
            if let Some(s) = strip(&data, seed & 1 == 0) {
                // Where it cuts, lopdf reads the kept operations in the cut content.
                if let Ok(all) = Content::decode(&data) {
                    let all = literal_strings(all.operations);
                    let read = ops(&s.content);
                    let kept: Vec<&Operation> = s.kept.iter().map(|&k| &all[k]).collect();
                    assert_eq!(
                        format!("{kept:?}"),
                        format!("{:?}", read.iter().collect::<Vec<_>>())
                    );
                }
            }
        }
    }

    /// Every content stream of `corpus/pdf` and of the real PDFs (when present) is cut to its
    /// kept operations as lopdf reads them, and most are cut.
    #[test]
    fn real_content_is_cut_to_the_operations_it_keeps() {
        let (mut streams, mut read, mut before, mut after) = (0, 0, 0, 0);
        for p in crate::ingest::pdf::test_pdf_paths() {
            let Ok(doc) = Document::load(&p) else {
                continue;
            };
            for (_, page) in doc.get_pages() {
                for id in doc.get_page_contents(page) {
                    let Ok(st) = doc.get_object(id).and_then(Object::as_stream) else {
                        continue;
                    };
                    let data = st
                        .decompressed_content()
                        .unwrap_or_else(|_| st.content.clone());
                    streams += 1;
                    if let Some(s) = check(&data, false) {
                        read += 1;
                        before += data.len();
                        after += s.content.len();
                    }
                }
            }
        }
        println!("{read} of {streams} page streams cut: {before} bytes to {after}");
        assert!(
            streams >= 30 && read * 10 >= streams * 9,
            "{read} of {streams}"
        );
        assert!(after < before);
    }
}
