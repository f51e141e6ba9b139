#![no_main]
//! The whole TXT-to-PlanDocument path: a document or an error, never a panic (parse_bytes
//! turns panics into errors, so the target calls the stages without that guard).
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(ex) = jplan::ingest::txt::extract(data, std::path::Path::new("fuzz.txt")) else { return };
    let doc = jplan::parse_extracted(ex, jplan::Rules::defaults());
    let _ = serde_json::to_string(&doc);
});
