//! Pages handed to pdf-extract a window at a time, so that finding a page costs little.
//!
//! pdf-extract's `output_doc_page(doc, dev, n)` lists all the document's pages (lopdf's
//! `get_pages`, a walk of the whole page tree) to find page `n`: reading every page of a
//! document costs time in the square of its pages (a tenth of the time on 250 pages, more on
//! a budget book of 600). While a window of pages is read, the catalog's `/Pages` points to a
//! page-tree node of jplan's whose kids are just those pages, and page `n` of the window is
//! asked for by its place in it. The pages keep their own `/Parent`, through which
//! pdf-extract finds what they inherit (resources, media box), so nothing else changes; the
//! catalog gets its own `/Pages` back when the document has been read.

use lopdf::{dictionary, Document, Object, ObjectId};

/// Pages per window: a walk of this many kids is nothing beside a page's content.
pub const SIZE: usize = 64;

/// The catalog's own page tree, while windows stand in for it.
pub struct Windows {
    /// The catalog's `/Pages`, to put back.
    own: Object,
    /// jplan's page-tree node.
    node: ObjectId,
}

impl Windows {
    /// Adds jplan's page-tree node to `doc`; `None` when the catalog cannot be changed (then
    /// pages are asked for by their numbers in the document).
    pub fn open(doc: &mut Document) -> Option<Windows> {
        let own = doc.catalog().ok()?.get(b"Pages").ok()?.clone();
        own.as_reference().ok()?;
        let node = doc.add_object(dictionary! {
            "Type" => "Pages",
            "Kids" => Vec::<Object>::new(),
            "Count" => 0,
        });
        Some(Windows { own, node })
    }

    /// Makes `pages` the document's pages, in this order: page `i + 1` of the document is
    /// `pages[i]` until the next call. `false` (and the catalog's own tree back) when lopdf
    /// does not list them so.
    pub fn show(&self, doc: &mut Document, pages: &[ObjectId]) -> bool {
        let kids: Vec<Object> = pages.iter().map(|&id| Object::Reference(id)).collect();
        let Ok(node) = doc.get_dictionary_mut(self.node) else {
            return false;
        };
        node.set("Kids", kids);
        node.set("Count", pages.len() as i64);
        let Ok(catalog) = doc.catalog_mut() else {
            return false;
        };
        catalog.set("Pages", Object::Reference(self.node));
        let listed = doc.page_iter().eq(pages.iter().copied());
        if !listed {
            self.restore(doc);
        }
        listed
    }

    /// Gives the catalog its own `/Pages` back.
    pub fn close(self, doc: &mut Document) {
        self.restore(doc);
        doc.objects.remove(&self.node);
    }

    fn restore(&self, doc: &mut Document) {
        if let Ok(catalog) = doc.catalog_mut() {
            catalog.set("Pages", self.own.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document of `n` pages in a two-level tree whose inner nodes hold the media box.
    fn document(n: usize) -> (Document, Vec<ObjectId>) {
        let mut doc = Document::with_version("1.5");
        let root = doc.new_object_id();
        let mut inner_ids = Vec::new();
        let mut pages = Vec::new();
        for chunk in 0..n.div_ceil(10) {
            let inner = doc.new_object_id();
            let mut kids = Vec::new();
            for _ in (chunk * 10)..((chunk + 1) * 10).min(n) {
                let page = doc.add_object(dictionary! { "Type" => "Page", "Parent" => inner });
                kids.push(Object::Reference(page));
                pages.push(page);
            }
            let count = kids.len() as i64;
            doc.objects.insert(
                inner,
                Object::Dictionary(dictionary! {
                    "Type" => "Pages", "Parent" => root, "Kids" => kids, "Count" => count,
                    "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
                }),
            );
            inner_ids.push(Object::Reference(inner));
        }
        doc.objects.insert(
            root,
            Object::Dictionary(dictionary! {
                "Type" => "Pages", "Kids" => inner_ids, "Count" => n as i64,
            }),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => root });
        doc.trailer.set("Root", catalog);
        (doc, pages)
    }

    #[test]
    fn a_window_lists_its_pages_and_the_tree_comes_back() {
        let (mut doc, pages) = document(25);
        let before = doc.get_pages();
        let windows = Windows::open(&mut doc).expect("a catalog with /Pages");
        assert!(windows.show(&mut doc, &pages[12..20]));
        let listed = doc.get_pages();
        assert_eq!(listed.len(), 8);
        assert_eq!(listed.get(&1), Some(&pages[12]));
        assert_eq!(listed.get(&8), Some(&pages[19]));
        // What a page inherits is found through its own parent.
        let page = doc.get_dictionary(pages[15]).expect("page");
        let parent = page
            .get(b"Parent")
            .and_then(Object::as_reference)
            .expect("parent");
        assert!(doc.get_dictionary(parent).expect("inner").has(b"MediaBox"));
        windows.close(&mut doc);
        assert_eq!(doc.get_pages(), before);
    }

    #[test]
    fn a_window_with_a_page_lopdf_does_not_list_gives_the_tree_back() {
        let (mut doc, pages) = document(5);
        let before = doc.get_pages();
        // Not a page: lopdf's walk skips it, so the window would not list what it was given.
        let stranger = doc.add_object(dictionary! { "Type" => "Annot" });
        let windows = Windows::open(&mut doc).expect("a catalog with /Pages");
        assert!(!windows.show(&mut doc, &[pages[0], stranger]));
        assert_eq!(doc.get_pages(), before);
        windows.close(&mut doc);
        assert_eq!(doc.get_pages(), before);
    }
}
