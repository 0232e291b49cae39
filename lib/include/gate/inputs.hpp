#pragma once
/// What evaluate() judges: the change, the trusted policy and CODEOWNERS, and the
/// context (time, actors, reviews, overrides). Gathered by the shell or built by hand;
/// the rules read these and nothing else.

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "gate/changeset.hpp"
#include "gate/codeowners.hpp"
#include "gate/override.hpp"
#include "gate/policy.hpp"
#include "gate/report.hpp"
#include "gate/reviews.hpp"
#include "gate/timeutil.hpp"

namespace gate {

/// Who and when: everything about the evaluation that is not in git or the policy.
struct Context {
  Instant now{};
  bool clock_overridden = false;  ///< --at or GATE_NOW was used
  /// Target ref. Empty: judged as a deploy to a protected ref (`git-gate check`
  /// without `--ref`).
  std::string ref;
  bool deletion = false;  ///< the push deletes `ref`
  /// Reviews of the change, when known (`--reviews`, `--approved-by`). nullopt: not
  /// supplied, so owners.approval is not judged (only listed as info) ...
  std::optional<std::vector<Review>> reviews;
  /// ... unless the caller is CI, which must judge it: then missing reviews block.
  bool reviews_required = false;
  /// People who count as authors besides the commits' authors and committers (in CI,
  /// the pull-request opener, since commit identities alone can be forged).
  std::vector<Identity> extra_authors;
  /// In a merge queue: owners.approval was judged on the pull request, and the queue
  /// admits only approved ones, so it is reported as info and never blocks here.
  bool approval_judged_on_pull_request = false;
  /// What CI read to judge this change; copied into the report.
  std::optional<RunInfo> run;
};

/// An override record found in the note of one of the change's commits, with its
/// signature already checked by the shell (ssh-keygen cannot run in the pure core).
struct FoundOverride {
  std::string note_commit;  ///< the commit whose note held it
  NoteEntry entry;          ///< the record, or why the text is not one
  bool signature_valid = false;
  std::string signature_problem;  ///< ssh-keygen's words, or why it was not checked
};

/// A file configuring the gate that the change edits, as the change leaves it and as
/// the trusted revision has it: the next change will be judged by the new text, so a
/// text that does not parse is refused now (policy.invalid).
struct ConfigEdit {
  std::string path;
  ConfigKind kind = ConfigKind::policy;
  std::optional<std::string> text;          ///< nullopt: the change deletes it
  std::optional<std::string> trusted_text;  ///< nullopt: the trusted revision lacks it
};

/// Everything evaluate() judges. Gathered by gather() from git, or built by tests.
struct Inputs {
  std::optional<Policy> policy;  ///< nullopt: the base revision has no policy.toml
  /// Which revision's policy.toml `policy` is, and whether it is a fallback.
  std::optional<PolicySource> policy_source;
  ChangeSet change;
  std::set<std::string, std::less<>>
      generated;                         ///< paths the base .gitattributes marks generated/-diff
  std::optional<Codeowners> codeowners;  ///< nullopt: no (usable) CODEOWNERS at the base
  Context context;
  std::vector<std::string> notices;  ///< carried into the report
  /// Records found in the notes of `override_commits` (gather_overrides).
  std::vector<FoundOverride> overrides;
  /// Commits whose overrides may apply: the head, and in a merge queue the heads of
  /// the queued pull requests (docs/overrides.md).
  std::vector<std::string> override_commits;
  /// The gate's configuration files the change edits, with both texts.
  std::vector<ConfigEdit> config_edits;
};

}  // namespace gate
