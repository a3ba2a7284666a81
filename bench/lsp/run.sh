#!/bin/sh
# Language server latency on a generated program: see bench/lsp/README.md.
# usage: bench/lsp/run.sh [UNITS] [ROUNDS]   env: FORKCHECK (default build/bin/forkcheck)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
forkcheck=${FORKCHECK:-$root/build/bin/forkcheck}
[ -x "$forkcheck" ] || { echo "build forkcheck first (make)" >&2; exit 2; }
exec python3 "$root/bench/lsp/bench.py" "$forkcheck" "${1:-150}" "${2:-20}"
