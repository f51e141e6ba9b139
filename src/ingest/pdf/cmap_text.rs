//! Text shown with predefined-CMap fonts, read by jplan's own content-stream interpreter.
//!
//! pdf-extract cannot decode a Type0 font whose `/Encoding` is a predefined CMap name (it
//! panics), and it lays every string out horizontally. [`super::fonts::prepare`] therefore
//! turns such fonts into silent `Identity-H` fonts for pdf-extract and marks them with the key
//! [`CMAP_KEY`] holding the original CMap name. This module walks the page's content (and its
//! form XObjects) with the text state of ISO 32000 §9.3–9.4, and for every string shown with a
//! marked font returns one [`RawGlyph`] per code: text from [`super::cmap`], advance from the
//! font's `/W` and `/DW` (`/W2` and `/DW2` in vertical writing). Strings shown with other fonts
//! only move the text position (their widths from `/Widths` or `/W`, roughly).
//!
//! `Identity-V` fonts are read the same way, their text from the `/ToUnicode` that `prepare`
//! kept aside (pdf-extract would lay vertical text out horizontally).
//!
//! Vertical writing (`-V` CMaps): each glyph is placed at its horizontal origin and its advance
//! points down the page, so a page of vertical text is read by the layout stage in a frame
//! turned a quarter: columns are lines, read right to left; a vertical heading on a horizontal
//! page is a stack of upright glyphs, which the layout stage joins into one line.

use std::collections::HashMap;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};

use super::cmap::{self, Predefined};
use super::layout::RawGlyph;

/// The key [`super::fonts::prepare`] adds to a Type0 font dictionary it took over: the name
/// of the predefined CMap the font had as `/Encoding`.
pub const CMAP_KEY: &[u8] = b"JplanPredefinedCMap";

/// The key under which [`super::fonts::prepare`] keeps the `/ToUnicode` of a font it took
/// over (used for `Identity-V`, whose codes are not text).
pub const TO_UNICODE_KEY: &[u8] = b"JplanToUnicode";

/// The key under which [`super::fonts::prepare`] keeps the `/DescendantFonts` of a font it
/// took over (pdf-extract gets a silent descendant instead).
pub const DESCENDANTS_KEY: &[u8] = b"JplanDescendantFonts";

/// Form XObjects nested deeper than this are not read (a form may even draw itself).
const MAX_DEPTH: usize = 12;
/// Glyphs returned per page at most.
const MAX_GLYPHS: usize = 2_000_000;
/// Widths kept per font at most (a `/W` range can be huge).
const MAX_WIDTHS: usize = 200_000;
/// Content operations read per page at most, form XObjects included (a form drawn many times
/// by forms drawn many times multiplies).
const MAX_OPS: usize = 20_000_000;

/// An affine matrix `[a b c d e f]` (PDF row-vector convention).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Matrix([f64; 6]);

impl Matrix {
    const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    /// `self × other`: first `self`, then `other`.
    fn then(&self, o: &Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.0;
        let [oa, ob, oc, od, oe, of] = o.0;
        Matrix([
            a * oa + b * oc,
            a * ob + b * od,
            c * oa + d * oc,
            c * ob + d * od,
            e * oa + f * oc + oe,
            e * ob + f * od + of,
        ])
    }

    fn translate(tx: f64, ty: f64) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, tx, ty])
    }

    fn point(&self, x: f64, y: f64) -> (f64, f64) {
        let [a, b, c, d, e, f] = self.0;
        (x * a + y * c + e, x * b + y * d + f)
    }

    fn vector(&self, x: f64, y: f64) -> (f64, f64) {
        let [a, b, c, d, _, _] = self.0;
        (x * a + y * c, x * b + y * d)
    }

    fn from_operands(ops: &[Object]) -> Option<Matrix> {
        let mut m = [0.0; 6];
        for (slot, o) in m.iter_mut().zip(ops) {
            *slot = num(o)?;
        }
        (ops.len() >= 6 && m.iter().all(|v| v.is_finite())).then_some(Matrix(m))
    }
}

fn num(o: &Object) -> Option<f64> {
    match o {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(*r as f64),
        _ => None,
    }
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Object> {
    doc.dereference(o).ok().map(|(_, o)| o)
}

fn dict_get<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    d.get(key).ok().and_then(|o| deref(doc, o))
}

fn num_in(doc: &Document, d: &Dictionary, key: &[u8]) -> Option<f64> {
    dict_get(doc, d, key).and_then(num)
}

/// Vertical metrics of one CID: advance `w1` and position vector `(vx, vy)`, in 1/1000 em;
/// `vx` `None` means half the horizontal width.
#[derive(Debug, Clone, Copy)]
struct VMetric {
    w1: f64,
    vx: Option<f64>,
    vy: f64,
}

/// What the interpreter knows about one font.
#[derive(Debug, Clone)]
enum Font {
    /// A font with a predefined CMap: decoded and shown.
    Predefined {
        cmap: Predefined,
        /// Code → text from the `/ToUnicode` (`Identity-V` only).
        to_unicode: HashMap<u32, String>,
        widths: HashMap<u32, f64>,
        dw: Option<f64>,
        vmetrics: HashMap<u32, VMetric>,
        dw2: (f64, f64),
    },
    /// Another composite font: two-byte codes, widths by code (Identity).
    Composite { widths: HashMap<u32, f64>, dw: f64 },
    /// A simple font: one-byte codes.
    Simple {
        first: u32,
        widths: Vec<f64>,
        missing: f64,
        /// Glyph space → text space (1/1000 for all but Type 3).
        scale: f64,
    },
}

impl Font {
    fn load(doc: &Document, font: &Dictionary) -> Font {
        let subtype = dict_get(doc, font, b"Subtype").and_then(|o| o.as_name().ok());
        if subtype == Some(b"Type0") {
            let desc = dict_get(doc, font, DESCENDANTS_KEY)
                .or_else(|| dict_get(doc, font, b"DescendantFonts"))
                .and_then(|o| o.as_array().ok())
                .and_then(|a| a.first())
                .and_then(|o| deref(doc, o))
                .and_then(|o| o.as_dict().ok());
            let widths = desc
                .and_then(|d| dict_get(doc, d, b"W"))
                .and_then(|o| o.as_array().ok())
                .map(|a| parse_w(doc, a))
                .unwrap_or_default();
            let dw = desc.and_then(|d| num_in(doc, d, b"DW"));
            let cmap = dict_get(doc, font, CMAP_KEY)
                .and_then(|o| o.as_name().ok())
                .or_else(|| dict_get(doc, font, b"Encoding").and_then(|o| o.as_name().ok()))
                .and_then(cmap::lookup);
            if let Some(cmap) = cmap {
                let vmetrics = desc
                    .and_then(|d| dict_get(doc, d, b"W2"))
                    .and_then(|o| o.as_array().ok())
                    .map(|a| parse_w2(doc, a))
                    .unwrap_or_default();
                let dw2 = desc
                    .and_then(|d| dict_get(doc, d, b"DW2"))
                    .and_then(|o| o.as_array().ok())
                    .and_then(|a| Some((num(a.first()?)?, num(a.get(1)?)?)))
                    .unwrap_or((880.0, -1000.0));
                let identity = cmap.coding == cmap::Coding::Identity;
                // Identity codes are glyph ids of this font, not Adobe-Japan1 CIDs: the
                // default width is the PDF's, one em.
                let dw = if identity {
                    Some(dw.unwrap_or(1000.0))
                } else {
                    dw
                };
                let to_unicode = if identity {
                    dict_get(doc, font, TO_UNICODE_KEY)
                        .and_then(|o| o.as_stream().ok())
                        .map(|st| {
                            let data = st
                                .decompressed_content()
                                .unwrap_or_else(|_| st.content.clone());
                            cmap::parse_to_unicode(&data)
                        })
                        .unwrap_or_default()
                } else {
                    HashMap::new()
                };
                return Font::Predefined {
                    cmap,
                    to_unicode,
                    widths,
                    dw,
                    vmetrics,
                    dw2,
                };
            }
            return Font::Composite {
                widths,
                dw: dw.unwrap_or(1000.0),
            };
        }
        let first = num_in(doc, font, b"FirstChar").unwrap_or(0.0).max(0.0) as u32;
        let widths = dict_get(doc, font, b"Widths")
            .and_then(|o| o.as_array().ok())
            .map(|a| {
                a.iter()
                    .take(65_536)
                    .map(|o| deref(doc, o).and_then(num).unwrap_or(0.0))
                    .collect()
            })
            .unwrap_or_default();
        let missing = dict_get(doc, font, b"FontDescriptor")
            .and_then(|o| o.as_dict().ok())
            .and_then(|d| num_in(doc, d, b"MissingWidth"))
            .unwrap_or(500.0);
        let scale = if subtype == Some(b"Type3") {
            dict_get(doc, font, b"FontMatrix")
                .and_then(|o| o.as_array().ok())
                .and_then(|a| a.first())
                .and_then(num)
                .unwrap_or(0.001)
        } else {
            0.001
        };
        Font::Simple {
            first,
            widths,
            missing,
            scale,
        }
    }
}

/// `/W`: `c [w …]` and `c_first c_last w` entries; anything malformed ends it.
fn parse_w(doc: &Document, items: &[Object]) -> HashMap<u32, f64> {
    let mut out = HashMap::new();
    let mut i = 0;
    while let Some(first) = items.get(i).and_then(|o| deref(doc, o)).and_then(num) {
        if out.len() >= MAX_WIDTHS || first < 0.0 {
            break;
        }
        let first = first as u32;
        match items.get(i + 1).and_then(|o| deref(doc, o)) {
            Some(Object::Array(ws)) => {
                for (k, w) in ws.iter().enumerate().take(MAX_WIDTHS) {
                    if let Some(w) = deref(doc, w).and_then(num) {
                        out.insert(first.saturating_add(k as u32), w);
                    }
                }
                i += 2;
            }
            Some(last) => {
                let (Some(last), Some(w)) = (
                    num(last),
                    items.get(i + 2).and_then(|o| deref(doc, o)).and_then(num),
                ) else {
                    break;
                };
                let last = last.max(0.0) as u32;
                for c in first..=last.min(first.saturating_add(MAX_WIDTHS as u32)) {
                    out.insert(c, w);
                }
                i += 3;
            }
            None => break,
        }
    }
    out
}

/// `/W2`: `c [w1 vx vy …]` and `c_first c_last w1 vx vy` entries.
fn parse_w2(doc: &Document, items: &[Object]) -> HashMap<u32, VMetric> {
    let mut out = HashMap::new();
    let mut i = 0;
    let n = |k: usize| items.get(k).and_then(|o| deref(doc, o)).and_then(num);
    while let Some(first) = n(i) {
        if out.len() >= MAX_WIDTHS || first < 0.0 {
            break;
        }
        let first = first as u32;
        match items.get(i + 1).and_then(|o| deref(doc, o)) {
            Some(Object::Array(ws)) => {
                let vals: Vec<f64> = ws
                    .iter()
                    .map(|o| deref(doc, o).and_then(num).unwrap_or(0.0))
                    .collect();
                for (k, t) in vals.chunks_exact(3).enumerate().take(MAX_WIDTHS) {
                    if let [w1, vx, vy] = *t {
                        out.insert(
                            first.saturating_add(k as u32),
                            VMetric {
                                w1,
                                vx: Some(vx),
                                vy,
                            },
                        );
                    }
                }
                i += 2;
            }
            Some(_) => {
                let (Some(last), Some(w1), Some(vx), Some(vy)) =
                    (n(i + 1), n(i + 2), n(i + 3), n(i + 4))
                else {
                    break;
                };
                let last = last.max(0.0) as u32;
                for c in first..=last.min(first.saturating_add(MAX_WIDTHS as u32)) {
                    out.insert(
                        c,
                        VMetric {
                            w1,
                            vx: Some(vx),
                            vy,
                        },
                    );
                }
                i += 5;
            }
            None => break,
        }
    }
    out
}

#[derive(Debug, Clone)]
struct TextState {
    tm: Matrix,
    tlm: Matrix,
    font: Option<usize>,
    size: f64,
    tc: f64,
    tw: f64,
    th: f64,
    tl: f64,
    rise: f64,
}

impl Default for TextState {
    fn default() -> Self {
        TextState {
            tm: Matrix::IDENTITY,
            tlm: Matrix::IDENTITY,
            font: None,
            size: 0.0,
            tc: 0.0,
            tw: 0.0,
            th: 1.0,
            tl: 0.0,
            rise: 0.0,
        }
    }
}

#[derive(Debug, Clone)]
struct State {
    ctm: Matrix,
    text: TextState,
}

/// Reads one page.
struct Reader<'a> {
    doc: &'a Document,
    fonts: Vec<Font>,
    /// Loaded fonts by object id (direct font dictionaries are loaded at each use).
    font_ids: HashMap<ObjectId, usize>,
    glyphs: Vec<RawGlyph>,
    /// Operations read so far.
    ops: usize,
}

/// The glyphs shown on page `page_id` with predefined-CMap fonts, in user space.
pub fn page_glyphs(doc: &Document, page_id: ObjectId) -> Vec<RawGlyph> {
    let mut reader = Reader {
        doc,
        fonts: Vec::new(),
        font_ids: HashMap::new(),
        glyphs: Vec::new(),
        ops: 0,
    };
    let Ok(content) = doc.get_page_content(page_id) else {
        return Vec::new();
    };
    // The page's resources, then those of its ancestors (inherited), direct or not.
    let mut resources: Vec<&Dictionary> = Vec::new();
    let mut node = doc.get_dictionary(page_id).ok();
    let mut hops = 0;
    while let Some(n) = node {
        if let Some(r) = dict_get(doc, n, b"Resources").and_then(|o| o.as_dict().ok()) {
            resources.push(r);
        }
        hops += 1;
        node = dict_get(doc, n, b"Parent")
            .and_then(|o| o.as_dict().ok())
            .filter(|_| hops < 64);
    }
    let state = State {
        ctm: Matrix::IDENTITY,
        text: TextState::default(),
    };
    reader.run(&content, &resources, state, 0);
    reader.glyphs
}

impl<'a> Reader<'a> {
    fn lookup_resource(
        &self,
        resources: &[&'a Dictionary],
        category: &[u8],
        name: &[u8],
    ) -> Option<(Option<ObjectId>, &'a Object)> {
        for res in resources {
            let Some(cat) = dict_get(self.doc, res, category).and_then(|o| o.as_dict().ok()) else {
                continue;
            };
            if let Ok(o) = cat.get(name) {
                return self.doc.dereference(o).ok();
            }
        }
        None
    }

    fn font(&mut self, resources: &[&'a Dictionary], name: &[u8]) -> Option<usize> {
        let (id, obj) = self.lookup_resource(resources, b"Font", name)?;
        if let Some(&k) = id.and_then(|id| self.font_ids.get(&id)) {
            return Some(k);
        }
        let dict = obj.as_dict().ok()?;
        let font = Font::load(self.doc, dict);
        self.fonts.push(font);
        let k = self.fonts.len() - 1;
        if let Some(id) = id {
            self.font_ids.insert(id, k);
        }
        Some(k)
    }

    fn run(&mut self, content: &[u8], resources: &[&'a Dictionary], start: State, depth: usize) {
        let Ok(content) = Content::decode(content) else {
            return;
        };
        let mut st = start;
        let mut stack: Vec<State> = Vec::new();
        for op in &content.operations {
            self.ops += 1;
            if self.glyphs.len() >= MAX_GLYPHS || self.ops > MAX_OPS {
                return;
            }
            let args = &op.operands;
            let arg = |k: usize| args.get(k).and_then(num);
            match op.operator.as_str() {
                "q" if stack.len() < 1024 => stack.push(st.clone()),
                "Q" => {
                    if let Some(s) = stack.pop() {
                        st = s;
                    }
                }
                "cm" => {
                    if let Some(m) = Matrix::from_operands(args) {
                        st.ctm = m.then(&st.ctm);
                    }
                }
                "BT" => {
                    st.text.tm = Matrix::IDENTITY;
                    st.text.tlm = Matrix::IDENTITY;
                }
                "Tf" => {
                    let name = args.first().and_then(|o| o.as_name().ok());
                    st.text.font = name.and_then(|n| self.font(resources, n));
                    if let Some(size) = arg(1).filter(|s| s.is_finite()) {
                        st.text.size = size;
                    }
                }
                "Tc" => st.text.tc = arg(0).unwrap_or(st.text.tc),
                "Tw" => st.text.tw = arg(0).unwrap_or(st.text.tw),
                "Tz" => st.text.th = arg(0).map(|v| v / 100.0).unwrap_or(st.text.th),
                "TL" => st.text.tl = arg(0).unwrap_or(st.text.tl),
                "Ts" => st.text.rise = arg(0).unwrap_or(st.text.rise),
                "Td" | "TD" => {
                    if let (Some(tx), Some(ty)) = (arg(0), arg(1)) {
                        if op.operator == "TD" {
                            st.text.tl = -ty;
                        }
                        next_line(&mut st.text, tx, ty);
                    }
                }
                "Tm" => {
                    if let Some(m) = Matrix::from_operands(args) {
                        st.text.tm = m;
                        st.text.tlm = m;
                    }
                }
                "T*" => {
                    let tl = st.text.tl;
                    next_line(&mut st.text, 0.0, -tl);
                }
                "Tj" => {
                    if let Some(Object::String(s, _)) = args.first() {
                        self.show(&mut st, s);
                    }
                }
                "'" => {
                    let tl = st.text.tl;
                    next_line(&mut st.text, 0.0, -tl);
                    if let Some(Object::String(s, _)) = args.first() {
                        self.show(&mut st, s);
                    }
                }
                "\"" => {
                    if let (Some(aw), Some(ac)) = (arg(0), arg(1)) {
                        st.text.tw = aw;
                        st.text.tc = ac;
                    }
                    let tl = st.text.tl;
                    next_line(&mut st.text, 0.0, -tl);
                    if let Some(Object::String(s, _)) = args.get(2) {
                        self.show(&mut st, s);
                    }
                }
                "TJ" => {
                    if let Some(Object::Array(items)) = args.first() {
                        for item in items {
                            match item {
                                Object::String(s, _) => self.show(&mut st, s),
                                other => {
                                    if let Some(n) = num(other) {
                                        self.adjust(&mut st, n);
                                    }
                                }
                            }
                        }
                    }
                }
                "Do" if depth < MAX_DEPTH => {
                    let Some(name) = args.first().and_then(|o| o.as_name().ok()) else {
                        continue;
                    };
                    let Some((_, Object::Stream(form))) =
                        self.lookup_resource(resources, b"XObject", name)
                    else {
                        continue;
                    };
                    if dict_get(self.doc, &form.dict, b"Subtype").and_then(|o| o.as_name().ok())
                        != Some(b"Form")
                    {
                        continue;
                    }
                    let matrix = dict_get(self.doc, &form.dict, b"Matrix")
                        .and_then(|o| o.as_array().ok())
                        .and_then(|a| Matrix::from_operands(a))
                        .unwrap_or(Matrix::IDENTITY);
                    let mut inner: Vec<&'a Dictionary> = Vec::new();
                    if let Some(r) =
                        dict_get(self.doc, &form.dict, b"Resources").and_then(|o| o.as_dict().ok())
                    {
                        inner.push(r);
                    }
                    inner.extend(resources.iter().copied());
                    let bytes = form
                        .decompressed_content()
                        .unwrap_or_else(|_| form.content.clone());
                    let state = State {
                        ctm: matrix.then(&st.ctm),
                        text: st.text.clone(),
                    };
                    self.run(&bytes, &inner, state, depth + 1);
                }
                _ => {}
            }
        }
    }

    /// A number in a `TJ` array: move back by `n` thousandths of an em.
    fn adjust(&self, st: &mut State, n: f64) {
        let t = &mut st.text;
        let vertical = matches!(
            t.font.and_then(|k| self.fonts.get(k)),
            Some(Font::Predefined { cmap, .. }) if cmap.vertical
        );
        let d = -n / 1000.0 * t.size;
        t.tm = if vertical {
            Matrix::translate(0.0, d).then(&t.tm)
        } else {
            Matrix::translate(d * t.th, 0.0).then(&t.tm)
        };
    }

    /// Show one string: glyphs for predefined-CMap fonts, and the text position moves.
    fn show(&mut self, st: &mut State, s: &[u8]) {
        let Some(font) = st.text.font.and_then(|k| self.fonts.get(k)) else {
            return;
        };
        let room = MAX_GLYPHS.saturating_sub(self.glyphs.len());
        let mut out: Vec<RawGlyph> = Vec::new();
        let t = &mut st.text;
        let fs = t.size;
        match font {
            Font::Simple {
                first,
                widths,
                missing,
                scale,
            } => {
                for &b in s {
                    let w = (b as u32)
                        .checked_sub(*first)
                        .and_then(|k| widths.get(k as usize))
                        .copied()
                        .unwrap_or(*missing);
                    let space = if b == 32 { t.tw } else { 0.0 };
                    let tx = (w * scale * fs + t.tc + space) * t.th;
                    t.tm = Matrix::translate(tx, 0.0).then(&t.tm);
                }
            }
            Font::Composite { widths, dw } => {
                for pair in s.chunks(2) {
                    let code = pair.iter().fold(0u32, |v, &b| (v << 8) | b as u32);
                    let w = widths.get(&code).copied().unwrap_or(*dw);
                    let tx = (w / 1000.0 * fs + t.tc) * t.th;
                    t.tm = Matrix::translate(tx, 0.0).then(&t.tm);
                }
            }
            Font::Predefined {
                cmap,
                to_unicode,
                widths,
                dw,
                vmetrics,
                dw2,
            } => {
                for mut code in cmap.decode(s) {
                    if let Some(text) = to_unicode.get(&code.value) {
                        code.text.clone_from(text);
                    }
                    let w0 = code
                        .cid
                        .and_then(|c| widths.get(&c).copied())
                        .or(*dw)
                        .unwrap_or(if code.is_narrow() { 500.0 } else { 1000.0 });
                    let space = if code.is_single_byte_space() {
                        t.tw
                    } else {
                        0.0
                    };
                    // Text space → user space: Tsm × Tm × CTM.
                    let tsm = Matrix([t.th, 0.0, 0.0, 1.0, 0.0, t.rise]);
                    let trm = tsm.then(&t.tm).then(&st.ctm);
                    if cmap.vertical {
                        let vm =
                            code.cid
                                .and_then(|c| vmetrics.get(&c).copied())
                                .unwrap_or(VMetric {
                                    w1: dw2.1,
                                    vx: None,
                                    vy: dw2.0,
                                });
                        let vx = vm.vx.unwrap_or(w0 / 2.0);
                        let (x, y) = trm.point(-vx / 1000.0 * fs, -vm.vy / 1000.0 * fs);
                        let adv = trm.vector(0.0, vm.w1 / 1000.0 * fs);
                        push(&mut out, room, x, y, adv, trm.vector(0.0, fs), code.text);
                        let ty = vm.w1 / 1000.0 * fs + t.tc + space;
                        t.tm = Matrix::translate(0.0, ty).then(&t.tm);
                    } else {
                        let (x, y) = trm.point(0.0, 0.0);
                        let adv = trm.vector(w0 / 1000.0 * fs, 0.0);
                        push(&mut out, room, x, y, adv, trm.vector(0.0, fs), code.text);
                        let tx = (w0 / 1000.0 * fs + t.tc + space) * t.th;
                        t.tm = Matrix::translate(tx, 0.0).then(&t.tm);
                    }
                }
            }
        }
        self.glyphs.extend(out);
    }
}

fn push(
    out: &mut Vec<RawGlyph>,
    room: usize,
    x: f64,
    y: f64,
    adv: (f64, f64),
    up: (f64, f64),
    text: String,
) {
    let finite = [x, y, adv.0, adv.1, up.0, up.1]
        .iter()
        .all(|v| v.is_finite());
    if text.is_empty() || !finite || out.len() >= room {
        return;
    }
    out.push(RawGlyph {
        x,
        y,
        adv,
        up,
        text,
    });
}

fn next_line(t: &mut TextState, tx: f64, ty: f64) {
    t.tlm = Matrix::translate(tx, ty).then(&t.tlm);
    t.tm = t.tlm;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrices_compose_in_pdf_order() {
        let scale = Matrix([2.0, 0.0, 0.0, 2.0, 0.0, 0.0]);
        let shift = Matrix::translate(10.0, 5.0);
        // First scale, then shift.
        assert_eq!(scale.then(&shift).point(1.0, 1.0), (12.0, 7.0));
        assert_eq!(shift.then(&scale).point(1.0, 1.0), (22.0, 12.0));
    }

    /// A page whose form draws itself twice (and shows a string each time), a font of ours
    /// and some garbage operators: the reader stops at [`MAX_DEPTH`] and returns.
    fn hostile_doc(form_content: &[u8]) -> (Document, ObjectId) {
        use lopdf::{dictionary, Stream};
        let mut doc = Document::with_version("1.5");
        let desc = doc.add_object(dictionary! { "Type" => "FontDescriptor" });
        let cid = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "CIDFontType0", "FontDescriptor" => desc,
            "W" => vec![Object::Integer(1), Object::Integer(-5), Object::Integer(500)],
        });
        let font = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type0", "Encoding" => "Identity-H",
            CMAP_KEY.to_vec() => Object::Name(b"UniJIS-UCS2-H".to_vec()),
            "DescendantFonts" => vec![Object::Reference(cid)],
        });
        let form_id = doc.new_object_id();
        let form = Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Form",
                "Matrix" => vec![Object::Integer(1), Object::Integer(0)],
                "Resources" => dictionary! {
                    "Font" => dictionary! { "F1" => font },
                    "XObject" => dictionary! { "X1" => form_id },
                },
            },
            form_content.to_vec(),
        );
        doc.objects.insert(form_id, Object::Stream(form));
        let contents = doc.add_object(Stream::new(dictionary! {}, b"q /X1 Do Q /X1 Do".to_vec()));
        let page = doc.add_object(dictionary! {
            "Type" => "Page", "Contents" => contents,
            "Resources" => dictionary! { "XObject" => dictionary! { "X1" => form_id } },
        });
        (doc, page)
    }

    #[test]
    fn self_drawing_forms_and_garbage_end() {
        let (doc, page) = hostile_doc(
            b"BT /F1 10 Tf 1 0 0 1 0 0 Tm <4E00> Tj ET /X1 Do /X1 Do Tf Tj TJ cm 1 2 Tm ' \" BT /F9 Tf (x) Tj ET",
        );
        let glyphs = page_glyphs(&doc, page);
        // 2 + 4 + … + 2^(MAX_DEPTH + 1) form runs, one glyph each.
        assert!(!glyphs.is_empty());
        assert!(glyphs.len() < 1 << (MAX_DEPTH + 2), "{}", glyphs.len());
        assert!(glyphs.iter().all(|g| g.text == "一"));
        let (doc, page) = hostile_doc(b"\xff\x00 BT ((( [ << /X1 Do");
        assert!(page_glyphs(&doc, page).is_empty());
    }

    #[test]
    fn w_arrays_in_both_forms() {
        let doc = Document::with_version("1.5");
        let w = vec![
            Object::Integer(1),
            Object::Array(vec![Object::Integer(278), Object::Real(333.0)]),
            Object::Integer(231),
            Object::Integer(233),
            Object::Integer(500),
        ];
        let m = parse_w(&doc, &w);
        assert_eq!(m.get(&1), Some(&278.0));
        assert_eq!(m.get(&2), Some(&333.0));
        assert_eq!(m.get(&233), Some(&500.0));
        assert_eq!(m.get(&234), None);
    }
}
