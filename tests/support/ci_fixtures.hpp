#pragma once
/// Fixtures for the end-to-end tests of `git-gate ci`: a work repository with a bare
/// remote and real clones of it (full, shallow, partial), CI environments and event
/// payloads written as files, review files, and oracles that read the JSON report back.
/// Every run goes through gate_ci(), which unsets the CI variables of the environment the
/// tests themselves run in, so a test behaves the same on a laptop and inside CI.

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "e2e_fixtures.hpp"

namespace gate::test {

/// Wednesday 10:00 UTC: outside the Friday freeze of ci_policy(). Set as GATE_NOW in
/// every run unless a test says otherwise.
inline const std::string ci_wednesday = "2026-07-08T10:00:00Z";
/// Friday 13:00 UTC: inside the Friday freeze.
inline const std::string ci_friday = "2026-07-10T13:00:00Z";

/// A policy.toml: UTC, protected main, release/* and v* tags; components api and web of
/// at most `max_lines` lines and 5 files each, one component per change; a Friday freeze;
/// teams @acme/api (@carol, @dave), @acme/web (@wendy), @acme/ops (@olga); the commits'
/// e-mail author@example.com is @tess. `rules` is the body of a [rules] table ("" for none).
std::string ci_policy(int max_lines = 50, const std::string& rules = "");

/// .github/CODEOWNERS: ops own everything, api and web their directories.
inline constexpr const char* ci_codeowners =
    "*        @acme/ops\n"
    "/api/    @acme/api\n"
    "/web/    @acme/web\n";

/// The environment of one `git-gate ci` run: every CI variable of this process's
/// environment unset (CI, GITHUB_*, GITLAB_*, CI_*, RUNNER_*, GATE_*), GATE_NOW set to
/// ci_wednesday, then `extra` applied (nullopt unsets).
Env ci_env(const Env& extra = {});

/// Runs `git-gate ci args...` in `dir` with ci_env(env).
RunResult gate_ci(const std::filesystem::path& dir, const std::vector<std::string>& args,
                  const Env& env = {});

/// Runs `git-gate ci --format json args...` and parses stdout.
JsonRun gate_ci_json(const std::filesystem::path& dir, const std::vector<std::string>& args,
                     const Env& env = {});

/// Checks the error form of a `--format json` run: exit 2, stdout exactly
/// {"schema_version": 1, "error": {"message", "location"}}. Returns the message.
std::string expect_json_error(const JsonRun& r);

/// The report's change is merge-base(target, head)..head and its files are what
/// `git diff -M --numstat` says of that range (the numbers are git's, never the test's).
void expect_judged_range(const nlohmann::json& report, const std::filesystem::path& dir,
                         const std::string& target, const std::string& head);

/// True when a finding of the report has this severity ("block", "warn", "info").
bool any_severity(const nlohmann::json& report, const std::string& severity);
/// The findings of `rule` with `severity`.
std::vector<nlohmann::json> findings_at(const nlohmann::json& report, const std::string& rule,
                                        const std::string& severity);
/// True when a notice of the report contains every one of `parts`.
bool has_notice(const nlohmann::json& report, const std::vector<std::string>& parts);
bool contains(const std::string& text, const std::string& part);

/// A work repository and its bare remote `origin`. main: `base` (policy.toml,
/// .github/CODEOWNERS, README.md, api/server.c, web/index.js, docs/notes.md) then `main`
/// (docs/notes.md edited), so the target's tip is never the merge base of a branch made
/// from `base`. Both are published.
struct CiRepo {
  explicit CiRepo(const std::string& policy = ci_policy(),
                  const std::string& codeowners = ci_codeowners);
  TempDir tmp;
  std::filesystem::path work;
  std::filesystem::path remote;
  std::string base;  ///< main's first commit
  std::string main;  ///< main's tip

  void write(const std::string& relative, const std::string& content) const;
  /// Commits everything in the work tree; returns the commit id.
  std::string commit(const std::string& message = "change") const;
  /// `git checkout -q -B branch start` in the work tree.
  void branch(const std::string& name, const std::string& start) const;
  void checkout(const std::string& rev) const;
  /// Publishes every branch and tag of the work repository (forced).
  void publish() const;
  /// `git clone options... file://remote tmp/name`; returns the clone's directory.
  std::filesystem::path clone(const std::string& name,
                              const std::vector<std::string>& options = {}) const;
  /// Writes `doc` as tmp/name (outside every repository); returns its path.
  std::string write_json(const std::string& name, const nlohmann::json& doc) const;
  /// Writes `text` as tmp/name; returns its path.
  std::string write_text(const std::string& name, const std::string& text) const;
  /// A feature branch "feature" from `base` whose commit writes `files`; returns its tip.
  std::string feature(const std::map<std::string, std::string>& files,
                      const std::string& name = "feature") const;
};

/// A push as a CI job sees it: `branch` made at main's tip (so a new ref, unless it is
/// "main"), one commit per (path, content) of `commits`, everything published, and then a
/// full clone `ci` of the remote, which holds refs/remotes/origin/<branch> at the new tip.
struct Pushed {
  Pushed(const std::string& branch,
         const std::vector<std::pair<std::string, std::string>>& commits);
  CiRepo repo;
  std::vector<std::string> tips;  ///< the commits, oldest first
  std::filesystem::path ci;
};

/// GITHUB_ACTIONS=true, GITHUB_EVENT_NAME=event, GITHUB_EVENT_PATH=payload.
Env github_env(const std::string& event, const std::string& payload);

/// GitHub event payloads, with only the fields the gate reads (and a few it must ignore).
nlohmann::json pull_request_payload(const std::string& base_sha, const std::string& head_sha,
                                    const std::string& opener = "carol", int number = 7,
                                    const std::string& base_ref = "main");
nlohmann::json merge_group_payload(const std::string& base_sha, const std::string& head_sha,
                                   const std::string& base_ref = "refs/heads/main");
nlohmann::json push_payload(const std::string& ref, const std::string& before,
                            const std::string& after, bool deleted = false);

/// A GitLab merge request pipeline: GITLAB_CI=true and CI_MERGE_REQUEST_* for MR `iid`
/// into `target`, with the merge base `diff_base` and source tip `head`.
/// `target_sha` (merged-results pipelines only) is left unset when empty.
Env gitlab_mr_env(const std::string& target, const std::string& diff_base, const std::string& head,
                  const std::string& target_sha = "", const std::string& iid = "12");
/// A GitLab branch (or, with `tag`, tag) pipeline for the push before..sha.
Env gitlab_push_env(const std::string& sha, const std::string& before, const std::string& branch,
                    const std::string& tag = "");

/// One review of GitHub's "list reviews" response.
nlohmann::json github_review(const std::string& login, const std::string& state,
                             const std::string& commit);
/// GitLab's merge request approvals response, approved by `usernames`.
nlohmann::json gitlab_approvals(const std::vector<std::string>& usernames);

/// The files of `dir` (names only, not recursive), sorted.
std::vector<std::string> list_dir(const std::filesystem::path& dir);
/// The whole content of `path` ("" when it cannot be read).
std::string file_text(const std::filesystem::path& path);

}  // namespace gate::test
