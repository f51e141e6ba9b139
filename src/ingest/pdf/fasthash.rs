//! A hasher for hash maps looked up once or more per glyph.
//!
//! The standard hasher (SipHash-1-3) costs tens of nanoseconds per key whatever its length;
//! the overprint search of [`super::layout`] looks up grid blocks for every glyph, and the code
//! tables of [`super::once`] are looked up for every glyph of a Type0 font: on pages of many
//! glyphs SipHash was a fifth of the time. [`Seeded`] mixes each word of the key
//! with the finaliser of MurmurHash3 (every output bit depends on every input bit), starting
//! from a seed drawn per map from the standard library's random keys, so that a document cannot
//! choose keys that collide in every run. Only lookups and insertions use it: nothing iterates
//! such a map, so the output does not depend on the seed.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};

/// A randomly seeded [`BuildHasher`] of [`Mix`] hashers.
#[derive(Debug, Clone, Copy)]
pub struct Seeded(u64);

impl Default for Seeded {
    fn default() -> Self {
        Seeded(RandomState::new().hash_one(0x006a_706c_616e_u64))
    }
}

impl BuildHasher for Seeded {
    type Hasher = Mix;
    fn build_hasher(&self) -> Mix {
        Mix(self.0)
    }
}

/// The state of one hash: each word is xored in and the whole mixed.
#[derive(Debug, Clone, Copy)]
pub struct Mix(u64);

/// MurmurHash3's 64-bit finaliser.
fn fmix(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

impl Hasher for Mix {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.write_u64(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            // The length keeps "a" and "a\0" apart.
            self.write_u64(u64::from_le_bytes(w) ^ ((rest.len() as u64) << 59));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.write_u64(u64::from(i));
    }
    fn write_u32(&mut self, i: u32) {
        self.write_u64(u64::from(i));
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = fmix(self.0 ^ i);
    }
    fn write_i64(&mut self, i: i64) {
        self.write_u64(i as u64);
    }
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn keys_are_told_apart_and_found_again() {
        let mut m: HashMap<(&str, i64, i64), usize, Seeded> = HashMap::default();
        let texts = ["a", "a\0", "", "あ", "あい", "12345678", "123456789"];
        let mut n = 0;
        for t in texts {
            for a in -3..3 {
                for b in [-1i64, 0, 1, i64::MAX] {
                    m.insert((t, a, b), n);
                    n += 1;
                }
            }
        }
        assert_eq!(m.len(), n);
        assert_eq!(m.get(&("あ", 0, 1)), Some(&(3 * 24 + 3 * 4 + 2)));
        assert_eq!(m.get(&("b", 0, 1)), None);
    }

    #[test]
    fn hashes_differ_between_seeds_and_spread_over_low_bits() {
        let (s1, s2) = (Seeded(1), Seeded(2));
        assert_ne!(
            s1.hash_one(("x", 1i64, 2i64)),
            s2.hash_one(("x", 1i64, 2i64))
        );
        // Keys that differ only in high bits still fill the low bits a table indexes by.
        let low: std::collections::HashSet<u64> = (0..1024i64)
            .map(|k| s1.hash_one(("x", k << 40, 0i64)) & 1023)
            .collect();
        assert!(low.len() > 500, "{}", low.len());
    }
}
