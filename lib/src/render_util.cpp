#include "render_util.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "gate/json_writer.hpp"

namespace gate::render_detail {

std::string valid_utf8(std::string_view text) {
  if (std::all_of(text.begin(), text.end(), [](char c) { return (c & 0x80) == 0; }))
    return std::string(text);
  // One UTF-8 judge in the project: the JSON writer's. Its string literal holds the
  // repaired text, and nlohmann reads JSON escapes back exactly.
  std::string literal;
  append_json_string(literal, text);
  return nlohmann::json::parse(literal).get<std::string>();
}

}  // namespace gate::render_detail
