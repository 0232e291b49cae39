// Unit tests of the CODEOWNERS pattern matcher (docs/policy.md, Patterns), in
// eight rules (R1-R8 below): escapes, `*` and `?` within a segment, anchoring, a trailing
// `/`, `**`, a last segment that is exactly `*`, other last segments, and the oddities.
//
// Every expected value below comes from those rules or from hmarr/codeowners'
// testdata/patterns.json (rows marked "hmarr"), never from running this matcher.

#include "gate/pattern.hpp"

#include <doctest/doctest.h>

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>
#include <string>

namespace {

// Counts heap allocations while `counting` is set, to prove matches() allocates nothing.
std::atomic<bool> counting{false};
std::atomic<std::size_t> allocations{0};

}  // namespace

void* operator new(std::size_t size) {
  if (counting.load(std::memory_order_relaxed)) allocations.fetch_add(1);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return ::operator new(size); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace {

using gate::Dialect;
using gate::Pattern;
using gate::PatternError;

struct Case {
  const char* pattern;
  const char* path;
  bool expected;
  const char* reason;
};

// clang-format off
constexpr Case github_cases[] = {
  // --- hmarr: single-segment pattern `foo`
  {"foo", "foo", true, "hmarr; R3 a single segment floats, here at the root"},
  {"foo", "foo.txt", false, "hmarr; R2 a literal segment must equal the whole name"},
  {"foo", "foo/bar", true, "hmarr; R7 a last segment also owns everything below a dir of that name"},
  {"foo", "bar/foo", true, "hmarr; R3 a single segment floats to any depth"},
  {"foo", "bar/foo.txt", false, "hmarr; R2 no name equals foo"},
  {"foo", "bar/baz", false, "hmarr; no segment named foo"},
  {"foo", "bar/foo/baz", true, "hmarr; R3 float + R7 below a dir named foo"},
  // --- hmarr: `/foo`
  {"/foo", "foo", true, "hmarr; R3 leading / anchors at the root"},
  {"/foo", "fool.txt", false, "hmarr; R2 literal must equal the whole name"},
  {"/foo", "foo/bar", true, "hmarr; R7 everything below root dir foo"},
  {"/foo", "bar/foo", false, "hmarr; R3 leading / anchors: not at depth 1"},
  {"/foo", "bar/baz", false, "hmarr; no foo at the root"},
  {"/foo", "foo/bar/baz", true, "hmarr; R7 everything below, at any depth"},
  {"/foo", "bar/foo/baz", false, "hmarr; R3 anchored: foo must be the first segment"},
  // --- hmarr: `foo/`
  {"foo/", "foo", false, "hmarr; R4 trailing / is /**: never a file of that name"},
  {"foo/", "foo/bar", true, "hmarr; R4 everything below dir foo"},
  {"foo/", "foo/bar/baz", true, "hmarr; R4 everything below, deep"},
  {"foo/", "bar/foo", false, "hmarr; R4 bar/foo is a file named foo, not below it"},
  {"foo/", "bar/baz", false, "hmarr; no dir named foo"},
  {"foo/", "bar/foo/baz", true, "hmarr; R3 single segment with trailing / still floats"},
  {"foo/", "bar/foo/baz/qux", true, "hmarr; R3 float + R4 below"},
  // --- hmarr: `/foo/`
  {"/foo/", "foo", false, "hmarr; R4 never the file itself"},
  {"/foo/", "foo/bar", true, "hmarr; R3 anchored + R4 below"},
  {"/foo/", "foo/bar/baz", true, "hmarr; R4 everything below"},
  {"/foo/", "bar/foo", false, "hmarr; R3 anchored"},
  {"/foo/", "bar/baz", false, "hmarr; no root dir foo"},
  {"/foo/", "bar/foo/baz", false, "hmarr; R3 anchored: foo not at the root"},
  {"/foo/", "bar/foo/baz/qux", false, "hmarr; R3 anchored"},
  // --- hmarr: `foo/bar` (implicitly anchored)
  {"foo/bar", "foo/bar", true, "hmarr; R3 a middle slash anchors at the root"},
  {"foo/bar", "foo/bart", false, "hmarr; R2 whole-name literal"},
  {"foo/bar", "foo/bar/baz", true, "hmarr; R7 below a dir named bar"},
  {"foo/bar", "baz/foo/bar", false, "hmarr; R3 a middle slash anchors: no float"},
  {"foo/bar", "baz/foo/bar/qux", false, "hmarr; R3 anchored"},
  // --- hmarr: `/foo/bar`
  {"/foo/bar", "foo/bar", true, "hmarr; R3 anchored"},
  {"/foo/bar", "foo/bart", false, "hmarr; R2 whole-name literal"},
  {"/foo/bar", "foo/bar/baz", true, "hmarr; R7 below"},
  {"/foo/bar", "baz/foo/bar", false, "hmarr; R3 anchored"},
  {"/foo/bar", "baz/foo/bar/qux", false, "hmarr; R3 anchored"},
  // --- hmarr: `foo/bar/`
  {"foo/bar/", "foo/bar", false, "hmarr; R4 never the file itself"},
  {"foo/bar/", "foo/bart", false, "hmarr; R2 whole-name literal"},
  {"foo/bar/", "foo/bar/baz", true, "hmarr; R4 below dir foo/bar"},
  {"foo/bar/", "baz/foo/bar", false, "hmarr; R3 anchored, R4 not below"},
  {"foo/bar/", "baz/foo/bar/qux", false, "hmarr; R3 anchored: two named segments"},
  // --- hmarr: `/foo/bar/`
  {"/foo/bar/", "foo/bar", false, "hmarr; R4 never the file itself"},
  {"/foo/bar/", "foo/bart", false, "hmarr; R2 whole-name literal"},
  {"/foo/bar/", "foo/bar/baz", true, "hmarr; R4 below"},
  {"/foo/bar/", "foo/bar/baz/qux", true, "hmarr; R4 everything below"},
  {"/foo/bar/", "baz/foo/bar", false, "hmarr; R3 anchored"},
  {"/foo/bar/", "baz/foo/bar/qux", false, "hmarr; R3 anchored"},
  // --- hmarr: `*`
  {"*", "foo", true, "hmarr; R3 single segment floats, R2 * matches any name"},
  {"*", "foo/bar", true, "hmarr; R3 float: the last name matches *"},
  {"*", "bar/foo", true, "hmarr; R3 float"},
  {"*", "bar/foo/baz", true, "hmarr; R3 float"},
  {"*", "bar/baz", true, "hmarr; R3 float"},
  {"*", "xfoo", true, "hmarr; R2 * matches any name"},
  // --- hmarr: `f*`
  {"f*", "foo", true, "hmarr; R2 * matches the rest of the name"},
  {"f*", "foo/bar", true, "hmarr; R7 below a dir matching f*"},
  {"f*", "foo/bar/baz", true, "hmarr; R7 below, deep"},
  {"f*", "bar/foo", true, "hmarr; R3 single segment floats"},
  {"f*", "bar/foo/baz", true, "hmarr; R3 float + R7 below"},
  {"f*", "bar/baz", false, "hmarr; no name starts with f"},
  {"f*", "xfoo", false, "hmarr; R2 the glob covers the whole name: must start with f"},
  // --- hmarr: `/*`
  {"/*", "foo", true, "hmarr; R6 exactly one segment at the root"},
  {"/*", "bar", true, "hmarr; R6 exactly one segment"},
  {"/*", "foo/bar", false, "hmarr; R6 a last lone * owns nothing below"},
  {"/*", "foo/bar/baz", false, "hmarr; R6 direct children only"},
  // --- hmarr: `/f*`
  {"/f*", "foo", true, "hmarr; R3 anchored, R2 glob"},
  {"/f*", "foo/bar", true, "hmarr; R7 f* is not a lone *: owns below"},
  {"/f*", "foo/bar/baz", true, "hmarr; R7 below"},
  {"/f*", "bar/foo", false, "hmarr; R3 anchored"},
  {"/f*", "bar/foo/baz", false, "hmarr; R3 anchored"},
  {"/f*", "bar/baz", false, "hmarr; no root name starting with f"},
  {"/f*", "xfoo", false, "hmarr; R2 must start with f"},
  // --- hmarr: `f*/`
  {"f*/", "foo", false, "hmarr; R4 never a file"},
  {"f*/", "foo/bar", true, "hmarr; R4 below a dir matching f*"},
  {"f*/", "bar/foo", false, "hmarr; R4 foo is a file here"},
  {"f*/", "bar/foo/baz", true, "hmarr; R3 single segment floats + R4"},
  {"f*/", "bar/baz", false, "hmarr; no dir matching f*"},
  {"f*/", "xfoo", false, "hmarr; R4 never a file"},
  // --- hmarr: `/*/`
  {"/*/", "foo", false, "hmarr; R4 applied first: /*/** never a root file"},
  {"/*/", "foo/bar", true, "hmarr; R4 /*/**: below any top-level dir"},
  {"/*/", "bar/foo", true, "hmarr; R4 /*/**"},
  {"/*/", "bar/foo/baz", true, "hmarr; R4 /*/** everything below (R6 does not apply)"},
  // --- hmarr: `/f*/`
  {"/f*/", "foo", false, "hmarr; R4 never a file"},
  {"/f*/", "foo/bar", true, "hmarr; R3 anchored + R4"},
  {"/f*/", "bar/foo", false, "hmarr; R3 anchored"},
  {"/f*/", "bar/foo/baz", false, "hmarr; R3 anchored"},
  {"/f*/", "bar/baz", false, "hmarr; no root dir matching f*"},
  {"/f*/", "xfoo", false, "hmarr; R4 never a file"},
  // --- hmarr: escaped wildcards
  {"f\\*o", "foo", false, "hmarr; R1 \\* is a literal star"},
  {"f\\*o", "f*o", true, "hmarr; R1 \\* is a literal star"},
  {"f\\?o", "foo", false, "hmarr; R1 \\? is a literal question mark"},
  {"f\\?o", "f?o", true, "hmarr; R1 \\? is a literal question mark"},
  // --- hmarr: `foo/*`
  {"foo/*", "foo", false, "hmarr; R6 needs exactly one more segment"},
  {"foo/*", "foo/bar", true, "hmarr; R6 a direct child"},
  {"foo/*", "foo/bar/baz", false, "hmarr; R6 GitHub's deviation: nothing deeper"},
  {"foo/*", "bar/foo", false, "hmarr; R3 anchored"},
  {"foo/*", "bar/foo/baz", false, "hmarr; R3 anchored"},
  {"foo/*", "bar/baz", false, "hmarr; R3 anchored"},
  {"foo/*", "xfoo", false, "hmarr; no dir foo"},
  // --- hmarr: `foo/*.txt`
  {"foo/*.txt", "foo", false, "hmarr; needs a second segment"},
  {"foo/*.txt", "foo/bar.txt", true, "hmarr; R3 anchored, R2 glob"},
  {"foo/*.txt", "foo/bar/baz.txt", false, "hmarr; R2 * never crosses /"},
  {"foo/*.txt", "qux/foo/bar.txt", false, "hmarr; R3 anchored"},
  {"foo/*.txt", "qux/foo/bar/baz.txt", false, "hmarr; R3 anchored"},
  // --- hmarr: `foo/*/baz`
  {"foo/*/baz", "foo", false, "hmarr; three segments needed"},
  {"foo/*/baz", "foo/bar", false, "hmarr; three segments needed"},
  {"foo/*/baz", "foo/baz", false, "hmarr; R2 a middle * is exactly one non-empty segment"},
  {"foo/*/baz", "foo/bar/baz", true, "hmarr; middle * matches bar"},
  {"foo/*/baz", "foo/bar/baz/qux", true, "hmarr; R7 below baz"},
  // --- hmarr: `f?o`
  {"f?o", "foo", true, "hmarr; R2 ? is one character"},
  {"f?o", "fo", false, "hmarr; R2 ? needs exactly one character"},
  {"f?o", "fooo", false, "hmarr; R2 ? is exactly one character"},
  // --- hmarr: `**/foo/bar`
  {"**/foo/bar", "foo/bar", true, "hmarr; R5 leading **/ is zero dirs"},
  {"**/foo/bar", "qux/foo/bar", true, "hmarr; R5 leading **/ is one dir"},
  {"**/foo/bar", "qux/foo/bar/baz", true, "hmarr; R5 + R7 below bar"},
  {"**/foo/bar", "foo/baz/bar", false, "hmarr; foo/bar must be adjacent"},
  {"**/foo/bar", "qux/foo/baz/bar", false, "hmarr; foo/bar must be adjacent"},
  // --- hmarr: `**/*bar*`
  {"**/*bar*", "bar", true, "hmarr; R5 zero dirs, R2 * may be empty"},
  {"**/*bar*", "foo/bar", true, "hmarr; R5 one dir"},
  {"**/*bar*", "foo/rebar", true, "hmarr; R2 leading *"},
  {"**/*bar*", "foo/barrio", true, "hmarr; R2 trailing *"},
  {"**/*bar*", "foo/qux/bar", true, "hmarr; R5 several dirs"},
  // --- hmarr: `foo/bar/**`
  {"foo/bar/**", "foo/bar", false, "hmarr; R5 trailing /** is below only"},
  {"foo/bar/**", "foo/bar/baz", true, "hmarr; R5 trailing /** everything below"},
  {"foo/bar/**", "foo/bar/baz/qux", true, "hmarr; R5 everything below, deep"},
  {"foo/bar/**", "qux/foo/bar", false, "hmarr; R3 anchored"},
  {"foo/bar/**", "qux/foo/bar/baz", false, "hmarr; R3 anchored"},
  // --- hmarr: `foo/**/bar`
  {"foo/**/bar", "foo/bar", true, "hmarr; R5 middle /**/ is zero dirs"},
  {"foo/**/bar", "foo/bar/baz", true, "hmarr; R5 zero dirs + R7 below"},
  {"foo/**/bar", "foo/qux/bar/baz", true, "hmarr; R5 one dir"},
  {"foo/**/bar", "foo/qux/quux/bar/baz", true, "hmarr; R5 two dirs"},
  {"foo/**/bar", "foo/bar/baz/qux", true, "hmarr; R7 below bar"},
  {"foo/**/bar", "qux/foo/bar", false, "hmarr; R3 anchored"},
  {"foo/**/bar", "qux/foo/bar/baz", false, "hmarr; R3 anchored"},
  // --- hmarr: `foo/**/`
  {"foo/**/", "foo", false, "hmarr; R4+R5 foo/**/** = foo/**: below only"},
  {"foo/**/", "foo/bar", true, "hmarr; R5 consecutive ** act as one: below foo"},
  {"foo/**/", "foo/bar/baz", true, "hmarr; R5 below foo"},
  // --- hmarr: `foo/**/bar/b*`
  {"foo/**/bar/b*", "foo/bar", false, "hmarr; b* needs a segment after bar"},
  {"foo/**/bar/b*", "foo/bar/baz", true, "hmarr; R5 zero dirs, R2 b*"},
  {"foo/**/bar/b*", "foo/bar/qux", false, "hmarr; R2 qux does not start with b"},
  {"foo/**/bar/b*", "foo/qux/bar", false, "hmarr; b* needs a segment after bar"},
  {"foo/**/bar/b*", "foo/qux/bar/baz", true, "hmarr; R5 one dir"},
  {"foo/**/bar/b*", "foo/qux/bar/qux", false, "hmarr; R2 qux does not start with b"},

  // --- rule 1: escapes, literal brackets, no negation
  {"foo\\ bar", "foo bar", true, "R1 \\  is a space"},
  {"foo\\ bar", "foo\\ bar", false, "R1 the backslash is consumed, not literal"},
  {"\\*", "*", true, "R1 \\* is a literal star"},
  {"\\*", "x", false, "R1 \\* is not a wildcard"},
  {"\\a\\b", "ab", true, "R1 \\ escapes any next character, ordinary ones stay themselves"},
  {"a\\\\b", "a\\b", true, "R1 \\\\ is a literal backslash"},
  {"\\#notes", "#notes", true, "R1 \\# escapes the hash"},
  {"\\#notes", "x/#notes", true, "R1 + R3 single segment floats"},
  {"[abc].md", "[abc].md", true, "R1 [ and ] are literal characters"},
  {"[abc].md", "a.md", false, "R1 no [ ] ranges (GitHub deviation)"},
  {"file[1].txt", "dir/file[1].txt", true, "R1 literal brackets, R3 float"},
  {"!important", "!important", true, "GitHub: ! negation does not work, ! is literal"},
  {"!important", "important", false, "GitHub: ! is not negation, so it must be present"},
  {"a\\/b", "a/b", true, "hmarr: an escaped / still separates segments"},
  {"\\*\\*\\*", "***", true, "R1 escaped stars are literal, so this is not ***"},
  // --- rule 2: * and ? within a segment
  {"*.md", "README.md", true, "R2 * matches README"},
  {"*.md", "docs/README.md", true, "R3 single segment floats"},
  {"*.md", "README.mdx", false, "R2 the glob covers the whole name"},
  {"*.md", "notes.md/x", true, "R7 below a dir named notes.md"},
  {"*.js", ".js", true, "R2 * matches zero characters"},
  {"a*b", "ab", true, "R2 * matches zero characters"},
  {"a*b", "a/b", false, "R2 * never matches /"},
  {"?", "a", true, "R2 ? matches one character"},
  {"?", "ab", false, "R2 ? matches exactly one character"},
  {"?", "x/a", true, "R3 float + R2"},
  {"f?o", "f/o", false, "R2 ? never matches /"},
  {"f?o", "f\xc3\xa4o", true, "R2 ? is one character, UTF-8 aware as in hmarr"},
  {"/docs/*.md", "docs/a.md", true, "R3 anchored, R2 glob"},
  {"/docs/*.md", "docs/sub/a.md", false, "R2 * does not cross /"},
  {"a**b", "axyb", true, "gitignore/hmarr: ** inside a name acts as *"},
  {"x/a**b", "x/a/b", false, "gitignore/hmarr: ** not alone in its segment never crosses /"},
  // --- rule 3: anchoring
  {"docs/api", "x/docs/api", false, "R3 middle slash anchors"},
  {"/docs", "x/docs", false, "R3 leading / anchors"},
  {"docs", "x/docs", true, "R3 single segment floats"},
  {"docs/", "a/b/docs/c", true, "R3 single segment + trailing / floats"},
  {"/docs/", "docs/a/b/c", true, "R3 anchored, R4 everything below"},
  {"README", "readme", false, "paths are case-sensitive"},
  {"/Docs/", "docs/a", false, "paths are case-sensitive"},
  // --- rule 4: trailing / == /** applied first
  {"/*/", "README", false, "R4 /*/ is /*/**: never a root file"},
  {"/*/", "src/a", true, "R4 /*/**: below a top-level dir"},
  {"docs/", "docs", false, "R4 never a file of that name"},
  {"src/*/", "src/a", false, "R4 src/*/** needs something below src/a"},
  {"src/*/", "src/a/b", true, "R4 src/*/**"},
  {"src/*/", "src/a/b/c", true, "R4 everything below, R6 does not apply"},
  // --- rule 5: **
  {"**", "a", true, "R5 ** alone matches everything"},
  {"**", "a/b/c", true, "R5 ** alone matches everything"},
  {"/**", "a/b", true, "R5 /** is ** anchored at the root: everything"},
  {"**/docs", "docs", true, "R5 leading **/ zero dirs"},
  {"**/docs", "a/b/docs", true, "R5 leading **/ several dirs"},
  {"**/docs", "a/b/docs/x", true, "R5 + R7 below"},
  {"**/docs", "a/docsx", false, "R2 whole-name literal"},
  {"docs/**", "docs", false, "R5 trailing /** below only"},
  {"docs/**", "docs/a/b", true, "R5 trailing /** everything below"},
  {"a/**/b", "a/b", true, "R5 /**/ zero dirs"},
  {"a/**/b", "a/x/y/b", true, "R5 /**/ several dirs"},
  {"a/**/b", "a/xb", false, "R5 /**/ spans whole segments only"},
  {"a/**/b", "x/a/b", false, "R3 anchored"},
  {"a/**/**/b", "a/b", true, "R5 consecutive ** act as one: zero dirs"},
  {"a/**/**/b", "a/x/b", true, "R5 consecutive ** act as one"},
  {"**/**/b", "b", true, "R5 consecutive ** act as one (hmarr: false)"},
  {"**/**/b", "x/y/b", true, "R5 consecutive ** act as one"},
  {"**/", "a", true, "R4 **/ is **/**, R5 one **: everything (hmarr: false)"},
  {"**/*.md", "a.md", true, "R5 zero dirs"},
  {"**/*.md", "x/y/a.md", true, "R5 several dirs"},
  {"**/b/*", "b/c", true, "R5 zero dirs, R6"},
  {"**/b/*", "x/b/c", true, "R5 one dir, R6"},
  {"**/b/*", "x/b/c/d", false, "R6 last lone * owns nothing below"},
  {"/**/foo", "x/foo", true, "R5 leading /** same as **/"},
  // --- rule 6: last segment exactly *
  {"docs/*", "docs/a", true, "R6 a direct child"},
  {"docs/*", "docs/a/b", false, "R6 nothing deeper (GitHub deviation)"},
  {"/*", "a/b", false, "R6 /* owns root files only"},
  {"*", "a/b/c", true, "R3 a single * floats, so every path"},
  {"a/*/*", "a/b/c", true, "R6 two more segments exactly"},
  {"a/*/*", "a/b/c/d", false, "R6 nothing below the last *"},
  {"a/*/*", "a/b", false, "R6 the last * needs a segment"},
  {"**/*", "a/b/c", true, "R5 + R6 the last name is any segment"},
  {"foo/**/*", "foo/a/b", true, "R5 + R6: everything below foo"},
  {"foo/**/*", "foo", false, "R6 the last * needs a segment below foo"},
  // --- rule 7: other last segments also own below
  {"docs/*.md", "docs/x.md/y", true, "R7 below a dir matching *.md"},
  {"src/f*", "src/foo/bar/baz", true, "R7 below a dir matching f*"},
  {"a/b", "a/b/c/d", true, "R7 everything below a/b"},
  {"/a/b?", "a/bc/d", true, "R7 below a dir matching b?"},
  {"\\*", "*/x", true, "R7 an escaped * is not a lone *, so it owns below"},
  // --- rule 8 and oddities
  {"/", "a", false, "R8 / matches nothing"},
  {"/", "README", false, "R8 / matches nothing"},
  {"a//b", "a/b", false, "hmarr: an empty segment matches no name"},
};

constexpr Case gitlab_cases[] = {
  {"docs/a.md", "x/docs/a.md", true, "GitLab: no leading / floats even with a slash"},
  {"docs/a.md", "docs/a.md", true, "GitLab: zero leading dirs"},
  {"docs/a.md", "x/y/docs/a.md/z", true, "GitLab float + R7 below"},
  {"docs/a.md", "xdocs/a.md", false, "GitLab float still matches whole names"},
  {"/docs/a.md", "x/docs/a.md", false, "GitLab: a leading / anchors"},
  {"/docs/a.md", "docs/a.md", true, "R3 anchored"},
  {"docs/*", "x/docs/a", true, "GitLab float + R6"},
  {"docs/*", "x/docs/a/b", false, "R6 direct children only"},
  {"docs/", "x/docs/y", true, "GitLab float + R4"},
  {"docs/", "x/docs", false, "R4 never the file itself"},
  {"a/**/b", "x/a/y/b", true, "GitLab float + R5"},
  {"*.md", "x/y/z.md", true, "R3 single segment floats in both dialects"},
  {"/*", "a/b", false, "R6 anchored /* direct root children only"},
  {"**", "a/b", true, "R5 everything"},
  {"/", "a", false, "R8 / matches nothing"},
  {"src/*/", "x/src/a/b", true, "GitLab float + R4"},
};
// clang-format on

void check_table(const Case* begin, const Case* end, Dialect dialect) {
  for (const Case* c = begin; c != end; ++c) {
    INFO("pattern `", c->pattern, "` path `", c->path, "`: ", c->reason);
    CHECK(Pattern::compile(c->pattern, dialect).matches(c->path) == c->expected);
    // A deferred pattern rejects by its anchored literal lead, else compiles: same answer.
    CHECK(Pattern::defer(c->pattern, dialect).matches(c->path) == c->expected);
  }
}

int error_column(const char* text) {
  int compiled = 0, deferred = 0;
  try {
    (void)Pattern::compile(text);
  } catch (const PatternError& e) {
    compiled = e.column();
  }
  try {
    (void)Pattern::defer(text);
  } catch (const PatternError& e) {
    deferred = e.column();
  }
  CHECK(deferred == compiled);  // a deferred line is refused exactly as a compiled one
  return compiled;
}

}  // namespace

TEST_CASE("github dialect: the rule table") {
  CHECK(std::size(github_cases) >= 150);
  check_table(std::begin(github_cases), std::end(github_cases), Dialect::github);
}

TEST_CASE("gitlab dialect: patterns without a leading slash float") {
  check_table(std::begin(gitlab_cases), std::end(gitlab_cases), Dialect::gitlab);
  // The same pattern stays anchored under GitHub rules (R3).
  CHECK_FALSE(Pattern::compile("docs/a.md", Dialect::github).matches("x/docs/a.md"));
}

TEST_CASE("invalid patterns throw PatternError with the column") {
  CHECK(error_column("***") == 1);      // R8
  CHECK(error_column("a/***/b") == 3);  // R8: the run starts at column 3
  CHECK(error_column("x****") == 2);    // R8: four stars contain ***
  CHECK(error_column("\\***") == 2);    // hmarr rejects *** even after an escaped star
  CHECK(error_column("foo\\") == 4);    // a trailing lone \ escapes nothing
  CHECK(error_column("a\\\\\\") == 4);  // `\\` is a backslash, then a lone `\`
  CHECK(error_column("") == 1);         // empty text
  CHECK_THROWS_AS((void)Pattern::compile("", Dialect::gitlab), PatternError);
  CHECK_THROWS_AS((void)Pattern::compile("a/***", Dialect::gitlab), PatternError);
}

TEST_CASE("PatternError reads as a sentence and is a gate::Error") {
  try {
    (void)Pattern::compile("a/***/b");
    FAIL("expected a PatternError");
  } catch (const gate::Error& e) {
    std::string what = e.what();
    CHECK(what.rfind("invalid pattern at column 3: ", 0) == 0);
    const auto* pattern_error = dynamic_cast<const PatternError*>(&e);
    REQUIRE(pattern_error != nullptr);
    CHECK_FALSE(pattern_error->reason().empty());
    CHECK(what.find(pattern_error->reason()) != std::string::npos);
  }
}

TEST_CASE("valid look-alikes compile") {
  CHECK_NOTHROW((void)Pattern::compile("/"));          // R8: compiles, matches nothing
  CHECK_NOTHROW((void)Pattern::compile("a\\\\"));      // an escaped backslash
  CHECK_NOTHROW((void)Pattern::compile("\\*\\*\\*"));  // three escaped stars
  CHECK_NOTHROW((void)Pattern::compile("**/**"));
}

TEST_CASE("text() is the pattern as written, and copies share the compiled form") {
  Pattern original = Pattern::compile("docs\\ x/*.md");
  Pattern copy = original;
  CHECK(copy.text() == "docs\\ x/*.md");
  CHECK(copy.matches("docs x/a.md"));
  CHECK_FALSE(copy.matches("docs x/a/b.md"));
}

TEST_CASE("defer() waits to compile only a pattern with an anchored literal lead") {
  CHECK(Pattern::defer("/docs/").deferred());
  CHECK(Pattern::defer("src/app/*.ts").deferred());  // R3: a slash inside anchors
  CHECK(Pattern::defer("/a?b").deferred());          // the lead is `a`
  CHECK_FALSE(Pattern::defer("*.md").deferred());    // floats: nothing rejects before compiling
  CHECK_FALSE(Pattern::defer("docs/").deferred());   // R3: a trailing slash does not anchor
  CHECK_FALSE(Pattern::defer("/**/x").deferred());   // anchored, but no literal to lead
  CHECK_FALSE(Pattern::defer("a/b", Dialect::gitlab).deferred());  // GitLab: floats
  CHECK_FALSE(Pattern::compile("/docs/").deferred());
  // The lead rejects, and what it lets through is matched in full.
  Pattern p = Pattern::defer("/src/a*/x.ts");
  CHECK_FALSE(p.matches("src/b/x.ts"));
  CHECK_FALSE(p.matches("src/ab/y.ts"));
  CHECK(p.matches("src/ab/x.ts"));
  CHECK(p.text() == "/src/a*/x.ts");
}

TEST_CASE("a default-constructed pattern matches nothing") {
  Pattern empty;
  CHECK_FALSE(empty.matches("a"));
}

TEST_CASE("matches() does not allocate") {
  std::array patterns = {
      Pattern::compile("/docs/"),
      Pattern::compile("src/app"),
      Pattern::compile("*.md"),
      Pattern::compile("**/b/*"),
      Pattern::compile("a/**/b/c*d?e"),
      Pattern::compile("x/**/**/y/"),
      Pattern::compile("/"),
      Pattern::compile("long/path/name", Dialect::gitlab),
  };
  const char* paths[] = {"docs/a/b.md",     "src/app/main.cpp",        "a/b/c/d/e/f/README.md",
                         "a/x/y/z/b/cXdYe", "long/path/name/and/more", "q"};
  std::size_t matched = 0;
  allocations = 0;
  counting = true;
  for (int round = 0; round < 100; ++round) {
    for (const Pattern& pattern : patterns) {
      for (const char* path : paths) matched += pattern.matches(path) ? 1 : 0;
    }
  }
  counting = false;
  CHECK(allocations.load() == 0);
  CHECK(matched > 0);
}

TEST_CASE("segment_keys() exposes the compiled segments for indexing") {
  using Kind = Pattern::SegmentKey::Kind;
  auto kinds = [](const Pattern& p) {
    std::string out;
    for (const Pattern::SegmentKey& key : p.segment_keys()) {
      out += key.kind == Kind::literal       ? 'L'
             : key.kind == Kind::glob        ? 'G'
             : key.kind == Kind::any_segment ? 'S'
                                             : 'D';
    }
    return out;
  };
  CHECK(kinds(Pattern::compile("/docs/api")) == "LLD");  // R7: literal tree
  CHECK(kinds(Pattern::compile("/docs/")) == "LSD");     // R4: strictly below
  CHECK(kinds(Pattern::compile("*.js")) == "DGD");       // R3 floats, R7 below
  CHECK(kinds(Pattern::compile("docs/*")) == "LS");      // R6
  CHECK(kinds(Pattern::compile("a/b", Dialect::gitlab)) == "DLLD");
  CHECK(Pattern::compile("/").segment_keys().empty());  // R8 matches nothing
  CHECK(kinds(Pattern::defer("/docs/")) == "LSD");      // deferred: compiled for the keys
  CHECK(kinds(Pattern::defer("a/b", Dialect::gitlab)) == "DLLD");
  CHECK(Pattern{}.segment_keys().empty());
  auto keys = Pattern::compile("src/\\*x/*.test.ts").segment_keys();
  REQUIRE(keys.size() == 4);
  CHECK(keys[0].text == "src");
  CHECK(keys[1].text == "*x");        // an escaped star is literal
  CHECK(keys[2].text == ".test.ts");  // the glob's literal tail
  CHECK(Pattern::compile("a?b*").segment_keys()[1].text.empty());
  CHECK(keys[2].suffix_only);                                    // `*.test.ts`
  CHECK(Pattern::compile("**x").segment_keys()[1].suffix_only);  // `**x` is `*x`
  CHECK_FALSE(Pattern::compile("a*.js").segment_keys()[1].suffix_only);
  CHECK_FALSE(Pattern::compile("*a*").segment_keys()[1].suffix_only);
  CHECK_FALSE(Pattern::compile("?.js").segment_keys()[1].suffix_only);
}
