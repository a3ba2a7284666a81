#!/bin/sh
# A stand-in forkcheck for bench-run.test: writes a different -o file each
# run (the last argument), with findings (exit 1).
for a; do out=$a; done
date +%N > "$out"
exit 1
