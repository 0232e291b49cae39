// gate::version() and where the reports carry it (docs/library.md), and SARIF's
// partialFingerprints: stable for the same finding from run to run, distinct otherwise.

#include "gate/version.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>

#include "gate/render.hpp"
#include "render_fixture.hpp"

namespace gate {
namespace {

using Json = nlohmann::json;

/// The VERSION of the top-level project() call, as CMake reads it.
std::string project_version() {
  std::ifstream in(std::string(GATE_SOURCE_DIR) + "/CMakeLists.txt");
  std::stringstream text;
  text << in.rdbuf();
  std::smatch m;
  std::string s = text.str();
  REQUIRE(std::regex_search(s, m, std::regex(R"(project\s*\(\s*git-gate\s+VERSION\s+([0-9.]+))")));
  return m[1].str();
}

Report at(const char* when) {
  Report r;
  r.evaluated_at = parse_rfc3339(when, "t");
  return r;
}

/// The fingerprints of the SARIF results, in finding order.
std::vector<std::string> fingerprints(const Report& r) {
  std::vector<std::string> out;
  const Json sarif = Json::parse(render_sarif(r));
  for (const Json& result : sarif["runs"][0]["results"]) {
    const Json& prints = result["partialFingerprints"];
    REQUIRE(prints.is_object());
    REQUIRE(prints.size() == 1);
    out.push_back(prints.begin().value().get<std::string>());
  }
  return out;
}

}  // namespace

TEST_CASE("version() is the bare version of the top-level project()") {
  CHECK(version() == project_version());
}

TEST_CASE("the JSON report names the tool and its version, besides the schema-1 keys") {
  Json j = Json::parse(render_json(test::hostile_report()));
  CHECK(j["tool"]["name"] == "git-gate");
  CHECK(j["tool"]["version"] == std::string(version()));
  CHECK(j["schema_version"] == 1);
  CHECK(j.contains("verdict"));
  Json hook = Json::parse(render_json(std::vector<Report>{at("2026-07-10T12:30:00Z")}));
  CHECK(hook[0]["tool"]["version"] == std::string(version()));
}

TEST_CASE("SARIF names the driver's version") {
  Json driver = Json::parse(render_sarif(test::hostile_report()))["runs"][0]["tool"]["driver"];
  CHECK(driver["version"] == std::string(version()));
}

TEST_CASE("a finding keeps its fingerprint when its message and the time change") {
  Report first = at("2026-07-10T12:30:00Z");
  first.findings.push_back({"size.component", Severity::block, "50 lines, limit 40", {"a/x.c"}});
  Report second = at("2026-07-11T08:00:00Z");
  second.findings.push_back(
      {"size.component", Severity::warn, "75 lines, limit 40", {"a/x.c", "a/y.c"}});
  CHECK(fingerprints(first) == fingerprints(second));
}

TEST_CASE("fingerprints differ by path, by rule, and between findings sharing both") {
  Report r = at("2026-07-10T12:30:00Z");
  r.findings.push_back({"size.component", Severity::block, "m", {"a/x.c"}});
  r.findings.push_back({"size.component", Severity::block, "m", {"a/z.c"}});
  r.findings.push_back({"owners.unowned", Severity::block, "m", {"a/x.c"}});
  r.findings.push_back({"owners.approval", Severity::info, "from @a", {"b"}});
  r.findings.push_back({"owners.approval", Severity::info, "from @b", {"b"}});
  r.findings.push_back({"window.freeze", Severity::block, "frozen", {}});
  std::vector<std::string> prints = fingerprints(r);
  REQUIRE(prints.size() == r.findings.size());
  for (std::size_t i = 0; i < prints.size(); ++i) {
    CAPTURE(i);
    CHECK_FALSE(prints[i].empty());
    for (std::size_t k = 0; k < i; ++k) CHECK(prints[i] != prints[k]);
  }
}

}  // namespace gate
