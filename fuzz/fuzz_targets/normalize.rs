#![no_main]
//! Normalization of any text: no panic, and normalizing twice equals normalizing once.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let rules = jplan::Rules::defaults();
    let once = jplan::normalize::normalize_str(text, &rules.chars, &rules.numbering);
    let twice = jplan::normalize::normalize_str(&once, &rules.chars, &rules.numbering);
    assert_eq!(once, twice);
    if let Ok(ex) = jplan::ingest::txt::extract(data, std::path::Path::new("fuzz.txt")) {
        let _ = jplan::normalize::normalize_doc(&ex, &rules.chars, &rules.numbering);
    }
});
