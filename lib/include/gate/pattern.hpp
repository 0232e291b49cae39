#pragma once
/// The CODEOWNERS pattern language (brief 2.3), shared by CODEOWNERS lines,
/// `[[component]] paths` and `[size] exclude`.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gate/error.hpp"

namespace gate {

/// GitHub patterns are anchored when they contain a slash; GitLab patterns without a
/// leading slash match at any depth.
enum class Dialect { github, gitlab };

/// An invalid pattern. column is 1-based within the pattern text.
class PatternError : public Error {
 public:
  PatternError(int column, std::string reason);
  int column() const { return column_; }
  const std::string& reason() const { return reason_; }

 private:
  int column_;
  std::string reason_;
};

/// A compiled pattern. Cheap to copy; matching does no allocation.
class Pattern {
 public:
  /// Compiles `text` (escapes still present, i.e. as written in the file).
  /// Throws PatternError for `***`, a dangling `\` or empty text. `/` compiles and matches nothing.
  static Pattern compile(std::string_view text, Dialect dialect = Dialect::github);

  /// True when `path` (repository-relative, '/'-separated, no leading '/') is matched.
  bool matches(std::string_view path) const;

  /// The pattern as written.
  const std::string& text() const { return text_; }

 private:
  // Representation is the matcher's own business (see lib/src/pattern.cpp).
  std::string text_;
  struct Compiled;
  std::shared_ptr<const Compiled> compiled_;
};

}  // namespace gate
