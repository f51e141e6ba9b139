//! Which strings pdf-extract shows on a page, and in which font: the other half of the code
//! tables of [`super::once`].
//!
//! A Type0 font with a code table ([`CODE_TABLE_KEY`]) has no `/ToUnicode` for pdf-extract,
//! which shows each of its glyphs with empty text. [`shown_strings`] walks the page's content
//! the way pdf-extract does (same operators, same font lookup by resource name) and lists every
//! string pdf-extract will show, in its order; pdf-extract calls `begin_word` once per string,
//! so [`Decoding`] knows at the n-th `begin_word` that the glyphs to come are the codes of the
//! n-th string, and gives them their stand-in code points from the font's code table. A glyph
//! of such a font that arrives with text of its own means the two walks disagree: from there
//! on the page's glyphs pass through unchanged.
//!
//! Content streams are read by the tokenizer of [`super::content`], which knows the grammar
//! of lopdf's content parser (which pdf-extract uses) for the common constructs, in far less
//! time than a full parse. On anything less common (comments, `#` in names,
//! `true`/`false`/`null`, bytes lopdf stops at) it gives up and the stream is parsed with
//! lopdf itself, so both always see the same strings.

use std::collections::HashMap;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};
use pdf_extract::{ColorSpace, MediaBox, OutputDev, OutputError, Path, Transform};

use super::content::{array, hex, literal, Kind, Lexer};
use super::once::{Texts, CODE_TABLE_KEY};

/// Form XObjects nested deeper than this are not walked.
const MAX_DEPTH: usize = 32;
/// Strings listed per page at most (a hostile page could show millions).
const MAX_STRINGS: usize = 2_000_000;

/// One string pdf-extract will show: the code table of its font and its bytes, or `None` when
/// pdf-extract decodes that font itself.
pub type Shown = Option<(usize, Vec<u8>)>;

/// The strings pdf-extract shows on page `page_id`, in the order it shows them, for
/// [`Decoding`]. The walk follows pdf-extract 0.12.1's `process_stream`: the page's (inherited)
/// `/Resources`; `Tj` and the strings of `TJ` arrays; fonts chosen by `Tf` and looked up by
/// resource name once per page (the first font of a name stays, in forms too), saved by `q`
/// and restored by `Q`; form XObjects (`Do`) walked with their own resources, or the caller's,
/// and no font. Where pdf-extract stops a page (a missing resource, a string without a font,
/// content that does not parse) the walk stops too; images, which pdf-extract reads as content
/// that shows nothing, are skipped.
pub fn shown_strings(doc: &Document, page_id: ObjectId) -> Vec<Shown> {
    let mut walk = Walk {
        doc,
        fonts: HashMap::new(),
        out: Vec::new(),
    };
    let Ok(page) = doc.get_dictionary(page_id) else {
        return Vec::new();
    };
    let Ok(content) = doc.get_page_content(page_id) else {
        return Vec::new();
    };
    let empty = Dictionary::new();
    let resources = inherited_resources(doc, page).unwrap_or(&empty);
    walk.stream(&content, resources, 0);
    walk.out
}

/// pdf-extract's `get_inherited` for `/Resources`.
pub(super) fn inherited_resources<'a>(
    doc: &'a Document,
    page: &'a Dictionary,
) -> Option<&'a Dictionary> {
    let mut node = page;
    for _ in 0..256 {
        if let Some(r) = deref_get(doc, node, b"Resources").and_then(|o| o.as_dict().ok()) {
            return Some(r);
        }
        let parent = node.get(b"Parent").and_then(|p| p.as_reference()).ok()?;
        node = doc.get_dictionary(parent).ok()?;
    }
    None
}

pub(super) fn deref_get<'a>(
    doc: &'a Document,
    d: &'a Dictionary,
    key: &[u8],
) -> Option<&'a Object> {
    match d.get(key).ok()? {
        Object::Reference(r) => doc.objects.get(r),
        o => Some(o),
    }
}

struct Walk<'a> {
    doc: &'a Document,
    /// Fonts by resource name, as pdf-extract keeps them for a page: the code table or none.
    fonts: HashMap<Vec<u8>, Option<usize>>,
    out: Vec<Shown>,
}

impl<'a> Walk<'a> {
    fn stream(&mut self, content: &[u8], resources: &'a Dictionary, depth: usize) -> Option<()> {
        let ops = ops_of(content)?;
        // The font: `None` before any `Tf`, then the font's code table if it has one.
        let mut font: Option<Option<usize>> = None;
        let mut saved: Vec<Option<Option<usize>>> = Vec::new();
        for op in ops {
            match op {
                Op::Tf(name) => {
                    let fonts = deref_get(self.doc, resources, b"Font")?.as_dict().ok()?;
                    let name = name?;
                    let table = match self.fonts.get(&name) {
                        Some(t) => *t,
                        None => {
                            let dict = deref_get(self.doc, fonts, &name)?.as_dict().ok()?;
                            let t = dict
                                .get(CODE_TABLE_KEY)
                                .and_then(|o| o.as_i64())
                                .ok()
                                .and_then(|i| usize::try_from(i).ok());
                            self.fonts.insert(name, t);
                            t
                        }
                    };
                    font = Some(table);
                }
                Op::Tj(s) => self.show(font?, s?)?,
                Op::TJ(strings) => {
                    for s in strings? {
                        self.show(font?, s)?;
                    }
                }
                Op::Save => saved.push(font),
                Op::Restore => {
                    if let Some(f) = saved.pop() {
                        font = f;
                    }
                }
                Op::Do(name) => {
                    let xobjects = deref_get(self.doc, resources, b"XObject")?.as_dict().ok()?;
                    let name = name?;
                    let xf = deref_get(self.doc, xobjects, &name)?.as_stream().ok()?;
                    if xf.dict.get(b"Subtype").and_then(|o| o.as_name()).ok() == Some(b"Image") {
                        continue;
                    }
                    if depth >= MAX_DEPTH {
                        return None;
                    }
                    let inner = deref_get(self.doc, &xf.dict, b"Resources")
                        .and_then(|o| o.as_dict().ok())
                        .unwrap_or(resources);
                    let data = if xf.filters().is_ok() {
                        xf.decompressed_content()
                            .unwrap_or_else(|_| xf.content.clone())
                    } else {
                        xf.content.clone()
                    };
                    self.stream(&data, inner, depth + 1)?;
                }
            }
        }
        Some(())
    }

    fn show(&mut self, table: Option<usize>, s: Vec<u8>) -> Option<()> {
        if self.out.len() >= MAX_STRINGS {
            return None;
        }
        self.out.push(table.map(|t| (t, s)));
        Some(())
    }
}

/// An `OutputDev` between pdf-extract and `inner` that gives the glyphs of fonts with a code
/// table ([`CODE_TABLE_KEY`]) their stand-in code points, string by string from
/// [`shown_strings`].
pub struct Decoding<'a, D: OutputDev> {
    inner: &'a mut D,
    texts: &'a Texts,
    shown: Vec<Shown>,
    /// The next string of `shown`.
    next: usize,
    /// The string being shown, when its font has a code table, and its codes read so far.
    current: Shown,
    read: usize,
    /// pdf-extract and [`shown_strings`] disagreed: glyphs pass through from there on.
    lost: bool,
}

impl<'a, D: OutputDev> Decoding<'a, D> {
    pub fn new(inner: &'a mut D, texts: &'a Texts, shown: Vec<Shown>) -> Self {
        Decoding {
            inner,
            texts,
            shown,
            next: 0,
            current: None,
            read: 0,
            lost: false,
        }
    }

    /// pdf-extract and the walk disagreed somewhere on the page.
    #[cfg(test)]
    pub fn lost(&self) -> bool {
        self.lost
    }
}

impl<D: OutputDev> OutputDev for Decoding<'_, D> {
    fn begin_page(
        &mut self,
        page_num: u32,
        media_box: &MediaBox,
        art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
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
        if let (Some((table, bytes)), false) = (&self.current, self.lost) {
            // pdf-extract reads two-byte codes; a font with a code table shows no text.
            let code = bytes
                .get(self.read * 2..self.read * 2 + 2)
                .map(|b| u32::from(b[0]) << 8 | u32::from(b[1]));
            self.read += 1;
            match code {
                Some(code) if char.is_empty() => {
                    if let Some(c) = self.texts.code_point(*table, code) {
                        let mut buf = [0u8; 4];
                        let s = c.encode_utf8(&mut buf);
                        return self
                            .inner
                            .output_character(trm, width, spacing, font_size, s);
                    }
                }
                _ => self.lost = true,
            }
        }
        self.inner
            .output_character(trm, width, spacing, font_size, char)
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {
        self.current = match self.shown.get_mut(self.next) {
            Some(s) => s.take(),
            None => None,
        };
        self.next += 1;
        self.read = 0;
        self.inner.begin_word()
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        self.current = None;
        self.inner.end_word()
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        self.inner.end_line()
    }
    fn stroke(
        &mut self,
        ctm: &Transform,
        colorspace: &ColorSpace,
        color: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        self.inner.stroke(ctm, colorspace, color, path)
    }
    fn fill(
        &mut self,
        ctm: &Transform,
        colorspace: &ColorSpace,
        color: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        self.inner.fill(ctm, colorspace, color, path)
    }
}

/// What the walk needs of one content operation. `None` in place of an operand means
/// pdf-extract stops the page there (operand missing or of the wrong kind).
#[derive(Debug, Clone, PartialEq)]
enum Op {
    /// `Tf` and its font's resource name.
    Tf(Option<Vec<u8>>),
    /// `Tj` and its string.
    Tj(Option<Vec<u8>>),
    /// `TJ` and the strings of its array (none when the operand is not an array).
    TJ(Option<Vec<Vec<u8>>>),
    /// `q`.
    Save,
    /// `Q`.
    Restore,
    /// `Do` and the XObject's resource name.
    Do(Option<Vec<u8>>),
}

/// The operations of a content stream the walk needs, as lopdf's parser reads them.
fn ops_of(content: &[u8]) -> Option<Vec<Op>> {
    if let Some(ops) = scan(content) {
        return Some(ops);
    }
    let content = Content::decode(content).ok()?;
    Some(content.operations.iter().filter_map(op_of).collect())
}

/// An operation parsed by lopdf, as an [`Op`].
fn op_of(op: &lopdf::content::Operation) -> Option<Op> {
    let first = op.operands.first();
    let string = |o: &Object| match o {
        Object::String(s, _) => Some(s.clone()),
        _ => None,
    };
    let name = |o: &Object| o.as_name().ok().map(<[u8]>::to_vec);
    Some(match op.operator.as_str() {
        "Tf" => Op::Tf(first.and_then(name)),
        "Tj" => Op::Tj(first.and_then(string)),
        "TJ" => Op::TJ(first.map(|o| match o {
            Object::Array(items) => items.iter().filter_map(string).collect(),
            _ => Vec::new(),
        })),
        "q" => Op::Save,
        "Q" => Op::Restore,
        "Do" => Op::Do(first.and_then(name)),
        _ => return None,
    })
}

/// The first operand of an operation, as far as the walk cares: its place in the data.
#[derive(Clone, Copy)]
enum First {
    Nothing,
    Name(usize, usize),
    /// A literal or hexadecimal string starting at this offset.
    Str(usize),
    /// An array starting at this offset.
    Array(usize),
    Other,
}

/// The operations of `data` the walk needs, read the way lopdf's content parser reads them, or
/// `None` when the data holds something this tokenizer leaves to lopdf.
fn scan(data: &[u8]) -> Option<Vec<Op>> {
    let mut ops = Vec::new();
    let mut first = First::Nothing;
    let mut lexer = Lexer::new(data);
    while let Some(token) = lexer.next_token().ok()? {
        let operand = match token.kind {
            Kind::InlineImage => {
                first = First::Nothing;
                continue;
            }
            Kind::Operator => {
                if let Some(op) = operation(data, &data[token.start..token.end], first)? {
                    ops.push(op);
                }
                first = First::Nothing;
                continue;
            }
            Kind::Name => First::Name(token.start + 1, token.end),
            Kind::Literal | Kind::Hex => First::Str(token.start),
            Kind::Array => First::Array(token.start),
            _ => First::Other,
        };
        if matches!(first, First::Nothing) {
            first = operand;
        }
    }
    Some(ops)
}

/// The [`Op`] of operator `word` whose first operand is `first`; `Some(None)` for operators
/// the walk ignores.
fn operation(data: &[u8], word: &[u8], first: First) -> Option<Option<Op>> {
    let name = || match first {
        First::Name(s, e) => data.get(s..e).map(<[u8]>::to_vec),
        _ => None,
    };
    let string = |at: usize| -> Option<Vec<u8>> {
        let mut out = Vec::new();
        if data.get(at) == Some(&b'(') {
            literal(data, at, Some(&mut out), 0)?;
        } else {
            hex(data, at, Some(&mut out))?;
        }
        Some(out)
    };
    Some(Some(match word {
        b"Tf" => Op::Tf(name()),
        b"Tj" => Op::Tj(match first {
            First::Str(at) => Some(string(at)?),
            _ => None,
        }),
        b"TJ" => Op::TJ(match first {
            First::Nothing => None,
            First::Array(at) => {
                let mut strings = Vec::new();
                array(data, at, Some(&mut strings), 0)?;
                Some(strings)
            }
            _ => Some(Vec::new()),
        }),
        b"q" => Op::Save,
        b"Q" => Op::Restore,
        b"Do" => Op::Do(name()),
        _ => return Some(None),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// lopdf's reading of `data`, as [`Op`]s.
    fn by_lopdf(data: &[u8]) -> Option<Vec<Op>> {
        let content = Content::decode(data).ok()?;
        Some(content.operations.iter().filter_map(op_of).collect())
    }

    /// Where the tokenizer reads `data`, it reads what lopdf reads.
    fn agrees(data: &[u8]) -> bool {
        match scan(data) {
            Some(ops) => {
                assert_eq!(
                    Some(ops),
                    by_lopdf(data),
                    "{:?}",
                    String::from_utf8_lossy(data)
                );
                true
            }
            None => false,
        }
    }

    #[test]
    fn the_tokenizer_reads_what_lopdf_reads() {
        let read: &[&[u8]] = &[
            b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET",
            b"q 1 0 0 1 0 0 cm BT/F2 9.5 Tf[(a)-250(b\\)c)12.5<00 4 1>]TJ ET Q",
            b"/P <</MCID 0 /Alt (x) /A [1 2 <<>>]>> BDC BT /F1 1 Tf (\\101\\0537\\n\\\r\n(x)) Tj ET EMC",
            b"/Fm1 Do /Im0 Do 0.5 -.5 +3 5. g",
            b"BT (unbalanced \\( ok) Tj [] TJ [(x)] TJ ET",
            b"BT /F1 12 Tf 12 TJ 3 Tj ET",
            b"Tf Tj TJ Do q Q",
            b"BT /F1 1 Tf <4142 43> Tj <414> Tj ET trailing 1 2",
            b"BT /F1 1 Tf (a) Tj ET BI /W 2 /H 1 /BPC 8 /CS /Gray ID (b EI BT (c) Tj ET",
            b"",
        ];
        for d in read {
            assert!(agrees(d), "left to lopdf: {:?}", String::from_utf8_lossy(d));
        }
        // Left to lopdf.
        let left: &[&[u8]] = &[
            b"% comment\nBT (x) Tj ET",
            b"BI /W 1 /H 1 /BPC 8 /CS /G ID \x00 EI",
            b"/A#20B Do",
            b"true false null",
            b"BT (x) Tj \x0C ET",
            b"BT [(x) 1 0 R] TJ ET",
            b"BT (no end",
            b"- 5 Td",
            b"12345678901234567890 Td",
            b"{ }",
        ];
        for d in left {
            assert!(!agrees(d), "read: {:?}", String::from_utf8_lossy(d));
        }
    }

    /// Every content stream of the PDFs in `corpus/pdf` and of the real PDFs (when present):
    /// the tokenizer reads most of them, and reads them as lopdf does.
    #[test]
    fn the_tokenizer_agrees_with_lopdf_on_real_content() {
        let (mut streams, mut read) = (0, 0);
        for p in crate::ingest::pdf::test_pdf_paths() {
            let Ok(doc) = Document::load(&p) else {
                continue;
            };
            for (_, page) in doc.get_pages() {
                let Ok(data) = doc.get_page_content(page) else {
                    continue;
                };
                streams += 1;
                read += usize::from(agrees(&data));
            }
            for obj in doc.objects.values() {
                let Ok(st) = obj.as_stream() else { continue };
                if st.dict.get(b"Subtype").and_then(|o| o.as_name()).ok() != Some(b"Form") {
                    continue;
                }
                let data = st
                    .decompressed_content()
                    .unwrap_or_else(|_| st.content.clone());
                streams += 1;
                read += usize::from(agrees(&data));
            }
        }
        println!("{read} of {streams} content streams read by the tokenizer");
        assert!(
            streams >= 30 && read * 10 >= streams * 9,
            "{read} of {streams}"
        );
    }
}
