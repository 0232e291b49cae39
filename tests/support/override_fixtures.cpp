#include "override_fixtures.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>

namespace gate::test {
namespace fs = std::filesystem;

std::string override_policy(const std::string& repository, const std::string& overrides_extra,
                            const std::string& approvers_extra) {
  // ci_policy() ends inside [owners.people]: these lines join it.
  return ci_policy() + "\"" + vp_email + "\" = \"@vp\"\n\"" + olga_email + "\" = \"@olga\"\n" +
         "\n[overrides]\nrepository = \"" + repository + "\"\nmax_duration = \"24h\"\n" +
         overrides_extra + (overrides_extra.empty() ? "" : "\n") +
         "\n[[overrides.approver]]\nprincipal = \"" + vp_email +
         "\"\nrules = [\"size.*\", \"window.*\"]\n" + "\n[[overrides.approver]]\nprincipal = \"" +
         cto_email + "\"\nrules = [\"*\"]\n" + "\n[[overrides.approver]]\nprincipal = \"" +
         author_email + "\"\nrules = [\"size.*\"]\n" + approvers_extra;
}

IsolatedHome::IsolatedHome() {
  for (const char* name : {"HOME", "XDG_CONFIG_HOME", "SSH_AUTH_SOCK"}) {
    const char* old = std::getenv(name);
    saved_.emplace_back(name, old ? std::optional<std::string>(old) : std::nullopt);
    unsetenv(name);
  }
  setenv("HOME", dir_.str().c_str(), 1);
}

IsolatedHome::~IsolatedHome() {
  for (const auto& [name, value] : saved_) {
    if (value)
      setenv(name.c_str(), value->c_str(), 1);
    else
      unsetenv(name.c_str());
  }
}

OverrideRepo::OverrideRepo(const std::string& policy) : repo(policy), work(repo.work) {
  fs::create_directories(home.path() / "keys");
  for (const char* name : {"vp", "cto", "author", "olga", "mallory"}) {
    RunResult made =
        run({"ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", key(name)});
    INFO(made.err);
    REQUIRE(made.exit_code == 0);
  }
  repo.checkout("main");
  repo.write(".gate/allowed_signers", signer_line(vp_email, "vp") + signer_line(cto_email, "cto") +
                                          signer_line(author_email, "author") +
                                          signer_line(olga_email, "olga"));
  trusted = repo.commit("allowed signers");
  repo.publish();
}

std::string OverrideRepo::key(const std::string& name) const {
  if (name.find('/') != std::string::npos) return name;
  return (home.path() / "keys" / name).string();
}

std::string OverrideRepo::signer_line(const std::string& principal, const std::string& name) const {
  std::string pub = trimmed(file_text(key(name) + ".pub"));
  REQUIRE_FALSE(pub.empty());
  // Options are one comma-separated field: a space would end it.
  return principal + " namespaces=\"" + override_namespace + "\" " + pub + "\n";
}

std::string OverrideRepo::change(const std::string& name,
                                 const std::map<std::string, std::string>& files,
                                 const RunOptions& as) const {
  repo.branch(name, trusted);
  for (const auto& [path, content] : files) repo.write(path, content);
  return commit_all(work, "change " + name, as);
}

std::string OverrideRepo::oversized_change(const std::string& name,
                                           const std::map<std::string, std::string>& files,
                                           const RunOptions& as, const std::string& start) const {
  std::map<std::string, std::string> all = files;
  all.emplace("api/big.c", lines_of(80, "big " + name));
  repo.branch(name, start.empty() ? trusted : start);
  for (const auto& [path, content] : all) repo.write(path, content);
  return commit_all(work, "oversized " + name, as);
}

Env OverrideRepo::env(const std::string& now, const Env& extra) const {
  Env env = {{"HOME", home.path().string()},
             {"GATE_NOW", now},
             {"XDG_CONFIG_HOME", std::nullopt},
             {"SSH_AUTH_SOCK", std::nullopt}};
  for (const auto& [key, value] : extra) env[key] = value;
  return ci_env(env);
}

RunResult OverrideRepo::gate(const std::vector<std::string>& args, const std::string& now,
                             const fs::path& dir, const Env& extra) const {
  std::vector<std::string> argv = {cli_path()};
  argv.insert(argv.end(), args.begin(), args.end());
  RunOptions options;
  options.cwd = dir.empty() ? work : dir;
  options.env = env(now, extra);
  return run(argv, options);
}

namespace {

bool has_option(const std::vector<std::string>& args, const std::string& option) {
  return std::find(args.begin(), args.end(), option) != args.end();
}

}  // namespace

Approval OverrideRepo::approve(const std::string& commit, const Grant& g) const {
  std::vector<std::string> args = {"override", "approve", commit};
  for (const std::string& rule : g.rules) args.insert(args.end(), {"--rule", rule});
  args.insert(args.end(), {"--reason", g.reason, "--expires", g.expires, "--principal", g.principal,
                           "--key", key(g.key)});
  if (g.base && !has_option(g.extra, "--base")) args.insert(args.end(), {"--base", trusted});
  args.insert(args.end(), g.extra.begin(), g.extra.end());
  Approval a;
  a.result = gate(args, g.now, g.dir);
  // "override <16 hex> of <rules> for <commit>: ..."
  const std::string& out = a.result.out;
  if (a.result.exit_code == 0 && out.rfind("override ", 0) == 0 && out.size() > 25)
    a.id = out.substr(9, 16);
  return a;
}

JsonRun OverrideRepo::check(const std::string& head, const std::string& now,
                            const std::vector<std::string>& extra) const {
  std::vector<std::string> args = {"check",  "--format", "json",  "--base",         trusted,
                                   "--head", head,       "--ref", "refs/heads/main"};
  args.insert(args.end(), extra.begin(), extra.end());
  JsonRun r;
  r.result = gate(args, now);
  INFO("check exit " << r.result.exit_code << "\nstderr: " << r.result.err);
  r.json = parse_json(r.result.out);
  return r;
}

OverrideRepo::Verified OverrideRepo::verify(const std::string& commit, const std::string& now,
                                            const std::vector<std::string>& extra,
                                            const std::string& verb) const {
  std::vector<std::string> args = {"override", verb, "--format", "json", commit};
  if (!has_option(extra, "--base")) args.insert(args.end(), {"--base", trusted});
  args.insert(args.end(), extra.begin(), extra.end());
  Verified v;
  v.result = gate(args, now);
  INFO(verb << " exit " << v.result.exit_code << "\nstdout: " << v.result.out
            << "\nstderr: " << v.result.err);
  std::size_t pos = 0;
  const std::string& out = v.result.out;
  while (pos < out.size()) {
    std::size_t end = std::min(out.find('\n', pos), out.size());
    if (end > pos) v.statuses.push_back(parse_json(out.substr(pos, end - pos)));
    pos = end + 1;
  }
  return v;
}

JsonRun OverrideRepo::ci_pull_request(const std::string& head, const std::string& opener,
                                      const std::string& now) const {
  Env github = github_env(
      "pull_request", repo.write_json("event.json", pull_request_payload(trusted, head, opener)));
  JsonRun r;
  r.result = gate({"ci", "--format", "json", "--approved-by", "@dave"}, now, {}, github);
  INFO("ci exit " << r.result.exit_code << "\nstderr: " << r.result.err);
  r.json = parse_json(r.result.out);
  return r;
}

std::string OverrideRepo::note(const std::string& commit, const fs::path& dir) const {
  RunResult r = run(
      {"git", "-C", (dir.empty() ? work : dir).string(), "notes", "--ref=gate", "show", commit});
  return r.exit_code == 0 ? r.out : "";
}

void OverrideRepo::set_note(const std::string& commit, const std::string& text) const {
  git(work, {"notes", "--ref=gate", "add", "-f", "-F", repo.write_text("note.txt", text), commit});
}

std::string OverrideRepo::notes_tip(const fs::path& dir) const {
  RunResult r = run({"git", "-C", (dir.empty() ? work : dir).string(), "rev-parse", "-q",
                     "--verify", "refs/notes/gate"});
  return r.exit_code == 0 ? trimmed(r.out) : "";
}

std::string OverrideRepo::policy_commit(const std::string& name, const std::string& policy) const {
  repo.branch(name, trusted);
  repo.write("policy.toml", policy);
  return repo.commit("policy of " + name);
}

nlohmann::json only_override(const nlohmann::json& report) {
  INFO("report: " << report.dump(1));
  REQUIRE(report.is_object());
  REQUIRE(report.contains("overrides"));
  REQUIRE(report["overrides"].is_array());
  REQUIRE(report["overrides"].size() == 1);
  return report["overrides"][0];
}

nlohmann::json only_finding(const nlohmann::json& report, const std::string& rule,
                            const std::string& severity) {
  std::vector<nlohmann::json> found = findings_at(report, rule, severity);
  INFO("no single " << severity << " finding of " << rule << " in " << report.dump(1));
  REQUIRE(found.size() == 1);
  return found[0];
}

nlohmann::json expect_rejected(const JsonRun& r, const std::string& rule,
                               const std::vector<std::string>& why_parts) {
  INFO("stderr: " << r.result.err);
  CHECK(r.result.exit_code == 1);
  CHECK(str(r.json, "verdict") == "block");
  nlohmann::json status = only_override(r.json);
  CHECK(str(status, "status") == "rejected");
  for (const std::string& part : why_parts) {
    INFO("why: " << str(status, "why"));
    CHECK(contains(str(status, "why"), part));
  }
  CHECK(only_finding(r.json, rule)["overridden_by"].is_null());
  return status;
}

int record_count(const std::string& note) {
  int count = 0;
  const std::string header = "git-gate override v1\n";
  for (std::size_t at = note.find(header); at != std::string::npos; at = note.find(header, at + 1))
    if (at == 0 || note[at - 1] == '\n') ++count;
  return count;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  std::size_t at = text.find(from);
  INFO("'" << from << "' not in:\n" << text);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

RunOptions identity(const std::string& name, const std::string& email) {
  RunOptions as;
  as.env = {{"GIT_AUTHOR_NAME", name},
            {"GIT_AUTHOR_EMAIL", email},
            {"GIT_COMMITTER_NAME", name},
            {"GIT_COMMITTER_EMAIL", email}};
  return as;
}

Approval approved(const OverrideRepo& r, const std::string& commit, const Grant& grant) {
  Approval a = r.approve(commit, grant);
  INFO("approve exit " << a.result.exit_code << "\nstdout: " << a.result.out
                       << "\nstderr: " << a.result.err);
  REQUIRE(a.result.exit_code == 0);
  REQUIRE(a.id.size() == 16);
  return a;
}

void expect_verify(const OverrideRepo& r, const std::string& commit, const std::string& now,
                   int code, const std::string& why, const std::vector<std::string>& extra) {
  OverrideRepo::Verified v = r.verify(commit, now, extra);
  INFO("verify at " << now << ": " << v.result.out << v.result.err);
  CHECK(v.result.exit_code == code);
  REQUIRE_FALSE(v.statuses.empty());
  const nlohmann::json& last = v.statuses.back();
  CHECK(str(last, "status") == (code == 0 ? "applied" : "rejected"));
  if (!why.empty()) CHECK(contains(str(last, "why"), why));
}

}  // namespace gate::test
