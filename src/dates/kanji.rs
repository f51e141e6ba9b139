//! Kanji numerals for dates: the shared parser lives in [`crate::normalize::kanji`].

pub use crate::normalize::kanji::kanji_to_u64;
pub(crate) use crate::normalize::kanji::{digit, is_numeral};
