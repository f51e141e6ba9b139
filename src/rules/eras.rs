//! `eras.toml`: the Japanese eras (元号) and their first and last days, checked when loaded,
//! and prepared for matching once per rules value.

use std::sync::{Arc, OnceLock};

use serde::Deserialize;

/// `eras.toml`: the eras, checked when loaded (dates are ISO, letters are single A–Z).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(try_from = "EraFile")]
pub struct EraRules {
    /// The eras, oldest first.
    pub eras: Vec<Era>,
    /// The words of dates and periods (`[words]`).
    pub words: DateWords,
    /// The eras prepared for matching, built on first use.
    compiled: OnceLock<Arc<Vec<CompiledEra>>>,
}

/// The file as written, before checks.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct EraFile {
    #[serde(rename = "era", default)]
    eras: Vec<Era>,
    #[serde(default)]
    words: Option<DateWords>,
}

/// The `[words]` of the compiled-in `eras.toml`: what an `eras.toml` without a `[words]` table
/// (one written before the table existed, listing eras only) reads.
fn builtin_words() -> DateWords {
    #[derive(Deserialize)]
    struct WordsOnly {
        #[serde(default)]
        words: DateWords,
    }
    toml::from_str::<WordsOnly>(include_str!("../../rules/eras.toml"))
        .map(|w| w.words)
        .unwrap_or_default()
}

/// `[words]` of `eras.toml`: the words the date readers look for beside dates.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateWords {
    /// Verbs of a colophon line that give the date of issue (`令和7年12月発行`, `…策定`).
    #[serde(default)]
    pub colophon_verbs: Vec<String>,
    /// Units of a count of years (`5年間`, `6か年`): a start with a length is a period, and a
    /// table caption's count of years is its period.
    #[serde(default)]
    pub year_count_units: Vec<String>,
    /// Words right after a date that make it the start of its period (`令和7年度当初`).
    #[serde(default)]
    pub start_words: Vec<String>,
    /// Words right after a date that make it the end of its period (`令和7年度末`).
    #[serde(default)]
    pub end_words: Vec<String>,
    /// Words after a year and month that make the month a date (`H27.3 現在`, `R6.4時点`).
    #[serde(default)]
    pub as_of_words: Vec<String>,
}

impl TryFrom<EraFile> for EraRules {
    type Error = String;

    fn try_from(f: EraFile) -> Result<Self, String> {
        for e in &f.eras {
            if e.name.trim().is_empty() {
                return Err("an era has an empty name".into());
            }
            if Ymd::parse(&e.first_day).is_none() {
                return Err(format!(
                    "era {}: first_day `{}` is not a date YYYY-MM-DD",
                    e.name, e.first_day
                ));
            }
            if let Some(l) = &e.last_day {
                if Ymd::parse(l).is_none() {
                    return Err(format!(
                        "era {}: last_day `{l}` is not a date YYYY-MM-DD",
                        e.name
                    ));
                }
            }
            let mut ab = e.abbrev.chars();
            if !(ab.next().is_some_and(|c| c.is_ascii_uppercase()) && ab.next().is_none()) {
                return Err(format!(
                    "era {}: abbrev `{}` is not one letter A-Z",
                    e.name, e.abbrev
                ));
            }
        }
        let mut rules = EraRules::new(f.eras);
        rules.words = f.words.unwrap_or_else(builtin_words);
        Ok(rules)
    }
}

impl EraRules {
    /// Era rules from a list of eras.
    pub fn new(eras: Vec<Era>) -> Self {
        EraRules {
            eras,
            words: DateWords::default(),
            compiled: OnceLock::new(),
        }
    }

    /// The eras prepared for matching (built once per rules value).
    pub(crate) fn compiled(&self) -> Arc<Vec<CompiledEra>> {
        self.compiled
            .get_or_init(|| Arc::new(self.eras.iter().filter_map(CompiledEra::new).collect()))
            .clone()
    }
}

/// One era (元号).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Era {
    /// The era's name (`令和`).
    pub name: String,
    /// Its one-letter abbreviation (`R`).
    pub abbrev: String,
    /// Its one-character forms (`㋿`).
    #[serde(default)]
    pub ligatures: Vec<String>,
    /// Its first day, ISO 8601 (`2019-05-01`).
    pub first_day: String,
    /// Its last day, ISO 8601; absent for the current era.
    pub last_day: Option<String>,
}

/// A calendar day (Gregorian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Ymd {
    pub y: i32,
    pub m: u32,
    pub d: u32,
}

impl Ymd {
    /// `YYYY-MM-DD`, a real day.
    pub(crate) fn parse(s: &str) -> Option<Ymd> {
        let mut it = s.trim().split('-');
        let y: i32 = it.next()?.parse().ok()?;
        let m: u32 = it.next()?.parse().ok()?;
        let d: u32 = it.next()?.parse().ok()?;
        if it.next().is_some() || d == 0 || d > days_in_month(y, m) {
            return None;
        }
        Some(Ymd { y, m, d })
    }
}

/// An era ready for matching.
#[derive(Debug, Clone)]
pub(crate) struct CompiledEra {
    pub name: String,
    pub abbrev: Option<char>,
    pub ligatures: Vec<String>,
    pub first: Ymd,
    pub last: Option<Ymd>,
}

impl CompiledEra {
    pub(crate) fn new(e: &Era) -> Option<CompiledEra> {
        Some(CompiledEra {
            name: e.name.clone(),
            abbrev: e.abbrev.chars().next().filter(|c| c.is_ascii_uppercase()),
            ligatures: e
                .ligatures
                .iter()
                .filter(|l| !l.is_empty())
                .cloned()
                .collect(),
            first: Ymd::parse(&e.first_day)?,
            last: match &e.last_day {
                Some(l) => Some(Ymd::parse(l)?),
                None => None,
            },
        })
    }
}

/// Days in month `m` of year `y` (0 for a month that does not exist).
pub(crate) fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}
