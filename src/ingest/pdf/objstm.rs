//! Object streams loaded without the elements of the structure tree.
//!
//! A tagged PDF (Word, for one) describes its logical structure with one `/StructElem`
//! dictionary per paragraph, table cell and span, thousands in a document, packed into object
//! streams. lopdf parses every object of every object stream while it loads the document,
//! and nothing in jplan or pdf-extract reads the structure tree: on a tagged Word report this
//! was a sixth of the time. [`filter`] is given to lopdf's loader: before an object stream is
//! parsed, each of its objects that is a dictionary of `/Type /StructElem` is overwritten with
//! `null` (padded with spaces, so that the offsets of the other objects stay), and lopdf
//! parses four bytes instead. A reference to such an element then reads as `null`, as a
//! reference to a missing object does.
//!
//! The test is on the bytes: the object begins with `<<` and holds the name `/StructElem`
//! right after `/Type` (an element's type is its only use of that name). An element without
//! `/Type` (it is optional) is loaded as before.

use lopdf::{Object, ObjectId, Stream};

/// lopdf's object filter (`LoadOptions::filter`). lopdf calls it for each object it reads from
/// the file, where only `None` counts (the object is dropped) and the object is kept as
/// `object` was left, and for each object of an object stream, where the object returned is
/// kept. Objects of object streams are never streams, so a stream gets a placeholder back and
/// anything else a copy.
pub fn filter(id: ObjectId, object: &mut Object) -> Option<(ObjectId, Object)> {
    match object {
        Object::Stream(st) => {
            if st.dict.has_type(b"ObjStm") {
                blank_struct_elems(st);
            }
            Some((id, Object::Null))
        }
        other => Some((id, other.clone())),
    }
}

/// Does the document hold object streams? Only then is [`filter`] worth its copies.
pub fn has_object_streams(bytes: &[u8]) -> bool {
    memchr::memmem::find(bytes, b"/ObjStm").is_some()
}

/// Overwrite the structure elements of object stream `st` with `null`; how many.
pub fn blank_struct_elems(st: &mut Stream) -> usize {
    let Some(first) = st
        .dict
        .get(b"First")
        .and_then(Object::as_i64)
        .ok()
        .and_then(|f| usize::try_from(f).ok())
    else {
        return 0;
    };
    if st.content.is_empty() {
        return 0;
    }
    // Inflated as lopdf would (its `ObjectStream::new` inflates it in place first).
    if st.filters().is_ok_and(|f| !f.is_empty()) {
        let plain = match super::limits::inflate_as_lopdf(st) {
            Some(plain) => plain,
            None => match st.decompressed_content() {
                Ok(plain) => plain,
                Err(_) => return 0,
            },
        };
        st.set_plain_content(plain);
    }
    let data = &mut st.content;
    let Some(index) = data.get(..first).and_then(|b| std::str::from_utf8(b).ok()) else {
        return 0;
    };
    let numbers: Vec<usize> = index
        .split_ascii_whitespace()
        .map_while(|n| n.parse().ok())
        .collect();
    let mut starts: Vec<usize> = numbers
        .chunks_exact(2)
        .filter_map(|p| first.checked_add(p[1]))
        .filter(|&s| s < data.len())
        .collect();
    starts.sort_unstable();
    starts.dedup();
    let mut blanked = 0;
    for (k, &start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(data.len());
        let Some(object) = data.get_mut(start..end) else {
            continue;
        };
        if is_struct_elem(object) {
            object.fill(b' ');
            object[..4].copy_from_slice(b"null");
            blanked += 1;
        }
    }
    blanked
}

/// Is `object` (the bytes from its start to the next object's) a `/Type /StructElem`
/// dictionary, long enough to hold `null`?
fn is_struct_elem(object: &[u8]) -> bool {
    let body = object.trim_ascii_start();
    if !body.starts_with(b"<<") || object.len() < 4 {
        return false;
    }
    let mut from = 0;
    while let Some(k) = memchr::memmem::find(&body[from..], b"/Type") {
        let after = body[from + k + 5..].trim_ascii_start();
        if let Some(rest) = after.strip_prefix(b"/StructElem") {
            if rest
                .first()
                .is_none_or(|&c| c.is_ascii_whitespace() || b"/<>[]()%{}".contains(&c) || c == 0)
            {
                return true;
            }
        }
        from += k + 5;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{dictionary, Document};

    fn objstm(objects: &[(u32, &str)]) -> Stream {
        let mut index = String::new();
        let mut body = String::new();
        for (n, text) in objects {
            index.push_str(&format!("{n} {} ", body.len()));
            body.push_str(text);
            body.push('\n');
        }
        let first = index.len();
        let content = format!("{index}{body}").into_bytes();
        Stream::new(
            dictionary! {"Type" => "ObjStm", "N" => objects.len() as i64, "First" => first as i64},
            content,
        )
    }

    #[test]
    fn structure_elements_become_null_and_the_rest_stays() {
        let mut st = objstm(&[
            (5, "<</Type/StructElem/S/P/P 4 0 R/K[0 1]/Pg 9 0 R>>"),
            (
                6,
                "<< /Type /Font /Subtype /TrueType /BaseFont /StructElem >>",
            ),
            (7, "<</Type /StructElemX /K 1>>"),
            (8, "[/Type /StructElem]"),
            (9, "<< /Type\n/StructElem /S /Span /ActualText (x) >>"),
            (10, "<</Type/Page/Contents 11 0 R>>"),
        ]);
        assert_eq!(blank_struct_elems(&mut st), 2);
        let objects = lopdf::ObjectStream::new(&mut st).expect("reads").objects;
        assert_eq!(objects.get(&(5, 0)), Some(&Object::Null));
        assert_eq!(objects.get(&(9, 0)), Some(&Object::Null));
        for n in [6, 7, 8, 10] {
            assert!(
                !matches!(objects.get(&(n, 0)), None | Some(Object::Null)),
                "object {n}"
            );
        }
        assert_eq!(
            objects
                .get(&(10, 0))
                .and_then(|o| o.as_dict().ok())
                .map(|d| d.has_type(b"Page")),
            Some(true)
        );
    }

    #[test]
    fn compressed_and_malformed_object_streams_do_not_panic() {
        let mut st = objstm(&[(5, "<</Type/StructElem>>"), (6, "<</A 1>>")]);
        st.compress().expect("compresses");
        assert_eq!(blank_struct_elems(&mut st), 1);
        for (first, content) in [
            (3, &b"5 0"[..]),
            (100, b"5 0 <</Type/StructElem>>"),
            (4, b"5 99 <</Type/StructElem>>"),
            (4, b"x y <</Type/StructElem>>"),
            (6, b"5 0 6 0 <</Type/StructElem>>"),
            (4, b"5 0 <<"),
            (0, b""),
        ] {
            let mut st = Stream::new(
                dictionary! {"Type" => "ObjStm", "N" => 1, "First" => first},
                content.to_vec(),
            );
            blank_struct_elems(&mut st);
        }
        let mut broken = Stream::new(
            dictionary! {"Type" => "ObjStm", "N" => 1, "First" => 4, "Filter" => "FlateDecode"},
            b"not deflate".to_vec(),
        );
        assert_eq!(blank_struct_elems(&mut broken), 0);
    }

    /// A document saved with object streams loads through the filter with the same pages and
    /// page objects, and without its structure elements.
    #[test]
    fn a_document_with_object_streams_loads_the_same_through_the_filter() {
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let font = doc.add_object(
            dictionary! {"Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica"},
        );
        let content = doc.add_object(Stream::new(
            dictionary! {},
            b"BT /F1 12 Tf (Hi) Tj ET".to_vec(),
        ));
        let page = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content,
            "Resources" => dictionary! {"Font" => dictionary! {"F1" => font}},
            "MediaBox" => vec![0.into(), 0.into(), 100.into(), 100.into()],
        });
        let root_elem = doc.new_object_id();
        let elem = doc.add_object(dictionary! {"Type" => "StructElem", "S" => "P", "P" => root_elem, "Pg" => page, "K" => 0});
        doc.objects.insert(
            root_elem,
            Object::Dictionary(dictionary! {"Type" => "StructTreeRoot", "K" => elem}),
        );
        doc.objects.insert(
            pages_id,
            Object::Dictionary(
                dictionary! {"Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1},
            ),
        );
        let catalog = doc.add_object(
            dictionary! {"Type" => "Catalog", "Pages" => pages_id, "StructTreeRoot" => root_elem},
        );
        doc.trailer.set("Root", catalog);
        let mut bytes = Vec::new();
        doc.save_modern(&mut bytes).expect("saves");
        assert!(has_object_streams(&bytes));
        let plain = Document::load_mem(&bytes).expect("loads");
        let filtered = Document::load_mem_with_options(
            &bytes,
            lopdf::LoadOptions {
                filter: Some(filter),
                ..Default::default()
            },
        )
        .expect("loads");
        assert_eq!(plain.get_pages(), filtered.get_pages());
        assert_eq!(filtered.get_object(elem).ok(), Some(&Object::Null));
        assert!(matches!(plain.get_object(elem), Ok(Object::Dictionary(_))));
        for (id, obj) in &plain.objects {
            if *id == elem {
                continue;
            }
            let other = filtered.objects.get(id);
            match (obj, other) {
                // The object stream itself is stored inflated, its element blanked.
                (Object::Stream(a), _) if a.dict.has_type(b"ObjStm") => {}
                (Object::Stream(a), Some(Object::Stream(b))) => {
                    assert_eq!(
                        a.get_plain_content().ok(),
                        b.get_plain_content().ok(),
                        "{id:?}"
                    )
                }
                _ => assert_eq!(Some(obj), other, "{id:?}"),
            }
        }
    }
}
