#pragma once
/// Fast "who owns this path": an index over a Codeowners file's patterns that gives the
/// same answer as scanning the rules last-to-first, without visiting most of them.

#include <cstddef>
#include <limits>
#include <memory>
#include <string_view>
#include <vector>

#include "gate/codeowners.hpp"

namespace gate {

/// The lines that decide a path's owners: GitHub has at most one (the last matching
/// line wins); GitLab has at most one per section (each section's last match, unless an
/// exclusion of that section matches: that takes the path out of the section).
struct Ownership {
  /// Matching rules, one per section that has a match, in section order. Where a GitLab
  /// exclusion (`!pattern`) of a section matches the path, wherever it stands in the
  /// section, that exclusion is reported (the last such one), with `rule->exclusion` set.
  std::vector<const OwnerRule*> rules;

  /// True when no line matches the path.
  bool unmatched() const { return rules.empty(); }
};

/// An index over one Codeowners. It refers to the Codeowners it was built from, which
/// must outlive it. Building is O(rules); lookups visit only rules that could match.
/// It is immutable once constructed: lookups may run on several threads.
class OwnersIndex {
 public:
  /// `lookups` is how many lookups the caller expects. For at most `scan_lookups`, or
  /// while lookups x rules stays under 2^18, the index is not built and each lookup scans
  /// the rules as match_by_scan does, with the same answers: building costs about 200
  /// scans of one path on kibana's 3,443 lines (2.2 ms against 11 us) and 10 on 100,000
  /// globs, so a hook judging a few paths need not pay for it.
  explicit OwnersIndex(const Codeowners& codeowners,
                       std::size_t lookups = std::numeric_limits<std::size_t>::max());
  static constexpr std::size_t scan_lookups = 8;

  /// True when `lookups` lookups in a file of at most `rules` rules scan instead of
  /// building the index; then its patterns may be deferred (PatternCompile::on_match).
  static bool scans(std::size_t rules, std::size_t lookups);
  ~OwnersIndex();
  OwnersIndex(OwnersIndex&&) noexcept;
  OwnersIndex& operator=(OwnersIndex&&) noexcept;
  OwnersIndex(const OwnersIndex&) = delete;
  OwnersIndex& operator=(const OwnersIndex&) = delete;

  /// The deciding rules for `path` (repository-relative, no leading '/').
  Ownership match(std::string_view path) const;

  /// The effective owners of a deciding rule: its own, or its section's defaults when
  /// `owners_from_section`; none for an exclusion.
  const std::vector<std::string>& owners_of(const OwnerRule& rule) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Reference implementation: scans every rule last-to-first. Used as the baseline in
/// benchmarks and as the oracle in tests.
Ownership match_by_scan(const Codeowners& codeowners, std::string_view path);

}  // namespace gate
