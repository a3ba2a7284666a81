#!/bin/sh
# Gathers the source target's seeds into DIR: the rule tests named in
# source-seeds.txt (read where they are, so the seeds follow the tests)
# and whatever fuzz/corpus/source holds (shapes no test keeps, regressions).
#   usage: source-seeds.sh DIR
set -eu
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$1"
while read -r test; do
  case $test in ''|'#'*) continue ;; esac
  cp "$here/../test/rules/$test" "$1/$(echo "$test" | tr / -)"
done < "$here/source-seeds.txt"
cp "$here"/corpus/source/* "$1/"
