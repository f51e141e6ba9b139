//! Progress of `jplan batch` on standard error: a bar on a terminal (files done/total,
//! rate, ETA), a plain line every few seconds otherwise, nothing with `--quiet`.

use std::io::IsTerminal;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use jplan::batch::{Progress, ProgressFn};

/// How often a plain progress line is printed when standard error is not a terminal.
const LINE_EVERY: Duration = Duration::from_secs(5);

pub enum Reporter {
    Bar(ProgressBar),
    Lines(Arc<Mutex<Instant>>, Instant),
}

pub fn reporter(quiet: bool) -> Option<Reporter> {
    if quiet {
        None
    } else if std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(0);
        let style = ProgressStyle::with_template(
            "{bar:30} {pos}/{len} files  {prefix}  ETA {eta}  {wide_msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        Some(Reporter::Bar(bar))
    } else {
        let now = Instant::now();
        Some(Reporter::Lines(Arc::new(Mutex::new(now)), now))
    }
}

impl Reporter {
    pub fn callback(&self) -> Arc<ProgressFn> {
        match self {
            Reporter::Bar(bar) => {
                let bar = bar.clone();
                Arc::new(move |p: &Progress| {
                    bar.set_length(p.total as u64);
                    bar.set_position(p.done as u64);
                    // indicatif's `{per_sec}` prints four decimals (`149.9754/s`).
                    let secs = bar.elapsed().as_secs_f64().max(1e-3);
                    bar.set_prefix(format!("{:.1} files/s", p.done as f64 / secs));
                    bar.set_message(p.last.clone());
                })
            }
            Reporter::Lines(last, start) => {
                let (last, start) = (last.clone(), *start);
                Arc::new(move |p: &Progress| {
                    let Ok(mut last) = last.lock() else { return };
                    if last.elapsed() < LINE_EVERY || p.done == 0 {
                        return;
                    }
                    *last = Instant::now();
                    let secs = start.elapsed().as_secs_f64().max(1e-3);
                    let rate = p.done as f64 / secs;
                    let eta = (p.total.saturating_sub(p.done)) as f64 / rate.max(1e-9);
                    eprintln!(
                        "jplan: {}/{} files, {:.1} files/s, ETA {:.0} s",
                        p.done, p.total, rate, eta
                    );
                })
            }
        }
    }

    pub fn finish(self) {
        if let Reporter::Bar(bar) = self {
            bar.finish_and_clear();
        }
    }
}
