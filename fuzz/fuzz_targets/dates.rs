#![no_main]
//! Date recognition on any text: no panic, and every found range lies on char boundaries.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (found, _) = jplan::dates::find_dates(text, &jplan::Rules::defaults().eras);
    for f in found {
        assert!(f.start <= f.end && f.end <= text.len());
        assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
    }
});
