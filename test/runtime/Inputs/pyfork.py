"""Driver of python-fork.test: argv[1] is the directory of pyfork_ext."""
import os
import sys
import threading
import time

sys.path.insert(0, sys.argv[1])
import pyfork_ext  # noqa: E402

events = []
os.register_at_fork(before=lambda: events.append("before"),
                    after_in_parent=lambda: events.append("after_in_parent"),
                    after_in_child=lambda: events.append("after_in_child"))

# Another Python thread runs (and competes for the GIL) during the fork.
stop = threading.Event()
spins = [0]


def spin():
    while not stop.is_set():
        spins[0] += 1
        sum(range(100))


spinner = threading.Thread(target=spin)
spinner.start()
while spins[0] == 0:
    time.sleep(0.001)


def in_child():
    # Python works in the child: PyOS_AfterFork_Child ran (the Python fork
    # hooks too), the spinner is gone, allocation and imports work.
    import json
    ok = (events == ["before", "after_in_child"]
          and threading.active_count() == 1
          and json.loads(json.dumps({"a": [1, 2]})) == {"a": [1, 2]})
    return sum(range(10)) - 3 if ok else 43  # 42 when everything is right


pid = pyfork_ext.fork_call(in_child)
code = pyfork_ext.wait(pid)
print("child exit code", code)
print("parent events", " ".join(events))
stop.set()
spinner.join()
print("spinner ran", spins[0] > 0)
# A second round: the interpreter is still healthy after the fork.
events.clear()
print("second child exit code", pyfork_ext.wait(pyfork_ext.fork_call(in_child)))
