#![no_main]
//! TXT decoding: any bytes either decode or give a reason; never a panic.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = jplan::ingest::txt::decode(data);
});
