# Thin wrapper around CMake for a fresh machine.
#   make demo    install what is missing, build, run mdfc on a bundled example
#   make test    install what is missing, build, run the whole test suite
#   make test-sanitize   the suite again under AddressSanitizer + UBSan
#   make test-matrix     the suite built with GCC and clang, Debug and Release
#   make test-tsan       the threads test under ThreadSanitizer (clang)
#   make install PREFIX=/usr/local
# WERROR=ON turns compiler warnings into errors (CI and developers).
BUILD ?= build
ASAN_BUILD ?= build-asan
TSAN_BUILD ?= build-tsan
PREFIX ?= /usr/local
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
DEMO ?= examples/quickstart/conv.mdf
WERROR ?= OFF
MATRIX_CC ?= gcc clang
MATRIX_TYPES ?= Debug Release
PACKAGES = flex bison libcunit1-dev cmake pkg-config gcc make libjansson-dev \
	libprotobuf-c-dev protobuf-c-compiler libonnx-dev python3-onnx

.PHONY: all deps build demo test test-sanitize test-matrix test-tsan install bench clean

all: build

deps:
	@sh scripts/deps.sh $(PACKAGES)

$(BUILD)/Makefile:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX=$(PREFIX) -DMDFC_WERROR=$(WERROR)

build: deps $(BUILD)/Makefile
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	./$(BUILD)/mdfc $(DEMO)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-sanitize: deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DMDFC_SANITIZE=ON -DMDFC_WERROR=$(WERROR)
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		ctest --output-on-failure -j $(JOBS)

test-tsan: deps
	CC=clang cmake -S . -B $(TSAN_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMDFC_SANITIZE_THREAD=ON \
		-DMDFC_WERROR=$(WERROR)
	cmake --build $(TSAN_BUILD) -j $(JOBS) --target test_threads
	cd $(TSAN_BUILD) && TSAN_OPTIONS=halt_on_error=1 ctest --output-on-failure -R '^unit\.threads$$'

# One build folder per compiler and build type: build-gcc-Debug, ...
test-matrix: deps
	@for cc in $(MATRIX_CC); do for t in $(MATRIX_TYPES); do \
		echo "== $$cc $$t"; start=$$(date +%s); \
		cmake -S . -B build-$$cc-$$t -DCMAKE_C_COMPILER=$$cc -DCMAKE_BUILD_TYPE=$$t \
			-DMDFC_WERROR=$(WERROR) > /dev/null && \
		cmake --build build-$$cc-$$t -j $(JOBS) > build-$$cc-$$t/build.log 2>&1 || { cat build-$$cc-$$t/build.log; exit 1; }; \
		(cd build-$$cc-$$t && ctest --output-on-failure -j $(JOBS)) || exit 1; \
		echo "== $$cc $$t: $$(( $$(date +%s) - start )) s"; \
	done; done

install: build
	cmake --install $(BUILD) --prefix $(PREFIX)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(TSAN_BUILD) build-gcc-* build-clang-*
