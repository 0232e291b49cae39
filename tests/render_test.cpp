#include "gate/render.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

namespace gate {
namespace {

Report sample() {
  Report r;
  r.evaluated_at = parse_rfc3339("2026-07-10T12:30:00Z", "t");
  r.change = {"aaaa", "bbbb", "refs/heads/main", true, false};
  FileChange f;
  f.path = "kamailio/run sh\n\"odd\".cfg";
  f.old_path = "old name";
  f.status = FileStatus::renamed;
  f.added = 12;
  f.deleted = 3;
  FileEntry entry;
  entry.change = f;
  entry.component = "voice";
  entry.owners = {"@acme/voice"};
  entry.owner_line = ".github/CODEOWNERS:42";
  r.files.push_back(entry);
  r.components.push_back({"voice", 1, 15, 400, std::nullopt});
  r.findings.push_back({"size.component", Severity::block, "too big", {f.path}});
  r.notices.push_back("a notice");
  return r;
}

}  // namespace

TEST_CASE("JSON report has the stable schema-1 keys and values from the report") {
  Report r = sample();
  auto j = nlohmann::json::parse(render_json(r));
  CHECK(j["schema_version"] == 1);
  CHECK(j["verdict"] == "block");
  CHECK(j["evaluated_at"] == format_utc(r.evaluated_at));
  CHECK(j["clock"] == "system");
  CHECK(j["valid_until"].is_null());
  CHECK(j["change"]["base"] == r.change.base);
  CHECK(j["change"]["protected"] == true);
  auto file = j["files"][0];
  CHECK(file["path"] == r.files[0].change.path);  // odd characters survive escaping
  CHECK(file["old_path"] == *r.files[0].change.old_path);
  CHECK(file["status"] == "renamed");
  CHECK(file["added"] == 12);
  CHECK(file["counted"] == true);
  CHECK(file["owners"] == nlohmann::json(r.files[0].owners));
  CHECK(file["owner_line"] == r.files[0].owner_line);
  CHECK(j["components"][0]["max_lines"] == 400);
  CHECK(j["components"][0]["max_files"].is_null());
  CHECK(j["findings"][0]["severity"] == "block");
  CHECK(j["findings"][0]["overridden_by"].is_null());
  CHECK(j["notices"][0] == "a notice");
}

TEST_CASE("a path that is not UTF-8 still gives valid JSON, marked with U+FFFD") {
  Report r = sample();
  std::string latin1 = "caf\xe9.txt";
  r.files[0].change.path = latin1;
  r.findings[0].paths = {latin1};
  auto j = nlohmann::json::parse(render_json(r));
  std::string shown = j["files"][0]["path"];
  CHECK(shown == "caf\xef\xbf\xbd.txt");
  CHECK(render_text(r).find(latin1) != std::string::npos);
}

TEST_CASE("an allowed report says allow, and an overridden clock says so") {
  Report r = sample();
  r.findings.clear();
  r.clock_overridden = true;
  auto j = nlohmann::json::parse(render_json(r));
  CHECK(j["verdict"] == "allow");
  CHECK(j["clock"] == "overridden");
  CHECK(render_text(r).find("clock overridden") != std::string::npos);
}

TEST_CASE("a large JSON report is written in bounded pieces that make up the whole report") {
  Report r = sample();
  for (int i = 0; i < 3000; ++i) {
    FileEntry entry = r.files[0];
    entry.change.path = "src/module" + std::to_string(i % 97) + "/file" + std::to_string(i) + ".c";
    r.files.push_back(entry);
    r.findings[0].paths.push_back(entry.change.path);
  }
  std::vector<std::string> pieces;
  render_json(r, [&](std::string_view piece) { pieces.emplace_back(piece); });
  REQUIRE(pieces.size() > 1);  // held whole, a 3,000-file report is ~1 MB
  std::string whole;
  for (const std::string& piece : pieces) {
    CHECK(piece.size() <= 64 * 1024 + 512);  // a piece and at most one value
    whole += piece;
  }
  CHECK(whole == render_json(r));
  auto j = nlohmann::json::parse(whole);
  REQUIRE(j["files"].size() == r.files.size());
  for (std::size_t i = 0; i < r.files.size(); ++i)
    CHECK(j["files"][i]["path"] == r.files[i].change.path);
  CHECK(j["findings"][0]["paths"] == nlohmann::json(r.findings[0].paths));
  CHECK(j["notices"][0] == "a notice");
}

TEST_CASE("several reports render as one array") {
  auto j = nlohmann::json::parse(render_json(std::vector<Report>{sample(), sample()}));
  REQUIRE(j.is_array());
  CHECK(j.size() == 2);
}

TEST_CASE("error JSON carries message and location") {
  ConfigError e(SourceLocation{"policy.toml", 12, 3}, "bad thing");
  auto j = nlohmann::json::parse(render_error_json(e));
  CHECK(j["schema_version"] == 1);
  CHECK(j["error"]["location"] == "policy.toml:12:3");
  CHECK(j["error"]["message"].get<std::string>().find("bad thing") != std::string::npos);
  GitError g("unknown revision 'x'");
  CHECK(nlohmann::json::parse(render_error_json(g))["error"]["location"].is_null());
}

TEST_CASE("text shows a caret under the column of a config error") {
  ConfigError e({{SourceLocation{"policy.toml", 2, 5}, "bad", "ab = 1x"}});
  std::string text = render_error_text(e);
  CHECK(text.find("policy.toml:2:5: bad") != std::string::npos);
  CHECK(text.find("    ab = 1x\n        ^\n") != std::string::npos);
}

TEST_CASE("text is plain without colour and coloured with it") {
  Report r = sample();
  CHECK(render_text(r, {false}).find("\x1b[") == std::string::npos);
  CHECK(render_text(r, {true}).find("\x1b[") != std::string::npos);
  CHECK(render_text(r).find("size.component") != std::string::npos);
}

}  // namespace gate
