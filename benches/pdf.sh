#!/usr/bin/env bash
# PDF extraction benchmark (issue 3): `jplan extract` against poppler's `pdftotext -layout`
# on every readable PDF of corpus/pdf, R rounds each (default 20), one process per file as a
# user would run them. Needs pdftotext (apt-get install poppler-utils) for the comparison.
# Usage: benches/pdf.sh [R]
set -euo pipefail
cd "$(dirname "$0")/.."
R=${1:-20}
cargo build --release -q
BIN=$PWD/target/release/jplan
mapfile -t PDFS < <(ls corpus/pdf/*.pdf | grep -v -e truncated -e '/encrypted.pdf')
pages=0
for f in "${PDFS[@]}"; do pages=$((pages + $(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/{print $2}'))); done
echo "${#PDFS[@]} PDFs, $pages pages, $R rounds; machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
now() { date +%s.%N; }
s=$(now)
for ((r = 0; r < R; r++)); do for f in "${PDFS[@]}"; do "$BIN" extract "$f" > /dev/null 2>&1 || true; done; done
j=$(python3 -c "print($(now) - $s)")
s=$(now)
for ((r = 0; r < R; r++)); do for f in "${PDFS[@]}"; do pdftotext -layout -q -enc UTF-8 "$f" - > /dev/null 2>&1 || true; done; done
p=$(python3 -c "print($(now) - $s)")
python3 - "$j" "$p" "$pages" "$R" <<'PY'
import sys
j, p, pages, r = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
print(f"jplan extract     : {j:6.2f} s  {pages * r / j:6.0f} pages/s")
print(f"pdftotext -layout : {p:6.2f} s  {pages * r / p:6.0f} pages/s")
print(f"ratio jplan/pdftotext: {j / p:.2f}")
PY
# Per file, for the big one (16 pages): the median of R runs each.
big=corpus/pdf/seed-004.libreoffice.pdf
python3 - "$BIN" "$big" "$R" <<'PY'
import subprocess, sys, time, statistics
binp, f, r = sys.argv[1], sys.argv[2], int(sys.argv[3])
def med(cmd):
    ts = []
    for _ in range(r):
        t = time.perf_counter(); subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); ts.append(time.perf_counter() - t)
    return statistics.median(ts)
print(f"{f}: jplan {med([binp, 'extract', f]) * 1000:.0f} ms, pdftotext {med(['pdftotext', '-layout', '-q', '-enc', 'UTF-8', f, '-']) * 1000:.0f} ms (median of {r})")
PY
