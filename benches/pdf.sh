#!/usr/bin/env bash
# PDF extraction benchmark (issue 3): `jplan extract` against poppler's `pdftotext -layout`
# on every readable PDF of corpus/pdf, R rounds (default 20), one process per file as a user
# would run them. Needs pdftotext (apt-get install poppler-utils) for the comparison.
# The two tools alternate file by file, so a change in the machine's load hits both alike.
# Reported: wall-clock time and CPU time (user + system of the child processes; the fair
# figure on a machine shared with other jobs), over all files, and the median per run for the
# 16-page seed-004.
# Usage: benches/pdf.sh [R]      (JPLAN=path/to/jplan to measure another build)
set -euo pipefail
cd "$(dirname "$0")/.."
R=${1:-20}
if [ -z "${JPLAN:-}" ]; then cargo build --release -q; fi
BIN=${JPLAN:-$PWD/target/release/jplan}
command -v pdftotext >/dev/null || { echo "pdftotext not found: apt-get install poppler-utils" >&2; exit 1; }
mapfile -t PDFS < <(ls corpus/pdf/*.pdf | grep -v -e truncated -e '/encrypted.pdf')
pages=0
for f in "${PDFS[@]}"; do pages=$((pages + $(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/{print $2}'))); done
echo "${#PDFS[@]} PDFs, $pages pages, $R rounds; $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "pdftotext: $(pdftotext -v 2>&1 | head -1)"
python3 - "$BIN" "$R" "$pages" "${PDFS[@]}" <<'PY'
import resource, statistics, subprocess, sys, time
binp, rounds, pages, files = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
tools = {
    "jplan extract": lambda f: [binp, "extract", f],
    "pdftotext -layout": lambda f: ["pdftotext", "-layout", "-q", "-enc", "UTF-8", f, "-"],
}
wall = {k: 0.0 for k in tools}
cpu = {k: 0.0 for k in tools}
big = {k: [] for k in tools}
def run(cmd):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    w = time.perf_counter() - t
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return w, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
for _ in range(rounds):
    for f in files:
        for name, cmd in tools.items():
            w, c = run(cmd(f))
            wall[name] += w
            cpu[name] += c
            if "seed-004" in f:
                big[name].append((w, c))
n = pages * rounds
print(f"{'':18} {'wall':>8} {'pages/s':>8} {'CPU':>8} {'pages/s':>8}   seed-004 median wall / CPU")
for name in tools:
    bw = statistics.median(x[0] for x in big[name]) * 1000 if big[name] else float("nan")
    bc = statistics.median(x[1] for x in big[name]) * 1000 if big[name] else float("nan")
    print(f"{name:18} {wall[name]:7.2f}s {n / wall[name]:8.0f} {cpu[name]:7.2f}s {n / cpu[name]:8.0f}   {bw:.0f} ms / {bc:.0f} ms")
j, p = "jplan extract", "pdftotext -layout"
print(f"ratio jplan/pdftotext: wall {wall[j] / wall[p]:.2f}, CPU {cpu[j] / cpu[p]:.2f}")
PY
