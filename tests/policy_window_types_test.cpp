// A window's `from`/`until` of the wrong TOML type: one error per value, located at it,
// naming the type found and what to write, and no misleading "needs 'weekly'" cascade.

#include <doctest/doctest.h>

#include <string>

#include "policy_helpers.hpp"

using namespace gate::test::policy;

TEST_CASE("a date where a date-time is needed names the type and the fix, at the value") {
  const std::string text =
      "version = 1\n[[freeze]]\nid = \"eoy\"\nfrom = 2026-12-20\nuntil = 2027-01-02\n";
  auto diagnostics = errors_of(text);
  CHECK(diagnostics.size() == 2);
  expect_error(diagnostics, position_of(text, "2026-12-20"), "got a date");
  expect_error(diagnostics, position_of(text, "2026-12-20"), "from = 2026-12-20T00:00:00");
  expect_error(diagnostics, position_of(text, "2027-01-02"), "until = 2027-01-02T00:00:00");
  for (const gate::Diagnostic& d : diagnostics)
    CHECK(d.message.find("weekly") == std::string::npos);
}

TEST_CASE("an offset date-time or a string is named as such, with an example") {
  const std::string text =
      "version = 1\n[[allow]]\nid = \"a\"\nfrom = 2026-12-20T00:00:00Z\n"
      "until = \"2027-01-02T00:00:00\"\n";
  auto diagnostics = errors_of(text);
  CHECK(diagnostics.size() == 2);
  expect_error(diagnostics, position_of(text, "2026-12-20"), "got a date-time with an offset");
  expect_error(diagnostics, position_of(text, "2026-12-20"), "from = 2026-12-20T00:00:00");
  expect_error(diagnostics, position_of(text, "\"2027"), "got a string");
}
