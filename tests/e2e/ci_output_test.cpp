// End-to-end tests of what `git-gate ci` writes (docs/json-report.md): every format read back and
// checked against the JSON report of the same change (SARIF also against the OASIS schema),
// --output FORMAT=FILE all or none, the job summary appended to GITHUB_STEP_SUMMARY, and
// paths with spaces, unicode, a leading dash and a newline carried into every format.

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "ci_fixtures.hpp"

namespace gate::test {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> all_formats = {"text",     "json",  "github",
                                              "markdown", "sarif", "gitlab"};

/// A pull request opened by carol, unreviewed, with `files`; GitHub's environment.
struct PullRequest {
  CiRepo repo;
  std::string head;
  Env env;
  explicit PullRequest(const std::map<std::string, std::string>& files) {
    head = repo.feature(files);
    env = github_env("pull_request",
                     repo.write_json("event.json", pull_request_payload(repo.main, head)));
  }
  RunResult run(const std::vector<std::string>& args, const Env& extra = {}) const {
    Env full = env;
    for (const auto& [key, value] : extra) full[key] = value;
    return gate_ci(repo.work, args, full);
  }
  nlohmann::json report() const { return parse_json(run({"--format", "json"}).out); }
};

/// The JSON report of `pr`, and `format`'s stdout of another run judging the same change.
struct Rendered {
  nlohmann::json report;
  RunResult run;
};
Rendered render(const PullRequest& pr, const std::vector<std::string>& format_args) {
  Rendered r{pr.report(), pr.run(format_args)};
  INFO(r.run.err);
  CHECK(r.run.exit_code == 1);
  return r;
}

/// Twelve api files over both limits, and a .gitattributes (a notice): findings of every
/// severity, more than ten annotations of each type.
std::map<std::string, std::string> many_findings() {
  std::map<std::string, std::string> files = {{".gitattributes", "*.bin binary\n"}};
  for (int i = 0; i < 12; ++i) files["api/part" + std::to_string(i) + ".c"] = lines_of(5, "part");
  return files;
}

/// A space, unicode, a leading dash and a newline; no Markdown punctuation, so that the
/// summary's only rewrite of them is the newline's control picture.
const std::vector<std::string> odd_paths = {"api/with space.c", "api/\xC3\xBCn\xC3\xAF/\xD1\x84.c",
                                            "-leading-dash.txt", "new\nline.txt"};

const char* github_type(const std::string& severity) {
  return severity == "block" ? "error" : severity == "warn" ? "warning" : "notice";
}
const char* sarif_level(const std::string& severity) {
  return severity == "block" ? "error" : severity == "warn" ? "warning" : "note";
}

/// One workflow command `::type k=v,k=v::message`, un-escaped as the runner does.
struct Annotation {
  std::string type;
  std::map<std::string, std::string> properties;
  std::string message;
};

std::string unescape_workflow(const std::string& text) {
  static const std::pair<const char*, char> codes[] = {
      {"%25", '%'}, {"%0D", '\r'}, {"%0A", '\n'}, {"%3A", ':'}, {"%2C", ','}};
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    bool decoded = false;
    for (const auto& [code, c] : codes)
      if (text.compare(i, 3, code) == 0) {
        out += c;
        i += 3;
        decoded = true;
        break;
      }
    if (!decoded) out += text[i++];
  }
  return out;
}

std::vector<Annotation> parse_annotations(const std::string& out) {
  std::vector<Annotation> list;
  std::size_t start = 0;
  while (start < out.size()) {
    std::size_t end = out.find('\n', start);
    const std::string line =
        out.substr(start, end == std::string::npos ? std::string::npos : end - start);
    start = end == std::string::npos ? out.size() : end + 1;
    INFO("line: " << line);
    REQUIRE(line.rfind("::", 0) == 0);
    const std::size_t body = line.find("::", 2);
    REQUIRE(body != std::string::npos);
    Annotation a;
    const std::string head = line.substr(2, body - 2);
    const std::size_t space = head.find(' ');
    a.type = head.substr(0, space);
    for (std::size_t p = space; p != std::string::npos && p < head.size();) {
      std::size_t comma = head.find(',', p + 1);
      const std::string kv =
          head.substr(p + 1, comma == std::string::npos ? std::string::npos : comma - p - 1);
      a.properties[kv.substr(0, kv.find('='))] = unescape_workflow(kv.substr(kv.find('=') + 1));
      p = comma;
    }
    a.message = unescape_workflow(line.substr(body + 2));
    list.push_back(a);
  }
  return list;
}

/// (type, rule, path or "", message) of every annotation the report's findings call for.
using Expected = std::multiset<std::tuple<std::string, std::string, std::string, std::string>>;
Expected expected_annotations(const nlohmann::json& report) {
  Expected out;
  for (const nlohmann::json& f : report["findings"]) {
    const auto paths = f["paths"].get<std::vector<std::string>>();
    if (paths.empty())
      out.insert({github_type(str(f, "severity")), str(f, "rule"), "", str(f, "message")});
    for (const std::string& p : paths)
      out.insert({github_type(str(f, "severity")), str(f, "rule"), p, str(f, "message")});
  }
  return out;
}

std::string percent_decode(const std::string& uri) {
  std::string out;
  for (std::size_t i = 0; i < uri.size(); ++i) {
    if (uri[i] == '%' && i + 2 < uri.size()) {
      out += static_cast<char>(std::stoi(uri.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += uri[i];
    }
  }
  return out;
}

/// A path as a Markdown table cell shows it: control bytes as their control pictures.
std::string markdown_cell(const std::string& path) {
  std::string out;
  for (char ch : path) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x20)
      out += std::string("\xE2\x90") + static_cast<char>(0x80 + c);
    else
      out += ch;
  }
  return out;
}

}  // namespace

TEST_CASE("json: the report's keys, with stdout holding the report alone") {
  PullRequest pr(many_findings());
  RunResult r = pr.run({"--format", "json"});
  CHECK(r.exit_code == 1);
  nlohmann::json report = parse_json(r.out);
  for (const char* key :
       {"schema_version", "verdict", "evaluated_at", "clock", "valid_until", "change", "files",
        "components", "findings", "notices", "ci", "approvers"})
    CHECK_MESSAGE(report.contains(key), key);
  for (const char* key : {"base", "head", "ref", "protected", "deletion"})
    CHECK_MESSAGE(report["change"].contains(key), key);
  for (const char* key : {"provider", "event", "trusted", "opener", "request", "repository",
                          "merge_queue", "reviews_known"})
    CHECK_MESSAGE(report["ci"].contains(key), key);
  for (const nlohmann::json& f : report["files"])
    for (const char* key : {"path", "old_path", "status", "added", "deleted", "binary", "component",
                            "counted", "owners", "owner_line"})
      CHECK_MESSAGE(f.contains(key), key);
  for (const nlohmann::json& f : report["findings"]) {
    for (const char* key : {"rule", "severity", "message", "paths", "overridden_by"})
      CHECK_MESSAGE(f.contains(key), key);
    CHECK(std::set<std::string>{"block", "warn", "info"}.count(str(f, "severity")) == 1);
  }
  CHECK((str(report, "verdict") == "block") == any_severity(report, "block"));
  expect_judged_range(report, pr.repo.work, pr.repo.main, pr.head);
  // Notices are in the report, and on stderr, never on stdout.
  REQUIRE(has_notice(report, {".gitattributes"}));
  CHECK(contains(r.err, ".gitattributes"));
}

TEST_CASE("--output writes further formats from the same run, each as that format on stdout") {
  PullRequest pr(many_findings());
  const fs::path out = pr.repo.tmp.path() / "out";
  fs::create_directories(out);
  std::vector<std::string> args = {"--format", "text"};
  for (const std::string& format : all_formats)
    args.insert(args.end(), {"--output", format + "=" + (out / format).string()});
  RunResult all = pr.run(args);
  INFO(all.err);
  CHECK(all.exit_code == 1);
  CHECK(list_dir(out) ==
        std::vector<std::string>{"github", "gitlab", "json", "markdown", "sarif", "text"});
  for (const std::string& format : all_formats) {
    INFO(format);
    RunResult alone = pr.run({"--format", format});
    CHECK(alone.exit_code == 1);
    CHECK(file_text(out / format) == alone.out);
  }
}

TEST_CASE("sarif: version 2.1.0, one result per finding, valid against the OASIS schema") {
  PullRequest pr(many_findings());
  const auto [report, r] = render(pr, {"--format", "sarif"});
  const nlohmann::json sarif = parse_json(r.out);
  CHECK(str(sarif, "version") == "2.1.0");
  REQUIRE(sarif["runs"].size() == 1);
  const nlohmann::json& run0 = sarif["runs"][0];
  CHECK(str(run0["tool"]["driver"], "name") == "git-gate");
  const nlohmann::json& rules = run0["tool"]["driver"]["rules"];
  const nlohmann::json& results = run0["results"];
  REQUIRE(results.size() == report["findings"].size());
  for (std::size_t i = 0; i < results.size(); ++i) {
    const nlohmann::json& finding = report["findings"][i];
    const nlohmann::json& result = results[i];
    INFO("finding " << finding.dump());
    CHECK(str(result, "ruleId") == str(finding, "rule"));
    CHECK(str(result, "level") == sarif_level(str(finding, "severity")));
    CHECK(str(result["message"], "text") == str(finding, "message"));
    const long index = num(result, "ruleIndex");
    REQUIRE(index >= 0);
    REQUIRE(static_cast<std::size_t>(index) < rules.size());
    CHECK(str(rules[index], "id") == str(finding, "rule"));
    std::vector<std::string> uris;
    for (const nlohmann::json& loc : result["locations"])
      uris.push_back(percent_decode(str(loc["physicalLocation"]["artifactLocation"], "uri")));
    std::sort(uris.begin(), uris.end());
    if (finding["paths"].empty())
      CHECK(uris.size() == 1);  // code scanning needs a file
    else
      CHECK(uris == sorted_paths(finding));
  }

  const fs::path schema = fs::path(GATE_SOURCE_DIR) / "tests/data/sarif-schema-2.1.0.json";
  if (!fs::exists(schema)) return;
  if (run({"python3", "-c", "import jsonschema"}).exit_code != 0) {
    MESSAGE("python3-jsonschema is not installed: the SARIF schema check is skipped");
    return;
  }
  const std::string file = pr.repo.write_text("gate.sarif", r.out);
  RunResult valid =
      run({"python3", "-c",
           "import json, sys, jsonschema\n"
           "jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))\n",
           file, schema.string()});
  INFO(valid.err);
  CHECK(valid.exit_code == 0);
}

TEST_CASE("gitlab: Code Quality issues, one per finding and path") {
  PullRequest pr(many_findings());
  const auto [report, r] = render(pr, {"--format", "gitlab"});
  const nlohmann::json issues = parse_json(r.out);
  REQUIRE(issues.is_array());
  std::set<std::tuple<std::string, std::string, std::string>> want, got;
  for (const nlohmann::json& f : report["findings"])
    for (const std::string& p : sorted_paths(f))
      want.insert({str(f, "rule"), p, str(f, "message")});
  std::set<std::string> fingerprints;
  std::size_t pathless = 0;
  for (const nlohmann::json& issue : issues) {
    INFO(issue.dump());
    for (const char* key : {"description", "check_name", "fingerprint", "severity"})
      CHECK_FALSE(str(issue, key).empty());
    CHECK(std::set<std::string>{"info", "minor", "major", "critical", "blocker"}.count(
              str(issue, "severity")) == 1);
    CHECK_FALSE(str(issue["location"], "path").empty());
    CHECK(fingerprints.insert(str(issue, "fingerprint")).second);
    auto key = std::make_tuple(str(issue, "check_name"), str(issue["location"], "path"),
                               str(issue, "description"));
    if (want.count(key))
      got.insert(key);
    else
      ++pathless;
  }
  CHECK(got == want);
  std::size_t findings_without_paths = 0;
  for (const nlohmann::json& f : report["findings"])
    findings_without_paths += f["paths"].empty() ? 1 : 0;
  CHECK(pathless == findings_without_paths);
}

TEST_CASE("github: annotations read back equal the report's findings, at most 10 per type") {
  PullRequest pr(many_findings());
  const auto [report, r] = render(pr, {});  // the default on GitHub Actions
  const std::vector<Annotation> annotations = parse_annotations(r.out);
  Expected want = expected_annotations(report);
  for (const char* type : {"error", "warning", "notice"}) {
    INFO(type);
    std::vector<Annotation> of_type;
    for (const Annotation& a : annotations)
      if (a.type == type) of_type.push_back(a);
    const auto total = static_cast<std::size_t>(std::count_if(
        want.begin(), want.end(), [&](const auto& w) { return std::get<0>(w) == type; }));
    REQUIRE(total > 10);  // the fixture's purpose: the cap applies to every type
    REQUIRE(of_type.size() == 10);
    for (std::size_t i = 0; i + 1 < of_type.size(); ++i) {
      const Annotation& a = of_type[i];
      auto found = std::find_if(want.begin(), want.end(), [&](const auto& w) {
        return std::get<0>(w) == type &&
               contains(a.properties.count("title") ? a.properties.at("title") : "",
                        std::get<1>(w)) &&
               std::get<2>(w) == (a.properties.count("file") ? a.properties.at("file") : "") &&
               std::get<3>(w) == a.message;
      });
      INFO("annotation " << i << ": " << a.message);
      REQUIRE(found != want.end());
      want.erase(found);  // each finding and path once
    }
    CHECK(contains(of_type.back().message, std::to_string(total - 9)));
  }
}

TEST_CASE("markdown: the job summary is appended to GITHUB_STEP_SUMMARY") {
  PullRequest pr(many_findings());
  const nlohmann::json report = pr.report();
  const std::string earlier = "## An earlier step's summary\n\n";
  const std::string summary = pr.repo.write_text("step-summary.md", earlier);
  RunResult first = pr.run({}, {{"GITHUB_STEP_SUMMARY", summary}});
  CHECK(first.exit_code == 1);
  RunResult markdown = pr.run({"--format", "markdown"});
  CHECK(markdown.exit_code == 1);
  CHECK(file_text(summary) == earlier + markdown.out);
  pr.run({}, {{"GITHUB_STEP_SUMMARY", summary}});
  CHECK(file_text(summary) == earlier + markdown.out + markdown.out);
  CHECK(contains(markdown.out, str(report["change"], "head")));
  for (const nlohmann::json& f : report["findings"]) CHECK(contains(markdown.out, str(f, "rule")));
  // Other formats on stdout leave the summary alone.
  pr.run({"--format", "json"}, {{"GITHUB_STEP_SUMMARY", summary}});
  CHECK(file_text(summary) == earlier + markdown.out + markdown.out);
}

TEST_CASE("text: the verdict, the CI inputs and every finding") {
  PullRequest pr(many_findings());
  const auto [report, r] = render(pr, {"--format", "text"});
  CHECK(contains(r.out, "BLOCKED"));
  CHECK(contains(r.out, "#7"));
  CHECK(contains(r.out, "@carol"));
  CHECK(contains(r.out, str(report["ci"], "trusted").substr(0, 12)));
  for (const nlohmann::json& f : report["findings"]) CHECK(contains(r.out, str(f, "rule")));
}

TEST_CASE("--output is all or none: an unwritable path writes nothing and changes nothing") {
  PullRequest pr(many_findings());
  const fs::path out = pr.repo.tmp.path() / "out";
  fs::create_directories(out);
  write_file(out, "gate.json", "previous report\n");
  const std::string earlier = "earlier step\n";
  const std::string summary = pr.repo.write_text("step-summary.md", earlier);
  const std::string missing = (pr.repo.tmp.path() / "no-such-dir" / "gate.sarif").string();
  const std::vector<std::string> good = {"--output", "json=" + (out / "gate.json").string(),
                                         "--output",
                                         "gitlab=" + (out / "gate.gitlab.json").string()};
  for (bool missing_first : {true, false}) {
    INFO("unwritable path first: " << missing_first);
    std::vector<std::string> args = {"--output", "sarif=" + missing};
    args.insert(missing_first ? args.end() : args.begin(), good.begin(), good.end());
    RunResult r = pr.run(args, {{"GITHUB_STEP_SUMMARY", summary}});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, missing));
    CHECK(file_text(out / "gate.json") == "previous report\n");
    CHECK(list_dir(out) == std::vector<std::string>{"gate.json"});
    CHECK_FALSE(fs::exists(pr.repo.tmp.path() / "no-such-dir"));
    CHECK(file_text(summary) == earlier);
    CHECK_FALSE(contains(r.out, "title=git-gate%3A"));  // no finding was annotated
  }
  // A directory where a file should go.
  CHECK(pr.run({"--output", "json=" + (out / "gate.gitlab.json").string(), "--output",
                "sarif=" + out.string()})
            .exit_code == 2);
  CHECK(list_dir(out) == std::vector<std::string>{"gate.json"});
  JsonRun json;
  json.result = pr.run({"--format", "json", "--output", "sarif=" + missing});
  json.json = parse_json(json.result.out);
  CHECK(contains(expect_json_error(json), missing));
}

TEST_CASE("github: an error is one ::error annotation on stdout, and exit 2") {
  CiRepo repo;
  const std::string text = "{\n  \"pull_request\": \n";
  const Env env = github_env("pull_request", repo.write_text("event.json", text));
  RunResult r = gate_ci(repo.work, {}, env);
  CHECK(r.exit_code == 2);
  const std::vector<Annotation> annotations = parse_annotations(r.out);
  REQUIRE(annotations.size() == 1);
  CHECK(annotations[0].type == "error");
  CHECK(contains(annotations[0].message, "event.json"));
}

// The summary file is one more file the run writes: failing it must not leave the
// --output files of a run that exits 2 behind, as if it had judged.
TEST_CASE("an unwritable GITHUB_STEP_SUMMARY fails the run without leaving --output files") {
  PullRequest pr(many_findings());
  const fs::path out = pr.repo.tmp.path() / "out";
  fs::create_directories(out);
  const std::string summary = (pr.repo.tmp.path() / "no-such-dir" / "summary.md").string();
  RunResult r = pr.run({"--output", "json=" + (out / "gate.json").string()},
                       {{"GITHUB_STEP_SUMMARY", summary}});
  CHECK(r.exit_code == 2);
  CHECK(list_dir(out).empty());
}

TEST_CASE("paths with a space, unicode, a leading dash and a newline survive into every format") {
  std::map<std::string, std::string> files;
  for (const std::string& p : odd_paths) files[p] = lines_of(3, "odd");
  PullRequest pr(files);
  const nlohmann::json report = pr.report();
  expect_judged_range(report, pr.repo.work, pr.repo.main, pr.head);
  // The summary shows the first three paths of a finding: each odd path must be one.
  std::set<std::string> shown;
  for (const nlohmann::json& f : report["findings"]) {
    const auto paths = f["paths"].get<std::vector<std::string>>();
    shown.insert(paths.begin(),
                 paths.begin() + static_cast<long>(std::min<std::size_t>(3, paths.size())));
  }
  std::set<std::string> sarif_paths, gitlab_paths, github_paths;
  const nlohmann::json sarif = parse_json(pr.run({"--format", "sarif"}).out);
  for (const nlohmann::json& result : sarif["runs"][0]["results"])
    for (const nlohmann::json& loc : result["locations"])
      sarif_paths.insert(percent_decode(str(loc["physicalLocation"]["artifactLocation"], "uri")));
  for (const nlohmann::json& issue : parse_json(pr.run({"--format", "gitlab"}).out))
    gitlab_paths.insert(str(issue["location"], "path"));
  for (const Annotation& a : parse_annotations(pr.run({"--format", "github"}).out))
    if (a.properties.count("file")) github_paths.insert(a.properties.at("file"));
  const std::string markdown = pr.run({"--format", "markdown"}).out;
  const std::string text = pr.run({"--format", "text"}).out;
  for (const std::string& p : odd_paths) {
    INFO("path: " << p);
    REQUIRE(shown.count(p) == 1);
    CHECK(sarif_paths.count(p) == 1);
    CHECK(gitlab_paths.count(p) == 1);
    CHECK(github_paths.count(p) == 1);
    CHECK(contains(markdown, markdown_cell(p)));
    if (p.find('\n') == std::string::npos) CHECK(contains(text, p));
  }
  CHECK_FALSE(contains(markdown, "new\nline.txt"));  // a table row is one line
}

// Odd paths: a newline in a file name must not let the change print a line of
// its own in the text report, e.g. one listing a path the change does not touch.
TEST_CASE("text: a newline in a file name cannot forge a line of the report") {
  PullRequest pr({{"notes.txt\n        api/server.c", lines_of(3, "forged")}});
  const nlohmann::json report = pr.report();
  REQUIRE(find_file(report, "api/server.c") == nullptr);
  const std::string text = pr.run({"--format", "text"}).out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = std::min(text.find('\n', start), text.size());
    std::string line = text.substr(start, end - start);
    line.erase(0, line.find_first_not_of(' '));
    CHECK_MESSAGE(line != "api/server.c",
                  "the text report lists a path the change does not touch:\n"
                      << text);
    start = end + 1;
  }
}

}  // namespace gate::test
