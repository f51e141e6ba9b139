#![no_main]
//! PDF extraction on mutated PDFs. pdf-extract may panic on hostile files; jplan catches that
//! at the file boundary, so a caught panic counts as handled only because the file then gets
//! an error — which is what parse_bytes returns. The target fails on anything that escapes.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let opts = jplan::Options::default();
    let _ = jplan::parse_bytes(data, std::path::Path::new("fuzz.pdf"), &opts);
});
