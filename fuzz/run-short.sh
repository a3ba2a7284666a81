#!/bin/sh
# A short libFuzzer run for the test suite (test/fuzz/*.test):
#   run-short.sh TARGET WORKDIR RUNS [CORPUS-DIR...]
# Runs TARGET for a fixed number of inputs (RUNS) from a fixed seed, so every
# machine, loaded or not, tries the same inputs in the same order; its files
# go under WORKDIR/tmp, never into a directory other tests share.  The log is
# WORKDIR/log.  When the fuzzer fails, the reason comes first on stdout (the
# sanitizer's or libFuzzer's error line, the input in base64), then the log's
# end, and the status is the fuzzer's.
target=$1 work=$2 runs=$3
shift 3
mkdir -p "$work/tmp" "$work/new" || exit 2
TMPDIR="$work/tmp" "$target" "$work/new" "$@" -seed=1 -runs="$runs" \
  -max_total_time=300 -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$work/" 2>"$work/log"
rc=$?
if [ "$rc" -ne 0 ]; then
  echo "fuzzer $(basename "$target") failed (exit $rc):"
  grep -E '==ERROR|^SUMMARY|deadly signal|ALARM|out-of-memory|Test unit written|^Base64' "$work/log" | head -n 12
  echo "--- end of $work/log:"
  tail -n 30 "$work/log"
fi
exit "$rc"
