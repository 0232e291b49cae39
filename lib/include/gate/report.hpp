#pragma once
/// The result of an evaluation: findings and the facts they were judged on.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gate/changeset.hpp"
#include "gate/timeutil.hpp"

namespace gate {

/// The severity of a finding as reported.
enum class Severity { info, warn, block };

/// "info", "warn", "block".
const char* to_string(Severity severity);

/// The override that lifted a finding.
struct OverrideRef {
  std::string id;
  std::string principal;
  std::string reason;
  Instant expires_at{};
};

/// One rule's verdict on the change.
struct Finding {
  Finding() = default;
  Finding(std::string rule_id, Severity level, std::string text,
          std::vector<std::string> where = {})
      : rule(std::move(rule_id)),
        severity(level),
        message(std::move(text)),
        paths(std::move(where)) {}

  /// A finding whose message is `what` followed by `todo` (what to do about it), so the
  /// text report can show each on a line of its own.
  static Finding with_action(std::string rule_id, Severity level, const std::string& what,
                             std::string todo, std::vector<std::string> where = {});

  std::string rule;  ///< an id of rule_table
  Severity severity = Severity::block;
  std::string message;             ///< what is wrong and what to do
  std::vector<std::string> paths;  ///< the paths it concerns
  /// Set when a valid override lifted it: still shown, no longer blocks.
  std::optional<OverrideRef> overridden_by;
  /// The end of `message` that says what to do, or "" when the rule did not tell it apart.
  std::string action;
  /// A few words naming it in a one-line summary ("no CODEOWNERS"); "" for the rule id.
  std::string label;
  /// The principals whose override may lift it; set for blocking findings when the
  /// policy has `[overrides]`.
  std::vector<std::string> lifted_by;

  /// `message` without `action`: what is wrong.
  std::string what() const;
};

/// One override record found for the change, and what became of it.
struct OverrideStatus {
  std::string id;      ///< empty when the text was not a record
  std::string commit;  ///< the commit whose note held it
  std::string principal;
  std::string reason;
  std::vector<std::string> rules;
  std::optional<Instant> issued_at;
  std::optional<Instant> expires_at;
  bool applied = false;
  std::string why;  ///< why it was rejected, or what it lifted
};

/// One file of the change with what the policy made of it.
struct FileEntry {
  FileChange change;
  std::string component;            ///< component name, or "(other)"
  bool counted = true;              ///< false when excluded from size counting
  std::string excluded_by;          ///< why not counted: "exclude: vendor/**", "linguist-generated"
  std::vector<std::string> owners;  ///< effective owners; empty when unowned or ownerless
  std::string owner_line;           ///< deciding CODEOWNERS line, e.g. ".github/CODEOWNERS:42"
};

/// Size totals of one touched component.
struct ComponentEntry {
  std::string name;
  std::int64_t files = 0;  ///< counted files
  std::int64_t lines = 0;  ///< counted added + deleted
  std::optional<std::int64_t> max_lines;
  std::optional<std::int64_t> max_files;
  std::int64_t binary_bytes = 0;  ///< bytes of its counted binary files
  std::optional<std::int64_t> max_binary_bytes = std::nullopt;
};

/// What was judged.
struct ChangeInfo {
  std::string base;  ///< commit the diff starts from; empty for the empty tree
  std::string head;  ///< empty for a deletion
  std::string ref;   ///< target ref, e.g. "refs/heads/main"
  bool is_protected = false;
  bool deletion = false;
};

/// The effective inputs of a CI run, printed at the top of every format so a reader
/// can see what was judged and why (docs/ci.md).
struct RunInfo {
  std::string provider;      ///< "github", "gitlab" or "generic"
  std::string event;         ///< e.g. "pull_request", "merge_group", "merge_request_event", "push"
  std::string trusted;       ///< commit whose policy and CODEOWNERS judged: the target's tip
  std::string opener;        ///< pull/merge request opener's handle ("@alice"), or empty
  std::string request;       ///< "#12" (GitHub) or "!34" (GitLab), or empty
  std::string repository;    ///< "acme/voice", or empty
  bool merge_queue = false;  ///< a merge_group run
  bool reviews_known = false;  ///< reviews were supplied
};

/// Which policy judged. Normally the trusted revision's; when that one does not parse,
/// the newest valid one on its first-parent history (a fallback, so that a broken
/// policy.toml that got in anyway cannot lock everyone out).
struct PolicySource {
  std::string revision;       ///< the commit whose policy.toml judged
  std::string fallback_from;  ///< the trusted commit whose policy.toml does not parse, or ""
  std::string error;          ///< where that one fails, e.g. "policy.toml:2:12", or ""
  bool fallback() const { return !fallback_from.empty(); }
};

/// The whole verdict. `allowed()` is derived from the findings, never stored.
struct Report {
  Instant evaluated_at{};
  bool clock_overridden = false;
  std::optional<Instant> valid_until;
  ChangeInfo change;
  std::vector<FileEntry> files;
  std::vector<ComponentEntry> components;
  std::vector<Finding> findings;
  std::vector<std::string> notices;  ///< facts about the evaluation itself (no policy ...)
  std::optional<RunInfo> run;        ///< set by `git-gate ci`
  /// Handles whose review currently approves the head (self-approvals removed);
  /// nullopt when reviews were not supplied or the approval rule did not run.
  std::optional<std::vector<std::string>> approvers;
  std::vector<OverrideStatus> overrides;  ///< every record found, applied or rejected
  std::optional<PolicySource> policy;     ///< nullopt: no policy judged
  /// The zone a person reads times in (README, Change windows): the blocking window's
  /// own zone, else the policy's. "UTC" without a policy.
  std::string timezone = "UTC";

  /// False when any finding blocks and no override lifted it.
  bool allowed() const;
};

}  // namespace gate
