//! Character classes: one definition of each, used by every stage.
//!
//! The classes follow the Unicode blocks (and, where it matters, the Unicode `Script`
//! property) rather than any one stage's needs; a stage that needs a different class on
//! purpose names a different function of this module, never a range of its own.
//!
//! | class | characters |
//! |---|---|
//! | [`is_han`] | CJK ideographs (U+4E00 block, extension A, compatibility ideographs, planes 2–3) and the ideographic marks `々 〆 〇 〻`, and `ヶ` (read as a kanji in names: `霞ヶ関`) |
//! | [`is_hiragana`] | hiragana with the sound marks `゛ ゜ ゝ ゞ ゟ` |
//! | [`is_katakana`] | katakana (full- and half-width, small katakana extension) with the long vowel mark `ー`/`ｰ` and `ヽ ヾ ヿ`; not `・` |
//! | [`is_kana`] | hiragana or katakana |
//! | [`is_kana_or_han`] | letters of Japanese words: kana or han, no punctuation |
//! | [`is_cjk_punct`] | CJK symbols and punctuation (`、。「」【】〜` …, U+3001–U+303F without the tone marks) and `・ ゠` |
//! | [`is_japanese`] | Japanese text: han, kana, CJK punctuation and `～` |
//! | [`is_fullwidth_form`] | the Halfwidth and Fullwidth Forms block (`（ ） ０ Ａ ～ ｶ` …) |
//! | [`is_cjk`] | every character of the CJK blocks, as laid out on a page: radicals, CJK punctuation, kana, enclosed and compatibility forms, han, vertical forms, full-width forms |
//! | [`is_dash`] | hyphens, dashes, minus signs, long vowel marks and box-drawing lines (`- ‐ – — ― − － ー ─ ━`): a range between two dates, a "no value" cell |
//! | [`is_label_dash`] | a dash that is no katakana long vowel mark: what joins the parts of a compound label (`(2)-①-b`) |
//! | [`is_wave`] | wave dashes and tildes (`～ 〜 ~ ∼ 〰 ⁓`) |
//! | [`is_name_stem`] | han plus the katakana `ケ ツ ノ` written inside place names (`竜ケ崎`, `八ツ`, `一ノ関`) |

/// A han character (kanji): CJK unified ideographs of the Basic Multilingual Plane (U+4E00
/// block and extension A), the compatibility ideographs, the supplementary ideographic planes,
/// the ideographic iteration and closing marks `々 〆 〻`, the ideographic zero `〇`, and `ヶ`.
#[inline]
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF
        | 0x3400..=0x4DBF
        | 0xF900..=0xFAFF
        | 0x20000..=0x3FFFF
        | 0x3005..=0x3007
        | 0x303B
        | 0x30F6)
}

/// Hiragana, with the spacing sound marks and iteration marks (`゛ ゜ ゝ ゞ ゟ`).
#[inline]
pub fn is_hiragana(c: char) -> bool {
    matches!(c as u32, 0x3041..=0x3096 | 0x309B..=0x309F)
}

/// Katakana, full-width and half-width, with the small katakana extension, the long vowel
/// mark (`ー`, `ｰ`: a letter of katakana words) and the iteration marks `ヽ ヾ ヿ`. The middle
/// dot `・` and the double hyphen `゠` are punctuation ([`is_cjk_punct`]).
#[inline]
pub fn is_katakana(c: char) -> bool {
    matches!(c as u32, 0x30A1..=0x30FA | 0x30FC..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F)
}

/// Hiragana or katakana.
#[inline]
pub fn is_kana(c: char) -> bool {
    is_hiragana(c) || is_katakana(c)
}

/// The letters Japanese words are written in: kana or han, no punctuation.
#[inline]
pub fn is_kana_or_han(c: char) -> bool {
    is_han(c) || is_kana(c)
}

/// CJK symbols and punctuation: U+3001–U+303F without the ideographic space and the
/// combining tone marks (U+302A–U+302F), and the katakana middle dot `・` and double hyphen `゠`.
#[inline]
pub fn is_cjk_punct(c: char) -> bool {
    matches!(c as u32, 0x3001..=0x3029 | 0x3030..=0x303F | 0x30A0 | 0x30FB)
}

/// Japanese text characters: han, kana, CJK punctuation and the full-width wave dash `～`
/// (not spaces, not combining marks, not other full-width forms).
#[inline]
pub fn is_japanese(c: char) -> bool {
    is_han(c) || is_kana(c) || is_cjk_punct(c) || c == '～'
}

/// The Halfwidth and Fullwidth Forms block (U+FF00–U+FFEF): `（ ） ０ Ａ ～ ｶ` ….
#[inline]
pub fn is_fullwidth_form(c: char) -> bool {
    matches!(c as u32, 0xFF00..=0xFFEF)
}

/// Every character of the CJK blocks, as laid out on a page: radicals, CJK punctuation
/// (including the ideographic space), kana, kanbun, katakana extension, enclosed CJK and
/// compatibility forms, ideographs, compatibility ideographs, vertical forms, full-width forms
/// and the supplementary ideographic planes. Justified Japanese text spreads these characters,
/// so no gap between two of them is a word space.
#[inline]
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF | 0x3000..=0x30FF | 0x3190..=0x319F | 0x31F0..=0x31FF
        | 0x3200..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

/// A dash of any kind: the ASCII hyphen-minus, the Unicode hyphens and dashes (U+2010–U+2015),
/// the minus signs (`−`, `﹣`, `－`), the long vowel marks (`ー`, `ｰ`) and the box-drawing lines
/// `─ ━`. Which of them normalization rewrites to `-`, and where, is `chars.toml`'s
/// `hyphens` and `long_dashes`; later stages read any of them as a dash.
#[inline]
pub fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}'..='\u{2015}' | '−' | '﹣' | '－' | 'ー' | 'ｰ' | '─' | '━'
    )
}

/// A dash that is no katakana long vowel mark (`ー`, `ｰ` are letters between kana): what joins
/// the parts of a compound label (`(2)-①-b`, `1－(1)`).
#[inline]
pub fn is_label_dash(c: char) -> bool {
    is_dash(c) && !is_katakana(c)
}

/// A wave dash or tilde (`～ 〜 ~ ∼ 〰 ⁓`): what normalization writes as `～` (`chars.toml`'s
/// `waves`), read by the date ranges as a range mark.
#[inline]
pub fn is_wave(c: char) -> bool {
    matches!(c, '～' | '〜' | '~' | '∼' | '〰' | '⁓')
}

/// A character of a place name's stem: han, or one of the katakana `ケ ツ ノ` that names
/// write between kanji (`竜ケ崎市`, `八ツ`, `一ノ関`).
#[inline]
pub fn is_name_stem(c: char) -> bool {
    is_han(c) || matches!(c, 'ケ' | 'ツ' | 'ノ')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        for c in ['漢', '㐀', '﨑', '𠮷', '々', '〆', '〇', 'ヶ'] {
            assert!(is_han(c), "{c}");
        }
        for c in ['あ', 'ゝ', 'ア', 'ー', 'ｶ', 'ｰ', 'ㇰ'] {
            assert!(is_kana(c), "{c}");
            assert!(!is_han(c) || c == 'ヶ', "{c}");
        }
        for c in ['・', '、', '。', '「', '】', '〜'] {
            assert!(
                is_cjk_punct(c) && is_japanese(c) && !is_kana_or_han(c),
                "{c}"
            );
        }
        for c in ['a', '1', ' ', '\u{3000}', '(', '（'] {
            assert!(!is_japanese(c), "{c:?}");
        }
        assert!(is_fullwidth_form('（') && is_cjk('（') && is_cjk('\u{3000}'));
        assert!(is_name_stem('ケ') && !is_han('ケ'));
        // Every narrower class is inside the page-layout class.
        for u in 0x2000..0x40000u32 {
            if let Some(c) = char::from_u32(u) {
                if is_japanese(c) || is_fullwidth_form(c) {
                    assert!(is_cjk(c), "{u:X}");
                }
            }
        }
    }
}
