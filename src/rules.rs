//! Rules: the data that steers normalization, dates, numbering and headings.
//!
//! Like sudachi's `char.def`/`rewrite.def`, the rules are plain files in `rules/` that users
//! can edit without recompiling. The files in the repository are compiled in as defaults;
//! `--rules DIR` replaces any of them with the file of the same name found in DIR. A file
//! that does not parse is an error naming the file and the line.

use std::path::Path;
use std::sync::OnceLock;

use serde::de::DeserializeOwned;

use crate::error::{Error, Result};

/// Every rules file, parsed.
#[derive(Debug, Clone)]
pub struct Rules {
    /// `eras.toml`: the Japanese eras.
    pub eras: crate::dates::EraRules,
    /// `numbering.toml`: numbering schemes (`(1)`, `①`, `第1章`, …).
    pub numbering: crate::numbering::NumberingRules,
    /// `keywords.toml`: heading and record keywords (施策, 方向性, 取組項目, 担当課, …).
    pub keywords: crate::outline::KeywordRules,
    /// `chars.toml`: character fixes (radicals, dashes, spaces).
    pub chars: crate::normalize::CharRules,
    /// `records.toml`: item keywords, department labels and suffixes, field labels, plan words.
    pub records: crate::records::RecordRules,
    /// `municipalities.tsv`: 全国地方公共団体コード, prefecture and name of every municipality.
    pub municipalities: crate::records::Municipalities,
    /// `themes.toml`: reform themes with their signal and exclude phrases.
    pub themes: crate::themes::ThemeRules,
}

/// The rules files and their compiled-in defaults, by file name.
pub const DEFAULT_FILES: [(&str, &str); 7] = [
    ("eras.toml", include_str!("../rules/eras.toml")),
    ("numbering.toml", include_str!("../rules/numbering.toml")),
    ("keywords.toml", include_str!("../rules/keywords.toml")),
    ("chars.toml", include_str!("../rules/chars.toml")),
    ("records.toml", include_str!("../rules/records.toml")),
    (
        "municipalities.tsv",
        include_str!("../rules/municipalities.tsv"),
    ),
    ("themes.toml", include_str!("../rules/themes.toml")),
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
        let eras: crate::dates::EraRules = parse_toml(&f, &t)?;
        let (f, t) = text("numbering.toml")?;
        let numbering: crate::numbering::NumberingRules = parse_toml(&f, &t)?;
        let (f, t) = text("keywords.toml")?;
        let keywords: crate::outline::KeywordRules = parse_toml(&f, &t)?;
        let (f, t) = text("chars.toml")?;
        let chars: crate::normalize::CharRules = parse_toml(&f, &t)?;
        let (f, t) = text("records.toml")?;
        let records: crate::records::RecordRules = parse_toml(&f, &t)?;
        let (f, t) = text("municipalities.tsv")?;
        let municipalities =
            crate::records::Municipalities::parse(&t).map_err(|reason| Error::Rules {
                file: f.clone(),
                reason,
            })?;
        let (f, t) = text("themes.toml")?;
        let themes = crate::themes::ThemeRules::parse(&f, &t)?;
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

/// Parse one TOML rules file; errors name the file and the line.
pub fn parse_toml<T: DeserializeOwned>(file: &str, text: &str) -> Result<T> {
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
