#!/bin/sh
# bench/link/run.sh [FORKCHECK]: times forkcheck on the generated programs of
# gen.py (a chain of functions defined callee-after-caller in one file, and
# a chain across many files) at growing sizes, to show that the link's cost
# grows linearly. Prints size, wall and user seconds per program.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/../../build/bin/forkcheck}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
run() { # kind size
  python3 "$here/gen.py" "$1" "$work/$1-$2" "$2"
  /usr/bin/time -f "%e %U" -o "$work/t" "$bin" -p "$work/$1-$2" >/dev/null 2>&1 || true
  printf '%s %s: wall %s user %s\n' "$1" "$2" $(cat "$work/t" | tail -1)
}
for n in ${CHAIN_SIZES:-2000 8000 20000}; do run chain "$n"; done
for n in ${TU_SIZES:-200 2000}; do run tus "$n"; done
