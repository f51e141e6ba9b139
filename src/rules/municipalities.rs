//! The list of municipalities (`rules/municipalities.tsv`: 全国地方公共団体コード, prefecture,
//! name) used to give `meta.municipality` its code and, for a name that only one municipality
//! bears, its prefecture.

/// One municipality of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MunicipalityEntry {
    /// 6 digits with check digit.
    pub code: String,
    /// The prefecture (`東京都`).
    pub prefecture: String,
    /// Empty for the prefecture itself.
    pub name: String,
}

/// `municipalities.tsv`, parsed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Municipalities {
    /// The entries, in the file's order.
    pub entries: Vec<MunicipalityEntry>,
}

impl Municipalities {
    /// Parse the TSV: `code⇥prefecture⇥name` per line, `#` comments and blank lines skipped.
    /// Errors name the line.
    pub fn parse(text: &str) -> Result<Municipalities, String> {
        let mut entries = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut cols = line.split('\t');
            let code = cols.next().unwrap_or("").trim();
            let prefecture = cols.next().unwrap_or("").trim();
            let name = cols.next().unwrap_or("").trim();
            if code.len() != 6 || !code.chars().all(|c| c.is_ascii_digit()) || prefecture.is_empty()
            {
                return Err(format!(
                    "line {}: expected `code<TAB>prefecture<TAB>name` with a 6-digit code",
                    n + 1
                ));
            }
            entries.push(MunicipalityEntry {
                code: code.to_string(),
                prefecture: prefecture.to_string(),
                name: name.to_string(),
            });
        }
        Ok(Municipalities { entries })
    }

    /// Is the list empty (no `municipalities.tsv` entries)?
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Is `name` the name of a municipality in the list?
    pub fn contains(&self, name: &str) -> bool {
        !name.is_empty() && self.entries.iter().any(|e| e.name == name)
    }

    /// The entry for `name`: the one in `prefecture` when given, else the only one bearing the
    /// name (`None` when several municipalities share it, e.g. 朝日町 or 伊達市).
    pub fn lookup(&self, name: &str, prefecture: Option<&str>) -> Option<&MunicipalityEntry> {
        let mut found = self
            .entries
            .iter()
            .filter(|e| !name.is_empty() && e.name == name);
        match prefecture {
            Some(p) => found.find(|e| e.prefecture == p),
            None => {
                let first = found.next()?;
                found.next().is_none().then_some(first)
            }
        }
    }
}
