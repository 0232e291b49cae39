#pragma once
/// The one error hierarchy of git-gate. A policy breach is a Finding, never an Error;
/// an Error means the gate could not judge, and every program maps it to exit code 2.

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace gate {

/// A place in an input file, 1-based. An empty file name means "no place".
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;

  /// "file:line:col", "file:line" or "file", depending on what is known.
  std::string to_string() const;
};

/// Base of every failure that stops an evaluation (exit code 2).
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
  /// Where the problem is, if it has a place in some file.
  virtual SourceLocation location() const { return {}; }
};

/// One problem found in a configuration file.
struct Diagnostic {
  SourceLocation where;
  std::string message;
  /// The offending source line, for a caret display; may be empty.
  std::string source_line;
};

/// A malformed policy, CODEOWNERS or other configuration input. Carries every
/// problem found, so a user fixes them all in one round.
class ConfigError : public Error {
 public:
  explicit ConfigError(std::vector<Diagnostic> diagnostics);
  ConfigError(SourceLocation where, std::string message);
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  SourceLocation location() const override;

 private:
  std::vector<Diagnostic> diagnostics_;
};

/// A failure reported by libgit2 (its message is kept verbatim) or a repository
/// state the gate cannot judge (shallow clone, missing objects, SHA-256 ...).
class GitError : public Error {
 public:
  using Error::Error;
};

/// Bad command-line input: an unknown option value, an unparsable time, etc.
class UsageError : public Error {
 public:
  using Error::Error;
};

/// The most bytes of any input a message quotes (docs/rules.md, "Exit codes").
inline constexpr std::size_t max_quoted_input = 200;

/// At most `max` bytes of `text` for a message: cut on a UTF-8 character boundary, with
/// `…` appended when cut, so a 200 MB line never reaches stderr or a report whole.
std::string quote_input(std::string_view text, std::size_t max = max_quoted_input);

/// Formats every diagnostic as "file:line:col: message", followed by the source
/// line and a caret under the column when the line is known.
std::string format_diagnostics(const std::vector<Diagnostic>& diagnostics);

}  // namespace gate
