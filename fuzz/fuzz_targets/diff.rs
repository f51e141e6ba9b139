#![no_main]
//! Diff of two random documents: the input is split at its first NUL byte (or in the middle)
//! into OLD and NEW texts, each parsed as TXT, then diffed and rendered in every format.
//! No panic; a plan against itself has no changes.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let cut = data.iter().position(|&b| b == 0).unwrap_or(data.len() / 2);
    let (a, b) = (&data[..cut], &data[(cut + 1).min(data.len())..]);
    let rules = jplan::Rules::defaults();
    let parse = |bytes: &[u8]| {
        jplan::ingest::txt::extract(bytes, std::path::Path::new("fuzz.txt"))
            .ok()
            .map(|ex| jplan::parse_extracted(ex, rules))
    };
    let (Some(old), Some(new)) = (parse(a), parse(b)) else { return };
    let d = jplan::diff::diff_plans(&old, &new);
    let _ = d.to_json();
    let _ = jplan::diff::render_text(&d, false);
    let _ = jplan::diff::render_md(&d);
    let _ = jplan::diff::render_html(&d);
    let same = jplan::diff::diff_plans(&old, &old);
    assert!(same.changes.is_empty(), "a plan against itself has changes");
});
