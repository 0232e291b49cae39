#pragma once
// Checks of option values that CLI11 runs while parsing, so a bad value is an argument
// error like any other ("git-gate check: --format: ...", exit 2), and a typo gets
// "did you mean".

#include <CLI/CLI.hpp>
#include <string>
#include <utility>
#include <vector>

namespace gate::cli {

/// Another spelling of a value, e.g. audit's `table` for `text`.
struct ValueAlias {
  std::string alias;
  std::string value;
};

/// Accepts one of `values`; an alias is accepted and replaced by the value it stands for.
/// Anything else is refused with the list and the closest value.
CLI::Validator one_of(std::vector<std::string> values, std::vector<ValueAlias> aliases = {});

/// Accepts a rule id of the rule table (gate/rule_table.hpp), with "did you mean".
CLI::Validator rule_id();

}  // namespace gate::cli
