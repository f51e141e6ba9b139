//! The time limit of one document across every stage (`--timeout`).
//!
//! [`crate::parse_file`] and [`crate::parse_bytes`] set the document's deadline for the
//! calling thread ([`run`]); the stages call [`check`] between them (and may call it in long
//! loops). Past the deadline `check` unwinds with a private payload that [`crate::guard`]
//! turns into [`crate::Error::Timeout`], so the work stops and its memory is freed at once.
//! PDF extraction runs on a worker thread and checks the same deadline itself.

use std::cell::Cell;
use std::time::Instant;

thread_local! {
    static DEADLINE: Cell<Option<(Instant, u64)>> = const { Cell::new(None) };
}

/// The panic payload of a document past its deadline: the time limit in seconds.
#[derive(Debug, Clone, Copy)]
pub struct TimedOut(pub u64);

/// Run `f` with `deadline` (`seconds` is the limit, for the message) set for this thread.
pub fn run<T>(deadline: Instant, seconds: u64, f: impl FnOnce() -> T) -> T {
    struct Restore(Option<(Instant, u64)>);
    impl Drop for Restore {
        fn drop(&mut self) {
            DEADLINE.with(|d| d.set(self.0));
        }
    }
    let _restore = Restore(DEADLINE.with(|d| d.replace(Some((deadline, seconds)))));
    f()
}

/// Unwind with [`TimedOut`] when this thread's document is past its deadline.
pub fn check() {
    if let Some((deadline, seconds)) = DEADLINE.with(Cell::get) {
        if Instant::now() >= deadline {
            // resume_unwind: no panic hook, no message; `guard` reports the timeout.
            std::panic::resume_unwind(Box::new(TimedOut(seconds)));
        }
    }
}
