// The GitHub composite action (action.yml; docs/ci.md): its steps after the build run as
// the runner runs them, with a faked GitHub environment (event payload, step summary and
// output files, inputs), against real repositories and the built git-gate in place of the
// installed one (GATE_BIN). The verdicts are the gate's own: each summary is compared with
// what `git-gate ci --format markdown` prints for the same run.

#include <doctest/doctest.h>

#include <regex>
#include <set>

#include "ci_files.hpp"
#include "ci_fixtures.hpp"
#include "yaml_subset.hpp"

namespace gate::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path source_dir = GATE_SOURCE_DIR;

json action_yml() { return parse_yaml_subset(file_text(source_dir / "action.yml")); }

/// A GitHub job: the event written as a file, the workspace a clone, RUNNER_TEMP its own.
struct GithubJob {
  const CiRepo& repo;
  fs::path workspace;
  std::string event = "pull_request";
  json payload;

  Env env() const {
    Env e = github_env(event, repo.write_json("event.json", payload));
    e["GATE_BIN"] = cli_path();
    return e;
  }
  /// The action's steps from `gate` on, with these inputs.
  ActionRun run(const std::map<std::string, std::string>& inputs) const {
    ActionRunOptions o;
    o.from_step = "gate";
    o.inputs = inputs;
    o.workspace = workspace;
    o.temp = repo.tmp.path() / "runner-temp";
    fs::create_directories(o.temp);
    o.action_path = source_dir.string();
    o.env = env();
    return run_action(action_yml(), o);
  }
  /// The oracle: `git-gate ci --format markdown` with the same event and `args`.
  std::string markdown(const std::vector<std::string>& args) const {
    std::vector<std::string> full = {"--format", "markdown"};
    full.insert(full.end(), args.begin(), args.end());
    RunResult r = gate_ci(workspace, full, env());
    INFO(r.err);
    CHECK(r.exit_code <= 1);
    return r.out;
  }
};

std::string reviews_file(const CiRepo& repo, const std::vector<json>& reviews) {
  return repo.write_json("reviews.json", json(reviews));
}

/// The first ```yaml block of docs/ci.md after `heading`.
std::string docs_yaml_after(const std::string& heading) {
  const std::string docs = file_text(source_dir / "docs/ci.md");
  std::size_t at = docs.find(heading);
  REQUIRE(at != std::string::npos);
  std::size_t open = docs.find("```yaml\n", at);
  REQUIRE(open != std::string::npos);
  open += 8;
  return docs.substr(open, docs.find("```", open) - open);
}

}  // namespace

TEST_CASE("action.yml: a pull request within the limits exits 0 and writes the job summary") {
  CiRepo repo;
  const std::string head = repo.feature({{"api/util.c", lines_of(4, "util")}});
  GithubJob job{repo, repo.work, "pull_request", pull_request_payload(repo.main, head)};
  const std::string reviews = reviews_file(repo, {github_review("dave", "APPROVED", head)});

  ActionRun r = job.run({{"reviews", reviews}});
  const StepRun& gate = r.step("gate");
  INFO("stdout: " << gate.result.out << "\nstderr: " << gate.result.err);
  CHECK(gate.ran);
  CHECK(gate.result.exit_code == 0);
  CHECK(r.exit_code == 0);
  CHECK(r.outputs["exit-code"] == "0");
  CHECK(r.outputs["sarif-file"].empty());
  CHECK_FALSE(gate.summary.empty());
  CHECK(gate.summary == job.markdown({"--reviews", reviews}));
  CHECK_FALSE(r.uses("github/codeql-action/upload-sarif").ran);  // sarif is false
}

TEST_CASE(
    "action.yml: a blocked change exits 1, and with sarif true its SARIF goes to upload-sarif") {
  CiRepo repo;
  const std::string head = repo.feature({{"api/big.c", lines_of(80, "big")}});
  GithubJob job{repo, repo.work, "pull_request", pull_request_payload(repo.main, head)};
  const std::string reviews = reviews_file(repo, {github_review("dave", "APPROVED", head)});

  ActionRun r = job.run({{"reviews", reviews}, {"sarif", "true"}});
  const StepRun& gate = r.step("gate");
  INFO("stdout: " << gate.result.out << "\nstderr: " << gate.result.err);
  CHECK(gate.result.exit_code == 1);
  CHECK(r.exit_code == 1);
  CHECK(r.outputs["exit-code"] == "1");
  CHECK(gate.result.out.find("::error") != std::string::npos);  // format github: annotations
  CHECK(gate.summary == job.markdown({"--reviews", reviews}));

  const std::string sarif_path = r.outputs["sarif-file"];
  REQUIRE_FALSE(sarif_path.empty());
  json sarif = parse_json(file_text(sarif_path));
  CHECK(str(sarif, "version") == "2.1.0");
  std::set<std::string> rules;
  for (const json& run : sarif["runs"])
    for (const json& result : run["results"]) rules.insert(str(result, "ruleId"));
  CHECK(rules.count("size.component") == 1);

  // The gate failed, and the SARIF is uploaded all the same.
  const StepRun& upload = r.uses("github/codeql-action/upload-sarif");
  CHECK(upload.ran);
  CHECK(str(upload.with, "sarif_file") == sarif_path);
  CHECK(str(upload.with, "category") == "git-gate");
}

TEST_CASE("action.yml: format json prints the report, and the reviews and teams inputs judge") {
  CiRepo repo;
  const std::string head = repo.feature({{"api/util.c", lines_of(4, "util")}});
  GithubJob job{repo, repo.work, "pull_request", pull_request_payload(repo.main, head)};
  // zed approves, and only the teams file makes zed an owner of api/.
  const std::string reviews = reviews_file(repo, {github_review("zed", "APPROVED", head)});
  const std::string teams =
      repo.write_json("teams.json", {{"@acme/api", {"@carol", "@dave", "@zed"}}});

  ActionRun without = job.run({{"format", "json"}, {"reviews", reviews}});
  const StepRun& refused = without.step("gate");
  INFO("stderr: " << refused.result.err);
  CHECK(refused.result.exit_code == 1);
  CHECK(findings_at(parse_json(refused.result.out), "owners.approval", "block").size() == 1);

  ActionRun with = job.run({{"format", "json"}, {"reviews", reviews}, {"teams", teams}});
  const StepRun& gate = with.step("gate");
  INFO("stderr: " << gate.result.err);
  CHECK(gate.result.exit_code == 0);
  json report = parse_json(gate.result.out);  // stdout is the report alone
  CHECK(str(report, "verdict") == "allow");
  CHECK(report["ci"]["reviews_known"] == true);
  CHECK(report["approvers"] == json::array({"@zed"}));
  // Not format github, so the action writes the summary itself.
  CHECK(gate.summary == job.markdown({"--reviews", reviews, "--teams", teams}));
}

TEST_CASE("action.yml: merge_group and pull_request_review runs judge as the gate does") {
  CiRepo repo;
  const std::string head = repo.feature({{"api/util.c", lines_of(4, "util")}});
  // The queue admits only approved pull requests: no reviews needed.
  GithubJob queue{repo, repo.work, "merge_group", merge_group_payload(repo.main, head)};
  ActionRun queued = queue.run({});
  INFO("stderr: " << queued.step("gate").result.err);
  CHECK(queued.exit_code == 0);
  CHECK(queued.step("gate").summary == queue.markdown({}));

  GithubJob review{repo, repo.work, "pull_request_review", pull_request_payload(repo.main, head)};
  ActionRun unreviewed = review.run({});
  CHECK(unreviewed.exit_code == 1);  // owners.approval cannot be judged without reviews
  const std::string reviews = reviews_file(repo, {github_review("dave", "APPROVED", head)});
  CHECK(review.run({{"reviews", reviews}}).exit_code == 0);
}

TEST_CASE("action.yml: an error is exit 2, never a pass, and the summary says so") {
  CiRepo repo;
  const std::string head = repo.feature({{"api/util.c", lines_of(4, "util")}});
  GithubJob job{repo, repo.work, "pull_request", pull_request_payload(repo.main, head)};

  SUBCASE("a reviews file that does not exist") {
    ActionRun r = job.run({{"reviews", "no-such-reviews.json"}, {"sarif", "true"}});
    CHECK(r.step("gate").result.exit_code == 2);
    CHECK(r.exit_code == 2);
    CHECK(r.outputs["exit-code"] == "2");
    CHECK(r.step("gate").summary.find("error (exit 2)") != std::string::npos);
    CHECK(r.outputs["sarif-file"].empty());  // nothing to upload
    CHECK_FALSE(r.uses("github/codeql-action/upload-sarif").ran);
  }
  SUBCASE("a shallow checkout, which lacks the merge base") {
    repo.publish();
    GithubJob shallow = job;
    shallow.workspace = repo.clone("shallow", {"--depth", "1", "--branch", "feature"});
    ActionRun r = shallow.run({});
    INFO("stderr: " << r.step("gate").result.err);
    CHECK(r.exit_code == 2);
    CHECK(r.step("gate").result.err.find("fetch") != std::string::npos);
  }
  SUBCASE("a sarif input that is neither true nor false") {
    ActionRun r = job.run({{"sarif", "yes"}});
    CHECK(r.exit_code == 2);
    CHECK(r.step("gate").result.out.find("::error") != std::string::npos);
  }
  SUBCASE("a format the gate does not know") { CHECK(job.run({{"format", "xml"}}).exit_code == 2); }
}

TEST_CASE("action.yml: every input is described, has a default and is used, and only via env") {
  json action = action_yml();
  REQUIRE(action["runs"]["using"] == "composite");
  const std::set<std::string> expected = {"format", "sarif", "reviews", "teams"};
  std::set<std::string> declared;
  // Items named, not structured bindings: clang 14 cannot capture one in CHECK_MESSAGE.
  for (const auto& item : action["inputs"].items()) {
    const std::string name = item.key();
    const json& input = item.value();
    declared.insert(name);
    CHECK_MESSAGE(!str(input, "description").empty(), name);
    CHECK_MESSAGE(input.contains("default"), name);
  }
  CHECK(declared == expected);
  const std::string docs = file_text(source_dir / "docs/ci.md");
  for (const std::string& name : declared)  // the table of inputs in docs/ci.md
    CHECK_MESSAGE(docs.find("| `" + name + "` |") != std::string::npos, name);

  // Where the steps read an input: ${{ inputs.NAME }} anywhere in a step.
  std::set<std::string> used;
  const std::regex reference(R"(inputs\.([A-Za-z0-9_-]+))");
  for (const json& step : action["runs"]["steps"]) {
    const std::string text = step.dump();
    for (std::sregex_iterator it(text.begin(), text.end(), reference), end; it != end; ++it)
      used.insert((*it)[1].str());
  }
  CHECK(used == declared);
  // An input pasted into a script's text could inject shell; the env: map quotes it.
  for (const std::string& run : action_run_texts(action))
    CHECK_MESSAGE(run.find("${{") == std::string::npos, run);
  for (const auto& item : action["outputs"].items()) {
    const std::string name = item.key();
    CHECK_MESSAGE(str(item.value(), "value").find("steps.gate.outputs.") != std::string::npos,
                  name);
  }
}

TEST_CASE("action.yml: the build is ci/install.sh, cached by the action's files and the system") {
  json action = action_yml();
  std::vector<std::string> before_gate;
  for (const json& step : action["runs"]["steps"]) {
    if (str(step, "id") == "gate") break;
    before_gate.push_back(step.dump());
  }
  const std::string all = json(before_gate).dump();
  CHECK(all.find("actions/cache/restore@") != std::string::npos);
  CHECK(all.find("actions/cache/save@") != std::string::npos);
  CHECK(all.find("$GITHUB_ACTION_PATH/ci/install.sh") != std::string::npos);
  CHECK(all.find("RUNNER_OS") != std::string::npos);

  // The key step runs here too: the gate's version, the system, a hash of the files.
  TempDir tmp;
  ActionRunOptions o;
  o.from_step = "key";
  o.workspace = tmp.path();
  o.temp = tmp.path();
  o.action_path = source_dir.string();
  json key_only = action;
  key_only["runs"]["steps"] = json::array({action["runs"]["steps"][0]});
  ActionRun first = run_action(key_only, o), second = run_action(key_only, o);
  INFO(first.step("key").result.err);
  REQUIRE(first.exit_code == 0);
  std::map<std::string, std::string> outputs = first.step("key").outputs;
  const std::string version = trimmed(run({cli_path(), "--version"}).out);
  REQUIRE(version.rfind("git-gate ", 0) == 0);
  const std::string v = std::regex_replace(version.substr(9), std::regex("\\."), "\\.");
  CHECK_MESSAGE(
      std::regex_match(outputs["key"],
                       std::regex("git-gate-" + v + "-Linux-X64-[a-z]+-[0-9.]+-[0-9a-f]{16}")),
      outputs["key"]);
  CHECK(outputs["prefix"] == (tmp.path() / ("git-gate-" + version.substr(9))).string());
  CHECK(second.step("key").outputs == outputs);  // the same files, the same key
}

TEST_CASE("docs/ci.md: the example workflow runs the action on the three events, with its inputs") {
  json workflow = parse_yaml_subset(docs_yaml_after("### The workflow"));
  for (const char* event : {"pull_request", "pull_request_review", "merge_group"})
    CHECK_MESSAGE(workflow["on"].contains(event), event);
  std::set<std::string> declared;
  const json inputs = action_yml()["inputs"];
  for (const auto& [name, input] : inputs.items()) declared.insert(name);
  const std::string version = trimmed(run({cli_path(), "--version"}).out).substr(9);
  bool action = false, checkout = false, reviews = false;
  for (const json& step : workflow["jobs"]["gate"]["steps"]) {
    const std::string uses = str(step, "uses");
    if (uses.rfind("actions/checkout@", 0) == 0)
      checkout = str(step["with"], "fetch-depth") == "0";  // the merge base must be there
    reviews = reviews || str(step, "run").find("gh api --paginate --slurp") != std::string::npos;
    if (uses.rfind("acme/git-gate@", 0) != 0) continue;
    action = true;
    CHECK(uses == "acme/git-gate@v" + version);
    for (const auto& item : step["with"].items()) {
      const std::string name = item.key();
      CHECK_MESSAGE(declared.count(name) == 1, name);
    }
  }
  CHECK(action);
  CHECK(checkout);
  CHECK(reviews);
}

}  // namespace gate::test
