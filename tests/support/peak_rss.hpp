#pragma once
/// Peak resident memory of a program the tests run, for the bounded-memory tests.

#include <string>
#include <vector>

#include "support.hpp"

namespace gate::test {

/// True in the sanitizer build: ASan's shadow memory and quarantine belong to the tool, not
/// to the program, so memory bounds are checked (and large inputs run) in the other builds.
// GCC defines __SANITIZE_ADDRESS__; clang answers __has_feature instead.
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GATE_TEST_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(GATE_TEST_ASAN)
inline constexpr bool sanitized_build = true;
#else
inline constexpr bool sanitized_build = false;
#endif

/// What `run` gives, and the program's peak resident set size in KiB.
struct MeasuredRun {
  RunResult result;
  long peak_kib = -1;
};

/// Runs `argv` as `run` does and measures its peak RSS: with `/usr/bin/time -f %M` when
/// installed, else the largest `ru_maxrss` of this process's waited-for children (an upper
/// bound: it counts the git commands run before too, which stay far smaller).
MeasuredRun run_measured(const std::vector<std::string>& argv, const RunOptions& options = {});

}  // namespace gate::test
