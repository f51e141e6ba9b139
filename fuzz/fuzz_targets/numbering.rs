#![no_main]
//! Label recognition on any line: no panic, title offset on a char boundary.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for line in text.lines() {
        if let Some(f) = jplan::numbering::parse_label(line, &jplan::Rules::defaults().numbering) {
            assert!(line.is_char_boundary(f.title_start));
        }
    }
});
