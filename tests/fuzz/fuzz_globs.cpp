// The policy's one glob (`protected` refs, approver `rules`), differentially against a
// table-driven reference, and in time linear in pattern x text (40 stars used to hang).
// Input: pattern, NUL, text.
#include "gate/override.hpp"

#include "fuzz_support.hpp"

namespace {

// Reference: matches[i][j] = pattern[i..] matches text[j..]. Quadratic, so only on
// small inputs.
bool reference_matches(std::string_view pattern, std::string_view text) {
  std::vector<std::vector<char>> m(pattern.size() + 1, std::vector<char>(text.size() + 1, 0));
  m[pattern.size()][text.size()] = 1;
  for (std::size_t i = pattern.size(); i-- > 0;) {
    for (std::size_t j = text.size() + 1; j-- > 0;) {
      if (pattern[i] == '*')
        m[i][j] = m[i + 1][j] || (j < text.size() && m[i][j + 1]);
      else
        m[i][j] = j < text.size() && pattern[i] == text[j] && m[i + 1][j + 1];
    }
  }
  return m[0][0] != 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto fields = gate::fuzz::split_fields(gate::fuzz::as_text(data, size), 2);
  std::string_view pattern = fields[0];
  std::string_view text = fields.size() > 1 ? fields[1] : std::string_view();
  bool matched = gate::star_glob_matches(pattern, text);
  gate::fuzz::require(matched == gate::rule_pattern_matches(pattern, text),
                      "rule patterns are the policy glob");
  if (pattern.size() <= 256 && text.size() <= 256)
    gate::fuzz::require(matched == reference_matches(pattern, text),
                        "star_glob_matches agrees with the reference");
  return 0;
}
