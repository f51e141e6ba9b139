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

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use crate::model::Warning;

/// The character a glyph without a known text becomes (left out, and counted, by the layout).
pub const UNKNOWN: char = '\u{FFFD}';

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

/// The glyph count of a TrueType program (`maxp.numGlyphs`).
pub fn num_glyphs(font: &[u8]) -> Option<u16> {
    let be16 =
        |i: usize| -> Option<u16> { Some(u16::from_be_bytes([*font.get(i)?, *font.get(i + 1)?])) };
    let be32 = |i: usize| -> Option<usize> {
        Some(u32::from_be_bytes([
            *font.get(i)?,
            *font.get(i + 1)?,
            *font.get(i + 2)?,
            *font.get(i + 3)?,
        ]) as usize)
    };
    let tables = be16(4)? as usize;
    for t in 0..tables {
        let rec = 12 + 16 * t;
        if font.get(rec..rec + 4)? == b"maxp" {
            return be16(be32(rec + 8)?.checked_add(4)?);
        }
    }
    None
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

/// A `/ToUnicode` CMap: every glyph id below `count` to its text, or to [`UNKNOWN`].
fn cmap_for(table: &str, count: u16) -> Vec<u8> {
    let mut text: Vec<Option<String>> = vec![None; count as usize];
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
                *slot = Some(t.to_string());
            }
        }
    }
    let mut out = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Jplan-Learned-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    for (i, chunk) in text.chunks(100).enumerate() {
        out.push_str(&format!("{} beginbfchar\n", chunk.len()));
        for (k, t) in chunk.iter().enumerate() {
            let gid = i * 100 + k;
            let s = t.clone().unwrap_or_else(|| UNKNOWN.to_string());
            let hex: String = s.encode_utf16().map(|u| format!("{u:04X}")).collect();
            out.push_str(&format!("<{gid:04X}> <{hex}>\n"));
        }
        out.push_str("endbfchar\n");
    }
    out.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out.into_bytes()
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
            .and_then(|o| o.as_stream().ok())
            .and_then(|s| s.get_plain_content().ok());
        let count = program.as_deref().and_then(num_glyphs);
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
        let stream = Stream::new(Dictionary::new(), cmap_for(table, count));
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
