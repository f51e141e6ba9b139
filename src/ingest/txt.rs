//! The TXT reader: detects the encoding Japanese offices use (UTF-8 with or without BOM,
//! UTF-16 LE/BE, Shift_JIS/CP932, EUC-JP, ISO-2022-JP), decodes, and splits pages on form
//! feeds and lines on CRLF, CR or LF. Bytes that are not text are an error, never garbage output.

use std::path::Path;

use encoding_rs::{Encoding, EUC_JP, ISO_2022_JP, SHIFT_JIS, UTF_16BE, UTF_16LE, UTF_8};

use super::{sha256_hex, Extracted, Line, Page};
use crate::error::{Error, Result};
use crate::model::{Source, SourceFormat, Warning};

/// The name and version written in `source.extractor`.
pub(crate) const EXTRACTOR: &str = concat!("jplan-txt ", env!("CARGO_PKG_VERSION"));

/// Decoded text and what was learnt on the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The decoded text.
    pub text: String,
    /// The encoding's name as encoding_rs spells it (`UTF-8`, `Shift_JIS`, `EUC-JP`, `UTF-16LE`).
    pub encoding: &'static str,
    /// Number of byte sequences that were invalid in that encoding and became U+FFFD.
    pub replaced: usize,
}

/// Decode `bytes` as text, or say why they are not text.
pub fn decode(bytes: &[u8]) -> std::result::Result<Decoded, String> {
    if bytes.is_empty() {
        return Ok(Decoded {
            text: String::new(),
            encoding: "UTF-8",
            replaced: 0,
        });
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return decode_with(enc, &bytes[bom_len..]);
    }
    if let Some(enc) = utf16_without_bom(bytes) {
        return decode_with(enc, bytes);
    }
    if let Some(pos) = memchr::memchr(0, bytes) {
        return Err(format!("NUL byte at offset {pos} (binary data, not text)"));
    }
    // ISO-2022-JP is 7-bit, so it is also valid UTF-8: look for its escape sequences first.
    if is_iso_2022_jp(bytes) {
        return decode_with(ISO_2022_JP, bytes);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        // Valid UTF-8 (the usual case): validated once, copied once, no detector run.
        check_control_chars(text)?;
        return Ok(Decoded {
            text: text.to_owned(),
            encoding: UTF_8.name(),
            replaced: 0,
        });
    }
    // Legacy Japanese: try each candidate strictly; when several decode cleanly, or none
    // does, ask chardetng, then keep the candidate with the fewest invalid sequences.
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let guess = detector.guess(Some(b"jp"), true);
    let mut candidates = vec![SHIFT_JIS, EUC_JP, UTF_8];
    if let Some(i) = candidates.iter().position(|&e| e == guess) {
        candidates.swap(0, i);
    }
    let mut best: Option<Decoded> = None;
    for enc in candidates {
        let d = decode_with(enc, bytes)?;
        if best.as_ref().is_none_or(|b| d.replaced < b.replaced) {
            best = Some(d);
        }
        if best.as_ref().is_some_and(|b| b.replaced == 0) {
            break;
        }
    }
    let mut best = best.ok_or_else(|| "no encoding fits".to_string())?;
    if best.replaced > 0 {
        // Files put together from parts (a UTF-8 cover page and a Shift_JIS body) decode
        // line by line when no single encoding fits the whole.
        if let Some(mixed) = decode_lines(bytes) {
            if mixed.replaced < best.replaced {
                best = mixed;
            }
        }
    }
    let chars = best.text.chars().count().max(1);
    if best.replaced * 10 > chars {
        return Err(format!(
            "{} of {} characters are invalid in every Japanese encoding tried (UTF-8, Shift_JIS, EUC-JP)",
            best.replaced, chars
        ));
    }
    Ok(best)
}

/// ISO-2022-JP: 7-bit bytes with at least one escape sequence that designates JIS X 0208
/// (`ESC $ B`, `ESC $ @`) or JIS X 0201 katakana (`ESC ( I`).
fn is_iso_2022_jp(bytes: &[u8]) -> bool {
    memchr::memchr(0x1b, bytes).is_some()
        && bytes.is_ascii()
        && memchr::memchr_iter(0x1b, bytes).any(|i| {
            matches!(
                bytes.get(i + 1..i + 3),
                Some(b"$B") | Some(b"$@") | Some(b"(I")
            )
        })
}

/// Escape sequences of ISO-2022 encodings left in decoded text (`ESC $`, `ESC (`, `ESC )`):
/// the text was not decoded in the encoding it is in.
pub(crate) fn has_escape_sequences(text: &str) -> bool {
    memchr::memchr_iter(0x1b, text.as_bytes())
        .any(|i| matches!(text.as_bytes().get(i + 1), Some(b'$' | b'(' | b')')))
}

/// Decode each line with the first of UTF-8, Shift_JIS, EUC-JP in which it is valid.
fn decode_lines(bytes: &[u8]) -> Option<Decoded> {
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 2);
    let mut replaced = 0;
    let mut used: Vec<&'static Encoding> = Vec::new();
    for line in bytes.split_inclusive(|&b| b == b'\n') {
        let mut done = false;
        for enc in [UTF_8, SHIFT_JIS, EUC_JP] {
            if let Some(t) = enc.decode_without_bom_handling_and_without_replacement(line) {
                text.push_str(&t);
                if !used.contains(&enc) && line.iter().any(|&b| b >= 0x80) {
                    used.push(enc);
                }
                done = true;
                break;
            }
        }
        if !done {
            let (t, _) = SHIFT_JIS.decode_without_bom_handling(line);
            replaced += t.chars().filter(|&c| c == '\u{fffd}').count().max(1);
            text.push_str(&t);
        }
    }
    if used.len() < 2 {
        return None;
    }
    check_control_chars(&text).ok()?;
    Some(Decoded {
        text,
        encoding: if used.contains(&EUC_JP) && used.contains(&SHIFT_JIS) {
            "mixed (UTF-8, Shift_JIS, EUC-JP)"
        } else if used.contains(&EUC_JP) {
            "mixed (UTF-8, EUC-JP)"
        } else {
            "mixed (UTF-8, Shift_JIS)"
        },
        replaced,
    })
}

fn decode_with(enc: &'static Encoding, bytes: &[u8]) -> std::result::Result<Decoded, String> {
    let (text, _) = enc.decode_without_bom_handling(bytes);
    let replaced = if enc == UTF_8 && std::str::from_utf8(bytes).is_ok() {
        0
    } else {
        // Count U+FFFD produced by decoding, not ones the source already had.
        let had_errors = enc
            .decode_without_bom_handling_and_without_replacement(bytes)
            .is_none();
        if had_errors {
            text.chars().filter(|&c| c == '\u{fffd}').count().max(1)
        } else {
            0
        }
    };
    let text = text.into_owned();
    check_control_chars(&text)?;
    Ok(Decoded {
        text,
        encoding: enc.name(),
        replaced,
    })
}

/// Text has few control characters other than tab, newlines and form feed (counted over
/// the first 2^20 characters).
fn check_control_chars(text: &str) -> std::result::Result<(), String> {
    const LIMIT: usize = 1 << 20;
    // Works on the UTF-8 bytes, in blocks of 64: a character starts at every byte that is
    // not a continuation byte; control characters are the bytes below 0x20, 0x7F, and
    // C2 80..C2 9F (U+0080 to U+009F).
    let bytes = text.as_bytes();
    let mut controls = 0usize;
    let mut total = 0usize;
    let mut at = 0usize;
    while at < bytes.len() && total < LIMIT {
        let end = (at + 64).min(bytes.len());
        let block = &bytes[at..end];
        // Per-byte flags summed in bytes (at most 64 each), so that it vectorizes: character
        // starts; NUL and C2 (a possible C1 control), which take the careful path; and the
        // other controls (tab, newlines, form feed and escape are not controls for this test).
        let (starts, special, ctl) = block.iter().fold((0u8, 0u8, 0u8), |(s, x, k), &b| {
            let allowed = (b == b'\t') | (b == b'\n') | (b == b'\r') | (b == 0x0C) | (b == 0x1B);
            (
                s + u8::from((b as i8) >= -0x40),
                x | u8::from((b == 0) | (b == 0xC2)),
                k + u8::from(((b < 0x20) & !allowed) | (b == 0x7F)),
            )
        });
        let starts = usize::from(starts);
        if special == 0 && total + starts <= LIMIT {
            total += starts;
            controls += usize::from(ctl);
            at = end;
            continue;
        }
        for (i, &b) in block.iter().enumerate() {
            if (b as i8) < -0x40 {
                continue; // continuation byte
            }
            if total == LIMIT {
                break;
            }
            total += 1;
            if b == 0 {
                return Err("NUL character in decoded text (binary data, not text)".into());
            }
            let c1 = b == 0xC2
                && bytes
                    .get(at + i + 1)
                    .is_some_and(|&n| (0x80..=0x9F).contains(&n));
            if (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B)) || b == 0x7F || c1 {
                controls += 1;
            }
        }
        at = end;
    }
    if controls * 100 > total.max(1) {
        return Err(format!(
            "{controls} control characters in the first {total} (binary data, not text)"
        ));
    }
    Ok(())
}

/// UTF-16 without a BOM shows as NUL bytes in every other position for Japanese and ASCII text.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let n = bytes.len().min(4096) & !1;
    if n < 4 {
        return None;
    }
    let (mut even_nul, mut odd_nul) = (0, 0);
    for (i, &b) in bytes[..n].iter().enumerate() {
        if b == 0 {
            if i % 2 == 0 {
                even_nul += 1
            } else {
                odd_nul += 1
            }
        }
    }
    let pairs = n / 2;
    // ASCII-heavy UTF-16LE has NUL in odd positions; Japanese has fewer NULs but never both.
    if odd_nul * 4 > pairs && even_nul == 0 {
        Some(UTF_16LE)
    } else if even_nul * 4 > pairs && odd_nul == 0 {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Flag page furniture (page numbers, running headers and footers) of a text with pages, as
/// for a PDF; a text without form feeds has no page edges to look at.
pub(crate) fn mark_furniture(pages: &mut [Page]) {
    if pages.len() < 2 {
        return;
    }
    let flags = {
        let texts: Vec<Vec<&str>> = pages
            .iter()
            .map(|p| p.lines.iter().map(|l| l.text.as_str()).collect())
            .collect();
        super::pdf::furniture::detect_text(&texts, false)
    };
    for (page, flags) in pages.iter_mut().zip(flags) {
        for (line, f) in page.lines.iter_mut().zip(flags) {
            line.furniture |= f;
        }
    }
}

/// Split decoded text into pages (form feed) and lines (CRLF, CR, LF).
pub(crate) fn split_pages(text: &str) -> Vec<Page> {
    let mut pages = Vec::new();
    for (i, page_text) in text.split('\u{c}').enumerate() {
        let bytes = page_text.as_bytes();
        let mut lines = Vec::new();
        let mut start = 0;
        // Line ends are ASCII bytes, so every cut is on a character boundary.
        for pos in memchr::memchr2_iter(b'\r', b'\n', bytes) {
            if pos < start {
                continue; // the LF of a CRLF
            }
            lines.push(Line {
                text: page_text.get(start..pos).unwrap_or_default().to_string(),
                furniture: false,
            });
            start = if bytes.get(pos..pos + 2) == Some(b"\r\n") {
                pos + 2
            } else {
                pos + 1
            };
        }
        if start < bytes.len() {
            lines.push(Line {
                text: page_text.get(start..).unwrap_or_default().to_string(),
                furniture: false,
            });
        }
        pages.push(Page {
            number: i as u32 + 1,
            lines,
        });
    }
    // A trailing form feed ends the last page; it does not open an empty one.
    if pages.len() > 1 && pages.last().is_some_and(|p| p.lines.is_empty()) {
        pages.pop();
    }
    pages
}

/// [`decode`] for bytes the caller gives up: valid UTF-8 without a BOM (the usual case)
/// becomes the text without a copy.
pub(crate) fn decode_owned(bytes: Vec<u8>) -> std::result::Result<Decoded, String> {
    if bytes.is_empty()
        || Encoding::for_bom(&bytes).is_some()
        || utf16_without_bom(&bytes).is_some()
        || memchr::memchr(0, &bytes).is_some()
        || is_iso_2022_jp(&bytes)
    {
        return decode(&bytes);
    }
    match String::from_utf8(bytes) {
        Ok(text) => {
            check_control_chars(&text)?;
            Ok(Decoded {
                text,
                encoding: UTF_8.name(),
                replaced: 0,
            })
        }
        Err(e) => decode(e.as_bytes()),
    }
}

/// Read a TXT file's bytes into the extracted form.
pub fn extract(bytes: &[u8], path: &Path) -> Result<Extracted> {
    extract_decoded(decode(bytes), sha256_hex(bytes), path)
}

/// [`extract`] for bytes the caller gives up (see [`decode_owned`]); without `hash`,
/// `source.sha256` is left empty.
pub(crate) fn extract_owned(bytes: Vec<u8>, path: &Path, hash: bool) -> Result<Extracted> {
    let sha256 = if hash {
        sha256_hex(&bytes)
    } else {
        String::new()
    };
    extract_decoded(decode_owned(bytes), sha256, path)
}

fn extract_decoded(
    decoded: std::result::Result<Decoded, String>,
    sha256: String,
    path: &Path,
) -> Result<Extracted> {
    let decoded = decoded.map_err(|reason| Error::NotText {
        path: path.to_path_buf(),
        reason,
    })?;
    let mut warnings = Vec::new();
    if decoded.replaced > 0 {
        warnings.push(Warning::new(
            crate::model::WarningCode::EncodingInvalid,
            format!(
                "{} byte sequences are not valid {} and were replaced by U+FFFD",
                decoded.replaced, decoded.encoding
            ),
            None,
        ));
    }
    if has_escape_sequences(&decoded.text) {
        warnings.push(Warning::new(
            crate::model::WarningCode::EncodingEscapeSequences,
            format!(
                "the text decoded as {} still holds ISO-2022 escape sequences (ESC $ …): it is \
                 in an encoding jplan did not recognise, and its Japanese text is garbled",
                decoded.encoding
            ),
            None,
        ));
    }
    if decoded.encoding.starts_with("mixed") {
        warnings.push(Warning::new(
            crate::model::WarningCode::EncodingMixed,
            format!(
                "no single encoding fits the whole file; lines decoded as {}",
                decoded.encoding
            ),
            None,
        ));
    }
    let mut pages = split_pages(&decoded.text);
    mark_furniture(&mut pages);
    Ok(Extracted {
        source: Source {
            path: path.display().to_string(),
            sha256,
            format: SourceFormat::Txt,
            encoding: Some(decoded.encoding.to_string()),
            pages: pages.len() as u32,
            extractor: EXTRACTOR.to_string(),
        },
        pages,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_japanese_encodings() {
        let s = "令和7年度　行財政改革推進計画（第3次）\n";
        for enc in [SHIFT_JIS, EUC_JP] {
            let (bytes, _, bad) = enc.encode(s);
            assert!(!bad);
            let d = decode(&bytes).unwrap();
            assert_eq!(d.text, s);
            assert_eq!(d.encoding, enc.name());
        }
        let mut le = vec![0xff, 0xfe];
        le.extend(s.encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(decode(&le).unwrap().encoding, "UTF-16LE");
        assert_eq!(decode(&le).unwrap().text, s);
    }

    #[test]
    fn decodes_iso_2022_jp_before_the_utf8_shortcut() {
        let s = "行田市行財政集中改革プラン\r\n令和3年8月24日\n";
        let (bytes, _, bad) = ISO_2022_JP.encode(s);
        assert!(!bad);
        assert!(bytes.is_ascii());
        for d in [
            decode(&bytes).unwrap(),
            decode_owned(bytes.to_vec()).unwrap(),
        ] {
            assert_eq!(d.text, s);
            assert_eq!(d.encoding, "ISO-2022-JP");
            assert!(!has_escape_sequences(&d.text));
        }
        // An escape that designates nothing Japanese stays text, but is flagged.
        let odd = b"abc \x1b$(Q!!\x1b(B def\n";
        let d = decode(odd).unwrap();
        assert!(has_escape_sequences(&d.text));
        let ex = extract(odd, Path::new("odd.txt")).unwrap();
        assert!(ex
            .warnings
            .iter()
            .any(|w| w.code == crate::model::WarningCode::EncodingEscapeSequences));
    }

    #[test]
    fn rejects_binary() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10";
        assert!(decode(png).unwrap_err().contains("NUL"));
    }

    #[test]
    fn counts_control_characters_like_char_is_control() {
        // The byte-level count must agree with counting `char::is_control` over characters.
        fn reference(text: &str) -> std::result::Result<(), String> {
            let (mut controls, mut total) = (0usize, 0usize);
            for c in text.chars().take(1 << 20) {
                total += 1;
                if c == '\0' {
                    return Err("NUL character in decoded text (binary data, not text)".into());
                }
                if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}' | '\u{1b}') {
                    controls += 1;
                }
            }
            if controls * 100 > total.max(1) {
                return Err(format!(
                    "{controls} control characters in the first {total} (binary data, not text)"
                ));
            }
            Ok(())
        }
        let mut cases: Vec<String> = vec![
            String::new(),
            "abc\u{1}".into(),
            "a\u{85}b\u{9f}\u{a0}\u{7f}".into(),
            "令和\u{80}".repeat(40),
            "x\u{0}y".into(),
            "\t\n\r\u{c}\u{1b}".repeat(30),
        ];
        // Around the 2^20-character limit, with controls on both sides of it.
        let long = "あ".repeat((1 << 20) - 3) + &"\u{1}".repeat(20_000);
        cases.push(long);
        let long = "a\u{2}".repeat(1 << 19) + "\u{0}";
        cases.push(long);
        for c in &cases {
            assert_eq!(check_control_chars(c), reference(c), "{:?}", c.get(..40));
        }
    }

    #[test]
    fn splits_pages_and_line_endings() {
        let pages = split_pages("a\r\nb\rc\n\u{c}d\n\u{c}");
        assert_eq!(pages.len(), 2);
        let texts: Vec<_> = pages[0].lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["a", "b", "c"]);
        assert_eq!(pages[1].lines[0].text, "d");
        let pages = split_pages("\r\r\n\n\u{c}\u{c}x\r");
        assert_eq!(pages.len(), 3);
        let texts: Vec<_> = pages[0].lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["", "", ""]);
        assert!(pages[1].lines.is_empty());
        assert_eq!(pages[2].lines[0].text, "x");
    }
}
