#include "value_checks.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "gate/error.hpp"
#include "gate/policy.hpp"
#include "gate/suggest.hpp"

namespace gate::cli {

CLI::Validator one_of(std::vector<std::string> values, std::vector<ValueAlias> aliases) {
  // No description: the option's help says what the values mean, and CLI11 would print
  // the list again beside the value name.
  return CLI::Validator(
      [values = std::move(values), aliases = std::move(aliases)](std::string& value) {
        if (std::find(values.begin(), values.end(), value) != values.end()) return std::string();
        for (const ValueAlias& a : aliases)
          if (a.alias == value) {
            value = a.value;
            return std::string();
          }
        return fmt::format("'{}' is not one of {}{}", quote_input(value), fmt::join(values, ", "),
                           did_you_mean(value, values));
      },
      "");
}

CLI::Validator rule_id() {
  return CLI::Validator(
      [](std::string& value) {
        if (std::find(known_rules().begin(), known_rules().end(), value) != known_rules().end())
          return std::string();
        return fmt::format("'{}' is not a rule id (rules are {}){}", quote_input(value),
                           fmt::join(known_rules(), ", "), did_you_mean(value, known_rules()));
      },
      "");
}

}  // namespace gate::cli
