//! `themes.toml`: the reform themes of `rules/themes.toml` (民間委託, 指定管理者制度, DX, 窓口, …)
//! assigned to each action item, so that items of different plans can be counted together.
//!
//! One Aho-Corasick automaton holds every theme's signal and exclude phrases, folded the same
//! way as the text it reads ([`fold`]: ASCII lower-cased, full-width ASCII to half-width,
//! spaces dropped). An item gets a theme when a signal occurs in its title or description (a
//! title signal: in its title) and no exclude phrase of the same theme overlaps it; the evidence is the text as written and
//! the span the line it is on. An item without any signal keeps an empty list: nothing is
//! guessed. The stage reads only items and normalized lines.

use aho_corasick::{AhoCorasick, MatchKind};
use serde::{Deserialize, Serialize};

/// One theme of `themes.toml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    /// ASCII snake_case identifier (`outsourcing`), used by datasets and diffs.
    pub id: String,
    pub name_ja: String,
    pub name_en: String,
    /// One line: what belongs to the theme.
    pub definition: String,
    /// Phrases that signal the theme in the title or the description.
    #[serde(default)]
    pub signals: Vec<String>,
    /// Phrases that signal the theme only in the title: words a description uses in passing
    /// (`研修`, `公共施設`, `公表`).
    #[serde(default)]
    pub title_signals: Vec<String>,
    /// Phrases that void a signal of this theme they overlap.
    #[serde(default)]
    pub exclude: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    #[serde(default)]
    theme: Vec<Theme>,
}

/// A phrase of the automaton: whose it is and how it matches.
#[derive(Debug, Clone)]
struct Pattern {
    theme: usize,
    exclude: bool,
    title_only: bool,
    /// The folded phrase starts (ends) with an ASCII letter or digit: the text must not
    /// continue it with another one (`ai` is not found in `email`).
    ascii_start: bool,
    ascii_end: bool,
}

/// `themes.toml`, parsed, with its automaton.
#[derive(Debug, Clone, Default)]
pub struct ThemeRules {
    /// The themes in file order: the order of every output.
    pub themes: Vec<Theme>,
    patterns: Vec<Pattern>,
    automaton: Option<AhoCorasick>,
}

/// Which field of an item a theme was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    Description,
}

/// A theme found in an item's text, before its line is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Index into [`ThemeRules::themes`].
    pub theme: usize,
    /// The matched text as written.
    pub evidence: String,
    pub field: Field,
}

impl ThemeRules {
    /// Parse `themes.toml`; errors say what is wrong (the caller adds the file name).
    pub fn parse(file: &str, text: &str) -> crate::error::Result<ThemeRules> {
        let f: ThemeFile = super::parse_toml(file, text)?;
        let err = |reason: String| crate::error::Error::Rules {
            file: file.to_string(),
            reason,
        };
        let mut seen = std::collections::BTreeSet::new();
        for t in &f.theme {
            let ok = !t.id.is_empty()
                && t.id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !ok {
                return Err(err(format!("theme id `{}` is not ascii snake_case", t.id)));
            }
            if !seen.insert(t.id.as_str()) {
                return Err(err(format!("theme id `{}` appears twice", t.id)));
            }
        }
        ThemeRules::new(f.theme).map_err(err)
    }

    /// Build the automaton of `themes`.
    pub fn new(themes: Vec<Theme>) -> std::result::Result<ThemeRules, String> {
        let mut patterns = Vec::new();
        let mut folded = Vec::new();
        for (i, t) in themes.iter().enumerate() {
            for (exclude, title_only, list) in [
                (false, false, &t.signals),
                (false, true, &t.title_signals),
                (true, false, &t.exclude),
            ] {
                for p in list {
                    let f = fold(p).text;
                    if f.is_empty() {
                        continue;
                    }
                    let alnum = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
                    patterns.push(Pattern {
                        theme: i,
                        exclude,
                        title_only,
                        ascii_start: alnum(f.chars().next()),
                        ascii_end: alnum(f.chars().next_back()),
                    });
                    folded.push(f);
                }
            }
        }
        let automaton = if folded.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::builder()
                    .match_kind(MatchKind::Standard)
                    .build(&folded)
                    .map_err(|e| format!("cannot build the theme phrase matcher: {e}"))?,
            )
        };
        Ok(ThemeRules {
            themes,
            patterns,
            automaton,
        })
    }

    /// The theme with id `id`.
    pub fn get(&self, id: &str) -> Option<&Theme> {
        self.themes.iter().find(|t| t.id == id)
    }

    /// For each theme (by index), the first signal in `text` that no exclude phrase of the
    /// theme overlaps: (theme, evidence as written). In theme order. `title` says whether
    /// `text` is a title (title-only signals count) or a description.
    pub fn find_in(&self, text: &str, title: bool) -> Vec<(usize, String)> {
        let Some(ac) = &self.automaton else {
            return Vec::new();
        };
        let f = fold(text);
        let bytes = f.text.as_bytes();
        let alnum_at = |i: usize| bytes.get(i).is_some_and(|b| b.is_ascii_alphanumeric());
        // (theme, start, end) of signals and of exclusions.
        let mut signals: Vec<(usize, usize, usize)> = Vec::new();
        let mut excludes: Vec<(usize, usize, usize)> = Vec::new();
        for m in ac.find_overlapping_iter(&f.text) {
            let Some(p) = self.patterns.get(m.pattern().as_usize()) else {
                continue;
            };
            if p.ascii_start && m.start() > 0 && alnum_at(m.start() - 1) {
                continue;
            }
            if p.ascii_end && alnum_at(m.end()) {
                continue;
            }
            if p.title_only && !title {
                continue;
            }
            let v = if p.exclude {
                &mut excludes
            } else {
                &mut signals
            };
            v.push((p.theme, m.start(), m.end()));
        }
        // Earliest first, then longest.
        signals.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)).then(b.2.cmp(&a.2)));
        let mut out: Vec<(usize, String)> = Vec::new();
        for (theme, s, e) in signals {
            if out.last().is_some_and(|o| o.0 == theme) {
                continue;
            }
            let covered = excludes
                .iter()
                .any(|&(t, xs, xe)| t == theme && xs < e && s < xe);
            if covered {
                continue;
            }
            if let Some(ev) = f.original(text, s, e) {
                out.push((theme, ev.to_string()));
            }
        }
        out
    }

    /// The themes of an item's title and description: title evidence first.
    pub fn find_item(&self, title: &str, description: Option<&str>) -> Vec<Found> {
        let mut found: Vec<Found> = self
            .find_in(title, true)
            .into_iter()
            .map(|(theme, evidence)| Found {
                theme,
                evidence,
                field: Field::Title,
            })
            .collect();
        if let Some(d) = description {
            for (theme, evidence) in self.find_in(d, false) {
                if !found.iter().any(|f| f.theme == theme) {
                    found.push(Found {
                        theme,
                        evidence,
                        field: Field::Description,
                    });
                }
            }
        }
        found.sort_by_key(|f| f.theme);
        found
    }
}

/// Folded text and where each folded character came from.
#[derive(Debug, Clone, Default)]
pub struct Folded {
    pub text: String,
    /// For each folded character: (folded byte offset, original byte start, original byte end).
    map: Vec<(usize, usize, usize)>,
}

impl Folded {
    /// The original text of folded bytes `s..e`.
    fn original<'a>(&self, orig: &'a str, s: usize, e: usize) -> Option<&'a str> {
        let first = self.map.binary_search_by_key(&s, |m| m.0).ok()?;
        let last = self.map.partition_point(|m| m.0 < e).checked_sub(1)?;
        let (_, a, _) = *self.map.get(first)?;
        let (_, _, b) = *self.map.get(last)?;
        orig.get(a..b)
    }
}

/// Fold `text` for matching: spaces dropped, full-width ASCII to half-width, ASCII
/// lower-cased.
pub fn fold(text: &str) -> Folded {
    let mut out = Folded {
        text: String::with_capacity(text.len()),
        map: Vec::with_capacity(text.len() / 2),
    };
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            continue;
        }
        let c = match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            _ => c,
        };
        let c = c.to_ascii_lowercase();
        out.map.push((out.text.len(), i, i + c_len(text, i)));
        out.text.push(c);
    }
    out
}

fn c_len(text: &str, i: usize) -> usize {
    text[i..].chars().next().map_or(1, char::len_utf8)
}
