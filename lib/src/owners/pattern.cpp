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
//   rule 1 (`\` escapes, `[` `]` literal)   split_segments / classify
//   rule 2 (`*`, `?` inside a segment)        classify, glob_matches
//   rule 3 (anchoring, single-segment float)  apply_anchoring (and the GitLab dialect)
//   rule 4 (trailing `/` == `/**`, first)     split_segments keeps the empty tail, which
//                                             apply_anchoring turns into `**` after deciding
//                                             whether the pattern floats
//   rule 5 (`**` forms, consecutive as one)   collapse_any_depth, apply_tail
//   rule 6 (last `*` = exactly one segment)   apply_tail (adds nothing after it)
//   rule 7 (other last segment: also below)   apply_tail (appends `**`)
//   rule 8 (`***` invalid, `/` matches none)  validate, Compiled::Shortcut::nothing
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

#include <utility>

namespace gate {

namespace {

constexpr std::size_t npos = std::string_view::npos;

/// One character of a segment as written, with whether a `\` protected it.
struct RawChar {
  char ch;
  bool escaped;
};
using RawSegment = std::vector<RawChar>;

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

/// Splits on `/` (escaped or not, as hmarr and git do) and resolves `\` escapes.
/// A leading `/` yields an empty first segment, a trailing `/` an empty last one.
std::vector<RawSegment> split_segments(std::string_view text) {
  std::vector<RawSegment> segments(1);
  for (std::size_t i = 0; i < text.size(); ++i) {
    bool escaped = text[i] == '\\';
    if (escaped) ++i;  // validate() guarantees a following character
    if (text[i] == '/') {
      segments.emplace_back();
      continue;
    }
    segments.back().push_back({text[i], escaped});
  }
  return segments;
}

bool is_unescaped(const RawSegment& segment, std::string_view form) {
  if (segment.size() != form.size()) return false;
  for (std::size_t i = 0; i < form.size(); ++i) {
    if (segment[i].escaped || segment[i].ch != form[i]) return false;
  }
  return true;
}

}  // namespace

namespace pattern_impl {

/// The compiled form behind Pattern::Compiled, outside the class so that the helpers
/// in this file may name it (Pattern::Compiled itself is private).
struct Compiled {
  enum class GlobOp : std::uint8_t { literal, any_run, any_char };
  struct GlobUnit {
    GlobOp op;
    char ch;
  };
  enum class Kind : std::uint8_t { literal, glob, any_segment, any_depth };
  struct Segment {
    Kind kind;
    std::string literal;         // kind == literal
    std::vector<GlobUnit> glob;  // kind == glob
  };
  /// Whole-pattern fast paths, decided once at compile time.
  enum class Shortcut : std::uint8_t {
    none,           // walk `segments`
    nothing,        // `/`: matches no path
    literal_tree,   // anchored literal: `prefix` itself or anything below it
    literal_below,  // anchored literal directory (`/docs/`): strictly below `prefix`
  };

  Shortcut shortcut = Shortcut::none;
  std::string prefix;
  std::vector<Segment> segments;
};

}  // namespace pattern_impl

struct Pattern::Compiled : pattern_impl::Compiled {};

namespace {

using Segment = pattern_impl::Compiled::Segment;
using Kind = pattern_impl::Compiled::Kind;
using GlobOp = pattern_impl::Compiled::GlobOp;
using GlobUnit = pattern_impl::Compiled::GlobUnit;
using Shortcut = pattern_impl::Compiled::Shortcut;

Segment any_depth() { return {Kind::any_depth, {}, {}}; }
Segment any_segment() { return {Kind::any_segment, {}, {}}; }

/// Rule 3 (and the GitLab dialect): decides whether the pattern floats to any depth,
/// then rule 4: a trailing `/` becomes `**`. Returns false for `/`, which matches nothing.
bool apply_anchoring(std::vector<RawSegment>& raw, Dialect dialect, bool& floats) {
  bool leading_slash = raw.size() > 1 && raw.front().empty();
  if (leading_slash) raw.erase(raw.begin());
  if (raw.size() == 1 && raw.front().empty()) return false;  // the pattern was `/`
  bool trailing_slash = raw.size() > 1 && raw.back().empty();
  std::size_t named = raw.size() - (trailing_slash ? 1 : 0);
  floats = !leading_slash && (named == 1 || dialect == Dialect::gitlab);
  if (trailing_slash) raw.back() = {{'*', false}, {'*', false}};
  return true;
}

/// Rules 1-2 and 5: what one segment of the pattern matches.
Segment classify(const RawSegment& raw) {
  if (is_unescaped(raw, "**")) return any_depth();
  if (is_unescaped(raw, "*")) return any_segment();
  Segment segment{Kind::literal, {}, {}};
  for (const RawChar& c : raw) {
    GlobOp op = GlobOp::literal;
    if (!c.escaped && c.ch == '*') op = GlobOp::any_run;
    if (!c.escaped && c.ch == '?') op = GlobOp::any_char;
    // `a**b` is `a*b`: adjacent runs add nothing and would only slow backtracking.
    bool repeated_run =
        op == GlobOp::any_run && !segment.glob.empty() && segment.glob.back().op == GlobOp::any_run;
    if (!repeated_run) segment.glob.push_back({op, c.ch});
    if (op != GlobOp::literal) segment.kind = Kind::glob;
  }
  if (segment.kind == Kind::literal) {
    for (const GlobUnit& unit : segment.glob) segment.literal.push_back(unit.ch);
    segment.glob.clear();
  }
  return segment;
}

/// Rule 5: consecutive `**` segments act as one.
void collapse_any_depth(std::vector<Segment>& segments) {
  std::vector<Segment> out;
  out.reserve(segments.size());
  for (Segment& segment : segments) {
    if (segment.kind == Kind::any_depth && !out.empty() && out.back().kind == Kind::any_depth) {
      continue;
    }
    out.push_back(std::move(segment));
  }
  segments = std::move(out);
}

/// Rules 5-7: what the last segment lets through below it.
void apply_tail(std::vector<Segment>& segments) {
  switch (segments.back().kind) {
    case Kind::any_depth:
      // A trailing `**` (or `**` alone) needs at least one more segment: `docs/**`
      // is everything below docs, never docs itself.
      segments.insert(segments.end() - 1, any_segment());
      break;
    case Kind::any_segment:
      break;  // rule 6: exactly one more segment, nothing below it
    case Kind::literal:
    case Kind::glob:
      segments.push_back(any_depth());  // rule 7: the name itself or anything below it
      break;
  }
}

/// Anchored all-literal patterns (`/docs/`, `src/app`) are the common CODEOWNERS line;
/// they reduce to one prefix comparison.
void choose_shortcut(pattern_impl::Compiled& compiled) {
  const std::vector<Segment>& segments = compiled.segments;
  std::size_t n = segments.size();
  if (n < 2 || segments[n - 1].kind != Kind::any_depth) return;
  bool below = segments[n - 2].kind == Kind::any_segment;
  std::size_t literals = n - (below ? 2 : 1);
  if (literals == 0) return;
  std::string joined;
  for (std::size_t i = 0; i < literals; ++i) {
    if (segments[i].kind != Kind::literal) return;
    if (i > 0) joined.push_back('/');
    joined += segments[i].literal;
  }
  compiled.prefix = std::move(joined);
  compiled.shortcut = below ? Shortcut::literal_below : Shortcut::literal_tree;
}

}  // namespace

PatternError::PatternError(int column, std::string reason)
    : Error(fmt::format("invalid pattern at column {}: {}", column, reason)),
      column_(column),
      reason_(std::move(reason)) {}

Pattern Pattern::compile(std::string_view text, Dialect dialect) {
  validate(text);
  std::vector<RawSegment> raw = split_segments(text);
  auto compiled = std::make_shared<Pattern::Compiled>();
  bool floats = false;
  if (!apply_anchoring(raw, dialect, floats)) {
    compiled->shortcut = Shortcut::nothing;
  } else {
    if (floats) compiled->segments.push_back(any_depth());
    for (const RawSegment& segment : raw) compiled->segments.push_back(classify(segment));
    collapse_any_depth(compiled->segments);
    apply_tail(compiled->segments);
    choose_shortcut(*compiled);
  }
  Pattern pattern;
  pattern.text_ = std::string(text);
  pattern.compiled_ = std::move(compiled);
  return pattern;
}

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
/// exactly one character.
bool glob_matches(const std::vector<GlobUnit>& glob, std::string_view name) {
  std::size_t g = 0, s = 0, star_g = npos, star_s = 0;
  while (s < name.size()) {
    if (g < glob.size() && glob[g].op == GlobOp::any_run) {
      star_g = g++;
      star_s = s;
      continue;
    }
    if (g < glob.size() && glob[g].op == GlobOp::any_char) {
      ++g;
      s = next_character(name, s);
      continue;
    }
    if (g < glob.size() && glob[g].ch == name[s]) {
      ++g;
      ++s;
      continue;
    }
    if (star_g == npos) return false;
    g = star_g + 1;
    s = ++star_s;
  }
  while (g < glob.size() && glob[g].op == GlobOp::any_run) ++g;
  return g == glob.size();
}

bool segment_matches(const Segment& segment, std::string_view name) {
  switch (segment.kind) {
    case Kind::literal:
      return name == segment.literal;
    case Kind::glob:
      return glob_matches(segment.glob, name);
    case Kind::any_segment:
      return !name.empty();
    case Kind::any_depth:
      break;  // handled by walk()
  }
  return false;
}

/// Matches path segments against pattern segments, `**` playing the star: the same
/// greedy algorithm as glob_matches, exact because every other segment kind consumes
/// exactly one path segment. Worst case is O(segments x path segments) comparisons.
bool walk(const std::vector<Segment>& segments, std::string_view path) {
  const std::size_t done = path.size() + 1;
  std::size_t t = 0, p = 0, star_t = npos, star_p = 0;
  while (p != done) {
    if (t < segments.size() && segments[t].kind == Kind::any_depth) {
      star_t = t++;
      star_p = p;
      continue;
    }
    if (t < segments.size() && segment_matches(segments[t], segment_at(path, p))) {
      ++t;
      p = next_segment(path, p);
      continue;
    }
    if (star_t == npos) return false;
    t = star_t + 1;
    p = star_p = next_segment(path, star_p);
  }
  while (t < segments.size() && segments[t].kind == Kind::any_depth) ++t;
  return t == segments.size();
}

}  // namespace

std::vector<Pattern::SegmentKey> Pattern::segment_keys() const {
  std::vector<SegmentKey> keys;
  if (!compiled_ || compiled_->shortcut == Shortcut::nothing) return keys;
  for (const Segment& segment : compiled_->segments) {
    switch (segment.kind) {
      case Kind::literal:
        keys.push_back({SegmentKey::Kind::literal, segment.literal, false});
        break;
      case Kind::glob: {
        // The literal units after the last wildcard: every matching name ends with them.
        std::string tail;
        std::size_t wildcards = 0;
        for (const GlobUnit& unit : segment.glob) {
          if (unit.op == GlobOp::literal) {
            tail.push_back(unit.ch);
          } else {
            tail.clear();
            ++wildcards;
          }
        }
        bool suffix_only = wildcards == 1 && segment.glob.front().op == GlobOp::any_run;
        keys.push_back({SegmentKey::Kind::glob, std::move(tail), suffix_only});
        break;
      }
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
  if (!compiled_ || path.empty()) return false;
  const pattern_impl::Compiled& c = *compiled_;
  const std::string& prefix = c.prefix;
  bool under_prefix = path.size() > prefix.size() && path[prefix.size()] == '/' &&
                      path.substr(0, prefix.size()) == prefix;
  switch (c.shortcut) {
    case Shortcut::nothing:
      return false;
    case Shortcut::literal_tree:
      return path == prefix || under_prefix;
    case Shortcut::literal_below:
      return under_prefix && path.size() > prefix.size() + 1;
    case Shortcut::none:
      break;
  }
  return walk(c.segments, path);
}

}  // namespace gate
