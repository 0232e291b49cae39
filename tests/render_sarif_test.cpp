// SARIF, judged by the official SARIF 2.1.0 schema (tests/data, validated by Python's
// jsonschema: Debian's python3-jsonschema) and read back with nlohmann against the report.

#include <doctest/doctest.h>

#include <cctype>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "gate/render.hpp"
#include "render_fixture.hpp"
#include "support.hpp"

namespace gate {
namespace {

using Json = nlohmann::json;

constexpr const char* kValidate = R"(
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1], encoding="utf-8"))
doc = json.load(open(sys.argv[2], encoding="utf-8"))
jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker()).validate(doc)
)";

test::RunResult validate(const std::string& sarif) {
  test::TempDir dir;
  std::string file = dir.str() + "/report.sarif";
  std::ofstream(file, std::ios::binary) << sarif;
  std::string schema = std::string(GATE_SOURCE_DIR) + "/tests/data/sarif-schema-2.1.0.json";
  return test::run({"python3", "-c", kValidate, schema, file});
}

void check_valid(const std::string& sarif) {
  test::RunResult result = validate(sarif);
  INFO("python3 with jsonschema (Debian: python3-jsonschema) said: " << result.err);
  CHECK(result.exit_code == 0);
}

Report minimal() {
  Report r;
  r.evaluated_at = parse_rfc3339("2026-07-10T12:30:00Z", "t");
  return r;
}

// A relative reference whose path has no scheme-like first segment (RFC 3986 4.2):
// pchar and '/' only, '%' only before two hex digits.
bool is_relative_reference(const std::string& uri) {
  const std::string allowed = "-._~!$&'()*+,;=:@/";
  for (std::size_t i = 0; i < uri.size(); ++i) {
    auto c = static_cast<unsigned char>(uri[i]);
    if (c == '%') {
      if (i + 2 >= uri.size() || !std::isxdigit(uri[i + 1]) || !std::isxdigit(uri[i + 2]))
        return false;
    } else if (!std::isalnum(c) && allowed.find(static_cast<char>(c)) == std::string::npos) {
      return false;
    }
  }
  auto first_segment = uri.substr(0, uri.find('/'));
  return first_segment.find(':') == std::string::npos;
}

std::string percent_decode(const std::string& uri) {
  std::string out;
  for (std::size_t i = 0; i < uri.size(); ++i) {
    if (uri[i] == '%') {
      out += static_cast<char>(std::stoi(uri.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += uri[i];
    }
  }
  return out;
}

std::string level_of(Severity s) {
  return s == Severity::block ? "error" : s == Severity::warn ? "warning" : "note";
}

}  // namespace

TEST_CASE("SARIF validates against the official 2.1.0 schema") {
  check_valid(render_sarif(test::hostile_report()));
  check_valid(render_sarif(minimal()));
  Report unknown = minimal();
  unknown.findings.push_back({"override.expired", Severity::warn, "a rule id from later", {"x"}});
  check_valid(render_sarif(unknown));
}

TEST_CASE("the schema check rejects what is not SARIF, so the test above can fail") {
  Json doc = Json::parse(render_sarif(test::hostile_report()));
  doc["runs"][0]["results"][0]["level"] = "blocker";
  CHECK(validate(doc.dump()).exit_code != 0);
  doc = Json::parse(render_sarif(test::hostile_report()));
  doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"] = Json::object();
  CHECK(validate(doc.dump()).exit_code != 0);
}

TEST_CASE("one result per finding: rule, index, level, message and a location per path") {
  Report r = test::hostile_report();
  Json run = Json::parse(render_sarif(r))["runs"][0];
  const Json& rules = run["tool"]["driver"]["rules"];
  CHECK(run["tool"]["driver"]["name"] == "git-gate");
  for (const char* id :
       {"window.freeze", "window.outside-allowed", "owners.unowned", "owners.approval",
        "owners.cross-team", "size.component", "size.components", "ref.delete"})
    CHECK(std::any_of(rules.begin(), rules.end(),
                      [&](const Json& rule) { return rule["id"] == id; }));
  for (const Json& rule : rules)
    CHECK_FALSE(rule["shortDescription"]["text"].get<std::string>().empty());
  const Json& results = run["results"];
  REQUIRE(results.size() == r.findings.size());
  for (std::size_t i = 0; i < r.findings.size(); ++i) {
    const Finding& f = r.findings[i];
    const Json& result = results[i];
    CAPTURE(f.rule);
    CHECK(result["ruleId"] == f.rule);
    CHECK(rules.at(result["ruleIndex"].get<std::size_t>())["id"] == f.rule);
    CHECK(result["level"] == level_of(f.severity));
    CHECK(result["message"]["text"] == f.message);
    std::vector<std::string> want = f.paths;
    if (want.empty()) want.push_back("policy.toml");
    REQUIRE(result["locations"].size() == want.size());
    for (std::size_t k = 0; k < want.size(); ++k) {
      std::string uri = result["locations"][k]["physicalLocation"]["artifactLocation"]["uri"];
      CAPTURE(uri);
      CHECK(is_relative_reference(uri));
      CHECK(percent_decode(uri) == want[k]);  // byte for byte, even where not UTF-8
    }
  }
}

TEST_CASE("spaces, '%', '#', '?', controls and non-ASCII are percent-encoded in URIs") {
  Report r = minimal();
  r.findings.push_back({"owners.unowned",
                        Severity::block,
                        "m",
                        {"a b", "100%", "x#y", "what?", "tab\there", "\xC3\xA9t\xC3\xA9", "c:d"}});
  Json locations = Json::parse(render_sarif(r))["runs"][0]["results"][0]["locations"];
  for (const Json& l : locations) {
    std::string uri = l["physicalLocation"]["artifactLocation"]["uri"];
    CAPTURE(uri);
    CHECK(uri.find_first_of(" #?\t") == std::string::npos);
    CHECK(std::all_of(uri.begin(), uri.end(), [](char c) { return (c & 0x80) == 0; }));
    CHECK(is_relative_reference(uri));
  }
}

TEST_CASE("run properties carry the verdict, times and the CI run's inputs") {
  Report r = test::hostile_report();
  Json props = Json::parse(render_sarif(r))["runs"][0]["properties"];
  CHECK(props["verdict"] == (r.allowed() ? "allow" : "block"));
  CHECK(props["evaluated_at"] == format_utc(r.evaluated_at));
  CHECK(props["valid_until"] == format_utc(*r.valid_until));
  CHECK(props["clock"] == "system");
  CHECK(props["change"]["ref"] == r.change.ref);
  CHECK(props["change"]["base"] == r.change.base);
  CHECK(props["change"]["head"] == r.change.head);
  CHECK(props["ci"]["provider"] == r.run->provider);
  CHECK(props["ci"]["event"] == r.run->event);
  CHECK(props["ci"]["trusted"] == r.run->trusted);
  CHECK(props["ci"]["opener"] == r.run->opener);
  CHECK(props["ci"]["request"] == r.run->request);
  CHECK(props["ci"]["repository"] == r.run->repository);
  CHECK(props["ci"]["reviews_known"] == r.run->reviews_known);
  CHECK(props["approvers"] == Json(*r.approvers));

  Json bare = Json::parse(render_sarif(minimal()))["runs"][0]["properties"];
  CHECK(bare["verdict"] == "allow");
  CHECK(bare["valid_until"].is_null());
  CHECK(bare["ci"].is_null());
  CHECK(bare["approvers"].is_null());
}

}  // namespace gate
