"""Runs a forkdemo module's run_in_child() while another Python thread runs.

usage: demo.py [--timeout SECONDS] MODULE_DIR MODULE [RUNS]

Each run forks a child that calls back into Python -- it imports json,
checks that it is the only thread left, and returns 42 (43 if it is not
alone) -- and exits with what it returned; the parent prints the exit code.
A spinner thread competes for the GIL the whole time, as a real program's
threads would.

forkdemo_fixed and forkdemo_forksafe print 42 every time. forkdemo_broken
prints 43 (the interpreter in the child still counts the spinner), or never
finishes: the child waits for a GIL that the spinner held at the fork. With
--timeout, the demo runs in its own process group and kills all of it
(children included) when it has not finished in time.
"""
import importlib
import os
import signal
import subprocess
import sys
import threading
import time


def supervise(seconds, argv):
    proc = subprocess.Popen([sys.executable, __file__] + argv, start_new_session=True)
    try:
        return proc.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        print("%s: no answer after %g s: killed (a child hangs)" % (argv[1], seconds),
              flush=True)
        return 1


def in_child():
    import json
    alone = threading.active_count() == 1
    ok = json.loads(json.dumps({"answer": 42}))["answer"] == 42
    return 42 if alone and ok else 43


def main(argv):
    if argv[:1] == ["--timeout"]:
        return supervise(float(argv[1]), argv[2:])
    module_dir, name = argv[0], argv[1]
    runs = int(argv[2]) if len(argv) > 2 else 3
    sys.path.insert(0, module_dir)
    demo = importlib.import_module(name)

    stop = threading.Event()
    spins = [0]

    def spin():
        while not stop.is_set():
            spins[0] += 1
            sum(range(100))

    spinner = threading.Thread(target=spin, daemon=True)
    spinner.start()
    while spins[0] == 0:
        time.sleep(0.001)
    for i in range(runs):
        print("%s: run %d: child exit code %d" % (name, i + 1, demo.run_in_child(in_child)),
              flush=True)
    stop.set()
    spinner.join()
    print("%s: spinner ran: %s" % (name, spins[0] > 0), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
