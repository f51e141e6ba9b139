//! On the real PDFs of `../shared/realpdf` (never committed), `meta.municipality` is the
//! publisher named in its `MANIFEST.tsv` or empty: never a sentence fragment (`び区`, `十市`),
//! and never a place for a national ministry's document. Skipped when the folder is absent.

use crate::common::{realpdf_dir, REALPDF_SKIPPED};

use jplan::{parse_file, Options};

#[test]
fn municipality_is_the_publisher_or_empty_on_every_real_pdf() {
    let Some(dir) = realpdf_dir() else {
        println!("{REALPDF_SKIPPED}");
        return;
    };
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv")).expect("MANIFEST.tsv");
    let mut wrong = Vec::new();
    let mut named = 0;
    let mut files = 0;
    for line in manifest.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (Some(file), Some(publisher)) = (cols.first(), cols.get(4)) else {
            continue;
        };
        let path = dir.join(file);
        if !path.is_file() {
            continue;
        }
        files += 1;
        // `富士市 (静岡県)` names a municipality; `厚生労働省`, `国交省 …` do not.
        let want = publisher
            .split(" (")
            .next()
            .filter(|p| p.ends_with(['市', '町', '村', '区']))
            .map(str::to_string);
        let doc = match parse_file(&path, &Options::default()) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("{file}: {e}");
                continue;
            }
        };
        let got = doc.meta.municipality.map(|m| m.name);
        println!("{file}: publisher {publisher}, municipality {got:?}");
        match (&got, &want) {
            (None, _) => {}
            (Some(g), Some(w)) if g == w => named += 1,
            _ => wrong.push(format!("{file}: {got:?}, publisher {publisher}")),
        }
    }
    println!(
        "{files} files, {named} with the publisher's municipality, {} wrong",
        wrong.len()
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_title_is_the_cover_title_of_each_real_pdf() {
    let Some(dir) = realpdf_dir() else {
        println!("{REALPDF_SKIPPED}");
        return;
    };
    // Cover titles as the first page sets them: letter-spaced, a fiscal-year line above, a
    // subtitle in brackets below, a council document `…について`; none for a speech.
    let want = [
        (
            "fuji_r7_00_gaiyou.pdf",
            Some("令和7年度 一般会計予算書 (附予算説明書)"),
        ),
        ("mlit_nishinosu.pdf", Some("入札説明書")),
        ("mlit_tokyo_kokudo.pdf", Some("入札説明書")),
        (
            "otoineppu_R7koukyoukouji.pdf",
            Some("令和7年度音威子府村公共工事等発注見通し"),
        ),
        (
            "otoineppu_gyouseihoukokur7.pdf",
            Some("音威子府村の給与・定員管理等について"),
        ),
        (
            "otoineppu_koudoukeikaku.pdf",
            Some("音威子府村特定事業主行動計画"),
        ),
        (
            "nankoku_sougoukeikaku_kihonkousou.pdf",
            Some("第5次南国市総合計画基本構想の策定について"),
        ),
        ("nankoku_shiseihoushin_r8.pdf", None),
    ];
    let mut wrong = Vec::new();
    for (file, title) in want {
        let path = dir.join(file);
        if !path.is_file() {
            eprintln!("skipped {file}: not in {}", dir.display());
            continue;
        }
        let doc = parse_file(&path, &Options::default()).expect("parses");
        if doc.meta.title.as_deref() != title {
            wrong.push(format!("{file}: {:?}, want {title:?}", doc.meta.title));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
