#!/usr/bin/env bash
# Instructions, not seconds: `jplan extract` against poppler's `pdftotext -layout` under
# valgrind's callgrind, one process per file, on every readable PDF of corpus/pdf/ and of the
# real PDFs (../shared/realpdf next to the crate, or $JPLAN_REALPDF; skipped when absent).
# Instruction counts repeat to the last digit from run to run, where CPU time on a shared
# machine moves by a third: use this to tell whether a change made jplan do less work, and
# benches/pdf.sh for the time it takes. Instructions are not time (pdftotext's memory use and
# startup weigh differently), so the ratios here run higher than the CPU ratios of pdf.sh.
# Needs valgrind (apt-get install valgrind) and pdftotext (apt-get install poppler-utils).
# Usage: benches/pdf-instructions.sh [FILE.pdf ...]   (JPLAN=path/to/jplan for another build)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${JPLAN:-}" ]; then cargo build --release -q; fi
BIN=${JPLAN:-$PWD/target/release/jplan}
command -v valgrind >/dev/null || { echo "valgrind not found: apt-get install valgrind" >&2; exit 1; }
command -v pdftotext >/dev/null || { echo "pdftotext not found: apt-get install poppler-utils" >&2; exit 1; }
if [ $# -gt 0 ]; then
  PDFS=("$@")
else
  REAL=${JPLAN_REALPDF:-$PWD/../shared/realpdf}
  mapfile -t PDFS < <(ls corpus/pdf/*.pdf | grep -v -e truncated -e '/encrypted.pdf')
  if [ -d "$REAL" ]; then mapfile -t -O "${#PDFS[@]}" PDFS < <(ls "$REAL"/*.pdf); fi
fi
# The count of one run; a run that fails (an encrypted file without its password) is counted too.
count() {
  { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null || true; } \
    | sed -n 's/.*Collected : \([0-9]*\).*/\1/p' | tail -1
}
printf '%-44s %15s %15s %7s\n' file jplan pdftotext ratio
tj=0; tp=0
for f in "${PDFS[@]}"; do
  j=$(count "$BIN" extract "$f" -o /dev/null)
  p=$(count pdftotext -layout -q -enc UTF-8 "$f" /dev/null)
  [ -n "$j" ] && [ -n "$p" ] || { echo "$(basename "$f"): not measured" >&2; continue; }
  tj=$((tj + j)); tp=$((tp + p))
  awk -v f="$(basename "$f")" -v j="$j" -v p="$p" 'BEGIN { printf "%-44s %15.0f %15.0f %7.2f\n", f, j, p, j / p }'
done
awk -v j="$tj" -v p="$tp" 'BEGIN { printf "%-44s %15.0f %15.0f %7.2f\n", "total", j, p, j / p }'
