#pragma once
/// Judging a `git push` as the pre-push hook does (docs/hook.md), shared by the
/// `pre-push` program and `git-gate pre-push` so that both reach the same verdict.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gate/clock.hpp"
#include "gate/prepush.hpp"
#include "gate/report.hpp"
#include "gate/repository.hpp"

namespace gate {

/// Judges every pushed ref: one report per line, in order. `remote` and `url` are the two
/// arguments git passes the hook. The remote's branches are read once for all lines.
std::vector<Report> judge_push(const Repository& repo, const std::vector<PushLine>& lines,
                               std::string_view remote, std::string_view url, const Clock& clock);

/// Prints the verdict as the hook does: with `json`, one JSON array on stdout; else
/// render_push_text on stderr (one line when allowed; every report in full with `verbose`),
/// filled to the terminal's width (output_width). Returns the exit code: 0 when every ref
/// is allowed (or none was pushed), else 1.
int print_push_verdict(const std::vector<Report>& reports, bool json, bool verbose = false);

/// The variables pre-commit sets for a pre-push hook (it keeps git's standard input to
/// itself): PRE_COMMIT_FROM_REF, _TO_REF, _LOCAL_BRANCH, _REMOTE_NAME, _REMOTE_BRANCH and
/// _REMOTE_URL. Each is nullopt when unset.
struct PreCommitPush {
  std::optional<std::string> from_ref;
  std::optional<std::string> to_ref;
  std::optional<std::string> local_branch;
  std::optional<std::string> remote_name;
  std::optional<std::string> remote_branch;
  std::optional<std::string> remote_url;
};

/// The one ref update pre-commit describes, as the pre-push line git would have sent;
/// nullopt when it describes none. pre-commit gives the remote's old tip as FROM_REF only
/// for a ref the remote has (else the parent of the first commit it lacks), so FROM_REF
/// is taken as the old tip only when this clone tracks the branch on that remote
/// (`refs/remotes/<remote>/<branch>`); otherwise the ref is new, as a new ref is judged by
/// the hook. Without TO_REF (pre-commit's "whole history" case) LOCAL_BRANCH is resolved.
std::optional<PushLine> pre_commit_push_line(const Repository& repo, const PreCommitPush& push);

}  // namespace gate
