//! On the real PDFs of `../shared/realpdf` (never committed), `meta.municipality` is the
//! publisher named in its `MANIFEST.tsv` or empty: never a sentence fragment (`び区`, `十市`),
//! and never a place for a national ministry's document. Skipped when the folder is absent.

use std::path::{Path, PathBuf};

use jplan::{parse_file, Options};

fn realpdf() -> Option<PathBuf> {
    let local = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/realpdf");
    let dir = if local.is_dir() {
        local
    } else {
        PathBuf::from(std::env::var_os("JPLAN_REALPDF")?)
    };
    dir.join("MANIFEST.tsv").is_file().then_some(dir)
}

#[test]
fn municipality_is_the_publisher_or_empty_on_every_real_pdf() {
    let Some(dir) = realpdf() else {
        eprintln!("skipped: ../shared/realpdf not found (set JPLAN_REALPDF)");
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
