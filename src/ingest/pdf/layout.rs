//! Page layout: from positioned glyphs to lines of text with table columns as tabs.
//!
//! pdf-extract reports every glyph with its text-rendering matrix; [`Collector`] keeps origin,
//! advance and size. [`lay_out`] then works in a reading frame in which the page's dominant text
//! direction runs left to right (so rotated pages read like upright ones):
//! glyphs on one baseline form a line; a gap wider than [`TAB_GAP`] em between two glyphs is a
//! column gap (a tab); single upright glyphs stacked one under the other are a vertical run
//! (縦書き見出し) and become one line; a page whose lines share a wide empty gutter with long text
//! on both sides is read as two columns, left column first. Left-to-right lines on a page that
//! runs another way (a title over an OCR layer's columns) are laid out in their own frame; a
//! small label drawn over a bigger line is a line of its own; in a ruled table, the lines of a
//! cell join into one row unless they are far apart or each holds a figure in the same cell.
//! Glyphs of form XObjects arrive placed by [`super::forms`], and [`drop_off_page`] leaves out
//! what lies outside the media box.

use pdf_extract::{ColorSpace, MediaBox, OutputDev, OutputError, Path, PathOp, Transform};

use super::fasthash::Seeded;
use super::forms::{self, Matrix};
use super::once::Texts;
use crate::ingest::radicals::map_radical;

/// A gap of this many em (of the larger of the two glyphs) or more separates table cells.
pub const TAB_GAP: f64 = 0.8;
/// A gap of this many em or more between a Latin letter or digit and its neighbour is a space.
const SPACE_GAP: f64 = 0.2;
/// Glyphs kept per page at most (a hostile page could draw millions).
const MAX_GLYPHS: usize = 2_000_000;

/// One glyph as pdf-extract drew it, in PDF user space (y up).
#[derive(Debug, Clone)]
pub struct RawGlyph {
    pub x: f64,
    pub y: f64,
    /// Advance vector (user space units).
    pub adv: (f64, f64),
    /// Up vector: the font size along the glyph's vertical axis.
    pub up: (f64, f64),
    pub text: String,
}

/// A straight line drawn on the page (a table rule), in user space.
#[derive(Debug, Clone, Copy)]
pub struct RawRule {
    pub from: (f64, f64),
    pub to: (f64, f64),
}

/// Rules kept per page at most.
const MAX_RULES: usize = 100_000;

/// Collects the glyphs and the rules (table borders) of one page (an `OutputDev` for
/// pdf-extract).
#[derive(Debug, Default)]
pub struct Collector<'t> {
    glyphs: Vec<RawGlyph>,
    rules: Vec<RawRule>,
    /// The texts behind stand-in `/ToUnicode` code points ([`super::once`]).
    texts: Option<&'t Texts>,
    /// Glyphs whose text no map knows ([`super::glyph_tables::UNKNOWN`]), left out.
    unknown: usize,
    /// The page's media box (x0, y0, x1, y1), as pdf-extract gave it.
    media_box: Option<[f64; 4]>,
    /// Where the marked forms of the page are drawn, in drawing order ([`super::forms`]).
    placements: Vec<Matrix>,
    /// Placements used so far.
    next_placement: usize,
    /// The placements of the forms being drawn now (`None`: a form with no known placement).
    open_forms: Vec<Option<Matrix>>,
}

impl<'t> Collector<'t> {
    /// A collector that resolves the stand-in code points of `texts`.
    pub fn new(texts: &'t Texts) -> Self {
        Collector {
            glyphs: Vec::new(),
            rules: Vec::new(),
            texts: Some(texts),
            unknown: 0,
            media_box: None,
            placements: Vec::new(),
            next_placement: 0,
            open_forms: Vec::new(),
        }
    }

    /// Place the glyphs and rules of the page's marked forms with these matrices, in order.
    pub fn with_placements(mut self, placements: Vec<Matrix>) -> Self {
        self.placements = placements;
        self
    }

    /// The placement of what is drawn now: the innermost open form's.
    fn placement(&self) -> Option<&Matrix> {
        self.open_forms.last().and_then(Option::as_ref)
    }

    /// A marker stroke of [`super::forms`]: a form starts or ends. Returns whether `path` was
    /// one.
    fn form_marker(&mut self, path: &Path) -> bool {
        let [PathOp::MoveTo(x0, y0), PathOp::LineTo(x1, y1)] = path.ops[..] else {
            return false;
        };
        if x0 != 0.0 || y0 != 0.0 {
            return false;
        }
        if (x1, y1) == forms::START {
            let m = self.placements.get(self.next_placement).copied();
            self.next_placement += 1;
            self.open_forms.push(m);
            true
        } else if (x1, y1) == forms::END {
            self.open_forms.pop();
            true
        } else {
            false
        }
    }

    /// The page's media box (x0, y0, x1, y1), once the page has begun.
    pub fn media_box(&self) -> Option<[f64; 4]> {
        self.media_box
    }

    /// How many glyphs had no known text (left out).
    pub fn unknown(&self) -> usize {
        self.unknown
    }

    pub fn into_parts(self) -> (Vec<RawGlyph>, Vec<RawRule>) {
        (self.glyphs, self.rules)
    }

    /// Straight segments of stroked paths, and thin filled rectangles, become rules.
    fn add_path(&mut self, ctm: &Transform, path: &Path, stroked: bool) {
        if stroked && self.form_marker(path) {
            return;
        }
        let local = [ctm.m11, ctm.m12, ctm.m21, ctm.m22, ctm.m31, ctm.m32];
        let m = match self.placement() {
            Some(p) => forms::concat(&local, p),
            None => local,
        };
        let t = |x: f64, y: f64| forms::apply(&m, x, y);
        let mut cur: Option<(f64, f64)> = None;
        let mut start: Option<(f64, f64)> = None;
        let mut poly: Vec<(f64, f64)> = Vec::new();
        for op in &path.ops {
            if self.rules.len() >= MAX_RULES {
                return;
            }
            match *op {
                PathOp::MoveTo(x, y) => {
                    cur = Some(t(x, y));
                    start = cur;
                    poly.clear();
                    poly.extend(cur);
                }
                PathOp::LineTo(x, y) => {
                    let p = t(x, y);
                    if let (Some(c), true) = (cur, stroked) {
                        self.rules.push(RawRule { from: c, to: p });
                    }
                    poly.push(p);
                    cur = Some(p);
                }
                PathOp::CurveTo(_, _, _, _, x, y) => {
                    cur = Some(t(x, y));
                    poly.clear();
                }
                PathOp::Close => {
                    if let (Some(c), Some(s0), true) = (cur, start, stroked) {
                        self.rules.push(RawRule { from: c, to: s0 });
                    }
                    if !stroked && poly.len() >= 4 {
                        self.add_thin_box(&poly);
                    }
                    poly.clear();
                    cur = start;
                }
                PathOp::Rect(x, y, w, h) => {
                    let corners = [t(x, y), t(x + w, y), t(x + w, y + h), t(x, y + h)];
                    if stroked {
                        for i in 0..4 {
                            if let (Some(&a), Some(&b)) = (corners.get(i), corners.get((i + 1) % 4))
                            {
                                self.rules.push(RawRule { from: a, to: b });
                            }
                        }
                    } else {
                        self.add_thin_box(&corners);
                    }
                }
            }
        }
        if !stroked && poly.len() >= 4 {
            self.add_thin_box(&poly);
        }
    }

    /// A filled box at most 3 units thick is a rule along its long side. (`strip::Shape`
    /// follows this test and [`Self::add_path`] to drop the fills that give no rule: change
    /// them together.)
    fn add_thin_box(&mut self, pts: &[(f64, f64)]) {
        let xs = pts.iter().map(|p| p.0);
        let ys = pts.iter().map(|p| p.1);
        let (x0, x1) = (
            xs.clone().fold(f64::INFINITY, f64::min),
            xs.fold(f64::NEG_INFINITY, f64::max),
        );
        let (y0, y1) = (
            ys.clone().fold(f64::INFINITY, f64::min),
            ys.fold(f64::NEG_INFINITY, f64::max),
        );
        let (w, h) = (x1 - x0, y1 - y0);
        if !(w.is_finite() && h.is_finite()) {
            return;
        }
        if w <= 3.0 && h > w {
            let x = (x0 + x1) / 2.0;
            self.rules.push(RawRule {
                from: (x, y0),
                to: (x, y1),
            });
        } else if h <= 3.0 && w > h {
            let y = (y0 + y1) / 2.0;
            self.rules.push(RawRule {
                from: (x0, y),
                to: (x1, y),
            });
        }
    }
}

impl OutputDev for Collector<'_> {
    fn begin_page(
        &mut self,
        _page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        let b = [media_box.llx, media_box.lly, media_box.urx, media_box.ury];
        self.media_box = Some([
            b[0].min(b[2]),
            b[1].min(b[3]),
            b[0].max(b[2]),
            b[1].max(b[3]),
        ]);
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), OutputError> {
        if self.glyphs.len() >= MAX_GLYPHS || char.is_empty() {
            return Ok(());
        }
        let fs = if font_size.is_finite() {
            font_size
        } else {
            0.0
        };
        let w = if width.is_finite() { width } else { 0.0 };
        let (mut x, mut y) = (trm.m31, trm.m32);
        let mut adv = (trm.m11 * w * fs, trm.m12 * w * fs);
        let mut up = (trm.m21 * fs, trm.m22 * fs);
        if let Some(p) = self.placement() {
            (x, y) = forms::apply(p, x, y);
            adv = forms::apply_vector(p, adv.0, adv.1);
            up = forms::apply_vector(p, up.0, up.1);
        }
        let g = RawGlyph {
            x,
            y,
            adv,
            up,
            text: match self.texts {
                Some(t) => t.resolve(char).to_string(),
                None => char.to_string(),
            },
        };
        if g.text.chars().all(|c| c == super::glyph_tables::UNKNOWN) {
            self.unknown += 1;
            return Ok(());
        }
        if g.x.is_finite() && g.y.is_finite() {
            self.glyphs.push(g);
        }
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn stroke(
        &mut self,
        ctm: &Transform,
        _colorspace: &ColorSpace,
        _color: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        self.add_path(ctm, path, true);
        Ok(())
    }
    fn fill(
        &mut self,
        ctm: &Transform,
        _colorspace: &ColorSpace,
        _color: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        self.add_path(ctm, path, false);
        Ok(())
    }
}

/// Leave out the glyphs drawn off the page: pdftotext's rule (a glyph whose origin and advance
/// lie wholly outside the media box is not printed). Charts pasted as forms often carry axis
/// labels beyond the page edge, where nobody sees them. A box that is not a finite area of at
/// least one point keeps every glyph.
pub fn drop_off_page(glyphs: &mut Vec<RawGlyph>, media_box: Option<[f64; 4]>) {
    let Some([x0, y0, x1, y1]) = media_box else {
        return;
    };
    if !([x0, y0, x1, y1].iter().all(|v| v.is_finite()) && x1 - x0 >= 1.0 && y1 - y0 >= 1.0) {
        return;
    }
    const SLACK: f64 = 0.01;
    glyphs.retain(|g| {
        let (xa, xb) = (g.x.min(g.x + g.adv.0), g.x.max(g.x + g.adv.0));
        let (ya, yb) = (g.y.min(g.y + g.adv.1), g.y.max(g.y + g.adv.1));
        xb >= x0 - SLACK && xa <= x1 + SLACK && yb >= y0 - SLACK && ya <= y1 + SLACK
    });
}

/// One output line with its place on the page (reading frame: `top` grows downward).
#[derive(Debug, Clone, PartialEq)]
pub struct TextLine {
    pub text: String,
    /// Baseline of the first row of the line (for a vertical run: of its top glyph).
    pub top: f64,
    /// Baseline of the last row.
    pub bottom: f64,
    pub size: f64,
    /// Where the line starts along the text direction.
    pub left: f64,
}

/// A glyph in the reading frame: `u` grows along the text, `v` (baseline) grows downward.
#[derive(Debug, Clone)]
struct Glyph {
    u: f64,
    v: f64,
    w: f64,
    size: f64,
    text: String,
    space: bool,
}

#[derive(Debug, Clone)]
struct Segment {
    text: String,
    u0: f64,
    u1: f64,
    v: f64,
    size: f64,
    /// Non-space glyphs.
    count: usize,
    /// Exactly one full-width glyph: a candidate for a vertical run.
    single_wide: bool,
}

#[derive(Debug, Clone)]
struct HLine {
    segs: Vec<Segment>,
    v: f64,
    size: f64,
}

fn direction(v: (f64, f64)) -> u8 {
    let a = v.1.atan2(v.0).to_degrees();
    if (-45.0..45.0).contains(&a) {
        0
    } else if (45.0..135.0).contains(&a) {
        1
    } else if (-135.0..-45.0).contains(&a) {
        3
    } else {
        2
    }
}

fn to_frame(dir: u8, x: f64, y: f64) -> (f64, f64) {
    match dir {
        1 => (y, x),
        2 => (-x, y),
        3 => (-y, -x),
        _ => (x, -y),
    }
}

fn len(v: (f64, f64)) -> f64 {
    (v.0 * v.0 + v.1 * v.1).sqrt()
}

/// Ideographs, kana, CJK punctuation and full-width forms: no space is written between two of
/// these however wide the gap (justified Japanese text spreads its glyphs).
pub use crate::lexical::chars::is_cjk;

/// The direction a glyph's text runs in (0 right, 1 up, 2 left, 3 down the page).
fn own_direction(g: &RawGlyph) -> u8 {
    if len(g.adv) > 1e-9 {
        direction(g.adv)
    } else {
        direction((g.up.1, -g.up.0))
    }
}

/// Non-space glyphs a left-to-right line on a page of another direction needs to be read as a
/// line of its own (fewer, as `10` or `(1)` set across a vertical column, stay in the column).
const FOREIGN_LINE_MIN: usize = 4;

/// Lay out one page's glyphs into lines.
pub fn lay_out(raw: Vec<RawGlyph>, raw_rules: &[RawRule]) -> Vec<TextLine> {
    if raw.is_empty() {
        return Vec::new();
    }
    // The page's dominant direction decides the reading frame.
    let mut votes = [0usize; 4];
    for g in &raw {
        if let Some(n) = votes.get_mut(own_direction(g) as usize) {
            *n += 1;
        }
    }
    let dir = (0..4u8)
        .max_by_key(|&d| (votes.get(d as usize).copied().unwrap_or(0), 4 - d))
        .unwrap_or(0);
    // Left-to-right lines on a page that mostly runs another way (a title or a running header
    // over vertical text, where an OCR layer or a `-V` font sets the columns) are laid out in
    // their own frame, so they read left to right and not as a column of single glyphs.
    let (raw, foreign) = if dir == 0 {
        (raw, Vec::new())
    } else {
        split_foreign_lines(raw)
    };
    let mut merged = lay_out_in(dir, raw, raw_rules);
    if foreign.is_empty() {
        return merged;
    }
    for line_glyphs in foreign {
        let Some(anchor) = line_glyphs.first().map(|g| to_frame(dir, g.x, g.y)) else {
            continue;
        };
        let size = line_glyphs.iter().map(|g| len(g.up)).fold(0.0, f64::max);
        for mut line in lay_out_in(0, line_glyphs, raw_rules) {
            if line.text.is_empty() {
                continue;
            }
            // Placed in the page's frame where its first glyph stands.
            line.top = anchor.1;
            line.bottom = anchor.1;
            line.left = anchor.0;
            line.size = size.max(0.01);
            // On a page of columns (text running up or down), a line goes before the first
            // column that starts below it (a title above the columns comes first, a footer
            // last); else before the first line below it.
            let vertical = dir == 1 || dir == 3;
            let at = merged
                .iter()
                .position(|l| {
                    !l.text.is_empty()
                        && if vertical {
                            l.left > anchor.0 + 0.5 * size
                        } else {
                            l.top > anchor.1 + 0.5 * size
                                || ((l.top - anchor.1).abs() <= 0.5 * size && l.left > anchor.0)
                        }
                })
                .unwrap_or(merged.len());
            merged.insert(at, line);
        }
    }
    merged
}

/// Take out of `raw` the glyphs that run left to right in rows of at least
/// [`FOREIGN_LINE_MIN`] non-space glyphs, one glyph set per row, left to right.
fn split_foreign_lines(raw: Vec<RawGlyph>) -> (Vec<RawGlyph>, Vec<Vec<RawGlyph>>) {
    let (mut rest, mut upright): (Vec<RawGlyph>, Vec<RawGlyph>) =
        raw.into_iter().partition(|g| own_direction(g) != 0);
    if upright.len() < FOREIGN_LINE_MIN {
        rest.append(&mut upright);
        return (rest, Vec::new());
    }
    // Rows: baselines within a third of an em, within two em of the row's ends.
    upright.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
    // (glyphs, left end, right end, baseline, em)
    let mut rows: Vec<(Vec<RawGlyph>, f64, f64, f64, f64)> = Vec::new();
    for g in upright {
        let (size, y) = (len(g.up).max(0.01), g.y);
        let (a, b) = (g.x.min(g.x + g.adv.0), g.x.max(g.x + g.adv.0));
        let row = rows.iter_mut().rev().take(8).find(|r| {
            let em = size.max(r.4);
            (r.3 - y).abs() <= em / 3.0 && a <= r.2 + 2.0 * em && b >= r.1 - 2.0 * em
        });
        match row {
            Some(r) => {
                r.1 = r.1.min(a);
                r.2 = r.2.max(b);
                r.4 = r.4.max(size);
                r.0.push(g);
            }
            None => rows.push((vec![g], a, b, y, size)),
        }
    }
    let rows = rows.into_iter().map(|mut r| {
        r.0.sort_by(|a, b| a.x.total_cmp(&b.x));
        r.0
    });
    let mut foreign = Vec::new();
    for row in rows {
        let solid = row
            .iter()
            .filter(|g| !g.text.chars().all(char::is_whitespace))
            .count();
        if solid >= FOREIGN_LINE_MIN {
            foreign.push(row);
        } else {
            rest.extend(row);
        }
    }
    (rest, foreign)
}

/// Lay out glyphs in the reading frame of direction `dir`.
fn lay_out_in(dir: u8, raw: Vec<RawGlyph>, raw_rules: &[RawRule]) -> Vec<TextLine> {
    if raw.is_empty() {
        return Vec::new();
    }
    let mut glyphs: Vec<Glyph> = raw
        .into_iter()
        .map(|g| {
            let (u, v) = to_frame(dir, g.x, g.y);
            let size = len(g.up).max(0.01);
            let own = if len(g.adv) > 1e-9 {
                direction(g.adv)
            } else {
                dir
            };
            // A glyph turned against the page (Latin in vertical text) takes about one em.
            let w = if own == dir { len(g.adv) } else { size };
            let space = g.text.chars().all(char::is_whitespace);
            Glyph {
                u,
                v,
                w,
                size,
                text: g.text,
                space,
            }
        })
        .collect();
    dedupe(&mut glyphs);
    glyphs.sort_by(|a, b| a.v.total_cmp(&b.v).then(a.u.total_cmp(&b.u)));

    let rules = Rules::new(dir, raw_rules);
    let mut lines = group_lines(glyphs, &rules);
    let mut lines = merge_table_rows(&mut lines, &rules);
    let before_runs = lines.clone();
    let mut verticals = take_vertical_runs(&mut lines, LINK_GAP);
    // A page written vertically (most glyphs in vertical runs): item numerals and headings
    // stand a blank glyph above their column's text, so link across one blank too, and read
    // the columns right to left, band by band.
    let glyphs_total: usize = before_runs
        .iter()
        .flat_map(|l| l.segs.iter())
        .map(|s| s.count)
        .sum();
    let in_runs: usize = verticals.iter().map(|r| r.text.chars().count()).sum();
    let vertical_page = glyphs_total > 0 && 2 * in_runs >= glyphs_total;
    if vertical_page {
        lines = before_runs;
        verticals = take_vertical_runs(&mut lines, VERTICAL_PAGE_LINK_GAP);
    }
    lines.retain(|l| !l.segs.is_empty());
    // A line that lost glyphs of a vertical run has the size of what is left.
    for l in &mut lines {
        let size = l.segs.iter().map(|s| s.size).fold(0.0, f64::max);
        if size > 0.0 {
            l.size = size;
        }
    }
    let lines = order_columns(lines);

    // Merge the vertical runs into the line order (already top to bottom, columns read one
    // after the other): a run goes before the first line below its top glyph; runs that start
    // together read right to left (縦書き).
    if vertical_page {
        order_bands(&mut verticals);
    } else {
        verticals.sort_by(|a, b| a.top.total_cmp(&b.top).then(b.left.total_cmp(&a.left)));
    }
    let mut merged: Vec<TextLine> = Vec::with_capacity(lines.len() + verticals.len());
    let mut runs = verticals.into_iter().peekable();
    for l in lines {
        while let Some(run) = runs.next_if(|r| r.top - 0.8 * r.size < l.v - 0.8 * l.size) {
            merged.push(run);
        }
        merged.push(TextLine {
            text: line_text(&l.segs),
            top: l.v,
            bottom: l.v,
            size: l.size,
            left: l.segs.first().map(|s| s.u0).unwrap_or(0.0),
        });
    }
    merged.extend(runs);
    // A wide vertical gap is a paragraph break: keep it as an empty line, as pdftotext does.
    let mut out: Vec<TextLine> = Vec::with_capacity(merged.len());
    for line in merged {
        if let Some(prev) = out.last() {
            if line.top - prev.bottom > 2.2 * prev.size.max(line.size) && !prev.text.is_empty() {
                out.push(TextLine {
                    text: String::new(),
                    top: prev.bottom,
                    bottom: prev.bottom,
                    size: prev.size,
                    left: prev.left,
                });
            }
        }
        out.push(line);
    }
    out
}

/// Drop a glyph drawn again over itself: the same text within a tenth of an em along the line
/// and a fifth of an em across it (fake bold, where a producer draws each string two to four
/// times a fraction of a point apart; shadows). pdftotext drops such overprints with the same
/// limits. The first drawing is kept.
fn dedupe(glyphs: &mut Vec<Glyph>) {
    use std::collections::HashMap;
    /// Grid cell of the overprint search, user space units.
    const CELL: f64 = 2.0;
    let cell = |x: f64| (x / CELL).floor() as i64;
    // Each text once, as a number: the cells are looked up by it, not by the text.
    let mut ids: HashMap<&str, u32, Seeded> = HashMap::with_hasher(Seeded::default());
    let text_ids: Vec<u32> = glyphs
        .iter()
        .map(|g| {
            let next = ids.len() as u32;
            *ids.entry(g.text.as_str()).or_insert(next)
        })
        .collect();
    // Per cell the last glyph kept in it; `earlier` chains each to the one before in its cell.
    let mut grid: HashMap<(u32, i64, i64), usize, Seeded> =
        HashMap::with_capacity_and_hasher(glyphs.len(), Seeded::default());
    let mut earlier = vec![usize::MAX; glyphs.len()];
    let mut keep = vec![true; glyphs.len()];
    // `glyphs` are in drawing order, so the first of the copies stays.
    for (i, g) in glyphs.iter().enumerate() {
        if g.space {
            continue;
        }
        let (du, dv) = (0.1 * g.size, 0.2 * g.size);
        let (cu, cv) = (cell(g.u), cell(g.v));
        let id = text_ids.get(i).copied().unwrap_or(u32::MAX);
        let ru = ((du / CELL).ceil() as i64).clamp(1, 8);
        let rv = ((dv / CELL).ceil() as i64).clamp(1, 8);
        let mut dup = false;
        // The cells searched are those within (ru, rv) of the glyph's (none at the ends of the
        // i64 range), and of them only those a glyph within (du, dv) can be in.
        if let (Some(u0), Some(u1), Some(v0), Some(v1)) = (
            cu.checked_sub(ru),
            cu.checked_add(ru),
            cv.checked_sub(rv),
            cv.checked_add(rv),
        ) {
            let (a0, a1) = (cell(g.u - du).max(u0), cell(g.u + du).min(u1));
            let (b0, b1) = (cell(g.v - dv).max(v0), cell(g.v + dv).min(v1));
            'search: for a in a0..=a1 {
                for b in b0..=b1 {
                    let mut k = grid.get(&(id, a, b)).copied();
                    while let Some(o) = k.and_then(|k| glyphs.get(k)) {
                        if (o.u - g.u).abs() < du && (o.v - g.v).abs() < dv {
                            dup = true;
                            break 'search;
                        }
                        k = k.and_then(|k| earlier.get(k).copied());
                    }
                }
            }
        }
        if dup {
            if let Some(k) = keep.get_mut(i) {
                *k = false;
            }
        } else {
            let last = grid.entry((id, cu, cv)).or_insert(usize::MAX);
            if let Some(e) = earlier.get_mut(i) {
                *e = *last;
            }
            *last = i;
        }
    }
    let mut i = 0;
    glyphs.retain(|_| {
        let k = keep.get(i).copied().unwrap_or(true);
        i += 1;
        k
    });
}

/// Glyphs sorted by baseline → lines of segments.
fn group_lines(glyphs: Vec<Glyph>, rules: &Rules) -> Vec<HLine> {
    let mut rows: Vec<Vec<Glyph>> = Vec::new();
    let mut ref_v = f64::NEG_INFINITY;
    let mut ref_size = 0.0;
    for g in glyphs {
        let tol = 0.5 * g.size.min(ref_size).max(0.01);
        match rows.last_mut() {
            Some(row) if g.v - ref_v <= tol => row.push(g),
            _ => {
                ref_v = g.v;
                ref_size = g.size;
                rows.push(vec![g]);
            }
        }
    }
    let rows = rows.into_iter().flat_map(split_overprinted_row);
    rows.filter_map(|mut row| {
        row.sort_by(|a, b| a.u.total_cmp(&b.u));
        let segs = segments(&row, rules);
        if segs.is_empty() {
            return None;
        }
        let size = row
            .iter()
            .filter(|g| !g.space)
            .map(|g| g.size)
            .fold(0.0, f64::max);
        let v = row.first().map(|g| g.v).unwrap_or(0.0);
        Some(HLine { segs, v, size })
    })
    .collect()
}

/// Two texts of clearly different sizes on nearly one baseline whose glyphs overlap (a small
/// label of three glyphs or more drawn over a heading, as a text box laid over a line) are two
/// lines, the one whose
/// first glyph stands higher first; interleaving them by position would mix their characters.
fn split_overprinted_row(mut row: Vec<Glyph>) -> Vec<Vec<Glyph>> {
    row.sort_by(|a, b| a.u.total_cmp(&b.u));
    let solid: Vec<&Glyph> = row.iter().filter(|g| !g.space).collect();
    let overprinted = solid.windows(2).any(|w| match w {
        [a, b] => {
            let (small, big) = (a.size.min(b.size), a.size.max(b.size));
            big >= 1.5 * small && b.u < a.u + a.w - 0.3 * a.w.min(b.w).max(0.01)
        }
        _ => false,
    });
    if !overprinted {
        return vec![row];
    }
    let (lo, hi) = solid.iter().fold((f64::INFINITY, 0.0f64), |(lo, hi), g| {
        (lo.min(g.size), hi.max(g.size))
    });
    let cut = (lo * hi).sqrt();
    // A single small glyph over a big one is one mark (`Ａ` set inside `○`), not a label.
    if solid.iter().filter(|g| g.size < cut).count() < 3 {
        return vec![row];
    }
    let (big, small): (Vec<Glyph>, Vec<Glyph>) = row.into_iter().partition(|g| g.size >= cut);
    let mut out: Vec<Vec<Glyph>> = vec![big, small];
    out.retain(|r| r.iter().any(|g| !g.space));
    out.sort_by(|a, b| {
        let top = |r: &Vec<Glyph>| r.iter().map(|g| g.v).fold(f64::INFINITY, f64::min);
        top(a).total_cmp(&top(b))
    });
    out
}

fn push_mapped(out: &mut String, s: &str) {
    for c in s.chars() {
        out.push(map_radical(c).unwrap_or(c));
    }
}

/// Split a row (sorted by `u`) at column gaps.
///
/// A space glyph drawn between two glyphs covers its own advance: the gap is measured from
/// its end, and it is written (an ideographic space as itself, any other as ` `) even
/// between two Japanese characters, as the document has it.
fn segments(row: &[Glyph], rules: &Rules) -> Vec<Segment> {
    let mut segs: Vec<Segment> = Vec::new();
    let mut prev: Option<&Glyph> = None;
    let mut pending_space: Option<&Glyph> = None;
    for g in row {
        if g.space {
            if prev.is_some() {
                pending_space = Some(g);
            }
            continue;
        }
        let mut new_seg = true;
        if let (Some(p), Some(seg)) = (prev, segs.last_mut()) {
            let mut end = p.u + p.w;
            if let Some(s) = pending_space {
                end = end.max(s.u + s.w);
            }
            let gap = g.u - end;
            let em = p.size.max(g.size);
            let ruled =
                rules.vertical_between(p.u + 0.5 * p.w, g.u + 0.5 * g.w, g.v - 0.3 * g.size);
            if gap < TAB_GAP * em && !ruled {
                new_seg = false;
                let last = seg.text.chars().last();
                let first = g.text.chars().next();
                let both_cjk = last.is_some_and(is_cjk) && first.is_some_and(is_cjk);
                if let Some(s) = pending_space {
                    seg.text.push(if s.text.contains('\u{3000}') {
                        '\u{3000}'
                    } else {
                        ' '
                    });
                } else if gap >= SPACE_GAP * em && !both_cjk {
                    seg.text.push(' ');
                }
                push_mapped(&mut seg.text, &g.text);
                seg.u1 = seg.u1.max(g.u + g.w);
                seg.size = seg.size.max(g.size);
                seg.count += 1;
                seg.single_wide = false;
            }
        }
        if new_seg {
            let mut text = String::new();
            push_mapped(&mut text, &g.text);
            let wide = g.w >= 0.8 * g.size && text.chars().all(|c| !c.is_ascii());
            segs.push(Segment {
                text,
                u0: g.u,
                u1: g.u + g.w,
                v: g.v,
                size: g.size,
                count: 1,
                single_wide: wide,
            });
        }
        prev = Some(g);
        pending_space = None;
    }
    segs
}

fn line_text(segs: &[Segment]) -> String {
    let mut s = String::new();
    for (i, seg) in segs.iter().enumerate() {
        if i > 0 {
            s.push('\t');
        }
        s.push_str(&seg.text);
    }
    s
}

/// Two single glyphs at most this many em apart (baseline to baseline) are one vertical run.
const LINK_GAP: f64 = 1.6;
/// On a page written vertically, also across one blank glyph.
const VERTICAL_PAGE_LINK_GAP: f64 = 2.6;

/// Order the vertical runs of a page written vertically: runs whose extents down the page
/// overlap form a band (a block of columns); bands top to bottom, columns in a band right to
/// left, whatever the indent of their first glyph.
fn order_bands(runs: &mut Vec<TextLine>) {
    runs.sort_by(|a, b| a.top.total_cmp(&b.top));
    let mut out: Vec<TextLine> = Vec::with_capacity(runs.len());
    let mut band: Vec<TextLine> = Vec::new();
    let mut band_bottom = f64::NEG_INFINITY;
    for r in runs.drain(..) {
        if !band.is_empty() && r.top - r.size > band_bottom {
            band.sort_by(|a, b| b.left.total_cmp(&a.left));
            out.append(&mut band);
        }
        band_bottom = band_bottom.max(r.bottom);
        if band.is_empty() {
            band_bottom = r.bottom;
        }
        band.push(r);
    }
    band.sort_by(|a, b| b.left.total_cmp(&a.left));
    out.append(&mut band);
    *runs = out;
}

/// Single full-width glyphs stacked in one column (one em apart) are a vertical run: take them
/// out of their lines and return each run as one line.
fn take_vertical_runs(lines: &mut [HLine], link_gap: f64) -> Vec<TextLine> {
    // (line index, segment index, u centre, v, size)
    let mut cands: Vec<(usize, usize, f64, f64, f64)> = Vec::new();
    for (li, l) in lines.iter().enumerate() {
        for (si, s) in l.segs.iter().enumerate() {
            // On a page written vertically, a number set across the column (縦中横, `10`,
            // `(1)`) stands in the column like one glyph.
            let across = link_gap > LINK_GAP
                && s.count <= 4
                && s.u1 - s.u0 <= 1.6 * s.size
                && s.text.chars().all(|c| c.is_ascii_graphic() || c == ' ');
            if s.single_wide || across {
                cands.push((li, si, (s.u0 + s.u1) / 2.0, s.v, s.size));
            }
        }
    }
    if cands.len() < 2 {
        return Vec::new();
    }
    cands.sort_by(|a, b| a.3.total_cmp(&b.3));
    let mut chains: Vec<Vec<usize>> = Vec::new();
    for ci in 0..cands.len() {
        let Some(&(_, _, u, v, size)) = cands.get(ci) else {
            continue;
        };
        let mut linked = false;
        for chain in chains.iter_mut() {
            let Some(&last) = chain.last() else { continue };
            let Some(&(_, _, lu, lv, _)) = cands.get(last) else {
                continue;
            };
            let dv = v - lv;
            if (u - lu).abs() < 0.3 * size && dv > 0.5 * size && dv <= link_gap * size {
                chain.push(ci);
                linked = true;
                break;
            }
        }
        if !linked {
            chains.push(vec![ci]);
        }
    }
    let mut taken: Vec<(usize, usize)> = Vec::new();
    let mut runs = Vec::new();
    for chain in chains.into_iter().filter(|c| c.len() >= 2) {
        let mut text = String::new();
        let (mut top, mut bottom, mut size) = (f64::INFINITY, f64::NEG_INFINITY, 0.0f64);
        let mut last_v: Option<f64> = None;
        for &ci in &chain {
            let Some(&(li, si, _, v, s)) = cands.get(ci) else {
                continue;
            };
            // A blank glyph between two glyphs of the column.
            if last_v.is_some_and(|lv| v - lv > LINK_GAP * s) {
                text.push('\u{3000}');
            }
            last_v = Some(v);
            if let Some(seg) = lines.get(li).and_then(|l| l.segs.get(si)) {
                if seg.text.is_ascii() {
                    // A number set across the column: its digits were spaced by the gaps.
                    text.extend(seg.text.chars().filter(|&c| c != ' '));
                } else {
                    text.push_str(&seg.text);
                }
            }
            top = top.min(v);
            bottom = bottom.max(v);
            size = size.max(s);
            taken.push((li, si));
        }
        let left = chain
            .first()
            .and_then(|&ci| cands.get(ci))
            .map(|c| c.2)
            .unwrap_or(0.0);
        runs.push(TextLine {
            text,
            top,
            bottom,
            size,
            left,
        });
    }
    // Remove taken segments, highest index first so the others stay valid.
    taken.sort_by(|a, b| b.cmp(a));
    for (li, si) in taken {
        if let Some(l) = lines.get_mut(li) {
            if si < l.segs.len() {
                l.segs.remove(si);
            }
        }
    }
    runs
}

/// Where a column gutter may be: between two long segments of one line, or just right of a
/// long segment (the right edge of a left column).
fn gutter_candidates(lines: &[HLine]) -> Vec<f64> {
    let mut cands = Vec::new();
    for l in lines {
        for w in l.segs.windows(2) {
            if let (Some(a), Some(b)) = (w.first(), w.get(1)) {
                if b.u0 - a.u1 >= 1.5 * a.size.max(b.size) {
                    cands.push((a.u1 + b.u0) / 2.0);
                }
            }
        }
        for s in &l.segs {
            if s.count >= 8 {
                cands.push(s.u1 + 0.75 * s.size);
            }
        }
    }
    cands.sort_by(f64::total_cmp);
    let mut out: Vec<f64> = Vec::new();
    for c in cands {
        if out.last().is_none_or(|&l| c - l > 4.0) {
            out.push(c);
        }
    }
    out
}

/// Text columns, not a table: on each side of the gutter at least three lines of eight or
/// more glyphs, two of which fill most of their column, and the columns of similar width.
fn is_column_block(block: &[HLine], g: f64) -> bool {
    let left: Vec<&Segment> = block
        .iter()
        .flat_map(|l| l.segs.iter().filter(|s| s.u1 <= g))
        .collect();
    let right: Vec<&Segment> = block
        .iter()
        .flat_map(|l| l.segs.iter().filter(|s| s.u0 >= g))
        .collect();
    let (Some(l0), Some(r1)) = (
        left.iter().map(|s| s.u0).min_by(f64::total_cmp),
        right.iter().map(|s| s.u1).max_by(f64::total_cmp),
    ) else {
        return false;
    };
    let (Some(l1), Some(r0)) = (
        left.iter().map(|s| s.u1).max_by(f64::total_cmp),
        right.iter().map(|s| s.u0).min_by(f64::total_cmp),
    ) else {
        return false;
    };
    let (lw, rw) = (l1 - l0, r1 - r0);
    if lw <= 0.0 || rw <= 0.0 || lw / rw > 2.0 || rw / lw > 2.0 {
        return false;
    }
    let long = |segs: &[&Segment]| segs.iter().filter(|s| s.count >= 8).count();
    let full = |segs: &[&Segment], w: f64| {
        segs.iter()
            .filter(|s| s.count >= 8 && s.u1 - s.u0 >= 0.7 * w)
            .count()
    };
    long(&left) >= 3 && long(&right) >= 3 && full(&left, lw) >= 2 && full(&right, rw) >= 2
}

/// Reorder two-column blocks: a run of lines that never cross an empty gutter, with at least
/// two long lines on each side of it, is read left column first, then right column.
fn order_columns(mut lines: Vec<HLine>) -> Vec<HLine> {
    let cands = gutter_candidates(&lines);
    let crosses = |l: &HLine, g: f64| l.segs.iter().any(|s| s.u0 < g && s.u1 > g);
    let n = lines.len();
    // Per gutter candidate: the first line at or after each line that crosses it, and how many
    // long segments (eight glyphs or more) lie wholly left and right of it before each line. A
    // column block needs three on each side ([`is_column_block`]), which these tell at once.
    struct Gutter {
        g: f64,
        next_crossing: Vec<usize>,
        left: Vec<usize>,
        right: Vec<usize>,
    }
    let gutters: Vec<Gutter> = cands
        .iter()
        .map(|&g| {
            let mut next_crossing = vec![n; n + 1];
            for (k, l) in lines.iter().enumerate().rev() {
                let after = next_crossing.get(k + 1).copied().unwrap_or(n);
                if let Some(at) = next_crossing.get_mut(k) {
                    *at = if crosses(l, g) { k } else { after };
                }
            }
            let (mut left, mut right) = (vec![0; n + 1], vec![0; n + 1]);
            let (mut lc, mut rc) = (0, 0);
            for (k, l) in lines.iter().enumerate() {
                for s in l.segs.iter().filter(|s| s.count >= 8) {
                    lc += usize::from(s.u1 <= g);
                    rc += usize::from(s.u0 >= g);
                }
                if let (Some(a), Some(b)) = (left.get_mut(k + 1), right.get_mut(k + 1)) {
                    (*a, *b) = (lc, rc);
                }
            }
            Gutter {
                g,
                next_crossing,
                left,
                right,
            }
        })
        .collect();
    let mut out: Vec<HLine> = Vec::with_capacity(n);
    let mut i = 0;
    while i < n {
        let mut found = None;
        for gt in &gutters {
            let end = gt.next_crossing.get(i).copied().unwrap_or(n);
            let count = |c: &[usize]| {
                c.get(end)
                    .zip(c.get(i))
                    .map_or(0, |(e, s)| e.saturating_sub(*s))
            };
            if count(&gt.left) < 3 || count(&gt.right) < 3 {
                continue;
            }
            let block = lines.get(i..end).unwrap_or(&[]);
            if is_column_block(block, gt.g) {
                found = Some((gt.g, end));
                break;
            }
        }
        // Lines before `i` are not looked at again: they move to `out`.
        let Some((g, end)) = found else {
            if let Some(l) = lines.get_mut(i) {
                out.push(HLine {
                    segs: std::mem::take(&mut l.segs),
                    v: l.v,
                    size: l.size,
                });
            }
            i += 1;
            continue;
        };
        let mut right = Vec::new();
        for l in lines.get_mut(i..end).unwrap_or(&mut []) {
            let (ls, rs): (Vec<Segment>, Vec<Segment>) = std::mem::take(&mut l.segs)
                .into_iter()
                .partition(|s| s.u1 <= g);
            if !ls.is_empty() {
                out.push(HLine {
                    segs: ls,
                    v: l.v,
                    size: l.size,
                });
            }
            if !rs.is_empty() {
                right.push(HLine {
                    segs: rs,
                    v: l.v,
                    size: l.size,
                });
            }
        }
        out.extend(right);
        i = end.max(i + 1);
    }
    out
}

/// Table rules in the reading frame: vertical ones as `(u, v0, v1)`, horizontal ones as
/// `(v, u0, u1)`.
#[derive(Debug, Default)]
struct Rules {
    vertical: Vec<(f64, f64, f64)>,
    horizontal: Vec<(f64, f64, f64)>,
}

impl Rules {
    fn new(dir: u8, raw: &[RawRule]) -> Rules {
        let mut r = Rules::default();
        for rule in raw {
            let (u0, v0) = to_frame(dir, rule.from.0, rule.from.1);
            let (u1, v1) = to_frame(dir, rule.to.0, rule.to.1);
            let (du, dv) = ((u1 - u0).abs(), (v1 - v0).abs());
            if du < 1.0 && dv > 4.0 {
                r.vertical.push(((u0 + u1) / 2.0, v0.min(v1), v0.max(v1)));
            } else if dv < 1.0 && du > 4.0 {
                r.horizontal.push(((v0 + v1) / 2.0, u0.min(u1), u0.max(u1)));
            }
        }
        // `du < 1` and `dv < 1` hold only for finite ends: every `u` of a vertical rule and
        // `v` of a horizontal one is finite, which the binary searches below rely on.
        r.vertical.sort_by(|a, b| a.0.total_cmp(&b.0));
        r.horizontal.sort_by(|a, b| a.0.total_cmp(&b.0));
        r
    }

    /// Is there a vertical rule strictly between `u_a` and `u_b` crossing height `v`? The rules
    /// are sorted by `u` (all finite: see [`Rules::new`]), so only those between are looked at.
    fn vertical_between(&self, u_a: f64, u_b: f64, v: f64) -> bool {
        if u_a.is_nan() || u_b.is_nan() {
            return false;
        }
        let from = self.vertical.partition_point(|r| r.0 <= u_a);
        self.vertical
            .get(from..)
            .unwrap_or(&[])
            .iter()
            .take_while(|r| r.0 < u_b)
            .any(|&(_, v0, v1)| v0 - 1.0 <= v && v <= v1 + 1.0)
    }

    /// The cell boundaries at height `v`: the `u` of every vertical rule crossing it, merged
    /// when closer than 2 units (double borders).
    fn boundaries_at(&self, v: f64) -> Vec<f64> {
        let mut out: Vec<f64> = Vec::new();
        for &(u, v0, v1) in &self.vertical {
            if v0 - 1.0 <= v && v <= v1 + 1.0 && out.last().is_none_or(|&l| u - l > 2.0) {
                out.push(u);
            }
        }
        out
    }

    /// Is there a horizontal rule between heights `va` and `vb` overlapping `[u0, u1]`? Sorted
    /// by `v` (all finite), as the vertical ones by `u`.
    fn horizontal_between(&self, va: f64, vb: f64, u0: f64, u1: f64) -> bool {
        if va.is_nan() || vb.is_nan() {
            return false;
        }
        let from = self.horizontal.partition_point(|r| r.0 <= va);
        self.horizontal
            .get(from..)
            .unwrap_or(&[])
            .iter()
            .take_while(|r| r.0 < vb)
            .any(|&(_, a, b)| a < u1 && b > u0)
    }
}

/// Room (in em of the line) a cell's line leaves beyond the cell's fullest line that makes the
/// next line of the cell a new entry, not a wrap: Japanese text wraps anywhere but for a few
/// characters kept together (`104号`, a closing bracket), so a wrapped line falls short of the
/// fullest by less than three em.
const CELL_BREAK_EM: f64 = 2.75;
/// Room even the fullest line of a cell leaves (em) when none of its lines was wrapped.
const CELL_ROOM_EM: f64 = 4.0;

/// Lines of one table row (a cell's text wrapped) lie at most this many em apart, baseline to
/// baseline; lines further apart between the same rules are separate rows (a chart's labels
/// between its grid lines).
const ROW_LINE_GAP: f64 = 4.0;

/// A figure (`9,702`, `千円3,688`, `12.5%`, `△120`): figures never wrap, so two lines with a
/// figure each in the same cell are two rows of a table that rules only its columns.
fn is_figure(text: &str) -> bool {
    let t = text.trim();
    t.chars()
        .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
        && t.chars().all(|c| {
            c.is_ascii_digit()
                || ('０'..='９').contains(&c)
                || matches!(
                    c,
                    ',' | '.'
                        | '%'
                        | '-'
                        | '+'
                        | ' '
                        | '，'
                        | '．'
                        | '％'
                        | '－'
                        | '△'
                        | '▲'
                        | '円'
                        | '千'
                        | '百'
                        | '万'
                        | '億'
                        | '人'
                        | '件'
                        | '¥'
                        | '￥'
                )
        })
}

fn figures_in_same_cell(a: &HLine, b: &HLine, bounds: &[f64]) -> bool {
    let cell = |s: &Segment| {
        let mid = (s.u0 + s.u1) / 2.0;
        bounds.iter().filter(|&&x| x <= mid).count()
    };
    a.segs.iter().filter(|s| is_figure(&s.text)).any(|sa| {
        b.segs
            .iter()
            .any(|sb| is_figure(&sb.text) && cell(sa) == cell(sb))
    })
}

fn same_boundaries(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 2.0)
}

/// Rebuild table rows whose cells wrap onto several lines: consecutive lines inside the same
/// ruled table (same column rules, at least two cells) with no horizontal rule between them
/// are one row; each cell's text is joined top to bottom, cells separated by tabs. A line in
/// a ruled table with one row of text also gets its cells from the rules (empty cells kept).
fn merge_table_rows(lines: &mut Vec<HLine>, rules: &Rules) -> Vec<HLine> {
    if rules.vertical.is_empty() {
        return std::mem::take(lines);
    }
    let mut out: Vec<HLine> = Vec::with_capacity(lines.len());
    let mut i = 0;
    let all = std::mem::take(lines);
    while i < all.len() {
        let Some(first) = all.get(i) else { break };
        let probe = first.v - 0.3 * first.size;
        let bounds = rules.boundaries_at(probe);
        let inside = |l: &HLine| {
            let (Some(b0), Some(b1)) = (bounds.first(), bounds.last()) else {
                return false;
            };
            l.segs
                .iter()
                .all(|s| s.u0 >= *b0 - 1.0 && s.u1 <= *b1 + 1.0)
        };
        if bounds.len() < 3 || !inside(first) {
            out.push(first.clone());
            i += 1;
            continue;
        }
        let (b0, b1) = (
            bounds.first().copied().unwrap_or(0.0),
            bounds.last().copied().unwrap_or(0.0),
        );
        let mut end = i + 1;
        while let (Some(prev), Some(next)) = (all.get(end - 1), all.get(end)) {
            let nb = rules.boundaries_at(next.v - 0.3 * next.size);
            if !same_boundaries(&bounds, &nb)
                || !inside(next)
                || next.v - prev.v > ROW_LINE_GAP * prev.size.max(next.size)
                || figures_in_same_cell(prev, next, &bounds)
                || rules.horizontal_between(prev.v, next.v - 0.8 * next.size, b0, b1)
            {
                break;
            }
            end += 1;
        }
        let row = all.get(i..end).unwrap_or(&[]);
        let mut cells: Vec<Segment> = Vec::new();
        for w in bounds.windows(2) {
            let (Some(&c0), Some(&c1)) = (w.first(), w.get(1)) else {
                continue;
            };
            let mut cell = Segment {
                text: String::new(),
                u0: c0,
                u1: c1,
                v: first.v,
                size: first.size,
                count: 0,
                single_wide: false,
            };
            // The room the fullest line of this cell leaves (the cell's padding, plus less than
            // an em when the text wraps).
            let min_slack = row
                .iter()
                .filter_map(|l| {
                    let inside = l.segs.iter().filter(|s| {
                        let mid = (s.u0 + s.u1) / 2.0;
                        mid >= c0 && mid < c1
                    });
                    let (a, b) = inside.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), s| {
                        (a.min(s.u0), b.max(s.u1))
                    });
                    (b >= a).then_some((c1 - c0) - (b - a))
                })
                .fold(f64::INFINITY, f64::min);
            // The extent of the previous line's text in this cell, and its size.
            let mut prev_line: Option<(f64, f64, f64)> = None;
            for l in row {
                let mut this_line: Option<(f64, f64, f64)> = None;
                for s in &l.segs {
                    let mid = (s.u0 + s.u1) / 2.0;
                    if mid >= c0 && mid < c1 {
                        if !cell.text.is_empty() {
                            let last = cell.text.chars().last();
                            let next = s.text.chars().next();
                            // A line that ended well short of the cell's fullest line, or in a
                            // cell where no line comes near the width, was broken on purpose
                            // (two entries stacked in one cell), not wrapped.
                            let broken = this_line.is_none()
                                && prev_line.is_some_and(|(a, b, size)| {
                                    let slack = (c1 - c0) - (b - a);
                                    slack - min_slack > CELL_BREAK_EM * size
                                        || min_slack > CELL_ROOM_EM * size
                                });
                            if !(last.is_some_and(is_cjk) || next.is_some_and(is_cjk)) || broken {
                                cell.text.push(' ');
                            } else if cell.count > 0 && l.v == first.v {
                                // Two segments of one line in one cell: keep them apart.
                                cell.text.push(' ');
                            }
                        }
                        this_line = Some(match this_line {
                            Some((a, b, size)) => (a.min(s.u0), b.max(s.u1), size.max(s.size)),
                            None => (s.u0, s.u1, s.size),
                        });
                        cell.text.push_str(&s.text);
                        cell.count += s.count;
                    }
                }
                if this_line.is_some() {
                    prev_line = this_line;
                }
            }
            cells.push(cell);
        }
        let size = row.iter().map(|l| l.size).fold(0.0, f64::max);
        out.push(HLine {
            segs: cells,
            v: first.v,
            size,
        });
        i = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyph(x: f64, y: f64, adv: (f64, f64), text: &str) -> RawGlyph {
        let size = 10.0;
        let n = (adv.0 * adv.0 + adv.1 * adv.1).sqrt().max(1e-9);
        RawGlyph {
            x,
            y,
            adv,
            // Up is the advance turned a quarter counterclockwise.
            up: (-adv.1 / n * size, adv.0 / n * size),
            text: text.into(),
        }
    }

    #[test]
    fn glyphs_off_the_media_box_are_left_out() {
        let mut g = vec![
            glyph(100.0, 100.0, (10.0, 0.0), "a"),
            glyph(600.0, 100.0, (10.0, 0.0), "b"),
            glyph(-5.0, 100.0, (10.0, 0.0), "c"),
            glyph(100.0, 900.0, (10.0, 0.0), "d"),
        ];
        drop_off_page(&mut g, Some([0.0, 0.0, 595.0, 842.0]));
        let kept: String = g.iter().map(|g| g.text.as_str()).collect();
        // `c` starts left of the page but its advance reaches into it (pdftotext keeps it).
        assert_eq!(kept, "ac");
        let mut all = vec![glyph(600.0, 100.0, (10.0, 0.0), "b")];
        drop_off_page(&mut all, None);
        assert_eq!(all.len(), 1);
    }

    #[test]
    fn rules_between_are_found_as_a_scan_of_all_rules_finds_them() {
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % 1000) as f64 / 4.0
        };
        let mut raw = Vec::new();
        for _ in 0..300 {
            let (a, b, c) = (next(), next(), next());
            raw.push(RawRule {
                from: (a, b),
                to: (a + 0.2, b + c),
            });
            raw.push(RawRule {
                from: (b, a),
                to: (b + c, a),
            });
        }
        raw.push(RawRule {
            from: (f64::NAN, 1.0),
            to: (f64::INFINITY, 50.0),
        });
        let rules = Rules::new(0, &raw);
        assert!(rules.vertical.len() > 200 && rules.horizontal.len() > 200);
        for _ in 0..3000 {
            let (a, b, v, w) = (next(), next(), next(), next());
            let vertical = rules
                .vertical
                .iter()
                .any(|&(u, v0, v1)| u > a && u < b && v0 - 1.0 <= v && v <= v1 + 1.0);
            assert_eq!(rules.vertical_between(a, b, v), vertical);
            let horizontal = rules
                .horizontal
                .iter()
                .any(|&(h, x0, x1)| h > a && h < b && x0 < w && x1 > v);
            assert_eq!(rules.horizontal_between(a, b, v, w), horizontal);
        }
        assert!(!rules.vertical_between(f64::NAN, 100.0, 10.0));
    }

    #[test]
    fn figures_are_told_from_words() {
        assert!(is_figure("9,702"));
        assert!(is_figure("千円12,530"));
        assert!(is_figure("△１２０"));
        assert!(!is_figure("地域手当"));
        assert!(!is_figure("令和６年度"));
    }

    #[test]
    fn a_horizontal_title_over_columns_reads_left_to_right_first() {
        let mut raw = Vec::new();
        for (i, c) in "上水南町寄付".chars().enumerate() {
            raw.push(glyph(
                60.0 + 10.0 * i as f64,
                790.0,
                (10.0, 0.0),
                &c.to_string(),
            ));
        }
        for (k, col) in ["工事費の内訳です", "植栽工事一式"].iter().enumerate() {
            for (i, c) in col.chars().enumerate() {
                let x = 500.0 - 20.0 * k as f64;
                raw.push(glyph(
                    x,
                    760.0 - 10.0 * i as f64,
                    (0.0, -10.0),
                    &c.to_string(),
                ));
            }
        }
        let lines: Vec<String> = lay_out(raw, &[])
            .into_iter()
            .map(|l| l.text)
            .filter(|t| !t.is_empty())
            .collect();
        assert_eq!(lines, ["上水南町寄付", "工事費の内訳です", "植栽工事一式"]);
    }
}
