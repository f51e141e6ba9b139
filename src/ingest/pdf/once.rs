//! Font work that pdf-extract would redo on every page, done once per document.
//!
//! pdf-extract builds each font afresh for every page it reads. Two parts of that are slow
//! and give the same answer each time:
//!
//! - **`/ToUnicode` CMaps** are parsed with a combinator parser that formats an error
//!   message for every alternative it tries. Here each `/ToUnicode` stream is parsed once
//!   ([`super::cmap::parse_to_unicode`]) and every code it maps gets a code point of its own in
//!   the supplementary private use planes (U+F0000…, U+100000…); [`Texts::resolve`] turns those
//!   code points back into the text the original map gave, as the glyphs arrive. How the code
//!   points reach the glyphs depends on the font:
//!   - a **simple font** gets a stand-in `/ToUnicode` of `bfrange` lines that maps its codes to
//!     their code points: at most 256 codes, cheap to parse on every page;
//!   - a **Type0 font with `Identity-H`** (two-byte codes, often thousands of them, scattered
//!     over the font's glyph ids so that a stand-in map would be as long as the original)
//!     loses its `/ToUnicode` for pdf-extract, which then builds it in no time and shows each
//!     of its glyphs with empty text; the font gets a code table in [`Texts`] instead, and
//!     [`super::shown`] gives those glyphs their code points, string by string.
//! - **Embedded font programs** are read for nothing or for little: a TrueType program
//!   (`/FontFile2`) is decompressed and dropped, a Type 1 program (`/FontFile`) is parsed for
//!   its built-in encoding even when the font dictionary has an `/Encoding` that overrides it.
//!   Here the program is moved under a key pdf-extract does not read, and a Type 1 font
//!   without `/Encoding` gets the built-in encoding written as `/Differences`, which gives
//!   pdf-extract the same table.
//!
//! Nothing is lost: the original streams stay in the document under other keys, and a map
//! that cannot be read, or more codes than the private planes hold, leave the font as it was.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use super::cmap;
use super::fasthash::Seeded;

/// A built-in encoding: (code, glyph name) pairs.
type Encoding = Vec<(u32, Vec<u8>)>;

/// Where a hidden `/FontFile` or `/FontFile2` is kept in its font descriptor.
pub const FONT_FILE_KEY: &[u8] = b"JplanFontFile";
/// Where a font's replaced `/ToUnicode` is kept.
pub const ORIGINAL_TO_UNICODE_KEY: &[u8] = b"JplanOriginalToUnicode";
/// The key of a Type0 font whose codes [`super::shown::Decoding`] decodes: the number of its
/// code table in [`Texts`].
pub const CODE_TABLE_KEY: &[u8] = b"JplanCodeTable";

/// First code point of each private use plane and how many codes it holds (U+xFFFE and
/// U+xFFFF are noncharacters).
const PLANES: [(u32, u32); 2] = [(0xF_0000, 0xFFFE), (0x10_0000, 0xFFFE)];

/// The texts behind the private-use code points that stand-in `/ToUnicode` maps give.
#[derive(Debug, Default, Clone)]
pub struct Texts {
    /// Texts of a learned glyph table are the table's own (borrowed).
    texts: Vec<Cow<'static, str>>,
    /// Code tables of the Type0 fonts whose `/ToUnicode` pdf-extract does not see: two-byte
    /// code → stand-in code point.
    tables: Vec<CodeTable>,
}

impl Texts {
    /// How many code points are handed out.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.texts.len()
    }

    /// Some font's codes are decoded by [`super::shown::Decoding`].
    pub fn has_code_tables(&self) -> bool {
        !self.tables.is_empty()
    }

    /// The stand-in code point of `code` in code table `table`.
    pub fn code_point(&self, table: usize, code: u32) -> Option<char> {
        self.tables.get(table)?.get(code)
    }

    /// The text a glyph stands for: `s` itself unless it is one of the stand-in code points.
    pub fn resolve<'a>(&'a self, s: &'a str) -> &'a str {
        let mut chars = s.chars();
        let (Some(c), None) = (chars.next(), chars.next()) else {
            return s;
        };
        match index_of(c).and_then(|i| self.texts.get(i)) {
            Some(t) => t,
            None => s,
        }
    }
}

fn code_point(index: usize) -> Option<u32> {
    let mut i = u32::try_from(index).ok()?;
    for (start, n) in PLANES {
        if i < n {
            return Some(start + i);
        }
        i -= n;
    }
    None
}

fn index_of(c: char) -> Option<usize> {
    let c = c as u32;
    let mut before = 0u32;
    for (start, n) in PLANES {
        if (start..start + n).contains(&c) {
            return Some((before + c - start) as usize);
        }
        before += n;
    }
    None
}

/// Do the work once; the returned [`Texts`] resolve the stand-in code points.
pub fn apply(doc: &mut Document) -> Texts {
    let ids: Vec<ObjectId> = doc
        .objects
        .iter()
        .filter(|(_, o)| {
            o.as_dict()
                .ok()
                .and_then(|d| d.get(b"Subtype").ok())
                .and_then(|s| s.as_name().ok())
                .is_some_and(|s| {
                    matches!(s, b"Type0" | b"Type1" | b"TrueType" | b"MMType1" | b"Type3")
                })
        })
        .map(|(id, _)| *id)
        .collect();
    let mut texts = Texts::default();
    let mut stand_ins: BTreeMap<ObjectId, Option<StandIn>> = BTreeMap::new();
    for &id in &ids {
        stand_in_to_unicode(doc, id, &mut texts, &mut stand_ins);
    }
    let mut encodings: BTreeMap<ObjectId, Option<Encoding>> = BTreeMap::new();
    for &id in &ids {
        builtin_encoding(doc, id, &mut encodings);
    }
    for &id in &ids {
        hide_font_file(doc, id);
    }
    texts
}

/// A name entry of a dictionary, empty when missing or not a name.
fn name_of<'a>(d: &'a Dictionary, key: &[u8]) -> &'a [u8] {
    d.get(key)
        .ok()
        .and_then(|s| s.as_name().ok())
        .unwrap_or(b"")
}

fn font_dict(doc: &Document, id: ObjectId) -> Option<&Dictionary> {
    doc.objects.get(&id)?.as_dict().ok()
}

/// A Type0 font's code table: code → stand-in code point. Codes of a font's glyph ids are
/// mostly dense (a table per glyph of a font), so a table whose codes fill a quarter of their
/// range or more is a list indexed by code; others are a hash map.
#[derive(Debug, Clone)]
enum CodeTable {
    Dense(Vec<Option<char>>),
    Sparse(HashMap<u32, char, Seeded>),
}

impl CodeTable {
    /// From (code, code point) pairs, by code.
    fn new(codes: &[(u32, u32)]) -> Self {
        let pairs = codes
            .iter()
            .filter_map(|&(code, cp)| Some((code, char::from_u32(cp)?)));
        let top = codes.last().map_or(0, |&(c, _)| c as usize);
        if top < 4 * codes.len() + 1024 {
            let mut v = vec![None; top + 1];
            for (code, c) in pairs {
                if let Some(slot) = v.get_mut(code as usize) {
                    *slot = Some(c);
                }
            }
            CodeTable::Dense(v)
        } else {
            CodeTable::Sparse(pairs.collect())
        }
    }

    fn get(&self, code: u32) -> Option<char> {
        match self {
            CodeTable::Dense(v) => v.get(code as usize).copied().flatten(),
            CodeTable::Sparse(m) => m.get(&code).copied(),
        }
    }
}

/// The code points handed out for one `/ToUnicode` stream, and what was made of them.
struct StandIn {
    /// (code, code point), by code.
    codes: Vec<(u32, u32)>,
    /// The stand-in stream, once a simple font needed it.
    stream: Option<ObjectId>,
    /// The code table, once a Type0 font needed it.
    table: Option<usize>,
}

/// A Type0 font whose codes pdf-extract reads as two-byte glyph ids (`/Encoding /Identity-H`):
/// its `/ToUnicode` maps those codes.
fn is_identity_h_type0(doc: &Document, font: &Dictionary) -> bool {
    if name_of(font, b"Subtype") != b"Type0" {
        return false;
    }
    let enc = match font.get(b"Encoding") {
        Ok(Object::Reference(r)) => doc.objects.get(r),
        Ok(o) => Some(o),
        Err(_) => None,
    };
    matches!(enc, Some(Object::Name(n)) if n == b"Identity-H")
}

/// Replace the font's `/ToUnicode` stream: by a stand-in stream (simple fonts) or by a code
/// table (Type0 `Identity-H` fonts); one per stream, shared like it.
fn stand_in_to_unicode(
    doc: &mut Document,
    id: ObjectId,
    texts: &mut Texts,
    done: &mut BTreeMap<ObjectId, Option<StandIn>>,
) {
    let Some(font) = font_dict(doc, id) else {
        return;
    };
    // Only a reference to a stream: direct streams inside a font dictionary are not legal
    // and are left to pdf-extract.
    let Ok(Object::Reference(tu)) = font.get(b"ToUnicode") else {
        return;
    };
    let tu = *tu;
    let type0 = is_identity_h_type0(doc, font);
    let made = done.entry(tu).or_insert_with(|| {
        allocate(doc, tu, texts).map(|codes| StandIn {
            codes,
            stream: None,
            table: None,
        })
    });
    let Some(stand_in) = made else {
        // pdf-extract reads this map itself: a learned table needs its CMap text.
        super::glyph_tables::write_cmap(doc, tu);
        return;
    };
    if type0 {
        let table = *stand_in.table.get_or_insert_with(|| {
            texts.tables.push(CodeTable::new(&stand_in.codes));
            texts.tables.len() - 1
        });
        if let Some(Object::Dictionary(font)) = doc.objects.get_mut(&id) {
            font.remove(b"ToUnicode");
            font.set(ORIGINAL_TO_UNICODE_KEY.to_vec(), Object::Reference(tu));
            font.set(CODE_TABLE_KEY.to_vec(), Object::Integer(table as i64));
        }
    } else {
        let stream = match stand_in.stream {
            Some(s) => s,
            None => {
                let s = doc.add_object(stand_in_stream(&stand_in.codes));
                stand_in.stream = Some(s);
                s
            }
        };
        if let Some(Object::Dictionary(font)) = doc.objects.get_mut(&id) {
            font.set("ToUnicode", Object::Reference(stream));
            font.set(ORIGINAL_TO_UNICODE_KEY.to_vec(), Object::Reference(tu));
        }
    }
}

/// Parse a `/ToUnicode` stream and hand out a code point for each code it maps (by code):
/// (code, code point) pairs; `None` when it maps nothing or its codes do not all fit.
fn allocate(doc: &Document, tu: ObjectId, texts: &mut Texts) -> Option<Vec<(u32, u32)>> {
    let st = doc.objects.get(&tu)?.as_stream().ok()?;
    // A learned glyph table's map is built directly, not parsed from its CMap.
    let learned = st
        .dict
        .get(super::glyph_tables::LEARNED_KEY)
        .and_then(Object::as_i64)
        .ok()
        .and_then(|t| usize::try_from(t).ok())
        .and_then(super::glyph_tables::learned_map);
    let codes = match learned {
        Some(codes) => codes,
        None => {
            let data = super::limits::inflate_as_lopdf(st).unwrap_or_else(|| {
                st.decompressed_content()
                    .unwrap_or_else(|_| st.content.clone())
            });
            let mut codes: Vec<(u32, Cow<'static, str>)> = cmap::parse_to_unicode(&data)
                .into_iter()
                .map(|(c, t)| (c, Cow::Owned(t)))
                .collect();
            codes.sort_unstable_by_key(|(c, _)| *c);
            codes
        }
    };
    if codes.is_empty() {
        return None;
    }
    // All of this map's codes must fit, or none are handed out.
    code_point(texts.texts.len() + codes.len() - 1)?;
    let mut out = Vec::with_capacity(codes.len());
    for (code, text) in codes {
        let cp = code_point(texts.texts.len())?;
        texts.texts.push(text);
        out.push((code, cp));
    }
    Some(out)
}

/// A `/ToUnicode` stream mapping each code to its code point: runs of consecutive codes whose
/// code points share their high surrogate are one `bfrange` line.
fn stand_in_stream(codes: &[(u32, u32)]) -> Stream {
    let wide = codes.last().is_some_and(|(c, _)| *c > 0xFFFF);
    let mut ranges: Vec<(u32, u32, u32)> = Vec::new();
    for &(code, cp) in codes {
        match ranges.last_mut() {
            Some((_, hi, first_cp))
                if *hi + 1 == code && (*first_cp - 0x1_0000) >> 10 == (cp - 0x1_0000) >> 10 =>
            {
                *hi = code;
            }
            _ => ranges.push((code, code, cp)),
        }
    }
    let mut body = String::with_capacity(64 + ranges.len() * 32);
    body.push_str("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n");
    for chunk in ranges.chunks(100) {
        body.push_str(&format!("{} beginbfrange\n", chunk.len()));
        for &(lo, hi, cp) in chunk {
            let v = cp - 0x1_0000;
            let (high, low) = (0xD800 + (v >> 10), 0xDC00 + (v & 0x3FF));
            if wide {
                body.push_str(&format!("<{lo:08X}> <{hi:08X}> <{high:04X}{low:04X}>\n"));
            } else {
                body.push_str(&format!("<{lo:04X}> <{hi:04X}> <{high:04X}{low:04X}>\n"));
            }
        }
        body.push_str("endbfrange\n");
    }
    body.push_str("endcmap\nend\nend\n");
    Stream::new(Dictionary::new(), body.into_bytes())
}

/// The descriptor of a simple font, as an object id (a direct descriptor is made an object).
fn descriptor_id(doc: &mut Document, id: ObjectId) -> Option<ObjectId> {
    let font = font_dict(doc, id)?;
    match font.get(b"FontDescriptor").ok()? {
        Object::Reference(r) => Some(*r),
        Object::Dictionary(d) => {
            let d = d.clone();
            let new = doc.add_object(Object::Dictionary(d));
            if let Some(Object::Dictionary(font)) = doc.objects.get_mut(&id) {
                font.set("FontDescriptor", Object::Reference(new));
            }
            Some(new)
        }
        _ => None,
    }
}

fn font_file(doc: &Document, desc: ObjectId, key: &[u8]) -> Option<ObjectId> {
    let d = doc.objects.get(&desc)?.as_dict().ok()?;
    for k in [key, FONT_FILE_KEY] {
        if let Ok(Object::Reference(r)) = d.get(k) {
            return Some(*r);
        }
    }
    None
}

/// A Type 1 font without `/Encoding` gets its program's built-in encoding as `/Differences`
/// (pdf-extract reads `/Differences` over PDFDocEncoding, as it reads a built-in encoding).
fn builtin_encoding(
    doc: &mut Document,
    id: ObjectId,
    cache: &mut BTreeMap<ObjectId, Option<Encoding>>,
) {
    let Some(font) = font_dict(doc, id) else {
        return;
    };
    let is_type1 = name_of(font, b"Subtype") == b"Type1";
    let base = name_of(font, b"BaseFont");
    // pdf-extract treats FontAwesome's glyph names specially when they come as /Differences.
    let awesome = base.windows(11).any(|w| w == b"FontAwesome");
    if !is_type1 || font.has(b"Encoding") || awesome {
        return;
    }
    let Some(desc) = descriptor_id(doc, id) else {
        return;
    };
    let Some(file) = font_file(doc, desc, b"FontFile") else {
        return;
    };
    let entries = cache
        .entry(file)
        .or_insert_with(|| {
            let st = doc.objects.get(&file)?.as_stream().ok()?;
            let data = super::limits::inflate_as_lopdf(st).unwrap_or_else(|| {
                st.decompressed_content()
                    .unwrap_or_else(|_| st.content.clone())
            });
            Some(type1_encoding(&data))
        })
        .clone();
    let Some(entries) = entries else {
        return;
    };
    let mut diffs = Vec::with_capacity(entries.len() * 2);
    for (code, name) in entries {
        diffs.push(Object::Integer(code as i64));
        diffs.push(Object::Name(name));
    }
    let mut enc = Dictionary::new();
    enc.set("Differences", Object::Array(diffs));
    if let Some(Object::Dictionary(font)) = doc.objects.get_mut(&id) {
        font.set("Encoding", Object::Dictionary(enc));
    }
}

/// Move `/FontFile` (Type 1) and `/FontFile2` (TrueType) of a simple font's descriptor out of
/// pdf-extract's sight. A Type 1 font keeps its program when it has no `/Encoding` (its
/// built-in encoding could not be read).
fn hide_font_file(doc: &mut Document, id: ObjectId) {
    let Some(font) = font_dict(doc, id) else {
        return;
    };
    let subtype = name_of(font, b"Subtype");
    let key: &[u8] = match subtype {
        b"Type1" if font.has(b"Encoding") => b"FontFile",
        b"TrueType" => b"FontFile2",
        _ => return,
    };
    let Ok(Object::Reference(desc)) = font.get(b"FontDescriptor") else {
        return;
    };
    let desc = *desc;
    if let Some(Object::Dictionary(d)) = doc.objects.get_mut(&desc) {
        if let Ok(file) = d.remove(key).ok_or(()) {
            d.set(FONT_FILE_KEY.to_vec(), file);
        }
    }
}

/// A Type 1 program's built-in encoding: the `dup CODE /NAME put` entries between
/// `/Encoding` and the next `def`, in the clear-text part. `StandardEncoding` or no entries
/// give an empty list (pdf-extract then uses PDFDocEncoding, as it does for a built-in one).
fn type1_encoding(data: &[u8]) -> Encoding {
    let clear = match find(data, b"eexec") {
        Some(end) => &data[..end],
        None => data,
    };
    let Some(start) = find(clear, b"/Encoding") else {
        return Vec::new();
    };
    let mut out: HashMap<u32, Vec<u8>> = HashMap::new();
    let words: Vec<&[u8]> = ps_tokens(&clear[start + b"/Encoding".len()..])
        .take_while(|w| *w != b"def")
        .collect();
    for (i, w) in words.iter().enumerate() {
        if *w != b"put" || i < 2 {
            continue;
        }
        let (Some(code), Some(name)) = (words.get(i - 2), words.get(i - 1)) else {
            continue;
        };
        let Some(name) = name.strip_prefix(b"/") else {
            continue;
        };
        let Some(code) = std::str::from_utf8(code)
            .ok()
            .and_then(|c| c.parse::<u32>().ok())
            .filter(|&c| c < 256)
        else {
            continue;
        };
        out.insert(code, name.to_vec());
    }
    let mut v: Encoding = out.into_iter().collect();
    v.sort_unstable();
    v
}

/// PostScript tokens: runs of regular characters; a name starts at its `/` (`32/space`),
/// delimiters stand alone.
fn ps_tokens(data: &[u8]) -> impl Iterator<Item = &[u8]> {
    let delimiter = |b: u8| b"()<>[]{}%".contains(&b);
    let mut i = 0;
    std::iter::from_fn(move || {
        while data.get(i).is_some_and(|b| b.is_ascii_whitespace()) {
            i += 1;
        }
        let start = i;
        let first = *data.get(i)?;
        i += 1;
        if !delimiter(first) {
            while let Some(&b) = data.get(i) {
                if b.is_ascii_whitespace() || delimiter(b) || b == b'/' {
                    break;
                }
                i += 1;
            }
        }
        data.get(start..i)
    })
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_points_round_trip_across_planes() {
        for i in [0usize, 1, 1023, 1024, 0xFFFD, 0xFFFE, 0x1FFFB] {
            let cp = code_point(i).unwrap();
            let c = char::from_u32(cp).unwrap();
            assert_eq!(index_of(c), Some(i), "{i}");
        }
        assert_eq!(code_point(0xFFFE), Some(0x10_0000));
        assert_eq!(code_point(2 * 0xFFFE), None);
        assert_eq!(index_of('あ'), None);
    }

    #[test]
    fn resolve_only_touches_handed_out_code_points() {
        let t = Texts {
            texts: vec!["令".into(), "ff".into()],
            tables: Vec::new(),
        };
        assert_eq!(t.resolve("\u{F0000}"), "令");
        assert_eq!(t.resolve("\u{F0001}"), "ff");
        assert_eq!(t.resolve("\u{F0002}"), "\u{F0002}");
        assert_eq!(t.resolve("和"), "和");
        assert_eq!(t.resolve("\u{F0000}\u{F0000}"), "\u{F0000}\u{F0000}");
    }

    #[test]
    fn type1_builtin_encoding() {
        let prog = b"%!PS-AdobeFont-1.0\n/Encoding 256 array\n0 1 255 {1 index exch /.notdef put} for\ndup 32 /space put\ndup 65 /A put\nreadonly def\ncurrentfile eexec \x80\x81 dup 66 /B put";
        assert_eq!(
            type1_encoding(prog),
            vec![(32, b"space".to_vec()), (65, b"A".to_vec())]
        );
        assert!(type1_encoding(b"/Encoding StandardEncoding def").is_empty());
        assert_eq!(
            type1_encoding(
                b"/Encoding 256 array\ndup 32/space put dup 33 /exclam put}readonly def"
            ),
            vec![(32, b"space".to_vec()), (33, b"exclam".to_vec())]
        );
    }

    /// A one-page document with a Type0 font whose `/ToUnicode` has `bfchar`, a `bfrange`
    /// and a two-character text, and a TrueType font with a program and a `/ToUnicode`.
    fn document() -> Document {
        document_showing(
            b"BT /F1 12 Tf 72 700 Td <0001000200030005000600070009> Tj ET \
              BT /F2 12 Tf 72 600 Td (AB) Tj ET",
        )
    }

    /// [`document`] with other page content; the page has an image `/Im1` and a form `/Fm1`
    /// whose own `/F1` is the TrueType font and which shows `<00050006>` and `(B)` with it.
    fn document_showing(page_content: &[u8]) -> Document {
        use lopdf::dictionary;
        let mut doc = Document::with_version("1.7");
        let cmap = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
            1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
            3 beginbfchar <0001> <4EE4> <0002> <548C> <0003> <00660066> endbfchar\n\
            1 beginbfrange <0005> <0007> <FF11> endbfrange\n\
            endcmap CMapName currentdict /CMap defineresource pop end end";
        let tu = doc.add_object(Stream::new(dictionary! {}, cmap.to_vec()));
        let desc = doc.add_object(dictionary! {
            "Type" => "FontDescriptor", "FontName" => "X", "Flags" => 4,
            "FontBBox" => vec![0.into(), 0.into(), 1000.into(), 1000.into()],
            "ItalicAngle" => 0, "Ascent" => 880, "Descent" => -120, "CapHeight" => 700,
            "StemV" => 80,
        });
        let cid = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "X",
            "CIDSystemInfo" => dictionary! { "Registry" => Object::string_literal("Adobe"),
                "Ordering" => Object::string_literal("Identity"), "Supplement" => 0 },
            "FontDescriptor" => desc, "DW" => 1000,
        });
        let f1 = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "X", "Encoding" => "Identity-H",
            "DescendantFonts" => vec![cid.into()], "ToUnicode" => tu,
        });
        let program = doc.add_object(Stream::new(dictionary! {}, b"not a real font".to_vec()));
        let tt_desc = doc.add_object(dictionary! {
            "Type" => "FontDescriptor", "FontName" => "Y", "Flags" => 32, "FontFile2" => program,
        });
        let tt_tu = doc.add_object(Stream::new(
            dictionary! {},
            b"1 beginbfchar <41> <3042> endbfchar".to_vec(),
        ));
        let f2 = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => "Y",
            "FirstChar" => 65, "LastChar" => 66, "Widths" => vec![1000.into(), 500.into()],
            "FontDescriptor" => tt_desc, "ToUnicode" => tt_tu,
        });
        let content = doc.add_object(Stream::new(dictionary! {}, page_content.to_vec()));
        let image = doc.add_object(Stream::new(
            dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => 1,
            "Height" => 1, "BitsPerComponent" => 8, "ColorSpace" => "DeviceGray" },
            Vec::new(),
        ));
        let form = doc.add_object(Stream::new(
            dictionary! { "Type" => "XObject", "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => f2 } } },
            b"BT /F1 9 Tf 72 500 Td <00050006> Tj (B) Tj ET".to_vec(),
        ));
        let pages = doc.new_object_id();
        let page = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages, "Contents" => content,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => f1, "F2" => f2 },
                "XObject" => dictionary! { "Im1" => image, "Fm1" => form } },
        });
        doc.objects.insert(
            pages,
            Object::Dictionary(dictionary! {
                "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1,
            }),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
        doc.trailer.set("Root", catalog);
        doc
    }

    fn glyph_texts(doc: &Document, texts: &Texts) -> Vec<String> {
        use super::super::shown::{shown_strings, Decoding};
        let mut c = super::super::layout::Collector::new(texts);
        let page = doc.page_iter().next().unwrap();
        let mut d = Decoding::new(&mut c, texts, shown_strings(doc, page));
        pdf_extract::output_doc_page(doc, &mut d, 1).unwrap();
        assert!(!d.lost());
        c.into_parts().0.into_iter().map(|g| g.text).collect()
    }

    #[test]
    fn stand_ins_give_the_same_glyphs_as_the_original_maps() {
        let original = document();
        let plain = glyph_texts(&original, &Texts::default());
        assert_eq!(plain, ["令", "和", "ff", "１", "２", "３", "あ", "B"]);
        let mut doc = document();
        let texts = apply(&mut doc);
        assert_eq!(texts.len(), 7);
        assert_eq!(glyph_texts(&doc, &texts), plain);
        // The originals are kept; the TrueType program is out of pdf-extract's sight.
        let font_files = doc
            .objects
            .values()
            .filter_map(|o| o.as_dict().ok())
            .filter(|d| d.has(FONT_FILE_KEY) && !d.has(b"FontFile2"))
            .count();
        assert_eq!(font_files, 1);
        let originals = doc
            .objects
            .values()
            .filter_map(|o| o.as_dict().ok())
            .filter(|d| d.has(ORIGINAL_TO_UNICODE_KEY))
            .count();
        assert_eq!(originals, 2);
        // The Type0 font has a code table instead of a `/ToUnicode` pdf-extract would parse.
        let tables = doc
            .objects
            .values()
            .filter_map(|o| o.as_dict().ok())
            .filter(|d| d.has(CODE_TABLE_KEY) && !d.has(b"ToUnicode"))
            .count();
        assert_eq!(tables, 1);
        assert!(texts.has_code_tables());
    }

    /// The walk of `shown_strings` follows pdf-extract: `TJ` arrays, `q`/`Q` around `Tf`,
    /// an image, and a form whose `/F1` is another font than the page's (pdf-extract keeps the
    /// page's, looked up first).
    #[test]
    fn code_tables_follow_pdf_extract_through_forms_and_saved_states() {
        let content: &[u8] = b"BT /F2 12 Tf q /F1 12 Tf 72 700 Td [<0001> -250 <00020003>] TJ Q \
            (A) Tj [(B) 100 (A)] TJ ET /Im1 Do /Fm1 Do \
            BT /F1 10 Tf 72 400 Td <00070005> Tj /F2 10 Tf (A) Tj ET";
        let plain = glyph_texts(&document_showing(content), &Texts::default());
        assert_eq!(
            plain,
            ["令", "和", "ff", "あ", "B", "あ", "１", "２", "３", "１", "あ"]
        );
        let mut doc = document_showing(content);
        let texts = apply(&mut doc);
        assert_eq!(glyph_texts(&doc, &texts), plain);
        let page = doc.page_iter().next().unwrap();
        let shown = super::super::shown::shown_strings(&doc, page);
        let tables: Vec<bool> = shown.iter().map(|s| s.is_some()).collect();
        assert_eq!(
            tables,
            [true, true, false, false, false, true, true, true, false]
        );
    }
}
