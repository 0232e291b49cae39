// The CODEOWNERS pattern matcher (docs/policy.md, Patterns).
//
// A pattern compiles to a list of path segments, each one of:
//   literal      - a name compared byte for byte (the fast path),
//   glob         - a name with `*` / `?` wildcards, matched by a small backtracking glob,
//   any_segment  - exactly one path segment (a lone `*`),
//   any_depth    - zero or more path segments (`**`).
// Matching walks the path's segments with the same greedy "remember the last star"
// algorithm at two levels (segments, then characters), so it never allocates and
// never uses std::regex.
//
// The matching rules, numbered as tests/pattern_test.cpp cites them, and where each lives:
//   rule 1 (`\` escapes, `[` `]` literal)   split_pieces / add_named
//   rule 2 (`*`, `?` inside a segment)        add_named, glob_matches
//   rule 3 (anchoring, single-segment float)  anchor (and the GitLab dialect)
//   rule 4 (trailing `/` == `/**`, first)     split_pieces keeps the empty tail, which
//                                             anchor turns into `**` after deciding
//                                             whether the pattern floats
//   rule 5 (`**` forms, consecutive as one)   add (collapses), apply_tail
//   rule 6 (last `*` = exactly one segment)   apply_tail (adds nothing after it)
//   rule 7 (other last segment: also below)   apply_tail (appends `**`)
//   rule 8 (`***` invalid, `/` matches none)  validate, Shortcut::nothing
//
// The compiled form is flat, so that compiling a file of thousands of lines costs a few
// allocations per line: segment records (kind, offset, size) over one byte buffer
// holding literal names as they are and glob units as (op, char) byte pairs.
// GitHub's deviations: `!` and `[ ]` get no special meaning (literal characters);
// `dir/*` owning direct children only is rule 6. The GitLab `!` exclusion and the
// "last match wins" rule belong to the CODEOWNERS parser and its caller, not here.
//
// Where these rules are silent this follows hmarr/codeowners: `?` consumes one UTF-8
// character (Go's regexp works on runes), a `**` that is not a whole segment acts as `*`,
// `\/` separates like `/`, and `***` is rejected wherever it appears in the raw text.
// Two deliberate departures from hmarr, both required by rule 5's "consecutive `**`
// segments act as one": `**/**/x` matches `x`, and `**/` matches everything (hmarr's
// regexes for those demand a path starting with `/`, so they match nothing).

#include "gate/pattern.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <utility>

namespace gate {

namespace {

constexpr std::size_t npos = std::string_view::npos;

enum class Kind : std::uint8_t { literal, glob, any_segment, any_depth };
enum class GlobOp : char { literal, any_run, any_char };

/// Whole-pattern fast paths, decided once at compile time.
enum class Shortcut : std::uint8_t {
  none,           // walk the segments
  nothing,        // `/` (or default-constructed): matches no path
  literal_tree,   // anchored literal: the prefix itself or anything below it
  literal_below,  // anchored literal directory (`/docs/`): strictly below the prefix
  deferred,       // not compiled (Pattern::defer): the prefix is a lead within text_
};

/// A character that makes a name more than a plain name: an escape or a wildcard. (A
/// lambda, so that the algorithms taking it inline it: a function pointer costs a call a
/// character.)
constexpr auto is_special = [](char c) { return c == '\\' || c == '*' || c == '?'; };

/// One `/`-separated piece of the text as written, escapes still in it.
struct Piece {
  std::size_t begin, end;
};

/// Rule 8 and the API's contract: empty text, `***` and a dangling `\` are errors.
void validate(std::string_view text) {
  if (text.empty()) throw PatternError(1, "empty pattern");
  // hmarr rejects `***` anywhere in the raw text, even after a `\`; so do we.
  if (std::size_t at = text.find("***"); at != npos) {
    throw PatternError(static_cast<int>(at) + 1, "`***` is not a valid wildcard");
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\') continue;
    if (i + 1 == text.size()) {
      throw PatternError(static_cast<int>(i) + 1, "`\\` at the end escapes nothing");
    }
    ++i;  // the escaped character is taken as is, even another `\`
  }
}

/// Splits on `/` (escaped or not, as hmarr and git do). A leading `/` yields an empty
/// first piece, a trailing `/` an empty last one. `pieces` is the caller's buffer, reused
/// so that compiling a file of thousands of lines does not allocate one per line.
void split_pieces(std::string_view text, std::vector<Piece>& pieces) {
  pieces.clear();
  std::size_t begin = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    bool escaped = text[i] == '\\';
    std::size_t at = i;
    if (escaped) ++i;  // validate() guarantees a following character
    if (text[i] != '/') continue;
    pieces.push_back({begin, at});
    begin = i + 1;
  }
  pieces.push_back({begin, text.size()});
}

}  // namespace

/// Compiles into a Pattern's flat form (a friend of Pattern).
struct PatternBuilder {
  Pattern& p;

  static std::uint8_t code(Kind kind) { return static_cast<std::uint8_t>(kind); }
  Kind kind_of(std::size_t i) const { return static_cast<Kind>(p.segments_[i].kind); }

  /// Appends a segment; rule 5: consecutive `**` segments act as one.
  void add(Kind kind, std::size_t begin = 0, std::size_t size = 0) {
    if (kind == Kind::any_depth && !p.segments_.empty() &&
        kind_of(p.segments_.size() - 1) == Kind::any_depth) {
      return;
    }
    p.segments_.push_back(
        {code(kind), static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(size)});
  }

  /// Rules 1-2: a segment other than `*` and `**`, as (op, char) pairs, or as plain
  /// bytes when it has no wildcard.
  void add_named(std::string_view raw) {
    std::string& bytes = p.bytes_;
    std::size_t begin = bytes.size();
    // Most segments are a plain name, kept as is. (A loop: find_first_of calls memchr on
    // the set once per character.)
    if (std::none_of(raw.begin(), raw.end(), is_special)) {
      bytes.append(raw);
      return add(Kind::literal, begin, raw.size());
    }
    bytes.reserve(begin + 2 * raw.size());
    bool wild = false;
    for (std::size_t i = 0; i < raw.size(); ++i) {
      bool escaped = raw[i] == '\\';
      if (escaped) ++i;
      GlobOp op = GlobOp::literal;
      if (!escaped && raw[i] == '*') op = GlobOp::any_run;
      if (!escaped && raw[i] == '?') op = GlobOp::any_char;
      // `a**b` is `a*b`: adjacent runs add nothing and would only slow backtracking.
      if (op == GlobOp::any_run && bytes.size() > begin &&
          static_cast<GlobOp>(bytes[bytes.size() - 2]) == GlobOp::any_run) {
        continue;
      }
      bytes.push_back(static_cast<char>(op));
      bytes.push_back(raw[i]);
      wild = wild || op != GlobOp::literal;
    }
    if (wild) return add(Kind::glob, begin, bytes.size() - begin);
    std::size_t size = (bytes.size() - begin) / 2;
    for (std::size_t k = 0; k < size; ++k) bytes[begin + k] = bytes[begin + 2 * k + 1];
    bytes.resize(begin + size);
    add(Kind::literal, begin, size);
  }

  /// Rule 3 (and the GitLab dialect): decides whether the pattern floats to any depth,
  /// then rule 4: a trailing `/` becomes `**`. Returns false for `/`, which matches nothing.
  bool anchor(std::string_view text, std::vector<Piece>& pieces, Dialect dialect) {
    bool leading_slash = pieces.size() > 1 && pieces.front().begin == pieces.front().end;
    if (leading_slash) pieces.erase(pieces.begin());
    if (pieces.size() == 1 && pieces.front().begin == pieces.front().end) return false;
    bool trailing_slash = pieces.size() > 1 && pieces.back().begin == pieces.back().end;
    std::size_t named = pieces.size() - (trailing_slash ? 1 : 0);
    if (!leading_slash && (named == 1 || dialect == Dialect::gitlab)) add(Kind::any_depth);
    for (std::size_t i = 0; i < named; ++i) {
      std::string_view raw = text.substr(pieces[i].begin, pieces[i].end - pieces[i].begin);
      if (raw == "**") {
        add(Kind::any_depth);
      } else if (raw == "*") {
        add(Kind::any_segment);
      } else {
        add_named(raw);
      }
    }
    if (trailing_slash) add(Kind::any_depth);
    return true;
  }

  /// Rules 5-7: what the last segment lets through below it.
  void apply_tail() {
    std::vector<Pattern::Segment>& s = p.segments_;
    switch (kind_of(s.size() - 1)) {
      case Kind::any_depth:
        // A trailing `**` (or `**` alone) needs at least one more segment: `docs/**`
        // is everything below docs, never docs itself.
        s.insert(s.end() - 1, {code(Kind::any_segment), 0, 0});
        break;
      case Kind::any_segment:
        break;  // rule 6: exactly one more segment, nothing below it
      case Kind::literal:
      case Kind::glob:
        add(Kind::any_depth);  // rule 7: the name itself or anything below it
        break;
    }
  }

  /// Anchored all-literal patterns (`/docs/`, `src/app`) are the common CODEOWNERS line;
  /// they reduce to one prefix comparison.
  void choose_shortcut() {
    std::size_t n = p.segments_.size();
    if (n < 2 || kind_of(n - 1) != Kind::any_depth) return;
    bool below = kind_of(n - 2) == Kind::any_segment;
    std::size_t literals = n - (below ? 2 : 1);
    if (literals == 0) return;
    for (std::size_t i = 0; i < literals; ++i) {
      if (kind_of(i) != Kind::literal) return;
    }
    // The names are all the bytes there are, back to back from 0 (only add_named appends,
    // and a literal's bytes end up as the name itself). Spreading them apart for the `/`
    // between them, last first, makes the prefix out of the segments' own bytes: a
    // second copy would double a kibana-sized file's pattern memory.
    std::string& bytes = p.bytes_;
    std::size_t end = bytes.size() + literals - 1;
    bytes.resize(end);
    for (std::size_t i = literals; i-- > 0;) {
      Pattern::Segment& segment = p.segments_[i];
      end -= segment.size;
      std::memmove(bytes.data() + end, bytes.data() + segment.begin, segment.size);
      segment.begin = static_cast<std::uint32_t>(end);
      if (i > 0) bytes[--end] = '/';
    }
    p.prefix_begin_ = 0;
    p.prefix_size_ = static_cast<std::uint32_t>(bytes.size());
    p.shortcut_ =
        static_cast<std::uint8_t>(below ? Shortcut::literal_below : Shortcut::literal_tree);
  }
};

PatternError::PatternError(int column, std::string reason)
    : Error(fmt::format("invalid pattern at column {}: {}", column, reason)),
      column_(column),
      reason_(std::move(reason)) {}

Pattern Pattern::compile(std::string_view text, Dialect dialect) {
  validate(text);
  thread_local std::vector<Piece> pieces;
  split_pieces(text, pieces);
  Pattern pattern;
  pattern.text_ = std::string(text);
  // Glob units take two bytes a character; plain names (most lines) take one, and their
  // prefix shares them (choose_shortcut).
  bool plain = std::none_of(text.begin(), text.end(), is_special);
  pattern.bytes_.reserve(plain ? text.size() : text.size() * 2);
  pattern.segments_.reserve(pieces.size() + 2);
  PatternBuilder builder{pattern};
  if (builder.anchor(text, pieces, dialect)) {
    pattern.shortcut_ = static_cast<std::uint8_t>(Shortcut::none);
    builder.apply_tail();
    builder.choose_shortcut();
  }
  return pattern;
}

namespace {

/// What every path an anchored pattern matches starts with: the text after its leading
/// `/` up to the first escape or wildcard, because the anchored segments are its pieces
/// in order, joined by `/`. Empty (no reject) when the pattern floats to any depth: it
/// has no leading `/` and either is GitLab's or has no `/` before its last character
/// (rule 3; an escaped `/` separates too, so any `/` counts).
std::string_view anchored_lead(std::string_view text, Dialect dialect) {
  if (text.empty()) return {};
  bool leading_slash = text.front() == '/';
  if (!leading_slash) {
    if (dialect == Dialect::gitlab) return {};
    std::size_t slash = text.find('/');
    if (slash == npos || slash + 1 == text.size()) return {};
  }
  std::string_view rest = text.substr(leading_slash ? 1 : 0);
  auto special = std::find_if(rest.begin(), rest.end(), is_special);
  return rest.substr(0, static_cast<std::size_t>(special - rest.begin()));
}

}  // namespace

Pattern Pattern::defer(std::string_view text, Dialect dialect) {
  std::string_view lead = anchored_lead(text, dialect);
  // With nothing to reject by, every match would compile: once is cheaper.
  if (lead.empty()) return compile(text, dialect);
  validate(text);
  Pattern pattern;
  pattern.text_ = std::string(text);
  pattern.prefix_begin_ = static_cast<std::uint32_t>(lead.data() - text.data());
  pattern.prefix_size_ = static_cast<std::uint32_t>(lead.size());
  pattern.shortcut_ = static_cast<std::uint8_t>(Shortcut::deferred);
  pattern.dialect_ = dialect;
  return pattern;
}

bool Pattern::deferred() const { return static_cast<Shortcut>(shortcut_) == Shortcut::deferred; }

namespace {

/// Index just past the UTF-8 character starting at `at`.
std::size_t next_character(std::string_view s, std::size_t at) {
  ++at;
  while (at < s.size() && (static_cast<unsigned char>(s[at]) & 0xC0U) == 0x80U) ++at;
  return at;
}

/// The segment of `path` starting at `at` (a segment never contains `/`).
std::string_view segment_at(std::string_view path, std::size_t at) {
  std::size_t end = path.find('/', at);
  return path.substr(at, end == npos ? npos : end - at);
}

/// Start of the segment after the one at `at`; path.size() + 1 once all are consumed.
std::size_t next_segment(std::string_view path, std::size_t at) {
  std::size_t end = path.find('/', at);
  return end == npos ? path.size() + 1 : end + 1;
}

/// Rule 2: `*` any run, `?` one character, both within one segment. Greedy with
/// backtracking to the last `*` only, which is exact because `?` and literals each consume
/// exactly one character. `units` holds (op, char) pairs.
bool glob_matches(std::string_view units, std::string_view name) {
  auto op = [&](std::size_t g) { return static_cast<GlobOp>(units[2 * g]); };
  const std::size_t count = units.size() / 2;
  std::size_t g = 0, s = 0, star_g = npos, star_s = 0;
  while (s < name.size()) {
    if (g < count && op(g) == GlobOp::any_run) {
      star_g = g++;
      star_s = s;
      continue;
    }
    if (g < count && op(g) == GlobOp::any_char) {
      ++g;
      s = next_character(name, s);
      continue;
    }
    if (g < count && units[2 * g + 1] == name[s]) {
      ++g;
      ++s;
      continue;
    }
    if (star_g == npos) return false;
    g = star_g + 1;
    s = ++star_s;
  }
  while (g < count && op(g) == GlobOp::any_run) ++g;
  return g == count;
}

}  // namespace

/// Matches path segments against pattern segments, `**` playing the star: the same
/// greedy algorithm as glob_matches, exact because every other segment kind consumes
/// exactly one path segment. Worst case is O(segments x path segments) comparisons.
bool Pattern::walk(std::string_view path) const {
  const std::size_t done = path.size() + 1;
  const std::size_t n = segments_.size();
  auto kind = [&](std::size_t t) { return static_cast<Kind>(segments_[t].kind); };
  auto fits = [&](std::size_t t, std::string_view name) {
    std::string_view bytes(bytes_.data() + segments_[t].begin, segments_[t].size);
    switch (kind(t)) {
      case Kind::literal:
        return name == bytes;
      case Kind::glob:
        return glob_matches(bytes, name);
      case Kind::any_segment:
        return !name.empty();
      case Kind::any_depth:
        break;  // handled by the walk
    }
    return false;
  };
  std::size_t t = 0, p = 0, star_t = npos, star_p = 0;
  while (p != done) {
    if (t < n && kind(t) == Kind::any_depth) {
      star_t = t++;
      star_p = p;
      continue;
    }
    if (t < n && fits(t, segment_at(path, p))) {
      ++t;
      p = next_segment(path, p);
      continue;
    }
    if (star_t == npos) return false;
    t = star_t + 1;
    p = star_p = next_segment(path, star_p);
  }
  while (t < n && kind(t) == Kind::any_depth) ++t;
  return t == n;
}

namespace {

/// A glob segment's key: its literal tail after the last wildcard (every matching name
/// ends with it), whether it is `*` + tail alone, and its longest literal run.
Pattern::SegmentKey glob_key(std::string_view units) {
  Pattern::SegmentKey key{Pattern::SegmentKey::Kind::glob, {}, false};
  std::size_t wildcards = 0;
  for (std::size_t g = 0; g < units.size(); g += 2) {
    if (static_cast<GlobOp>(units[g]) == GlobOp::literal) {
      key.text.push_back(units[g + 1]);
      if (key.text.size() > key.piece.size()) key.piece = key.text;
    } else {
      key.text.clear();
      ++wildcards;
    }
  }
  key.suffix_only = wildcards == 1 && static_cast<GlobOp>(units[0]) == GlobOp::any_run;
  return key;
}

}  // namespace

std::vector<Pattern::SegmentKey> Pattern::segment_keys() const {
  std::vector<SegmentKey> keys;
  if (static_cast<Shortcut>(shortcut_) == Shortcut::nothing) return keys;
  if (deferred()) return compile(text_, dialect_).segment_keys();
  keys.reserve(segments_.size());
  for (const Segment& segment : segments_) {
    std::string_view bytes(bytes_.data() + segment.begin, segment.size);
    switch (static_cast<Kind>(segment.kind)) {
      case Kind::literal:
        keys.push_back({SegmentKey::Kind::literal, std::string(bytes), false});
        break;
      case Kind::glob:
        keys.push_back(glob_key(bytes));
        break;
      case Kind::any_segment:
        keys.push_back({SegmentKey::Kind::any_segment, {}, false});
        break;
      case Kind::any_depth:
        keys.push_back({SegmentKey::Kind::any_depth, {}, false});
        break;
    }
  }
  return keys;
}

bool Pattern::matches(std::string_view path) const {
  if (path.empty()) return false;
  auto shortcut = static_cast<Shortcut>(shortcut_);
  const std::string& held = shortcut == Shortcut::deferred ? text_ : bytes_;
  std::string_view prefix(held.data() + prefix_begin_, prefix_size_);
  bool starts = path.substr(0, prefix.size()) == prefix;
  bool under_prefix = starts && path.size() > prefix.size() && path[prefix.size()] == '/';
  switch (shortcut) {
    case Shortcut::nothing:
      return false;
    case Shortcut::deferred:
      return starts && compile(text_, dialect_).matches(path);
    case Shortcut::literal_tree:
      return path == prefix || under_prefix;
    case Shortcut::literal_below:
      return under_prefix && path.size() > prefix.size() + 1;
    case Shortcut::none:
      break;
  }
  return walk(path);
}

}  // namespace gate
