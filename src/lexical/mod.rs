//! The lexical layer: what a character or a short run of text is, independent of any stage.
//!
//! [`chars`] holds the one definition of each character class (han, hiragana, katakana, CJK
//! punctuation, full-width forms, …) that every stage uses. The other lexical readers live
//! beside the stage that grew them and are used by every stage too: `numbering` (labels),
//! `dates` (`find_dates`, the era table), `normalize::kanji` (kanji numerals) and
//! `tables::number` (numbers in cells). This module imports nothing of the crate.

pub mod chars;
