#!/usr/bin/env bash
# Benchmark (not a test): `jplan normalize` against Python neologdn.normalize on the same text.
#
#   pip install neologdn          # for the comparison only; never a dependency of jplan
#   cargo build --release
#   benches/normalize.sh [MIN_MB]
#
# Builds a text of at least MIN_MB megabytes (default 5) from the five seeds repeated, then
# measures, pinned to one core (taskset -c 0) and as the best of 5 runs:
#   - target/release/jplan normalize FILE > /dev/null   (the whole process: read, decode,
#     normalize (text only: `jplan normalize` builds no offset map), write)
#   - neologdn.normalize on every line of the same text (in-process; reading not counted)
# Throughput is input MB (10^6 bytes) per second, by wall-clock time and by CPU time
# (user + system; the fair figure on a machine shared with other jobs).
set -euo pipefail
cd "$(dirname "$0")/.."
MIN_MB="${1:-5}"
BIN="${JPLAN:-target/release/jplan}"
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
echo "input: $BYTES bytes ($(python3 -c "print(round($BYTES/1e6,2))") MB), the five seeds repeated; $(nproc) cores, pinned to one"
python3 - "$BIN" "$INPUT" "$BYTES" "$PIN" <<'PY'
import os, resource, subprocess, sys, time
binary, path, nbytes, pin = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4].split()
wall = cpu = float("inf")
for _ in range(5):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(pin + [binary, "normalize", path], check=True, stdout=subprocess.DEVNULL)
    wall = min(wall, time.perf_counter() - t)
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = min(cpu, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime))
print(f"jplan normalize:     wall {wall:7.3f} s {nbytes / wall / 1e6:7.1f} MB/s   cpu {cpu:7.3f} s {nbytes / cpu / 1e6:7.1f} MB/s")
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
wall = cpu = float("inf")
for _ in range(5):
    t, c = time.perf_counter(), time.process_time()
    for line in lines:
        neologdn.normalize(line)
    wall = min(wall, time.perf_counter() - t)
    cpu = min(cpu, time.process_time() - c)
print(f"neologdn.normalize:  wall {wall:7.3f} s {nbytes / wall / 1e6:7.1f} MB/s   cpu {cpu:7.3f} s {nbytes / cpu / 1e6:7.1f} MB/s")
PY
