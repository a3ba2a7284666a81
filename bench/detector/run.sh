#!/bin/sh
# Overhead of the forksafe detector on a fork-heavy program.
#
#   bench/detector/run.sh [BUILD_DIR] [ITERATIONS] [THREADS]
#
# Builds fork_bench.c (ITERATIONS fork + _exit + waitpid, default 2000) and
# times it with and without LD_PRELOAD=BUILD_DIR/lib/libforksafe-detect.so,
# once single-threaded and once with THREADS idle threads (default 4; every
# child is then armed by the detector).  Uses hyperfine when installed,
# otherwise repeated runs timed with /usr/bin/time (median of RUNS, default
# 7).  Prints the median times and the overhead ratio detector/plain.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build}
iterations=${2:-2000}
threads=${3:-4}
runs=${RUNS:-7}
detector=$build/lib/libforksafe-detect.so
if [ ! -f "$detector" ]; then
  echo "no $detector: build it with cmake --build $build --target forksafe-detect" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
${CC:-cc} -O2 -o "$work/fork_bench" "$here/fork_bench.c" -lpthread
bench=$work/fork_bench

# seconds CMD...: prints the median wall time of the runs (medians resist
# the outliers of a busy machine better than means).
if command -v hyperfine >/dev/null 2>&1; then
  tool="hyperfine $(hyperfine --version | cut -d' ' -f2), median of $runs runs after 2 warm-up runs"
  seconds() {
    hyperfine -N --style none --warmup 2 --runs "$runs" --export-csv "$work/h.csv" \
      "$*" >/dev/null 2>&1
    # command,mean,stddev,median,user,system,min,max
    sed -n 2p "$work/h.csv" | awk -F, '{print $4}'
  }
elif [ -x /usr/bin/time ]; then
  tool="/usr/bin/time, median of $runs runs"
  seconds() {
    i=0
    : >"$work/times"
    while [ "$i" -lt "$runs" ]; do
      /usr/bin/time -f %e -o "$work/t" "$@"
      cat "$work/t" >>"$work/times"
      i=$((i + 1))
    done
    sort -n "$work/times" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
  }
else
  echo "needs hyperfine or /usr/bin/time (Debian packages hyperfine, time)" >&2
  exit 1
fi

echo "forksafe detector overhead: $iterations x (fork + _exit + waitpid), $tool"
echo "machine: $(uname -srm), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-22s %12s %12s %10s %14s\n' "workload" "plain (ms)" "detector(ms)" "ratio" "extra/fork(us)"
for t in 0 "$threads"; do
  plain=$(seconds "$bench" "$iterations" "$t")
  detected=$(seconds env "LD_PRELOAD=$detector" "$bench" "$iterations" "$t")
  awk -v p="$plain" -v d="$detected" -v t="$t" -v n="$iterations" 'BEGIN {
    label = t == 0 ? "single-threaded" : sprintf("%d idle threads", t)
    printf "%-22s %12.1f %12.1f %10.2f %14.1f\n", label, p * 1000, d * 1000, d / p, (d - p) / n * 1e6
  }'
done
