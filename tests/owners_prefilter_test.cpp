// Unit tests of the substring prefilter that OwnersIndex puts on buckets of many rules
// only the matcher decides (lib/src/owners/owners_prefilter.hpp): on random files of
// such globs, and on the adversarial shape `*ab12x*`, the index answers exactly as
// match_by_scan (docs/rules.md: last match wins, GitLab sections and exclusions).

#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "gate/owners_index.hpp"

namespace {

using gate::Codeowners;
using gate::Dialect;
using gate::OwnerRule;
using gate::OwnersIndex;
using gate::OwnersSyntax;
using gate::Pattern;

/// The deciding lines as numbers, in section order, e.g. "1,4".
std::string lines_of(const gate::Ownership& ownership) {
  std::string out;
  for (const OwnerRule* rule : ownership.rules) out += std::to_string(rule->line) + ",";
  return out;
}

/// Index and scan agree on `path`; the failure names the path and the rules.
void expect_same(const Codeowners& c, const OwnersIndex& index, const std::string& path) {
  std::string indexed = lines_of(index.match(path));
  std::string scanned = lines_of(gate::match_by_scan(c, path));
  if (indexed == scanned) return;
  std::string rules;
  for (const OwnerRule& rule : c.rules)
    rules += std::to_string(rule.line) + ": " + (rule.exclusion ? "!" : "") + rule.pattern.text() +
             " [s" + std::to_string(rule.section) + "]\n";
  INFO("path `", path, "`\n", rules);
  CHECK(indexed == scanned);
}

}  // namespace

namespace {

/// Rule files of many globs that only the matcher can decide (`*ab*`, `/a/*b?a*`), some
/// repeated, so that buckets grow past the size where the index prefilters them by
/// substring (lib/src/owners/owners_prefilter.hpp); names and paths share the pieces.
class GlobGenerator {
 public:
  explicit GlobGenerator(unsigned seed) : rng_(seed) {}

  std::string piece() {
    static const char* pieces[] = {"a", "b", "ab", "ba", "abc", "bca", "x1", "ab12x", "b.j", "é"};
    return pieces[pick(0, std::size(pieces) - 1)];
  }

  std::string glob() {
    std::string out;
    switch (pick(0, 5)) {
      case 0:
        return "*" + piece() + "*";
      case 1:
        return piece() + "*" + piece();
      case 2:
        return "?" + piece() + "*";
      case 3:
        return "*" + piece() + "?" + piece() + "*";
      case 4:
        return pick(0, 1) ? "*" : "**";
      default:
        return piece() + "*";
    }
  }

  std::string pattern() {
    std::string out;
    switch (pick(0, 4)) {
      case 0:
        out = "/a/";  // a trie bucket
        break;
      case 1:
        out = "**/doc/";  // a name bucket
        break;
      case 2:
        out = pick(0, 1) ? "/" : "";
        break;
      default:
        break;
    }
    for (int n = pick(1, 2), i = 0; i < n; ++i) out += (i ? "/" : "") + glob();
    if (pick(0, 5) == 0) out += '/';
    return out;
  }

  std::string path() {
    static const char* names[] = {"a",    "doc",    "xab12xy", "abc", "bca.js", "ba",
                                  "b.js", "x1ab",   "aab",     "zzz", "é.md",   "cab12x",
                                  "bcab", "abcabc", "q",       "x1",  "ab.ba",  "a.b.js"};
    std::string out;
    for (int n = pick(1, 4), i = 0; i < n; ++i) {
      if (i > 0) out += '/';
      out += names[pick(0, std::size(names) - 1)];
    }
    return out;
  }

  int pick(std::size_t low, std::size_t high) {
    return static_cast<int>(std::uniform_int_distribution<std::size_t>(low, high)(rng_));
  }

 private:
  std::mt19937 rng_;
};

Codeowners glob_codeowners(GlobGenerator& gen, OwnersSyntax syntax) {
  Codeowners c;
  c.syntax = syntax;
  Dialect dialect = syntax == OwnersSyntax::gitlab ? Dialect::gitlab : Dialect::github;
  std::size_t sections = syntax == OwnersSyntax::gitlab ? gen.pick(1, 3) : 1;
  c.sections.resize(sections);
  std::vector<std::string> texts;
  for (int n = gen.pick(40, 400), i = 0; i < n; ++i) {
    // Now and then a line repeats an earlier one: only the last of them can decide.
    bool repeat = !texts.empty() && gen.pick(0, 6) == 0;
    std::string text = repeat ? texts[gen.pick(0, texts.size() - 1)] : gen.pattern();
    texts.push_back(text);
    OwnerRule rule{Pattern::compile(text, dialect), {"@o"}, i + 1, 0, false, false};
    if (syntax == OwnersSyntax::gitlab) {
      rule.section = gen.pick(0, sections - 1);
      rule.exclusion = gen.pick(0, 7) == 0;
    }
    c.rules.push_back(std::move(rule));
  }
  return c;
}

}  // namespace

TEST_CASE("randomized, many unindexable globs: the prefiltered index answers as the scan") {
  GlobGenerator gen(4711);
  std::size_t lookups = 0, owned = 0;
  for (int file = 0; file < 120; ++file) {
    OwnersSyntax syntax = file % 2 == 0 ? OwnersSyntax::github : OwnersSyntax::gitlab;
    Codeowners c = glob_codeowners(gen, syntax);
    OwnersIndex index(c);
    for (int p = 0; p < 150; ++p) {
      std::string path = gen.path();
      expect_same(c, index, path);
      ++lookups;
      owned += gate::match_by_scan(c, path).unmatched() ? 0 : 1;
    }
  }
  CHECK(lookups == 18000);
  CHECK(owned > lookups / 4);
  CHECK(owned < lookups);
}

TEST_CASE("adversarial: 3,000 `*xxxxx*` globs decide by the last one a path contains") {
  std::string text;
  std::vector<std::string> literals;
  std::mt19937 rng(99);
  const std::string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  for (int i = 0; i < 3000; ++i) {
    std::string literal;
    for (int k = 0; k < 5; ++k) literal += alphabet[rng() % alphabet.size()];
    literals.push_back(literal);
    text += "*" + literal + "* @team" + std::to_string(i) + "\n";
  }
  text += "*" + literals[10] + "* @again\n";  // repeats line 11: that one never decides
  Codeowners c = gate::parse_codeowners(text, "CODEOWNERS", OwnersSyntax::github);
  REQUIRE(c.rules.size() == 3001);
  OwnersIndex index(c);
  std::vector<std::string> paths = {"src/" + literals[5] + "/x.ts",
                                    "a" + literals[10] + "b/" + literals[7] + ".md",
                                    "docs/" + literals[2999] + literals[0], "no/match/here.zz"};
  for (const std::string& path : paths) expect_same(c, index, path);
  CHECK(lines_of(index.match(paths[1])) == "3001,");
  CHECK(index.match(paths[3]).unmatched() == gate::match_by_scan(c, paths[3]).unmatched());
}

TEST_CASE("an index made for a few lookups scans instead, with the same answers") {
  GlobGenerator gen(31337);
  for (int file = 0; file < 40; ++file) {
    OwnersSyntax syntax = file % 2 == 0 ? OwnersSyntax::github : OwnersSyntax::gitlab;
    Codeowners c = glob_codeowners(gen, syntax);
    OwnersIndex built(c);
    OwnersIndex scanning(c, OwnersIndex::scan_lookups);
    for (int p = 0; p < 50; ++p) {
      std::string path = gen.path();
      INFO("path `", path, "`");
      CHECK(lines_of(scanning.match(path)) == lines_of(built.match(path)));
      CHECK(lines_of(scanning.match(path)) == lines_of(gate::match_by_scan(c, path)));
    }
  }
}
