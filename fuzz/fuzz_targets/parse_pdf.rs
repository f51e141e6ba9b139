#![no_main]
//! PDF extraction on mutated PDFs. pdf-extract may panic on hostile files; jplan catches that
//! at the file boundary, so a caught panic counts as handled only because the file then gets
//! an error — which is what parse_bytes returns. The target fails on anything that escapes.
//!
//! libfuzzer-sys installs a panic hook that aborts at the panic itself, before jplan's
//! `catch_unwind` can handle it; the target replaces it with a silent hook, so only a panic
//! that escapes `parse_bytes` reaches libfuzzer-sys (which aborts on it: a crash).
static QUIET: std::sync::Once = std::sync::Once::new();

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    QUIET.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    let opts = jplan::Options::default();
    let _ = jplan::parse_bytes(data, std::path::Path::new("fuzz.pdf"), &opts);
});
