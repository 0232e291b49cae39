#pragma once
// Reading JSON that users and CI systems hand to the gate (event payloads, reviews):
// a syntax error names file:line:col, a missing field names its JSON pointer.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace gate {

/// Parses `text`; throws ConfigError at `source`:line:col when it is not JSON.
nlohmann::json parse_json_input(std::string_view text, std::string_view source);

/// The string at `pointer` (e.g. "/pull_request/base/sha"); nullopt when absent or null.
/// Throws UsageError naming `source` and the field when it has another type.
std::optional<std::string> optional_string(const nlohmann::json& doc, std::string_view pointer,
                                           std::string_view source);

/// As optional_string, but throws UsageError when the field is absent.
std::string required_string(const nlohmann::json& doc, std::string_view pointer,
                            std::string_view source);

}  // namespace gate
