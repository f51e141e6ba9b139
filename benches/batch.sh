#!/usr/bin/env bash
# Batch benchmark: the corpus replicated to at least N documents (default 500),
# converted with --jobs 1 and --jobs 2; prints files per second and peak memory (max RSS).
# Usage: benches/batch.sh [N]     (builds the release binary first; needs /usr/bin/time)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-500}
cargo build --release -q
BIN=$PWD/target/release/jplan
WORK=$(mktemp -d /tmp/jplan-bench-batch.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
# The inputs a corpus batch converts: the plans and the PDF fixtures (not the broken ones).
mapfile -t SRC < <(find corpus/plans corpus/pdf -type f \( -name '*.txt' -o -name '*.pdf' \) \
  ! -name '*.expected.txt' ! -name '*.pdftotext.txt' ! -name 'truncated.pdf' ! -name 'encrypted.pdf' | sort)
copies=$(( (N + ${#SRC[@]} - 1) / ${#SRC[@]} ))
for ((c = 0; c < copies; c++)); do
  mkdir -p "$WORK/in/copy$c"
  for f in "${SRC[@]}"; do
    # Every copy a distinct document (another sha256): TXT copies get one more line.
    name=$(basename "$f")
    if [[ $f == *.txt ]]; then { cat "$f"; printf '\n%s\n' "copy $c"; } > "$WORK/in/copy$c/$name"
    else cp "$f" "$WORK/in/copy$c/$name"; fi
  done
done
total=$(find "$WORK/in" -type f | wc -l)
bytes=$(du -sb "$WORK/in" | cut -f1)
echo "inputs: $total files, $((bytes / 1024 / 1024)) MiB; machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
for jobs in 1 2; do
  rm -rf "$WORK/out"
  /usr/bin/time -f '%e %M' -o "$WORK/time" "$BIN" batch "$WORK/in" -o "$WORK/out" --jobs "$jobs" --quiet || true
  read -r secs rss < "$WORK/time"
  awk -v s="$secs" -v m="$rss" -v n="$total" -v j="$jobs" \
    'BEGIN { printf "--jobs %d: %.2f s, %.1f files/s, peak RSS %.0f MiB\n", j, s, n / s, m / 1024 }'
done
