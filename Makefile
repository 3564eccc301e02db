# Thin wrapper around CMake for a fresh machine.
#   make demo    install what is missing, build, run mdfc on a bundled example
#   make test    install what is missing, build, run the whole test suite
#   make test-sanitize   the suite again under AddressSanitizer + UBSan
#   make install PREFIX=/usr/local
BUILD ?= build
ASAN_BUILD ?= build-asan
PREFIX ?= /usr/local
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
DEMO ?= examples/quickstart/conv.mdf
PACKAGES = flex bison libcunit1-dev cmake pkg-config gcc make

.PHONY: all deps build demo test test-sanitize install bench clean

all: build

deps:
	@sh scripts/deps.sh $(PACKAGES)

$(BUILD)/Makefile:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX=$(PREFIX)

build: deps $(BUILD)/Makefile
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	./$(BUILD)/mdfc $(DEMO)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-sanitize: deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DMDFC_SANITIZE=ON
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		ctest --output-on-failure -j $(JOBS)

install: build
	cmake --install $(BUILD) --prefix $(PREFIX)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
