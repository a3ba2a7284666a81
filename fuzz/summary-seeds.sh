#!/bin/sh
# Writes a summary (.fcs) and a cache entry (.fcc: the cache's header, then
# the summary) of each seed source of the source target into DIR, with the
# given forkcheck: the summary target's seeds, always in the current format.
#   usage: summary-seeds.sh FORKCHECK DIR
set -eu
mkdir -p "$2"
forkcheck=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
out=$(cd "$2" && pwd)
sources=$(mktemp -d)
trap 'rm -rf "$sources"' EXIT
sh "$(dirname "$0")/source-seeds.sh" "$sources"
cd "$sources"
for f in *.c; do
  "$forkcheck" --disable=all --emit-summaries="$out" --cache-dir="$sources/.cache" "$f" \
    -- -pthread >/dev/null
done
cp "$sources"/.cache/*.fcc "$out"
