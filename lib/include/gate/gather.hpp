#pragma once
/// The imperative shell's first step: read everything evaluate() needs from git.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gate/calendar.hpp"
#include "gate/codeowners.hpp"
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

  bool operator==(const Range&) const = default;
};

/// What one run judges, as the hook (plan_push, for each pushed ref) and CI (plan_ci)
/// decide it: the range, whether the ref is deleted, and how the revisions were chosen.
struct Plan {
  Range range;
  bool deletion = false;             ///< the ref is deleted: no head, only `ref.delete`
  std::vector<std::string> notices;  ///< how the revisions were chosen, when not obvious

  bool operator==(const Plan&) const = default;
};

/// The parsed policy.toml of `commit`; nullopt when the commit (or an empty `commit`)
/// has none. Throws ConfigError for a bad policy.
std::optional<Policy> read_policy_at(const Repository& repo, const std::string& commit);

/// How many first-parent commits read_trusted_policy searches, the trusted one included.
inline constexpr std::size_t policy_fallback_depth = 1000;

/// The policy that judges changes on top of a trusted commit, and which revision's it is.
struct TrustedPolicy {
  std::optional<Policy> policy;        ///< nullopt: the commit has no policy.toml
  std::optional<PolicySource> source;  ///< set when `policy` is
};

/// The policy.toml of `commit`, or, when it does not parse, the newest one that does on
/// the commit's first-parent history within policy_fallback_depth commits; `source` then
/// names both (docs/rules.md, The gate's own configuration). A commit without policy.toml ends
/// the search. Throws the ConfigError of `commit`'s policy.toml, with why no fallback was
/// found, when none is.
TrustedPolicy read_trusted_policy(const Repository& repo, const std::string& commit);

/// Reads a file of the policy's revision: its text, or nullopt when there is none.
using CalendarReader = std::function<std::optional<std::string>(const std::string& path)>;

/// Adds to `policy` the occurrences within `range` of each `[[freeze]] calendar` window
/// (expand_calendar), reading the calendar files with `read`; occurrences of an earlier
/// call are replaced. Throws ConfigError for a missing calendar (located at its window) and
/// for a bad one (located in the calendar).
void load_calendars(Policy& policy, const CalendarReader& read, CalendarRange range);

/// load_calendars reading the files of `commit`, the revision the policy came from.
void load_calendars(Policy& policy, const Repository& repo, const std::string& commit,
                    CalendarRange range);

/// A CODEOWNERS file as found in a revision, and what the gate has to say about it.
struct LoadedCodeowners {
  std::optional<Codeowners> file;    ///< nullopt: none found, or ignored (over 3 MB)
  std::vector<std::string> notices;  ///< e.g. "ignored: larger than 3 MB"
};

/// Finds CODEOWNERS in `commit` at the forge's locations (docs/rules.md) and parses it. The
/// dialect is `policy`'s `[owners] syntax`, else GitHub, except for a file found only
/// in `.gitlab/`, which is GitLab's. `lookups`, when given, are the only paths that will be
/// looked up in it: when so few that OwnersIndex scans, only the rules matching them are
/// kept, and patterns are compiled as a match needs (parse_codeowners_for).
LoadedCodeowners load_codeowners(const Repository& repo, const std::string& commit,
                                 const Policy* policy,
                                 const std::vector<std::string_view>* lookups = nullptr);

/// Reads the policy (read_trusted_policy) with its calendars around the context's `now`
/// (load_calendars) and attributes at `range.trusted`, the diff
/// base..head and both versions of the gate's configuration files the change edits, and
/// returns the inputs of evaluate(). Throws ConfigError for a bad policy with no valid
/// one to fall back to and GitError for git failures.
Inputs gather(const Repository& repo, const Range& range, Context context);

/// The commits whose override records may apply: the head (for a deletion, the ref's
/// old tip), and in a merge queue the heads of the queued pull requests (the other
/// parents of the merges on the queue branch since the base).
std::vector<std::string> override_commits(const Repository& repo, const Range& range,
                                          const Context& context);

/// Reads the override records of `inputs.override_commits` from the policy's notes ref
/// and checks each signature with ssh-keygen against the allowed-signers file of
/// `range.trusted`, at the evaluation time. Throws UsageError when ssh-keygen is
/// missing (fail closed).
void gather_overrides(const Repository& repo, const Range& range, Inputs& inputs);

/// Resolves `--base`/`--head` as `git-gate check` takes them: trusted = base,
/// diff base = merge-base(base, head).
Range range_for_check(const Repository& repo, std::string_view base, std::string_view head);

}  // namespace gate
