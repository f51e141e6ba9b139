//! Unit tests of the predefined-CMap reader (`cmap_text`, with `fonts` preparing the fonts) on
//! damaged content streams; fixtures in `corpus/pdf/cmap/`.

use std::path::Path;

use super::{cmap_text, fonts};

/// jplan's own CMap reader on damaged content: every byte of every content stream of a few
/// fixtures replaced by a few values, read without any panic guard (a panic fails the test).
#[test]
fn damaged_content_never_panics_the_cmap_reader() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/pdf/cmap");
    for name in [
        "operators",
        "v-heading",
        "h-90ms-RKSJ-H",
        "v-Identity-V",
        "table-row",
    ] {
        let bytes = std::fs::read(dir.join(format!("{name}.pdf"))).unwrap();
        let doc = lopdf::Document::load_mem(&bytes).unwrap();
        // Undamaged, the reader finds the text.
        let mut intact = doc.clone();
        assert!(fonts::prepare(&mut intact).predefined_cmaps, "{name}");
        let glyphs: usize = intact
            .get_pages()
            .values()
            .map(|&page| cmap_text::page_glyphs(&intact, page).len())
            .sum();
        assert!(glyphs >= 5, "{name}: {glyphs} glyphs");
        let mut runs = 0;
        for (id, obj) in &doc.objects {
            let Ok(stream) = obj.as_stream() else {
                continue;
            };
            let content = stream
                .decompressed_content()
                .unwrap_or(stream.content.clone());
            for pos in 0..content.len() {
                for value in [b'<', b'[', b'(', 0xFF, b'0'] {
                    let mut damaged = content.clone();
                    damaged[pos] = value;
                    let mut doc = doc.clone();
                    if let Ok(lopdf::Object::Stream(s)) = doc.get_object_mut(*id) {
                        s.dict.remove(b"Filter");
                        s.set_content(damaged);
                    }
                    fonts::prepare(&mut doc);
                    for (_, page) in doc.get_pages() {
                        let _ = cmap_text::page_glyphs(&doc, page);
                    }
                    runs += 1;
                }
            }
        }
        assert!(runs > 100, "{name}: {runs}");
    }
}
