//! HTML fragments in extracted text: `<table>` with rowspan/colspan, and tag stripping for
//! cells and descriptions (`<br>`, `<ul><li>`, `<p>`).

/// One tag or text piece of an HTML fragment.
#[derive(Debug, Clone, PartialEq)]
enum Piece {
    /// Lower-case tag name, closing flag, raw attribute text.
    Tag {
        name: String,
        close: bool,
        attrs: String,
    },
    Text(String),
}

fn pieces(s: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut rest = s;
    while !rest.is_empty() {
        match rest.find('<') {
            Some(lt) => {
                if lt > 0 {
                    out.push(Piece::Text(rest[..lt].to_string()));
                }
                let after = &rest[lt + 1..];
                let Some(gt) = after.find('>') else {
                    out.push(Piece::Text(rest[lt..].to_string()));
                    break;
                };
                let inner = after[..gt].trim();
                let (close, inner) = match inner.strip_prefix('/') {
                    Some(x) => (true, x.trim_start()),
                    None => (false, inner),
                };
                let name: String = inner
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect::<String>()
                    .to_ascii_lowercase();
                if name.is_empty() {
                    // `<` that opens no tag (`a < b`): text.
                    out.push(Piece::Text(rest[lt..lt + 1].to_string()));
                    rest = &rest[lt + 1..];
                    continue;
                }
                let attrs = inner[name.len()..].trim().trim_end_matches('/').to_string();
                out.push(Piece::Tag { name, close, attrs });
                rest = &after[gt + 1..];
            }
            None => {
                out.push(Piece::Text(rest.to_string()));
                break;
            }
        }
    }
    out
}

/// Decode the few entities plans use.
fn unescape(s: &str) -> String {
    s.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Tags that end a line of text when stripped.
fn breaks_line(name: &str) -> bool {
    matches!(
        name,
        "br" | "p" | "li" | "ul" | "ol" | "div" | "tr" | "table" | "h1" | "h2" | "h3" | "h4"
    )
}

/// The tags of `s` (and the entities, which become other characters), as written: the
/// characters of a line that are markup rather than cell text.
pub fn tag_text(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(lt) = rest.find('<') {
        let after = &rest[lt..];
        match after.find('>') {
            Some(gt) => {
                out.push_str(&after[..=gt]);
                rest = &after[gt + 1..];
            }
            None => break,
        }
    }
    for ent in ["&nbsp;", "&lt;", "&gt;", "&quot;", "&#39;", "&amp;"] {
        for _ in 0..s.matches(ent).count() {
            out.push_str(ent);
        }
    }
    out
}

/// The text of an HTML fragment: tags removed, `<br>`, `<p>` and `<li>` as line breaks,
/// lines trimmed, empty lines dropped.
pub fn strip_tags(s: &str) -> String {
    let mut text = String::new();
    for p in pieces(s) {
        match p {
            Piece::Text(t) => text.push_str(&unescape(&t)),
            Piece::Tag { name, .. } => {
                if breaks_line(&name) {
                    text.push('\n');
                } else if matches!(name.as_str(), "td" | "th") {
                    text.push(' ');
                }
            }
        }
    }
    text.lines()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn attr_num(attrs: &str, key: &str) -> Option<usize> {
    let lower = attrs.to_ascii_lowercase();
    let at = lower.find(key)?;
    let rest = lower[at + key.len()..].trim_start().strip_prefix('=')?;
    let rest = rest.trim_start().trim_start_matches(['"', '\'']);
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    digits
        .parse()
        .ok()
        .filter(|&n: &usize| (1..=1000).contains(&n))
}

/// A parsed HTML table: rows of cell texts (rowspan/colspan repeated into every covered
/// position) and how many leading rows are headers (`<thead>` rows or rows of `<th>` only).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HtmlTable {
    pub rows: Vec<Vec<String>>,
    pub header_rows: u32,
    pub caption: Option<String>,
}

/// Parse the first `<table>…</table>` of `s` (an unclosed table ends at the end of `s`).
pub fn parse_table(s: &str) -> Option<HtmlTable> {
    let ps = pieces(s);
    let start = ps
        .iter()
        .position(|p| matches!(p, Piece::Tag { name, close: false, .. } if name == "table"))?;
    let mut out = HtmlTable::default();
    // Grid with pending rowspans: (column, remaining rows, text).
    let mut pending: Vec<(usize, usize, String)> = Vec::new();
    let mut row: Option<Vec<Option<String>>> = None;
    let mut row_all_th = true;
    let mut in_thead = false;
    let mut cell: Option<(String, usize, usize, bool)> = None; // text, colspan, rowspan, th
    let mut caption: Option<String> = None;
    let mut header_done = false;
    let mut depth = 0usize;

    fn place(row: &mut Vec<Option<String>>, col: usize, text: &str) {
        while row.len() <= col {
            row.push(None);
        }
        row[col] = Some(text.to_string());
    }

    let finish_cell = |row: &mut Option<Vec<Option<String>>>,
                       cell: &mut Option<(String, usize, usize, bool)>,
                       pending: &mut Vec<(usize, usize, String)>| {
        if let (Some(r), Some((t, cs, rs, _))) = (row.as_mut(), cell.take()) {
            let text = strip_tags(&t).replace('\n', " ");
            // First free column.
            let mut col = 0;
            while r.get(col).is_some_and(|c| c.is_some()) {
                col += 1;
            }
            for k in 0..cs {
                place(r, col + k, &text);
                if rs > 1 {
                    pending.push((col + k, rs - 1, text.clone()));
                }
            }
        }
    };

    for p in &ps[start..] {
        match p {
            Piece::Tag { name, close, attrs } => match (name.as_str(), *close) {
                ("table", false) => {
                    depth += 1;
                    if depth > 1 {
                        if let Some(c) = cell.as_mut() {
                            c.0.push(' ');
                        }
                    }
                }
                ("table", true) => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        break;
                    }
                }
                _ if depth > 1 => {
                    // Nested table: its text goes into the current cell.
                    if let Some(c) = cell.as_mut() {
                        c.0.push(if breaks_line(name) { '\n' } else { ' ' });
                    }
                }
                ("thead", false) => in_thead = true,
                ("thead", true) => in_thead = false,
                ("caption", false) => caption = Some(String::new()),
                ("caption", true) => {
                    out.caption = caption
                        .take()
                        .map(|c| strip_tags(&c))
                        .filter(|c| !c.is_empty())
                }
                ("tr", false) | ("tr", true) => {
                    finish_cell(&mut row, &mut cell, &mut pending);
                    if let Some(r) = row.take() {
                        push_row(&mut out, r, row_all_th, in_thead, &mut header_done);
                    }
                    if !close {
                        let mut r: Vec<Option<String>> = Vec::new();
                        for (col, left, text) in pending.iter_mut() {
                            place(&mut r, *col, text);
                            *left -= 1;
                        }
                        pending.retain(|(_, left, _)| *left > 0);
                        row = Some(r);
                        row_all_th = true;
                    }
                }
                ("td", false) | ("th", false) => {
                    finish_cell(&mut row, &mut cell, &mut pending);
                    if row.is_none() {
                        row = Some(Vec::new());
                        row_all_th = true;
                    }
                    if name == "td" {
                        row_all_th = false;
                    }
                    let cs = attr_num(attrs, "colspan").unwrap_or(1);
                    let rs = attr_num(attrs, "rowspan").unwrap_or(1);
                    cell = Some((String::new(), cs, rs, name == "th"));
                }
                ("td", true) | ("th", true) => finish_cell(&mut row, &mut cell, &mut pending),
                _ => {
                    let piece = if *close {
                        format!("</{name}>")
                    } else {
                        format!("<{name}>")
                    };
                    if let Some(c) = cell.as_mut() {
                        c.0.push_str(&piece);
                    } else if let Some(c) = caption.as_mut() {
                        c.push_str(&piece);
                    }
                }
            },
            Piece::Text(t) => {
                if let Some(c) = cell.as_mut() {
                    c.0.push_str(t);
                } else if let Some(c) = caption.as_mut() {
                    c.push_str(t);
                }
            }
        }
    }
    finish_cell(&mut row, &mut cell, &mut pending);
    if let Some(r) = row.take() {
        push_row(&mut out, r, row_all_th, in_thead, &mut header_done);
    }
    if out.rows.is_empty() {
        return None;
    }
    Some(out)
}

fn push_row(
    out: &mut HtmlTable,
    r: Vec<Option<String>>,
    all_th: bool,
    in_thead: bool,
    header_done: &mut bool,
) {
    let cells: Vec<String> = r.into_iter().map(|c| c.unwrap_or_default()).collect();
    if cells.is_empty() {
        return;
    }
    if !*header_done && (all_th || in_thead) {
        out.header_rows += 1;
    } else {
        *header_done = true;
    }
    out.rows.push(cells);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strip() {
        assert_eq!(
            strip_tags("<ul style=\"x\"> <li>一</li><li>二</li></ul>"),
            "一\n二"
        );
        assert_eq!(strip_tags("<p>・本文です。</p>"), "・本文です。");
        assert_eq!(strip_tags("a<br>b &amp; c"), "a\nb & c");
    }

    #[test]
    fn spans() {
        let t = parse_table(
            "<table><tr><th rowspan=2>名</th><th colspan=2>値</th></tr>\
             <tr><th>R2</th><th>R3</th></tr><tr><td>A</td><td>1</td><td>2</td></tr></table>",
        )
        .unwrap();
        assert_eq!(t.header_rows, 2);
        assert_eq!(t.rows[0], vec!["名", "値", "値"]);
        assert_eq!(t.rows[1], vec!["名", "R2", "R3"]);
        assert_eq!(t.rows[2], vec!["A", "1", "2"]);
    }
}
