//! Scans with a text layer: pages whose text is drawn invisibly (text render mode 3, or 7)
//! over a page image are the output of OCR (a scanner's or Acrobat's "searchable PDF"). Their
//! text comes out like any other (pdftotext prints it too), but its quality is whatever the OCR
//! made of the scan: words split, overlapped, misread (`ｌｌｌ` for a rule, `鈴` for a dotted
//! leader). [`pages`] finds such pages so the reader can say so (`pdf.ocr_layer`).
//!
//! A page counts when it has an image XObject in its resources and at least nine in ten of the
//! strings its content shows are in an invisible mode. Only pages with an image are read, and
//! only their content streams (not forms), so the check costs little on ordinary documents.

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};

/// Whether the page with `page_id` looks like a scan with an invisible OCR text layer.
pub fn is_ocr_page(doc: &Document, page_id: ObjectId) -> bool {
    if !has_image(doc, page_id) {
        return false;
    }
    let Ok(bytes) = doc.get_page_content(page_id) else {
        return false;
    };
    if !mentions_invisible(&bytes) {
        return false;
    }
    let Ok(content) = Content::decode(&bytes) else {
        return false;
    };
    let (invisible, visible) = count_shows(&content);
    invisible > 0 && invisible >= 9 * visible
}

/// The page numbers (of `pages`) that [`is_ocr_page`].
pub fn pages(doc: &Document, pages: &[(u32, ObjectId)]) -> Vec<u32> {
    pages
        .iter()
        .filter(|&&(_, id)| is_ocr_page(doc, id))
        .map(|&(n, _)| n)
        .collect()
}

/// The warning message for a document whose `pages` are OCR layers.
pub fn message(file: &str, pages: &[u32]) -> String {
    let list: Vec<String> = pages.iter().take(20).map(u32::to_string).collect();
    let more = if pages.len() > 20 { ", …" } else { "" };
    format!(
        "{file}: the text of page{} {}{more} is an OCR layer over a scanned image \
         (drawn invisibly); its quality is unknown: words may be split, misread or out of order",
        if pages.len() == 1 { "" } else { "s" },
        list.join(", ")
    )
}

/// An image XObject among the page's resources (its own or inherited).
fn has_image(doc: &Document, page_id: ObjectId) -> bool {
    let Ok((own, inherited)) = doc.get_page_resources(page_id) else {
        return false;
    };
    let dicts = own.into_iter().chain(
        inherited
            .iter()
            .filter_map(|&id| doc.get_dictionary(id).ok()),
    );
    for res in dicts {
        let Some(xobjects) = res.get(b"XObject").ok().and_then(|o| resolve_dict(doc, o)) else {
            continue;
        };
        for (_, obj) in xobjects.iter() {
            let dict = match obj {
                Object::Reference(id) => doc.get_object(*id).ok().and_then(|o| match o {
                    Object::Stream(s) => Some(&s.dict),
                    _ => None,
                }),
                Object::Stream(s) => Some(&s.dict),
                _ => None,
            };
            if dict.is_some_and(|d| {
                d.get(b"Subtype")
                    .and_then(Object::as_name)
                    .is_ok_and(|n| n == b"Image")
            }) {
                return true;
            }
        }
    }
    false
}

fn resolve_dict<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Dictionary> {
    match o {
        Object::Dictionary(d) => Some(d),
        Object::Reference(id) => doc.get_dictionary(*id).ok(),
        _ => None,
    }
}

/// Whether the content sets an invisible render mode at all (`3 Tr` or `7 Tr`): a byte scan
/// before any parsing.
fn mentions_invisible(bytes: &[u8]) -> bool {
    bytes.windows(2).enumerate().any(|(i, w)| {
        if w != b"Tr" {
            return false;
        }
        let before = bytes.get(..i).unwrap_or(&[]);
        let operand: Vec<u8> = before
            .iter()
            .rev()
            .skip_while(|b| b.is_ascii_whitespace())
            .take_while(|b| !b.is_ascii_whitespace())
            .copied()
            .collect();
        operand == b"3" || operand == b"7"
    })
}

/// (strings shown invisibly, strings shown visibly); the render mode is part of the graphics
/// state, saved by `q` and restored by `Q`.
fn count_shows(content: &Content) -> (usize, usize) {
    let mut mode = 0i64;
    let mut saved: Vec<i64> = Vec::new();
    let (mut invisible, mut visible) = (0usize, 0usize);
    for op in &content.operations {
        match op.operator.as_str() {
            "q" => saved.push(mode),
            "Q" => mode = saved.pop().unwrap_or(0),
            "Tr" => {
                mode = match op.operands.first() {
                    Some(Object::Integer(i)) => *i,
                    Some(Object::Real(r)) => *r as i64,
                    _ => mode,
                }
            }
            "Tj" | "TJ" | "'" | "\"" => {
                if mode == 3 || mode == 7 {
                    invisible += 1;
                } else {
                    visible += 1;
                }
            }
            _ => {}
        }
    }
    (invisible, visible)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_mode_is_found_by_its_operand() {
        assert!(mentions_invisible(b"BT 3 Tr /F1 9 Tf (a) Tj ET"));
        assert!(mentions_invisible(b"BT\n7\nTr"));
        assert!(!mentions_invisible(b"BT 0 Tr 13 Tr (a) Tj ET"));
        assert!(!mentions_invisible(b"(3) Tj"));
    }

    #[test]
    fn shows_are_counted_by_mode_with_q_and_q() {
        let content = Content::decode(b"q 3 Tr BT (a) Tj (b) Tj ET Q BT (c) Tj ET").unwrap();
        assert_eq!(count_shows(&content), (2, 1));
    }

    #[test]
    fn the_message_names_the_file_and_pages() {
        let m = message("scan.pdf", &[1, 3]);
        assert!(m.starts_with("scan.pdf: the text of pages 1, 3 is an OCR layer"));
    }
}
