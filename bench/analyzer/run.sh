#!/bin/sh
# Speed and memory of forkcheck beside its peers, on the same compile
# database, the same machine and the same number of parallel jobs:
#   clang-tidy 19, bugprone-signal-handler (async-signal-safety of calls in
#     signal handlers: the closest syntactic peer);
#   the Clang static analyzer 19, unix.Vfork (through clang-tidy);
#   GCC's -fanalyzer (GCC 12 on Debian 12).
# Each tool runs RUNS times; the median wall time and the peak resident set
# (of the largest process) are reported, with ratios to forkcheck.
#
# usage: bench/analyzer/run.sh [BUILD_DIR]
#   BUILD_DIR holds compile_commands.json; without it a synthetic program of
#   $UNITS translation units is generated (bench/analyzer/gen-project.py).
# env: JOBS (default: cores), RUNS (default 3), UNITS (default 300),
#      FORKCHECK (default build/bin/forkcheck)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
jobs=${JOBS:-$(nproc)}
runs=${RUNS:-3}
forkcheck=${FORKCHECK:-$root/build/bin/forkcheck}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ $# -ge 1 ]; then
  db=$(cd "$1" && pwd)
else
  db=$work/project
  python3 "$here/gen-project.py" "$db" "${UNITS:-300}" >/dev/null
fi
[ -f "$db/compile_commands.json" ] || { echo "no $db/compile_commands.json" >&2; exit 2; }
[ -x "$forkcheck" ] || { echo "build forkcheck first (make)" >&2; exit 2; }
for tool in clang-tidy-19 run-clang-tidy-19 gcc; do
  command -v $tool >/dev/null || { echo "missing $tool: apt-get install clang-tidy-19 gcc" >&2; exit 2; }
done

files=$(python3 -c 'import json,sys; print("\n".join(sorted({e["file"] if e["file"].startswith("/") else e["directory"]+"/"+e["file"] for e in json.load(open(sys.argv[1]))})))' "$db/compile_commands.json")
nfiles=$(echo "$files" | wc -l)

# gcc -fanalyzer needs each entry's own arguments: a script per entry.
python3 - "$db/compile_commands.json" "$work/gcc" <<'PY'
import json, os, shlex, sys
db, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
for i, e in enumerate(json.load(open(db))):
    args = e.get("arguments") or shlex.split(e["command"])
    keep, skip = [], False
    for a in args[1:]:
        if skip:
            skip = False
            continue
        if a == "-o":
            skip = True
            continue
        if a in ("-c",) or a.startswith("-W"):
            continue
        keep.append(a)
    cmd = ["gcc", "-fanalyzer", "-w", "-c", "-o", "/dev/null"] + keep
    with open(f"{out}/{i:05d}.sh", "w") as f:
        f.write("cd " + shlex.quote(e["directory"]) + " && " + shlex.join(cmd) + "\n")
PY

# A run that fails is no measurement: stop, showing the tool's output.
measure() { # name, exit statuses that mean success, command...
  name=$1 ok=$2
  shift 2
  for r in $(seq "$runs"); do
    status=0
    /usr/bin/time -f "%e %M" -o "$work/time.$name.$r" sh -c "$*" >"$work/out.$name" 2>&1 ||
      status=$?
    case " $ok " in
      *" $status "*) ;;
      *) echo "$name failed (exit status $status):" >&2
         tail -n 20 "$work/out.$name" >&2
         exit 1 ;;
    esac
  done
  python3 - "$name" "$work" "$runs" >>"$work/results" <<'PY'
import statistics, sys
name, work, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
t, m = [], []
for r in range(1, runs + 1):
    e, k = open(f"{work}/time.{name}.{r}").read().split()[-2:]
    t.append(float(e)); m.append(int(k))
print(name, statistics.median(t), max(m))
PY
}

# forkcheck exits 1 when it reports findings.
measure forkcheck "0 1" "'$forkcheck' -p '$db' -j $jobs -o /dev/null"
measure clang-tidy-signal-handler 0 \
  "run-clang-tidy-19 -quiet -p '$db' -j $jobs -checks='-*,bugprone-signal-handler' $(echo "$files" | tr '\n' ' ')"
measure clang-analyzer-vfork 0 \
  "run-clang-tidy-19 -quiet -p '$db' -j $jobs -checks='-*,clang-analyzer-unix.Vfork' $(echo "$files" | tr '\n' ' ')"
measure gcc-fanalyzer 0 "ls '$work'/gcc/*.sh | xargs -P $jobs -n 1 sh"

echo "$nfiles files, $jobs jobs, median of $runs runs ($(uname -m), $(nproc) cores)"
python3 - "$work/results" <<'PY'
import sys
rows = [l.split() for l in open(sys.argv[1])]
base_t, base_m = float(rows[0][1]), int(rows[0][2])
print(f"{'tool':28} {'wall s':>8} {'x forkcheck':>12} {'peak RSS MiB':>13} {'x forkcheck':>12}")
for name, t, m in rows:
    t, m = float(t), int(m)
    print(f"{name:28} {t:8.2f} {t / base_t:12.2f} {m / 1024:13.1f} {m / base_m:12.2f}")
PY
