#!/bin/sh
# bench/link/run.sh [FORKCHECK]: times forkcheck on the generated programs of
# gen.py (a chain of functions defined callee-after-caller in one file, and
# a chain across many files) at growing sizes, to show that the link's cost
# grows linearly. Prints size, then wall and user seconds of the whole run
# (parse, link, output) and of the link and output alone (the summaries the
# whole run wrote, linked again without parsing).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/../../build/bin/forkcheck}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
run() { # kind size
  python3 "$here/gen.py" "$1" "$work/$1-$2" "$2"
  mkdir "$work/s-$1-$2"
  /usr/bin/time -f "%e %U" -o "$work/t" "$bin" --no-cache --emit-summaries="$work/s-$1-$2" \
    -p "$work/$1-$2" >/dev/null 2>&1 || true
  /usr/bin/time -f "%e %U" -o "$work/l" "$bin" "$work/s-$1-$2"/*.fcs >/dev/null 2>&1 || true
  printf '%s %s: wall %s user %s; link alone: wall %s user %s\n' "$1" "$2" \
    $(tail -1 "$work/t") $(tail -1 "$work/l")
}
for n in ${CHAIN_SIZES:-2000 8000 20000}; do run chain "$n"; done
for n in ${TU_SIZES:-200 2000}; do run tus "$n"; done
