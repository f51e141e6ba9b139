//! `chars.toml`: the character sets of normalization (kept, deleted, dashes, waves, bullets,
//! sentence ends, leaders), with one lookup table built once per rules value.

use std::sync::{Arc, OnceLock};

use serde::Deserialize;

/// `chars.toml`. Every field is a string of characters (or, for `wave`, the one character
/// written for every wave dash); see the file for what each does, with examples.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CharRules {
    /// Characters left as they are by NFKC (circled numbers, Roman numerals, `…`).
    #[serde(default)]
    pub keep: String,
    /// Characters deleted (zero-width spaces, BOM).
    #[serde(default)]
    pub delete: String,
    /// Hyphens and minus signs that become `-` between ASCII letters or digits.
    #[serde(default)]
    pub hyphens: String,
    /// Long dashes (`ー`, `―`) that become `-` between ASCII digits only.
    #[serde(default)]
    pub long_dashes: String,
    /// Wave dashes and tildes, all written as `wave`.
    #[serde(default)]
    pub waves: String,
    /// The one form of the wave dash (`～`).
    #[serde(default)]
    pub wave: String,
    /// Bullets that may precede a numbering label (`- ・`, `■`).
    #[serde(default)]
    pub bullets: String,
    /// After `第N`, the characters that make an ordinal word rather than a label (`第 7 次`).
    #[serde(default)]
    pub ordinal_units: String,
    /// Characters that end a sentence (a line ending in one is not joined to the next).
    #[serde(default)]
    pub sentence_end: String,
    /// Closing brackets that end a sentence when a `sentence_end` character precedes them.
    #[serde(default)]
    pub closing: String,
    /// Characters at the start of a line that make it a new item, never a continuation.
    #[serde(default)]
    pub item_marks: String,
    /// Leader dots (`・・・・`, `....`): four or more in a row.
    #[serde(default)]
    pub leader_dots: String,
    /// Leader ellipses (`……`, `‥‥`): two or more in a row.
    #[serde(default)]
    pub leader_ellipses: String,
    /// Words a run of one-character lines may spell (`目次`, `はじめに`, municipalities'
    /// names): filled from `keywords.toml` and `municipalities.tsv` when the rules are loaded.
    #[serde(skip)]
    pub words: std::collections::HashSet<String>,
    /// The sets above as one lookup table, built on first use.
    #[serde(skip)]
    sets: OnceLock<Arc<CharSets>>,
}

/// Flags of [`CharSets`]: which `chars.toml` sets a character is in.
pub(crate) mod set {
    pub const KEEP: u16 = 1;
    pub const DELETE: u16 = 1 << 1;
    pub const HYPHEN: u16 = 1 << 2;
    pub const LONG_DASH: u16 = 1 << 3;
    pub const WAVE: u16 = 1 << 4;
    pub const BULLET: u16 = 1 << 5;
    pub const ORDINAL_UNIT: u16 = 1 << 6;
    pub const SENTENCE_END: u16 = 1 << 7;
    pub const CLOSING: u16 = 1 << 8;
    pub const ITEM_MARK: u16 = 1 << 9;
    pub const LEADER_DOT: u16 = 1 << 10;
    pub const LEADER_ELLIPSIS: u16 = 1 << 11;
}

/// The character sets of `chars.toml` as flags: a table for the Basic Multilingual Plane
/// and a sorted list for the rest, so that the per-character test costs one load.
#[derive(Debug, Default)]
pub(crate) struct CharSets {
    bmp: Vec<u16>,
    astral: Vec<(char, u16)>,
}

impl CharSets {
    #[inline]
    pub(crate) fn get(&self, c: char) -> u16 {
        let u = c as usize;
        if u < 0x10000 {
            self.bmp.get(u).copied().unwrap_or(0)
        } else {
            self.astral
                .binary_search_by_key(&c, |&(k, _)| k)
                .ok()
                .and_then(|i| self.astral.get(i))
                .map_or(0, |&(_, f)| f)
        }
    }

    #[inline]
    pub(crate) fn has(&self, c: char, flag: u16) -> bool {
        self.get(c) & flag != 0
    }
}

impl CharRules {
    /// The lookup table of the sets (built once per rules).
    pub(crate) fn sets(&self) -> &CharSets {
        self.sets.get_or_init(|| {
            let mut t = CharSets {
                bmp: vec![0; 0x10000],
                astral: Vec::new(),
            };
            for (chars, flag) in [
                (&self.keep, set::KEEP),
                (&self.delete, set::DELETE),
                (&self.hyphens, set::HYPHEN),
                (&self.long_dashes, set::LONG_DASH),
                (&self.waves, set::WAVE),
                (&self.bullets, set::BULLET),
                (&self.ordinal_units, set::ORDINAL_UNIT),
                (&self.sentence_end, set::SENTENCE_END),
                (&self.closing, set::CLOSING),
                (&self.item_marks, set::ITEM_MARK),
                (&self.leader_dots, set::LEADER_DOT),
                (&self.leader_ellipses, set::LEADER_ELLIPSIS),
            ] {
                for c in chars.chars() {
                    let u = c as usize;
                    if let Some(f) = t.bmp.get_mut(u) {
                        *f |= flag;
                    } else if let Some(e) = t.astral.iter_mut().find(|(k, _)| *k == c) {
                        e.1 |= flag;
                    } else {
                        t.astral.push((c, flag));
                    }
                }
            }
            t.astral.sort_unstable();
            Arc::new(t)
        })
    }
}
