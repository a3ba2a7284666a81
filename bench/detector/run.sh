#!/bin/sh
# Overhead of the forksafe detector on a fork-heavy program.
#
#   bench/detector/run.sh [BUILD_DIR] [ITERATIONS] [THREADS]
#
# Builds fork_bench.c (ITERATIONS x fork + _exit + waitpid, default 2000)
# and times it with and without LD_PRELOAD=BUILD_DIR/lib/libforksafe-detect.so,
# once single-threaded and once with THREADS idle threads (default 4: every
# child is then armed by the detector).
#
# Timing: ROUNDS rounds (default 5); each round times both variants back to
# back, RUNS runs each (default 3) -- with hyperfine when installed (after
# one warm-up run), otherwise alternating runs timed with /usr/bin/time.
# Reported: the median time of each variant over all rounds, and the median
# of the per-round ratios detector/plain, which cancels most of the drift of
# a busy machine.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build}
iterations=${2:-2000}
threads=${3:-4}
rounds=${ROUNDS:-5}
runs=${RUNS:-3}
detector=$build/lib/libforksafe-detect.so
if [ ! -f "$detector" ]; then
  echo "no $detector: build it with cmake --build $build --target forksafe-detect" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
${CC:-cc} -O2 -o "$work/fork_bench" "$here/fork_bench.c" -lpthread
bench=$work/fork_bench

median() { sort -n | awk '{a[NR] = $1} END {print NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

# round T: prints "plain detector" (seconds, medians of RUNS runs each).
if command -v hyperfine >/dev/null 2>&1; then
  tool="hyperfine $(hyperfine --version | cut -d' ' -f2)"
  round() {
    hyperfine -N --style none --warmup 1 --runs "$runs" --export-csv "$work/h.csv" \
      "$bench $iterations $1" "env LD_PRELOAD=$detector $bench $iterations $1" >/dev/null 2>&1
    # command,mean,stddev,median,user,system,min,max
    awk -F, 'NR == 2 {p = $4} NR == 3 {d = $4} END {print p, d}' "$work/h.csv"
  }
elif [ -x /usr/bin/time ]; then
  tool="/usr/bin/time"
  round() {
    : >"$work/p"
    : >"$work/d"
    i=0
    while [ "$i" -lt "$runs" ]; do
      /usr/bin/time -f %e -a -o "$work/p" "$bench" "$iterations" "$1"
      /usr/bin/time -f %e -a -o "$work/d" env "LD_PRELOAD=$detector" "$bench" "$iterations" "$1"
      i=$((i + 1))
    done
    echo "$(median <"$work/p") $(median <"$work/d")"
  }
else
  echo "needs hyperfine or /usr/bin/time (Debian packages hyperfine, time)" >&2
  exit 1
fi

echo "forksafe detector overhead: $iterations x (fork + _exit + waitpid)"
echo "timing: $tool, $rounds rounds x $runs runs of each variant"
echo "machine: $(uname -srm), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-18s %12s %13s %8s %15s\n' "workload" "plain (ms)" "detector (ms)" "ratio" "extra/fork (us)"
for t in 0 "$threads"; do
  : >"$work/rounds"
  r=0
  while [ "$r" -lt "$rounds" ]; do
    round "$t" >>"$work/rounds"
    r=$((r + 1))
  done
  plain=$(awk '{print $1}' "$work/rounds" | median)
  detected=$(awk '{print $2}' "$work/rounds" | median)
  ratio=$(awk '{print $2 / $1}' "$work/rounds" | median)
  awk -v p="$plain" -v d="$detected" -v q="$ratio" -v t="$t" -v n="$iterations" 'BEGIN {
    label = t == 0 ? "single-threaded" : sprintf("%d idle threads", t)
    printf "%-18s %12.1f %13.1f %8.2f %15.1f\n", label, p * 1000, d * 1000, q, (q - 1) * p / n * 1e6
  }'
done
