//! Normalize: one clean text that still points back to the raw extracted text.
//!
//! Character fixes (width, radicals, dashes, wave dashes) come from `rules/chars.toml`;
//! layout fixes undo what PDF extraction did (spaces between Japanese characters, sentences
//! hard-wrapped over several lines, vertical headings one character per line, TOC leader
//! dots). Every normalized line keeps the span of raw lines it came from, and every character
//! of its text maps back to a page, a raw line and a byte range of that line
//! ([`NormLine::raw_pos`]). Normalizing normalized text changes nothing: exactly so for
//! [`normalize_str`] and every normalized line; for a whole document, joins depend on its
//! line-width statistics (docs/normalization.md says where that holds).
//!
//! The rules, with examples, are listed in `rules/chars.toml` and in docs/normalization.md
//! (`## Normalization`).

mod chars;
pub(crate) mod kanji;
mod layout;

use crate::ingest::Extracted;
use crate::model::Span;

pub(crate) use crate::rules::CharRules;
use crate::rules::NumberingRules;

/// The rules normalization reads: the character sets, and the numbering labels (a line that
/// starts with a label is never joined to the line before it).
pub(crate) struct Ctx<'a> {
    pub chars: &'a CharRules,
    pub numbering: &'a NumberingRules,
}
pub(crate) use crate::rules::chars::{set, CharSets};

/// Where one character of normalized text came from: a raw line of the page (1-based, as in
/// [`Span`]) and the byte range `start..end` in that raw line's text. Characters inserted by
/// normalization (a tab before a TOC page number, a space joining two English words) map to
/// the raw text they stand for or to an empty range where they were inserted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin {
    /// The raw line of the page, 1-based.
    pub line: u32,
    /// Byte offset in the raw line where the source text starts.
    pub start: u32,
    /// Byte offset in the raw line where the source text ends.
    pub end: u32,
}

/// A position in the raw extracted text: page, line (1-based) and byte range in that line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawPos {
    /// The page, 1-based.
    pub page: u32,
    /// The raw line of the page, 1-based.
    pub line: u32,
    /// Byte offset in the raw line where the text starts.
    pub byte_start: usize,
    /// Byte offset in the raw line where the text ends.
    pub byte_end: usize,
}

/// The offset map of one line: runs of characters that map to the raw text.
///
/// Most characters come out of normalization as they went in (or as another character of the
/// same UTF-8 length: `⽇` → `日`), so a run of them maps to consecutive raw bytes and costs one
/// entry; a character NFKC changed (`（` → `(`), an expansion (`㍻` → `平成`) or an inserted tab
/// starts a run of its own.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OffsetMap {
    runs: Vec<Run>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    /// Index of the run's first character in the line's text, and its byte offset there.
    at: u32,
    text_byte: u32,
    /// The raw line and byte range (the whole run's, for an identity run).
    line: u32,
    start: u32,
    end: u32,
    /// Each character maps to raw bytes of its own UTF-8 length, one after the other;
    /// otherwise every character of the run maps to the whole range.
    identity: bool,
}

impl OffsetMap {
    /// Record that the character `c`, the `at`-th of the text starting at byte `text_byte`,
    /// came from `o`.
    #[inline]
    pub(crate) fn push(&mut self, at: usize, text_byte: usize, c: char, o: Origin) {
        let same_len = (o.end.wrapping_sub(o.start)) as usize == c.len_utf8();
        if let Some(r) = self.runs.last_mut() {
            if r.identity && same_len && r.line == o.line && r.end == o.start {
                r.end = o.end;
                return;
            }
            if !r.identity && r.line == o.line && r.start == o.start && r.end == o.end {
                return; // one raw character, several normalized ones (㍻ → 平成)
            }
        }
        self.runs.push(Run {
            at: at as u32,
            text_byte: text_byte as u32,
            line: o.line,
            start: o.start,
            end: o.end,
            identity: same_len,
        });
    }

    /// The origin of character `k` of `text` (the text the map was built for).
    fn get(&self, text: &str, k: usize) -> Option<Origin> {
        let i = self
            .runs
            .partition_point(|r| (r.at as usize) <= k)
            .checked_sub(1)?;
        let r = self.runs.get(i)?;
        let next_at = self.runs.get(i + 1).map(|n| n.at as usize);
        if next_at.is_some_and(|n| k >= n) {
            return None;
        }
        let mut chars = text.get(r.text_byte as usize..)?.chars();
        let skip = k - r.at as usize;
        if r.identity {
            let mut off = 0u32;
            for _ in 0..skip {
                off += chars.next()?.len_utf8() as u32;
            }
            let c = chars.next()?;
            Some(Origin {
                line: r.line,
                start: r.start + off,
                end: r.start + off + c.len_utf8() as u32,
            })
        } else {
            chars.nth(skip)?;
            Some(Origin {
                line: r.line,
                start: r.start,
                end: r.end,
            })
        }
    }

    /// The origin of the character starting at byte `byte` of `text` (the text the map was
    /// built for), found in logarithmic time whatever the length of the line.
    fn get_at_byte(&self, text: &str, byte: usize) -> Option<Origin> {
        let c = text.get(byte..)?.chars().next()?;
        let i = self
            .runs
            .partition_point(|r| (r.text_byte as usize) <= byte)
            .checked_sub(1)?;
        let r = self.runs.get(i)?;
        if r.identity {
            let start = r.start + (byte - r.text_byte as usize) as u32;
            Some(Origin {
                line: r.line,
                start,
                end: start + c.len_utf8() as u32,
            })
        } else {
            Some(Origin {
                line: r.line,
                start: r.start,
                end: r.end,
            })
        }
    }

    /// The origin of every character of `text`, in order (linear time).
    fn iter<'a>(&'a self, text: &'a str) -> impl Iterator<Item = Origin> + 'a {
        let mut run = 0usize;
        let mut off = 0u32;
        text.chars().enumerate().filter_map(move |(k, c)| {
            while self.runs.get(run + 1).is_some_and(|n| n.at as usize <= k) {
                run += 1;
                off = 0;
            }
            let r = self.runs.get(run)?;
            if (r.at as usize) > k {
                return None;
            }
            if r.identity {
                let start = r.start + off;
                off += c.len_utf8() as u32;
                Some(Origin {
                    line: r.line,
                    start,
                    end: start + c.len_utf8() as u32,
                })
            } else {
                Some(Origin {
                    line: r.line,
                    start: r.start,
                    end: r.end,
                })
            }
        })
    }

    /// Number of runs (a measure of how much normalization changed the line).
    pub fn runs(&self) -> usize {
        self.runs.len()
    }
}

/// One logical line of normalized text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NormLine {
    /// Normalized text; table columns separated by `\t`. Empty for a blank line.
    pub text: String,
    /// The raw lines this line came from (several when a wrapped sentence was joined).
    pub span: Span,
    /// Page furniture (page numbers, running headers): not body text.
    pub furniture: bool,
    /// A table-of-contents entry whose leader dots were removed: `text` is `title\tPAGE`
    /// (or only `title` when the entry had no page number).
    pub toc_leader: bool,
    /// Where each character of `text` came from; read it with [`NormLine::raw_pos`]
    /// (empty for lines built by hand).
    pub map: OffsetMap,
}

impl NormLine {
    /// A line without an offset map (tests, synthetic lines).
    pub fn new(text: impl Into<String>, span: Span, furniture: bool) -> NormLine {
        NormLine {
            text: text.into(),
            span,
            furniture,
            toc_leader: false,
            map: OffsetMap::default(),
        }
    }

    /// Where the character at `char_index` of `text` came from: the page, the raw line and
    /// the byte range in that raw line's text. `None` past the end of the text.
    pub fn raw_pos(&self, char_index: usize) -> Option<RawPos> {
        let o = self.map.get(&self.text, char_index)?;
        Some(RawPos {
            page: self.span.page,
            line: o.line,
            byte_start: o.start as usize,
            byte_end: o.end as usize,
        })
    }

    /// Where every character of `text` came from, in order, in linear time (one item per
    /// character when the line has a map; none for lines built by hand).
    pub fn raw_positions(&self) -> impl Iterator<Item = RawPos> + '_ {
        let page = self.span.page;
        self.map.iter(&self.text).map(move |o| RawPos {
            page,
            line: o.line,
            byte_start: o.start as usize,
            byte_end: o.end as usize,
        })
    }

    /// Where the character starting at byte `byte` of `text` came from (for stages that
    /// work with byte offsets, such as the date scanner).
    pub fn raw_pos_at_byte(&self, byte: usize) -> Option<RawPos> {
        let o = self.map.get_at_byte(&self.text, byte)?;
        Some(RawPos {
            page: self.span.page,
            line: o.line,
            byte_start: o.start as usize,
            byte_end: o.end as usize,
        })
    }
}

/// The normalized document: logical lines in reading order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NormDoc {
    /// The normalized lines, in reading order.
    pub lines: Vec<NormLine>,
    /// The raw extracted text the lines came from: `raw[page - 1][line - 1]`, so that a field
    /// can give the text as the source writes it ([`NormDoc::raw_text`]).
    pub raw: Vec<Vec<String>>,
}

impl NormDoc {
    /// The source text behind bytes `range` of `line`'s normalized text: the raw characters
    /// those normalized characters came from, as written (`（１）` for `(1)`, `令和 7 年度` for
    /// `令和7年度`). Pieces from several raw lines are joined without a separator. `None` when
    /// the line has no offset map or the range does not fall on character boundaries.
    pub fn raw_text(&self, line: &NormLine, range: std::ops::Range<usize>) -> Option<String> {
        let body = line.text.get(range.clone())?;
        if body.is_empty() {
            return None;
        }
        let page = self.raw.get(line.span.page.checked_sub(1)? as usize)?;
        // (raw line, first byte, end byte) runs in order.
        let mut runs: Vec<(u32, usize, usize)> = Vec::new();
        for (b, _) in body.char_indices() {
            let p = line.raw_pos_at_byte(range.start + b)?;
            match runs.last_mut() {
                Some(r) if r.0 == p.line && p.byte_start <= r.2 + 8 => {
                    r.1 = r.1.min(p.byte_start);
                    r.2 = r.2.max(p.byte_end);
                }
                _ => runs.push((p.line, p.byte_start, p.byte_end)),
            }
        }
        let mut out = String::new();
        for (l, s, e) in runs {
            let text = page.get(l.checked_sub(1)? as usize)?;
            out.push_str(text.get(s..e)?);
        }
        let out = out.trim().to_string();
        (!out.is_empty()).then_some(out)
    }

    /// The text as `jplan normalize` prints it: one line per logical line, a form feed before
    /// the first line of each new page (like `jplan extract`).
    pub fn to_text(&self) -> String {
        let mut out = String::with_capacity(self.lines.iter().map(|l| l.text.len() + 1).sum());
        let mut page = self.lines.first().map(|l| l.span.page);
        for l in &self.lines {
            if Some(l.span.page) != page {
                out.push('\u{c}');
                page = Some(l.span.page);
            }
            out.push_str(&l.text);
            out.push('\n');
        }
        out
    }
}

/// Normalize the characters of one string, line by line (no layout work: nothing is joined).
/// Each line is trimmed of spaces; tabs are kept.
pub fn normalize_str(s: &str, chars: &CharRules, numbering: &NumberingRules) -> String {
    let rules = &Ctx { chars, numbering };
    let mut out = String::with_capacity(s.len());
    let mut items = Vec::new();
    let mut seg = String::new();
    let mut scratch = String::new();
    let mut kept = Vec::new();
    for (n, line) in s.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        items.clear();
        chars::char_pass(line, 1, rules.chars, &mut items, &mut seg);
        // Only the text is returned: no offset map is built.
        let raw = |n: u32| (n == 1).then_some(line);
        chars::finish(&items, rules, &mut scratch, &mut kept, &mut out, None, &raw);
    }
    out
}

/// Normalize an extracted document into logical lines.
pub fn normalize_doc(ex: &Extracted, chars: &CharRules, numbering: &NumberingRules) -> NormDoc {
    let rules = &Ctx { chars, numbering };
    layout::normalize_doc(ex, rules)
}

/// The text of [`normalize_doc`] as [`NormDoc::to_text`] writes it, without building the
/// lines' spans and offset maps (what `jplan normalize` prints).
pub fn normalize_doc_text(ex: &Extracted, chars: &CharRules, numbering: &NumberingRules) -> String {
    let rules = &Ctx { chars, numbering };
    layout::normalize_text(ex, rules)
}
