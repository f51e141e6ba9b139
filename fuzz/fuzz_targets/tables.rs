#![no_main]
//! Table finding on any text: no panic, found tables lie inside the input.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(ex) = jplan::ingest::txt::extract(data, std::path::Path::new("fuzz.txt")) else { return };
    let norm = jplan::normalize::normalize_doc(&ex, &jplan::Rules::defaults().chars, &jplan::Rules::defaults().numbering);
    for t in jplan::tables::find_tables(&norm.lines, &jplan::Rules::defaults().keywords, &jplan::Rules::defaults().eras) {
        assert!(t.first <= t.last && t.last < norm.lines.len());
    }
});
