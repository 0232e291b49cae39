#include "ci/json_input.hpp"

#include <fmt/format.h>

#include "gate/error.hpp"

namespace gate {

nlohmann::json parse_json_input(std::string_view text, std::string_view source) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte is 1-based and points just past the offending character.
    std::size_t at = e.byte > 0 ? std::min<std::size_t>(e.byte - 1, text.size()) : 0;
    SourceLocation where{std::string(source), 1, 1};
    for (std::size_t i = 0; i < at; ++i) {
      if (text[i] == '\n') {
        ++where.line;
        where.column = 1;
      } else {
        ++where.column;
      }
    }
    std::string what = e.what();
    // nlohmann's text repeats the position as "[json.exception.parse_error.101] parse
    // error at line 1, column 2: ..."; keep only the reason.
    std::size_t colon = what.find(": ");
    throw ConfigError(where,
                      "not valid JSON: " +
                          quote_input(colon == std::string::npos ? what : what.substr(colon + 2)));
  } catch (const nlohmann::json::exception& e) {
    // Not a syntax error but still a refusal, e.g. out_of_range.406 for a number too
    // large for a double (`1e999`): no position is known.
    throw ConfigError({std::string(source), 0, 0}, "not usable JSON: " + quote_input(e.what()));
  }
}

namespace {

// "/pull_request/base/sha" -> "pull_request.base.sha", as people write it.
std::string dotted(std::string_view pointer) {
  std::string out(pointer.substr(1));
  for (char& c : out)
    if (c == '/') c = '.';
  return out;
}

}  // namespace

std::optional<std::string> optional_string(const nlohmann::json& doc, std::string_view pointer,
                                           std::string_view source) {
  // The pointers used here are plain member paths; walking them by hand avoids
  // nlohmann's exceptions for a path that runs through a non-object.
  const nlohmann::json* node = &doc;
  for (std::size_t pos = 1; pos <= pointer.size();) {
    std::size_t end = std::min(pointer.find('/', pos), pointer.size());
    if (!node->is_object()) return std::nullopt;
    auto it = node->find(std::string(pointer.substr(pos, end - pos)));
    if (it == node->end()) return std::nullopt;
    node = &*it;
    pos = end + 1;
  }
  if (node->is_null()) return std::nullopt;
  if (!node->is_string())
    throw UsageError(fmt::format("{}: {} should be a string, not {}", source, dotted(pointer),
                                 node->type_name()));
  return node->get<std::string>();
}

std::string required_string(const nlohmann::json& doc, std::string_view pointer,
                            std::string_view source) {
  std::optional<std::string> value = optional_string(doc, pointer, source);
  if (!value || value->empty())
    throw UsageError(fmt::format("{}: {} is missing", source, dotted(pointer)));
  return *value;
}

}  // namespace gate
