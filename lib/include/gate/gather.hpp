#pragma once
/// The imperative shell's first step: read everything evaluate() needs from git.

#include <string>

#include "gate/evaluate.hpp"
#include "gate/repository.hpp"

namespace gate {

/// A resolved range to judge.
struct Range {
  /// The commit whose tree supplies policy.toml, CODEOWNERS and .gitattributes: the
  /// target's tip as last published. Empty: no trusted revision (no policy applies).
  std::string trusted;
  /// The commit the diff starts from (a merge base); empty for the empty tree.
  std::string base;
  /// The commit being judged; empty for a deletion.
  std::string head;
};

/// Reads the policy and attributes at `range.trusted` and the diff base..head, and
/// returns the inputs of evaluate(). Throws ConfigError for a bad policy and
/// GitError for git failures.
Inputs gather(const Repository& repo, const Range& range, Context context);

/// Resolves `--base`/`--head` as `git-gate check` takes them: trusted = base,
/// diff base = merge-base(base, head).
Range range_for_check(const Repository& repo, std::string_view base, std::string_view head);

}  // namespace gate
