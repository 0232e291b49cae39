#pragma once
/// `git-gate lint` (docs/commands.md): mistakes in CODEOWNERS and the policy, judged against
/// the file list of a tree. Pure: the caller reads the files and the tree; nothing here touches git
/// or the file system.

#include <optional>
#include <string>
#include <vector>

#include "gate/codeowners.hpp"
#include "gate/error.hpp"
#include "gate/policy.hpp"
#include "gate/report.hpp"
#include "gate/timeutil.hpp"

namespace gate {

/// What lint looks at. Either pointer may be null: no policy lints CODEOWNERS only; no
/// CODEOWNERS is itself a finding (`codeowners.missing`).
struct LintInputs {
  const Policy* policy = nullptr;
  const Codeowners* codeowners = nullptr;
  /// Every file path of the tree at the linted revision (repository-relative, no leading
  /// '/'). Sorted input is used as is; unsorted input is sorted into a copy.
  std::vector<std::string> files;
  /// When windows are judged from (the allow-no-hour check looks 28 days ahead). Passed
  /// in, so lint stays pure; unset skips that check.
  std::optional<Instant> now;
};

/// One mistake. `check` is one of lint_checks(); `where` points at the offending line
/// (file only, when the mistake has no single line).
struct LintFinding {
  std::string check;
  Severity severity = Severity::warn;  ///< block for syntax errors, warn for the rest
  SourceLocation where;
  std::string message;
  std::vector<std::string> paths;  ///< example files, or directories for codeowners.unowned
};

/// Findings listed per check; the rest are counted in one last finding of that check.
inline constexpr std::size_t max_lint_findings_per_check = 1000;

/// The check ids lint can report, in documentation order.
const std::vector<std::string>& lint_checks();

/// Runs every check and returns the findings ordered by file, then line. An empty result
/// means clean. Fast on large inputs (thousands of rules, ~100k files): pattern lines are
/// tried only against the files under their literal directory prefix.
std::vector<LintFinding> lint(const LintInputs& inputs);

}  // namespace gate
