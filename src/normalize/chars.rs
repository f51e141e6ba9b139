//! Character rules on one line, keeping for every output character the raw bytes it came from.
//!
//! The pass is split in two: [`char_pass`] (width and compatibility forms by NFKC with the
//! `keep` exceptions, radicals, deleted and whitespace characters, wave dashes) runs on each
//! raw line; [`finish`] (PDF spaces, label spaces, hyphens between ASCII digits and letters,
//! trimming) runs on each logical line once the layout work has joined what belongs together.

use unicode_normalization::char::{canonical_combining_class, decompose_compatible};
use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

use super::Ctx;
use super::{set, CharRules, CharSets, OffsetMap, Origin};
use crate::ingest::radicals::map_radical;
use crate::lexical::chars::is_japanese;
use crate::numbering::{parse_label, scheme};

/// One character of normalized text and where it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Item {
    pub c: char,
    pub o: Origin,
    /// `c` is the raw character at `o` itself (the fast path and tabs): text made of such
    /// characters can be copied from the raw line instead of encoded again.
    pub raw: bool,
}

/// Characters NFKC leaves as they are and that can start a new normalization segment:
/// ASCII (but `~`, mapped by the wave rule), kana, CJK punctuation and ideographs.
const FAST_RANGES: [(u32, u32); 8] = [
    (0x20, 0x7D),
    (0x3001, 0x301B),
    (0x301D, 0x3029),
    (0x3041, 0x3096),
    (0x30A1, 0x30FA),
    (0x30FC, 0x30FE),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
];

/// [`FAST_RANGES`] as one bit per character of the Basic Multilingual Plane (8 KiB), so
/// that the test on every character costs one load.
static FAST: [u64; 1024] = bitmap(&FAST_RANGES);

#[inline]
fn fast(c: char) -> bool {
    let u = c as u32;
    u < 0x10000 && FAST[(u >> 6) as usize] & (1 << (u & 63)) != 0
}

/// One bit per character of the Basic Multilingual Plane for the inclusive ranges given.
const fn bitmap(ranges: &[(u32, u32)]) -> [u64; 1024] {
    let mut t = [0u64; 1024];
    let mut r = 0;
    while r < ranges.len() {
        let (lo, hi) = ranges[r];
        let mut u = lo;
        while u <= hi {
            t[(u >> 6) as usize] |= 1 << (u & 63);
            u += 1;
        }
        r += 1;
    }
    t
}

/// Display width in columns: 2 for East Asian wide characters, 1 otherwise.
#[inline]
pub(crate) fn width(c: char) -> u32 {
    let u = c as u32;
    if u >= 0x1100 && !(0xFF61..=0xFFDC).contains(&u) && !(0x2000..=0x2E7F).contains(&u) {
        2
    } else {
        1
    }
}

/// True when no character before `c` can combine with it under NFKC, so a normalization
/// segment may end just before it.
fn boundary_before(c: char, sets: &CharSets) -> bool {
    if c.is_ascii() || fast(c) || sets.has(c, set::KEEP) {
        return true;
    }
    let mut first = None;
    decompose_compatible(c, |d| {
        if first.is_none() {
            first = Some(d);
        }
    });
    let d = first.unwrap_or(c);
    canonical_combining_class(d) == 0 && is_nfkc_quick(std::iter::once(d)) == IsNormalized::Yes
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Pull {
    No,
    Open,
    Yes,
}

/// Apply the per-character rules to one raw line, appending to `out`. `seg` is scratch space.
pub(crate) fn char_pass(
    raw: &str,
    line: u32,
    rules: &CharRules,
    out: &mut Vec<Item>,
    seg: &mut String,
) {
    let sets = rules.sets();
    seg.clear();
    out.reserve(raw.len());
    let mut seg_start = 0u32;
    let mut seg_end = 0u32;
    // Whether a combining mark may still take the last item, pushed by the fast path, back
    // into its segment (か + U+3099 → が): `Pull::Open` right after the push; the next
    // character decides (`Yes` when it is not ASCII), and deleted characters after that
    // change nothing. This is what the segments did when the fast path looked ahead.
    let mut pull = Pull::No;
    for (i, c0) in raw.char_indices() {
        let end = (i + c0.len_utf8()) as u32;
        let i = i as u32;
        if fast(c0) {
            // Fast path: NFKC leaves the character alone.
            if !seg.is_empty() {
                flush(seg, seg_start, seg_end, line, rules, out);
            }
            out.push(Item {
                c: c0,
                o: Origin {
                    line,
                    start: i,
                    end,
                },
                raw: true,
            });
            pull = Pull::Open;
            continue;
        }
        if pull == Pull::Open {
            pull = if c0.is_ascii() { Pull::No } else { Pull::Yes };
        }
        let c = if c0 == '\t' {
            '\t'
        } else if (c0 as u32) < 0x20 || (0x7F..=0x9F).contains(&(c0 as u32)) {
            continue; // control characters are deleted
        } else if sets.has(c0, set::DELETE) {
            continue;
        } else if c0.is_whitespace() {
            ' '
        } else {
            map_radical(c0).unwrap_or(c0)
        };
        if c == '~' || sets.has(c, set::WAVE) {
            // Wave dashes and tildes: one form, decided before NFKC (which would turn `～`
            // into `~`). A `~` after `/` (a path: `/~user`) stays.
            flush(seg, seg_start, seg_end, line, rules, out);
            pull = Pull::No;
            let keep_tilde = c == '~' && out.last().is_some_and(|p| p.c == '/');
            let w = rules.wave.chars().next().unwrap_or(c);
            out.push(Item {
                c: if keep_tilde { '~' } else { w },
                o: Origin {
                    line,
                    start: i,
                    end,
                },
                raw: false,
            });
            continue;
        }
        if c == '\t' {
            // A tab (table columns: frequent) is a segment of its own, as NFKC leaves it,
            // unless a combining mark follows (only deleted characters between): `Pull::Yes`.
            flush(seg, seg_start, seg_end, line, rules, out);
            out.push(Item {
                c,
                o: Origin {
                    line,
                    start: i,
                    end,
                },
                raw: true,
            });
            pull = Pull::Yes;
            continue;
        }
        if boundary_before(c, sets) {
            flush(seg, seg_start, seg_end, line, rules, out);
            seg_start = i;
        } else if seg.is_empty() && pull == Pull::Yes {
            if let Some(p) = out.pop() {
                seg.push(p.c);
                seg_start = p.o.start;
            }
        }
        pull = Pull::No;
        if seg.is_empty() {
            seg_start = i;
        }
        seg.push(c);
        seg_end = end;
    }
    flush(seg, seg_start, seg_end, line, rules, out);
}

/// Normalize one segment (a starter and what may combine with it) and append it.
fn flush(
    seg: &mut String,
    start: u32,
    end: u32,
    line: u32,
    rules: &CharRules,
    out: &mut Vec<Item>,
) {
    if seg.is_empty() {
        return;
    }
    let sets = rules.sets();
    let o = Origin { line, start, end };
    let mut it = seg.chars();
    let first = it.next();
    let single = it.next().is_none();
    match first {
        // (A radical mapped to its ideograph is fast too, so these are not `raw`.)
        Some(c) if single && fast(c) => out.push(Item { c, o, raw: false }),
        Some(c) if sets.has(c, set::KEEP) => {
            out.push(Item { c, o, raw: false });
            let rest = seg.get(c.len_utf8()..).unwrap_or("");
            for n in rest.nfkc() {
                push_post(n, o, rules, out);
            }
        }
        _ => {
            for n in seg.nfkc() {
                push_post(n, o, rules, out);
            }
        }
    }
    seg.clear();
}

/// Rules applied to NFKC output: every space is " ".
#[inline]
fn push_post(c: char, o: Origin, _rules: &CharRules, out: &mut Vec<Item>) {
    let c = if c.is_whitespace() && c != '\t' {
        ' '
    } else {
        c
    };
    out.push(Item { c, o, raw: false });
}

#[inline]
fn is_numeric_char(c: char) -> bool {
    c.is_ascii_digit() || c == ',' || c == '.'
}

/// The token (run of characters other than space and tab) that ends at `end` (exclusive).
fn token_before(v: &[Item], end: usize) -> &[Item] {
    let mut s = end;
    while s > 0 && !matches!(v[s - 1].c, ' ' | '\t') {
        s -= 1;
    }
    &v[s..end]
}

/// The token that starts at `start`.
fn token_after(v: &[Item], start: usize) -> &[Item] {
    let mut e = start;
    while e < v.len() && !matches!(v[e].c, ' ' | '\t') {
        e += 1;
    }
    &v[start..e]
}

/// A token PDF extraction makes by spacing letters apart: one character, or a number.
fn short(t: &[Item]) -> bool {
    t.len() == 1
        || (t.iter().all(|i| is_numeric_char(i.c)) && t.iter().any(|i| i.c.is_ascii_digit()))
}

fn upper_alone_before(v: &[Item], i: usize) -> bool {
    // v[i] is an ASCII capital with no letter or digit before it.
    v[i].c.is_ascii_uppercase() && (i == 0 || !v[i - 1].c.is_ascii_alphanumeric())
}

fn upper_alone_after(v: &[Item], i: usize) -> bool {
    v[i].c.is_ascii_uppercase() && v.get(i + 1).is_none_or(|n| !n.c.is_ascii_alphanumeric())
}

/// `基本目標 2 地域…`: the number that ends at `end` follows a numbering keyword, so the space
/// after it separates a label from its title.
fn after_keyword(v: &[Item], end: usize, rules: &Ctx) -> bool {
    let mut s = end;
    while s > 0 && v[s - 1].c.is_ascii_digit() {
        s -= 1;
    }
    if s > 0 && v[s - 1].c == ' ' {
        s -= 1;
    }
    rules.numbering.keywords.iter().any(|k| {
        let n = k.chars().count();
        n > 0 && s >= n && v[s - n..s].iter().map(|i| i.c).eq(k.chars())
    })
}

/// Whether the single space at `i` was put there by extraction and goes.
fn drop_space(v: &[Item], i: usize, rules: &Ctx) -> bool {
    let (l, r) = (v[i - 1].c, v[i + 1].c);
    let (jl, jr) = (is_japanese(l), is_japanese(r));
    if jl && jr {
        return short(token_before(v, i)) || short(token_after(v, i + 1));
    }
    if jl && r.is_ascii_digit() {
        // 令和 7 年度, 昭 和 61 年; not 本町 1-1-1 or 電話 03(3430)1111.
        let t = token_after(v, i + 1);
        let run = t.iter().take_while(|x| is_numeric_char(x.c)).count();
        return t.get(run).is_none_or(|x| is_japanese(x.c));
    }
    if l.is_ascii_digit() && jr {
        let t = token_before(v, i);
        let run = t.iter().rev().take_while(|x| is_numeric_char(x.c)).count();
        let before = t.len() - run;
        return (before == 0 || is_japanese(t[before - 1].c)) && !after_keyword(v, i, rules);
    }
    if upper_alone_before(v, i - 1) && upper_alone_after(v, i + 1) {
        return true; // G I G A
    }
    if upper_alone_before(v, i - 1) && r.is_ascii_digit() {
        // R 2 年度: an era letter before a year.
        let mut e = i + 1;
        while e < v.len() && v[e].c.is_ascii_digit() {
            e += 1;
        }
        let next = match v.get(e) {
            Some(n) if n.c == ' ' => v.get(e + 1),
            n => n,
        };
        return next.is_some_and(|n| is_japanese(n.c));
    }
    false
}

/// A line of single characters each followed by one space, with Japanese among them and at
/// least four characters: spaced apart for layout, not words.
fn letter_spaced(v: &[Item]) -> bool {
    let mut chars = 0;
    let mut japanese = false;
    for (n, it) in v.iter().enumerate() {
        let space = it.c == ' ';
        // Characters at even places, single spaces at odd places.
        if space != (n % 2 == 1) || it.c == '\t' {
            return false;
        }
        if !space {
            chars += 1;
            japanese |= is_japanese(it.c);
        }
    }
    chars >= 3 && japanese
}

fn is_kanji_numeral(c: char) -> bool {
    "一二三四五六七八九十".contains(c)
}

/// The item range `[from, to)` of the spaces after a line-start label (`1 計画…`, `(1) 事務`,
/// `施策1 質…`): they stay. Bullets (`- `, `・`) before the label are skipped.
fn label_gap(v: &[Item], rules: &Ctx, scratch: &mut String) -> Option<(usize, usize)> {
    let sets = rules.chars.sets();
    let mut k = 0;
    while k < v.len() && (sets.has(v[k].c, set::BULLET) || v[k].c == ' ') {
        k += 1;
    }
    scratch.clear();
    scratch.extend(v[k..].iter().map(|i| i.c));
    let f = parse_label(scratch, rules.numbering)?;
    let label_end = f.label.raw.len();
    if f.title_start <= label_end {
        return None;
    }
    if f.label.scheme == scheme::DAI
        && scratch
            .get(f.title_start..)
            .and_then(|t| t.chars().next())
            .is_some_and(|c| sets.has(c, set::ORDINAL_UNIT))
    {
        return None; // 第 7 次: an ordinal word, not a label
    }
    // Byte offsets to item indices.
    let mut from = None;
    let mut to = None;
    for (n, (b, _)) in scratch.char_indices().enumerate() {
        if b == label_end {
            from = Some(k + n);
        }
        if b == f.title_start {
            to = Some(k + n);
        }
    }
    Some((from?, to.unwrap_or(v.len())))
}

/// Append the characters of `v` to `text` and their origins to `map` (if any), as one
/// [`OffsetMap::push`] per character would, but extending an identity run (characters that
/// take the raw bytes one after the other) without the general test.
fn push_all<'r>(
    v: &[Item],
    text: &mut String,
    map: Option<&mut OffsetMap>,
    raw: &impl Fn(u32) -> Option<&'r str>,
) {
    let Some(map) = map else {
        push_text(v, text, raw);
        return;
    };
    let text_start = text.len();
    let mut k = 0;
    while let Some(it) = v.get(k) {
        map.push(k, text.len() - text_start, it.c, it.o);
        text.push(it.c);
        k += 1;
        let Some(r) = map.runs.last_mut().filter(|r| r.identity) else {
            continue;
        };
        while let Some(n) = v.get(k) {
            if n.o.line != r.line
                || n.o.start != r.end
                || n.o.end.wrapping_sub(n.o.start) as usize != n.c.len_utf8()
            {
                break;
            }
            r.end = n.o.end;
            text.push(n.c);
            k += 1;
        }
    }
}

/// Append the characters of `v` to `text`: runs of `raw` characters that are consecutive in
/// one raw line (`raw(line)`) are copied from it, the others encoded one by one.
fn push_text<'r>(v: &[Item], text: &mut String, raw: &impl Fn(u32) -> Option<&'r str>) {
    let mut k = 0;
    while let Some(it) = v.get(k) {
        k += 1;
        if !it.raw {
            text.push(it.c);
            continue;
        }
        let (line, start) = (it.o.line, it.o.start);
        let mut end = it.o.end;
        let first = k - 1;
        while let Some(n) = v
            .get(k)
            .filter(|n| n.raw && n.o.line == line && n.o.start == end)
        {
            end = n.o.end;
            k += 1;
        }
        match raw(line).and_then(|l| l.get(start as usize..end as usize)) {
            Some(s) => text.push_str(s),
            None => text.extend(v[first..k].iter().map(|i| i.c)),
        }
    }
}

/// Finish a logical line: trim, drop extraction spaces, fix hyphens; append the text to
/// `text` and the origins of its characters to `map` (when there is one: `jplan normalize`
/// prints only the text). `raw(n)` is the text of raw line `n` of the page.
pub(crate) fn finish<'r>(
    items: &[Item],
    rules: &Ctx,
    scratch: &mut String,
    kept: &mut Vec<Item>,
    text: &mut String,
    map: Option<&mut OffsetMap>,
    raw: &impl Fn(u32) -> Option<&'r str>,
) {
    let sets = rules.chars.sets();
    let mut lo = 0;
    let mut hi = items.len();
    while lo < hi && items[lo].c == ' ' {
        lo += 1;
    }
    while hi > lo && items[hi - 1].c == ' ' {
        hi -= 1;
    }
    let v = &items[lo..hi];
    text.reserve(v.len() * 3);
    let (mut has_space, mut has_dash) = (false, false);
    for i in v {
        if i.c == ' ' {
            has_space = true;
        } else if !i.c.is_ascii() && sets.has(i.c, set::HYPHEN | set::LONG_DASH) {
            has_dash = true;
        }
    }
    if !has_space && !has_dash {
        push_all(v, text, map, raw);
        return;
    }
    // A line spaced letter by letter (`平 成 1 7 年 3 月`, `四 万 十 市`): every single space
    // goes, also between digits; a kanji numeral at its start is part of a word (a name such as
    // `三 条 市`), not a label.
    let spaced = has_space && letter_spaced(v);
    let gap = if has_space {
        label_gap(v, rules, scratch).filter(|_| !(spaced && is_kanji_numeral(v[0].c)))
    } else {
        None
    };
    // The characters kept: everything but the single spaces extraction put there, copied
    // in slices between them.
    kept.clear();
    let mut from = 0;
    for (n, it) in v.iter().enumerate() {
        if it.c == ' '
            && n > 0
            && n + 1 < v.len()
            && !matches!(v[n - 1].c, ' ' | '\t')
            && !matches!(v[n + 1].c, ' ' | '\t')
            && gap.is_none_or(|(a, b)| n < a || n >= b)
            && (spaced || drop_space(v, n, rules))
        {
            kept.extend_from_slice(&v[from..n]);
            from = n + 1;
        }
    }
    kept.extend_from_slice(&v[from..]);
    if has_dash {
        // Hyphens between ASCII letters or digits, long dashes between digits: `-` (judged
        // on the characters as they were).
        let mut prev: Option<char> = None;
        for k in 0..kept.len() {
            let c = kept[k].c;
            if !c.is_ascii() {
                let next = kept.get(k + 1).map(|n| n.c);
                let f = sets.get(c);
                if f & set::HYPHEN != 0
                    && prev.is_some_and(|p| p.is_ascii_alphanumeric())
                    && next.is_some_and(|p| p.is_ascii_alphanumeric())
                    || f & set::LONG_DASH != 0
                        && prev.is_some_and(|p| p.is_ascii_digit())
                        && next.is_some_and(|p| p.is_ascii_digit())
                {
                    kept[k].c = '-';
                    kept[k].raw = false;
                }
            }
            prev = Some(c);
        }
    }
    push_all(kept, text, map, raw);
}
