//! What one PDF may cost: bytes inflated, content-stream tokens and glyphs per page, objects,
//! and time, checked before the memory or the time is spent.
//!
//! lopdf and pdf-extract inflate streams whole (`decompressed_content`), and pdf-extract parses
//! a page's whole content into operations before it draws the first glyph, so a limit checked
//! after them comes too late: a 1 MB stream can inflate to 1 GiB and parse into ten times that.
//! Here every stream that will be inflated is inflated first by a bounded streaming inflater
//! into a 64 KiB buffer that is counted and dropped ([`inflate_bounded`]), and the tokens of
//! content streams are counted on the way ([`TokenCounter`]):
//!
//! - before lopdf loads the file, [`check_raw`] finds the object streams and cross-reference
//!   streams in the bytes (lopdf inflates and parses those while it loads) and holds them to
//!   `max_inflate` and their objects to `max_objects`;
//! - after loading, [`check_document`] holds each page's content streams to `max_inflate`
//!   each, `max_ops` tokens per page and `max_inflate_total` over the document (a stream
//!   shared by many pages counts once per page, as pdf-extract inflates it once per page), and
//!   every other inflatable stream to `max_inflate` (fonts, CMaps, forms, colour profiles)
//!   but images, whose data jplan drops unread, and the font programs of CID fonts, which
//!   nothing reads whole ([`unread_programs`]); the content it inflates is kept for the cut
//!   of `strip` ([`Plain`]);
//! - while pdf-extract draws a page, [`Guarded`] counts its glyphs against `max_glyphs` and
//!   stops the page as soon as the document is cancelled ([`Stop`]).
//!
//! A document over a limit is an error naming the page, the limit and the option
//! (`bomb.pdf: page 1 content inflates past 64 MiB (--max-inflate)`).
//!
//! Not covered: LZW streams (rare, from old producers) are not pre-inflated; an object stream
//! whose index points many objects at one large object costs time (not memory) until the time
//! limit.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

use flate2::{Decompress, FlushDecompress, Status};
use lopdf::{Document, Object, ObjectId, Stream};
use pdf_extract::{ColorSpace, MediaBox, OutputDev, OutputError, Path as PdfPath, Transform};

/// Limits on what one document may cost. The defaults are far above what real plans need
/// (the largest content stream of 17 real plans inflates to under 1 MB, the busiest page has
/// 70,000 operators) and keep a document of 10 MB under 500 MB of memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes one stream may inflate to (`--max-inflate`).
    pub max_inflate: u64,
    /// Bytes the content of all pages may inflate to (`--max-inflate-total`).
    pub max_inflate_total: u64,
    /// Content-stream tokens (operators and operands) per page or form (`--max-ops`).
    pub max_ops: u64,
    /// Glyphs drawn per page (`--max-glyphs`).
    pub max_glyphs: u64,
    /// Objects in the document (`--max-objects`).
    pub max_objects: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_inflate: 64 << 20,
            max_inflate_total: 1 << 30,
            max_ops: 2_000_000,
            max_glyphs: 1_000_000,
            max_objects: 2_000_000,
        }
    }
}

/// A byte count as the options take it, readably: `64 MiB`, `1 GiB`, `1500 bytes`.
pub fn size(n: u64) -> String {
    for (unit, shift) in [("GiB", 30), ("MiB", 20), ("KiB", 10)] {
        if n >= 1 << shift && n % (1 << shift) == 0 {
            return format!("{} {unit}", n >> shift);
        }
    }
    format!("{n} bytes")
}

/// A count with thousands separators: `2,000,000`.
pub fn count(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Why a document stopped early.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stopped {
    /// Past the deadline.
    Timeout,
    /// Over a limit: the message (without the file name).
    Limit(String),
}

/// The cancellation shared by a document's worker and the caller: set when the deadline
/// passes, when the caller stops waiting, or when one page goes over a limit (so the other
/// pages stop too).
#[derive(Debug, Clone)]
pub struct Stop {
    flag: Arc<AtomicBool>,
    deadline: Instant,
}

impl Stop {
    pub fn new(deadline: Instant) -> Stop {
        Stop {
            flag: Arc::new(AtomicBool::new(false)),
            deadline,
        }
    }

    /// Stop the work (the caller gave up, or a page went over a limit).
    pub fn cancel(&self) {
        self.flag.store(true, Ordering::Relaxed);
    }

    /// Whether the work should stop: cancelled, or past the deadline (which cancels it).
    pub fn stopped(&self) -> bool {
        if self.flag.load(Ordering::Relaxed) {
            return true;
        }
        if Instant::now() >= self.deadline {
            self.cancel();
            return true;
        }
        false
    }
}

/// What a bounded inflate found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inflated {
    /// The stream inflates to this many bytes.
    Bytes(u64),
    /// It inflates past the cap (inflating stopped there).
    Over,
}

/// Inflate zlib `input` as lopdf does (falling back to raw deflate after the 2-byte header
/// when zlib fails at once), handing the output to `sink` in pieces of at most 64 KiB and
/// stopping as soon as more than `cap` bytes came out.
pub fn inflate_bounded(input: &[u8], cap: u64, sink: &mut dyn FnMut(&[u8])) -> Inflated {
    let first = inflate_with(input, true, cap, sink);
    match first {
        Ok(r) => r,
        // Nothing came out of the zlib stream: lopdf retries as raw deflate.
        Err(0) if input.len() > 2 => match inflate_with(&input[2..], false, cap, sink) {
            Ok(r) => r,
            Err(n) => Inflated::Bytes(n),
        },
        Err(n) => Inflated::Bytes(n),
    }
}

/// `Err(bytes out)` when the data is corrupt (what came out is what lopdf keeps).
fn inflate_with(
    input: &[u8],
    zlib: bool,
    cap: u64,
    sink: &mut dyn FnMut(&[u8]),
) -> Result<Inflated, u64> {
    // The thread's inflater, reset, when no caller up the stack holds it (a sink may inflate).
    let (mut d, mut buf) = match INFLATER.with(|cell| cell.borrow_mut().take()) {
        Some((mut d, buf)) => {
            d.reset(zlib);
            (d, buf)
        }
        None => (Decompress::new(zlib), vec![0u8; 64 * 1024]),
    };
    let result = inflate_into(&mut d, &mut buf, input, cap, sink);
    INFLATER.with(|cell| *cell.borrow_mut() = Some((d, buf)));
    result
}

thread_local! {
    /// An inflater and its output buffer kept per thread for the next stream: a new one is
    /// 40 kB to allocate and clear, more work than inflating a small content stream.
    static INFLATER: std::cell::RefCell<Option<(Decompress, Vec<u8>)>> =
        const { std::cell::RefCell::new(None) };
}

fn inflate_into(
    d: &mut Decompress,
    buf: &mut [u8],
    input: &[u8],
    cap: u64,
    sink: &mut dyn FnMut(&[u8]),
) -> Result<Inflated, u64> {
    loop {
        let (in0, out0) = (d.total_in(), d.total_out());
        let rest = input.get(in0 as usize..).unwrap_or_default();
        let status = d.decompress(rest, buf, FlushDecompress::None);
        let produced = (d.total_out() - out0) as usize;
        if let Some(piece) = buf.get(..produced) {
            sink(piece);
        }
        if d.total_out() > cap {
            return Ok(Inflated::Over);
        }
        match status {
            Ok(Status::StreamEnd) => return Ok(Inflated::Bytes(d.total_out())),
            Ok(_) if produced == 0 && d.total_in() == in0 => {
                return Ok(Inflated::Bytes(d.total_out()))
            }
            Ok(_) => {}
            Err(_) => return Err(d.total_out()),
        }
    }
}

/// ASCII85 decoding as lopdf does it (the output is smaller than the input).
fn ascii85(input: &[u8]) -> Vec<u8> {
    let body = input.strip_suffix(b"~>").unwrap_or(input);
    let mut out = Vec::with_capacity(body.len() / 5 * 4 + 4);
    let (mut acc, mut n) = (0u32, 0usize);
    for &c in body {
        if c == b'z' && n == 0 {
            out.extend_from_slice(&[0; 4]);
            continue;
        }
        if c.is_ascii_whitespace() {
            continue;
        }
        if !(b'!'..=b'u').contains(&c) {
            break;
        }
        acc = acc.wrapping_mul(85).wrapping_add(u32::from(c - b'!'));
        n += 1;
        if n == 5 {
            out.extend_from_slice(&acc.to_be_bytes());
            (acc, n) = (0, 0);
        }
    }
    if n > 0 {
        for _ in n..5 {
            acc = acc.wrapping_mul(85).wrapping_add(84);
        }
        out.extend_from_slice(acc.to_be_bytes().get(..n - 1).unwrap_or_default());
    }
    out
}

/// The filter names of a stream, in decoding order.
fn filters(doc: &Document, st: &Stream) -> Vec<Vec<u8>> {
    let f = match st.dict.get(b"Filter") {
        Ok(Object::Reference(id)) => doc.get_object(*id).ok(),
        Ok(o) => Some(o),
        Err(_) => None,
    };
    match f {
        Some(Object::Name(n)) => vec![n.clone()],
        Some(Object::Array(a)) => a
            .iter()
            .filter_map(|o| o.as_name().ok().map(|n| n.to_vec()))
            .collect(),
        _ => Vec::new(),
    }
}

/// Where decoded bytes go, piece by piece.
type Sink<'a> = &'a mut dyn FnMut(&[u8]);

/// Inflate a stream's data as lopdf would, bounded: the bytes out (or [`Inflated::Over`]);
/// `sink` sees the decoded bytes when it is given. A stream without a Flate filter is its own
/// length (ASCII85 shrinks; LZW is not pre-inflated).
fn inflate_stream(doc: &Document, st: &Stream, cap: u64, sink: Option<Sink>) -> Inflated {
    let names = filters(doc, st);
    let mut data = std::borrow::Cow::Borrowed(st.content.as_slice());
    let mut i = 0;
    while let Some(name) = names.get(i) {
        match name.as_slice() {
            b"ASCII85Decode" | b"A85" => data = std::borrow::Cow::Owned(ascii85(&data)),
            b"FlateDecode" | b"Fl" => {
                let mut ignore = |_: &[u8]| {};
                // Later filters (rare) see the inflated bytes: keep them only then, bounded.
                if i + 1 < names.len() {
                    let mut kept = Vec::new();
                    let r = inflate_bounded(&data, cap, &mut |p| kept.extend_from_slice(p));
                    if r == Inflated::Over {
                        return r;
                    }
                    data = std::borrow::Cow::Owned(kept);
                } else {
                    return inflate_bounded(&data, cap, sink.unwrap_or(&mut ignore));
                }
            }
            _ => break,
        }
        i += 1;
    }
    if let Some(sink) = sink {
        sink(&data);
    }
    Inflated::Bytes(data.len() as u64)
}

/// Counts the tokens of a content stream fed in pieces: each operator, number, name, string,
/// and hex string is one token (array and dictionary brackets are not); comments and
/// inline-image data are skipped.
#[derive(Debug, Default)]
pub struct TokenCounter {
    pub tokens: u64,
    state: Lex,
    /// The current regular-character run, enough of it to recognise `ID`.
    run: [u8; 2],
    run_len: usize,
    /// String nesting depth, and whether the previous byte was a backslash.
    depth: u32,
    escaped: bool,
    /// The last bytes inside inline-image data (to find `EI`).
    tail: [u8; 3],
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Lex {
    #[default]
    Between,
    Regular,
    Str,
    Hex,
    /// After `<`: a hex string or `<<`.
    Angle,
    Comment,
    InlineData,
}

fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0')
}

impl TokenCounter {
    pub fn feed(&mut self, data: &[u8]) {
        for &b in data {
            self.byte(b);
        }
    }

    fn end_run(&mut self) {
        if self.run_len == 2 && self.run == *b"ID" {
            self.state = Lex::InlineData;
            self.tail = [0; 3];
        } else {
            self.state = Lex::Between;
        }
        self.run_len = 0;
    }

    fn byte(&mut self, b: u8) {
        match self.state {
            Lex::Str => {
                if self.escaped {
                    self.escaped = false;
                } else if b == b'\\' {
                    self.escaped = true;
                } else if b == b'(' {
                    self.depth += 1;
                } else if b == b')' {
                    self.depth = self.depth.saturating_sub(1);
                    if self.depth == 0 {
                        self.state = Lex::Between;
                    }
                }
                return;
            }
            Lex::Hex => {
                if b == b'>' {
                    self.state = Lex::Between;
                }
                return;
            }
            Lex::Comment => {
                if b == b'\n' || b == b'\r' {
                    self.state = Lex::Between;
                }
                return;
            }
            Lex::InlineData => {
                // Data ends at whitespace `E` `I` followed by whitespace.
                if is_space(b) && is_space(self.tail[0]) && self.tail[1..] == *b"EI" {
                    self.state = Lex::Between;
                    self.tokens += 1;
                }
                self.tail = [self.tail[1], self.tail[2], b];
                return;
            }
            Lex::Angle => {
                self.state = Lex::Between;
                if b == b'<' {
                    return;
                }
                self.tokens += 1;
                self.state = Lex::Hex;
                if b == b'>' {
                    self.state = Lex::Between;
                }
                return;
            }
            Lex::Regular => {
                if !is_space(b) && !is_delim(b) {
                    if self.run_len < 2 {
                        self.run[self.run_len] = b;
                    }
                    self.run_len = self.run_len.saturating_add(1).min(3);
                    return;
                }
                self.end_run();
                if self.state == Lex::InlineData {
                    self.tail = [0, 0, b];
                    return;
                }
            }
            Lex::Between => {}
        }
        // Between tokens.
        match b {
            b'(' => {
                self.tokens += 1;
                self.depth = 1;
                self.escaped = false;
                self.state = Lex::Str;
            }
            b'<' => self.state = Lex::Angle,
            b'%' => self.state = Lex::Comment,
            b'/' => {
                // A name: its characters are the run that follows.
                self.tokens += 1;
                self.state = Lex::Regular;
                self.run_len = 3; // not `ID`
            }
            _ if is_space(b) || is_delim(b) => {}
            _ => {
                self.tokens += 1;
                self.state = Lex::Regular;
                self.run[0] = b;
                self.run_len = 1;
            }
        }
    }
}

/// The byte offset just after the `stream` keyword and its end of line, for each stream in
/// the file, with the text of its dictionary (the bytes since the `obj` keyword before it).
fn raw_streams(bytes: &[u8]) -> impl Iterator<Item = (&[u8], usize)> + '_ {
    memchr::memmem::find_iter(bytes, b"stream").filter_map(move |at| {
        if at >= 3 && bytes.get(at - 3..at) == Some(b"end") {
            return None;
        }
        let mut start = at + 6;
        match bytes.get(start) {
            Some(b'\r') => {
                start += 1;
                if bytes.get(start) == Some(&b'\n') {
                    start += 1;
                }
            }
            Some(b'\n') => start += 1,
            _ => return None,
        }
        let from = at.saturating_sub(4096);
        let window = bytes.get(from..at)?;
        let dict_at = memchr::memmem::rfind(window, b"obj").map_or(0, |i| i + 3);
        Some((window.get(dict_at..)?, start))
    })
}

/// The integer after `/Key` in a dictionary's text.
fn raw_int(dict: &[u8], key: &[u8]) -> Option<u64> {
    let mut from = 0;
    while let Some(i) = memchr::memmem::find(dict.get(from..)?, key) {
        let after = from + i + key.len();
        // `/First` is not `/FirstChar`.
        let rest = dict.get(after..)?;
        if rest.first().is_some_and(|b| b.is_ascii_alphanumeric()) {
            from = after;
            continue;
        }
        let digits: Vec<u8> = rest
            .iter()
            .skip_while(|b| is_space(**b))
            .take_while(|b| b.is_ascii_digit())
            .copied()
            .collect();
        return std::str::from_utf8(&digits).ok()?.parse().ok();
    }
    None
}

/// Before lopdf loads the file: the object streams and cross-reference streams it would
/// inflate and parse while loading are held to `max_inflate`, and the objects in object
/// streams to `max_objects`. Streams the file does not mark as Flate-compressed are left to
/// the checks after loading.
pub fn check_raw(bytes: &[u8], limits: &Limits, stop: &Stop) -> Result<(), Stopped> {
    let mut objects = 0u64;
    for (dict, start) in raw_streams(bytes) {
        let kind = if memchr::memmem::find(dict, b"/ObjStm").is_some() {
            "object stream"
        } else if memchr::memmem::find(dict, b"/XRef").is_some() {
            "cross-reference stream"
        } else {
            continue;
        };
        if stop.stopped() {
            return Err(Stopped::Timeout);
        }
        if memchr::memmem::find(dict, b"Flate").is_none() {
            continue;
        }
        let data = bytes.get(start..).unwrap_or_default();
        let data = match raw_int(dict, b"/Length") {
            Some(n) => data.get(..n as usize).unwrap_or(data),
            None => data,
        };
        // The index of an object stream: pairs of numbers in its first `/First` bytes.
        let first = raw_int(dict, b"/First").unwrap_or(0);
        let mut seen = 0u64;
        let mut numbers = 0u64;
        let mut in_number = false;
        let mut count_index = |piece: &[u8]| {
            for &b in piece {
                if seen >= first {
                    break;
                }
                seen += 1;
                let digit = b.is_ascii_digit();
                if digit && !in_number {
                    numbers += 1;
                }
                in_number = digit;
            }
        };
        let at = start as u64;
        match inflate_bounded(data, limits.max_inflate, &mut count_index) {
            Inflated::Over => {
                return Err(Stopped::Limit(format!(
                    "the {kind} at byte {at} inflates past {} (--max-inflate)",
                    size(limits.max_inflate)
                )))
            }
            Inflated::Bytes(_) => {}
        }
        if kind == "object stream" {
            objects += numbers / 2;
            if objects > limits.max_objects {
                return Err(Stopped::Limit(format!(
                    "more than {} objects (--max-objects)",
                    count(limits.max_objects)
                )));
            }
        }
    }
    Ok(())
}

/// The name of a stream's role, for messages.
fn role(st: &Stream) -> &'static str {
    let sub = st.dict.get(b"Subtype").and_then(Object::as_name).ok();
    match sub {
        Some(b"Form") => "form XObject",
        Some(b"Type1C" | b"CIDFontType0C" | b"OpenType") => "font program",
        _ if st.dict.has(b"Length1") || st.dict.has(b"Length2") => "font program",
        _ => "stream",
    }
}

fn is_image(st: &Stream) -> bool {
    matches!(
        st.dict.get(b"Subtype").and_then(Object::as_name).ok(),
        Some(b"Image")
    )
}

fn is_form(st: &Stream) -> bool {
    matches!(
        st.dict.get(b"Subtype").and_then(Object::as_name).ok(),
        Some(b"Form")
    )
}

/// The font programs of CID fonts (the descendants of Type 0 fonts), which nothing inflates
/// whole after [`check_document`]: pdf-extract builds a CID font from its widths and CMaps, and
/// jplan's glyph tables read a program only as far as its glyph count, bounded, before the
/// check. They are most of a Japanese PDF's bytes. A program that a simple font uses too, or
/// one of a font this cannot classify, is measured.
fn unread_programs(doc: &Document) -> std::collections::BTreeSet<ObjectId> {
    let (mut cid, mut other) = (Vec::new(), std::collections::BTreeSet::new());
    for obj in doc.objects.values() {
        let Object::Dictionary(font) = obj else {
            continue;
        };
        if font.get(b"Type").and_then(Object::as_name).ok() != Some(b"Font") {
            continue;
        }
        let subtype = font.get(b"Subtype").and_then(Object::as_name).ok();
        let is_cid = matches!(subtype, Some(b"CIDFontType0" | b"CIDFontType2"));
        let descriptor = match font.get(b"FontDescriptor") {
            Ok(Object::Reference(id)) => doc.get_dictionary(*id).ok(),
            Ok(Object::Dictionary(d)) => Some(d),
            _ => None,
        };
        let Some(descriptor) = descriptor else {
            continue;
        };
        for key in [&b"FontFile"[..], b"FontFile2", b"FontFile3"] {
            if let Ok(Object::Reference(id)) = descriptor.get(key) {
                if is_cid {
                    cid.push(*id);
                } else {
                    other.insert(*id);
                }
            }
        }
    }
    cid.into_iter().filter(|id| !other.contains(id)).collect()
}

/// Whether the bytes of `st` that [`inflate_bounded`] hands out are those lopdf's
/// `decompressed_content` gives: one Flate filter, as lopdf reads `/Filter`, and no
/// `/DecodeParms`.
pub fn same_as_lopdf(st: &Stream) -> bool {
    st.filters()
        .is_ok_and(|f| f.as_slice() == [&b"FlateDecode"[..]])
        && st.dict.get(b"DecodeParms").is_err()
}

/// The bytes lopdf's `decompressed_content` gives for `st`, inflated with this thread's
/// inflater (lopdf makes a new one each time), when they are the same bytes
/// ([`same_as_lopdf`]); `None` otherwise, for lopdf to inflate.
pub fn inflate_as_lopdf(st: &Stream) -> Option<Vec<u8>> {
    if !same_as_lopdf(st) {
        return None;
    }
    let mut out = Vec::new();
    inflate_bounded(&st.content, u64::MAX, &mut |p| out.extend_from_slice(p));
    Some(out)
}

/// Content streams inflated by [`check_document`], kept for the next reader (the cut of
/// `strip`) so that it need not inflate them again, up to [`Plain::ROOM`] bytes in all.
#[derive(Default)]
pub struct Plain {
    streams: std::collections::HashMap<ObjectId, Vec<u8>>,
    kept: usize,
}

impl Plain {
    /// Bytes kept at most: the cut needs them one page at a time, so more only holds memory.
    pub const ROOM: usize = 4 << 20;

    /// Where the inflated bytes of `st` go while they are measured: nowhere when lopdf would
    /// read other bytes, and no further than the room left.
    fn collector(&self, st: &Stream) -> Collected {
        Collected {
            bytes: Vec::new(),
            room: Self::ROOM.saturating_sub(self.kept),
            whole: same_as_lopdf(st),
        }
    }

    /// Keeps what `collected` holds, when it is the whole stream.
    fn keep(&mut self, id: ObjectId, collected: Collected) {
        if collected.whole {
            self.kept += collected.bytes.len();
            self.streams.insert(id, collected.bytes);
        }
    }

    /// The content of stream `id` as lopdf inflates it, when it was kept.
    pub fn take(&mut self, id: ObjectId) -> Option<Vec<u8>> {
        self.streams.remove(&id)
    }
}

/// The inflated bytes of one stream, while they fit.
struct Collected {
    bytes: Vec<u8>,
    room: usize,
    /// All the stream's bytes are here (none went past the room).
    whole: bool,
}

impl Collected {
    fn push(&mut self, piece: &[u8]) {
        if !self.whole {
            return;
        }
        if self.bytes.len() + piece.len() > self.room {
            self.whole = false;
            self.bytes = Vec::new();
            return;
        }
        self.bytes.extend_from_slice(piece);
    }
}

/// What [`check_document`] measured.
pub struct Measured {
    /// The bytes the content of the pages to read inflates to.
    pub content_bytes: u64,
    /// Content streams (pages' and forms') kept inflated.
    pub plain: Plain,
}

/// After loading: objects, each page's content (inflated bytes per stream, tokens per page,
/// bytes over the document), and every other stream but images and [`unread_programs`].
/// `pages` are the pages that will be read, as (page number, page object).
pub fn check_document(
    doc: &Document,
    pages: &[(u32, ObjectId)],
    limits: &Limits,
    stop: &Stop,
) -> Result<Measured, Stopped> {
    let mut plain = Plain::default();
    if doc.objects.len() as u64 > limits.max_objects {
        return Err(Stopped::Limit(format!(
            "more than {} objects (--max-objects)",
            count(limits.max_objects)
        )));
    }
    // Per content stream: (inflated bytes, tokens), measured once.
    let mut measured: std::collections::HashMap<ObjectId, (u64, u64)> = Default::default();
    let mut total = 0u64;
    for &(n, page_id) in pages {
        let mut page_tokens = 0u64;
        for id in doc.get_page_contents(page_id) {
            if stop.stopped() {
                return Err(Stopped::Timeout);
            }
            let Ok(st) = doc.get_object(id).and_then(Object::as_stream) else {
                continue;
            };
            let (len, tokens) = match measured.get(&id) {
                Some(&m) => m,
                None => {
                    let mut counter = TokenCounter::default();
                    let mut bytes = plain.collector(st);
                    let mut feed = |p: &[u8]| {
                        counter.feed(p);
                        bytes.push(p);
                    };
                    match inflate_stream(doc, st, limits.max_inflate, Some(&mut feed)) {
                        Inflated::Over => {
                            return Err(Stopped::Limit(format!(
                                "page {n} content inflates past {} (--max-inflate)",
                                size(limits.max_inflate)
                            )))
                        }
                        Inflated::Bytes(len) => {
                            plain.keep(id, bytes);
                            measured.insert(id, (len, counter.tokens));
                            (len, counter.tokens)
                        }
                    }
                }
            };
            page_tokens += tokens;
            total += len;
            if page_tokens > limits.max_ops {
                return Err(Stopped::Limit(format!(
                    "page {n} content has more than {} operators and operands (--max-ops)",
                    count(limits.max_ops)
                )));
            }
            if total > limits.max_inflate_total {
                return Err(Stopped::Limit(format!(
                    "the content of pages 1 to {n} inflates past {} (--max-inflate-total)",
                    size(limits.max_inflate_total)
                )));
            }
        }
    }
    let unread = unread_programs(doc);
    for (&id, obj) in &doc.objects {
        let Object::Stream(st) = obj else { continue };
        if measured.contains_key(&id)
            || is_image(st)
            || st.dict.get(b"Filter").is_err()
            || unread.contains(&id)
        {
            continue;
        }
        if stop.stopped() {
            return Err(Stopped::Timeout);
        }
        let mut counter = TokenCounter::default();
        let form = is_form(st);
        // A form's content is counted (and kept for the cut); other streams only measured.
        let mut bytes = plain.collector(st);
        let mut feed = |p: &[u8]| {
            counter.feed(p);
            bytes.push(p);
        };
        let sink: Option<Sink> = if form { Some(&mut feed) } else { None };
        let r = inflate_stream(doc, st, limits.max_inflate, sink);
        if form && r != Inflated::Over {
            plain.keep(id, bytes);
        }
        let what = role(st);
        if r == Inflated::Over {
            return Err(Stopped::Limit(format!(
                "object {} {} ({what}) inflates past {} (--max-inflate)",
                id.0,
                id.1,
                size(limits.max_inflate)
            )));
        }
        if counter.tokens > limits.max_ops {
            return Err(Stopped::Limit(format!(
                "object {} {} ({what}) has more than {} operators and operands (--max-ops)",
                id.0,
                id.1,
                count(limits.max_ops)
            )));
        }
    }
    Ok(Measured {
        content_bytes: total,
        plain,
    })
}

/// An `OutputDev` in front of another that counts glyphs against `max_glyphs` and stops the
/// page (an error pdf-extract passes up) once the document is stopped. Over the glyph limit it
/// records the page's limit message and cancels the document.
pub struct Guarded<'a, D: OutputDev> {
    pub inner: &'a mut D,
    stop: &'a Stop,
    page: u32,
    max_glyphs: u64,
    glyphs: u64,
    calls: u32,
    /// Why the page stopped, if it did.
    pub stopped: Option<Stopped>,
}

impl<'a, D: OutputDev> Guarded<'a, D> {
    pub fn new(inner: &'a mut D, stop: &'a Stop, page: u32, limits: &Limits) -> Self {
        Guarded {
            inner,
            stop,
            page,
            max_glyphs: limits.max_glyphs,
            glyphs: 0,
            calls: 0,
            stopped: None,
        }
    }

    /// Whether to go on; checks the clock every 256 calls.
    fn go_on(&mut self) -> Result<(), OutputError> {
        if self.stopped.is_some() {
            return Err(OutputError::FormatError(std::fmt::Error));
        }
        self.calls = self.calls.wrapping_add(1);
        let stopped = if self.calls % 256 == 0 {
            self.stop.stopped()
        } else {
            self.stop.flag.load(Ordering::Relaxed)
        };
        if stopped {
            self.stopped = Some(Stopped::Timeout);
            return Err(OutputError::FormatError(std::fmt::Error));
        }
        Ok(())
    }
}

impl<D: OutputDev> OutputDev for Guarded<'_, D> {
    fn begin_page(
        &mut self,
        page_num: u32,
        media_box: &MediaBox,
        art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.go_on()?;
        self.inner.begin_page(page_num, media_box, art_box)
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
        self.inner.end_page()
    }
    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), OutputError> {
        self.go_on()?;
        self.glyphs += 1;
        if self.glyphs > self.max_glyphs {
            self.stopped = Some(Stopped::Limit(format!(
                "page {} draws more than {} glyphs (--max-glyphs)",
                self.page,
                count(self.max_glyphs)
            )));
            self.stop.cancel();
            return Err(OutputError::FormatError(std::fmt::Error));
        }
        self.inner
            .output_character(trm, width, spacing, font_size, char)
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {
        self.go_on()?;
        self.inner.begin_word()
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        self.inner.end_word()
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        self.go_on()?;
        self.inner.end_line()
    }
    fn stroke(
        &mut self,
        ctm: &Transform,
        colorspace: &ColorSpace,
        color: &[f64],
        path: &PdfPath,
    ) -> Result<(), OutputError> {
        self.go_on()?;
        self.inner.stroke(ctm, colorspace, color, path)
    }
    fn fill(
        &mut self,
        ctm: &Transform,
        colorspace: &ColorSpace,
        color: &[f64],
        path: &PdfPath,
    ) -> Result<(), OutputError> {
        self.go_on()?;
        self.inner.fill(ctm, colorspace, color, path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zlib(data: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    /// The thread's inflater is reset between streams (zlib, raw deflate, corrupt, cut short)
    /// and a sink that inflates while it is in use gets an inflater of its own.
    #[test]
    fn the_reused_inflater_inflates_each_stream_as_a_fresh_one_would() {
        fn all(input: &[u8]) -> (bool, Vec<u8>) {
            let mut out = Vec::new();
            let r = inflate_bounded(input, u64::MAX, &mut |p| out.extend_from_slice(p));
            (r == Inflated::Over, out)
        }
        // On a thread of its own: a fresh inflater.
        let fresh = |input: &[u8]| {
            let input = input.to_vec();
            std::thread::spawn(move || all(&input))
                .join()
                .expect("thread")
        };
        let a = b"first stream ".repeat(9000);
        let b = b"second ".repeat(300);
        let (za, zb) = (zlib(&a), zlib(&b));
        let raw = [&[0x78, 0x9c][..], &zb[2..]].concat();
        let corrupt = [&za[..40], &[0xFF; 40][..]].concat();
        for _ in 0..3 {
            assert_eq!(all(&za).1, a);
            assert_eq!(all(&zb).1, b);
            assert_eq!(all(&raw).1, b);
            let cut = &za[..za.len() / 2];
            assert_eq!(all(cut), fresh(cut));
            assert!(!all(cut).1.is_empty());
            assert_eq!(all(&corrupt), fresh(&corrupt));
        }
        let mut inner = Vec::new();
        let mut outer = Vec::new();
        inflate_bounded(&za, u64::MAX, &mut |p| {
            if inner.is_empty() {
                inner = all(&zb).1;
            }
            outer.extend_from_slice(p);
        });
        assert_eq!((outer, inner), (a.to_vec(), b.to_vec()));
    }

    #[test]
    fn inflated_as_lopdf_is_what_lopdf_inflates() {
        use lopdf::{dictionary, Stream};
        let text = b"1 0 obj << /Type /StructElem >> ".repeat(200);
        let whole = zlib(&text);
        let flate =
            |data: &[u8]| Stream::new(dictionary! { "Filter" => "FlateDecode" }, data.to_vec());
        let garbage = [0x78, 0x9c, 0xFF, 0xFF, 0x00, 0x12];
        for data in [&whole[..], &whole[..whole.len() / 3], &garbage[..], &[][..]] {
            let st = flate(data);
            let lopdf = st.decompressed_content().expect("lopdf inflates");
            assert_eq!(inflate_as_lopdf(&st), Some(lopdf));
        }
        let mut parms = flate(&whole);
        parms
            .dict
            .set("DecodeParms", dictionary! { "Predictor" => 12 });
        assert_eq!(inflate_as_lopdf(&parms), None);
    }

    #[test]
    fn content_kept_inflated_is_what_lopdf_inflates() {
        use lopdf::{dictionary, Stream};
        let text = b"BT /F1 12 Tf 72 700 Td (kept) Tj ET ".repeat(50);
        let whole = zlib(&text);
        let cut = whole[..whole.len() / 2].to_vec();
        let mut doc = Document::with_version("1.5");
        let mut flate = |data: Vec<u8>, parms: bool| {
            let mut dict = dictionary! { "Filter" => "FlateDecode" };
            if parms {
                dict.set("DecodeParms", dictionary! { "Predictor" => 1 });
            }
            doc.add_object(Stream::new(dict, data))
        };
        let (a, b, c) = (
            flate(whole.clone(), false),
            flate(cut, false),
            flate(whole, true),
        );
        let page = doc.add_object(dictionary! {
            "Type" => "Page", "Contents" => vec![a.into(), b.into(), c.into()],
        });
        let stop = Stop::new(std::time::Instant::now() + std::time::Duration::from_secs(60));
        let measured =
            check_document(&doc, &[(1, page)], &Limits::default(), &stop).expect("within limits");
        let mut plain = measured.plain;
        for id in [a, b] {
            let lopdf = doc
                .get_object(id)
                .and_then(Object::as_stream)
                .expect("stream");
            let lopdf = lopdf.decompressed_content().expect("inflates");
            assert_eq!(plain.take(id), Some(lopdf), "{id:?}");
        }
        // Parameters lopdf applies (a predictor): not kept.
        assert_eq!(plain.take(c), None);
        assert!(measured.content_bytes >= 2 * text.len() as u64);
    }

    #[test]
    fn only_programs_of_cid_fonts_alone_go_unmeasured() {
        use lopdf::{dictionary, Stream};
        let mut doc = Document::with_version("1.5");
        let mut program = || doc.add_object(Stream::new(dictionary! {}, zlib(&[0; 64])));
        let (cid_only, shared, simple, stray) = (program(), program(), program(), program());
        let cid_desc = doc.add_object(dictionary! {
            "Type" => "FontDescriptor", "FontFile2" => cid_only, "FontFile3" => shared,
        });
        doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "CIDFontType2", "FontDescriptor" => cid_desc,
        });
        let simple_desc = doc.add_object(dictionary! {
            "Type" => "FontDescriptor", "FontFile2" => simple, "FontFile3" => shared,
        });
        doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "TrueType", "FontDescriptor" => simple_desc,
        });
        // A descriptor no font names: its program is measured.
        doc.add_object(dictionary! { "Type" => "FontDescriptor", "FontFile2" => stray });
        let unread = unread_programs(&doc);
        assert_eq!(unread.into_iter().collect::<Vec<_>>(), vec![cid_only]);
    }

    #[test]
    fn inflating_stops_at_the_cap() {
        let data = vec![b'q'; 10 << 20];
        let z = zlib(&data);
        let mut seen = 0u64;
        assert_eq!(
            inflate_bounded(&z, 1 << 20, &mut |p| seen += p.len() as u64),
            Inflated::Over
        );
        // Stopped within one buffer of the cap.
        assert!(seen <= (1 << 20) + 64 * 1024, "{seen}");
        assert_eq!(
            inflate_bounded(&z, 10 << 20, &mut |_| {}),
            Inflated::Bytes(10 << 20)
        );
        // Raw deflate after a broken zlib header, as lopdf reads it.
        let mut broken = z.clone();
        broken[0] = 0;
        assert_eq!(
            inflate_bounded(&broken, 1 << 20, &mut |_| {}),
            Inflated::Over
        );
    }

    #[test]
    fn tokens_of_a_content_stream() {
        let content =
            b"BT /F1 12 Tf 72 720 Td (a (nested) \\) string) Tj [(x) -250 <4142>] TJ ET\n\
                        % comment 1 2 3\n<< /MCID 0 >> BDC EMC q BI /W 1 /H 1 ID \x00EI) EI Q";
        let mut c = TokenCounter::default();
        // Fed byte by byte, as pieces may split anywhere.
        for b in content.chunks(1) {
            c.feed(b);
        }
        // BT /F1 12 Tf 72 720 Td (..) Tj (x) -250 <4142> TJ ET = 14;
        // /MCID 0 BDC EMC q = 5; BI /W 1 /H 1 ID <data> Q = 8.
        assert_eq!(c.tokens, 14 + 5 + 8);
    }

    #[test]
    fn readable_numbers() {
        assert_eq!(size(64 << 20), "64 MiB");
        assert_eq!(size(1 << 30), "1 GiB");
        assert_eq!(size(1500), "1500 bytes");
        assert_eq!(count(2_000_000), "2,000,000");
        assert_eq!(count(999), "999");
    }

    #[test]
    fn raw_integers_in_a_dictionary() {
        let d = b"<< /Type /ObjStm /FirstChar 3 /First 12 /N 2 /Length 40 >>";
        assert_eq!(raw_int(d, b"/First"), Some(12));
        assert_eq!(raw_int(d, b"/N"), Some(2));
        assert_eq!(raw_int(d, b"/Length"), Some(40));
    }
}
