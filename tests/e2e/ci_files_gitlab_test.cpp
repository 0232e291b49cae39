// The GitLab CI template (ci/git-gate.gitlab-ci.yml; docs/ci.md): the script of its hidden
// job `.git-gate` runs as GitLab's runner runs it, with faked CI_* variables, in real
// clones, with the built git-gate in place of the one its before_script builds (GATE_BIN).
// The API it calls for approvals is a stand-in `curl` that serves files.

#include <doctest/doctest.h>

#include <set>

#include "ci_files.hpp"
#include "ci_fixtures.hpp"
#include "yaml_subset.hpp"

namespace gate::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path source_dir = GATE_SOURCE_DIR;

json template_job() {
  json doc = parse_yaml_subset(file_text(source_dir / "ci/git-gate.gitlab-ci.yml"));
  REQUIRE(doc.contains(".git-gate"));
  return doc[".git-gate"];
}

/// A merge request from a feature branch writing `files`, published, and a full clone.
struct MergeRequest {
  CiRepo repo;
  std::string head;
  fs::path ci;
  explicit MergeRequest(const std::map<std::string, std::string>& files,
                        const std::string& policy = ci_policy())
      : repo(policy) {
    head = repo.feature(files);
    repo.publish();
    ci = repo.clone("ci");
  }
  Env env(Env extra = {}) const {
    Env e = gitlab_mr_env("main", merge_base(repo.work, repo.main, head), head);
    e["GATE_BIN"] = cli_path();
    for (auto& [key, value] : extra) e[key] = value;
    return e;
  }
  RunResult run(const Env& extra = {}) const {
    return run_gitlab_job(template_job(), {"script"}, ci, env(extra));
  }
};

/// The Code Quality report the job left, parsed; fails the test unless it is a JSON array.
json code_quality(const fs::path& project) {
  json job = template_job();
  const std::string file = str(job["artifacts"]["reports"], "codequality");
  REQUIRE_FALSE(file.empty());
  json report = parse_json(file_text(project / file));
  REQUIRE(report.is_array());
  return report;
}

bool names_rule(const json& report, const std::string& rule) {
  for (const json& issue : report)
    if (str(issue, "check_name") == rule) return true;
  return false;
}

/// The rules of the Code Quality issues, and of the findings of the JSON report.
std::set<std::string> issue_rules(const json& report) {
  std::set<std::string> rules;
  for (const json& issue : report) rules.insert(str(issue, "check_name"));
  return rules;
}
std::set<std::string> finding_rules(const json& report) {
  std::set<std::string> rules;
  for (const json& finding : report["findings"]) rules.insert(str(finding, "rule"));
  return rules;
}

/// A `curl` that answers GitLab API URLs under CI_API_V4_URL from files in `dir` (the
/// URL's path with '/' as '_'), logs each request with its PRIVATE-TOKEN header, and
/// fails as `curl -f` does (exit 22) for a URL it has no file for.
void fake_api(const fs::path& dir) {
  write_file(dir, "bin/curl",
             "#!/bin/sh\n"
             "out=- url= header=\n"
             "while [ $# -gt 0 ]; do\n"
             "  case \"$1\" in\n"
             "    -o) out=$2; shift 2 ;;\n"
             "    -H) header=$2; shift 2 ;;\n"
             "    -*) shift ;;\n"
             "    *) url=$1; shift ;;\n"
             "  esac\n"
             "done\n"
             "echo \"$header $url\" >>\"$FAKE_API/log\"\n"
             "name=$(printf %s \"${url#\"$CI_API_V4_URL\"/}\" | tr / _)\n"
             "[ -f \"$FAKE_API/$name\" ] || { echo \"curl: (22) 404 $url\" >&2; exit 22; }\n"
             "if [ \"$out\" = - ]; then cat \"$FAKE_API/$name\"; else cp \"$FAKE_API/$name\" "
             "\"$out\"; fi\n");
  fs::permissions(dir / "bin/curl", fs::perms::owner_all, fs::perm_options::add);
}

/// The environment of a job with GATE_API_TOKEN whose merge request !12 of project 42 was
/// opened by `author` and approved by `approvers`.
Env api_env(const fs::path& dir, const std::string& author,
            const std::vector<std::string>& approvers) {
  fake_api(dir);
  write_file(dir, "projects_42_merge_requests_12",
             json({{"iid", 12}, {"author", {{"username", author}}}}).dump());
  write_file(dir, "projects_42_merge_requests_12_approvals", gitlab_approvals(approvers).dump());
  const char* path = std::getenv("PATH");
  return {{"FAKE_API", dir.string()},
          {"PATH", (dir / "bin").string() + ":" + (path ? path : "/usr/bin:/bin")},
          {"CI_API_V4_URL", "https://gitlab.example/api/v4"},
          {"CI_PROJECT_ID", "42"},
          {"GATE_API_TOKEN", "glpat-test"}};
}

}  // namespace

TEST_CASE("GitLab template: a blocked merge request exits 1 and leaves the Code Quality report") {
  MergeRequest mr({{"api/big.c", lines_of(80, "big")}});
  const std::string approvals = mr.repo.write_json("approvals.json", gitlab_approvals({"dave"}));
  RunResult r = mr.run({{"GATE_REVIEWS", approvals}});
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  CHECK(r.exit_code == 1);
  json report = code_quality(mr.ci);
  CHECK(names_rule(report, "size.component"));
  CHECK_FALSE(names_rule(report, "owners.approval"));  // dave's approval was read
  const json paths = template_job()["artifacts"]["paths"];
  REQUIRE_FALSE(paths.empty());
  for (const json& path : paths) CHECK_MESSAGE(fs::exists(mr.ci / path.get<std::string>()), path);
  json full = parse_json(file_text(mr.ci / "git-gate.json"));
  CHECK(str(full, "verdict") == "block");
  CHECK(issue_rules(report) == finding_rules(full));
  CHECK(str(full["ci"], "provider") == "gitlab");
  CHECK(r.out.find("size.component") != std::string::npos);  // the text report in the log
}

TEST_CASE("GitLab template: an allowed merge request exits 0, its report without a blocker") {
  MergeRequest mr({{"api/util.c", lines_of(4, "util")}});
  const std::string approvals = mr.repo.write_json("approvals.json", gitlab_approvals({"dave"}));
  RunResult r = mr.run({{"GATE_REVIEWS", approvals}, {"GATE_CI_FORMAT", "json"}});
  INFO("stderr: " << r.err);
  CHECK(r.exit_code == 0);
  json stdout_report = parse_json(r.out);  // GATE_CI_FORMAT: stdout is the JSON report
  CHECK(str(stdout_report, "verdict") == "allow");
  json report = code_quality(mr.ci);
  CHECK(issue_rules(report) == finding_rules(stdout_report));
  for (const json& issue : report) CHECK(str(issue, "severity") != "blocker");
}

TEST_CASE("GitLab template: a clone of the source branch alone fetches the target's tip") {
  MergeRequest mr({{"api/util.c", lines_of(4, "util")}});
  // As GitLab clones for a merge request pipeline: the source branch only.
  const fs::path ci = mr.repo.clone("single", {"--single-branch", "--branch", "feature"});
  REQUIRE(run({"git", "-C", ci.string(), "rev-parse", "--verify", "-q", "refs/remotes/origin/main"})
              .exit_code != 0);
  const std::string approvals = mr.repo.write_json("approvals.json", gitlab_approvals({"dave"}));
  RunResult r =
      run_gitlab_job(template_job(), {"script"}, ci, mr.env({{"GATE_REVIEWS", approvals}}));
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  CHECK(r.exit_code == 0);
  json full = parse_json(file_text(ci / "git-gate.json"));
  CHECK(str(full["ci"], "trusted") == mr.repo.main);  // not the merge base
  CHECK(rev_parse(ci, "refs/remotes/origin/main") == mr.repo.main);
}

TEST_CASE("GitLab template: a branch pipeline on main is judged as the push") {
  CiRepo repo(ci_policy(50, "\"owners.approval\" = \"off\""));
  repo.checkout("main");
  repo.write("api/util.c", lines_of(4, "util"));
  const std::string tip = repo.commit("small");
  repo.publish();
  const fs::path ci = repo.clone("ci");
  Env env = gitlab_push_env(tip, repo.main, "main");
  env["GATE_BIN"] = cli_path();
  RunResult r = run_gitlab_job(template_job(), {"script"}, ci, env);
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  CHECK(r.exit_code == 0);
  json full = parse_json(file_text(ci / "git-gate.json"));
  CHECK(str(full["change"], "base") == repo.main);
  CHECK(str(full["ci"], "event") == "push");
  CHECK(issue_rules(code_quality(ci)) == finding_rules(full));
}

TEST_CASE("GitLab template: with GATE_API_TOKEN the approvals and the author come from the API") {
  if (run({"jq", "--version"}).exit_code != 0) {
    MESSAGE("jq is not installed: the API case of the GitLab template is skipped");
    return;
  }
  MergeRequest mr({{"api/util.c", lines_of(4, "util")}});
  TempDir api;

  RunResult approved = mr.run(api_env(api.path(), "carol", {"dave"}));
  INFO("stdout: " << approved.out << "\nstderr: " << approved.err);
  CHECK(approved.exit_code == 0);
  const std::string log = file_text(api.path() / "log");
  CHECK(log.find("PRIVATE-TOKEN: glpat-test https://gitlab.example/api/v4/projects/42/"
                 "merge_requests/12/approvals") != std::string::npos);
  json full = parse_json(file_text(mr.ci / "git-gate.json"));
  CHECK(full["approvers"] == json::array({"@dave"}));
  CHECK_FALSE(has_notice(full, {"--author"}));  // the author was named

  // The author's own approval does not count: the API's author reached --author.
  RunResult own = mr.run(api_env(api.path(), "dave", {"dave"}));
  CHECK(own.exit_code == 1);
  CHECK(names_rule(code_quality(mr.ci), "owners.approval"));

  // An API that fails is an error, never a pass.
  Env broken = api_env(api.path(), "carol", {});
  fs::remove(api.path() / "projects_42_merge_requests_12_approvals");
  RunResult failed = mr.run(broken);
  CHECK(failed.exit_code != 0);
  CHECK(failed.err.find("curl: (22)") != std::string::npos);
}

TEST_CASE("GitLab template: a hidden job to extend, the gate's version, the report, the build") {
  json doc = parse_yaml_subset(file_text(source_dir / "ci/git-gate.gitlab-ci.yml"));
  // Keys named, not structured bindings: clang 14 cannot capture one in CHECK_MESSAGE.
  for (const auto& item : doc.items()) {
    const std::string name = item.key();
    CHECK_MESSAGE(name.front() == '.', name << " would add a job to every including pipeline");
  }
  json job = template_job();
  for (const char* name : {"GATE_VERSION", "GATE_SOURCE", "GIT_DEPTH"})
    CHECK_MESSAGE(!str(job["variables"], name).empty(), name);
  CHECK(str(job["variables"], "GIT_DEPTH") == "0");  // the merge base must be in the clone
  // The template of a release builds that release.
  const std::string version = trimmed(run({cli_path(), "--version"}).out);
  REQUIRE(version.rfind("git-gate ", 0) == 0);
  CHECK(str(job["variables"], "GATE_VERSION") == "v" + version.substr(9));
  const std::string docs = file_text(source_dir / "docs/ci.md");
  for (const auto& item : job["variables"].items()) {  // the table in docs/ci.md
    const std::string name = item.key();
    CHECK_MESSAGE(docs.find("| `" + name + "` |") != std::string::npos, name);
  }
  const std::string report = str(job["artifacts"]["reports"], "codequality");
  std::string script;
  for (const std::string& text : gitlab_script_texts(job)) script += text;
  CHECK(script.find("--output gitlab=" + report) != std::string::npos);
  CHECK(script.find("/ci/install.sh\"") != std::string::npos);
  CHECK(script.find("$GATE_VERSION") != std::string::npos);
  // The cache holds GATE_DIR, which must lie in the project directory GitLab caches from.
  const std::string dir = str(job["variables"], "GATE_DIR");
  REQUIRE(dir.rfind("$CI_PROJECT_DIR/", 0) == 0);
  CHECK(job["cache"]["paths"] == json::array({dir.substr(16) + "/"}));
}

}  // namespace gate::test
