//! Hostile PDFs built to cost memory and time (inflate bombs, glyph and operator floods, an
//! object-stream bomb, a document slower than its time limit): each is rejected with a message
//! naming the file, the page or object, the limit and its option, through the library and the
//! binary; a timed-out document's work stops; a batch holding bombs converts the rest.
//!
//! The files are made here at test time (the same shapes as `benches/hostile/make.py`, smaller),
//! so nothing large is committed.

use crate::common::scratch;
use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use jplan::ingest::{self, IngestOptions};
use jplan::Error;

/// PDF tests run one at a time: the worker-count check must see only its own document.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn lock() -> std::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner())
}

const LINE: &[u8] = b"BT /F1 12 Tf 72 720 Td (Hello hostile world) Tj ET\n";

fn zlib_repeat(unit: &[u8], total: usize) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    let chunk = unit.repeat(((1 << 20) / unit.len()).max(1));
    let mut left = total;
    while left > 0 {
        let n = left.min(chunk.len());
        e.write_all(&chunk[..n]).unwrap();
        left -= n;
    }
    e.finish().unwrap()
}

fn zlib(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut s = format!(
        "<< {dict} /Length {} /Filter /FlateDecode >>\nstream\n",
        data.len()
    )
    .into_bytes();
    s.extend_from_slice(data);
    s.extend_from_slice(b"\nendstream");
    s
}

/// A PDF of objects numbered from 1 with a correct cross-reference table.
fn pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// Catalog (1), pages (2), font (3), content streams from 4, then `pages` pages, page `i`
/// drawing content stream `content_of(i)` (an index into `contents`), then `extra` objects.
fn pages_pdf(
    contents: Vec<Vec<u8>>,
    pages: usize,
    content_of: impl Fn(usize) -> usize,
    extra: Vec<Vec<u8>>,
) -> Vec<u8> {
    let first_page = 4 + contents.len() + extra.len();
    let kids: Vec<String> = (0..pages)
        .map(|i| format!("{} 0 R", first_page + i))
        .collect();
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {pages} >>",
            kids.join(" ")
        )
        .into_bytes(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
    ];
    let n_contents = contents.len();
    objects.extend(contents);
    objects.extend(extra);
    for i in 0..pages {
        let c = 4 + content_of(i).min(n_contents - 1);
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] \
                 /Resources << /Font << /F1 3 0 R >> >> /Contents {c} 0 R >>"
            )
            .into_bytes(),
        );
    }
    pdf(&objects)
}

/// One page whose content inflates to `size` bytes of text operators.
fn bomb(size: usize) -> Vec<u8> {
    pages_pdf(vec![stream("", &zlib_repeat(LINE, size))], 1, |_| 0, vec![])
}

/// One page drawing `n` glyphs of a 0.1-point font, in strings of 10,000.
fn glyph_flood(n: usize) -> Vec<u8> {
    let mut body = b"BT /F1 0.1 Tf 10 10 Td\n".to_vec();
    for _ in 0..n / 10_000 {
        body.extend_from_slice(b"(");
        body.extend_from_slice(&[b'x'; 10_000]);
        body.extend_from_slice(b") Tj 0 0.2 Td\n");
    }
    body.extend_from_slice(b"ET\n");
    pages_pdf(vec![stream("", &zlib(&body))], 1, |_| 0, vec![])
}

/// One page of `n` `q Q` pairs.
fn operator_flood(n: usize) -> Vec<u8> {
    pages_pdf(
        vec![stream("", &zlib_repeat(b"q Q\n", n * 4))],
        1,
        |_| 0,
        vec![],
    )
}

/// An object stream holding one object, padded to `size` bytes.
fn objstm_bomb(size: usize) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(b"9 0 << /Junk true >>").unwrap();
    let pad = vec![b' '; 1 << 20];
    for _ in 0..size >> 20 {
        e.write_all(&pad).unwrap();
    }
    let data = e.finish().unwrap();
    let objstm = stream("/Type /ObjStm /N 1 /First 4", &data);
    pages_pdf(vec![stream("", &zlib(LINE))], 1, |_| 0, vec![objstm])
}

/// `pages` pages sharing one content stream of about `glyphs` glyphs: each page is within
/// every limit, the document is slow.
fn slow(pages: usize, glyphs: usize) -> Vec<u8> {
    let mut body = b"BT /F1 10 Tf 20 800 Td 12 TL\n".to_vec();
    let line = b"T* (Slow text for a time limit. Slow text for a time limit. Slow text.) Tj\n";
    for _ in 0..glyphs / 64 {
        body.extend_from_slice(line);
    }
    body.extend_from_slice(b"ET\n");
    pages_pdf(vec![stream("", &zlib(&body))], pages, |_| 0, vec![])
}

/// The hostile files, their expected messages (after the file name).
fn hostile() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    vec![
        (
            "bomb.pdf",
            bomb(96 << 20),
            "page 1 content inflates past 64 MiB (--max-inflate)",
        ),
        (
            "glyphs.pdf",
            glyph_flood(1_500_000),
            "page 1 draws more than 1,000,000 glyphs (--max-glyphs)",
        ),
        (
            "ops.pdf",
            operator_flood(1_500_000),
            "page 1 content has more than 2,000,000 operators and operands (--max-ops)",
        ),
        (
            "objstm.pdf",
            objstm_bomb(80 << 20),
            "inflates past 64 MiB (--max-inflate)",
        ),
    ]
}

#[test]
fn hostile_pdfs_are_rejected_naming_the_limit_through_the_library() {
    let _one = lock();
    let opts = jplan::Options::default();
    for (name, bytes, message) in hostile() {
        assert!(bytes.len() < 2 << 20, "{name} is {} bytes", bytes.len());
        let r = jplan::parse_bytes(&bytes, Path::new(name), &opts);
        let Err(e @ Error::Limit { .. }) = r else {
            panic!("{name}: {:?}", r.map(|d| d.warnings));
        };
        assert_eq!(e.code(), "limit");
        let text = e.to_string();
        assert!(text.starts_with(&format!("{name}: ")), "{text}");
        assert!(text.ends_with(message), "{name}: {text}");
        assert_eq!(ingest::pdf::running_workers(), 0, "{name}");
    }
    // The object stream is caught before lopdf inflates it: the message says where it is.
    let r = jplan::parse_bytes(&objstm_bomb(80 << 20), Path::new("o.pdf"), &opts);
    let text = r.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(text.contains("the object stream at byte "), "{text}");
}

#[test]
fn raised_limits_let_the_same_files_through() {
    let _one = lock();
    // A 1.5-million-glyph page is read when --max-glyphs allows it.
    let mut opts = jplan::Options::default();
    opts.ingest.limits.max_glyphs = 2_000_000;
    let ex = ingest::ingest_bytes(&glyph_flood(1_500_000), Path::new("g.pdf"), &opts.ingest)
        .expect("read with a raised limit");
    let text = ex.to_text();
    assert!(text.matches('x').count() >= 1_000_000, "{}", text.len());
    // A 96 MiB content stream passes --max-inflate 128 MiB (and its 13 million tokens an
    // unlimited --max-ops), and the whole-document limit then applies.
    let mut opts = IngestOptions::default();
    opts.limits.max_inflate = 128 << 20;
    opts.limits.max_ops = u64::MAX;
    opts.limits.max_inflate_total = 64 << 20;
    let e = ingest::ingest_bytes(&bomb(96 << 20), Path::new("b.pdf"), &opts).unwrap_err();
    assert_eq!(
        e.to_string(),
        "b.pdf: the content of pages 1 to 1 inflates past 64 MiB (--max-inflate-total)"
    );
    // A stream shared by many pages counts once per page.
    let mut opts = IngestOptions::default();
    opts.limits.max_inflate_total = 1 << 20;
    let e = ingest::ingest_bytes(&slow(100, 20_000), Path::new("s.pdf"), &opts).unwrap_err();
    assert!(
        e.to_string()
            .ends_with("inflates past 1 MiB (--max-inflate-total)"),
        "{e}"
    );
}

#[test]
fn a_document_past_its_time_limit_stops_working() {
    let _one = lock();
    let bytes = slow(2_000, 20_000);
    let mut opts = jplan::Options::default();
    opts.ingest.timeout_secs = 1;
    let start = Instant::now();
    let r = jplan::parse_bytes(&bytes, Path::new("slow.pdf"), &opts);
    let elapsed = start.elapsed();
    let Err(e @ Error::Timeout { .. }) = r else {
        panic!("not a timeout: {:?}", r.map(|d| d.source));
    };
    assert_eq!(
        e.to_string(),
        "slow.pdf: gave up after 1 s (time limit per document; raise it with --timeout)"
    );
    // The worker has ended (it stops at the next glyph or page), not left running.
    assert_eq!(ingest::pdf::running_workers(), 0, "after {elapsed:?}");
}

#[test]
fn the_time_limit_covers_txt_and_every_stage() {
    // A deadline already past: a TXT stops before its stages run, and PDF extraction too.
    let mut opts = jplan::Options::default();
    opts.ingest.deadline = Some(Instant::now());
    let txt = "第1章 総則\n1 目的\n本計画は行財政改革を進める。\n".repeat(100);
    let e = jplan::parse_bytes(txt.as_bytes(), Path::new("plan.txt"), &opts).unwrap_err();
    assert_eq!(e.code(), "timeout", "{e}");
    let _one = lock();
    let pdf = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/pdf/seed-002.libreoffice.pdf");
    let e = jplan::parse_file(&pdf, &opts).unwrap_err();
    assert_eq!(e.code(), "timeout", "{e}");
    assert_eq!(ingest::pdf::running_workers(), 0);
    // With time left the same inputs convert.
    opts.ingest.deadline = Some(Instant::now() + Duration::from_secs(120));
    assert!(jplan::parse_bytes(txt.as_bytes(), Path::new("plan.txt"), &opts).is_ok());
    assert!(jplan::parse_file(&pdf, &opts).is_ok());
}

#[test]
fn hostile_pdfs_are_rejected_by_the_binary() {
    let _one = lock();
    let dir = scratch("limits", "bin");
    for (name, bytes, message) in hostile() {
        let path = dir.join(name);
        std::fs::write(&path, &bytes).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_jplan"))
            .arg("parse")
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{name}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(name) && err.contains(message), "{name}: {err}");
    }
    // The option raises the limit.
    let out = Command::new(env!("CARGO_BIN_EXE_jplan"))
        .args(["--max-glyphs", "2000000", "extract"])
        .arg(dir.join("glyphs.pdf"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_batch_with_two_bombs_converts_the_rest() {
    let _one = lock();
    let dir = scratch("limits", "batch-in");
    let out = scratch("limits", "batch-out");
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut names = Vec::new();
    for entry in std::fs::read_dir(&seeds).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|e| e == "txt") {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            std::fs::copy(&p, dir.join(&name)).unwrap();
            names.push(name);
        }
    }
    assert!(!names.is_empty());
    std::fs::write(dir.join("bomb1.pdf"), bomb(96 << 20)).unwrap();
    std::fs::write(dir.join("bomb2.pdf"), bomb(80 << 20)).unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_jplan"))
        .args(["batch", "--jobs", "2", "--quiet"])
        .arg(&dir)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    let manifest = std::fs::read_to_string(out.join("manifest.jsonl")).unwrap();
    let lines: Vec<serde_json::Value> = manifest
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let entry = |name: &str| {
        lines
            .iter()
            .find(|l| l["path"].as_str().is_some_and(|i| i.ends_with(name)))
            .unwrap_or_else(|| panic!("{name} not in the manifest: {manifest}"))
    };
    for bomb in ["bomb1.pdf", "bomb2.pdf"] {
        let e = entry(bomb);
        assert_eq!(e["status"], "error", "{e}");
        assert_eq!(e["error"]["code"], "limit", "{e}");
        assert!(
            e["error"]["message"]
                .as_str()
                .is_some_and(|m| m.contains("--max-inflate")),
            "{e}"
        );
    }
    for name in &names {
        let e = entry(name);
        assert_ne!(e["status"], "error", "{e}");
    }
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&out);
}
