//! Similarity of Japanese text, which has no spaces between words: texts are compared as
//! multisets of character bigrams (Dice coefficient), and changes are shown as character-level
//! edit operations computed with the `similar` crate.

use serde::Serialize;
use similar::{capture_diff_slices, Algorithm, DiffOp};

/// The text with all white space removed: PDF converters scatter spaces inside Japanese
/// (`狛 江 市`, `令和 7 年度`), so spaces never count as a difference in similarity.
pub fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A text reduced to its sorted character bigrams (unigrams for one-character texts).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Profile {
    grams: Vec<u64>,
}

impl Profile {
    /// Profile of `text` (white space ignored).
    pub fn of(text: &str) -> Profile {
        let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
        let mut grams: Vec<u64> = if chars.len() == 1 {
            chars.iter().map(|&c| c as u64).collect()
        } else {
            chars
                .windows(2)
                .map(|w| match w {
                    [a, b] => ((*a as u64) << 32) | (*b as u64),
                    _ => 0,
                })
                .collect()
        };
        grams.sort_unstable();
        Profile { grams }
    }

    /// Number of grams.
    pub fn len(&self) -> usize {
        self.grams.len()
    }

    /// True for an empty (or all-space) text.
    pub fn is_empty(&self) -> bool {
        self.grams.is_empty()
    }

    /// Size of the multiset intersection.
    pub fn common(&self, other: &Profile) -> usize {
        let (mut i, mut j, mut n) = (0, 0, 0);
        while let (Some(a), Some(b)) = (self.grams.get(i), other.grams.get(j)) {
            match a.cmp(b) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    n += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        n
    }

    /// The multiset union of several profiles.
    pub fn union<'a>(parts: impl IntoIterator<Item = &'a Profile>) -> Profile {
        let mut grams: Vec<u64> = parts
            .into_iter()
            .flat_map(|p| p.grams.iter().copied())
            .collect();
        grams.sort_unstable();
        Profile { grams }
    }
}

/// Dice coefficient of two profiles, 0.0–1.0; two empty texts are identical (1.0).
pub fn dice(a: &Profile, b: &Profile) -> f64 {
    let total = a.len() + b.len();
    if total == 0 {
        return 1.0;
    }
    (2 * a.common(b)) as f64 / total as f64
}

/// The highest Dice coefficient two texts of these gram counts could reach.
pub fn dice_bound(a: usize, b: usize) -> f64 {
    let total = a + b;
    if total == 0 {
        1.0
    } else {
        (2 * a.min(b)) as f64 / total as f64
    }
}

/// Share of `part`'s grams found in `whole`, 0.0–1.0 (0.0 for an empty `part`).
pub fn containment(part: &Profile, whole: &Profile) -> f64 {
    if part.is_empty() {
        return 0.0;
    }
    part.common(whole) as f64 / part.len() as f64
}

/// Dice similarity of two strings.
pub fn similarity(a: &str, b: &str) -> f64 {
    dice(&Profile::of(a), &Profile::of(b))
}

/// Round to three decimals so that JSON output is short and stable.
pub fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// What a run of characters is in a text diff.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum OpKind {
    /// In both texts.
    Equal,
    /// Only in the old text (削除).
    Delete,
    /// Only in the new text (追加).
    Insert,
}

/// One run of a character-level diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct TextOp {
    pub op: OpKind,
    pub text: String,
}

/// Character-level diff of `old` and `new` (Myers, via `similar`), as runs of equal, deleted
/// and inserted text. An equal run of a single character between two changes is folded into
/// the changes: in Japanese a lone shared `の` or `を` splits one edit into two unreadably.
///
/// Long texts are compared line by line first, and only changed blocks of at most
/// [`CHAR_DIFF_LIMIT`] characters a side character by character (a larger changed block is one
/// deletion and one insertion): Myers on two long, unrelated texts is quadratic, and a deadline
/// would make the output depend on the machine's speed.
pub fn char_ops(old: &str, new: &str) -> Vec<TextOp> {
    let (la, lb) = (old.chars().count(), new.chars().count());
    if la <= CHAR_DIFF_LIMIT && lb <= CHAR_DIFF_LIMIT {
        return fold_short_equals(char_level(old, new));
    }
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    let mut ops: Vec<TextOp> = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, &a, &b) {
        let (old_range, new_range) = (op.old_range(), op.new_range());
        let old_text: String = a.get(old_range).map(|v| v.concat()).unwrap_or_default();
        let new_text: String = b.get(new_range).map(|v| v.concat()).unwrap_or_default();
        match op {
            DiffOp::Equal { .. } => push(&mut ops, OpKind::Equal, old_text),
            DiffOp::Delete { .. } => push(&mut ops, OpKind::Delete, old_text),
            DiffOp::Insert { .. } => push(&mut ops, OpKind::Insert, new_text),
            DiffOp::Replace { .. } => {
                if old_text.chars().count() <= CHAR_DIFF_LIMIT
                    && new_text.chars().count() <= CHAR_DIFF_LIMIT
                {
                    for o in char_level(&old_text, &new_text) {
                        push(&mut ops, o.op, o.text);
                    }
                } else {
                    push(&mut ops, OpKind::Delete, old_text);
                    push(&mut ops, OpKind::Insert, new_text);
                }
            }
        }
    }
    fold_short_equals(ops)
}

/// Longest text, in characters a side, compared character by character in one piece.
pub const CHAR_DIFF_LIMIT: usize = 4_000;

/// The character-level Myers diff of two texts, unfolded.
fn char_level(old: &str, new: &str) -> Vec<TextOp> {
    let a: Vec<char> = old.chars().collect();
    let b: Vec<char> = new.chars().collect();
    let raw = capture_diff_slices(Algorithm::Myers, &a, &b);
    let slice = |v: &[char], start: usize, len: usize| -> String {
        v.get(start..start.saturating_add(len).min(v.len()))
            .map(|s| s.iter().collect())
            .unwrap_or_default()
    };
    let mut ops: Vec<TextOp> = Vec::new();
    for op in raw {
        match op {
            DiffOp::Equal { old_index, len, .. } => {
                push(&mut ops, OpKind::Equal, slice(&a, old_index, len))
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => push(&mut ops, OpKind::Delete, slice(&a, old_index, old_len)),
            DiffOp::Insert {
                new_index, new_len, ..
            } => push(&mut ops, OpKind::Insert, slice(&b, new_index, new_len)),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                push(&mut ops, OpKind::Delete, slice(&a, old_index, old_len));
                push(&mut ops, OpKind::Insert, slice(&b, new_index, new_len));
            }
        }
    }
    ops
}

/// Append, merging with the previous run of the same kind (so deletions stay before
/// insertions when they meet).
pub(super) fn push(ops: &mut Vec<TextOp>, op: OpKind, text: String) {
    if text.is_empty() {
        return;
    }
    if let Some(last) = ops.last_mut() {
        if last.op == op {
            last.text.push_str(&text);
            return;
        }
    }
    ops.push(TextOp { op, text });
}

/// Fold one-character equal runs that sit between changes into the surrounding changes,
/// keeping deletions before insertions.
fn fold_short_equals(ops: Vec<TextOp>) -> Vec<TextOp> {
    let n = ops.len();
    let mut out: Vec<TextOp> = Vec::with_capacity(n);
    let mut i = 0;
    while i < n {
        let Some(cur) = ops.get(i) else { break };
        let between_changes = cur.op == OpKind::Equal
            && cur.text.chars().count() == 1
            && i > 0
            && ops.get(i + 1).is_some_and(|o| o.op != OpKind::Equal)
            && out.last().is_some_and(|o| o.op != OpKind::Equal);
        if between_changes {
            // Gather the change run before (already in `out`) and after this character.
            let mut dels = String::new();
            let mut ins = String::new();
            while let Some(last) = out.last() {
                if last.op == OpKind::Equal {
                    break;
                }
                if let Some(last) = out.pop() {
                    match last.op {
                        OpKind::Delete => dels.insert_str(0, &last.text),
                        _ => ins.insert_str(0, &last.text),
                    }
                }
            }
            dels.push_str(&cur.text);
            ins.push_str(&cur.text);
            i += 1;
            while let Some(next) = ops.get(i) {
                match next.op {
                    OpKind::Delete => dels.push_str(&next.text),
                    OpKind::Insert => ins.push_str(&next.text),
                    OpKind::Equal => break,
                }
                i += 1;
            }
            push(&mut out, OpKind::Delete, dels);
            push(&mut out, OpKind::Insert, ins);
            continue;
        }
        push(&mut out, cur.op, cur.text.clone());
        i += 1;
    }
    out
}

/// The old text of a diff (equal + deleted runs).
pub fn old_text(ops: &[TextOp]) -> String {
    ops.iter()
        .filter(|o| o.op != OpKind::Insert)
        .map(|o| o.text.as_str())
        .collect()
}

/// The new text of a diff (equal + inserted runs).
pub fn new_text(ops: &[TextOp]) -> String {
    ops.iter()
        .filter(|o| o.op != OpKind::Delete)
        .map(|o| o.text.as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ops_rebuild_both_texts() {
        let old = "市民サービスの向上を図ります。";
        let new = "市民サービスの一層の向上を目指します。";
        let ops = char_ops(old, new);
        assert_eq!(old_text(&ops), old);
        assert_eq!(new_text(&ops), new);
        assert!(ops
            .iter()
            .any(|o| o.op == OpKind::Insert && o.text.contains("一層")));
    }

    #[test]
    fn dice_ignores_spaces_and_is_symmetric() {
        assert_eq!(similarity("狛 江 市", "狛江市"), 1.0);
        let a = similarity("行政事務の効率化", "行政事務の見直し");
        let b = similarity("行政事務の見直し", "行政事務の効率化");
        assert_eq!(a, b);
        assert!(a > 0.3 && a < 0.8, "{a}");
        assert_eq!(similarity("", ""), 1.0);
        assert_eq!(similarity("あ", ""), 0.0);
    }

    #[test]
    fn containment_of_a_half() {
        let whole = Profile::of("電子申請の拡充と窓口手続の簡素化を進めます");
        let half = Profile::of("電子申請の拡充");
        assert_eq!(containment(&half, &whole), 1.0);
        assert!(containment(&whole, &half) < 0.5);
    }
}
