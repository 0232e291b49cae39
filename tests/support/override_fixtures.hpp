#pragma once
/// Fixtures for the end-to-end tests of overrides (docs/overrides.md): a CiRepo whose trusted
/// main holds an [overrides] policy and a .gate/allowed_signers file with real ed25519
/// keys made by ssh-keygen, approvals made with the built `git-gate override approve`,
/// notes read and edited with `git notes`, and judgements by `check`, `verify` and `ci`.
/// Every program runs with HOME set to a fresh directory (so the user's git and ssh
/// configuration cannot leak in), without the CI variables of the environment the tests
/// run in, and with GATE_NOW set by the test.

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "ci_fixtures.hpp"

namespace gate::test {

inline const std::string override_namespace = "git-gate-override";
inline const std::string override_repository = "acme/voice";

/// The people. Each has a key; all but mallory are in the trusted allowed_signers.
inline const std::string vp_email = "vp@acme.example";    ///< @vp, approver of size.* and window.*
inline const std::string cto_email = "cto@acme.example";  ///< approver of every rule
inline const std::string author_email =
    "author@example.com";  ///< @tess: every fixture commit's author and committer; approver of
                           ///< size.*
inline const std::string olga_email = "olga@acme.example";  ///< @olga, of @acme/ops; no approver

/// Signing times: an hour before ci_wednesday, and half an hour before ci_friday (in the
/// Friday freeze).
inline const std::string wednesday_signed = "2026-07-08T09:00:00Z";
inline const std::string friday_signed = "2026-07-10T12:30:00Z";

/// ci_policy() with [owners.people] also mapping vp and olga to their handles, and
/// [overrides] for `repository` (max_duration "24h"; approvers vp, cto and the author as
/// above). `overrides_extra` is inserted verbatim into [overrides], e.g.
/// `namespace = "other"`; `approvers_extra` is appended, e.g. more [[overrides.approver]].
std::string override_policy(const std::string& repository = override_repository,
                            const std::string& overrides_extra = "",
                            const std::string& approvers_extra = "");

/// Sets HOME to a fresh directory and unsets XDG_CONFIG_HOME and SSH_AUTH_SOCK in this
/// process (so in every program a test runs) for its lifetime; restores them afterwards.
class IsolatedHome {
 public:
  IsolatedHome();
  ~IsolatedHome();
  IsolatedHome(const IsolatedHome&) = delete;
  IsolatedHome& operator=(const IsolatedHome&) = delete;
  const std::filesystem::path& path() const { return dir_.path(); }

 private:
  TempDir dir_;
  std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
};

/// One `override approve`. Defaults: vp signs an override of size.component for 2h at
/// wednesday_signed (GATE_NOW), judged by `--base` the fixture's trusted main, in the work
/// tree.
struct Grant {
  std::string principal = vp_email;
  std::string key =
      "vp";  ///< a key name of the fixture ("vp", "cto", "author", "olga", "mallory") or a path
  std::vector<std::string> rules = {"size.component"};
  std::string reason = "INC-965: hotfix for dropped calls";
  std::string expires = "2h";
  std::string now = wednesday_signed;   ///< GATE_NOW
  std::vector<std::string> extra = {};  ///< more options; a "--base" here replaces the default
  std::filesystem::path dir = {};       ///< where to run; empty: the work tree
  bool base = true;                     ///< pass `--base trusted` (false: approve's own default)
};

/// The outcome of an approve, with the record's id read from its output ("" on failure).
struct Approval {
  RunResult result;
  std::string id;
};

/// A CiRepo (remote `origin`, main published) whose main then gains .gate/allowed_signers
/// with vp, cto, the author and olga, each `namespaces="git-gate-override"` with their own
/// key. `trusted` is that tip: the policy and allowed-signers every change is judged by.
struct OverrideRepo {
  explicit OverrideRepo(const std::string& policy = override_policy());
  IsolatedHome home;
  CiRepo repo;
  std::filesystem::path work;  ///< repo.work
  std::string trusted;

  /// The private key file of `name`, or `name` itself when it is a path.
  std::string key(const std::string& name) const;
  /// An allowed_signers line for `principal` with the key of `name`.
  std::string signer_line(const std::string& principal, const std::string& name) const;

  /// Branch `name` made at `start` (default: trusted) with one commit adding 80 lines to
  /// api/ (so size.component blocks) plus `files`; `as` may carry another identity
  /// (GIT_AUTHOR_* / GIT_COMMITTER_*). Returns the commit.
  std::string oversized_change(const std::string& name = "feature",
                               const std::map<std::string, std::string>& files = {},
                               const RunOptions& as = {}, const std::string& start = "") const;
  /// Branch `name` from trusted with a commit writing `files`; returns the commit.
  std::string change(const std::string& name, const std::map<std::string, std::string>& files,
                     const RunOptions& as = {}) const;

  /// ci_env() plus HOME, GATE_NOW = `now`, and `extra`.
  Env env(const std::string& now, const Env& extra = {}) const;
  /// Runs `git-gate args...` in `dir` (default: the work tree) at `now`.
  RunResult gate(const std::vector<std::string>& args, const std::string& now,
                 const std::filesystem::path& dir = {}, const Env& extra = {}) const;

  Approval approve(const std::string& commit, const Grant& grant = {}) const;
  /// `git-gate check --format json --base trusted --head head --ref refs/heads/main` at `now`.
  JsonRun check(const std::string& head, const std::string& now,
                const std::vector<std::string>& extra = {}) const;
  /// `git-gate override verify --format json commit --base trusted` at `now`; stdout holds
  /// one JSON object per line, parsed into `statuses`.
  struct Verified {
    RunResult result;
    std::vector<nlohmann::json> statuses;
  };
  Verified verify(const std::string& commit, const std::string& now,
                  const std::vector<std::string>& extra = {},
                  const std::string& verb = "verify") const;
  /// `git-gate ci --format json --approved-by @dave` for a GitHub pull_request into main
  /// from trusted to `head` opened by `opener`, at `now`.
  JsonRun ci_pull_request(const std::string& head, const std::string& opener,
                          const std::string& now) const;

  /// The note of `commit` on refs/notes/gate in `dir` (default: the work tree); "" if none.
  std::string note(const std::string& commit, const std::filesystem::path& dir = {}) const;
  /// Replaces the note of `commit` with `text` (git notes add -f -F).
  void set_note(const std::string& commit, const std::string& text) const;
  /// refs/notes/gate's commit in `dir` (default: the work tree), "" when there is none.
  std::string notes_tip(const std::filesystem::path& dir = {}) const;
  /// A commit on a branch `name` from trusted whose policy.toml is `policy`: a base for
  /// approvals signed under another policy.
  std::string policy_commit(const std::string& name, const std::string& policy) const;
};

/// git's identity (author and committer) as `name` <`email`>, for a commit or a run.
RunOptions identity(const std::string& name, const std::string& email);

/// Approves with `grant` and requires success.
Approval approved(const OverrideRepo& r, const std::string& commit, const Grant& grant = {});

/// `git-gate override verify` at `now` exits `code`, with one status per record whose
/// status is "applied" for exit 0 and otherwise "rejected" with `why` in its reason.
void expect_verify(const OverrideRepo& r, const std::string& commit, const std::string& now,
                   int code, const std::string& why = "",
                   const std::vector<std::string>& extra = {});

/// The only entry of the report's "overrides"; fails the test when there is not exactly one.
nlohmann::json only_override(const nlohmann::json& report);

/// The report blocks (exit 1, verdict block), has exactly one override record, rejected
/// with a `why` containing every one of `why_parts`, and `rule` still blocks, not
/// overridden. Returns the record's status.
nlohmann::json expect_rejected(const JsonRun& r, const std::string& rule,
                               const std::vector<std::string>& why_parts);

/// The finding of `rule` with `severity`; fails the test when there is not exactly one.
nlohmann::json only_finding(const nlohmann::json& report, const std::string& rule,
                            const std::string& severity = "block");

/// `count` records ("git-gate override v1" headers) in a note.
int record_count(const std::string& note);

/// `text` with the first `from` replaced by `to`; fails the test when `from` is absent.
std::string replaced(std::string text, const std::string& from, const std::string& to);

}  // namespace gate::test
