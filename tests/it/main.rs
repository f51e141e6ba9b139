//! jplan's integration tests, one test crate (one binary to build and link) with one module per
//! subject and the helpers they share in `common`. Run one subject with its module path as the
//! filter: `cargo test --release --test it golden::`.

mod common;

mod architecture;
mod batch;
mod cli;
mod dates;
mod diff;
mod families;
mod foundation;
mod fuzz_smoke;
mod golden;
mod hostile;
mod limits;
mod normalize;
mod outline;
mod pdf;
mod pdf_cmap;
mod pdf_text_unchanged;
mod practice;
mod raw_fields;
mod realpdf;
mod realpdf_meta;
mod records;
mod table_diff;
mod tables;
mod themes;
