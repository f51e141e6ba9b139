//! Prose diff: paragraphs compared after reflow, word by word.
//!
//! Extracted text keeps the line breaks of the page, and a new edition wraps the same sentence
//! at other places. Both sides are reflowed first ([`reflow`]: a line break or space between
//! two Japanese characters is dropped, other whitespace runs become one space), so a wrap
//! position never shows as a change. The reflowed texts are then cut into word-ish segments
//! ([`segments`]: runs of one script — kanji, hiragana, katakana, Latin letters and digits —
//! and each punctuation mark alone) and compared segment by segment, so a change shows as
//! the words that changed (`[-補修-]{+全面的な改修+}`) rather than scattered characters.

use similar::{capture_diff_slices, Algorithm, DiffOp};

use super::similarity::{push, OpKind, TextOp};

/// Longest text, in segments a side, compared in one piece; longer texts are compared
/// paragraph by paragraph first (Myers is quadratic in the worst case).
const SEGMENT_LIMIT: usize = 6_000;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Script {
    Kanji,
    Hiragana,
    Katakana,
    Word,
    Space,
    Mark,
}

fn script(c: char) -> Script {
    match c {
        '\u{3041}'..='\u{309f}' => Script::Hiragana,
        '\u{30a0}'..='\u{30ff}' | '\u{ff66}'..='\u{ff9f}' => Script::Katakana,
        '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '々' | '〆' => Script::Kanji,
        c if c.is_whitespace() => Script::Space,
        c if c.is_alphanumeric() => Script::Word,
        _ => Script::Mark,
    }
}

fn cjk(c: char) -> bool {
    matches!(
        script(c),
        Script::Kanji | Script::Hiragana | Script::Katakana
    ) || (!c.is_ascii() && script(c) == Script::Mark)
}

/// The text with its wrap positions removed: whitespace beside a Japanese character or
/// punctuation mark is dropped (a wrap or a spurious PDF space may fall between `DX` and `の` in
/// one version only), whitespace between two Latin words becomes one space, and the ends are
/// trimmed.
pub fn reflow(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            let mut j = i;
            while j < chars.len() && chars[j].is_whitespace() {
                j += 1;
            }
            let before = out.chars().last();
            let after = chars.get(j).copied();
            match (before, after) {
                (Some(b), Some(a)) if !(cjk(b) || cjk(a)) => out.push(' '),
                _ => {}
            }
            i = j;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Word-ish segments: runs of one script; each punctuation mark alone; a number keeps its
/// `,` and `.` (`1,234.5`).
pub fn segments(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev: Option<Script> = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let mut s = script(c);
        // `,` or `.` between digits belongs to the number.
        if matches!(c, ',' | '.')
            && k > 0
            && chars[k - 1].1.is_ascii_digit()
            && chars.get(k + 1).is_some_and(|n| n.1.is_ascii_digit())
        {
            s = Script::Word;
        }
        let cut = match prev {
            None => false,
            Some(p) => p != s || s == Script::Mark,
        };
        if cut && i > start {
            out.push(&text[start..i]);
            start = i;
        }
        prev = Some(s);
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// The diff of two prose texts after reflow, segment by segment.
pub fn prose_ops(old: &str, new: &str) -> Vec<TextOp> {
    let (a, b) = (reflow(old), reflow(new));
    if a == b {
        return if a.is_empty() {
            Vec::new()
        } else {
            vec![TextOp {
                op: OpKind::Equal,
                text: a,
            }]
        };
    }
    let sa = segments(&a);
    let sb = segments(&b);
    let mut ops = Vec::new();
    if sa.len() <= SEGMENT_LIMIT && sb.len() <= SEGMENT_LIMIT {
        diff_segments(&sa, &sb, &mut ops);
    } else {
        // Paragraphs first (at sentence ends), then segments inside changed blocks.
        let pa = sentences(&a);
        let pb = sentences(&b);
        for op in capture_diff_slices(Algorithm::Myers, &pa, &pb) {
            let ot: String = pa[op.old_range()].concat();
            let nt: String = pb[op.new_range()].concat();
            match op {
                DiffOp::Equal { .. } => push(&mut ops, OpKind::Equal, ot),
                DiffOp::Delete { .. } => push(&mut ops, OpKind::Delete, ot),
                DiffOp::Insert { .. } => push(&mut ops, OpKind::Insert, nt),
                DiffOp::Replace { .. } => {
                    let (x, y) = (segments(&ot), segments(&nt));
                    if x.len() <= SEGMENT_LIMIT && y.len() <= SEGMENT_LIMIT {
                        diff_segments(&x, &y, &mut ops);
                    } else {
                        push(&mut ops, OpKind::Delete, ot);
                        push(&mut ops, OpKind::Insert, nt);
                    }
                }
            }
        }
    }
    fold_short_equals(ops)
}

fn sentences(t: &str) -> Vec<&str> {
    t.split_inclusive(['。', '\n']).collect()
}

fn diff_segments(a: &[&str], b: &[&str], ops: &mut Vec<TextOp>) {
    for op in capture_diff_slices(Algorithm::Myers, a, b) {
        let ot: String = a[op.old_range()].concat();
        let nt: String = b[op.new_range()].concat();
        match op {
            DiffOp::Equal { .. } => push(ops, OpKind::Equal, ot),
            DiffOp::Delete { .. } => push(ops, OpKind::Delete, ot),
            DiffOp::Insert { .. } => push(ops, OpKind::Insert, nt),
            DiffOp::Replace { .. } => {
                push(ops, OpKind::Delete, ot);
                push(ops, OpKind::Insert, nt);
            }
        }
    }
}

/// An equal run of one segment of at most two characters between changes (a particle `の`,
/// a comma) is folded into the changes around it, so one edit reads as one phrase.
fn fold_short_equals(ops: Vec<TextOp>) -> Vec<TextOp> {
    let mut out: Vec<TextOp> = Vec::new();
    let n = ops.len();
    let mut i = 0;
    while i < n {
        let op = &ops[i];
        let between =
            i > 0 && i + 1 < n && ops[i - 1].op != OpKind::Equal && ops[i + 1].op != OpKind::Equal;
        if op.op == OpKind::Equal && between && op.text.chars().count() <= 2 {
            // Give the equal text to both the deletion and the insertion around it.
            let mut del = String::new();
            let mut ins = String::new();
            while let Some(last) = out.last() {
                if last.op == OpKind::Equal {
                    break;
                }
                let l = out.pop().unwrap_or_else(|| TextOp {
                    op: OpKind::Equal,
                    text: String::new(),
                });
                if l.op == OpKind::Delete {
                    del.insert_str(0, &l.text);
                } else {
                    ins.insert_str(0, &l.text);
                }
            }
            del.push_str(&op.text);
            ins.push_str(&op.text);
            let mut j = i + 1;
            while j < n && ops[j].op != OpKind::Equal {
                if ops[j].op == OpKind::Delete {
                    del.push_str(&ops[j].text);
                } else {
                    ins.push_str(&ops[j].text);
                }
                j += 1;
            }
            push(&mut out, OpKind::Delete, del);
            push(&mut out, OpKind::Insert, ins);
            i = j;
            continue;
        }
        push(&mut out, op.op, op.text.clone());
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(ops: &[TextOp]) -> String {
        ops.iter()
            .map(|o| match o.op {
                OpKind::Equal => o.text.clone(),
                OpKind::Delete => format!("[-{}-]", o.text),
                OpKind::Insert => format!("{{+{}+}}", o.text),
            })
            .collect()
    }

    #[test]
    fn wrap_positions_are_not_changes() {
        let old =
            "地区内の村道は、舗装の劣化が進んでおり、安全な通行のために補修が必要となっ\nている。";
        let new = "地区内の村道は、舗装の劣化が進んでおり、\n安全な通行のために補修が\n必要となっている。";
        let ops = prose_ops(old, new);
        assert_eq!(ops.len(), 1);
        assert_eq!(ops[0].op, OpKind::Equal);
    }

    #[test]
    fn a_change_shows_as_the_words_that_changed() {
        let old = "安全な通行のために補修が必要となっ\nている。";
        let new = "安全な通行のために全面的な改修が\n必要となっている。";
        assert_eq!(
            show(&prose_ops(old, new)),
            "安全な通行のために[-補修-]{+全面的な改修+}が必要となっている。"
        );
    }

    #[test]
    fn segments_split_at_script_changes_and_marks() {
        assert_eq!(
            segments("予算は1,234.5千円、R7年度に"),
            vec!["予算", "は", "1,234.5", "千円", "、", "R7", "年度", "に"]
        );
    }

    #[test]
    fn latin_words_keep_one_space_and_spaces_beside_kana_or_kanji_go() {
        assert_eq!(
            reflow("DX の\n推進 and  more\nwords"),
            "DXの推進and more words"
        );
    }
}
