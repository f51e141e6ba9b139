//! The one tokenizer of page and form content in jplan: operands and operators read the way
//! lopdf's content parser reads them (which pdf-extract uses), in far less time than a full
//! parse, and without building an object per operand.
//!
//! [`Lexer`] hands out the tokens of a content stream: operands (names, numbers, literal and
//! hexadecimal strings, arrays, dictionaries), operators, and inline images (`BI … ID … EI`),
//! whose data ends exactly where lopdf's ends it (see [`inline_image`]). On anything less
//! common (comments, `#` in names, `true`/`false`/`null`, references in arrays, bytes lopdf
//! stops at, an inline image lopdf would fail on) it reports [`Unread`]: a strict caller then
//! leaves the stream to lopdf itself, so both always see the same operations. A tolerant caller
//! ([`Lexer::tolerant`]) gets comments skipped and any byte it cannot read handed out as
//! [`Kind::Stray`], and goes on.
//!
//! Users: [`super::strip`] (cuts content to what pdf-extract acts on), [`super::shown`] (the
//! strings pdf-extract shows), [`super::quotes`] (rewrites `'` and `"`) and [`super::forms`]
//! (where forms are drawn).

/// Nesting of parentheses, arrays and dictionaries the tokenizer follows (lopdf allows 100).
const MAX_NESTING: usize = 32;

/// lopdf's whitespace inside arrays and dictionaries (`space`; comments are left to lopdf).
pub(super) fn is_white(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0 | 0x0C)
}

/// lopdf's whitespace between the operands and operators of a content stream.
pub(super) fn is_content_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n')
}

/// A PDF delimiter (ISO 32000 §7.2.2).
pub(super) fn is_delimiter(c: u8) -> bool {
    matches!(
        c,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(c: u8) -> bool {
    !is_white(c) && !is_delimiter(c)
}

/// lopdf's operator characters.
fn is_operator_char(c: u8) -> bool {
    c.is_ascii_alphabetic() || matches!(c, b'*' | b'\'' | b'"')
}

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `/Name` (the span includes the `/`).
    Name,
    /// A number: integer when `true`.
    Number(bool),
    /// `( … )`.
    Literal,
    /// `< … >`.
    Hex,
    /// `[ … ]`.
    Array,
    /// `<< … >>`.
    Dictionary,
    /// An operator.
    Operator,
    /// `BI … ID … EI`, as one operation.
    InlineImage,
    /// A byte the tolerant lexer could not read (a stray delimiter, `true`, a comment-free
    /// oddity); only from [`Lexer::tolerant`].
    Stray,
}

/// One token: what it is and its bytes `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

/// The stream holds something the strict lexer leaves to lopdf.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unread;

/// The tokens of one content stream.
pub struct Lexer<'a> {
    data: &'a [u8],
    i: usize,
    /// Operands read since the last operator.
    operands: usize,
    tolerant: bool,
}

impl<'a> Lexer<'a> {
    /// A lexer that reports [`Unread`] on what lopdf must read itself.
    pub fn new(data: &'a [u8]) -> Self {
        Lexer {
            data,
            i: skip(data, 0, is_content_space),
            operands: 0,
            tolerant: false,
        }
    }

    /// A lexer that never gives up: comments are skipped, unreadable bytes come out as
    /// [`Kind::Stray`] tokens, an inline image lopdf cannot read ends at its first `EI`
    /// between white space, and unterminated objects end with the data.
    pub fn tolerant(data: &'a [u8]) -> Self {
        let mut l = Lexer::new(data);
        l.tolerant = true;
        l.i = l.skip_space(0);
        l
    }

    fn skip_space(&self, mut i: usize) -> usize {
        loop {
            // Two calls, not one through a function pointer: each inlines its test.
            i = if self.tolerant {
                skip(self.data, i, is_white)
            } else {
                skip(self.data, i, is_content_space)
            };
            if self.tolerant && self.data.get(i) == Some(&b'%') {
                while self.data.get(i).is_some_and(|&c| c != b'\n' && c != b'\r') {
                    i += 1;
                }
                continue;
            }
            return i;
        }
    }

    /// The next token, `Ok(None)` at the end, `Err(Unread)` (strict lexer only) where lopdf
    /// must read the stream.
    pub fn next_token(&mut self) -> Result<Option<Token>, Unread> {
        let data = self.data;
        let i = self.i;
        let Some(&c) = data.get(i) else {
            return Ok(None);
        };
        let read = if self.operands == 0 && data[i..].starts_with(b"BI") {
            match inline_image(data, i) {
                Some(end) => Some((Kind::InlineImage, end)),
                None if self.tolerant => Some((Kind::InlineImage, image_end_loose(data, i))),
                None => None,
            }
        } else {
            self.token(c, i)
        };
        let (kind, end) = match read {
            Some(t) => t,
            None if self.tolerant => self.stray(i),
            None => return Err(Unread),
        };
        if matches!(kind, Kind::Operator | Kind::InlineImage) {
            self.operands = 0;
        } else {
            self.operands += 1;
        }
        let end = end.max(i + 1).min(data.len());
        self.i = self.skip_space(end);
        Ok(Some(Token {
            kind,
            start: i,
            end,
        }))
    }

    fn token(&self, c: u8, i: usize) -> Option<(Kind, usize)> {
        let data = self.data;
        Some(match c {
            b'/' => (Kind::Name, name_end(data, i)?),
            b'(' => (Kind::Literal, literal(data, i, None, 0)?),
            b'<' if data.get(i + 1) == Some(&b'<') => (Kind::Dictionary, dictionary(data, i, 0)?),
            b'<' => (Kind::Hex, hex(data, i, None)?),
            b'[' => (Kind::Array, array(data, i, None, 0)?),
            b'0'..=b'9' | b'+' | b'-' | b'.' => {
                let end = number(data, i)?;
                let integer = !data[i..end].contains(&b'.');
                (Kind::Number(integer), end)
            }
            c if is_operator_char(c) => {
                let end = i + data[i..]
                    .iter()
                    .take_while(|&&c| is_operator_char(c))
                    .count();
                let word = &data[i..end];
                if [&b"true"[..], b"false", b"null"]
                    .iter()
                    .any(|k| word.starts_with(k))
                {
                    return None;
                }
                (Kind::Operator, end)
            }
            _ => return None,
        })
    }

    /// Tolerant lexer: what cannot be read at `i`: a name with `#` escapes (its bytes as they
    /// are), or a stray token to the end of a string or container (or of the data), of a run
    /// of regular bytes, or one byte.
    fn stray(&self, i: usize) -> (Kind, usize) {
        let data = self.data;
        if data.get(i) == Some(&b'/') {
            let len = data[i + 1..].iter().take_while(|&&c| is_regular(c)).count();
            return (Kind::Name, i + 1 + len);
        }
        let end = match data.get(i) {
            Some(b'(') => loose_literal_end(data, i),
            Some(b'<') if data.get(i + 1) == Some(&b'<') => loose_nested_end(data, i + 2, b">>"),
            Some(b'<') => memchr::memchr(b'>', &data[i..]).map_or(data.len(), |k| i + k + 1),
            Some(b'[') => loose_nested_end(data, i + 1, b"]"),
            Some(&c) if is_regular(c) => {
                i + data[i..].iter().take_while(|&&c| is_regular(c)).count()
            }
            _ => i + 1,
        };
        (Kind::Stray, end)
    }
}

/// A literal string read without lopdf's limits: to its balancing `)` or the end.
fn loose_literal_end(c: &[u8], i: usize) -> usize {
    let mut depth = 0usize;
    let mut j = i;
    while let Some(&b) = c.get(j) {
        match b {
            b'\\' => j += 1,
            b'(' => depth += 1,
            b')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return j + 1;
                }
            }
            _ => {}
        }
        j += 1;
    }
    c.len()
}

/// An array or dictionary body from `i` read loosely, to `close` or the end.
fn loose_nested_end(c: &[u8], mut i: usize, close: &[u8]) -> usize {
    loop {
        i = skip(c, i, is_white);
        if i >= c.len() {
            return c.len();
        }
        if c[i..].starts_with(close) {
            return i + close.len();
        }
        i = match c[i] {
            b'%' => {
                i + c[i..]
                    .iter()
                    .take_while(|&&b| b != b'\n' && b != b'\r')
                    .count()
            }
            b'(' => loose_literal_end(c, i),
            b'<' if c.get(i + 1) == Some(&b'<') => loose_nested_end(c, i + 2, b">>"),
            b'<' => memchr::memchr(b'>', &c[i..]).map_or(c.len(), |k| i + k + 1),
            b'[' => loose_nested_end(c, i + 1, b"]"),
            _ => i + 1,
        };
    }
}

/// Tolerant lexer: an inline image at `i` that lopdf cannot read: past its first `EI` between
/// white space after an `ID`, or the end of the data.
fn image_end_loose(c: &[u8], i: usize) -> usize {
    let Some(id) = memchr::memmem::find(&c[i..], b"ID").map(|k| i + k + 2) else {
        return c.len();
    };
    let mut j = id + 1;
    while j + 2 <= c.len() {
        let at_ei = &c[j..j + 2] == b"EI"
            && is_white(c[j - 1])
            && c.get(j + 2).is_none_or(|&b| is_white(b) || is_delimiter(b));
        if at_ei {
            return j + 2;
        }
        j += 1;
    }
    c.len()
}

pub(super) fn skip(data: &[u8], mut i: usize, white: impl Fn(u8) -> bool) -> usize {
    while data.get(i).is_some_and(|&c| white(c)) {
        i += 1;
    }
    i
}

/// End of the name at `i` (`/`); `#` escapes are left to lopdf.
pub(super) fn name_end(data: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    while let Some(&c) = data.get(j) {
        if c == b'#' {
            return None;
        }
        if !is_regular(c) {
            break;
        }
        j += 1;
    }
    Some(j)
}

/// End of the number at `i`: lopdf's real (`[+-]` digits `.` digits, or `[+-]` `.` digits)
/// or integer (`[+-]` digits, which must fit an `i64`).
pub(super) fn number(data: &[u8], mut i: usize) -> Option<usize> {
    if matches!(data.get(i), Some(b'+' | b'-')) {
        i += 1;
    }
    let digits = |j: usize| {
        data[j.min(data.len())..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count()
    };
    let n = digits(i);
    i += n;
    if data.get(i) == Some(&b'.') {
        let m = digits(i + 1);
        if n == 0 && m == 0 {
            return None;
        }
        return Some(i + 1 + m);
    }
    (n > 0 && n <= 18).then_some(i)
}

/// End of the literal string at `i` (`(`); its bytes go to `out`.
pub(super) fn literal(
    data: &[u8],
    i: usize,
    mut out: Option<&mut Vec<u8>>,
    depth: usize,
) -> Option<usize> {
    if depth > MAX_NESTING {
        return None;
    }
    let mut push = |b: u8| {
        if let Some(o) = out.as_deref_mut() {
            o.push(b);
        }
    };
    let mut j = i + 1;
    let mut nested = 0usize;
    loop {
        let c = *data.get(j)?;
        j += 1;
        match c {
            b'\\' => {
                let e = *data.get(j)?;
                if (b'0'..=b'7').contains(&e) {
                    let mut v: u16 = 0;
                    let mut k = 0;
                    while k < 3 && data.get(j).is_some_and(|c| (b'0'..=b'7').contains(c)) {
                        v = v * 8 + u16::from(data[j] - b'0');
                        j += 1;
                        k += 1;
                    }
                    push(v as u8);
                    continue;
                }
                j += 1;
                match e {
                    b'\r' => {
                        if data.get(j) == Some(&b'\n') {
                            j += 1;
                        }
                    }
                    b'\n' => {}
                    b'n' => push(b'\n'),
                    b'r' => push(b'\r'),
                    b't' => push(b'\t'),
                    b'b' => push(0x08),
                    b'f' => push(0x0C),
                    other => push(other),
                }
            }
            b'(' => {
                nested += 1;
                if nested + depth > MAX_NESTING {
                    return None;
                }
                push(b'(');
            }
            b')' => {
                if nested == 0 {
                    return Some(j);
                }
                nested -= 1;
                push(b')');
            }
            other => push(other),
        }
    }
}

/// End of the hexadecimal string at `i` (`<`); its bytes go to `out`.
pub(super) fn hex(data: &[u8], i: usize, mut out: Option<&mut Vec<u8>>) -> Option<usize> {
    let mut j = i + 1;
    let mut high: Option<u8> = None;
    loop {
        j = skip(data, j, is_white);
        let c = *data.get(j)?;
        let v = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            b'A'..=b'F' => c - b'A' + 10,
            b'>' => break,
            _ => return None,
        };
        j += 1;
        match high.take() {
            None => high = Some(v),
            Some(h) => {
                if let Some(o) = out.as_deref_mut() {
                    o.push(h << 4 | v);
                }
            }
        }
    }
    if let (Some(h), Some(o)) = (high, out) {
        o.push(h << 4);
    }
    Some(j + 1)
}

/// End of one object inside an array or dictionary at `i`, and its trailing whitespace; the
/// bytes of a string go to `strings`.
fn element(
    data: &[u8],
    i: usize,
    strings: Option<&mut Vec<Vec<u8>>>,
    depth: usize,
) -> Option<usize> {
    let end = match *data.get(i)? {
        b'/' => name_end(data, i)?,
        b'<' if data.get(i + 1) == Some(&b'<') => dictionary(data, i, depth + 1)?,
        c @ (b'(' | b'<') => {
            let mut s = Vec::new();
            let want = strings.is_some();
            let end = if c == b'(' {
                literal(data, i, want.then_some(&mut s), depth + 1)?
            } else {
                hex(data, i, want.then_some(&mut s))?
            };
            if let Some(v) = strings {
                v.push(s);
            }
            end
        }
        b'[' => array(data, i, None, depth + 1)?,
        b'0'..=b'9' | b'+' | b'-' | b'.' => {
            let end = number(data, i)?;
            // `1 0 R` is a reference to lopdf: left to it.
            let next = skip(data, end, is_white);
            if data.get(next).is_some_and(|c| c.is_ascii_digit()) {
                let after = skip(
                    data,
                    next + data[next..]
                        .iter()
                        .take_while(|c| c.is_ascii_digit())
                        .count(),
                    is_white,
                );
                if data.get(after) == Some(&b'R') {
                    return None;
                }
            }
            end
        }
        _ => return None,
    };
    Some(skip(data, end, is_white))
}

/// End of the array at `i` (`[`); the strings among its elements go to `strings`.
pub(super) fn array(
    data: &[u8],
    i: usize,
    mut strings: Option<&mut Vec<Vec<u8>>>,
    depth: usize,
) -> Option<usize> {
    if depth > MAX_NESTING {
        return None;
    }
    let mut j = skip(data, i + 1, is_white);
    loop {
        if *data.get(j)? == b']' {
            return Some(j + 1);
        }
        j = element(data, j, strings.as_deref_mut(), depth)?;
    }
}

/// End of the dictionary at `i` (`<<`).
pub(super) fn dictionary(data: &[u8], i: usize, depth: usize) -> Option<usize> {
    if depth > MAX_NESTING {
        return None;
    }
    let mut j = skip(data, i + 2, is_white);
    loop {
        match *data.get(j)? {
            b'>' => return (data.get(j + 1) == Some(&b'>')).then_some(j + 2),
            b'/' => {
                j = skip(data, name_end(data, j)?, is_white);
                j = element(data, j, None, depth)?;
            }
            _ => return None,
        }
    }
}

/// A value of an inline image's dictionary, as far as lopdf's reading of the image needs it.
#[derive(Clone, Copy, PartialEq)]
enum Value<'a> {
    Integer(i64),
    Bool(bool),
    Name(&'a [u8]),
    /// A real, string, array or dictionary.
    Other,
}

/// The end of the inline image whose `BI` is at `i` (after its `EI` and the white space lopdf
/// skips), as lopdf 0.42's content parser ends it; `None` where lopdf fails on it or the
/// dictionary holds what this reader leaves to lopdf.
///
/// lopdf reads `BI`, the image dictionary, `ID` and the white space after it; then, when the
/// image has integer `/W`, `/H`, `/BPC`, a device colour space (or `/IM true`) and no filter,
/// exactly `H × ⌈W × colours × BPC / 8⌉` bytes of data, white space and `EI` (which must be
/// there); for any other image (a filter, a named or indexed colour space, …) the data ends at
/// the first `EI` between a space, CR or LF before and after it.
pub fn inline_image(data: &[u8], i: usize) -> Option<usize> {
    if !data.get(i..)?.starts_with(b"BI") {
        return None;
    }
    let mut j = skip(data, i + 2, is_content_space);
    let mut dict: Vec<(&[u8], Value)> = Vec::new();
    while data.get(j) == Some(&b'/') {
        let key_end = name_end(data, j)?;
        let key = &data[j + 1..key_end];
        j = skip(data, key_end, is_white);
        let c = *data.get(j)?;
        let (value, end) = match c {
            b'/' => {
                let end = name_end(data, j)?;
                (Value::Name(&data[j + 1..end]), end)
            }
            b'0'..=b'9' | b'+' | b'-' | b'.' => {
                let end = number(data, j)?;
                // A reference (`1 0 R`) is left to lopdf.
                let next = skip(data, end, is_white);
                if data.get(next).is_some_and(u8::is_ascii_digit) {
                    return None;
                }
                let text = std::str::from_utf8(&data[j..end]).ok()?;
                let v = if text.contains('.') {
                    Value::Other
                } else {
                    Value::Integer(text.parse().ok()?)
                };
                (v, end)
            }
            b't' | b'f' => {
                let v = data[j..].starts_with(b"true");
                let len = if v { 4 } else { 5 };
                if !v && !data[j..].starts_with(b"false") {
                    return None;
                }
                (Value::Bool(v), j + len)
            }
            b'(' | b'<' | b'[' => {
                let end = match (c, data.get(j + 1)) {
                    (b'(', _) => literal(data, j, None, 0)?,
                    (b'<', Some(b'<')) => dictionary(data, j, 0)?,
                    (b'<', _) => hex(data, j, None)?,
                    _ => array(data, j, None, 0)?,
                };
                (Value::Other, end)
            }
            _ => return None,
        };
        // Later keys replace earlier ones, as in lopdf's dictionary.
        dict.retain(|(k, _)| *k != key);
        if dict.len() >= 64 {
            return None;
        }
        dict.push((key, value));
        j = skip(data, end, is_white);
    }
    if !data.get(j..)?.starts_with(b"ID") {
        return None;
    }
    let start = skip(data, j + 2, is_content_space);
    let get = |abbr: &[u8], full: &[u8]| {
        let find = |k: &[u8]| dict.iter().find(|(key, _)| *key == k).map(|(_, v)| *v);
        find(abbr).or_else(|| find(full))
    };
    match image_length(&get) {
        Length::Lopdf => None,
        Length::Sized(length) if data.len() - start >= length => {
            let after = skip(data, start + length, is_content_space);
            if !data[after..].starts_with(b"EI") {
                return None;
            }
            Some(skip(data, after + 2, is_content_space))
        }
        // No size, or data shorter than it: the first `EI` between white space.
        _ => {
            let rest = &data[start..];
            let at = rest.windows(4).position(|w| {
                matches!(w[0], b' ' | b'\n' | b'\r')
                    && &w[1..3] == b"EI"
                    && matches!(w[3], b' ' | b'\n' | b'\r')
            })?;
            Some(skip(data, start + at + 3, is_content_space))
        }
    }
}

/// A lookup of an inline image's dictionary by abbreviated and full key.
type Lookup<'f, 'a> = dyn Fn(&[u8], &[u8]) -> Option<Value<'a>> + 'f;

/// How lopdf finds the end of an inline image's data.
enum Length {
    /// By its size, this many bytes.
    Sized(usize),
    /// At the first `EI` between white space.
    Search,
    /// lopdf panics on it, or its size wraps around: left to lopdf.
    Lopdf,
}

/// lopdf 0.42's `image_data_stream`, on the image dictionary's values looked up by `get`
/// (abbreviation, full key).
fn image_length<'a>(get: &Lookup<'_, 'a>) -> Length {
    let int = |abbr: &[u8], full: &[u8]| match get(abbr, full) {
        Some(Value::Integer(n)) => Some(n),
        _ => None,
    };
    let (Some(width), Some(height), Some(bpc)) = (
        int(b"W", b"Width"),
        int(b"H", b"Height"),
        int(b"BPC", b"BitsPerComponent"),
    ) else {
        return Length::Search;
    };
    let colours: usize = if get(b"IM", b"ImageMask") == Some(Value::Bool(true)) {
        1
    } else {
        match get(b"CS", b"ColorSpace") {
            None => return Length::Lopdf,
            Some(Value::Name(b"DeviceGray" | b"Gray")) => 1,
            Some(Value::Name(b"DeviceRGB" | b"RGB")) => 3,
            Some(Value::Name(b"DeviceRGBA" | b"RGBA" | b"DeviceCMYK" | b"CMYK")) => 4,
            _ => return Length::Search,
        }
    };
    if get(b"F", b"Filter").is_some() {
        return Length::Search;
    }
    let size = || {
        let (w, h, b) = (
            usize::try_from(width).ok()?,
            usize::try_from(height).ok()?,
            usize::try_from(bpc).ok()?,
        );
        let stride = w.checked_mul(b.checked_mul(colours)?)?.checked_add(7)? / 8;
        h.checked_mul(stride)
    };
    size().map_or(Length::Lopdf, Length::Sized)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::content::Content;

    /// The operators of `data` as the strict lexer reads them (`BI` for an inline image), or
    /// `None` where it leaves `data` to lopdf.
    fn operators(data: &[u8]) -> Option<Vec<String>> {
        let mut lexer = Lexer::new(data);
        let mut out = Vec::new();
        while let Some(t) = lexer.next_token().ok()? {
            match t.kind {
                Kind::Operator => out.push(String::from_utf8_lossy(&data[t.start..t.end]).into()),
                Kind::InlineImage => out.push("BI".to_string()),
                _ => {}
            }
        }
        Some(out)
    }

    fn by_lopdf(data: &[u8]) -> Option<Vec<String>> {
        let c = Content::decode(data).ok()?;
        Some(c.operations.into_iter().map(|o| o.operator).collect())
    }

    #[test]
    fn inline_images_end_where_lopdf_ends_them() {
        let read: &[&[u8]] = &[
            // Sized data (2 × 2 grey bytes) that holds ` EI`: lopdf reads 4 bytes, no search.
            b"q BI /W 2 /H 2 /BPC 8 /CS /DeviceGray ID \x00 EI EI Q",
            // Full keys, CMYK, and `EI` glued to the next operator.
            b"BI /Width 1 /Height 1 /BitsPerComponent 8 /ColorSpace /DeviceCMYK ID abcd\nEIQ",
            // A mask: one colour.
            b"BI /IM true /W 16 /H 2 /BPC 1 ID \x01\x02\x03\x04 EI Q",
            // A filter, a named colour space, a grey called /G, data shorter than its size:
            // the first `EI` between spaces, CRs or LFs.
            b"BI /W 1 /H 1 /BPC 8 /CS /RGB /F /AHx ID 00ff00> EI Q",
            b"q BI\n/CS/R16\n/W 1\n/H 288\n/BPC 8\n/F/Fl\nID x\x9cEI\tEI\rEIQ\nEI Q Q",
            b"BI /W 1 /H 1 /BPC 8 /CS /G ID \x00\n EI\n",
            b"BI /W 100 /H 100 /BPC 8 /CS /Gray ID ab EI BT ET",
            b"BI /W 1.0 /H 1 /BPC 8 /CS /Gray /D [1 0] /DP << /K -1 >> ID a EI Q",
            // Later keys replace earlier ones.
            b"BI /W 9 /H 1 /BPC 8 /CS /Gray /W 1 ID a EI Q",
            b"BI ID x EI Q",
        ];
        for d in read {
            let ours = operators(d);
            assert!(ours.is_some(), "left: {:?}", String::from_utf8_lossy(d));
            assert_eq!(ours, by_lopdf(d), "{:?}", String::from_utf8_lossy(d));
        }
        // Where lopdf fails (no `EI` where it must be) or would panic (no colour space), or
        // the dictionary holds what the lexer leaves to lopdf.
        let left: &[&[u8]] = &[
            b"BI /W 1 /H 1 /BPC 8 /CS /G ID x EIQ",
            b"BI /W 1 /H 1 /BPC 8 /CS /Gray ID ab EI Q",
            b"BI /W 1 /H 1 /BPC 8 ID a EI Q",
            b"BI /W 1 /H 1 /BPC 8 /CS 3 0 R ID a EI Q",
            b"BI /W 1 % c\n /H 1 ID a EI Q",
            b"BIX ID a EI",
            b"BI /W -1 /H -1 /BPC 8 /CS /Gray ID a EI Q",
        ];
        for d in left {
            assert_eq!(operators(d), None, "{:?}", String::from_utf8_lossy(d));
        }
        assert_eq!(by_lopdf(b"BI /W 1 /H 1 /BPC 8 /CS /G ID x EIQ"), None);
        assert_eq!(by_lopdf(b"BI /W 1 /H 1 /BPC 8 /CS /Gray ID ab EI Q"), None);
    }

    #[test]
    fn the_tolerant_lexer_reads_on() {
        let data = b"% c\nq /A#20B Do true (x ) Tj BI /W 1 ID \x00 EI[1] TJ 1 ] ' Q";
        let mut lexer = Lexer::tolerant(data);
        let mut tokens = Vec::new();
        while let Ok(Some(t)) = lexer.next_token() {
            tokens.push((
                t.kind,
                String::from_utf8_lossy(&data[t.start..t.end]).into_owned(),
            ));
        }
        let expected = [
            (Kind::Operator, "q"),
            (Kind::Name, "/A#20B"),
            (Kind::Operator, "Do"),
            (Kind::Stray, "true"),
            (Kind::Literal, "(x )"),
            (Kind::Operator, "Tj"),
            (Kind::InlineImage, "BI /W 1 ID \x00 EI"),
            (Kind::Array, "[1]"),
            (Kind::Operator, "TJ"),
            (Kind::Number(true), "1"),
            (Kind::Stray, "]"),
            (Kind::Operator, "'"),
            (Kind::Operator, "Q"),
        ];
        let expected: Vec<(Kind, String)> =
            expected.iter().map(|(k, s)| (*k, s.to_string())).collect();
        assert_eq!(tokens, expected);
        // The strict lexer leaves it to lopdf.
        let mut strict = Lexer::new(data);
        while let Ok(Some(_)) = strict.next_token() {}
        assert_eq!(strict.next_token(), Err(Unread));
    }
}
