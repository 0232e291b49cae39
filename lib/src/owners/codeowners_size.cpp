// The bounds on a CODEOWNERS file checked before it is parsed: GitHub's 3 MB, and the
// gate's own line count, which bounds the memory of the compiled patterns.
#include <fmt/format.h>

#include <string>
#include <string_view>

#include "gate/codeowners.hpp"
#include "owners/line_text.hpp"

namespace gate {

std::size_t codeowners_line_count(std::string_view text) {
  return line_text::count_newlines(text) + (!text.empty() && text.back() != '\n');
}

std::string codeowners_size_problem(std::string_view text, std::string_view place) {
  return codeowners_size_problem(text, codeowners_line_count(text), place);
}

std::string codeowners_size_problem(std::string_view text, std::size_t lines,
                                    std::string_view place) {
  if (text.size() > max_codeowners_bytes)
    return fmt::format("{} is {} bytes, over the 3 MB GitHub reads", quote_input(place),
                       text.size());
  if (lines > max_codeowners_lines)
    return fmt::format("{} has {} lines, over the {} the gate reads", quote_input(place), lines,
                       max_codeowners_lines);
  return {};
}

}  // namespace gate
