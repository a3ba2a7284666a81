#!/bin/sh
# usage: sh examples/demo.sh BUILD_DIR
#
# Builds the example program in examples/ (a small multithreaded job runner
# with fork bugs on purpose, see examples/README.md) and runs forkcheck, from
# the forkcheck build directory BUILD_DIR, on its compilation database.
#
# Exits 0 whether or not forkcheck reports findings (it exits 1 when it does);
# exits non-zero if the example does not configure or build, if forkcheck is
# missing, or if forkcheck fails (exit status 2) or crashes.
set -u

BUILD_DIR=${1:-build}
case $BUILD_DIR in
  /*) ;;
  *) BUILD_DIR=$(pwd)/$BUILD_DIR ;;
esac
FORKCHECK=$BUILD_DIR/bin/forkcheck

cd "$(dirname "$0")/.." || exit 1
log=examples/build/demo-build.log
mkdir -p examples/build || exit 1

echo "demo: building examples/ (jobrunner) into examples/build"
if ! cmake -S examples -B examples/build -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >"$log" 2>&1; then
  cat "$log" >&2
  echo "demo: configuring examples/ failed" >&2
  exit 1
fi
if ! cmake --build examples/build >>"$log" 2>&1; then
  cat "$log" >&2
  echo "demo: building examples/ failed" >&2
  exit 1
fi
if [ ! -f examples/build/compile_commands.json ]; then
  echo "demo: examples/build/compile_commands.json was not written" >&2
  exit 1
fi
if [ ! -x "$FORKCHECK" ]; then
  echo "demo: $FORKCHECK not found: build forkcheck first (make build)" >&2
  exit 1
fi

echo "demo: $FORKCHECK -p examples/build"
echo
"$FORKCHECK" -p examples/build
rc=$?
echo
case $rc in
  0) echo "demo: forkcheck found nothing (expected findings: examples/README.md)" ;;
  1) echo "demo: forkcheck reported findings (compare with examples/README.md)" ;;
  *)
    if [ "$rc" -gt 128 ]; then
      echo "demo: forkcheck crashed (killed by signal $((rc - 128)))" >&2
    else
      echo "demo: forkcheck failed (exit status $rc)" >&2
    fi
    exit "$rc"
    ;;
esac
exit 0
