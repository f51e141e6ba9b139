//! Where the text of form XObjects stands on the page.
//!
//! pdf-extract 0.12.1 runs a form's content (`/Name Do`) as if it were a page of its own: the
//! transformation in effect at the `Do` (`cm`) and the form's `/Matrix` are both forgotten, so
//! every glyph of a form comes out in the form's own coordinates. Word and Excel paste each
//! chart as a form scaled by 0.1 and placed with `cm`; its labels then land anywhere (in body
//! paragraphs, in table headers, off the page).
//!
//! The fix has two halves. [`mark`] wraps the content of every form that shows text between
//! two marker strokes (`q 0 0 m -31415 27182 l S Q` at the start, `… -27182 l S Q` at the
//! end), which pdf-extract hands to the output device like any stroke. [`placements`] walks a
//! page's content as pdf-extract does (`q`/`Q`, `cm`, `Do` with the form's own resources or the
//! caller's) and lists, in order, the matrix each marked form is drawn with (its `/Matrix`
//! times the transformation at its `Do`). The glyph collector pairs the n-th start marker with
//! the n-th matrix and places the glyphs and rules drawn until the matching end marker with it.
//! jplan's own reader of predefined-CMap fonts places form text correctly already and skips
//! the markers like any path.

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::content::{Kind, Lexer};
use super::shown::{deref_get, inherited_resources};

/// A PDF matrix `[a b c d e f]` (a point `(x, y)` maps to `(a x + c y + e, b x + d y + f)`).
pub type Matrix = [f64; 6];

pub const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// The end point of the marker stroke that opens a marked form's content.
pub const START: (f64, f64) = (-31415.0, 27182.0);
/// The end point of the marker stroke that closes it.
pub const END: (f64, f64) = (-31415.0, -27182.0);

/// Key set on a marked form's dictionary.
const MARK_KEY: &[u8] = b"JplanPlaced";
/// Form XObjects nested deeper than this are not walked (pdf-extract recurses without limit,
/// but the limits of [`super::limits`] bound what a page can hold).
const MAX_DEPTH: usize = 32;
/// Placements listed per page at most.
const MAX_PLACEMENTS: usize = 100_000;

/// `m` then `n`: the matrix of applying `m` first.
pub fn concat(m: &Matrix, n: &Matrix) -> Matrix {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

/// A point through `m`.
pub fn apply(m: &Matrix, x: f64, y: f64) -> (f64, f64) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

/// A vector through `m` (no translation).
pub fn apply_vector(m: &Matrix, x: f64, y: f64) -> (f64, f64) {
    (m[0] * x + m[2] * y, m[1] * x + m[3] * y)
}

/// Wrap the content of every form XObject that shows text (or draws other forms) between the
/// two marker strokes. Returns how many forms were marked.
pub fn mark(doc: &mut Document) -> usize {
    let ids: Vec<ObjectId> = doc
        .objects
        .iter()
        .filter_map(|(id, o)| match o {
            Object::Stream(s) if is_form(&s.dict) && s.dict.get(MARK_KEY).is_err() => Some(*id),
            _ => None,
        })
        .collect();
    let mut marked = 0;
    for id in ids {
        let Some(Object::Stream(stream)) = doc.objects.get(&id) else {
            continue;
        };
        let Ok(plain) = stream.get_plain_content() else {
            continue;
        };
        if !shows_text(&plain) {
            continue;
        }
        let mut content = Vec::with_capacity(plain.len() + 64);
        content.extend_from_slice(b"q 0 0 m -31415 27182 l S Q\n");
        content.extend_from_slice(&plain);
        content.extend_from_slice(b"\nq 0 0 m -31415 -27182 l S Q\n");
        if let Some(Object::Stream(stream)) = doc.objects.get_mut(&id) {
            stream.set_plain_content(content);
            stream.dict.set(MARK_KEY, true);
            marked += 1;
        }
    }
    marked
}

fn is_form(d: &Dictionary) -> bool {
    d.get(b"Subtype")
        .and_then(Object::as_name)
        .is_ok_and(|n| n == b"Form")
}

/// Whether content may show text: a `Tj`, `TJ`, `'`, `"` or `Do` operator somewhere (a cheap
/// byte test; a false positive only costs a marker).
fn shows_text(c: &[u8]) -> bool {
    c.windows(2).any(|w| w == b"Tj" || w == b"TJ" || w == b"Do")
        || memchr::memchr2(b'\'', b'"', c).is_some()
}

/// The matrices the marked forms of page `page_id` are drawn with, in the order pdf-extract
/// draws them. Empty when the page draws no marked form.
pub fn placements(doc: &Document, page_id: ObjectId) -> Vec<Matrix> {
    let Ok(page) = doc.get_dictionary(page_id) else {
        return Vec::new();
    };
    let Some(resources) = inherited_resources(doc, page) else {
        return Vec::new();
    };
    if !has_marked_form(doc, resources) {
        return Vec::new();
    }
    let Ok(content) = doc.get_page_content(page_id) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    walk(doc, &content, resources, &IDENTITY, 0, &mut out);
    out
}

/// Whether the resources name a form (marked, or one that may hold marked forms).
fn has_marked_form(doc: &Document, resources: &Dictionary) -> bool {
    let Some(xobjects) = deref_get(doc, resources, b"XObject").and_then(|o| o.as_dict().ok())
    else {
        return false;
    };
    xobjects.iter().any(|(name, _)| {
        deref_get(doc, xobjects, name)
            .and_then(|o| o.as_stream().ok())
            .is_some_and(|s| s.dict.get(MARK_KEY).is_ok())
    })
}

/// A token of content, as far as the walk needs it.
enum Token<'c> {
    Number(f64),
    Name(&'c [u8]),
    /// Any other operand (string, array, dictionary, boolean…).
    Other,
    Operator(&'c [u8]),
}

/// Walk content: `ctm` is the transformation at its start.
fn walk(
    doc: &Document,
    content: &[u8],
    resources: &Dictionary,
    start: &Matrix,
    depth: usize,
    out: &mut Vec<Matrix>,
) {
    let mut ctm = *start;
    let mut saved: Vec<Matrix> = Vec::new();
    let mut operands: Vec<Token> = Vec::new();
    let mut lexer = Lexer::tolerant(content);
    while let Ok(Some(t)) = lexer.next_token() {
        let bytes = content.get(t.start..t.end).unwrap_or(&[]);
        let token = match t.kind {
            Kind::Operator => Token::Operator(bytes),
            Kind::InlineImage => {
                operands.clear();
                continue;
            }
            Kind::Number(_) => Token::Number(
                std::str::from_utf8(bytes)
                    .ok()
                    .and_then(|s| s.parse::<f64>().ok())
                    .unwrap_or(0.0),
            ),
            Kind::Name => Token::Name(bytes.get(1..).unwrap_or(&[])),
            _ => Token::Other,
        };
        let Token::Operator(op) = token else {
            if operands.len() < 64 {
                operands.push(token);
            }
            continue;
        };
        match op {
            b"q" => saved.push(ctm),
            b"Q" => {
                if let Some(m) = saved.pop() {
                    ctm = m;
                }
            }
            b"cm" => {
                let nums: Vec<f64> = operands
                    .iter()
                    .filter_map(|t| match t {
                        Token::Number(n) => Some(*n),
                        _ => None,
                    })
                    .collect();
                if let [a, b, c, d, e, f] = nums[..] {
                    ctm = concat(&[a, b, c, d, e, f], &ctm);
                }
            }
            b"Do" => {
                if let Some(Token::Name(name)) = operands.last() {
                    form(doc, resources, name, &ctm, depth, out);
                }
            }
            _ => {}
        }
        if out.len() >= MAX_PLACEMENTS {
            return;
        }
        operands.clear();
    }
}

/// A `Do` of `name`: a marked form is a placement, and its content is walked for the forms it
/// draws.
fn form(
    doc: &Document,
    resources: &Dictionary,
    name: &[u8],
    ctm: &Matrix,
    depth: usize,
    out: &mut Vec<Matrix>,
) {
    let Some(xobjects) = deref_get(doc, resources, b"XObject").and_then(|o| o.as_dict().ok())
    else {
        return;
    };
    let Some(stream) = deref_get(doc, xobjects, name).and_then(|o| o.as_stream().ok()) else {
        return;
    };
    if !is_form(&stream.dict) || stream.dict.get(MARK_KEY).is_err() {
        return;
    }
    let matrix = stream
        .dict
        .get(b"Matrix")
        .and_then(Object::as_array)
        .ok()
        .and_then(|a| {
            let v: Vec<f64> = a.iter().filter_map(number).collect();
            match v[..] {
                [a, b, c, d, e, f] => Some([a, b, c, d, e, f]),
                _ => None,
            }
        })
        .unwrap_or(IDENTITY);
    let placed = concat(&matrix, ctm);
    out.push(placed);
    if depth >= MAX_DEPTH {
        return;
    }
    let inner = deref_get(doc, &stream.dict, b"Resources")
        .and_then(|o| o.as_dict().ok())
        .unwrap_or(resources);
    if let Ok(content) = stream.get_plain_content() {
        walk(doc, &content, inner, &placed, depth + 1, out);
    }
}

fn number(o: &Object) -> Option<f64> {
    match o {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(f64::from(*r)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrices_concatenate_in_pdf_order() {
        // Scale by 2, then move by (10, 20).
        let m = concat(
            &[2.0, 0.0, 0.0, 2.0, 0.0, 0.0],
            &[1.0, 0.0, 0.0, 1.0, 10.0, 20.0],
        );
        assert_eq!(apply(&m, 1.0, 1.0), (12.0, 22.0));
        assert_eq!(apply_vector(&m, 1.0, 0.0), (2.0, 0.0));
    }

    #[test]
    fn forms_are_placed_past_strings_arrays_and_inline_images() {
        let mut doc = Document::with_version("1.5");
        let mut dict = Dictionary::new();
        dict.set("Type", Object::Name(b"XObject".to_vec()));
        dict.set("Subtype", Object::Name(b"Form".to_vec()));
        dict.set(MARK_KEY.to_vec(), Object::Boolean(true));
        let form_id = doc.add_object(lopdf::Stream::new(dict, b"BT (x) Tj ET".to_vec()));
        let mut xobjects = Dictionary::new();
        xobjects.set("F", Object::Reference(form_id));
        let mut resources = Dictionary::new();
        resources.set("XObject", Object::Dictionary(xobjects));
        let c = b"q (a cm\\) Do) Tj [(x) 1 (Do)] TJ BI /W 1 ID \x00Q\x01 EI 2 0 0 2 5 5 cm /F Do Q";
        let mut out = Vec::new();
        walk(&doc, c, &resources, &IDENTITY, 0, &mut out);
        assert_eq!(out, vec![[2.0, 0.0, 0.0, 2.0, 5.0, 5.0]]);
    }
}
