//! The `jplan` command: a thin layer over the library.
//!
//! Exit status: 0 success, 1 an input could not be processed (the message names the file and
//! the reason), 2 usage error, 3 an output could not be written (`cannot write`), 130 `batch`
//! stopped by Ctrl-C (SIGINT) after finishing the files in flight.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use jplan::{ingest, normalize, Error, Options, Rules};

#[derive(Parser)]
#[command(
    name = "jplan",
    version,
    about = "Convert Japanese municipal reform plans (PDF, TXT) into one JSON model, and compare versions",
    long_about = "jplan reads the reform plans Japanese municipalities publish (行財政改革大綱, 推進計画, \
                  実施計画, 行政評価シート) as PDF or TXT in any Japanese encoding, and writes one common \
                  JSON model: outline, action items with departments, indicators by fiscal year, \
                  evaluation sheets, dates, each with a pointer to the page and line it came from.\n\n\
                  Exit status: 0 success, 1 an input could not be processed, 2 usage error, \
                  3 an output could not be written.",
    after_help = "Examples:\n  jplan parse plan.pdf --pretty -o plan.json\n  jplan normalize plan.txt\n  \
                  jplan dates plan.txt | grep FY2025\n  jplan schema > plan.schema.json"
)]
struct Cli {
    /// Folder of rules files (eras.toml, numbering.toml, keywords.toml, chars.toml, records.toml,
    /// municipalities.tsv) that replace the built-in ones of the same name.
    #[arg(long, global = true, value_name = "DIR")]
    rules: Option<PathBuf>,

    /// Largest input file accepted, in bytes.
    #[arg(long, global = true, value_name = "BYTES", default_value_t = 512 * 1024 * 1024)]
    max_bytes: u64,

    /// Time limit for one document, in seconds.
    #[arg(long, global = true, value_name = "SECONDS", default_value_t = 60)]
    timeout: u64,

    /// Longest line kept whole, in bytes; longer lines are cut (warning `text.long_line`).
    #[arg(long, global = true, value_name = "BYTES", default_value_t = 64 * 1024)]
    max_line_bytes: usize,

    /// Most pages read from one document (warning `pdf.too_many_pages` / `text.too_many_pages`).
    #[arg(long, global = true, value_name = "N", default_value_t = 10_000)]
    max_pages: usize,

    /// PDF: most bytes one stream may inflate to; past it the document is an error.
    #[arg(long, global = true, value_name = "BYTES", default_value_t = 64 << 20)]
    max_inflate: u64,

    /// PDF: most bytes the content of all pages may inflate to.
    #[arg(long, global = true, value_name = "BYTES", default_value_t = 1 << 30)]
    max_inflate_total: u64,

    /// PDF: most content-stream operators and operands per page.
    #[arg(long, global = true, value_name = "N", default_value_t = 2_000_000)]
    max_ops: u64,

    /// PDF: most glyphs drawn on one page.
    #[arg(long, global = true, value_name = "N", default_value_t = 1_000_000)]
    max_glyphs: u64,

    /// PDF: most objects in one file.
    #[arg(long, global = true, value_name = "N", default_value_t = 2_000_000)]
    max_objects: u64,

    /// Password of encrypted PDFs (user or owner password; like pdftotext -upw / -opw).
    /// Without it, the empty user password is tried.
    #[arg(long, global = true, value_name = "PASSWORD")]
    password: Option<String>,

    /// First page to read (1-based; like pdftotext -f). Pages of a TXT are separated by form
    /// feeds. Spans keep the document's page numbers.
    #[arg(long, global = true, value_name = "PAGE", value_parser = clap::value_parser!(u32).range(1..))]
    first: Option<u32>,

    /// Last page to read (like pdftotext -l).
    #[arg(long, global = true, value_name = "PAGE", value_parser = clap::value_parser!(u32).range(1..))]
    last: Option<u32>,

    /// No progress, no summary and no warnings on standard error; only errors.
    #[arg(short, long, global = true)]
    quiet: bool,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the extracted text; pages separated by form feed (like pdftotext).
    #[command(after_help = "Example:\n  jplan extract plan.pdf > plan.txt")]
    Extract {
        /// A PDF or TXT file, or - for standard input.
        file: PathBuf,
        /// Write here instead of standard output (written atomically).
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
    },
    /// Print the normalized text (width, radicals, spaces, hard-wrapped lines).
    #[command(
        after_help = "Examples:\n  jplan normalize plan.txt\n  echo '（１）令和 7 年度' | jplan normalize -"
    )]
    Normalize {
        /// A PDF or TXT file, or - for standard input (default).
        #[arg(default_value = "-")]
        file: PathBuf,
        /// Write here instead of standard output (written atomically).
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
    },
    /// Convert a plan into the PlanDocument JSON (see `jplan schema`).
    #[command(
        after_help = "Examples:\n  jplan parse plan.pdf --pretty\n  jplan parse plan.txt -o plan.json\n  \
                            jplan parse plan.txt --format outline\n  jplan parse plan.txt --format items > items.csv\n  jplan parse plan.pdf --check -o /dev/null   # loss check: exit 1 if text was not placed"
    )]
    Parse {
        /// A PDF or TXT file, or - for standard input.
        file: PathBuf,
        /// Write here instead of standard output (written atomically).
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
        /// Indent the JSON.
        #[arg(long)]
        pretty: bool,
        /// What to print.
        #[arg(long, value_enum, default_value_t = ParseFormat::Json)]
        format: ParseFormat,
        /// Loss check: report on standard error every line whose text the outline did not
        /// place (warning text.unplaced) and exit 1 if there is any.
        #[arg(long)]
        check: bool,
    },
    /// Print the dates of each line that has any, as JSON lines: {"page", "line", "text", "dates"}.
    #[command(after_help = "Example:\n  echo '令和7年度～令和11年度' | jplan dates -")]
    Dates {
        /// A PDF or TXT file, or - for standard input (default).
        #[arg(default_value = "-")]
        file: PathBuf,
        /// Write here instead of standard output (written atomically).
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
        /// Print every line, also those without a date.
        #[arg(long)]
        all: bool,
    },
    /// Compare two versions of a plan (PDF, TXT or PlanDocument JSON).
    ///
    /// Sections and items are aligned by label and content, so renumbered, renamed, moved,
    /// reworded, split and merged units are reported as such; indicator values, evaluation
    /// ratings and costs are compared by name and fiscal year. Exit status 0 whether or not
    /// the versions differ (unlike diff(1)); 1 only when an input could not be processed.
    #[command(
        after_help = "Examples:\n  jplan diff old.pdf new.pdf --format html -o 新旧対照表.html\n  \
                            jplan diff draft.txt final.json --format text\n  \
                            jplan diff old.json new.json | jq '.changes[] | select(.kinds | index(\"reworded\"))'"
    )]
    Diff {
        /// The old version (改正前): PDF, TXT, or PlanDocument JSON (`.json` or text starting with
        /// `{`); - for standard input.
        old: PathBuf,
        /// The new version (改正後): PDF, TXT, or PlanDocument JSON; - for standard input.
        new: PathBuf,
        /// json: the change list; text: a terminal summary; md / html: a 新旧対照表.
        #[arg(long, value_enum, default_value_t = DiffFormat::Json)]
        format: DiffFormat,
        /// Write here instead of standard output (written atomically).
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
        /// Colour for --format text: auto (when standard output is a terminal and NO_COLOR
        /// is unset), always, never.
        #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
        color: ColorChoice,
    },
    /// Convert every PDF and TXT under DIR (recursively) and write, in OUT, one PlanDocument
    /// JSON per input, manifest.jsonl and the datasets (CSV and JSON Lines).
    #[command(
        long_about = "Convert every .pdf and .txt under DIR (recursively, any case) in parallel. \
                      Writes OUT/<relative path>.json per input, OUT/manifest.jsonl (one line per \
                      input: status ok/warning/needs_ocr/error, codes, counts, time) and OUT/datasets/ \
                      (plans, sections, items, item_departments, indicators, evaluations, evaluation_costs, \
                      dates, item_themes, theme_counts, table_cells; .csv and .jsonl, dtypes.json). Unchanged inputs (same sha256 and jplan version as \
                      in the manifest) are skipped. Patterns in DIR/.jplanignore and --exclude \
                      leave files out. Exit status 1 when any input failed; the others are still \
                      converted.",
        after_help = "Examples:\n  jplan batch corpus/ -o out/\n  jplan batch plans/ -o out/ --jobs 2 --excel\n  \
                      jplan batch plans/ -o out/ --exclude '*.expected.txt' --exclude 'drafts/'"
    )]
    Batch {
        /// The folder of plans.
        dir: PathBuf,
        /// The output folder (created if missing).
        #[arg(short, long, value_name = "OUT")]
        output: PathBuf,
        /// Worker threads (default: one per core).
        #[arg(
            short,
            long,
            value_name = "N",
            default_value_t = 0,
            hide_default_value = true
        )]
        jobs: usize,
        /// Convert every input again, even unchanged ones.
        #[arg(long)]
        force: bool,
        /// Start the CSV files with a UTF-8 byte order mark, so Excel reads them as UTF-8.
        #[arg(long)]
        excel: bool,
        /// Leave out files or folders matching PATTERN (as in .jplanignore; repeatable).
        #[arg(long, value_name = "PATTERN")]
        exclude: Vec<String>,
        /// Also write OUT/report.html (see `jplan report`).
        #[arg(long)]
        report: bool,
    },
    /// Write a self-contained HTML report of a batch output folder: the plans, their status
    /// and charts of reform-theme prevalence by plan start year and by prefecture.
    #[command(
        after_help = "Example:\n  jplan batch plans/ -o out/\n  jplan report out/            # writes out/report.html"
    )]
    Report {
        /// The output folder of `jplan batch`.
        out: PathBuf,
        /// Where to write the page (default OUT/report.html).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Print the JSON Schema of the PlanDocument model (or, with --diff, of `jplan diff`'s JSON).
    #[command(
        after_help = "Examples:\n  jplan schema > plan-v1.schema.json\n  jplan schema --diff > diff-v1.schema.json"
    )]
    Schema {
        /// The schema of the `jplan diff --format json` output instead.
        #[arg(long)]
        diff: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ParseFormat {
    /// The PlanDocument JSON.
    Json,
    /// The section tree as indented labels and titles.
    Outline,
    /// Action items as CSV.
    Items,
    /// Indicator observations as CSV.
    Indicators,
}

#[derive(Clone, Copy, ValueEnum)]
enum DiffFormat {
    /// The change list as JSON.
    Json,
    /// A readable summary for a terminal.
    Text,
    /// A 新旧対照表 as Markdown tables.
    Md,
    /// A self-contained 新旧対照表 page.
    Html,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Read one side of `jplan diff`: a PlanDocument JSON (by extension `.json` or a leading `{`),
/// else a PDF or TXT converted with the usual pipeline.
fn load_plan(file: &Path, opts: &Options) -> Result<jplan::PlanDocument, Error> {
    if file == Path::new("-") {
        let bytes = read_stdin()?;
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        if body
            .iter()
            .find(|b| !b.is_ascii_whitespace())
            .is_some_and(|&b| b == b'{')
        {
            return serde_json::from_slice(body).map_err(|e| Error::Unsupported {
                path: PathBuf::from("<stdin>"),
                reason: format!("not a PlanDocument JSON (see `jplan schema`): {e}"),
            });
        }
        return jplan::parse_bytes(&bytes, Path::new("<stdin>"), opts);
    }
    let is_json_ext = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let looks_json = || -> Result<bool, Error> {
        use std::io::Read as _;
        let mut head = [0u8; 64];
        let mut f = std::fs::File::open(file).map_err(|source| Error::Io {
            path: file.to_path_buf(),
            source,
        })?;
        let n = f.read(&mut head).map_err(|source| Error::Io {
            path: file.to_path_buf(),
            source,
        })?;
        let head = head.get(..n).unwrap_or_default();
        let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        Ok(head
            .iter()
            .find(|b| !b.is_ascii_whitespace())
            .is_some_and(|&b| b == b'{'))
    };
    if is_json_ext || looks_json()? {
        let bytes = std::fs::read(file).map_err(|source| Error::Io {
            path: file.to_path_buf(),
            source,
        })?;
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        serde_json::from_slice(bytes).map_err(|e| Error::Unsupported {
            path: file.to_path_buf(),
            reason: format!("not a PlanDocument JSON (see `jplan schema`): {e}"),
        })
    } else {
        jplan::parse_file(file, opts)
    }
}

mod batch_progress;

/// Ctrl-C during `jplan batch`: the first SIGINT sets [`sigint::STOP`] (the batch's cancel
/// flag), so the batch stops cleanly; a second one ends the process at once (status 130).
#[cfg(unix)]
mod sigint {
    use std::sync::atomic::{AtomicBool, Ordering};

    pub static STOP: AtomicBool = AtomicBool::new(false);

    const SIGINT: i32 = 2;

    extern "C" {
        fn signal(signum: i32, handler: usize) -> usize;
        fn _exit(status: i32) -> !;
    }

    extern "C" fn on_sigint(_: i32) {
        // Only async-signal-safe work here: an atomic swap, and _exit.
        if STOP.swap(true, Ordering::SeqCst) {
            // SAFETY: _exit is async-signal-safe and takes no pointer.
            unsafe { _exit(130) }
        }
    }

    /// Install the handler; returns the flag it sets.
    pub fn install() -> Option<&'static AtomicBool> {
        // SAFETY: `on_sigint` has the C signature signal(2) expects and only touches an
        // atomic; SIGINT is 2 on every Unix.
        unsafe {
            signal(SIGINT, on_sigint as extern "C" fn(i32) as usize);
        }
        Some(&STOP)
    }
}

#[cfg(not(unix))]
mod sigint {
    pub fn install() -> Option<&'static std::sync::atomic::AtomicBool> {
        None
    }
}

/// Exit status of a batch stopped by Ctrl-C (128 + SIGINT, as shells report it).
const EXIT_INTERRUPTED: u8 = 130;

fn main() -> ExitCode {
    // Every stage runs under a panic guard that turns a panic (ours or a PDF library's) into a
    // clear error or warning for that file; the default hook would also print a backtrace.
    // Set RUST_BACKTRACE to see them.
    if std::env::var_os("RUST_BACKTRACE").is_none() {
        std::panic::set_hook(Box::new(|_| {}));
    }
    let cli = Cli::parse();
    if let (Some(first), Some(last)) = (cli.first, cli.last) {
        if last < first {
            use clap::CommandFactory as _;
            Cli::command()
                .error(
                    clap::error::ErrorKind::ArgumentConflict,
                    format!("--last {last} is before --first {first}"),
                )
                .exit();
        }
    }
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("jplan: {e}");
            match e {
                Error::Write { .. } => ExitCode::from(EXIT_WRITE),
                _ => ExitCode::from(1),
            }
        }
    }
}

fn options(cli: &Cli) -> Result<Options, Error> {
    let ingest = ingest_options(cli);
    let rules = match &cli.rules {
        Some(dir) => {
            if !cli.quiet {
                for w in jplan::rules::unknown_files(dir) {
                    eprintln!("jplan: warning: {w}");
                }
            }
            Rules::load(Some(dir))?
        }
        None => Rules::defaults().clone(),
    };
    Ok(Options { rules, ingest })
}

/// How documents are read, from the command line.
fn ingest_options(cli: &Cli) -> ingest::IngestOptions {
    ingest::IngestOptions {
        max_bytes: cli.max_bytes,
        timeout_secs: cli.timeout,
        max_line_bytes: cli.max_line_bytes,
        max_pages: cli.max_pages,
        deadline: None,
        limits: ingest::pdf::limits::Limits {
            max_inflate: cli.max_inflate,
            max_inflate_total: cli.max_inflate_total,
            max_ops: cli.max_ops,
            max_glyphs: cli.max_glyphs,
            max_objects: cli.max_objects,
        },
        password: cli.password.clone(),
        first_page: cli.first.unwrap_or(1),
        last_page: cli.last,
        // Only the commands that print the source record need its hash.
        hash: !matches!(
            cli.command,
            Command::Normalize { .. } | Command::Extract { .. }
        ),
    }
}

/// Exit status when an output could not be written.
const EXIT_WRITE: u8 = 3;

/// All of standard input.
fn read_stdin() -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .map_err(|source| Error::Io {
            path: PathBuf::from("<stdin>"),
            source,
        })?;
    Ok(bytes)
}

/// Write `text` to OUT (atomically), or to standard output.
fn emit(output: &Option<PathBuf>, text: &str) -> Result<(), Error> {
    match output {
        Some(out) => {
            jplan::output::write_atomic(out, text.as_bytes()).map_err(|source| Error::Write {
                path: out.clone(),
                source,
            })
        }
        None => print(text),
    }
}

/// Read FILE, or standard input for `-`, into the extracted form.
fn extract_input(file: &Path, ingest: &ingest::IngestOptions) -> Result<ingest::Extracted, Error> {
    if file == Path::new("-") {
        let bytes = read_stdin()?;
        jplan::guard(Path::new("<stdin>"), || {
            jplan::with_deadline(ingest, |ingest| {
                ingest::ingest_bytes(&bytes, Path::new("<stdin>"), ingest)
            })
        })
    } else {
        jplan::guard(file, || {
            jplan::with_deadline(ingest, |ingest| ingest::ingest_file(file, ingest))
        })
    }
}

fn print(s: &str) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    // A closed pipe (`jplan … | head`) is not an error worth a message.
    match out.write_all(s.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::Write {
            path: PathBuf::from("<stdout>"),
            source: e,
        }),
        _ => Ok(()),
    }
}

fn run(cli: Cli) -> Result<ExitCode, Error> {
    let quiet = cli.quiet;
    if let Command::Extract { file, output } = &cli.command {
        // The text only: the rules are not built (some milliseconds), though a folder given
        // with --rules is still checked.
        if cli.rules.is_some() {
            options(&cli)?;
        }
        let ex = extract_input(file, &ingest_options(&cli))?;
        for w in ex.warnings.iter().filter(|_| !quiet) {
            eprintln!(
                "jplan: {}: warning {}: {}",
                file.display(),
                w.code,
                w.message
            );
        }
        emit(output, &ex.to_text())?;
        return Ok(ExitCode::SUCCESS);
    }
    let opts = options(&cli)?;
    match &cli.command {
        // Done above.
        Command::Extract { .. } => {}
        Command::Normalize { file, output } => {
            let ex = extract_input(file, &opts.ingest)?;
            // Only the text is printed: no spans or offset maps are built.
            let text = normalize::normalize_doc_text(&ex, &opts.rules.chars, &opts.rules.numbering);
            emit(output, &text)?;
            // The process ends here: handing a hundred thousand lines back to the
            // allocator one by one would only cost time.
            std::mem::forget(ex);
        }
        Command::Parse {
            file,
            output,
            pretty,
            format,
            check,
        } => {
            let doc = if file == Path::new("-") {
                jplan::parse_bytes(&read_stdin()?, Path::new("<stdin>"), &opts)?
            } else {
                jplan::parse_file(file, &opts)?
            };
            // A document with no text converts to an empty model: say so, or it would pass
            // unnoticed.
            for w in doc
                .warnings
                .iter()
                .filter(|w| w.code == jplan::batch::NO_TEXT && !quiet)
            {
                eprintln!(
                    "jplan: {}: warning {}: {}",
                    file.display(),
                    w.code,
                    w.message
                );
            }
            let unplaced: Vec<_> = doc
                .warnings
                .iter()
                .filter(|w| w.code == jplan::model::WarningCode::TextUnplaced)
                .collect();
            let text = match format {
                ParseFormat::Json => {
                    let mut s = if *pretty {
                        serde_json::to_string_pretty(&doc)
                    } else {
                        serde_json::to_string(&doc)
                    }
                    .map_err(|e| Error::Internal {
                        path: file.clone(),
                        reason: e.to_string(),
                    })?;
                    s.push('\n');
                    s
                }
                ParseFormat::Outline => jplan::output::outline_text(&doc.sections),
                ParseFormat::Items => jplan::output::items_csv(&doc.items),
                ParseFormat::Indicators => jplan::output::indicators_csv(&doc.indicators),
            };
            emit(output, &text)?;
            if *check {
                for w in &unplaced {
                    let at = w
                        .span
                        .map(|s| format!("page {} line {}", s.page, s.line_start))
                        .unwrap_or_default();
                    eprintln!("jplan: {}: {at}: {}", file.display(), w.message);
                }
                eprintln!(
                    "jplan: {}: loss check: {} line(s) with unplaced text",
                    file.display(),
                    unplaced.len()
                );
                if !unplaced.is_empty() {
                    return Ok(ExitCode::from(1));
                }
            }
        }
        Command::Dates { file, output, all } => {
            let ex = extract_input(file, &opts.ingest)?;
            let norm = normalize::normalize_doc(&ex, &opts.rules.chars, &opts.rules.numbering);
            let mut out = String::new();
            for line in &norm.lines {
                let (found, _) = jplan::dates::find_dates(&line.text, &opts.rules.eras);
                let dates: Vec<_> = found
                    .into_iter()
                    .map(|f| {
                        let mut m = f.mention;
                        m.span = line.span;
                        m
                    })
                    .collect();
                if dates.is_empty() && !*all {
                    continue;
                }
                let row = serde_json::json!({
                    "page": line.span.page,
                    "line": line.span.line_start,
                    "text": line.text,
                    "dates": dates,
                });
                out.push_str(&row.to_string());
                out.push('\n');
            }
            emit(output, &out)?;
        }
        Command::Diff {
            old,
            new,
            format,
            output,
            color,
        } => {
            let old_doc = load_plan(old, &opts)?;
            let new_doc = load_plan(new, &opts)?;
            let diff = jplan::diff::diff_plans(&old_doc, &new_doc);
            let text = match format {
                DiffFormat::Json => diff.to_json(),
                DiffFormat::Text => {
                    use std::io::IsTerminal as _;
                    let colour = match color {
                        ColorChoice::Always => true,
                        ColorChoice::Never => false,
                        ColorChoice::Auto => {
                            output.is_none()
                                && std::env::var_os("NO_COLOR").is_none()
                                && std::io::stdout().is_terminal()
                        }
                    };
                    jplan::diff::render_text(&diff, colour)
                }
                DiffFormat::Md => jplan::diff::render_md(&diff),
                DiffFormat::Html => jplan::diff::render_html(&diff),
            };
            emit(output, &text)?;
        }
        Command::Batch {
            dir,
            output,
            jobs,
            force,
            excel,
            exclude,
            report,
        } => {
            let cancel = sigint::install();
            let progress = batch_progress::reporter(quiet);
            let bopts = jplan::batch::BatchOptions {
                parse: opts.clone(),
                jobs: *jobs,
                force: *force,
                excel: *excel,
                exclude: exclude.clone(),
                progress: progress.as_ref().map(|p| p.callback()),
                cancel,
                ..Default::default()
            };
            let summary = jplan::batch::run(dir, output, &bopts)?;
            if let Some(p) = progress {
                p.finish();
            }
            for e in summary.entries.iter().filter(|e| e.error.is_some()) {
                if let Some(err) = &e.error {
                    eprintln!("jplan: error [{}] {}", err.code, err.message);
                }
            }
            for p in &summary.problems {
                eprintln!("jplan: {p}");
            }
            // An interrupted batch always says what it did, even with --quiet.
            if !quiet || summary.interrupted {
                eprintln!("jplan: {}", summary.line());
            }
            if summary.interrupted {
                return Ok(ExitCode::from(EXIT_INTERRUPTED));
            }
            if *report {
                let path = jplan::report::write(output, None, &opts.rules.themes)?;
                if !quiet {
                    eprintln!("jplan: report written to {}", path.display());
                }
            }
            if summary.has_failures() {
                return Ok(ExitCode::from(1));
            }
        }
        Command::Report { out, output } => {
            let path = jplan::report::write(out, output.as_deref(), &opts.rules.themes)?;
            if !quiet {
                eprintln!("jplan: report written to {}", path.display());
            }
        }
        Command::Schema { diff } => print(&if *diff {
            jplan::diff_schema_json()
        } else {
            jplan::schema_json()
        })?,
    }
    Ok(ExitCode::SUCCESS)
}
