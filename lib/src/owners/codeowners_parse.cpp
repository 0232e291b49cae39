// parse_codeowners: CODEOWNERS text in, rules out (docs/rules.md). Pure: no I/O, never throws
// for bad content. Each bad line becomes a Diagnostic and the good lines still apply.
//
// Positions: lines are 1-based; columns are 1-based BYTE offsets into the line as stored
// (after a UTF-8 BOM at the start of the file, which is dropped), the same unit as
// PatternError::column and format_diagnostics' caret.
//
// Choices where GitHub's and GitLab's documentation is silent or unclear:
// - A line is split at '\n'; a '\r' before it is dropped (CRLF). Leading blanks (space,
//   tab) are allowed before the pattern; other whitespace is part of a token.
// - A line with invalid UTF-8 or a control character (binary data) is reported and
//   skipped, before anything else is read from it.
// - GitHub: `#` starts a comment at the start of a line or of a token after the
//   pattern (` #`); `foo#bar` is a pattern. GitHub documents that `\#` does not escape
//   `#`, so a line starting with `\#` stays a comment; it is reported because it surely
//   did not do what its author meant. GitLab: only a line starting with `#` is a comment
//   (GitLab documents inline comments as unsupported: their words are owners, or
//   malformed owners), and `\#` is the documented escape for a pattern starting with `#`.
// - An invalid owner is reported and dropped, and the line applies with its remaining
//   owners. If every written owner is invalid the whole line is skipped: keeping it as
//   an ownerless line would silently lift ownership (fail open), while skipping it lets
//   earlier lines apply.
// - Owner forms. GitHub: `@user` and `@org/team` (exactly one `/`) from letters, digits,
//   `-` and `_` (EMU accounts carry `_shortcode`; legacy names may end in `-`, as
//   `@tobias-` in home-assistant/core does), so non-ASCII handles are invalid. GitLab:
//   `@user`, `@group/sub/.../team` whose segments hold letters, digits, `_`, `.`, `-`
//   and do not start with `-`, and the roles `@@developer`, `@@maintainer`, `@@owner`
//   (case-insensitive, optional plural `s`, as GitLab's ReferenceExtractor reads them).
//   E-mail in both: a local part of printable ASCII or UTF-8 (RFC 6531), `@`, and a
//   domain of dot-separated labels of letters, digits, `-` or UTF-8 (IDN); no TLD check.
//   GitLab's own check is looser (a word is malformed only if no reference can be found
//   anywhere in it); a word is checked whole here.
// - The pattern `/` matches nothing; GitHub's errors API reports it, so does the parser
//   (GitHub dialect only).
// - GitLab headers: see parse_header and enter_section. An unclosed `[Name` is reported
//   and skipped (GitLab reads it as a pattern for a literal `[Name`, which owns nothing
//   useful). A rule without owners whose header has no defaults is GitLab's "zero owners"
//   error; it is reported and kept, ownerless, since GitLab auto-approves it.
// - After 1000 diagnostics the rest are only counted (one summary line), so a hostile
//   file cannot make the report huge; every good line still applies.

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <utility>

#include "gate/codeowners.hpp"
#include "owners/line_text.hpp"

namespace gate {
namespace {

using line_text::find_bad_byte;
using line_text::quote;

constexpr std::size_t npos = std::string_view::npos;
/// A Diagnostic quotes at most this much of its line (a 1 MB line is not copied per error).
constexpr std::size_t max_quoted_line = 200;
/// An owner named in a message is cut to this length.
constexpr std::size_t max_quoted_token = 60;
/// Past this many diagnostics, only a count is kept, so hostile input stays cheap.
constexpr std::size_t max_diagnostics = 1000;

bool is_blank(char c) { return c == ' ' || c == '\t'; }
bool is_ascii_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool is_non_ascii(char c) { return static_cast<unsigned char>(c) >= 0x80; }
char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool ascii_iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return ascii_lower(x) == ascii_lower(y);
         });
}

/// `[A-Za-z0-9_-]+`, plus `.` when `dots`: a GitHub handle or team slug, a GitLab path.
bool is_handle(std::string_view s, bool dots) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [dots](char c) {
    return is_ascii_alnum(c) || c == '-' || c == '_' || (dots && c == '.');
  });
}

bool is_email_local_char(char c) {
  static constexpr std::string_view specials = "!#$%&'*+-/=?^_`{|}~.";
  return is_ascii_alnum(c) || is_non_ascii(c) || specials.find(c) != npos;
}

bool is_email(std::string_view token) {
  std::size_t at = token.find('@');
  if (at == 0 || at == npos || token.find('@', at + 1) != npos) return false;
  std::string_view local = token.substr(0, at);
  std::string_view domain = token.substr(at + 1);
  if (local.front() == '.' || local.back() == '.') return false;
  if (!std::all_of(local.begin(), local.end(), is_email_local_char)) return false;
  if (domain.empty()) return false;
  for (std::size_t start = 0; start <= domain.size();) {
    std::size_t end = std::min(domain.find('.', start), domain.size());
    std::string_view label = domain.substr(start, end - start);
    if (label.empty() || label.front() == '-' || label.back() == '-') return false;
    bool ok = std::all_of(label.begin(), label.end(),
                          [](char c) { return is_ascii_alnum(c) || c == '-' || is_non_ascii(c); });
    if (!ok) return false;
    start = end + 1;
  }
  return true;
}

/// Why `token` is not a GitHub owner, or nullopt when it is one.
std::optional<std::string_view> github_owner_problem(std::string_view token) {
  if (token.front() != '@') {
    if (token.find('@') == npos) return "expected @user, @org/team or an e-mail address";
    if (is_email(token)) return std::nullopt;
    return "not a valid e-mail address";
  }
  std::string_view body = token.substr(1);
  std::size_t slash = body.find('/');
  if (slash == npos) {
    if (is_handle(body, false)) return std::nullopt;
    return "a GitHub user name has only letters, digits, `-` and `_`";
  }
  std::string_view team = body.substr(slash + 1);
  if (team.find('/') != npos) return "a GitHub team is @org/team, with exactly one `/`";
  if (is_handle(body.substr(0, slash), false) && is_handle(team, false)) return std::nullopt;
  return "GitHub organization and team names have only letters, digits, `-` and `_`";
}

/// Why `token` is not a GitLab owner, or nullopt when it is one.
std::optional<std::string_view> gitlab_owner_problem(std::string_view token) {
  if (token.rfind("@@", 0) == 0) {
    std::string role;
    for (char c : token.substr(2)) role += ascii_lower(c);
    if (!role.empty() && role.back() == 's') role.pop_back();
    if (role == "developer" || role == "maintainer" || role == "owner") return std::nullopt;
    return "a GitLab role is @@developer, @@maintainer or @@owner";
  }
  if (token.front() != '@') {
    if (token.find('@') == npos) {
      return "expected @user, @group/subgroup, @@role or an e-mail address";
    }
    if (is_email(token)) return std::nullopt;
    return "not a valid e-mail address";
  }
  std::string_view body = token.substr(1);
  for (std::size_t start = 0; start <= body.size();) {
    std::size_t end = std::min(body.find('/', start), body.size());
    std::string_view segment = body.substr(start, end - start);
    if (!is_handle(segment, true) || segment.front() == '-') {
      return "GitLab user and group paths have letters, digits, `_`, `.` and `-` "
             "between single `/`, and do not start with `-`";
    }
    start = end + 1;
  }
  return std::nullopt;
}

/// A whitespace-separated word of a line, with its byte offset.
struct Token {
  std::string_view text;
  std::size_t offset;
};

/// The owners written from `from` to the end of a line (or a GitHub comment).
struct OwnerScan {
  std::vector<std::string> owners;  ///< the valid ones, in order (when kept)
  std::size_t valid = 0;            ///< how many are valid, kept or not
  std::vector<Token> invalid;       ///< with the reason found again when reported
  std::size_t written = 0;          ///< valid and invalid
  std::size_t first_offset = npos;
};

/// End of the pattern starting at `from`: the first blank not escaped by `\`. A `\` escapes
/// the character after it, so a blank is escaped when an odd run of `\` precedes it. (Found
/// that way, each step of the scan does not wait on the one before: kibana's file parses
/// in 1.45 ms instead of 1.97.)
std::size_t pattern_end(std::string_view line, std::size_t from) {
  for (std::size_t i = from;; ++i) {
    while (i < line.size() && !is_blank(line[i])) ++i;
    if (i >= line.size()) return line.size();
    std::size_t run = i;
    while (run > from && line[run - 1] == '\\') --run;
    if ((i - run) % 2 == 0) return i;
  }
}

/// Parses one file; every line goes through line().
class Parser {
 public:
  /// `keep_for`: keep only the rules matching one of these paths (all when null).
  Parser(std::string_view source, OwnersSyntax syntax, PatternCompile compile, std::size_t lines,
         const std::vector<std::string_view>* keep_for = nullptr)
      : compile_(compile), keep_for_(keep_for) {
    // At most one rule per line: growing the vector would hold two copies at its peak.
    out_.rules.reserve(lines);
    out_.source = std::string(source);
    out_.syntax = syntax;
    out_.sections.emplace_back();  // the implicit section before any header
  }

  void line(std::string_view text, int number);

  Codeowners finish() && {
    if (suppressed_ > 0) {
      out_.errors.push_back(
          {{out_.source, 0, 0}, fmt::format("{} more problems not listed", suppressed_), {}});
    }
    return std::move(out_);
  }

 private:
  bool gitlab() const { return out_.syntax == OwnersSyntax::gitlab; }
  std::optional<std::string_view> owner_problem(std::string_view token) const {
    return gitlab() ? gitlab_owner_problem(token) : github_owner_problem(token);
  }

  void report(std::size_t offset, std::string message);
  OwnerScan scan_owners(std::size_t from, bool keep = true) const;
  bool kept(const Pattern& pattern) const;
  void report_invalid_owners(const OwnerScan& scan, bool header = false);
  void parse_header(std::size_t at);
  std::size_t parse_approvals(std::size_t at, OwnersSection& header);
  void enter_section(OwnersSection header);
  void parse_rule(std::size_t at);
  void give_owners(OwnerRule& rule, OwnerScan& scan);

  PatternCompile compile_;
  const std::vector<std::string_view>* keep_for_;
  Codeowners out_;
  std::string_view line_;
  int number_ = 0;
  std::size_t suppressed_ = 0;
  std::size_t section_ = 0;                   ///< GitLab: index of the section in force
  std::vector<std::string> header_defaults_;  ///< GitLab: defaults of the header in force
};

void Parser::report(std::size_t offset, std::string message) {
  if (out_.errors.size() >= max_diagnostics) {
    ++suppressed_;
    return;
  }
  int column = static_cast<int>(std::min<std::size_t>(offset + 1, 0x7FFFFFFF));
  out_.errors.push_back(
      {{out_.source, number_, column}, std::move(message), quote(line_, max_quoted_line)});
}

void Parser::line(std::string_view text, int number) {
  line_ = text;
  number_ = number;
  if (std::size_t bad = find_bad_byte(text); bad != npos) {
    unsigned char byte = static_cast<unsigned char>(text[bad]);
    report(bad, fmt::format("{} byte 0x{:02X} (binary data?); the line is ignored",
                            byte < 0x80 ? "control character" : "invalid UTF-8", byte));
    return;
  }
  std::size_t at = 0;
  while (at < text.size() && is_blank(text[at])) ++at;
  if (at == text.size() || text[at] == '#') return;
  if (!gitlab() && text.substr(at, 2) == "\\#") {
    report(at,
           "`\\#` does not escape `#` in GitHub's CODEOWNERS: the line is a comment, "
           "and is ignored");
    return;
  }
  bool header = text[at] == '[' || (text[at] == '^' && text.substr(at + 1, 1) == "[");
  if (gitlab() && header) {
    parse_header(at);
  } else {
    parse_rule(at);
  }
}

// A dropped rule's owners are checked but not stored: on kibana's file, the owner
// strings and their vectors were a third of what a hook's push allocated.
OwnerScan Parser::scan_owners(std::size_t from, bool keep) const {
  OwnerScan scan;
  std::size_t i = from;
  while (true) {
    while (i < line_.size() && is_blank(line_[i])) ++i;
    if (i >= line_.size()) break;
    std::size_t end = i;
    while (end < line_.size() && !is_blank(line_[end])) ++end;
    Token token{line_.substr(i, end - i), i};
    i = end;
    if (!gitlab() && token.text.front() == '#') break;  // an inline comment (` #`)
    if (scan.written++ == 0) scan.first_offset = token.offset;
    if (owner_problem(token.text)) {
      scan.invalid.push_back(token);
    } else {
      ++scan.valid;
      if (keep) scan.owners.emplace_back(token.text);
    }
  }
  return scan;
}

void Parser::report_invalid_owners(const OwnerScan& scan, bool header) {
  const char* consequence = !header && scan.valid == 0
                                ? "no valid owner is left, so the line is ignored"
                                : "the owner is ignored";
  for (const Token& token : scan.invalid) {
    if (out_.errors.size() >= max_diagnostics) {
      ++suppressed_;  // without formatting a message: a line may hold a million bad owners
      continue;
    }
    report(token.offset,
           fmt::format("invalid owner `{}`: {}; {}", quote(token.text, max_quoted_token),
                       *owner_problem(token.text), consequence));
  }
}

// GitLab: `[Name]`, `^[Name]`, `[Name][N]`, then default owners. As GitLab does, a
// malformed part is reported and the header still starts its section, so the rules below
// it do not silently join the previous section.
void Parser::parse_header(std::size_t at) {
  OwnersSection header;
  header.line = number_;
  header.optional = line_[at] == '^';
  std::size_t open = at + (header.optional ? 1 : 0);
  std::size_t close = line_.find(']', open + 1);
  if (close == npos) {
    report(open, "unparsable section header: no `]` closes the name; the line is ignored");
    return;
  }
  header.name = std::string(line_.substr(open + 1, close - open - 1));
  if (header.name.empty()) report(open, "a section header needs a name between `[` and `]`");
  std::size_t rest = parse_approvals(close + 1, header);
  OwnerScan scan = scan_owners(rest);
  report_invalid_owners(scan, true);
  header.default_owners = std::move(scan.owners);
  header_defaults_ = header.default_owners;
  enter_section(std::move(header));
}

// `[N]` right after the name. GitLab requires at least one approval and ignores the
// count of an optional section; both are reported, as GitLab's errors do.
std::size_t Parser::parse_approvals(std::size_t at, OwnersSection& header) {
  if (at >= line_.size() || line_[at] != '[') return at;
  std::size_t close = line_.find(']', at + 1);
  if (close == npos) {
    report(at, "no `]` closes the approval count; it is ignored");
    return line_.size();
  }
  std::string_view digits = line_.substr(at + 1, close - at - 1);
  bool numeric = !digits.empty() && std::all_of(digits.begin(), digits.end(),
                                                [](char c) { return c >= '0' && c <= '9'; });
  if (!numeric || digits.size() > 6) {
    report(at + 1, "the approval count must be a number from 1 to 999999; 1 is used");
  } else if (int count = std::stoi(std::string(digits)); count < 1) {
    report(at + 1, "a section needs at least 1 approval; 1 is used");
  } else {
    header.approvals_required = count;
    if (header.optional) report(at + 1, "an optional section ignores its approval count");
  }
  return close + 1;
}

// GitLab: section names are case-insensitive and duplicate sections are combined, so a
// repeated name (compared in ASCII case folding) reuses the first section's index. The
// combined section is required if any of its headers is, needs the largest approval count,
// and keeps the first non-empty default owners; rules under a later header with other
// defaults get those defaults copied (see give_owners).
void Parser::enter_section(OwnersSection header) {
  std::vector<OwnersSection>& sections = out_.sections;
  for (std::size_t i = 1; i < sections.size(); ++i) {
    if (!ascii_iequals(sections[i].name, header.name)) continue;
    OwnersSection& merged = sections[i];
    merged.optional = merged.optional && header.optional;
    merged.approvals_required = std::max(merged.approvals_required, header.approvals_required);
    if (merged.default_owners.empty()) merged.default_owners = header.default_owners;
    section_ = i;
    return;
  }
  sections.push_back(std::move(header));
  section_ = sections.size() - 1;
}

void Parser::parse_rule(std::size_t at) {
  // GitLab's `!pattern` excludes paths from the section; in GitHub `!` is literal.
  bool exclusion = gitlab() && line_[at] == '!';
  std::size_t start = at + (exclusion ? 1 : 0);
  std::size_t end = pattern_end(line_, start);
  std::string_view text = line_.substr(start, end - start);
  std::optional<Pattern> pattern;
  try {
    Dialect dialect = gitlab() ? Dialect::gitlab : Dialect::github;
    pattern = compile_ == PatternCompile::upfront ? Pattern::compile(text, dialect)
                                                  : Pattern::defer(text, dialect);
  } catch (const PatternError& e) {
    // A lone `!` has an empty pattern: point at the `!`.
    std::size_t column = static_cast<std::size_t>(std::max(e.column(), 1));
    report(text.empty() ? at : start + column - 1,
           fmt::format("invalid pattern: {}; the line is ignored", e.reason()));
    return;
  }
  if (!gitlab() && text == "/") {
    report(start,
           "the pattern `/` never matches anything (did you mean `*`?); the line is "
           "ignored");
    return;
  }
  bool keep = kept(*pattern);
  OwnerRule rule{std::move(*pattern), {}, number_, section_, exclusion, false};
  OwnerScan scan = scan_owners(end, keep);
  if (exclusion) {
    if (scan.written > 0) {
      report(scan.first_offset, "an exclusion (`!pattern`) takes no owners; they are ignored");
    }
    if (keep) out_.rules.push_back(std::move(rule));
    return;
  }
  report_invalid_owners(scan);
  if (scan.written > 0 && scan.valid == 0) return;  // see "An invalid owner" above
  give_owners(rule, scan);  // a dropped rule too: it may report GitLab's "zero owners"
  if (keep) out_.rules.push_back(std::move(rule));
}

bool Parser::kept(const Pattern& pattern) const {
  return !keep_for_ || std::any_of(keep_for_->begin(), keep_for_->end(),
                                   [&](std::string_view path) { return pattern.matches(path); });
}

// A rule's owners: those written, else (GitLab) its header's defaults. A GitHub line
// without owners is explicitly ownerless. A GitLab one without owners or defaults is
// GitLab's "zero owners" error; GitLab keeps it and auto-approves it, i.e. ownerless.
void Parser::give_owners(OwnerRule& rule, OwnerScan& scan) {
  if (scan.written > 0 || !gitlab()) {
    rule.owners = std::move(scan.owners);
    return;
  }
  if (header_defaults_.empty()) {
    report(line_.find_first_not_of(" \t"),
           "no owners, and the section has no default owners (GitLab's \"zero owners\" "
           "error): the matching paths are left without owners");
  } else if (header_defaults_ == out_.sections[section_].default_owners) {
    rule.owners_from_section = true;
  } else {
    rule.owners = header_defaults_;  // a repeated header with defaults of its own
  }
}

}  // namespace

namespace {

Codeowners parse_with(std::string_view text, std::string_view source, OwnersSyntax syntax,
                      PatternCompile compile, const std::vector<std::string_view>* keep_for) {
  static constexpr std::string_view bom = "\xEF\xBB\xBF";
  if (text.substr(0, bom.size()) == bom) text.remove_prefix(bom.size());
  // The line count only sizes the rules of a whole file: a few paths keep a few.
  std::size_t lines = keep_for ? 0 : line_text::count_newlines(text) + 1;
  Parser parser(source, syntax, compile, lines, keep_for);
  int number = 0;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = std::min(text.find('\n', start), text.size());
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    parser.line(line, ++number);
    start = end + 1;
  }
  return std::move(parser).finish();
}

}  // namespace

Codeowners parse_codeowners(std::string_view text, std::string_view source, OwnersSyntax syntax,
                            PatternCompile compile) {
  return parse_with(text, source, syntax, compile, nullptr);
}

Codeowners parse_codeowners_for(std::string_view text, std::string_view source, OwnersSyntax syntax,
                                const std::vector<std::string_view>& paths) {
  Codeowners out = parse_with(text, source, syntax, PatternCompile::on_match, &paths);
  out.kept_for.emplace(paths.begin(), paths.end());
  return out;
}

const std::vector<std::string>& codeowners_locations(OwnersSyntax syntax) {
  static const std::vector<std::string> github = {".github/CODEOWNERS", "CODEOWNERS",
                                                  "docs/CODEOWNERS"};
  static const std::vector<std::string> gitlab = {"CODEOWNERS", "docs/CODEOWNERS",
                                                  ".gitlab/CODEOWNERS"};
  return syntax == OwnersSyntax::gitlab ? gitlab : github;
}

}  // namespace gate
