// Unit tests of lint's policy.zone (docs/commands.md, `git-gate lint`): a zone that is a fixed
// offset or a legacy alias parses, so only lint can say which zone to write instead.

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "gate/lint.hpp"
#include "gate/lint_zones.hpp"
#include "lint_helpers.hpp"

namespace {

const std::string check = "policy.zone";

std::vector<gate::LintFinding> zone_findings(const std::string& policy_text) {
  return gate::test::policy_findings_of(policy_text, check);
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("fixed-offset zones are told to name a city zone") {
  for (const char* zone : {"EST", "MST", "HST", "Etc/GMT+5"}) {
    CAPTURE(zone);
    std::optional<std::string> advice = gate::zone_advice(zone);
    REQUIRE(advice);
    CHECK(contains(*advice, zone));
    CHECK(contains(*advice, "fixed offset"));
    CHECK(contains(*advice, "city zone"));
  }
}

TEST_CASE("legacy aliases are told their canonical zone") {
  std::optional<std::string> advice = gate::zone_advice("US/Eastern");
  REQUIRE(advice);
  CHECK(contains(*advice, "legacy alias"));
  CHECK(contains(*advice, "\"America/New_York\""));
  CHECK(gate::zone_advice("America/New_York") == std::nullopt);
  CHECK(gate::zone_advice("Europe/Berlin") == std::nullopt);
  CHECK(gate::zone_advice("UTC") == std::nullopt);
}

TEST_CASE("lint warns at each place a poor zone is written") {
  std::vector<gate::LintFinding> found = zone_findings(
      "version = 1\ntimezone = \"US/Eastern\"\n"
      "\n[[component]]\nname = \"voice\"\npaths = [\"/voice/\"]\nzones = [\"EST\", "
      "\"Europe/Berlin\"]\n"
      "\n[[freeze]]\nid = \"eoy\"\nfrom = 2026-12-20T00:00:00\nuntil = 2027-01-02T00:00:00\n"
      "zone = \"Etc/GMT+5\"\n");
  REQUIRE(found.size() == 3);
  for (const gate::LintFinding& f : found) CHECK(f.severity == gate::Severity::warn);
  auto about = [&](const std::string& zone) {
    return std::count_if(found.begin(), found.end(), [&](const gate::LintFinding& f) {
      return contains(f.message, "\"" + zone + "\"");
    });
  };
  CHECK(about("US/Eastern") == 1);
  CHECK(about("EST") == 1);
  CHECK(about("Etc/GMT+5") == 1);
  const auto& ids = gate::lint_checks();
  CHECK(std::find(ids.begin(), ids.end(), check) != ids.end());
}

TEST_CASE("canonical city zones and UTC are clean") {
  CHECK(zone_findings("version = 1\n").empty());
  CHECK(zone_findings("version = 1\ntimezone = \"Europe/Berlin\"\n").empty());
}
