"""detect-smoke.test: subprocess.run while a second thread is alive."""
import subprocess
import threading

release = threading.Event()
worker = threading.Thread(target=release.wait)
worker.start()
print("threads", threading.active_count())
out = subprocess.run(["echo", "three"], capture_output=True, text=True).stdout.strip()
release.set()
worker.join()
print(out)
