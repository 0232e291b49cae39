#pragma once
// Helpers for the policy loader's tests: positions computed from the test's own input,
// and the diagnostics of input that must be refused.

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include "gate/policy.hpp"

namespace gate::test::policy {

using gate::ConfigError;
using gate::Diagnostic;
using gate::parse_policy;
using gate::Policy;
using gate::RuleSeverity;

struct Position {
  int line = 0;
  int column = 0;
};

// 1-based line and column (bytes; the inputs are ASCII) of the `nth` occurrence of
// `needle` in `text`.
inline Position position_of(std::string_view text, std::string_view needle, int nth = 0) {
  std::size_t at = text.find(needle);
  for (; nth > 0 && at != std::string_view::npos; --nth) at = text.find(needle, at + 1);
  REQUIRE_MESSAGE(at != std::string_view::npos, "test input lacks: " << needle);
  Position p{1, 1};
  for (std::size_t i = 0; i < at; ++i) {
    if (text[i] == '\n') {
      ++p.line;
      p.column = 1;
    } else {
      ++p.column;
    }
  }
  return p;
}

// The diagnostics of input that must be refused.
inline std::vector<Diagnostic> errors_of(std::string_view text) {
  try {
    parse_policy(text, "policy.toml");
  } catch (const ConfigError& e) {
    REQUIRE_FALSE(e.diagnostics().empty());
    return e.diagnostics();
  }
  FAIL("parse_policy accepted input that must be refused:\n" << text);
  return {};
}

// Asserts there is a diagnostic at `where` whose message contains `message`.
inline void expect_error(const std::vector<Diagnostic>& diagnostics, Position where,
                         std::string_view message) {
  for (const Diagnostic& d : diagnostics) {
    if (d.where.line == where.line && d.where.column == where.column &&
        d.message.find(message) != std::string::npos) {
      CHECK(d.where.file == "policy.toml");
      return;
    }
  }
  std::string got;
  for (const Diagnostic& d : diagnostics)
    got += "  " + d.where.to_string() + ": " + d.message + "\n";
  FAIL_CHECK("no diagnostic at " << where.line << ":" << where.column << " containing '" << message
                                 << "'; got:\n"
                                 << got);
}

// Asserts exactly one diagnostic, at the first occurrence of `needle`.
inline void expect_single_error(std::string_view text, std::string_view needle,
                                std::string_view message) {
  auto diagnostics = errors_of(text);
  CHECK(diagnostics.size() == 1);
  expect_error(diagnostics, position_of(text, needle), message);
}

}  // namespace gate::test::policy
