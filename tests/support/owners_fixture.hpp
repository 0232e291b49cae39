#pragma once
/// The ownership fixtures shared by the tests of the ownership rules: a policy with teams
/// and people, a CODEOWNERS file, builders of hand-made changes and queries of a Report
/// (owners_rule_test.cpp, owners_approval_test.cpp), the CODEOWNERS of a real repository
/// (e2e/owners_cli_test.cpp), and `line_of`, which finds the line a report must cite.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gate/evaluate.hpp"

namespace gate::test {

/// A protected `main`, two teams (`@acme/voice`: carol and dave, `@acme/web`: wendy) and
/// the e-mail addresses of carol, dave, wendy and olga (who is in no team).
extern const char* const owners_policy;

/// GitHub CODEOWNERS for `owners_policy`: `*` owned by `@acme/ops`, `/kamailio/` by
/// voice, `/web/` by web with `/web/generated/` ownerless, `/billing/` by an e-mail
/// address, `/docs/` by `@Carol` (capitals on purpose).
extern const char* const owners_codeowners;

/// The policy of a repository built by an e2e test: teams `@acme/api` (carol, dave) and
/// `@acme/web` (wendy); the test identity `author@example.com` is `@tess`.
extern const char* const repo_owners_policy;

/// GitHub CODEOWNERS for `repo_owners_policy`: `/api/`, `/web/` with `/web/vendor/`
/// ownerless, the gate's own configuration owned by `@acme/ops`; no `*` line.
extern const char* const repo_owners_codeowners;

/// 1-based number of the only line of `text` that contains `needle` (that is `needle`,
/// with `whole`); fails the test unless exactly one line does.
int line_of(std::string_view text, std::string_view needle, bool whole = false);

/// A modified file with one added line.
FileChange modified(std::string path);
/// `from` renamed to `to`.
FileChange renamed(std::string from, std::string to);
/// A deleted file of three lines.
FileChange deleted(std::string path);
/// A commit authored and committed by the given e-mail addresses.
CommitInfo commit_by(const std::string& author, const std::string& committer);
/// A review by `who` of `commit` (the head of OwnersCase is "h").
Review review(std::string who, ReviewState state, std::string commit = "h");

/// Hand-built Inputs for the ownership rules: no git, no clock.
struct OwnersCase {
  std::string policy = owners_policy;
  std::optional<std::string> codeowners = std::string(owners_codeowners);
  OwnersSyntax syntax = OwnersSyntax::github;
  std::string ref = "refs/heads/main";
  std::vector<FileChange> files;
  std::vector<CommitInfo> commits;

  /// The case as evaluate() reads it, at 2026-07-08T10:00:00Z, head "h".
  Inputs inputs() const;
};

/// evaluate() on the case with `reviews` supplied (none: not known).
Report evaluate_with(const OwnersCase& c, std::optional<std::vector<Review>> reviews,
                     bool required = false);

/// The findings of `rule` (of that severity).
std::vector<const Finding*> with_rule(const Report& r, std::string_view rule);
std::vector<const Finding*> with_rule(const Report& r, std::string_view rule, Severity severity);
// Findings point into the report: never take them from a temporary one.
std::vector<const Finding*> with_rule(Report&&, std::string_view) = delete;
std::vector<const Finding*> with_rule(Report&&, std::string_view, Severity) = delete;

/// How many findings of `rule` the report has.
std::size_t count_of(const Report& r, std::string_view rule);

/// The report's entry for `path`, or nullptr.
const FileEntry* entry(const Report& r, std::string_view path);

}  // namespace gate::test
