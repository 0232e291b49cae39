#pragma once
/// The policy (`policy.toml`, version 1) as plain values. Parsing lives in
/// lib/src/policy_parse.cpp; nothing here knows toml++.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gate/codeowners.hpp"
#include "gate/error.hpp"
#include "gate/pattern.hpp"
#include "gate/rule_table.hpp"
#include "gate/windows.hpp"

namespace gate {

/// Where the policy lives in a revision: the one spelling of its name.
inline constexpr std::string_view policy_path = "policy.toml";

/// "off", "warn", "block".
const char* to_string(RuleSeverity severity);

/// Every rule id of rule_table, in report order (for messages listing them).
const std::vector<std::string>& known_rules();

/// Optional per-component size limits; absent means "no limit".
struct Limits {
  std::optional<std::int64_t> max_lines;         ///< added + deleted
  std::optional<std::int64_t> max_binary_bytes;  ///< bytes of the binary files changed
  std::optional<std::int64_t> max_files;
};

/// A `[[component]]`: a named group of paths, the zones it runs in, and its limits.
struct Component {
  std::string name;
  std::vector<Pattern> paths;
  std::vector<std::string> zones;
  Limits limits;
  SourceLocation where;
};

/// How components are formed where no `[[component]]` pattern matches a path.
enum class DerivedComponents {
  none,      ///< such paths are (other)
  owners,    ///< one component per owning team: the first owner of the CODEOWNERS line
  sections,  ///< one component per GitLab CODEOWNERS section
};

/// The `[owners]` table (docs/rules.md, CODEOWNERS).
struct OwnersPolicy {
  std::optional<RuleSeverity> severity;    ///< owners.unowned and owners.approval
  std::optional<RuleSeverity> cross_team;  ///< owners.cross-team
  std::optional<OwnersSyntax> syntax;      ///< unset: github, or gitlab for a file only in .gitlab/
  bool dismiss_stale = false;              ///< approvals of older commits do not count
  /// Team membership: "@acme/voice" -> {"@carol", "@dave"}. Keys as written in CODEOWNERS.
  std::map<std::string, std::vector<std::string>, std::less<>> teams;
  /// Commit e-mail -> handle, e.g. "bob@acme.example" -> "@bob".
  std::map<std::string, std::string, std::less<>> people;
};

/// One `[[overrides.approver]]`: who may lift which rules.
struct OverrideApprover {
  std::string principal;           ///< as in the allowed-signers file, e.g. "vp@acme.example"
  std::vector<std::string> rules;  ///< rule ids or globs ("window.*")
};

/// The `[overrides]` table (docs/overrides.md). Without it no override applies.
struct OverridesPolicy {
  bool configured = false;                       ///< the table is present
  std::string repository;                        ///< bound into every record, e.g. "acme/voice"
  std::string name_space = "git-gate-override";  ///< ssh-keygen -n
  std::string allowed_signers = ".gate/allowed_signers";  ///< path in the base revision
  std::string notes_ref = "refs/notes/gate";
  std::chrono::seconds max_duration{std::chrono::hours(24)};
  std::vector<OverrideApprover> approvers;
  std::vector<std::string> two_approvers;  ///< rules (or globs) that need two approvers

  /// True when an `[[overrides.approver]]` entry lets `principal` lift `rule`.
  bool may_lift(std::string_view principal, std::string_view rule) const;
};

/// The `[freezes]` table (docs/freezes.md): who may start and end incident freezes, and
/// where their records live. Without it no incident freeze applies.
struct FreezesPolicy {
  bool configured = false;  ///< the table is present
  std::string repository;   ///< bound into every record; `[overrides]`'s if unset
  std::string name_space = "git-gate-freeze";             ///< ssh-keygen -n
  std::string allowed_signers = ".gate/allowed_signers";  ///< path in the base revision
  std::string ref = "refs/gate/freezes";                  ///< one record a commit
  std::chrono::seconds max_duration{std::chrono::hours(72)};
  std::vector<std::string> principals;  ///< who may start and end one
};

/// The `[size]` table.
struct SizePolicy {
  std::optional<RuleSeverity> severity;  ///< for size.component and size.components
  std::int64_t max_components = 1;       ///< (other) is never counted
  Limits limits;                         ///< defaults for (other) and components without their own
  std::vector<Pattern> exclude;          ///< listed but not counted
  DerivedComponents components_from = DerivedComponents::none;  ///< `components_from`
};

/// The name of the catch-all component.
inline constexpr std::string_view other_component = "(other)";

/// A parsed, validated policy.
struct Policy {
  int version = 1;
  std::string source;            ///< file name used in messages, e.g. "policy.toml"
  std::string timezone = "UTC";  ///< default zone of windows
  std::vector<std::string> protected_refs = {"refs/heads/main"};
  std::map<std::string, RuleSeverity, std::less<>> rules;  ///< `[rules]` overrides
  SizePolicy size;
  std::vector<Component> components;
  OwnersPolicy owners;
  std::vector<Window> windows;  ///< `[[freeze]]` and `[[allow]]`, in file order
  OverridesPolicy overrides;
  FreezesPolicy freezes;

  /// The configured severity of `rule`: `[rules]`, else its table's severity key, else
  /// rule_table's default (block for an unknown id).
  RuleSeverity severity(std::string_view rule) const;

  /// The severity a table key sets (`[owners] severity`, `[owners] cross_team`,
  /// `[size] severity`), or nullopt when unset or not a severity key.
  std::optional<RuleSeverity> table_severity(std::string_view table, std::string_view key) const;

  /// True when `ref` (a full ref name) matches a `protected` pattern. In these
  /// patterns `*` matches any characters, `/` included, as in git refspecs, so that a
  /// pattern errs towards protecting too much.
  bool is_protected(std::string_view ref) const;

  /// The component owning `path`: the last `[[component]]` with a matching pattern
  /// (as in CODEOWNERS, last match wins), or nullptr for (other).
  const Component* component_for(std::string_view path) const;

  /// The limits that apply to a component (nullptr: (other)), falling back to `[size]`.
  Limits limits_for(const Component* component) const;
};

/// Ref pattern match as in `protected`: `*` matches any characters, `/` included; every
/// other character is literal.
bool ref_glob_matches(std::string_view pattern, std::string_view ref);

/// The most bytes a policy file may have; larger input is refused before parsing.
inline constexpr std::size_t max_policy_bytes = 1 << 20;

/// Parses and validates a policy. `source` names the file in messages. Throws
/// ConfigError carrying every problem found (file:line:col each), including input
/// refused before parsing (oversized, too deeply nested keys or headers).
Policy parse_policy(std::string_view text, std::string_view source = policy_path);

/// The kinds of file that configure the gate itself. Each is read from the trusted
/// revision, never from the change that edits it.
enum class ConfigKind { policy, codeowners, signers, attributes, calendar };

/// The kind of gate configuration `path` is under `policy` (policy.toml, a CODEOWNERS
/// location of either forge, the allowed-signers files of [overrides] and [freezes], any
/// .gitattributes, a
/// `[[freeze]] calendar`), or nullopt.
std::optional<ConfigKind> gate_config_kind(const Policy& policy, std::string_view path);

}  // namespace gate
