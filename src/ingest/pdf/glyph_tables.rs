//! Text for fonts that carry no Unicode mapping at all, from learned glyph tables.
//!
//! Acrobat Distiller, given a Word document through a `90ms-RKSJ-H` CMap, embeds MS-Mincho as
//! a `CIDFontType2` under `Identity-H` with `/CIDToGIDMap /Identity`, without `/ToUnicode`, and
//! the font program has no `cmap` table: the codes are the font's own glyph ids and nothing in
//! the file says which character each one is (pdftotext prints mojibake). Glyph ids of one
//! font version are the same in every document, and other producers (Word, Excel) embed the
//! same fonts *with* a `/ToUnicode`, so `rules/make_glyph_tables.py` learns glyph id → text
//! from such documents into `rules/glyphs/NAME-GLYPHCOUNT.tsv`.
//!
//! [`apply`] gives a font the learned map as its `/ToUnicode` only when its name (subset
//! prefix and a CMap suffix removed) and the glyph count of its embedded program (`maxp`)
//! are those of a table. A glyph the table does not know becomes U+FFFD, which the glyph
//! collector counts and leaves out (warning `pdf.no_unicode` with page and count).

use std::borrow::Cow;
use std::fmt::Write;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use crate::model::Warning;

/// The character a glyph without a known text becomes (left out, and counted, by the layout).
pub const UNKNOWN: char = '\u{FFFD}';

/// [`UNKNOWN`] as text.
const UNKNOWN_TEXT: &str = "\u{FFFD}";

/// The learned tables: (font name, glyph count, `gid<TAB>text` lines).
const TABLES: &[(&str, u16, &str)] = &[(
    "MS-Mincho",
    19399,
    include_str!("../../../rules/glyphs/MS-Mincho-19399.tsv"),
)];

fn deref<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Object> {
    match o {
        Object::Reference(id) => doc.get_object(*id).ok(),
        other => Some(other),
    }
}

fn dict_get<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    d.get(key).ok().and_then(|o| deref(doc, o))
}

fn name_of<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
    dict_get(doc, d, key).and_then(|o| o.as_name().ok())
}

/// Where `maxp.numGlyphs` of a TrueType program is, from its table directory; `None` when
/// `font` ends before the directory says.
fn num_glyphs_at(font: &[u8]) -> Option<usize> {
    let be16 =
        |i: usize| -> Option<u16> { Some(u16::from_be_bytes([*font.get(i)?, *font.get(i + 1)?])) };
    let tables = be16(4)? as usize;
    for t in 0..tables {
        let rec = 12 + 16 * t;
        if font.get(rec..rec + 4)? == b"maxp" {
            let at = font.get(rec + 8..rec + 12)?;
            let at = u32::from_be_bytes([at[0], at[1], at[2], at[3]]) as usize;
            return at.checked_add(4);
        }
    }
    None
}

/// The glyph count of a TrueType program (`maxp.numGlyphs`).
pub fn num_glyphs(font: &[u8]) -> Option<u16> {
    let at = num_glyphs_at(font)?;
    Some(u16::from_be_bytes([
        *font.get(at)?,
        *font.get(at.checked_add(1)?)?,
    ]))
}

/// The glyph count of the TrueType program in `st`. A Flate stream is inflated only as far
/// as the table directory and `maxp` need (the glyphs, most of the program, usually come
/// after them): the head first, then, when `maxp` lies beyond it, up to `maxp`; the bytes
/// are those lopdf would inflate, so the count is the same.
fn glyph_count(st: &Stream) -> Option<u16> {
    if super::limits::same_as_lopdf(st) {
        let mut cap: u64 = 16 << 10;
        loop {
            let mut head = Vec::new();
            let r = super::limits::inflate_bounded(&st.content, cap, &mut |p| {
                head.extend_from_slice(p)
            });
            if let Some(n) = num_glyphs(&head) {
                return Some(n);
            }
            if r != super::limits::Inflated::Over {
                // All of it, and no count.
                return None;
            }
            // Past the head: as far as `maxp` (once the directory is read), or further.
            let want = num_glyphs_at(&head)
                .and_then(|at| u64::try_from(at).ok())
                .map_or(cap.saturating_mul(8), |at| at.saturating_add(2));
            cap = want.max(cap.saturating_add(1));
        }
    }
    num_glyphs(&st.get_plain_content().ok()?)
}

/// Does the font's base name (subset prefix removed) name table font `table`?
/// `MS-Mincho`, `MS-Mincho-90ms-RKSJ-H` and `ABCDEF+MS-Mincho` do; `MS-PMincho` does not.
pub fn name_matches(base_font: &[u8], table: &str) -> bool {
    let base = match base_font.iter().position(|&b| b == b'+') {
        Some(6) => base_font.get(7..).unwrap_or(&[]),
        _ => base_font,
    };
    let t = table.as_bytes();
    base == t || (base.starts_with(t) && base.get(t.len()) == Some(&b'-'))
}

/// Key of a `/ToUnicode` stream made by [`apply`]: the number of its table in `TABLES`.
pub const LEARNED_KEY: &[u8] = b"JplanLearnedTable";

/// The text of each glyph id below `count` in `table`, when the table knows it.
fn texts_of(table: &'static str, count: u16) -> Vec<Option<&'static str>> {
    let mut text: Vec<Option<&'static str>> = vec![None; count as usize];
    for line in table.lines() {
        if line.starts_with('#') {
            continue;
        }
        let mut parts = line.splitn(2, '\t');
        let (Some(g), Some(t)) = (parts.next(), parts.next()) else {
            continue;
        };
        if let (Ok(g), false) = (g.parse::<usize>(), t.is_empty()) {
            if let Some(slot) = text.get_mut(g) {
                *slot = Some(t);
            }
        }
    }
    text
}

/// The codes and texts that [`super::cmap::parse_to_unicode`] reads from the `/ToUnicode` of
/// table number `table` ([`LEARNED_KEY`]), in code order, built without writing and parsing
/// the CMap's twenty thousand lines: the text of each glyph id, or [`UNKNOWN`], unless it is
/// one the parser skips (empty, or with a control character).
/// The texts are those of the table itself, not copies.
pub fn learned_map(table: usize) -> Option<Vec<(u32, Cow<'static, str>)>> {
    let &(_, count, lines) = TABLES.get(table)?;
    let map = texts_of(lines, count)
        .into_iter()
        .enumerate()
        .filter_map(|(gid, t)| {
            let s = t.unwrap_or(UNKNOWN_TEXT);
            (!s.is_empty() && !s.chars().any(char::is_control))
                .then_some((gid as u32, Cow::Borrowed(s)))
        })
        .collect();
    Some(map)
}

/// A `/ToUnicode` CMap: every glyph id below `count` to its text, or to [`UNKNOWN`].
fn cmap_for(table: &'static str, count: u16) -> Vec<u8> {
    let text = texts_of(table, count);
    let mut out = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Jplan-Learned-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    let unknown = UNKNOWN.to_string();
    for (i, chunk) in text.chunks(100).enumerate() {
        let _ = writeln!(out, "{} beginbfchar", chunk.len());
        for (k, t) in chunk.iter().enumerate() {
            let gid = i * 100 + k;
            let _ = write!(out, "<{gid:04X}> <");
            for u in t.unwrap_or(&unknown).encode_utf16() {
                let _ = write!(out, "{u:04X}");
            }
            out.push_str(">\n");
        }
        out.push_str("endbfchar\n");
    }
    out.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out.into_bytes()
}

/// Write the CMap text of the learned `/ToUnicode` stream `id` (made empty by [`apply`]), for
/// when pdf-extract reads it itself: [`super::once`] builds the map directly
/// ([`learned_map`]) and hides the stream from pdf-extract unless it cannot.
pub fn write_cmap(doc: &mut Document, id: ObjectId) {
    let Some(Object::Stream(st)) = doc.objects.get_mut(&id) else {
        return;
    };
    let table = st
        .dict
        .get(LEARNED_KEY)
        .and_then(Object::as_i64)
        .ok()
        .and_then(|t| usize::try_from(t).ok())
        .and_then(|t| TABLES.get(t));
    if let (Some(&(_, count, lines)), true) = (table, st.content.is_empty()) {
        st.set_plain_content(cmap_for(lines, count));
    }
}

/// What [`apply`] found for one font.
struct Found {
    font: ObjectId,
    base: String,
    table: usize,
}

/// Give every font without a Unicode mapping whose name and glyph count match a learned
/// table that table as its `/ToUnicode`; one warning per font read so.
pub fn apply(doc: &mut Document) -> Vec<Warning> {
    let mut found: Vec<Found> = Vec::new();
    for (&id, obj) in &doc.objects {
        let Ok(font) = obj.as_dict() else { continue };
        if name_of(doc, font, b"Subtype") != Some(b"Type0")
            || name_of(doc, font, b"Encoding") != Some(b"Identity-H")
            || font.get(b"ToUnicode").is_ok()
        {
            continue;
        }
        let Some(cid) = dict_get(doc, font, b"DescendantFonts")
            .and_then(|o| o.as_array().ok())
            .and_then(|a| a.first())
            .and_then(|o| deref(doc, o))
            .and_then(|o| o.as_dict().ok())
        else {
            continue;
        };
        if name_of(doc, cid, b"Subtype") != Some(b"CIDFontType2")
            || name_of(doc, cid, b"CIDToGIDMap").is_some_and(|n| n != b"Identity")
        {
            continue;
        }
        let Some(base) = name_of(doc, cid, b"BaseFont") else {
            continue;
        };
        let Some(table) = TABLES.iter().position(|t| name_matches(base, t.0)) else {
            continue;
        };
        let program = dict_get(doc, cid, b"FontDescriptor")
            .and_then(|o| o.as_dict().ok())
            .and_then(|d| dict_get(doc, d, b"FontFile2"))
            .and_then(|o| o.as_stream().ok());
        let count = program.and_then(glyph_count);
        if count != TABLES.get(table).map(|t| t.1) {
            continue;
        }
        found.push(Found {
            font: id,
            base: String::from_utf8_lossy(base).into_owned(),
            table,
        });
    }
    let mut warnings = Vec::new();
    for f in found {
        let Some(&(name, count, table)) = TABLES.get(f.table) else {
            continue;
        };
        let known = table.lines().filter(|l| !l.starts_with('#')).count();
        let mut dict = Dictionary::new();
        dict.set(LEARNED_KEY.to_vec(), Object::Integer(f.table as i64));
        // The CMap's text is written only if pdf-extract must read it ([`write_cmap`]).
        let stream = Stream::new(dict, Vec::new());
        let cmap_id = doc.add_object(Object::Stream(stream));
        if let Ok(Object::Dictionary(font)) = doc.get_object_mut(f.font) {
            font.set("ToUnicode", Object::Reference(cmap_id));
        }
        warnings.push(Warning::new(
            crate::model::WarningCode::PdfGlyphTable,
            format!(
                "font {} has no Unicode mapping: its text was read through jplan's table of \
                 {name} glyph ids ({known} of its {count} glyphs known); glyphs the table \
                 does not know are left out and counted in pdf.no_unicode",
                f.base
            ),
            None,
        ));
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_with_prefix_and_cmap_suffix_only() {
        assert!(name_matches(b"MS-Mincho", "MS-Mincho"));
        assert!(name_matches(b"OGNPJD+MS-Mincho-90ms-RKSJ-H", "MS-Mincho"));
        assert!(!name_matches(b"MS-PMincho", "MS-Mincho"));
        assert!(!name_matches(b"MS-MinchoX", "MS-Mincho"));
    }

    #[test]
    fn the_table_gives_the_glyphs_of_the_issue() {
        // 説 and 明 in MS-Mincho 19399 glyphs, as Word's /ToUnicode gives them.
        let t = TABLES.first().map(|t| t.2).unwrap_or("");
        assert!(t.lines().any(|l| l == "12573\t説"), "説");
        assert!(t.lines().any(|l| l == "6850\t明"), "明");
        let cmap = String::from_utf8(cmap_for(t, 19399)).unwrap_or_default();
        assert!(cmap.contains("<311D> <8AAC>"), "説 = 12573 = 0x311D");
        assert!(cmap.contains("<0000> <FFFD>"));
    }

    fn owned(map: Vec<(u32, Cow<'static, str>)>) -> Vec<(u32, String)> {
        map.into_iter().map(|(c, t)| (c, t.into_owned())).collect()
    }

    #[test]
    fn the_learned_map_is_what_the_parser_reads_from_the_cmap() {
        for (i, &(_, count, table)) in TABLES.iter().enumerate() {
            let mut parsed: Vec<(u32, String)> =
                super::super::cmap::parse_to_unicode(&cmap_for(table, count))
                    .into_iter()
                    .collect();
            parsed.sort();
            assert_eq!(learned_map(i).map(owned), Some(parsed));
        }
        assert_eq!(learned_map(TABLES.len()), None);
    }

    #[test]
    fn the_cmap_is_written_only_when_asked_and_reads_as_the_learned_map() {
        let mut doc = Document::with_version("1.5");
        let mut dict = Dictionary::new();
        dict.set(LEARNED_KEY.to_vec(), Object::Integer(0));
        let id = doc.add_object(Object::Stream(Stream::new(dict, Vec::new())));
        write_cmap(&mut doc, id);
        let Some(Object::Stream(st)) = doc.objects.get(&id) else {
            panic!("stream");
        };
        let mut parsed: Vec<(u32, String)> = super::super::cmap::parse_to_unicode(&st.content)
            .into_iter()
            .collect();
        parsed.sort();
        assert_eq!(learned_map(0).map(owned), Some(parsed));
    }

    #[test]
    fn glyph_count_of_a_compressed_program_with_maxp_far_in() {
        // maxp at offset 100,000: inflated past the first cap.
        let mut f = vec![0u8; 100_040];
        f[4..6].copy_from_slice(&1u16.to_be_bytes());
        f[12..16].copy_from_slice(b"maxp");
        f[20..24].copy_from_slice(&100_000u32.to_be_bytes());
        f[100_004..100_006].copy_from_slice(&19399u16.to_be_bytes());
        let mut st = Stream::new(Dictionary::new(), f.clone());
        assert_eq!(glyph_count(&st), Some(19399));
        st.compress().expect("compresses");
        assert!(st.filters().is_ok());
        assert_eq!(glyph_count(&st), Some(19399));
        // Cut short: no count, as from the whole.
        let mut cut = Stream::new(Dictionary::new(), f[..50_000].to_vec());
        cut.compress().expect("compresses");
        assert_eq!(glyph_count(&cut), None);
    }

    #[test]
    fn glyph_count_from_maxp() {
        // Directory with one table, maxp at offset 28, numGlyphs 19399.
        let mut f = vec![0u8; 40];
        f[4..6].copy_from_slice(&1u16.to_be_bytes());
        f[12..16].copy_from_slice(b"maxp");
        f[20..24].copy_from_slice(&28u32.to_be_bytes());
        f[32..34].copy_from_slice(&19399u16.to_be_bytes());
        assert_eq!(num_glyphs(&f), Some(19399));
        assert_eq!(num_glyphs(&f[..20]), None);
    }
}
