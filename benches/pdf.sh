#!/usr/bin/env bash
# PDF extraction benchmark: `jplan extract` against poppler's `pdftotext -layout`, one process
# per file as a user would run them, on every readable PDF of corpus/pdf/ and of the real PDFs
# (../shared/realpdf next to the crate, or $JPLAN_REALPDF; skipped when absent).
# The two tools alternate file by file, so a change in the machine's load hits both alike.
# Two modes: pinned to one core (`taskset -c 0`: jplan then lays pages out on one thread) and
# on all cores. Per file and tool: the median over R rounds (default 5) of CPU time (user +
# system of the child, from wait4: the fair figure on a machine shared with other jobs) and of
# wall time, and the largest peak RSS. Printed: per-file ratios jplan / pdftotext, totals (sums
# of the medians) per folder, and the targets: total CPU <= 1.0x, no file above 1.5x, peak RSS
# <= pdftotext's + 30 MB on every file.
# Needs pdftotext and pdfinfo (apt-get install poppler-utils), GNU time (apt-get install time)
# and taskset (util-linux).
# Usage: benches/pdf.sh [R]      (JPLAN=path/to/jplan to measure another build;
#                                 MODES="1" or MODES="all" for one mode only)
set -euo pipefail
cd "$(dirname "$0")/.."
R=${1:-5}
if [ -z "${JPLAN:-}" ]; then cargo build --release -q; fi
BIN=${JPLAN:-$PWD/target/release/jplan}
command -v pdftotext >/dev/null || { echo "pdftotext not found: apt-get install poppler-utils" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time not found: apt-get install time" >&2; exit 1; }
REAL=${JPLAN_REALPDF:-$PWD/../shared/realpdf}
mapfile -t PDFS < <(ls corpus/pdf/*.pdf | grep -v -e truncated -e '/encrypted.pdf')
if [ -d "$REAL" ]; then
  mapfile -t -O "${#PDFS[@]}" PDFS < <(ls "$REAL"/*.pdf)
else
  echo "no real PDFs ($REAL absent; set JPLAN_REALPDF): corpus/pdf only"
fi
echo "${#PDFS[@]} PDFs, $R rounds; $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "pdftotext: $(pdftotext -v 2>&1 | head -1); jplan: $BIN"
python3 - "$BIN" "$R" "${MODES:-1 all}" "${PDFS[@]}" <<'PY'
import os, statistics, subprocess, sys, time
binp, rounds, modes, files = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(), sys.argv[4:]
tools = {
    "jplan": lambda f: [binp, "extract", f],
    "pdftotext": lambda f: ["pdftotext", "-layout", "-q", "-enc", "UTF-8", f, "-"],
}
def pages(f):
    out = subprocess.run(["pdfinfo", f], capture_output=True, text=True).stdout
    for line in out.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return 0
npages = {f: pages(f) for f in files}
RSS = "/tmp/jplan-bench-rss.%d" % os.getpid()
def run(cmd):
    # /usr/bin/time reports the peak RSS of the tool alone (a child forked by Python would
    # start with Python's); CPU comes from wait4 with microseconds (time's own is ~1 ms).
    t = time.perf_counter()
    p = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", RSS] + cmd,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, ru = os.wait4(p.pid, 0)
    w = time.perf_counter() - t
    with open(RSS) as fh:
        rss = int(fh.read().split()[-1]) / 1024.0
    return w, ru.ru_utime + ru.ru_stime, rss
def group(f):
    return "corpus/pdf" if f.startswith("corpus/") else "realpdf"
worst = {}
for mode in modes:
    pin = ["taskset", "-c", "0"] if mode == "1" else []
    res = {(f, t): [] for f in files for t in tools}
    for _ in range(rounds):
        for f in files:
            for t, cmd in tools.items():
                res[(f, t)].append(run(pin + cmd(f)))
    med = lambda f, t, i: statistics.median(x[i] for x in res[(f, t)])
    rss = lambda f, t: max(x[2] for x in res[(f, t)])
    label = "one core (taskset -c 0)" if mode == "1" else f"all cores ({os.cpu_count()})"
    print(f"\n== {label}: median of {rounds} runs per file ==")
    print(f"{'file':44} {'pages':>5} {'jplan CPU':>9} {'pdftotext':>9} {'CPU x':>6} {'wall x':>6} {'RSS MB j/p':>12} {'+MB':>6}")
    tot = {}
    failures = []
    for f in files:
        jc, pc = med(f, "jplan", 1), med(f, "pdftotext", 1)
        jw, pw = med(f, "jplan", 0), med(f, "pdftotext", 0)
        jr, pr = rss(f, "jplan"), rss(f, "pdftotext")
        name = os.path.basename(f)
        print(f"{name[:44]:44} {npages[f]:5} {jc*1000:7.0f}ms {pc*1000:7.0f}ms {jc/max(pc,1e-9):6.2f} {jw/max(pw,1e-9):6.2f} {jr:5.0f}/{pr:<6.0f} {jr-pr:+6.1f}")
        for g in (group(f), "all"):
            a = tot.setdefault(g, [0, 0.0, 0.0, 0.0, 0.0, 0])
            a[0] += npages[f]; a[1] += jc; a[2] += pc; a[3] += jw; a[4] += pw; a[5] += 1
        if jc / max(pc, 1e-9) > 1.5:
            failures.append(f"{name}: CPU {jc/pc:.2f}x > 1.5x")
        if jr - pr > 30:
            failures.append(f"{name}: peak RSS {jr:.0f} MB > pdftotext {pr:.0f} MB + 30 MB")
    print(f"{'total':20} {'files':>5} {'pages':>5} {'jplan CPU':>10} {'pdftotext':>10} {'CPU x':>6} {'jplan wall':>10} {'pdftotext':>10} {'wall x':>6}")
    for g, (p, jc, pc, jw, pw, n) in tot.items():
        print(f"{g:20} {n:5} {p:5} {jc:9.2f}s {pc:9.2f}s {jc/pc:6.2f} {jw:9.2f}s {pw:9.2f}s {jw/pw:6.2f}")
    if tot["all"][1] > tot["all"][2]:
        failures.append(f"total CPU {tot['all'][1]/tot['all'][2]:.2f}x > 1.0x")
    print("targets (CPU total <= 1.0x, each file <= 1.5x, RSS <= pdftotext + 30 MB):",
          "met" if not failures else "NOT met: " + "; ".join(failures))
if os.path.exists(RSS):
    os.remove(RSS)
PY
