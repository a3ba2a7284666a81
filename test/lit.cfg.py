# lit configuration for forkcheck.
import os
import lit.formats

config.name = "forkcheck"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".c", ".test", ".cpp"]
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "run-lit.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.forkcheck_obj_root, "test")

bindir = os.path.join(config.forkcheck_obj_root, "bin")
libdir = os.path.join(config.forkcheck_obj_root, "lib")
config.environment["PATH"] = os.pathsep.join(
    [bindir, os.path.join(config.llvm_root, "bin"), config.environment.get("PATH", "/usr/bin:/bin")])
for var in ("HOME", "TMPDIR", "LANG"):
    if var in os.environ:
        config.environment[var] = os.environ[var]

config.substitutions.append(("%forkcheck", os.path.join(bindir, "forkcheck")))
config.substitutions.append(("%unit", os.path.join(bindir, "forkcheck-unit")))
config.substitutions.append(("%FileCheck", config.filecheck))
config.substitutions.append(("%split-file", config.split_file))
config.substitutions.append(("%python3", config.python3))
config.substitutions.append(("%clang", config.clang))
config.substitutions.append(("%cc", config.cc))
config.substitutions.append(("%cmake", config.cmake))
config.substitutions.append(("%sarif-multitool", config.sarif_multitool))
config.substitutions.append(("%srcroot", config.forkcheck_src_root))
config.substitutions.append(("%objroot", config.forkcheck_obj_root))
config.substitutions.append(("%libdir", libdir))
import subprocess
python_include = subprocess.check_output(
    [config.python3, "-c", "import sysconfig; print(sysconfig.get_paths()['include'])"],
    text=True).strip()
config.substitutions.append(("%python_include", python_include))
config.substitutions.append(("%expect-exit", config.python3 + " " +
                             os.path.join(config.forkcheck_src_root, "test", "Inputs", "expect-exit.py")))
config.substitutions.append(("%mkcdb", config.python3 + " " +
                             os.path.join(config.forkcheck_src_root, "test", "Inputs", "mkcdb.py")))
# Every test has a time limit (lit enforces it with python3-psutil).
lit_config.maxIndividualTestTime = 300
