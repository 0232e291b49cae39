# Thin wrapper over CMake presets. `make run` and `make test` work on a fresh Debian machine.
PACKAGES := build-essential cmake ninja-build pkg-config git openssh-client tzdata \
            libgit2-dev libical-dev libtomlplusplus-dev libhowardhinnant-date-dev libfmt-dev \
            doctest-dev nlohmann-json3-dev libcli11-dev python3-jsonschema \
            clang-format-14 clang-14 libclang-rt-14-dev man-db pre-commit
JOBS ?= $(shell nproc)
FUZZ_SECONDS ?= 60
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PREFIX ?= /usr/local

.PHONY: all deps build release install fuzz-build run test fuzz bench clean

all: build

deps:
	@missing=$$(for p in $(PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing:" $$missing; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

build: deps
	cmake --preset dev -G Ninja
	cmake --build --preset dev -j $(JOBS)

# The programs and libgate alone, as packagers and CI recipes build them: Release, no
# tests, no -Werror (preset `release`, in build/release).
release:
	cmake --preset release -G Ninja
	cmake --build --preset release -j $(JOBS)

# `make install PREFIX=/usr DESTDIR=/tmp/stage` stages a package's tree. `cpack -G DEB`
# in build/release makes the Debian package (docs/library.md).
install: release
	DESTDIR="$(DESTDIR)" cmake --install build/release --prefix "$(PREFIX)"

run: build
	./build/dev/cli/git-gate check --base HEAD~1 --head HEAD --ref refs/heads/main || \
	  [ $$? -eq 1 ] # a blocked verdict is a result, not a failure of `make run`

# The sanitizer build is clang's, so that the same objects serve the libFuzzer targets.
fuzz-build: deps
	cmake --preset fuzz -G Ninja
	cmake --build --preset fuzz -j $(JOBS)

# The whole suite twice: GCC (dev), then clang with ASan + UBSan, which also fuzzes each
# parser for 10 s (the fuzz.* tests).
test: build fuzz-build
	ctest --preset dev -j $(JOBS)
	ctest --preset fuzz -j $(JOBS)

# Each libFuzzer target for FUZZ_SECONDS (default 60); findings land in
# build/fuzz/tests/fuzz/artifacts/.
fuzz: fuzz-build
	FUZZ_SECONDS=$(FUZZ_SECONDS) ctest --preset fuzz -L fuzz -j $(JOBS)

bench: build
	./build/dev/tests/bench/bench_owners
	./build/dev/tests/bench/bench_windows
	./build/dev/tests/bench/bench_diff
	./build/dev/tests/bench/bench_hook
	./build/dev/tests/bench/bench_wide
	./build/dev/tests/bench/bench_explain

clean:
	rm -rf build
