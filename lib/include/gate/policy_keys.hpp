#pragma once
/// Every key `policy.toml` accepts: the parser's whitelist, the source of "did you mean"
/// and of docs/policy.md's key table (docs_policy_test checks both ways).

#include <span>
#include <string_view>
#include <vector>

namespace gate {

/// One key of one table of `policy.toml`.
struct PolicyKey {
  std::string_view table;  ///< as its header is written: "" (top level), "[size]", "[[freeze]]"
  std::string_view key;    ///< the key; "<rule id>" style names stand for any key
  std::string_view type;   ///< e.g. "string", "integer", "array of strings"
  std::string_view default_value;  ///< "required", "none", or the value assumed when absent
  std::string_view example;        ///< a TOML value the parser accepts for this key
  std::string_view summary;        ///< one line, for docs and `lint`
};

/// All keys, grouped by table in the order docs/policy.md lists them.
std::span<const PolicyKey> policy_keys();

/// The fixed key names of `table` (placeholders left out), for suggestions.
std::vector<std::string_view> policy_keys_of(std::string_view table);

/// True when `table` accepts `key`: it is listed, or the table takes any key (`[rules]`,
/// `[owners.teams]`, `[owners.people]`).
bool is_policy_key(std::string_view table, std::string_view key);

}  // namespace gate
