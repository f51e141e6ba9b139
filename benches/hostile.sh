#!/usr/bin/env bash
# Hostile-PDF benchmark: peak resident memory and time of `jplan parse` on each file made by
# benches/hostile/make.py (inflate bombs, glyph and operator floods, an object-stream bomb, a
# document slower than its time limit), on the largest real PDF, and of `jplan batch --jobs 2`
# on a folder holding two 256 MiB bombs and the seeds. Also the CPU time of a timed-out parse
# (user + system), to show the work stops at the limit.
# Usage: benches/hostile.sh [REALPDF_DIR]   (default /work/shared/realpdf; needs /usr/bin/time)
set -euo pipefail
cd "$(dirname "$0")/.."
REAL=${1:-${JPLAN_REALPDF:-../shared/realpdf}}
cargo build --release -q
BIN=$PWD/target/release/jplan
WORK=$(mktemp -d /tmp/jplan-bench-hostile.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
python3 benches/hostile/make.py "$WORK/files" > /dev/null
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB"
measure() { # label, then the command
  local label=$1; shift
  local code=0
  /usr/bin/time -f '%e %M %U %S' -o "$WORK/time" "$@" > /dev/null 2> "$WORK/err" || code=$?
  read -r secs rss user sys < "$WORK/time"
  local msg; msg=$(grep -v '^\s*Command exited' "$WORK/err" | tail -1 | cut -c1-110)
  awk -v l="$label" -v s="$secs" -v m="$rss" -v u="$user" -v y="$sys" -v c="$code" -v e="$msg" \
    'BEGIN { printf "%-34s %6.2f s  cpu %6.2f s  peak RSS %5.0f MiB  exit %d  %s\n", l, s, u + y, m / 1024, c, e }'
}
for f in bomb.pdf bomb256.pdf bomb64.pdf glyphs.pdf ops.pdf objstm.pdf; do
  measure "parse $f ($(( $(stat -c %s "$WORK/files/$f") / 1024 )) KiB)" "$BIN" parse "$WORK/files/$f"
done
measure "parse slow.pdf --timeout 5" "$BIN" --timeout 5 parse "$WORK/files/slow.pdf"
measure "parse slow.pdf (default 60 s)" "$BIN" parse "$WORK/files/slow.pdf"
if [ -d "$REAL" ]; then
  big=$(ls -S "$REAL"/*.pdf | head -1)
  measure "parse $(basename "$big") ($(( $(stat -c %s "$big") / 1024 )) KiB)" "$BIN" parse "$big"
else
  echo "no real PDFs in $REAL: skipped"
fi
mkdir -p "$WORK/batch"
cp seeds/*.txt "$WORK/batch/"
cp "$WORK/files/bomb256.pdf" "$WORK/batch/bomb1.pdf"
cp "$WORK/files/bomb256.pdf" "$WORK/batch/bomb2.pdf"
printf ' ' >> "$WORK/batch/bomb2.pdf"  # another sha256
measure "batch --jobs 2 (2 bombs + seeds)" "$BIN" batch "$WORK/batch" -o "$WORK/out" --jobs 2 --quiet
grep -c '"status":"error"' "$WORK/out/manifest.jsonl" | sed 's/^/  manifest errors: /'
grep -c '"status":"\(ok\|warning\)"' "$WORK/out/manifest.jsonl" | sed 's/^/  manifest converted: /'
