#include "ci_fixtures.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <iterator>

extern char** environ;

namespace gate::test {
namespace fs = std::filesystem;

std::string ci_policy(int max_lines, const std::string& rules) {
  const std::string limits = "max_lines = " + std::to_string(max_lines) + "\nmax_files = 5\n";
  return "version = 1\n"
         "timezone = \"UTC\"\n"
         "protected = [\"refs/heads/main\", \"refs/heads/release/*\", \"refs/tags/v*\"]\n" +
         (rules.empty() ? "" : "\n[rules]\n" + rules + "\n") +
         "\n[size]\nmax_components = 1\n"
         "\n[[component]]\nname = \"api\"\npaths = [\"/api/\"]\n" +
         limits + "\n[[component]]\nname = \"web\"\npaths = [\"/web/\"]\n" + limits +
         "\n[[freeze]]\nid = \"friday-afternoon\"\nweekly = \"Fri 12:00 - Mon 06:00\"\n"
         "\n[owners.teams]\n"
         "\"@acme/api\" = [\"@carol\", \"@dave\"]\n"
         "\"@acme/web\" = [\"@wendy\"]\n"
         "\"@acme/ops\" = [\"@olga\"]\n"
         "\n[owners.people]\n"
         "\"author@example.com\" = \"@tess\"\n";
}

Env ci_env(const Env& extra) {
  // A test run inside GitHub Actions or GitLab CI must not hand the job's own variables
  // to the program under test: every variable a provider or the gate reads is unset.
  Env env;
  for (const char* fixed : {"CI", "GITHUB_ACTIONS", "GITLAB_CI", "GITHUB_EVENT_NAME",
                            "GITHUB_EVENT_PATH", "GITHUB_STEP_SUMMARY", "GATE_FORMAT"})
    env[fixed] = std::nullopt;
  for (char** e = environ; *e; ++e) {
    std::string kv = *e;
    std::string key = kv.substr(0, kv.find('='));
    for (const char* prefix : {"GITHUB_", "GITLAB_", "CI_", "RUNNER_", "GATE_"})
      if (key.rfind(prefix, 0) == 0) env[key] = std::nullopt;
  }
  env["GATE_NOW"] = ci_wednesday;
  for (const auto& [key, value] : extra) env[key] = value;
  return env;
}

RunResult gate_ci(const fs::path& dir, const std::vector<std::string>& args, const Env& env) {
  std::vector<std::string> argv = {cli_path(), "ci"};
  argv.insert(argv.end(), args.begin(), args.end());
  RunOptions options;
  options.cwd = dir;
  options.env = ci_env(env);
  return run(argv, options);
}

JsonRun gate_ci_json(const fs::path& dir, const std::vector<std::string>& args, const Env& env) {
  std::vector<std::string> full = {"--format", "json"};
  full.insert(full.end(), args.begin(), args.end());
  JsonRun r;
  r.result = gate_ci(dir, full, env);
  INFO("exit " << r.result.exit_code << "\nstderr: " << r.result.err);
  r.json = parse_json(r.result.out);
  return r;
}

std::string expect_json_error(const JsonRun& r) {
  INFO("stdout: " << r.result.out << "\nstderr: " << r.result.err);
  CHECK(r.result.exit_code == 2);
  REQUIRE(r.json.is_object());
  CHECK(r.json.size() == 2);  // nothing but schema_version and error
  CHECK(num(r.json, "schema_version") == 1);
  REQUIRE(r.json.contains("error"));
  const nlohmann::json& error = r.json["error"];
  REQUIRE(error.is_object());
  CHECK(error.contains("location"));
  CHECK((error["location"].is_null() || error["location"].is_string()));
  CHECK_FALSE(str(error, "message").empty());
  return str(error, "message");
}

void expect_judged_range(const nlohmann::json& report, const fs::path& dir,
                         const std::string& target, const std::string& head) {
  const std::string base = merge_base(dir, target, head);
  REQUIRE(report.contains("change"));
  CHECK(str(report["change"], "base") == base);
  CHECK(str(report["change"], "head") == rev_parse(dir, head));
  expect_files_match(report, numstat(dir, base, head));
}

bool any_severity(const nlohmann::json& report, const std::string& severity) {
  if (!report.is_object() || !report.contains("findings")) return false;
  for (const nlohmann::json& f : report["findings"])
    if (str(f, "severity") == severity) return true;
  return false;
}

std::vector<nlohmann::json> findings_at(const nlohmann::json& report, const std::string& rule,
                                        const std::string& severity) {
  std::vector<nlohmann::json> out;
  for (const nlohmann::json& f : findings_with_rule(report, rule))
    if (str(f, "severity") == severity) out.push_back(f);
  return out;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

bool has_notice(const nlohmann::json& report, const std::vector<std::string>& parts) {
  if (!report.is_object() || !report.contains("notices") || !report["notices"].is_array())
    return false;
  for (const nlohmann::json& n : report["notices"]) {
    if (!n.is_string()) continue;
    const std::string text = n.get<std::string>();
    if (std::all_of(parts.begin(), parts.end(),
                    [&](const std::string& p) { return contains(text, p); }))
      return true;
  }
  return false;
}

CiRepo::CiRepo(const std::string& policy, const std::string& codeowners)
    : work(tmp.path() / "work"), remote(tmp.path() / "remote.git") {
  init_repo(work);
  write("policy.toml", policy);
  write(".github/CODEOWNERS", codeowners);
  write("README.md", lines_of(5, "readme"));
  write("api/server.c", lines_of(20, "server"));
  write("web/index.js", lines_of(20, "index"));
  write("docs/notes.md", lines_of(10, "notes"));
  base = commit("base");
  write("docs/notes.md", lines_of(12, "notes, later"));
  main = commit("main moves on");
  git(tmp.path(), {"init", "-q", "--bare", "-b", "main", remote.string()});
  // Partial clones need the server to honour --filter.
  git(remote, {"config", "uploadpack.allowFilter", "true"});
  git(work, {"remote", "add", "origin", remote.string()});
  publish();
}

void CiRepo::write(const std::string& relative, const std::string& content) const {
  write_file(work, relative, content);
}

std::string CiRepo::commit(const std::string& message) const { return commit_all(work, message); }

void CiRepo::branch(const std::string& name, const std::string& start) const {
  git(work, {"checkout", "-q", "-B", name, start});
}

void CiRepo::checkout(const std::string& rev) const { git(work, {"checkout", "-q", rev}); }

void CiRepo::publish() const {
  git(work, {"push", "-q", "-f", "origin", "refs/heads/*:refs/heads/*", "refs/tags/*:refs/tags/*"});
}

fs::path CiRepo::clone(const std::string& name, const std::vector<std::string>& options) const {
  fs::path dir = tmp.path() / name;
  // file:// so that --depth and --filter apply (a plain path clones locally, in full).
  std::vector<std::string> args = {"clone", "-q"};
  args.insert(args.end(), options.begin(), options.end());
  args.push_back("file://" + remote.string());
  args.push_back(dir.string());
  git(tmp.path(), args);
  return dir;
}

std::string CiRepo::write_json(const std::string& name, const nlohmann::json& doc) const {
  return write_text(name, doc.dump(2) + "\n");
}

std::string CiRepo::write_text(const std::string& name, const std::string& text) const {
  write_file(tmp.path(), name, text);
  return (tmp.path() / name).string();
}

std::string CiRepo::feature(const std::map<std::string, std::string>& files,
                            const std::string& name) const {
  branch(name, base);
  for (const auto& [path, content] : files) write(path, content);
  return commit("feature " + name);
}

Pushed::Pushed(const std::string& branch,
               const std::vector<std::pair<std::string, std::string>>& commits) {
  repo.branch(branch, repo.main);
  for (const auto& [path, content] : commits) {
    repo.write(path, content);
    tips.push_back(repo.commit("push " + path));
  }
  repo.publish();
  ci = repo.clone("ci");
}

Env github_env(const std::string& event, const std::string& payload) {
  return {{"GITHUB_ACTIONS", "true"},
          {"CI", "true"},
          {"GITHUB_EVENT_NAME", event},
          {"GITHUB_EVENT_PATH", payload},
          {"GITHUB_REPOSITORY", "acme/voice"}};
}

namespace {

nlohmann::json repository_object() {
  return {{"full_name", "acme/voice"},
          {"name", "voice"},
          {"owner", {{"login", "acme"}}},
          {"default_branch", "main"}};
}

}  // namespace

nlohmann::json pull_request_payload(const std::string& base_sha, const std::string& head_sha,
                                    const std::string& opener, int number,
                                    const std::string& base_ref) {
  return {{"action", "synchronize"},
          {"number", number},
          {"pull_request",
           {{"number", number},
            {"title", "A change"},
            {"user", {{"login", opener}, {"type", "User"}}},
            {"base", {{"ref", base_ref}, {"sha", base_sha}, {"repo", repository_object()}}},
            {"head", {{"ref", "feature"}, {"sha", head_sha}, {"repo", repository_object()}}}}},
          {"repository", repository_object()},
          {"sender", {{"login", opener}}}};
}

nlohmann::json merge_group_payload(const std::string& base_sha, const std::string& head_sha,
                                   const std::string& base_ref) {
  return {{"action", "checks_requested"},
          {"merge_group",
           {{"head_sha", head_sha},
            {"head_ref", "refs/heads/gh-readonly-queue/main/pr-7-" + base_sha},
            {"base_sha", base_sha},
            {"base_ref", base_ref},
            {"head_commit", {{"id", head_sha}, {"message", "Merge pull request #7"}}}}},
          {"repository", repository_object()},
          {"sender", {{"login", "github-merge-queue[bot]"}}}};
}

nlohmann::json push_payload(const std::string& ref, const std::string& before,
                            const std::string& after, bool deleted) {
  return {{"ref", ref},
          {"before", before},
          {"after", after},
          {"created", before == zero_id_40},
          {"deleted", deleted},
          {"forced", false},
          {"base_ref", nullptr},
          {"repository", repository_object()},
          {"pusher", {{"name", "tess"}}},
          {"sender", {{"login", "tess"}}}};
}

Env gitlab_mr_env(const std::string& target, const std::string& diff_base, const std::string& head,
                  const std::string& target_sha, const std::string& iid) {
  Env env = {{"GITLAB_CI", "true"},
             {"CI", "true"},
             {"CI_PIPELINE_SOURCE", "merge_request_event"},
             {"CI_MERGE_REQUEST_IID", iid},
             {"CI_MERGE_REQUEST_TARGET_BRANCH_NAME", target},
             {"CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", "feature"},
             {"CI_MERGE_REQUEST_DIFF_BASE_SHA", diff_base},
             {"CI_COMMIT_SHA", head},
             {"CI_COMMIT_REF_NAME", "feature"},
             {"CI_PROJECT_PATH", "acme/voice"}};
  if (!target_sha.empty()) env["CI_MERGE_REQUEST_TARGET_BRANCH_SHA"] = target_sha;
  return env;
}

Env gitlab_push_env(const std::string& sha, const std::string& before, const std::string& branch,
                    const std::string& tag) {
  Env env = {{"GITLAB_CI", "true"},
             {"CI", "true"},
             {"CI_PIPELINE_SOURCE", "push"},
             {"CI_COMMIT_SHA", sha},
             {"CI_COMMIT_BEFORE_SHA", before},
             {"CI_COMMIT_REF_NAME", tag.empty() ? branch : tag},
             {"CI_DEFAULT_BRANCH", "main"},
             {"CI_PROJECT_PATH", "acme/voice"}};
  if (tag.empty())
    env["CI_COMMIT_BRANCH"] = branch;
  else
    env["CI_COMMIT_TAG"] = tag;
  return env;
}

nlohmann::json github_review(const std::string& login, const std::string& state,
                             const std::string& commit) {
  return {{"id", 1},
          {"user", {{"login", login}, {"type", "User"}}},
          {"body", ""},
          {"state", state},
          {"commit_id", commit},
          {"submitted_at", "2026-07-08T09:00:00Z"}};
}

nlohmann::json gitlab_approvals(const std::vector<std::string>& usernames) {
  nlohmann::json approved_by = nlohmann::json::array();
  for (const std::string& u : usernames)
    approved_by.push_back({{"user", {{"username", u}, {"name", u}, {"state", "active"}}}});
  return {{"approvals_required", 1}, {"approvals_left", 0}, {"approved_by", approved_by}};
}

std::vector<std::string> list_dir(const fs::path& dir) {
  std::vector<std::string> names;
  for (const fs::directory_entry& e : fs::directory_iterator(dir))
    names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

std::string file_text(const fs::path& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

}  // namespace gate::test
