//! Rules: the data that steers normalization, dates, numbering and headings.
//!
//! Like sudachi's `char.def`/`rewrite.def`, the rules are plain files in `rules/` that users
//! can edit without recompiling. The files in the repository are compiled in as defaults;
//! `--rules DIR` replaces any of them with the file of the same name found in DIR. A file
//! that does not parse is an error naming the file and the line.

pub(crate) mod chars;
pub(crate) mod eras;
mod keywords;
mod municipalities;
mod numbering;
mod records;
pub(crate) mod themes;

pub use chars::CharRules;
pub use eras::{DateWords, Era, EraRules};
pub use keywords::KeywordRules;
pub use municipalities::{Municipalities, MunicipalityEntry};
pub use numbering::NumberingRules;
pub use records::RecordRules;
pub use themes::ThemeRules;

use std::path::Path;
use std::sync::OnceLock;

use serde::de::DeserializeOwned;

use crate::error::{Error, Result};

/// The rules the record extractors read: their own words (`records.toml`), the numbering
/// labels, the municipality list and the era table.
#[derive(Clone, Copy)]
pub struct RecordsRules<'a> {
    /// `records.toml`.
    pub records: &'a RecordRules,
    /// `numbering.toml`: item labels are numbering labels.
    pub numbering: &'a NumberingRules,
    /// `municipalities.tsv`.
    pub municipalities: &'a Municipalities,
    /// `eras.toml`: fiscal years in table headers.
    pub eras: &'a EraRules,
    /// `keywords.toml`: bullets and unit words shared with the outline.
    pub keywords: &'a KeywordRules,
}

/// Every rules file, parsed.
#[derive(Debug, Clone)]
pub struct Rules {
    /// `eras.toml`: the Japanese eras.
    pub eras: EraRules,
    /// `numbering.toml`: numbering schemes (`(1)`, `①`, `第1章`, …).
    pub numbering: NumberingRules,
    /// `keywords.toml`: heading and record keywords (施策, 方向性, 取組項目, 担当課, …).
    pub keywords: KeywordRules,
    /// `chars.toml`: character fixes (radicals, dashes, spaces).
    pub chars: CharRules,
    /// `records.toml`: item keywords, department labels and suffixes, field labels, plan words.
    pub records: RecordRules,
    /// `municipalities.tsv`: 全国地方公共団体コード, prefecture and name of every municipality.
    pub municipalities: Municipalities,
    /// `themes.toml`: reform themes with their signal and exclude phrases.
    pub themes: ThemeRules,
}

/// The rules files and their compiled-in defaults, by file name.
pub(crate) const DEFAULT_FILES: [(&str, &str); 7] = [
    ("eras.toml", include_str!("../../rules/eras.toml")),
    ("numbering.toml", include_str!("../../rules/numbering.toml")),
    ("keywords.toml", include_str!("../../rules/keywords.toml")),
    ("chars.toml", include_str!("../../rules/chars.toml")),
    ("records.toml", include_str!("../../rules/records.toml")),
    (
        "municipalities.tsv",
        include_str!("../../rules/municipalities.tsv"),
    ),
    ("themes.toml", include_str!("../../rules/themes.toml")),
];

impl Rules {
    /// The compiled-in rules.
    pub fn defaults() -> &'static Rules {
        static DEFAULTS: OnceLock<Rules> = OnceLock::new();
        DEFAULTS.get_or_init(|| {
            // The defaults are tested (rules::tests::defaults_parse); a failure here is a build defect.
            Rules::load(None).expect("compiled-in rules parse")
        })
    }

    /// The part of the rules the record extractors read.
    pub fn records_view(&self) -> RecordsRules<'_> {
        RecordsRules {
            records: &self.records,
            numbering: &self.numbering,
            municipalities: &self.municipalities,
            eras: &self.eras,
            keywords: &self.keywords,
        }
    }

    /// Load the defaults, replacing each file found in `dir`.
    pub fn load(dir: Option<&Path>) -> Result<Rules> {
        if let Some(dir) = dir {
            if !dir.is_dir() {
                return Err(Error::Rules {
                    file: dir.display().to_string(),
                    reason: "not a directory".into(),
                });
            }
        }
        let text = |name: &str| -> Result<(String, String)> {
            let default = DEFAULT_FILES
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, t)| *t)
                .unwrap_or("");
            if let Some(dir) = dir {
                let p = dir.join(name);
                if p.exists() {
                    let t = std::fs::read_to_string(&p).map_err(|e| Error::Rules {
                        file: p.display().to_string(),
                        reason: e.to_string(),
                    })?;
                    return Ok((p.display().to_string(), t));
                }
            }
            Ok((format!("(built-in) rules/{name}"), default.to_string()))
        };
        let (f, t) = text("eras.toml")?;
        let eras: EraRules = parse_toml(&f, &t)?;
        let (f, t) = text("numbering.toml")?;
        let numbering: NumberingRules = parse_toml(&f, &t)?;
        let (f, t) = text("keywords.toml")?;
        let keywords: KeywordRules = parse_toml(&f, &t)?;
        let (f, t) = text("chars.toml")?;
        let chars: CharRules = parse_toml(&f, &t)?;
        let (f, t) = text("records.toml")?;
        let records: RecordRules = parse_toml(&f, &t)?;
        let (f, t) = text("municipalities.tsv")?;
        let municipalities = Municipalities::parse(&t).map_err(|reason| Error::Rules {
            file: f.clone(),
            reason,
        })?;
        let (f, t) = text("themes.toml")?;
        let themes = ThemeRules::parse(&f, &t)?;
        let mut chars = chars;
        // Words a run of one-character lines may spell (a vertical heading, a name on a
        // cover): the unnumbered headings, the TOC markers and the municipalities' names.
        chars.words = keywords
            .unnumbered_headings
            .iter()
            .chain(keywords.toc_markers.iter())
            .map(|w| w.chars().filter(|c| !c.is_whitespace()).collect::<String>())
            .chain(municipalities.entries.iter().map(|e| e.name.clone()))
            .filter(|w| !w.is_empty())
            .collect();
        // The leader characters of chars.toml, read by the outline's TOC reader too.
        let mut keywords = keywords;
        keywords.leader_dots = chars.leader_dots.clone();
        keywords.leader_ellipses = chars.leader_ellipses.clone();
        let rules = Rules {
            eras,
            numbering,
            keywords,
            chars,
            records,
            municipalities,
            themes,
        };
        Ok(rules)
    }
}

/// Files in a `--rules` folder that look like rules files (`.toml`, `.tsv`) but have none of
/// the names jplan reads, such as a misspelt `era.toml`: each with a message saying it is
/// ignored, and the name it may have meant. Sorted by file name.
pub fn unknown_files(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let known: Vec<&str> = DEFAULT_FILES.iter().map(|(n, _)| *n).collect();
    let mut names: Vec<String> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| {
            let lower = n.to_ascii_lowercase();
            (lower.ends_with(".toml") || lower.ends_with(".tsv")) && !known.contains(&n.as_str())
        })
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|n| {
            let stem = n
                .rsplit_once('.')
                .map_or(n.as_str(), |(s, _)| s)
                .to_ascii_lowercase();
            let meant = known.iter().find(|k| {
                let ks = k.rsplit_once('.').map_or(**k, |(s, _)| s);
                !stem.is_empty() && (ks.starts_with(&stem) || stem.starts_with(ks))
            });
            let hint = match meant {
                Some(k) => format!("; did you mean {k}?"),
                None => String::new(),
            };
            format!(
                "{}: not a rules file jplan reads, ignored (the names are {}){hint}",
                dir.join(&n).display(),
                known.join(", ")
            )
        })
        .collect()
}

/// Parse one TOML rules file; errors name the file and the line.
pub(crate) fn parse_toml<T: DeserializeOwned>(file: &str, text: &str) -> Result<T> {
    toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
        let msg = e.message().to_string();
        Error::Rules {
            file: file.to_string(),
            reason: match line {
                Some(l) => format!("line {l}: {msg}"),
                None => msg,
            },
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_parse() {
        Rules::load(None).unwrap();
    }

    #[test]
    fn malformed_file_names_file_and_line() {
        let dir = std::env::temp_dir().join(format!("jplan-rules-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("eras.toml"), "# comment\n[[era]]\nname = \n").unwrap();
        let err = Rules::load(Some(&dir)).unwrap_err().to_string();
        std::fs::remove_dir_all(&dir).ok();
        assert!(err.contains("eras.toml"), "{err}");
        assert!(err.contains("line 3"), "{err}");
    }
}
