//! Dates (issue 5): the expression table `corpus/dates/expressions.tsv` (also read by
//! `corpus/dates/compare.py`), the mention fields, byte ranges, range links, warnings, and
//! `meta.issued` / `meta.period` of every seed.

use crate::common::{root, seed};

use jplan::dates::{find_dates, kanji_to_u64, FoundDate};
use jplan::model::{Period, RangeRole};
use jplan::{normalize, Options, Rules};

/// One row of the table: input, expected items, line number.
struct Row {
    input: String,
    expected: Vec<String>,
    line: usize,
}

fn table() -> Vec<Row> {
    let text = std::fs::read_to_string(root().join("corpus/dates/expressions.tsv")).unwrap();
    let mut rows = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut cols = line.split('\t');
        let input = cols.next().unwrap().replace("\\t", "\t");
        let expected = cols
            .next()
            .unwrap_or_else(|| panic!("line {}: no expected column", i + 1));
        let expected = if expected.trim() == "-" {
            Vec::new()
        } else {
            expected.split_whitespace().map(str::to_string).collect()
        };
        rows.push(Row {
            input,
            expected,
            line: i + 1,
        });
    }
    rows
}

/// One mention as the table writes it, with the era when `with_era`.
fn item(f: &FoundDate, with_era: bool) -> String {
    let m = &f.mention;
    if with_era {
        format!(
            "{}@{}+{}",
            m.iso,
            m.era.as_deref().unwrap_or("?"),
            m.era_year.map(|n| n.to_string()).unwrap_or_default()
        )
    } else {
        m.iso.clone()
    }
}

/// The mentions and warnings of `input`, written in the table's notation. An expected item
/// with `@` asks for the era of that mention, so `expected` steers how much is rendered.
fn render(input: &str, expected: &[String]) -> Vec<String> {
    let (found, warnings) = find_dates(input, &Rules::defaults().eras);
    let mut out = Vec::new();
    let wants_era = |k: usize| -> bool {
        expected
            .iter()
            .filter(|e| !e.starts_with('!'))
            .flat_map(|e| e.split('~'))
            .filter(|s| !s.is_empty())
            .nth(k)
            .is_some_and(|s| s.contains('@'))
    };
    let mut k = 0;
    let mut i = 0;
    while i < found.len() {
        let f = &found[i];
        let this = item(f, wants_era(k));
        k += 1;
        match &f.mention.range {
            Some(r) if r.role == RangeRole::Start => {
                let end = found
                    .iter()
                    .skip(i + 1)
                    .position(|g| g.mention.range.as_ref().is_some_and(|x| x.id == r.id));
                match end {
                    Some(off) => {
                        let g = &found[i + 1 + off];
                        assert_eq!(off, 0, "{input}: range end is not the next mention");
                        out.push(format!("{this}~{}", item(g, wants_era(k))));
                        k += 1;
                        i += 1;
                    }
                    None => out.push(format!("{this}~")),
                }
            }
            Some(_) => out.push(format!("~{this}")),
            None => out.push(this),
        }
        i += 1;
    }
    for w in warnings {
        out.push(format!("!{}", w.code));
    }
    out
}

#[test]
fn expression_table_has_enough_rows() {
    let rows = table();
    assert!(rows.len() >= 150, "only {} expressions", rows.len());
    let non_dates = rows.iter().filter(|r| r.expected.is_empty()).count();
    assert!(non_dates >= 30, "only {non_dates} non-dates");
}

#[test]
fn expression_table_reads_as_expected() {
    let mut failures = Vec::new();
    for row in table() {
        let got = render(&row.input, &row.expected);
        if got != row.expected {
            failures.push(format!(
                "line {}: {:?}\n   expected {:?}\n   got      {:?}",
                row.line, row.input, row.expected, got
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of the expressions differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The baseline normalizer (NFKC per line) and the raw text must give the same dates.
#[test]
fn expression_table_same_after_nfkc() {
    let rules = Rules::defaults();
    for row in table() {
        let norm = normalize::normalize_str(&row.input, &rules.chars, &rules.numbering);
        let a: Vec<String> = render(&row.input, &row.expected);
        let b: Vec<String> = render(&norm, &row.expected);
        assert_eq!(a, b, "line {}: {:?} vs {:?}", row.line, row.input, norm);
    }
}

#[test]
fn byte_ranges_slice_the_raw_text() {
    for row in table() {
        let (found, _) = find_dates(&row.input, &Rules::defaults().eras);
        for f in found {
            assert_eq!(
                row.input.get(f.start..f.end),
                Some(f.mention.raw.as_str()),
                "line {}",
                row.line
            );
        }
    }
}

#[test]
fn mention_fields_for_a_paired_date() {
    let (found, w) = find_dates("令和8年（2026年）2月", &Rules::defaults().eras);
    assert!(w.is_empty());
    assert_eq!(found.len(), 1);
    let m = &found[0].mention;
    assert_eq!(m.raw, "令和8年（2026年）2月");
    assert_eq!(m.era.as_deref(), Some("令和"));
    assert_eq!(m.era_year, Some(8));
    assert_eq!((m.year, m.month, m.day), (2026, Some(2), None));
    assert!(!m.fiscal);
    assert_eq!(m.iso, "2026-02");
    assert_eq!(m.range, None);
}

#[test]
fn fiscal_year_is_the_starting_western_year() {
    let (found, _) = find_dates("令和7年度", &Rules::defaults().eras);
    let m = &found[0].mention;
    assert!(m.fiscal);
    assert_eq!(m.year, 2025);
    assert_eq!(m.iso, "FY2025");
    assert_eq!((m.month, m.day), (None, None));
}

#[test]
fn range_ends_share_an_id_and_have_roles() {
    let text = "計画期間：令和7年度～令和11年度、前計画は令和3年度～令和6年度";
    let (found, _) = find_dates(text, &Rules::defaults().eras);
    let ranges: Vec<_> = found
        .iter()
        .map(|f| {
            let r = f.mention.range.clone().unwrap();
            (f.mention.iso.as_str(), r.id, r.role)
        })
        .collect();
    assert_eq!(
        ranges,
        vec![
            ("FY2025", 1, RangeRole::Start),
            ("FY2029", 1, RangeRole::End),
            ("FY2021", 2, RangeRole::Start),
            ("FY2024", 2, RangeRole::End),
        ]
    );
}

#[test]
fn warnings_say_what_is_wrong() {
    let (found, w) = find_dates("平成32年", &Rules::defaults().eras);
    assert_eq!(found[0].mention.year, 2020);
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].code.as_str(), "date.era_overflow");
    assert!(w[0].message.contains("平成32年"), "{}", w[0].message);

    let (found, w) = find_dates("令和8年（2027年）", &Rules::defaults().eras);
    assert_eq!(found[0].mention.year, 2026, "the era year wins");
    assert_eq!(w[0].code.as_str(), "date.mismatch");
    assert!(w[0].message.contains("2027"), "{}", w[0].message);

    let (found, w) = find_dates("令和5年2月30日", &Rules::defaults().eras);
    let m = &found[0].mention;
    assert_eq!((m.year, m.month, m.day), (2023, Some(2), None));
    assert_eq!(
        m.raw, "令和5年2月30日",
        "the raw text keeps what was written"
    );
    assert_eq!(w[0].code.as_str(), "date.invalid");
}

#[test]
fn kanji_numerals() {
    assert_eq!(kanji_to_u64("二〇二五"), Some(2025));
    assert_eq!(kanji_to_u64("十二"), Some(12));
    assert_eq!(kanji_to_u64("七"), Some(7));
    assert_eq!(kanji_to_u64("二千二十五"), Some(2025));
    assert_eq!(kanji_to_u64("十十"), None);
}

#[test]
fn user_era_rules_are_used_and_checked() {
    let dir = std::env::temp_dir().join(format!("jplan-eras-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // A hypothetical era after 令和, as a user would add it when it is announced.
    let mut eras = std::fs::read_to_string(root().join("rules/eras.toml")).unwrap();
    eras.push_str("last_day = \"2030-04-30\"\n\n[[era]]\nname = \"新元\"\nabbrev = \"X\"\nfirst_day = \"2030-05-01\"\n");
    std::fs::write(dir.join("eras.toml"), &eras).unwrap();
    let rules = Rules::load(Some(&dir)).unwrap();
    let (found, _) = find_dates("新元2年度", &rules.eras);
    assert_eq!(found[0].mention.iso, "FY2031");
    let (_, w) = find_dates("令和13年", &rules.eras);
    assert_eq!(w[0].code.as_str(), "date.era_overflow");

    std::fs::write(
        dir.join("eras.toml"),
        "[[era]]\nname = \"令和\"\nabbrev = \"R\"\nfirst_day = \"2019-5-32\"\n",
    )
    .unwrap();
    let err = Rules::load(Some(&dir)).unwrap_err().to_string();
    std::fs::remove_dir_all(&dir).ok();
    assert!(
        err.contains("eras.toml") && err.contains("first_day"),
        "{err}"
    );
}

#[test]
fn garbage_never_panics() {
    let rules = Rules::defaults();
    for s in [
        "",
        "令和",
        "令和年",
        "R",
        "年度",
        "～",
        "令和99999999999999999999年",
        "2025/99/99",
        "令和元",
        "(2025",
        "令和7(",
        "\u{0}令和\u{FFFF}7年",
        "一二三四五六七八九〇一二三四五六七八九年",
        "R7-R",
        "令和7年度～",
        "から",
    ] {
        let _ = find_dates(s, &rules.eras);
    }
}

fn meta_of(prefix: &str) -> (Option<String>, Option<Period>) {
    let doc = jplan::parse_file(&seed(prefix), &Options::default()).unwrap();
    (doc.meta.issued, doc.meta.period)
}

fn fy(start: i32, end: i32) -> Option<Period> {
    Some(Period {
        start_fy: start,
        end_fy: Some(end),
    })
}

#[test]
fn seed_000_issued_2026_02_no_period() {
    // 令和8年（2026年）2月 on the title page; the text says only "3年間を計画期間とし" for the
    // yearly implementation plans, which is no period of this document.
    assert_eq!(meta_of("000"), (Some("2026-02".into()), None));
}

#[test]
fn seed_001_issued_2021_08_24() {
    assert_eq!(meta_of("001"), (Some("2021-08-24".into()), None));
}

#[test]
fn seed_002_period_fy2021_fy2023() {
    assert_eq!(meta_of("002"), (None, fy(2021, 2023)));
}

#[test]
fn seed_003_evaluation_sheets_have_neither() {
    // Sheets with no title page; "令和8年度から10年間を計画期間とする第6次総合計画" names another
    // plan's period and "登録期間令和4年3月～令和5年3月末" is no plan period.
    assert_eq!(meta_of("003"), (None, None));
}

#[test]
fn seed_004_period_fy2025_fy2029_issued_2025_12() {
    assert_eq!(meta_of("004"), (Some("2025-12".into()), fy(2025, 2029)));
}

#[test]
fn seed_dates_with_spans() {
    let doc = jplan::parse_file(&seed("004"), &Options::default()).unwrap();
    let title = doc
        .dates
        .iter()
        .find(|d| d.iso == "2025-12")
        .expect("the title page date");
    assert_eq!((title.span.page, title.span.line_start), (1, 7));
    let header: Vec<&str> = doc
        .dates
        .iter()
        .filter(|d| d.span.line_start == 73)
        .map(|d| d.iso.as_str())
        .collect();
    assert_eq!(
        header,
        [
            "FY2020", "FY2021", "FY2022", "FY2023", "FY2024", "FY2025", "FY2026", "FY2027",
            "FY2028", "FY2029"
        ]
    );
    // No date comes out of the publication number R7-36.
    assert!(doc.dates.iter().all(|d| !d.raw.starts_with("R7-")));
    // Range ids are unique in the document: each id has exactly one start.
    let mut starts: Vec<u32> = doc
        .dates
        .iter()
        .filter_map(|d| d.range.as_ref())
        .filter(|r| r.role == RangeRole::Start)
        .map(|r| r.id)
        .collect();
    let n = starts.len();
    starts.sort();
    starts.dedup();
    assert_eq!(starts.len(), n);
    assert!(n >= 3);

    let doc = jplan::parse_file(&seed("000"), &Options::default()).unwrap();
    let history: Vec<(String, Option<RangeRole>)> = doc
        .dates
        .iter()
        .filter(|d| d.era.as_deref() != Some("令和") || d.year == 2020)
        .map(|d| (d.iso.clone(), d.range.as_ref().map(|r| r.role)))
        .collect();
    assert_eq!(
        history,
        [
            ("1986".to_string(), None),
            ("1985".to_string(), Some(RangeRole::Start)),
            ("1996".to_string(), Some(RangeRole::Start)),
            ("2003".to_string(), Some(RangeRole::End)),
            ("2004".to_string(), Some(RangeRole::Start)),
            ("2010".to_string(), Some(RangeRole::End)),
            ("2011".to_string(), Some(RangeRole::Start)),
            ("2015".to_string(), Some(RangeRole::End)),
            ("2016".to_string(), Some(RangeRole::Start)),
            ("2020".to_string(), Some(RangeRole::End)),
        ]
    );
    assert!(
        doc.warnings
            .iter()
            .all(|w| !w.code.as_str().starts_with("date.")),
        "the seed's paired years all agree"
    );
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Characters that dates are made of, and some that sit next to them.
    fn date_soup() -> impl Strategy<Value = String> {
        let chars: Vec<char> = "0123456789０１２３４５６７８９〇一二三十元令和平成昭年度月日末RHS~～〜-－から(（)）、 \t.,/㋿㍻項目"
            .chars()
            .collect();
        proptest::collection::vec(proptest::sample::select(chars), 0..40)
            .prop_map(|v| v.into_iter().collect())
    }

    /// Write ASCII digits in full width.
    fn wide(s: &str) -> String {
        s.chars()
            .map(|c| match c {
                '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap(),
                c => c,
            })
            .collect()
    }

    proptest! {
        #[test]
        fn never_panics_and_ranges_are_well_formed(s in date_soup()) {
            let (found, _) = find_dates(&s, &Rules::defaults().eras);
            let mut starts: Vec<u32> = Vec::new();
            let mut ends: Vec<u32> = Vec::new();
            for f in &found {
                prop_assert_eq!(s.get(f.start..f.end), Some(f.mention.raw.as_str()));
                let iso = &f.mention.iso;
                prop_assert!(
                    iso.starts_with("FY") == f.mention.fiscal,
                    "iso {} and fiscal {} disagree", iso, f.mention.fiscal
                );
                // Each id has at most one start and one end, the start first.
                if let Some(r) = &f.mention.range {
                    match r.role {
                        RangeRole::Start => {
                            prop_assert!(!starts.contains(&r.id) && !ends.contains(&r.id));
                            starts.push(r.id);
                        }
                        RangeRole::End => {
                            prop_assert!(!ends.contains(&r.id));
                            ends.push(r.id);
                        }
                    }
                }
            }
        }

        #[test]
        fn era_dates_convert_in_any_width_and_spacing(
            era in 0usize..3,
            n in 1u32..=30,
            m in 1u32..=12,
            d in 1u32..=28,
            spaced in any::<bool>(),
            full in any::<bool>(),
        ) {
            let (name, first) = [("令和", 2019), ("平成", 1989), ("昭和", 1926)][era];
            let sp = if spaced { " " } else { "" };
            let mut s = format!("{name}{sp}{n}{sp}年{sp}{m}月{d}日");
            if full {
                s = wide(&s);
            }
            let (found, _) = find_dates(&s, &Rules::defaults().eras);
            prop_assert_eq!(found.len(), 1);
            let mm = &found[0].mention;
            prop_assert_eq!(mm.year, first + n as i32 - 1);
            prop_assert_eq!((mm.month, mm.day), (Some(m), Some(d)));
            prop_assert_eq!(mm.era_year, Some(n));
            let norm = normalize::normalize_str(&s, &Rules::defaults().chars, &Rules::defaults().numbering);
            let (again, _) = find_dates(&norm, &Rules::defaults().eras);
            prop_assert_eq!(&again[0].mention.iso, &mm.iso);
        }

        #[test]
        fn fiscal_ranges_convert(a in 1u32..=20, len in 0u32..=10, sep in 0usize..5) {
            let b = a + len;
            let sep = ["～", "〜", "~", "-", "から"][sep];
            let s = format!("令和{a}年度{sep}令和{b}年度");
            let (found, _) = find_dates(&s, &Rules::defaults().eras);
            prop_assert_eq!(found.len(), 2);
            prop_assert_eq!(found[0].mention.year, 2018 + a as i32);
            prop_assert_eq!(found[1].mention.year, 2018 + b as i32);
            prop_assert_eq!(
                found[0].mention.range.as_ref().map(|r| r.role),
                Some(RangeRole::Start)
            );
            prop_assert_eq!(
                found[1].mention.range.as_ref().map(|r| r.role),
                Some(RangeRole::End)
            );
        }
    }
}
