// `git-gate audit`: every record in the notes ref, forged ones listed and not counted,
// --since, and counts by rule, approver and weekday that add up to the records listed.

#include <doctest/doctest.h>

#include <map>
#include <sstream>

#include "override_fixtures.hpp"

using namespace gate::test;

namespace {

std::vector<nlohmann::json> json_lines(const std::string& out) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) lines.push_back(parse_json(line));
  return lines;
}

// The "by <title>:" section of the table: key -> count.
std::map<std::string, int> counts(const std::string& table, const std::string& title) {
  std::map<std::string, int> out;
  std::istringstream in(table.substr(table.find("by " + title + ":\n") + title.size() + 5));
  for (std::string line; std::getline(in, line) && line.starts_with("  ");) {
    std::istringstream fields(line);
    std::string key;
    int n = 0;
    fields >> key >> n;
    out[key] = n;
  }
  return out;
}

}  // namespace

TEST_CASE("audit lists every record, marks forged ones, and counts the sound ones") {
  OverrideRepo r;
  const std::string one = r.oversized_change("one");
  const std::string two = r.oversized_change("two");
  const std::string three = r.oversized_change("three");
  Grant early;
  early.now = "2026-06-03T09:00:00Z";
  REQUIRE(r.approve(one, early).result.exit_code == 0);
  REQUIRE(r.approve(two).result.exit_code == 0);
  Grant by_cto;
  by_cto.principal = cto_email;
  by_cto.key = "cto";
  by_cto.rules = {"size.component", "size.components"};
  REQUIRE(r.approve(two, by_cto).result.exit_code == 0);
  // A record whose reason was edited after signing.
  REQUIRE(r.approve(three).result.exit_code == 0);
  r.set_note(three, replaced(r.note(three), "reason: INC-965", "reason: INC-966"));

  RunResult json =
      r.gate({"audit", "--format", "json", "--base", r.trusted}, "2026-07-09T12:00:00Z");
  REQUIRE(json.exit_code == 0);
  std::vector<nlohmann::json> records = json_lines(json.out);
  REQUIRE(records.size() == 4);
  int sound = 0;
  for (const nlohmann::json& rec : records) {
    std::string why = str(rec, "why");
    bool forged = str(rec, "commit") == three;
    CHECK(str(rec, "status") == "rejected");  // all expired by now, or forged
    CHECK((forged ? why.find("signature") : why.find("expired at")) != std::string::npos);
    sound += forged ? 0 : 1;
  }
  // Oldest first.
  CHECK(str(records[0], "commit") == one);

  RunResult since =
      r.gate({"audit", "--format", "json", "--since", "2026-07-01", "--base", r.trusted},
             "2026-07-09T12:00:00Z");
  CHECK(json_lines(since.out).size() == 3);

  RunResult table = r.gate({"audit", "--base", r.trusted}, "2026-07-09T12:00:00Z");
  REQUIRE(table.exit_code == 0);
  INFO(table.out);
  CHECK(table.out.find("invalid") != std::string::npos);
  std::map<std::string, int> by_rule = counts(table.out, "rule");
  CHECK(by_rule["size.component"] == sound);
  CHECK(by_rule["size.components"] == 1);
  std::map<std::string, int> by_approver = counts(table.out, "approver");
  CHECK(by_approver[vp_email] == 2);
  CHECK(by_approver[cto_email] == 1);
  int weekdays = 0;
  for (const auto& [day, n] : counts(table.out, "weekday")) weekdays += n;
  CHECK(weekdays == sound);
}
