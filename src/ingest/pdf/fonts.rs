//! Font repairs on the loaded document, before pdf-extract reads it.
//!
//! pdf-extract 0.12.1 reads a CID font's `/W` range entries (`c_first c_last width`) wrongly:
//! every glyph in the range gets the default width and the rest of the line drifts right, which
//! glues table cells together. Each range entry is rewritten here into the list form
//! (`c_first [width …]`, `c_last` inclusive). Entries pdf-extract would panic on (a `/ToUnicode`
//! given as a name, a malformed `/W`, a `/DW` that is not an integer) are made harmless.
//! Type0 fonts whose `/Encoding` is a predefined Japanese CMap (`UniJIS-UCS2-H`, `90ms-RKSJ-H`,
//! …; pdf-extract would panic on them) or `Identity-V` (which pdf-extract lays out
//! horizontally) are silenced for pdf-extract and marked for jplan's own reader
//! ([`super::cmap_text`]). Any other CMap name is decoded as nothing with a `pdf.unknown_cmap`
//! warning, so the rest of the page still comes out. Font dictionaries written directly in
//! `/Resources` are first moved into objects of their own so that all of this reaches them.

use std::collections::BTreeSet;

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::cmap;
use super::cmap_text::{CMAP_KEY, DESCENDANTS_KEY, TO_UNICODE_KEY};
use crate::model::Warning;

/// Largest number of widths one `/W` range entry is expanded to (a hostile file could ask for
/// millions).
const MAX_RANGE: i64 = 65_536;

/// What [`prepare`] did.
#[derive(Debug, Default)]
pub struct Prepared {
    /// About what could not be repaired.
    pub warnings: Vec<Warning>,
    /// Some font uses a predefined CMap: its text must be read with [`super::cmap_text`].
    pub predefined_cmaps: bool,
}

/// Repair the fonts of `doc` in place.
pub fn prepare(doc: &mut Document) -> Prepared {
    let mut warnings = Vec::new();
    let mut predefined_cmaps = false;
    // New objects get numbers above every existing one, whatever a damaged file claims.
    let highest = doc.objects.keys().map(|id| id.0).max().unwrap_or(0);
    doc.max_id = doc.max_id.max(highest);
    hoist_direct_fonts(doc);
    let ids: Vec<ObjectId> = doc.objects.keys().copied().collect();
    let mut unknown_cmaps = BTreeSet::new();
    let mut silent = None;
    for id in ids {
        let Some(Object::Dictionary(dict)) = doc.objects.get(&id) else {
            continue;
        };
        let subtype = dict.get(b"Subtype").and_then(|o| o.as_name()).ok();
        match subtype {
            Some(b"CIDFontType0") | Some(b"CIDFontType2") => fix_cid_font(doc, id),
            Some(b"Type0") => match fix_type0_font(doc, id, &mut silent) {
                Type0::Unknown(name) => {
                    unknown_cmaps.insert(name);
                }
                Type0::Predefined => predefined_cmaps = true,
                Type0::Fine => {}
            },
            _ => {}
        }
        fix_to_unicode(doc, id);
    }
    for name in unknown_cmaps {
        warnings.push(Warning::new(
            crate::model::WarningCode::PdfUnknownCmap,
            format!(
                "font encoding (CMap) {name} is not known to jplan; text in that font is left out"
            ),
            None,
        ));
    }
    Prepared {
        warnings,
        predefined_cmaps,
    }
}

/// Font dictionaries written directly inside a `/Font` resource dictionary or a Type0 font's
/// `/DescendantFonts` become objects of their own (referenced from where they were), so that
/// the repairs below reach them.
fn hoist_direct_fonts(doc: &mut Document) {
    let ids: Vec<ObjectId> = doc.objects.keys().copied().collect();
    let mut next = doc.max_id;
    let mut new_objects: Vec<(ObjectId, Object)> = Vec::new();
    for id in ids {
        let Some(obj) = doc.objects.get_mut(&id) else {
            continue;
        };
        let dict = match obj {
            Object::Dictionary(d) => d,
            Object::Stream(s) => &mut s.dict,
            _ => continue,
        };
        hoist_fonts_in(dict, &mut next, &mut new_objects);
        if let Ok(Object::Dictionary(res)) = dict.get_mut(b"Resources") {
            hoist_fonts_in(res, &mut next, &mut new_objects);
        }
        hoist_descendants(dict, &mut next, &mut new_objects);
    }
    if !new_objects.is_empty() {
        doc.objects.extend(new_objects);
        doc.max_id = next;
    }
}

/// Hoist the direct font dictionaries of `dict`'s `/Font` entry.
fn hoist_fonts_in(dict: &mut Dictionary, next: &mut u32, out: &mut Vec<(ObjectId, Object)>) {
    let Ok(Object::Dictionary(fonts)) = dict.get_mut(b"Font") else {
        return;
    };
    for (_, value) in fonts.iter_mut() {
        let Object::Dictionary(font) = value else {
            continue;
        };
        if font.get(b"Subtype").and_then(|o| o.as_name()).is_err() {
            continue;
        }
        hoist_descendants(font, next, out);
        *next = next.saturating_add(1);
        let id = (*next, 0);
        out.push((id, std::mem::replace(value, Object::Reference(id))));
    }
}

/// Hoist the direct CIDFont dictionaries of a Type0 font's `/DescendantFonts`.
fn hoist_descendants(font: &mut Dictionary, next: &mut u32, out: &mut Vec<(ObjectId, Object)>) {
    let Ok(Object::Array(items)) = font.get_mut(b"DescendantFonts") else {
        return;
    };
    for item in items.iter_mut() {
        if matches!(item, Object::Dictionary(_)) {
            *next = next.saturating_add(1);
            let id = (*next, 0);
            out.push((id, std::mem::replace(item, Object::Reference(id))));
        }
    }
}

fn resolve(doc: &Document, o: &Object) -> Option<Object> {
    match o {
        Object::Reference(r) => doc.objects.get(r).cloned(),
        other => Some(other.clone()),
    }
}

fn number(doc: &Document, o: &Object) -> Option<f64> {
    match resolve(doc, o)? {
        Object::Integer(i) => Some(i as f64),
        Object::Real(r) => Some(r as f64),
        _ => None,
    }
}

/// Rewrite `/W` into the list form and make `/DW` an integer.
fn fix_cid_font(doc: &mut Document, id: ObjectId) {
    let Some(Object::Dictionary(dict)) = doc.objects.get(&id) else {
        return;
    };
    let w = dict.get(b"W").ok().and_then(|o| resolve(doc, o));
    let dw = dict.get(b"DW").ok().and_then(|o| number(doc, o));
    let new_w = w.and_then(|w| match w {
        Object::Array(items) => Some(Object::Array(list_form(doc, &items))),
        _ => None,
    });
    if let Some(Object::Dictionary(dict)) = doc.objects.get_mut(&id) {
        match new_w {
            Some(w) => dict.set("W", w),
            None => {
                dict.remove(b"W");
            }
        }
        match dw {
            Some(dw) => dict.set("DW", Object::Integer(dw.round() as i64)),
            None => {
                dict.remove(b"DW");
            }
        }
    }
}

/// `c [w …]` entries kept, `c_first c_last w` entries expanded; anything malformed ends the
/// array there (pdf-extract would panic on it).
fn list_form(doc: &Document, items: &[Object]) -> Vec<Object> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(first) = items.get(i).and_then(|o| number(doc, o)) {
        let first = first as i64;
        match items.get(i + 1).and_then(|o| resolve(doc, o)) {
            Some(Object::Array(ws)) => {
                let ws: Vec<Object> = ws
                    .iter()
                    .map(|w| Object::Real(number(doc, w).unwrap_or(0.0) as f32))
                    .collect();
                out.push(Object::Integer(first));
                out.push(Object::Array(ws));
                i += 2;
            }
            Some(last) => {
                let Some(last) = number(doc, &last) else {
                    break;
                };
                let Some(width) = items.get(i + 2).and_then(|o| number(doc, o)) else {
                    break;
                };
                let last = last as i64;
                if last >= first && last - first < MAX_RANGE {
                    let n = (last - first + 1) as usize;
                    out.push(Object::Integer(first));
                    out.push(Object::Array(vec![Object::Real(width as f32); n]));
                }
                i += 3;
            }
            None => break,
        }
    }
    out
}

/// What [`fix_type0_font`] found.
enum Type0 {
    /// Left to pdf-extract.
    Fine,
    /// A predefined CMap jplan reads itself.
    Predefined,
    /// A CMap name jplan does not know.
    Unknown(String),
}

/// pdf-extract only decodes `Identity-H`/`Identity-V` (and embedded CMap streams); for any
/// other name it panics, and it lays `Identity-V` text out horizontally. A predefined Japanese
/// CMap or `Identity-V` is kept under [`CMAP_KEY`] (the `/ToUnicode` under [`TO_UNICODE_KEY`])
/// for [`super::cmap_text`]; for pdf-extract the font becomes `Identity-H` without
/// `/ToUnicode`, so it shows nothing (jplan shows that text instead).
fn fix_type0_font(doc: &mut Document, id: ObjectId, silent: &mut Option<ObjectId>) -> Type0 {
    let Some(Object::Dictionary(dict)) = doc.objects.get(&id) else {
        return Type0::Fine;
    };
    let enc = dict.get(b"Encoding").ok().and_then(|o| resolve(doc, o));
    let name = match enc {
        Some(Object::Name(n)) => n,
        Some(Object::Stream(st)) => match embedded_predefined(&st) {
            Some(n) => n,
            None => return Type0::Fine,
        },
        _ => b"Identity-H".to_vec(),
    };
    if name == b"Identity-H" {
        return Type0::Fine;
    }
    let known = cmap::lookup(&name).is_some();
    let silent_id = *silent.get_or_insert_with(|| doc.add_object(silent_cid_font()));
    if let Some(Object::Dictionary(dict)) = doc.objects.get_mut(&id) {
        dict.set("Encoding", Object::Name(b"Identity-H".to_vec()));
        let to_unicode = dict.remove(b"ToUnicode");
        // pdf-extract needs a well-formed descendant (it panics on a missing
        // /FontDescriptor): it gets a silent one; jplan reads the font's own.
        if let Some(own) = dict.remove(b"DescendantFonts") {
            dict.set(DESCENDANTS_KEY, own);
        }
        dict.set(
            "DescendantFonts",
            Object::Array(vec![Object::Reference(silent_id)]),
        );
        if known {
            dict.set(CMAP_KEY, Object::Name(name.clone()));
            if let Some(tu) = to_unicode {
                dict.set(TO_UNICODE_KEY, tu);
            }
        }
    }
    if known {
        Type0::Predefined
    } else {
        // Unknown: decode the codes as two-byte glyph ids with no text, rather than panicking.
        Type0::Unknown(String::from_utf8_lossy(&name).into_owned())
    }
}

/// An embedded CMap stream that is a predefined CMap under its own name, or builds on one
/// (`/UseCMap`, `/Name usecmap`): the name of that predefined CMap, `-V` when the stream says
/// `/WMode 1`. Mappings the stream adds to it are not read.
fn embedded_predefined(st: &lopdf::Stream) -> Option<Vec<u8>> {
    let name_of = |key: &[u8]| {
        st.dict
            .get(key)
            .ok()
            .and_then(|o| o.as_name().ok())
            .map(<[u8]>::to_vec)
    };
    let content = st
        .decompressed_content()
        .unwrap_or_else(|_| st.content.clone());
    let used = content
        .windows(b"usecmap".len())
        .position(|w| w == b"usecmap")
        .and_then(|end| {
            let before = content.get(..end)?;
            let slash = before.iter().rposition(|&b| b == b'/')?;
            let name = before.get(slash + 1..)?;
            let name: Vec<u8> = name
                .iter()
                .copied()
                .take_while(|b| !b.is_ascii_whitespace())
                .collect();
            Some(name)
        });
    let name = [name_of(b"CMapName"), name_of(b"UseCMap"), used]
        .into_iter()
        .flatten()
        .find(|n| cmap::lookup(n).is_some())?;
    let vertical_mode = st.dict.get(b"WMode").and_then(|o| o.as_i64()).ok() == Some(1);
    if vertical_mode && cmap::lookup(&name).is_some_and(|p| !p.vertical) {
        let mut v = name.clone();
        if let Some(last) = v.last_mut() {
            *last = b'V';
        }
        if cmap::lookup(&v).is_some_and(|p| p.vertical) {
            return Some(v);
        }
    }
    Some(name)
}

/// A CIDFont that pdf-extract reads without complaint and that shows nothing (no text map).
fn silent_cid_font() -> Object {
    let mut desc = Dictionary::new();
    desc.set("Type", Object::Name(b"FontDescriptor".to_vec()));
    desc.set("FontName", Object::Name(b"JplanSilent".to_vec()));
    desc.set("Flags", Object::Integer(4));
    let mut info = Dictionary::new();
    info.set("Registry", Object::string_literal("Adobe"));
    info.set("Ordering", Object::string_literal("Identity"));
    info.set("Supplement", Object::Integer(0));
    let mut font = Dictionary::new();
    font.set("Type", Object::Name(b"Font".to_vec()));
    font.set("Subtype", Object::Name(b"CIDFontType0".to_vec()));
    font.set("BaseFont", Object::Name(b"JplanSilent".to_vec()));
    font.set("CIDSystemInfo", Object::Dictionary(info));
    font.set("FontDescriptor", Object::Dictionary(desc));
    font.set("DW", Object::Integer(1000));
    Object::Dictionary(font)
}

/// A `/ToUnicode` that is a name (only `Identity-H` is legal) makes pdf-extract panic unless it
/// is `Identity-H`; one that is neither a stream nor a name too. Drop those.
fn fix_to_unicode(doc: &mut Document, id: ObjectId) {
    let Some(Object::Dictionary(dict)) = doc.objects.get(&id) else {
        return;
    };
    let Ok(tu) = dict.get(b"ToUnicode") else {
        return;
    };
    let ok = match resolve(doc, tu) {
        Some(Object::Stream(_)) => true,
        Some(Object::Name(n)) => n == b"Identity-H",
        _ => false,
    };
    if !ok {
        if let Some(Object::Dictionary(dict)) = doc.objects.get_mut(&id) {
            dict.remove(b"ToUnicode");
        }
    }
}
