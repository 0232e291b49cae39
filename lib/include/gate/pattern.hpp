#pragma once
/// The CODEOWNERS pattern language (docs/policy.md, Patterns), shared by CODEOWNERS lines,
/// `[[component]] paths` and `[size] exclude`.

#include <cstdint>
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

/// A compiled pattern. Compiling allocates a few buffers, not one per character or
/// segment; matching does no allocation.
class Pattern {
 public:
  /// Compiles `text` (escapes still present, i.e. as written in the file).
  /// Throws PatternError for `***`, a dangling `\` or empty text. `/` compiles and matches nothing.
  static Pattern compile(std::string_view text, Dialect dialect = Dialect::github);

  /// Validates `text` as compile() does (the same PatternError) and keeps it, compiling
  /// only when a match needs it: each matches() call whose path starts with the pattern's
  /// anchored literal lead compiles a temporary, the rest are rejected by one comparison.
  /// The same answers as compile()'s, for a file whose lines are each tried against a few
  /// paths (a hook's push); for many paths compile once instead. A pattern with no lead
  /// (`*.md`, `docs/` floating to any depth, `/**/x`) is compiled at once: every path would
  /// need it compiled.
  static Pattern defer(std::string_view text, Dialect dialect = Dialect::github);

  /// True when the pattern came from defer() and is not compiled.
  bool deferred() const;

  /// True when `path` (repository-relative, '/'-separated, no leading '/') is matched.
  bool matches(std::string_view path) const;

  /// The pattern as written.
  const std::string& text() const { return text_; }

  /// What one compiled segment demands of the path, for indexes (owners_index.cpp).
  struct SegmentKey {
    enum class Kind : std::uint8_t {
      literal,      ///< exactly one path segment equal to `text`
      glob,         ///< exactly one path segment matching a `*`/`?` glob
      any_segment,  ///< exactly one non-empty path segment
      any_depth,    ///< zero or more path segments
    };
    Kind kind;
    /// literal: the name (escapes resolved). glob: its literal tail after the last
    /// wildcard ("" when it ends with one), so every matching name ends with it.
    std::string text;
    /// glob: it is `*` followed by `text` and nothing else, so a name matches exactly
    /// when it ends with `text`.
    bool suffix_only = false;
    /// glob: its longest run of literal characters (escapes resolved), which every
    /// matching name contains; "" when it has none.
    std::string piece = {};
  };

  /// The compiled segments in order, so that an index can pick a key every match must
  /// contain: the pattern is anchored at the root unless the first is `any_depth`.
  /// Empty for a pattern that matches nothing (`/`, default-constructed).
  std::vector<SegmentKey> segment_keys() const;

 private:
  // Representation is the matcher's own business (see lib/src/owners/pattern.cpp): the
  // segments as records over one byte buffer, and a whole-pattern shortcut.
  struct Segment {
    std::uint8_t kind;
    std::uint32_t begin, size;  // the segment's bytes in bytes_
  };
  friend struct PatternBuilder;
  bool walk(std::string_view path) const;
  std::string text_;
  std::string bytes_;  // literal names and glob units as (op, char) pairs; an all-literal
                       // pattern's names are its prefix, `/`-joined
  std::vector<Segment> segments_;
  std::uint32_t prefix_begin_ = 0, prefix_size_ = 0;
  std::uint8_t shortcut_ = 1;          // a default-constructed pattern matches nothing
  Dialect dialect_ = Dialect::github;  // what a deferred pattern compiles with
};

}  // namespace gate
