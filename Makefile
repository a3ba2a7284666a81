# Two commands on a fresh Debian 12 machine: `make demo` and `make check`.
# Both install what is missing (as root), configure into build/ and build.
BUILD      ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
# SANITIZE=1: ASan+UBSan analyzer, UBSan runtime, in a build dir of its own.
ifeq ($(SANITIZE),1)
BUILD      := build-sanitize
CMAKE_ARGS += -DFORKCHECK_SANITIZE=ON
endif
# CI treats warnings as errors.
WERROR     := $(if $(CI),ON,OFF)

.PHONY: all deps configure build demo check clean install

all: build

deps:
	@sh scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) \
	  -DFORKCHECK_WERROR=$(WERROR) $(CMAKE_ARGS) >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

demo: build
	@sh examples/demo.sh $(BUILD)

check: build
	@cmake --build $(BUILD) --target check

install: build
	@cmake --install $(BUILD)

clean:
	rm -rf $(BUILD)
