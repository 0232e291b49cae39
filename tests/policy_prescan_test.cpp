// The policy loader refuses hostile input before toml++ sees it: a change must not be able
// to crash or stall the gate that judges it with the policy.toml it brings.
#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include "gate/policy.hpp"
#include "policy_helpers.hpp"

using namespace gate::test::policy;

namespace {

// True when the text got past the pre-scan and parsed as TOML: the only errors left
// are the schema's, about the made-up [table] it does not know.
bool passes_prescan(const std::string& text) {
  for (const auto& d : errors_of(text))
    if (d.message != "unknown key 'table'") return false;
  return true;
}

}  // namespace

TEST_CASE("hostile input is refused before parsing") {
  SUBCASE("oversized") {
    std::string text = "version = 1\n# " + std::string(gate::max_policy_bytes, 'x') + "\n";
    auto diagnostics = errors_of(text);
    REQUIRE(diagnostics.size() == 1);
    CHECK(diagnostics[0].message.find(std::to_string(text.size()) + " bytes") != std::string::npos);
  }
  SUBCASE("NUL byte") {
    const std::string text = std::string("version = 1\nx = \"a") + '\0' + "b\"\n";
    expect_single_error(text, std::string_view("\0", 1), "NUL byte");
  }
  SUBCASE("a 50,000-segment dotted key") {
    std::string key = "a";
    for (int i = 0; i < 49'999; ++i) key += ".a";
    const std::string text = "version = 1\n" + key + " = 1\n";
    expect_single_error(text, key, "more than 32 dotted segments");
  }
  SUBCASE("a 50,000-segment table header and quoted segments") {
    std::string header = "[x";
    for (int i = 0; i < 49'999; ++i) header += ".\"a\"";
    const std::string text = "version = 1\n" + header + "]\n";
    expect_single_error(text, "x.\"a\"", "more than 32 dotted segments");
  }
  SUBCASE("a 50,000-deep header of brackets") {
    const std::string text =
        "version = 1\n" + std::string(50'000, '[') + "a" + std::string(50'000, ']') + "\n";
    auto diagnostics = errors_of(text);
    REQUIRE(diagnostics.size() == 1);
    CHECK(diagnostics[0].where.line == 2);
    CHECK(diagnostics[0].where.column == 65);  // the 65th '['
    CHECK(diagnostics[0].message.find("nested more than 64") != std::string::npos);
  }
  SUBCASE("50,000 nested arrays and inline tables") {
    std::string arrays = "x = ";
    for (int i = 0; i < 50'000; ++i) arrays += '[';
    const std::string text = "version = 1\n" + arrays + "\n";
    auto diagnostics = errors_of(text);
    REQUIRE(diagnostics.size() == 1);
    CHECK(diagnostics[0].where.column == 4 + 65);
    std::string tables = "y = ";
    for (int i = 0; i < 50'000; ++i) tables += "{a=";
    auto inline_tables = errors_of("version = 1\n" + tables + "\n");
    REQUIRE(inline_tables.size() == 1);
    CHECK(inline_tables[0].message.find("nested more than 64") != std::string::npos);
  }
  SUBCASE("the limits leave room for real policies") {
    std::string key = "a";
    for (int i = 1; i < 32; ++i) key += ".a";
    CHECK(passes_prescan("version = 1\n[table]\n" + key + " = 1\n"));
    CHECK(passes_prescan("version = 1\n[table]\nx = " + std::string(60, '[') +
                         std::string(60, ']') + "\n"));
    CHECK_FALSE(passes_prescan("version = 1\n[table]\n" + key + ".a = 1\n"));
  }
}

TEST_CASE("the pre-scan is not fooled by strings and comments") {
  const std::string dots(200, '.');
  const std::string brackets(200, '[');
  const std::string text =
      "version = 1\n[table]\n"
      "a = \"" +
      dots + brackets + "\\\"" + dots +
      "\"\n"
      "b = '" +
      dots + brackets +
      "\\'\n"
      "c = \"\"\"\n" +
      dots + "\n" + brackets + "\\\"\"\"" + dots +
      "\"\"\"\n"
      "d = '''" +
      dots + "\n" + brackets +
      "''''\n"
      "e = \"\"\"x\"\"\"\"\"\n"
      "# " +
      dots + brackets +
      "\n"
      "\"" +
      dots +
      "\" = 1\n"
      "f = [1.5, 2.5, {g.h = 3.25}]\n";
  CHECK(passes_prescan(text));

  // A string ending in extra quotes ("""x"""" is `x"`) leaves the scan in step, so a
  // hostile key after it on the same line is still seen.
  std::string key = "k";
  for (int i = 0; i < 40; ++i) key += ".k";
  const std::string sneaky = "version = 1\nx = [\"\"\"x\"\"\"\", {" + key + " = 1}]\n";
  expect_single_error(sneaky, key, "more than 32 dotted segments");
}
