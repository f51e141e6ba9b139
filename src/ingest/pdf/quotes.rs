//! The text operators `'` and `"`, written out as the operators pdf-extract knows.
//!
//! `'` (move to the next line and show a string) and `"` (set word and character spacing,
//! then `'`) are ordinary text-showing operators (ISO 32000 §9.4.3), used for example by
//! Ghostscript for the second and later lines of a text block. pdf-extract 0.12.1 has no arm
//! for them: their strings were silently dropped. Before pdf-extract runs, every content
//! stream of a page or form XObject that uses them is rewritten with their definition:
//!
//! - `string '` becomes `T* string Tj`;
//! - `aw ac string "` becomes `aw Tw ac Tc T* string Tj`.
//!
//! Streams without the bytes `'` or `"` are not read further. The rewrite works on the bytes:
//! the tolerant lexer of [`super::content`] (which skips comments and reads on past bytes
//! lopdf would stop at) finds the operators and their operands, and everything else is copied
//! as it was, so a stream pdf-extract could parse before still parses the same way.

use std::collections::BTreeSet;

use lopdf::{Document, Object, ObjectId};

use super::content::{Kind, Lexer};

/// Rewrite `'` and `"` in every content stream of `doc`; returns how many streams changed.
pub fn rewrite(doc: &mut Document) -> usize {
    let mut ids: BTreeSet<ObjectId> = BTreeSet::new();
    for (_, page_id) in doc.get_pages() {
        ids.extend(doc.get_page_contents(page_id));
    }
    for (id, obj) in &doc.objects {
        if let Object::Stream(s) = obj {
            let form = s
                .dict
                .get(b"Subtype")
                .and_then(Object::as_name)
                .is_ok_and(|n| n == b"Form");
            if form {
                ids.insert(*id);
            }
        }
    }
    let mut changed = 0;
    for id in ids {
        let Some(Object::Stream(stream)) = doc.objects.get(&id) else {
            continue;
        };
        let plain = match stream.get_plain_content() {
            Ok(p) => p,
            Err(_) => continue,
        };
        if memchr::memchr2(b'\'', b'"', &plain).is_none() {
            continue;
        }
        let Some(new) = rewrite_content(&plain) else {
            continue;
        };
        if let Some(Object::Stream(stream)) = doc.objects.get_mut(&id) {
            stream.set_plain_content(new);
            changed += 1;
        }
    }
    changed
}

/// The rewritten content, or `None` when it has no `'`/`"` operator.
///
/// Only the bytes of those operators and their operands change; everything else (strings,
/// inline images, comments) is copied as it was.
pub fn rewrite_content(c: &[u8]) -> Option<Vec<u8>> {
    let mut out: Vec<u8> = Vec::new();
    // Copied up to here.
    let mut copied = 0usize;
    // Operand spans since the last operator.
    let mut operands: Vec<(usize, usize)> = Vec::new();
    let mut changed = false;
    let mut lexer = Lexer::tolerant(c);
    while let Ok(Some(t)) = lexer.next_token() {
        match t.kind {
            Kind::Operator => {}
            // Bytes lopdf could not read are no operand.
            Kind::Stray => continue,
            Kind::InlineImage => {
                operands.clear();
                continue;
            }
            _ => {
                operands.push((t.start, t.end));
                continue;
            }
        }
        let (i, end) = (t.start, t.end);
        let token = c.get(i..end).unwrap_or(&[]);
        let span = |k: usize| operands.get(k).and_then(|&(a, z)| c.get(a..z));
        let n = operands.len();
        match token {
            b"'" if n >= 1 => {
                let (a, _) = operands.get(n - 1).copied().unwrap_or((i, i));
                out.extend_from_slice(c.get(copied..a).unwrap_or(&[]));
                out.extend_from_slice(b"T* ");
                out.extend_from_slice(span(n - 1).unwrap_or(&[]));
                out.extend_from_slice(b" Tj");
                copied = end;
                changed = true;
            }
            b"\"" if n >= 3 => {
                let (a, _) = operands.get(n - 3).copied().unwrap_or((i, i));
                out.extend_from_slice(c.get(copied..a).unwrap_or(&[]));
                out.extend_from_slice(span(n - 3).unwrap_or(&[]));
                out.extend_from_slice(b" Tw ");
                out.extend_from_slice(span(n - 2).unwrap_or(&[]));
                out.extend_from_slice(b" Tc T* ");
                out.extend_from_slice(span(n - 1).unwrap_or(&[]));
                out.extend_from_slice(b" Tj");
                copied = end;
                changed = true;
            }
            _ => {}
        }
        operands.clear();
    }
    if !changed {
        return None;
    }
    out.extend_from_slice(c.get(copied..).unwrap_or(&[]));
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::content::Content;

    fn ops(bytes: &[u8]) -> Vec<String> {
        Content::decode(bytes)
            .map(|c| c.operations.into_iter().map(|o| o.operator).collect())
            .unwrap_or_default()
    }

    #[test]
    fn quote_operators_become_next_line_and_show() {
        let src: &[u8] = b"BT /F1 10 Tf 12 TL (a) Tj (b)' 1 2 (c) \" [(d)] TJ ET";
        let out = rewrite_content(src).unwrap_or_default();
        assert_eq!(
            ops(&out),
            ["BT", "Tf", "TL", "Tj", "T*", "Tj", "Tw", "Tc", "T*", "Tj", "TJ", "ET"]
        );
        assert_eq!(
            String::from_utf8_lossy(&out),
            "BT /F1 10 Tf 12 TL (a) Tj T* (b) Tj 1 Tw 2 Tc T* (c) Tj [(d)] TJ ET"
        );
    }

    #[test]
    fn quotes_inside_strings_images_and_comments_stay() {
        assert_eq!(rewrite_content(b"BT (it's \\) ') Tj <27> Tj ET"), None);
        assert_eq!(rewrite_content(b"% it's\nBT (x) Tj ET"), None);
        assert_eq!(
            rewrite_content(b"BI /W 1 /H 1 ID \x27\x22' EI BT (x) Tj ET"),
            None
        );
        // A `'` without a string operand is left alone; so is garbage.
        assert_eq!(rewrite_content(b"BT ' (x) Tj ET"), None);
        assert_eq!(rewrite_content(b")))]]>>'\""), None);
    }
}
