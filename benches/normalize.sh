#!/usr/bin/env bash
# Benchmark (not a test): `jplan normalize` against Python neologdn.normalize on the same text.
#
#   pip install neologdn          # for the comparison only; never a dependency of jplan
#   cargo build --release
#   benches/normalize.sh [MIN_MB]
#
# Builds a text of at least MIN_MB megabytes (default 5) from the five seeds repeated, then
# times, on one core (taskset -c 0), the best of 3 runs of
#   - target/release/jplan normalize FILE > /dev/null   (whole process: read, decode, normalize, write)
#   - neologdn.normalize on every line of the same text (in-process, reading not counted)
# and prints the throughput of both in MB/s (MB = 10^6 bytes of input).
set -euo pipefail
cd "$(dirname "$0")/.."
MIN_MB="${1:-5}"
BIN=target/release/jplan
[ -x "$BIN" ] || { echo "build first: cargo build --release" >&2; exit 1; }
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
INPUT="$TMP/seeds-repeated.txt"
python3 - "$INPUT" "$MIN_MB" <<'PY'
import sys, glob
out, min_mb = sys.argv[1], float(sys.argv[2])
seeds = "".join(open(p, encoding="utf-8").read().rstrip("\n") + "\n" for p in sorted(glob.glob("seeds/*.txt")))
data = seeds * (int(min_mb * 1e6) // len(seeds.encode()) + 1)
open(out, "w", encoding="utf-8").write(data)
PY
BYTES=$(wc -c < "$INPUT")
PIN=""
command -v taskset >/dev/null && PIN="taskset -c 0"
echo "input: $BYTES bytes ($(python3 -c "print(round($BYTES/1e6,2))") MB), five seeds repeated"
python3 - "$BIN" "$INPUT" "$BYTES" "$PIN" <<'PY'
import subprocess, sys, time
binary, path, nbytes, pin = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4].split()
best = float("inf")
for _ in range(3):
    t = time.perf_counter()
    subprocess.run(pin + [binary, "normalize", path], check=True, stdout=subprocess.DEVNULL)
    best = min(best, time.perf_counter() - t)
print(f"jplan normalize:     {best:8.3f} s  {nbytes / best / 1e6:8.1f} MB/s")
PY
$PIN python3 - "$INPUT" "$BYTES" <<'PY'
import sys, time
try:
    import neologdn
except ImportError:
    print("neologdn.normalize:  not installed (pip install neologdn)")
    sys.exit(0)
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
nbytes = int(sys.argv[2])
best = float("inf")
for _ in range(3):
    t = time.perf_counter()
    for line in lines:
        neologdn.normalize(line)
    best = min(best, time.perf_counter() - t)
print(f"neologdn.normalize:  {best:8.3f} s  {nbytes / best / 1e6:8.1f} MB/s")
PY
