//! Repairs for PDFs whose objects are intact but whose structure is broken, as poppler does
//! ("try to reconstruct"): a cross-reference table that points at wrong offsets is rebuilt by
//! scanning the file for `N G obj`, and a page tree that loops or reaches no page is rebuilt
//! from every `/Type /Page` object in object order. Each repair is reported as a warning
//! (`pdf.repaired`), so a user knows the page order is jplan's guess.

use std::collections::{BTreeMap, HashSet};

use lopdf::{Dictionary, Object, ObjectId};
use regex::bytes::Regex;

use crate::model::Warning;

/// The file with a new cross-reference section appended, built from the objects found by
/// scanning the bytes; `None` when no object or no catalog is found.
pub fn rebuild_xref(bytes: &[u8]) -> Option<Vec<u8>> {
    let obj = Regex::new(r"(?m)(?:^|[\r\n\s])(\d{1,10})[ \t\r\n]+(\d{1,5})[ \t\r\n]+obj\b").ok()?;
    // Last definition of an object number wins, as with incremental updates.
    let mut offsets: BTreeMap<u32, (u16, usize)> = BTreeMap::new();
    for c in obj.captures_iter(bytes) {
        let (Some(whole), Some(n), Some(g)) = (c.get(0), c.get(1), c.get(2)) else {
            continue;
        };
        let num: u32 = std::str::from_utf8(n.as_bytes()).ok()?.parse().ok()?;
        let gen: u16 = std::str::from_utf8(g.as_bytes()).ok()?.parse().ok()?;
        // The offset of the object number itself (skip the leading separator if matched).
        let start = whole.start() + (n.start() - whole.start());
        offsets.insert(num, (gen, start));
    }
    if offsets.is_empty() {
        return None;
    }
    // The catalog: the trailer's /Root if it names an object we found, else an object whose
    // body says /Type /Catalog.
    let root_re = Regex::new(r"/Root\s+(\d{1,10})\s+(\d{1,5})\s+R").ok()?;
    let mut root = root_re
        .captures_iter(bytes)
        .filter_map(|c| {
            let n: u32 = std::str::from_utf8(c.get(1)?.as_bytes())
                .ok()?
                .parse()
                .ok()?;
            let g: u16 = std::str::from_utf8(c.get(2)?.as_bytes())
                .ok()?
                .parse()
                .ok()?;
            offsets.contains_key(&n).then_some((n, g))
        })
        .last();
    if root.is_none() {
        let catalog = Regex::new(r"/Type\s*/Catalog\b").ok()?;
        for (&n, &(g, off)) in &offsets {
            let end = bytes[off..]
                .windows(6)
                .position(|w| w == b"endobj")
                .map_or(bytes.len(), |p| off + p);
            if catalog.is_match(&bytes[off..end]) {
                root = Some((n, g));
                break;
            }
        }
    }
    let (root_n, root_g) = root?;
    let size = offsets.keys().next_back().copied().unwrap_or(0) + 1;
    let mut out = bytes.to_vec();
    if !out.ends_with(b"\n") {
        out.push(b'\n');
    }
    let xref_at = out.len();
    out.extend_from_slice(format!("xref\n0 {size}\n0000000000 65535 f \n").as_bytes());
    for n in 1..size {
        match offsets.get(&n) {
            Some(&(g, off)) => out.extend_from_slice(format!("{off:010} {g:05} n \n").as_bytes()),
            None => out.extend_from_slice(b"0000000000 65535 f \n"),
        }
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {size} /Root {root_n} {root_g} R >>\nstartxref\n{xref_at}\n%%EOF\n"
        )
        .as_bytes(),
    );
    Some(out)
}

fn is_page(o: &Object) -> bool {
    o.as_dict()
        .ok()
        .and_then(|d| d.get(b"Type").ok())
        .and_then(|t| t.as_name().ok())
        .is_some_and(|t| t == b"Page")
}

/// A page's inherited attributes: (key, value) pairs.
type Attributes = Vec<(Vec<u8>, Object)>;

/// Attributes a page inherits from its page-tree ancestors.
const INHERITED: [&[u8]; 4] = [b"Resources", b"MediaBox", b"CropBox", b"Rotate"];

/// Replace the page tree by one flat `/Pages` node holding every `/Type /Page` object, in
/// object order, copying inherited attributes down. Returns false when there is no page.
pub fn rebuild_page_tree(doc: &mut lopdf::Document) -> bool {
    let pages: Vec<ObjectId> = doc
        .objects
        .iter()
        .filter(|(_, o)| is_page(o))
        .map(|(id, _)| *id)
        .collect();
    if pages.is_empty() {
        return false;
    }
    // Inherited attributes, walking up /Parent with a guard against loops.
    let mut inherited: Vec<(ObjectId, Attributes)> = Vec::new();
    for &id in &pages {
        let mut found: Attributes = Vec::new();
        let mut seen = HashSet::new();
        let mut cur = doc
            .get_dictionary(id)
            .ok()
            .and_then(|d| d.get(b"Parent").ok())
            .and_then(|p| p.as_reference().ok());
        while let Some(pid) = cur {
            if !seen.insert(pid) || seen.len() > 64 {
                break;
            }
            let Ok(parent) = doc.get_dictionary(pid) else {
                break;
            };
            for key in INHERITED {
                if !found.iter().any(|(k, _)| k == key) {
                    if let Ok(v) = parent.get(key) {
                        found.push((key.to_vec(), v.clone()));
                    }
                }
            }
            cur = parent
                .get(b"Parent")
                .ok()
                .and_then(|p| p.as_reference().ok());
        }
        inherited.push((id, found));
    }
    let mut kids = Dictionary::new();
    kids.set("Type", Object::Name(b"Pages".to_vec()));
    kids.set(
        "Kids",
        Object::Array(pages.iter().map(|&id| Object::Reference(id)).collect()),
    );
    kids.set("Count", Object::Integer(pages.len() as i64));
    let tree = doc.add_object(Object::Dictionary(kids));
    for (id, found) in inherited {
        if let Ok(page) = doc.get_dictionary_mut(id) {
            for (k, v) in found {
                if !page.has(&k) {
                    page.set(k, v);
                }
            }
            page.set("Parent", Object::Reference(tree));
        }
    }
    let root = doc
        .trailer
        .get(b"Root")
        .ok()
        .and_then(|r| r.as_reference().ok());
    match root.and_then(|r| doc.get_dictionary_mut(r).ok()) {
        Some(catalog) => catalog.set("Pages", Object::Reference(tree)),
        None => {
            let mut catalog = Dictionary::new();
            catalog.set("Type", Object::Name(b"Catalog".to_vec()));
            catalog.set("Pages", Object::Reference(tree));
            let id = doc.add_object(Object::Dictionary(catalog));
            doc.trailer.set("Root", Object::Reference(id));
        }
    }
    !doc.get_pages().is_empty()
}

/// The warning for a repair.
pub fn warning(what: &str) -> Warning {
    Warning::new(
        crate::model::WarningCode::PdfRepaired,
        format!("damaged PDF: {what}; page order and text may differ from the original"),
        None,
    )
}
