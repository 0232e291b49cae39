// GitLab Code Quality, parsed back with nlohmann and compared with the report it came from.

#include <doctest/doctest.h>

#include <cctype>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <tuple>

#include "gate/render.hpp"
#include "render_fixture.hpp"

namespace gate {
namespace {

using Json = nlohmann::json;

// The issues GitLab must receive: one per distinct (rule, path, message), in report order;
// a finding without paths is anchored at the policy file.
std::vector<std::tuple<const Finding*, std::string>> expected(const Report& r) {
  std::vector<std::tuple<const Finding*, std::string>> out;
  std::set<std::tuple<std::string, std::string, std::string>> seen;
  auto add = [&](const Finding& f, const std::string& path) {
    if (seen.insert({f.rule, path, f.message}).second) out.emplace_back(&f, path);
  };
  for (const Finding& f : r.findings) {
    if (f.paths.empty()) add(f, "policy.toml");
    for (const std::string& p : f.paths) add(f, p);
  }
  return out;
}

std::string shown(const std::string& raw) {
  for (const auto& p : test::hostile_paths())
    if (p.raw == raw) return p.shown;
  return raw;
}

std::string severity_of(Severity s) {
  return s == Severity::block ? "blocker" : s == Severity::warn ? "major" : "info";
}

}  // namespace

TEST_CASE("one issue per finding and path, carrying the report's rule, message and path") {
  Report r = test::hostile_report();
  Json issues = Json::parse(render_gitlab(r));
  auto want = expected(r);
  REQUIRE(issues.is_array());
  REQUIRE(issues.size() == want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    CAPTURE(i);
    const auto& [finding, path] = want[i];
    const Json& issue = issues[i];
    CHECK(issue["check_name"] == finding->rule);
    CHECK(issue["description"] == finding->message);
    CHECK(issue["severity"] == severity_of(finding->severity));
    CHECK(issue["location"]["path"] == shown(path));
    CHECK(issue["location"]["lines"]["begin"] == 1);
  }
}

TEST_CASE("fingerprints: 128-bit hex, unique per rule, path and message, stable across runs") {
  Report r = test::hostile_report();
  Json first = Json::parse(render_gitlab(r));
  Json again = Json::parse(render_gitlab(r));
  std::set<std::string> prints;
  for (std::size_t i = 0; i < first.size(); ++i) {
    std::string fp = first[i]["fingerprint"];
    CHECK(fp.size() == 32);
    CHECK(std::all_of(fp.begin(), fp.end(),
                      [](char c) { return std::isxdigit(c) && !std::isupper(c); }));
    CHECK(again[i]["fingerprint"] == fp);
    prints.insert(fp);
  }
  CHECK(prints.size() == first.size());

  // The fingerprint follows the message and the rule, not the issue's position.
  Report changed = r;
  changed.findings[0].message += "!";
  changed.findings[1].rule = "owners.approval";
  std::swap(changed.findings[1], changed.findings[2]);
  Json other = Json::parse(render_gitlab(changed));
  std::set<std::string> other_prints;
  for (const Json& issue : other) other_prints.insert(issue["fingerprint"].get<std::string>());
  for (const Json& issue : first) {
    bool unchanged = issue["check_name"] == "window.freeze";
    CHECK(other_prints.count(issue["fingerprint"].get<std::string>()) == (unchanged ? 1u : 0u));
  }
}

TEST_CASE("a repeated rule, path and message is one issue, path and message do not run together") {
  Report r;
  r.findings.push_back({"owners.unowned", Severity::block, "no owner", {"a", "a"}});
  r.findings.push_back({"owners.unowned", Severity::block, "no owner", {"a"}});
  r.findings.push_back({"size.component", Severity::warn, "bc", {"a"}});
  r.findings.push_back({"size.component", Severity::warn, "c", {"ab"}});
  Json issues = Json::parse(render_gitlab(r));
  REQUIRE(issues.size() == 3);
  // "a" + "bc" and "ab" + "c" are the same bytes end to end.
  CHECK(issues[1]["fingerprint"] != issues[2]["fingerprint"]);
}

TEST_CASE("no findings: an empty array") {
  Json issues = Json::parse(render_gitlab(Report{}));
  CHECK(issues.is_array());
  CHECK(issues.empty());
}

}  // namespace gate
