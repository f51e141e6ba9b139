//! Vocabulary lives in `rules/`: every role's list is read from its file (and nowhere else),
//! and a word added in a `--rules` directory takes effect.

use std::path::{Path, PathBuf};

use jplan::{parse_bytes, Options, Rules};

fn rules_file(name: &str) -> toml::Table {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("rules")
        .join(name);
    std::fs::read_to_string(&p)
        .expect("rules file")
        .parse()
        .expect("rules file parses")
}

fn strings(v: &toml::Value) -> Vec<String> {
    v.as_array()
        .expect("a list")
        .iter()
        .map(|s| s.as_str().expect("a string").to_string())
        .collect()
}

#[test]
fn each_role_is_read_from_its_rules_file() {
    let r = Rules::defaults();
    let eras = rules_file("eras.toml");
    let words = eras["words"].as_table().expect("[words]");
    let w = &r.eras.words;
    for (key, loaded) in [
        ("colophon_verbs", &w.colophon_verbs),
        ("year_count_units", &w.year_count_units),
        ("start_words", &w.start_words),
        ("end_words", &w.end_words),
        ("as_of_words", &w.as_of_words),
    ] {
        assert_eq!(&strings(&words[key]), loaded, "eras.toml [words] {key}");
        assert!(!loaded.is_empty(), "{key}");
    }
    let kw = rules_file("keywords.toml");
    for (key, loaded) in [
        ("sentence_particles", &r.keywords.sentence_particles),
        ("unit_labels", &r.keywords.unit_labels),
        ("caption_units", &r.keywords.caption_units),
        ("caption_words", &r.keywords.caption_words),
    ] {
        assert_eq!(&strings(&kw[key]), loaded, "keywords.toml {key}");
        assert!(!loaded.is_empty(), "{key}");
    }
    assert_eq!(kw["bullets"].as_str(), Some(r.keywords.bullets.as_str()));
    let rec = rules_file("records.toml");
    for (key, loaded) in [
        ("draft_endings", &r.records.draft_endings),
        ("not_draft_endings", &r.records.not_draft_endings),
        ("number_column_words", &r.records.number_column_words),
    ] {
        assert_eq!(&strings(&rec[key]), loaded, "records.toml {key}");
        assert!(!loaded.is_empty(), "{key}");
    }
    let money: Vec<String> = r
        .records
        .money_units
        .iter()
        .map(|(u, _)| u.clone())
        .collect();
    assert_eq!(money, ["百万円", "千円", "万円", "円"]);
    assert_eq!(r.records.money_units[0].1, 1000.0);
    let num = rules_file("numbering.toml");
    assert_eq!(
        num["counters"].as_str(),
        Some(r.numbering.counters.as_str())
    );
    // The leader characters are written once, in chars.toml, and read by the outline too.
    let chars = rules_file("chars.toml");
    assert_eq!(
        chars["leader_dots"].as_str(),
        Some(r.keywords.leader_dots.as_str())
    );
    assert_eq!(
        chars["leader_ellipses"].as_str(),
        Some(r.keywords.leader_ellipses.as_str())
    );
    assert_eq!(r.chars.leader_dots, r.keywords.leader_dots);
}

/// A folder holding a copy of the built-in `name` with `from` replaced by `to`.
fn rules_dir(tag: &str, name: &str, from: &str, to: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jplan-vocab-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("rules")
        .join(name);
    let text = std::fs::read_to_string(p).unwrap();
    assert!(text.contains(from), "{name} holds {from}");
    std::fs::write(dir.join(name), text.replacen(from, to, 1)).unwrap();
    dir
}

fn parse_with(text: &str, rules: Rules) -> jplan::PlanDocument {
    let opts = Options {
        rules,
        ..Options::default()
    };
    parse_bytes(text.as_bytes(), Path::new("plan.txt"), &opts).unwrap()
}

#[test]
fn a_colophon_verb_added_with_rules_dir_takes_effect() {
    let mut text = String::from("第3次行政改革実施計画\n\n");
    for i in 1..=20 {
        text.push_str(&format!(
            "{i} 事務の見直しを進め、市民サービスの向上と経費の削減を図ります。\n"
        ));
    }
    text.push_str("\n令和7年3月公表\n");
    let doc = parse_with(&text, Rules::defaults().clone());
    assert_eq!(doc.meta.issued, None, "公表 is no colophon verb by default");

    let dir = rules_dir("colophon", "eras.toml", "\"改定\"]", "\"改定\", \"公表\"]");
    let rules = Rules::load(Some(&dir)).unwrap();
    std::fs::remove_dir_all(&dir).ok();
    assert!(rules.eras.words.colophon_verbs.iter().any(|w| w == "公表"));
    let doc = parse_with(&text, rules);
    assert_eq!(doc.meta.issued.as_deref(), Some("2025-03"));
}

#[test]
fn a_caption_unit_added_with_rules_dir_takes_effect() {
    let text = "事業費(千台)\n年度\t令和5年度\t令和6年度\n事業費\t120\t130\n";
    let doc = parse_with(text, Rules::defaults().clone());
    let unit = |d: &jplan::PlanDocument| d.tables.first().and_then(|t| t.unit.clone());
    assert_eq!(unit(&doc), None, "千台 is no caption unit by default");

    let dir = rules_dir(
        "unit",
        "keywords.toml",
        "caption_units = [",
        "caption_units = [\"千台\", ",
    );
    let rules = Rules::load(Some(&dir)).unwrap();
    std::fs::remove_dir_all(&dir).ok();
    let doc = parse_with(text, rules);
    assert_eq!(unit(&doc).as_deref(), Some("千台"));
}

#[test]
fn an_eras_file_without_words_keeps_the_built_in_words() {
    let dir = std::env::temp_dir().join(format!("jplan-vocab-eras-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("eras.toml"),
        "[[era]]\nname = \"令和\"\nabbrev = \"R\"\nfirst_day = \"2019-05-01\"\n",
    )
    .unwrap();
    let rules = Rules::load(Some(&dir)).unwrap();
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(rules.eras.eras.len(), 1);
    assert_eq!(
        rules.eras.words.colophon_verbs,
        Rules::defaults().eras.words.colophon_verbs
    );
}
