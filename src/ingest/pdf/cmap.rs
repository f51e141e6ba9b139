//! Predefined Japanese CMaps: from the codes of a shown string to text, code lengths and CIDs.
//!
//! Older Japanese producers write text with a Type0 font whose `/Encoding` names a predefined
//! CMap (`UniJIS-UCS2-H`, `90ms-RKSJ-H`, `EUC-H`, `H`, …) and often embed no font and no
//! `/ToUnicode`. The codes of such a CMap are themselves a character encoding (UTF-16, UTF-8,
//! UTF-32, Shift_JIS, EUC-JP or JIS X 0208), so the text is decoded from the codes; the CMap's
//! own code → CID tables (tens of thousands of entries) are not needed for that. CIDs are only
//! needed for glyph widths (`/W` is indexed by CID), and fonts that give widths give them for
//! the one-byte and half-width glyphs, whose CIDs follow a few simple ranges of Adobe-Japan1
//! that [`Code::cid`] knows.
//!
//! One-byte codes of the Shift_JIS, EUC-JP and JIS families select JIS X 0201 Roman glyphs:
//! `0x5C` is `¥` (as Adobe-Japan1 and poppler have it); every other one is ASCII.

use encoding_rs::{EUC_JP, SHIFT_JIS};

/// How the codes of a CMap are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    /// Two-byte UCS-2 codes (`UniJIS-UCS2-H`).
    Ucs2,
    /// UTF-16BE: two bytes, four for a surrogate pair (`UniJIS-UTF16-H`).
    Utf16,
    /// UTF-8: one to four bytes (`UniJIS-UTF8-H`).
    Utf8,
    /// UTF-32BE: four bytes (`UniJIS-UTF32-H`).
    Utf32,
    /// Shift_JIS (CP932): one byte for ASCII and half-width katakana, two for the rest
    /// (`90ms-RKSJ-H`, `RKSJ-H`, …).
    ShiftJis,
    /// EUC-JP: one byte for ASCII, `8E xx` for half-width katakana, two bytes `A1A1`–`FEFE`.
    EucJp,
    /// JIS X 0208 as two 7-bit bytes `2121`–`7E7E` (`H`, `V`).
    Jis,
    /// `Identity-V`: two-byte codes that are CIDs; the text comes from the font's
    /// `/ToUnicode` (pdf-extract reads `Identity-H` fonts itself).
    Identity,
}

/// Which Adobe-Japan1 glyphs the ASCII codes select: proportional (CIDs 1–95) or half-width
/// (CIDs 231–325). Only widths depend on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AsciiGlyphs {
    Proportional,
    HalfWidth,
}

/// A predefined CMap jplan can decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Predefined {
    pub coding: Coding,
    /// A `-V` CMap: vertical writing.
    pub vertical: bool,
    pub ascii: AsciiGlyphs,
    /// `83pv-RKSJ-H`: the one-byte codes `FD`–`FF` are ©, ™ and ….
    pub mac_extras: bool,
}

/// One code of a shown string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code {
    /// Bytes the code took (1–4).
    pub len: u8,
    /// The code as a number (big-endian bytes).
    pub value: u32,
    /// The text it stands for; empty when the code is not a character.
    pub text: String,
    /// The Adobe-Japan1 CID, where jplan knows it (ASCII and half-width glyphs).
    pub cid: Option<u32>,
}

impl Code {
    /// A single-byte code 32: word spacing applies to it.
    pub fn is_single_byte_space(&self) -> bool {
        self.len == 1 && self.value == 32
    }

    /// A half-width glyph (ASCII, JIS Roman, half-width katakana): half an em when the font
    /// gives no width for it.
    pub fn is_narrow(&self) -> bool {
        if self.len == 1 {
            return true;
        }
        match self.cid {
            Some(c) => (1..=95).contains(&c) || (231..=389).contains(&c),
            None => false,
        }
    }
}

/// The CMap named `name`, if jplan can decode it.
pub fn lookup(name: &[u8]) -> Option<Predefined> {
    let name = std::str::from_utf8(name).ok()?;
    if name == "Identity-V" {
        return Some(Predefined {
            coding: Coding::Identity,
            vertical: true,
            ascii: AsciiGlyphs::Proportional,
            mac_extras: false,
        });
    }
    let (base, vertical) = match name {
        "H" => ("", false),
        "V" => ("", true),
        _ => {
            if let Some(b) = name.strip_suffix("-H") {
                (b, false)
            } else if let Some(b) = name.strip_suffix("-V") {
                (b, true)
            } else {
                return None;
            }
        }
    };
    use AsciiGlyphs::{HalfWidth, Proportional};
    use Coding::*;
    let (coding, ascii) = match base {
        "UniJIS-UCS2" | "UniJISPro-UCS2" => (Ucs2, Proportional),
        "UniJIS-UCS2-HW" | "UniJISPro-UCS2-HW" => (Ucs2, HalfWidth),
        "UniJIS-UTF16" | "UniJIS2004-UTF16" => (Utf16, Proportional),
        "UniJIS-UTF8" | "UniJIS2004-UTF8" | "UniJISPro-UTF8" => (Utf8, Proportional),
        "UniJIS-UTF32" | "UniJIS2004-UTF32" | "UniJISX0213-UTF32" | "UniJISX02132004-UTF32" => {
            (Utf32, Proportional)
        }
        "90ms-RKSJ" | "78ms-RKSJ" | "RKSJ" | "78-RKSJ" | "Add-RKSJ" | "Ext-RKSJ" => {
            (ShiftJis, HalfWidth)
        }
        "90msp-RKSJ" | "90pv-RKSJ" | "83pv-RKSJ" => (ShiftJis, Proportional),
        "EUC" | "78-EUC" => (EucJp, HalfWidth),
        "" | "78" | "Add" | "Ext" | "NWP" => (Jis, HalfWidth),
        _ => return None,
    };
    Some(Predefined {
        coding,
        vertical,
        ascii,
        mac_extras: base == "83pv-RKSJ",
    })
}

/// Longest string decoded at once (a hostile file could show gigabytes).
const MAX_CODES: usize = 1 << 20;

impl Predefined {
    /// Split `bytes` into codes and decode each one.
    pub fn decode(&self, bytes: &[u8]) -> Vec<Code> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() && out.len() < MAX_CODES {
            let rest = bytes.get(i..).unwrap_or(&[]);
            let len = self.code_len(rest).clamp(1, rest.len().max(1));
            let code = rest.get(..len).unwrap_or(rest);
            let value = code.iter().fold(0u32, |v, &b| (v << 8) | b as u32);
            let text = self.text(code, value);
            let cid = self.cid(code.len(), value);
            out.push(Code {
                len: len as u8,
                value,
                text,
                cid,
            });
            i += len;
        }
        out
    }

    /// How many bytes the code starting `rest` takes.
    fn code_len(&self, rest: &[u8]) -> usize {
        let b0 = rest.first().copied().unwrap_or(0);
        match self.coding {
            Coding::Ucs2 | Coding::Jis | Coding::Identity => 2,
            Coding::Utf16 => {
                let unit = |k: usize| {
                    let hi = rest.get(k).copied().unwrap_or(0) as u32;
                    let lo = rest.get(k + 1).copied().unwrap_or(0) as u32;
                    (hi << 8) | lo
                };
                if rest.len() >= 4
                    && (0xD800..=0xDBFF).contains(&unit(0))
                    && (0xDC00..=0xDFFF).contains(&unit(2))
                {
                    4
                } else {
                    2
                }
            }
            Coding::Utf8 => match b0 {
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                0xF0..=0xF7 => 4,
                _ => 1,
            },
            Coding::Utf32 => 4,
            Coding::ShiftJis => match b0 {
                0x81..=0x9F | 0xE0..=0xFC => 2,
                _ => 1,
            },
            Coding::EucJp => match b0 {
                0x8E | 0xA1..=0xFE => 2,
                _ => 1,
            },
        }
    }

    fn text(&self, code: &[u8], value: u32) -> String {
        let from_u32 = |v: u32| {
            char::from_u32(v)
                .filter(|c| !c.is_control() || *c == '\t')
                .map(String::from)
                .unwrap_or_default()
        };
        match self.coding {
            Coding::Identity => String::new(),
            Coding::Ucs2 | Coding::Utf32 => {
                if code.len() == 2 || code.len() == 4 {
                    from_u32(value)
                } else {
                    String::new()
                }
            }
            Coding::Utf16 => {
                let units: Vec<u16> = code
                    .chunks_exact(2)
                    .map(|c| {
                        u16::from_be_bytes([
                            c.first().copied().unwrap_or(0),
                            c.get(1).copied().unwrap_or(0),
                        ])
                    })
                    .collect();
                String::from_utf16(&units)
                    .ok()
                    .filter(|s| !s.chars().any(char::is_control))
                    .unwrap_or_default()
            }
            Coding::Utf8 => std::str::from_utf8(code)
                .ok()
                .filter(|s| !s.chars().any(char::is_control))
                .map(str::to_string)
                .unwrap_or_default(),
            Coding::ShiftJis | Coding::EucJp | Coding::Jis if code.len() == 1 => {
                let b = value as u8;
                match b {
                    0x5C => "¥".into(),
                    0x20..=0x7E => (b as char).to_string(),
                    0xA1..=0xDF if self.coding == Coding::ShiftJis => {
                        from_u32(0xFF61 + (b as u32 - 0xA1))
                    }
                    0xFD if self.mac_extras => "©".into(),
                    0xFE if self.mac_extras => "™".into(),
                    0xFF if self.mac_extras => "…".into(),
                    _ => String::new(),
                }
            }
            Coding::ShiftJis => decode_with(SHIFT_JIS, code),
            Coding::EucJp => decode_with(EUC_JP, code),
            Coding::Jis => {
                if code.iter().all(|b| (0x21..=0x7E).contains(b)) {
                    let euc: Vec<u8> = code.iter().map(|b| b | 0x80).collect();
                    decode_with(EUC_JP, &euc)
                } else {
                    String::new()
                }
            }
        }
    }

    /// The Adobe-Japan1 CID of an ASCII, JIS Roman or half-width katakana code.
    fn cid(&self, len: usize, value: u32) -> Option<u32> {
        let half = self.ascii == AsciiGlyphs::HalfWidth;
        match self.coding {
            Coding::ShiftJis | Coding::EucJp | Coding::Jis if len == 1 => match value {
                0x20..=0x7E if half => Some(231 + value - 0x20),
                0x20..=0x7E => Some(1 + value - 0x20),
                0xA0..=0xDF if self.coding == Coding::ShiftJis => Some(326 + value - 0xA0),
                _ => None,
            },
            Coding::EucJp if (0x8EA0..=0x8EDF).contains(&value) => Some(326 + value - 0x8EA0),
            Coding::ShiftJis | Coding::EucJp | Coding::Jis => None,
            Coding::Identity => (len == 2).then_some(value),
            Coding::Ucs2 | Coding::Utf16 | Coding::Utf8 | Coding::Utf32 => {
                let c = match self.coding {
                    Coding::Utf8 => {
                        let s = self.text_utf8_value(len, value)?;
                        s as u32
                    }
                    _ => value,
                };
                match c {
                    0x20..=0x5B if half => Some(231 + c - 0x20),
                    0x20..=0x5B => Some(1 + c - 0x20),
                    0x5C if half => Some(8719),
                    0x5C => Some(97),
                    0x5D..=0x7E if half => Some(292 + c - 0x5D),
                    0x5D..=0x7E => Some(62 + c - 0x5D),
                    0xA5 if half => Some(291),
                    0xA5 => Some(61),
                    0xFF61..=0xFF9F => Some(327 + c - 0xFF61),
                    _ => None,
                }
            }
        }
    }

    /// The scalar value of a UTF-8 code given as a number.
    fn text_utf8_value(&self, len: usize, value: u32) -> Option<char> {
        let bytes = value.to_be_bytes();
        let start = 4usize.checked_sub(len)?;
        std::str::from_utf8(bytes.get(start..)?)
            .ok()?
            .chars()
            .next()
    }
}

/// Entries read from one `/ToUnicode` at most.
const MAX_TO_UNICODE: usize = 200_000;

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Hex(Vec<u8>),
    Open,
    Close,
    Word(Vec<u8>),
}

/// The tokens of a CMap stream that matter for `bfchar`/`bfrange`: hex strings, array
/// brackets and words (names, numbers, operators); comments, dictionaries and literal strings
/// are words or skipped.
fn tokens(data: &[u8]) -> Vec<Token> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&b) = data.get(i) {
        match b {
            b'%' => {
                while data.get(i).is_some_and(|&c| c != b'\n' && c != b'\r') {
                    i += 1;
                }
            }
            b'<' if data.get(i + 1) == Some(&b'<') => i += 2,
            b'>' if data.get(i + 1) == Some(&b'>') => i += 2,
            b'<' => {
                let mut digits = Vec::new();
                i += 1;
                while let Some(&c) = data.get(i) {
                    i += 1;
                    if c == b'>' {
                        break;
                    }
                    if let Some(d) = (c as char).to_digit(16) {
                        digits.push(d as u8);
                    }
                }
                if digits.len() % 2 == 1 {
                    digits.push(0);
                }
                out.push(Token::Hex(
                    digits
                        .chunks_exact(2)
                        .map(|p| p.iter().fold(0u8, |v, d| (v << 4) | d))
                        .collect(),
                ));
            }
            b'[' => {
                out.push(Token::Open);
                i += 1;
            }
            b']' => {
                out.push(Token::Close);
                i += 1;
            }
            b'(' => {
                // A literal string (a CMap name or registry): skipped, nesting and escapes
                // respected.
                let mut depth = 0usize;
                while let Some(&c) = data.get(i) {
                    i += 1;
                    match c {
                        b'\\' => i += 1,
                        b'(' => depth += 1,
                        b')' => {
                            depth = depth.saturating_sub(1);
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                }
            }
            c if c.is_ascii_whitespace() || c == 0 => i += 1,
            _ => {
                let start = i;
                i += 1;
                while data
                    .get(i)
                    .is_some_and(|&c| !c.is_ascii_whitespace() && !b"<>[]()/%{}".contains(&c))
                {
                    i += 1;
                }
                out.push(Token::Word(data.get(start..i).unwrap_or(&[]).to_vec()));
            }
        }
    }
    out
}

fn be_value(bytes: &[u8]) -> u32 {
    bytes.iter().take(4).fold(0u32, |v, &b| (v << 8) | b as u32)
}

/// UTF-16BE bytes as text; `None` when they are not UTF-16 (or are control characters).
fn utf16_text(bytes: &[u8]) -> Option<String> {
    let units: Vec<u16> = bytes
        .chunks(2)
        .map(|c| {
            u16::from_be_bytes([
                c.first().copied().unwrap_or(0),
                c.get(1).copied().unwrap_or(0),
            ])
        })
        .collect();
    String::from_utf16(&units)
        .ok()
        .filter(|s| !s.is_empty() && !s.chars().any(char::is_control))
}

/// The code → text map of a `/ToUnicode` CMap stream (`bfchar` and `bfrange` entries).
/// Anything it does not understand is skipped; it never fails.
pub fn parse_to_unicode(data: &[u8]) -> std::collections::HashMap<u32, String> {
    let mut map = std::collections::HashMap::new();
    let toks = tokens(data);
    let mut i = 0;
    while let Some(t) = toks.get(i) {
        if map.len() >= MAX_TO_UNICODE {
            break;
        }
        match t {
            Token::Word(w) if w == b"beginbfchar" => {
                i += 1;
                while let (Some(Token::Hex(src)), Some(dst)) = (toks.get(i), toks.get(i + 1)) {
                    if let Token::Hex(dst) = dst {
                        if let Some(text) = utf16_text(dst) {
                            map.insert(be_value(src), text);
                        }
                    }
                    i += 2;
                }
            }
            Token::Word(w) if w == b"beginbfrange" => {
                i += 1;
                while let (Some(Token::Hex(lo)), Some(Token::Hex(hi))) =
                    (toks.get(i), toks.get(i + 1))
                {
                    let (lo, hi) = (be_value(lo), be_value(hi));
                    let n = hi.saturating_sub(lo).min(65_535);
                    match toks.get(i + 2) {
                        Some(Token::Hex(dst)) => {
                            // The last UTF-16 unit counts up through the range.
                            let mut units: Vec<u16> = dst
                                .chunks(2)
                                .map(|c| {
                                    u16::from_be_bytes([
                                        c.first().copied().unwrap_or(0),
                                        c.get(1).copied().unwrap_or(0),
                                    ])
                                })
                                .collect();
                            for k in 0..=n {
                                if map.len() >= MAX_TO_UNICODE {
                                    break;
                                }
                                if let Ok(text) = String::from_utf16(&units) {
                                    if !text.is_empty() && !text.chars().any(char::is_control) {
                                        map.insert(lo.saturating_add(k), text);
                                    }
                                }
                                match units.last_mut() {
                                    Some(u) => *u = u.wrapping_add(1),
                                    None => break,
                                }
                            }
                            i += 3;
                        }
                        Some(Token::Open) => {
                            let mut j = i + 3;
                            let mut k = 0u32;
                            while let Some(Token::Hex(dst)) = toks.get(j) {
                                if k <= n {
                                    if let Some(text) = utf16_text(dst) {
                                        map.insert(lo.saturating_add(k), text);
                                    }
                                }
                                k += 1;
                                j += 1;
                            }
                            // Past the closing bracket.
                            i = j + 1;
                        }
                        _ => i += 3,
                    }
                }
            }
            _ => i += 1,
        }
    }
    map
}

/// Decode one code with `enc`; a code it cannot decode stands for no text.
fn decode_with(enc: &'static encoding_rs::Encoding, code: &[u8]) -> String {
    let (text, had_errors) = enc.decode_without_bom_handling(code);
    if had_errors || text.chars().any(char::is_control) {
        String::new()
    } else {
        text.into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(name: &str, bytes: &[u8]) -> String {
        let p = lookup(name.as_bytes()).unwrap_or_else(|| panic!("{name} unknown"));
        p.decode(bytes).into_iter().map(|c| c.text).collect()
    }

    #[test]
    fn names() {
        assert_eq!(
            lookup(b"UniJIS-UCS2-H").map(|p| p.coding),
            Some(Coding::Ucs2)
        );
        assert_eq!(lookup(b"UniJIS-UCS2-HW-V").map(|p| p.vertical), Some(true));
        assert_eq!(
            lookup(b"UniJIS-UCS2-HW-V").map(|p| p.ascii),
            Some(AsciiGlyphs::HalfWidth)
        );
        assert_eq!(
            lookup(b"90msp-RKSJ-V").map(|p| p.coding),
            Some(Coding::ShiftJis)
        );
        assert_eq!(
            lookup(b"H").map(|p| (p.coding, p.vertical)),
            Some((Coding::Jis, false))
        );
        assert_eq!(
            lookup(b"V").map(|p| (p.coding, p.vertical)),
            Some((Coding::Jis, true))
        );
        assert_eq!(lookup(b"Foo-Bar-H"), None);
        assert_eq!(lookup(b"Identity-H"), None);
        assert_eq!(lookup(b"UniGB-UCS2-H"), None);
    }

    #[test]
    fn unicode_codings() {
        let s = "令和7年度（第3次）𠮷";
        let utf16: Vec<u8> = s.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(text("UniJIS-UTF16-H", &utf16), s);
        // UCS-2 has no surrogate pairs: the two halves are no text.
        assert_eq!(text("UniJIS-UCS2-H", &utf16), "令和7年度（第3次）");
        assert_eq!(text("UniJIS-UTF8-V", s.as_bytes()), s);
        let utf32: Vec<u8> = s.chars().flat_map(|c| (c as u32).to_be_bytes()).collect();
        assert_eq!(text("UniJIS-UTF32-H", &utf32), s);
    }

    #[test]
    fn shift_jis_mixes_one_and_two_byte_codes() {
        let (bytes, _, _) = SHIFT_JIS.encode("令和7年度 ｶﾅ");
        let p = lookup(b"90ms-RKSJ-H").unwrap();
        let codes = p.decode(&bytes);
        let lens: Vec<u8> = codes.iter().map(|c| c.len).collect();
        assert_eq!(lens, [2, 2, 1, 2, 2, 1, 1, 1]);
        let joined: String = codes.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(joined, "令和7年度 ｶﾅ");
        assert_eq!(codes.get(2).and_then(|c| c.cid), Some(231 + 0x17));
        assert_eq!(codes.get(6).and_then(|c| c.cid), Some(326 + 0xB6 - 0xA0));
        assert_eq!(text("90msp-RKSJ-H", b"\x5c100"), "¥100");
    }

    #[test]
    fn euc_and_jis() {
        let (euc, _, _) = EUC_JP.encode("行財政改革3ｱ");
        assert_eq!(text("EUC-H", &euc), "行財政改革3ｱ");
        let (jis_euc, _, _) = EUC_JP.encode("行財政改革");
        let jis: Vec<u8> = jis_euc.iter().map(|b| b & 0x7F).collect();
        assert_eq!(text("H", &jis), "行財政改革");
        assert_eq!(text("V", &jis), "行財政改革");
    }

    #[test]
    fn to_unicode_bfchar_and_bfrange() {
        let cmap = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def
1 begincodespacerange <0000> <FFFF> endcodespacerange
2 beginbfchar
<0001> <4EE4>
<0002> <D842DFB7> % a surrogate pair
endbfchar
2 beginbfrange
<0010> <0012> <0031>
<0020> <0021> [<FF08> <FF09>]
endbfrange
endcmap";
        let m = parse_to_unicode(cmap);
        assert_eq!(m.get(&1).map(String::as_str), Some("令"));
        assert_eq!(m.get(&2).map(String::as_str), Some("𠮷"));
        assert_eq!(m.get(&0x10).map(String::as_str), Some("1"));
        assert_eq!(m.get(&0x12).map(String::as_str), Some("3"));
        assert_eq!(m.get(&0x13), None);
        assert_eq!(m.get(&0x21).map(String::as_str), Some("）"));
        assert_eq!(m.len(), 7);
        // Garbage never panics.
        for junk in [
            &b"beginbfrange <00> [ <41"[..],
            b"beginbfchar <",
            b"(((",
            b"<<>>[]",
        ] {
            let _ = parse_to_unicode(junk);
        }
    }

    #[test]
    fn odd_and_broken_codes_never_panic() {
        for name in [
            "UniJIS-UCS2-H",
            "UniJIS-UTF16-H",
            "UniJIS-UTF8-H",
            "UniJIS-UTF32-H",
            "90ms-RKSJ-H",
            "EUC-H",
            "H",
        ] {
            let p = lookup(name.as_bytes()).unwrap();
            for bytes in [
                &b"\x81"[..],
                b"\xff\xff\xff",
                b"\xd8\x00",
                b"\x00",
                b"",
                b"\xf4\x90\x80\x80\xe3",
            ] {
                let codes = p.decode(bytes);
                let total: usize = codes.iter().map(|c| c.len as usize).sum();
                assert!(total >= bytes.len(), "{name} {bytes:?}");
            }
        }
    }
}
