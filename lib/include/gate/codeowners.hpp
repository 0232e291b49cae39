#pragma once
/// CODEOWNERS files (docs/rules.md): parsing is pure (text in, rules out), GitHub and GitLab
/// dialects. Matching lives in owners_index.hpp.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gate/error.hpp"
#include "gate/pattern.hpp"

namespace gate {

/// The CODEOWNERS dialect.
enum class OwnersSyntax { github, gitlab };

/// A GitLab `[Section]` header (GitHub files have one implicit unnamed section).
struct OwnersSection {
  std::string name;            ///< as written, e.g. "Documentation"; "" for the implicit one
  bool optional = false;       ///< `^[Section]`: approval not required
  int approvals_required = 1;  ///< `[Section][2]`
  std::vector<std::string> default_owners;  ///< owners on the header line
  int line = 0;
};

/// One pattern line.
struct OwnerRule {
  Pattern pattern;
  std::vector<std::string>
      owners;               ///< `@user`, `@org/team`, `@grp/sub/team`, or e-mail; may be empty
  int line = 0;             ///< 1-based line in the file
  std::size_t section = 0;  ///< index into Codeowners::sections
  bool exclusion = false;   ///< GitLab `!pattern`: matching paths have no owner in this section
  bool owners_from_section = false;  ///< GitLab: no owners written, the section's defaults apply
};

/// A parsed CODEOWNERS file. Bad lines are in `errors`; every good line still applies.
struct Codeowners {
  std::string source;  ///< path in the repository, e.g. ".github/CODEOWNERS"
  OwnersSyntax syntax = OwnersSyntax::github;
  std::vector<OwnersSection> sections;  ///< at least one (index 0: before any header)
  std::vector<OwnerRule> rules;         ///< in file order
  std::vector<Diagnostic> errors;       ///< file:line:col and reason, like GitHub's errors API
  /// Set by parse_codeowners_for: `rules` holds only the rules that match one of these
  /// paths, so only they may be looked up (OwnersIndex::match and match_by_scan throw
  /// for any other). Unset: every rule is kept.
  std::optional<std::vector<std::string>> kept_for;
};

/// GitHub ignores a CODEOWNERS file larger than this, and so does the gate.
inline constexpr std::size_t max_codeowners_bytes = 3 * 1024 * 1024;

/// The gate also ignores a file of more lines than this: 3 MB of one-character lines
/// would otherwise cost about 1.3 GB of compiled patterns. The largest real files it
/// was measured on have under 4,000 lines.
inline constexpr std::size_t max_codeowners_lines = 100'000;

/// How many lines `text` has (a last line without `\n` counts), which bounds its rules.
std::size_t codeowners_line_count(std::string_view text);

/// Why a CODEOWNERS text at `place` is too large to read (over max_codeowners_bytes or
/// max_codeowners_lines), or an empty string when it is not. Does not parse it.
std::string codeowners_size_problem(std::string_view text, std::string_view place);

/// The same, given `lines` = codeowners_line_count(text), for a caller that needs the
/// count too: counting a large file twice is a hook's push paying for it twice.
std::string codeowners_size_problem(std::string_view text, std::size_t lines,
                                    std::string_view place);

/// When the patterns of a parsed file are compiled. Both report the same bad lines and give
/// the same matches.
enum class PatternCompile {
  upfront,   ///< while parsing (Pattern::compile): for many lookups, or an OwnersIndex
  on_match,  ///< Pattern::defer: for a few lookups that scan the rules (a hook's push)
};

/// Parses a CODEOWNERS file. Never throws for bad content: each bad line becomes a
/// Diagnostic and is skipped.
Codeowners parse_codeowners(std::string_view text, std::string_view source, OwnersSyntax syntax,
                            PatternCompile compile = PatternCompile::upfront);

/// parse_codeowners for a few known lookups, e.g. a hook's pushed paths: every line is
/// checked and reported alike, but a rule that matches none of `paths` is dropped once
/// its line is checked, since no lookup of them can be decided by it. Dropping keeps
/// the order of the rest, and precedence depends only on that order ("last match wins",
/// an exclusion over its section), so each of `paths` gets the answer the whole file
/// gives. Patterns are compiled only as a match needs (PatternCompile::on_match).
Codeowners parse_codeowners_for(std::string_view text, std::string_view source, OwnersSyntax syntax,
                                const std::vector<std::string_view>& paths);

/// Where CODEOWNERS may live, in the order the forge looks (docs/rules.md, CODEOWNERS).
const std::vector<std::string>& codeowners_locations(OwnersSyntax syntax);

}  // namespace gate
