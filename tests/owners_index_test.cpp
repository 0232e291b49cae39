// Unit tests of OwnersIndex and match_by_scan (docs/rules.md: last match wins, ownerless
// lines, GitLab sections, exclusions and section defaults), and the proof that the index
// answers exactly as the scan: on random rule files and on the real CODEOWNERS corpus.

#include "gate/owners_index.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <new>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "corpus.hpp"

namespace {

// Counts heap allocations while `counting` is set, to bound what a lookup allocates.
std::atomic<bool> counting{false};
std::atomic<std::size_t> allocations{0};

}  // namespace

void* operator new(std::size_t size) {
  if (counting.load(std::memory_order_relaxed)) allocations.fetch_add(1);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return ::operator new(size); }
// Not inlined: GCC would otherwise see std::free meet a `new` and warn of a mismatch.
[[gnu::noinline]] void operator delete(void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete[](void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, std::size_t) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace {

using gate::Codeowners;
using gate::Dialect;
using gate::OwnerRule;
using gate::OwnersIndex;
using gate::OwnersSection;
using gate::OwnersSyntax;
using gate::Pattern;

/// One hand-written line: `owners` empty and `from_section` false is an ownerless line;
/// `exclusion` is a GitLab `!pattern`, whose pattern is written here without its `!`.
struct Line {
  const char* pattern;
  std::vector<std::string> owners;
  std::size_t section = 0;
  bool exclusion = false;
  bool from_section = false;
};

/// Builds a Codeowners by hand (line numbers are positions, 1-based).
Codeowners make_codeowners(OwnersSyntax syntax, std::vector<OwnersSection> sections,
                           const std::vector<Line>& lines) {
  Codeowners c;
  c.syntax = syntax;
  c.sections = std::move(sections);
  if (c.sections.empty()) c.sections.emplace_back();
  Dialect dialect = syntax == OwnersSyntax::gitlab ? Dialect::gitlab : Dialect::github;
  int number = 0;
  for (const Line& line : lines) {
    c.rules.push_back({Pattern::compile(line.pattern, dialect), line.owners, ++number, line.section,
                       line.exclusion, line.from_section});
  }
  return c;
}

/// The deciding lines as numbers, in section order, e.g. "1,4" (readable when it fails).
std::string lines_of(const gate::Ownership& ownership) {
  std::string out;
  for (const OwnerRule* rule : ownership.rules) {
    if (!out.empty()) out += ',';
    out += std::to_string(rule->line);
  }
  return out;
}

/// Checks the index and the scan against the expected deciding lines.
void expect_lines(const Codeowners& c, const OwnersIndex& index, const std::string& path,
                  const std::string& expected) {
  INFO("path `", path, "`");
  CHECK(lines_of(index.match(path)) == expected);
  CHECK(lines_of(gate::match_by_scan(c, path)) == expected);
}

OwnersSection section(const char* name, std::vector<std::string> defaults = {}) {
  OwnersSection s;
  s.name = name;
  s.default_owners = std::move(defaults);
  return s;
}

}  // namespace

TEST_CASE("github: the last matching line wins") {
  Codeowners c = make_codeowners(OwnersSyntax::github, {},
                                 {{"*", {"@all"}},
                                  {"/docs/", {"@docs"}},
                                  {"*.md", {"@writers"}},
                                  {"/docs/internal/", {"@core"}},
                                  {"src/app", {"@app"}},
                                  {"/src/", {"@src"}}});
  OwnersIndex index(c);
  expect_lines(c, index, "README", "1");
  expect_lines(c, index, "docs/guide.txt", "2");
  expect_lines(c, index, "docs/guide.md", "3");       // later *.md beats /docs/
  expect_lines(c, index, "docs/internal/a.md", "4");  // later /docs/internal/ beats *.md
  expect_lines(c, index, "src/app/main.cpp", "6");    // /src/ comes after src/app
  expect_lines(c, index, "lib/src/app/x", "1");       // src/app is anchored (R3)
  CHECK(index.owners_of(*index.match("docs/guide.md").rules.at(0)) ==
        std::vector<std::string>{"@writers"});
}

TEST_CASE("github: an explicitly ownerless line, and no match at all") {
  Codeowners c = make_codeowners(OwnersSyntax::github, {},
                                 {{"/src/", {"@src"}}, {"/src/vendor/", {}}, {"*.lock", {"@ops"}}});
  OwnersIndex index(c);
  gate::Ownership vendored = index.match("src/vendor/lib.c");
  REQUIRE(lines_of(vendored) == "2");
  CHECK_FALSE(vendored.unmatched());
  CHECK(index.owners_of(*vendored.rules[0]).empty());  // intentional: no owners
  expect_lines(c, index, "src/vendor/yarn.lock", "3");
  gate::Ownership nothing = index.match("README.md");
  CHECK(nothing.unmatched());
  CHECK(gate::match_by_scan(c, "README.md").unmatched());
  CHECK(index.match("").unmatched());
}

TEST_CASE("gitlab: each section's last match applies, in section order") {
  Codeowners c =
      make_codeowners(OwnersSyntax::gitlab,
                      {section(""), section("Docs", {"@docs-team"}), section("Backend", {"@be"})},
                      {{"*", {"@maintainers"}, 0},
                       {"*.md", {}, 1, false, true},
                       {"doc/", {"@tech-writers"}, 1},
                       {"app/", {}, 2, false, true},
                       {"/app/models/", {"@db"}, 2},
                       {"README.md", {"@root-docs"}, 0}});
  OwnersIndex index(c);
  expect_lines(c, index, "app/models/user.rb", "1,5");
  expect_lines(c, index, "x/app/models/user.rb", "1,4");  // GitLab floats app/, not /app/
  expect_lines(c, index, "doc/api/README.md", "6,3");
  expect_lines(c, index, "app/README.md", "6,2,4");
  gate::Ownership readme = index.match("app/README.md");
  CHECK(index.owners_of(*readme.rules[1]) == std::vector<std::string>{"@docs-team"});
  CHECK(index.owners_of(*readme.rules[2]) == std::vector<std::string>{"@be"});
  CHECK(index.owners_of(*readme.rules[0]) == std::vector<std::string>{"@root-docs"});
}

TEST_CASE("gitlab: an exclusion takes the path out of its section, wherever it is") {
  Codeowners c =
      make_codeowners(OwnersSyntax::gitlab, {section(""), section("Docs", {"@docs-team"})},
                      {{"*", {"@maintainers"}, 0},
                       {"/doc/generated/", {}, 1, true},
                       {"/doc/", {}, 1, false, true},
                       {"*.md", {"@writers"}, 1},
                       {"/doc/drafts/*.md", {}, 1, true},
                       {"/doc/drafts/", {"@drafters"}, 1}});
  OwnersIndex index(c);
  expect_lines(c, index, "doc/index.md", "1,4");
  expect_lines(c, index, "doc/generated/api.md", "1,2");  // an earlier exclusion still wins
  expect_lines(c, index, "doc/drafts/a.md", "1,5");       // the exclusion beats line 6
  expect_lines(c, index, "doc/drafts/img.png", "1,6");
  gate::Ownership excluded = index.match("doc/generated/api.md");
  REQUIRE(excluded.rules.size() == 2);
  CHECK(excluded.rules[1]->exclusion);
  CHECK(index.owners_of(*excluded.rules[1]).empty());
}

TEST_CASE("a lookup allocates nothing but its result") {
  Codeowners c = make_codeowners(OwnersSyntax::gitlab, {section(""), section("S", {"@s"})},
                                 {{"*", {"@a"}, 0},
                                  {"/src/**/*.c", {"@c"}, 1},
                                  {"include/", {"@h"}, 1},
                                  {"*.md", {"@m"}, 0},
                                  {"/src/gen/", {}, 1, true}});
  OwnersIndex index(c);
  const char* paths[] = {"src/a/b.c", "x/include/y.h", "README.md", "src/gen/x.c", "q"};
  std::size_t matched = 0;
  allocations = 0;
  counting = true;
  for (int round = 0; round < 100; ++round) {
    for (const char* path : paths) matched += index.match(path).rules.size();
  }
  counting = false;
  CHECK(allocations.load() == 100 * std::size(paths));  // one result vector per lookup
  CHECK(matched > 0);
}

namespace {

/// Random patterns and paths over a small alphabet, so that they often match.
class Generator {
 public:
  explicit Generator(unsigned seed) : rng_(seed) {}

  std::string path() {
    static const char* names[] = {"a",         "b",    "ab",    "doc", "x.js",
                                  "y.test.js", "z.md", "a.md",  "ba",  "a.b",
                                  "Makefile",  "c.js", "a..js", ".md", "ab.js"};
    std::string out;
    for (int n = pick(1, 5), i = 0; i < n; ++i) {
      if (i > 0) out += '/';
      // Now and then an empty segment ("a//b", "a/"): not a real file, but the index
      // must still agree with the scan on it.
      out += pick(0, 40) == 0 ? "" : names[pick(0, std::size(names) - 1)];
    }
    return out;
  }

  std::string pattern() {
    static const char* segments[] = {"a",    "b",        "ab",        "doc",   "x.js",  "z.md",
                                     "*.js", "*.md",     "a*",        "*b",    "?",     "a?",
                                     "*",    "**",       "*.test.js", "a.*",   "",      "\\*",
                                     "c.js", "Makefile", "*.b",       "*b.js", "*a.md", "**.js"};
    std::string out = pick(0, 3) == 0 ? "/" : "";
    for (int n = pick(1, 4), i = 0; i < n; ++i) {
      if (i > 0) out += '/';
      out += segments[pick(0, std::size(segments) - 1)];
    }
    if (pick(0, 4) == 0) out += '/';
    return out;
  }

  int pick(std::size_t low, std::size_t high) {
    return static_cast<int>(std::uniform_int_distribution<std::size_t>(low, high)(rng_));
  }

 private:
  std::mt19937 rng_;
};

/// A random rule file; GitLab ones get sections, exclusions and section defaults.
Codeowners random_codeowners(Generator& gen, OwnersSyntax syntax) {
  Codeowners c;
  c.syntax = syntax;
  Dialect dialect = syntax == OwnersSyntax::gitlab ? Dialect::gitlab : Dialect::github;
  std::size_t sections = syntax == OwnersSyntax::gitlab ? gen.pick(1, 4) : 1;
  for (std::size_t s = 0; s < sections; ++s) c.sections.push_back(section("", {"@default"}));
  for (int n = gen.pick(1, 60), i = 0; i < n; ++i) {
    OwnerRule rule{Pattern{}, {"@o"}, i + 1, 0, false, false};
    try {
      rule.pattern = Pattern::compile(gen.pattern(), dialect);
    } catch (const gate::PatternError&) {
      continue;  // `***` or an empty pattern: the parser would report and skip the line
    }
    if (syntax == OwnersSyntax::gitlab) {
      rule.section = gen.pick(0, sections - 1);
      rule.exclusion = gen.pick(0, 5) == 0;
      rule.owners_from_section = !rule.exclusion && gen.pick(0, 1) == 0;
    }
    c.rules.push_back(std::move(rule));
  }
  return c;
}

/// Both answers for `path`, for one failure message.
void expect_same(const Codeowners& c, const OwnersIndex& index, const std::string& path) {
  std::string indexed = lines_of(index.match(path));
  std::string scanned = lines_of(gate::match_by_scan(c, path));
  if (indexed == scanned) return;
  std::ostringstream rules;
  for (const OwnerRule& rule : c.rules) {
    rules << rule.line << ": " << (rule.exclusion ? "!" : "") << rule.pattern.text() << " [s"
          << rule.section << "]\n";
  }
  INFO("path `", path, "`\n", rules.str());
  CHECK(indexed == scanned);
}

}  // namespace

TEST_CASE("randomized: the index answers exactly as the scan") {
  Generator gen(20240611);
  std::size_t lookups = 0;
  std::size_t owned = 0;
  for (int file = 0; file < 400; ++file) {
    OwnersSyntax syntax = file % 2 == 0 ? OwnersSyntax::github : OwnersSyntax::gitlab;
    Codeowners c = random_codeowners(gen, syntax);
    OwnersIndex index(c);
    for (int p = 0; p < 200; ++p) {
      std::string path = gen.path();
      expect_same(c, index, path);
      ++lookups;
      owned += gate::match_by_scan(c, path).unmatched() ? 0 : 1;
    }
  }
  CHECK(lookups == 80000);
  CHECK(owned > lookups / 4);  // the generator must produce matches, not just misses
  CHECK(owned < lookups);
}

namespace {

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

/// The rows of SOURCES.tsv as (file, syntax).
std::vector<std::pair<std::string, OwnersSyntax>> corpus_files() {
  std::vector<std::pair<std::string, OwnersSyntax>> out;
  for (const gate::test::CorpusEntry& e :
       gate::test::corpus_entries().value_or(std::vector<gate::test::CorpusEntry>{}))
    out.emplace_back(e.file, e.syntax);
  return out;
}

/// Paths a rule file's own patterns suggest: each pattern with wildcards filled in, and a
/// file below it. They reach deep into the index where a real tree list is missing.
std::vector<std::string> paths_from_patterns(const Codeowners& c) {
  std::vector<std::string> out;
  for (const OwnerRule& rule : c.rules) {
    std::string text;
    for (char ch : rule.pattern.text()) {
      if (ch == '*' || ch == '?') ch = 'x';
      if (ch != '\\') text += ch;
    }
    while (!text.empty() && text.front() == '/') text.erase(0, 1);
    if (text.empty()) continue;
    out.push_back(text);
    out.push_back(text + (text.back() == '/' ? "" : "/") + "index.ts");
    out.push_back("nested/" + text);
  }
  return out;
}

}  // namespace

TEST_CASE("corpus: the index answers exactly as the scan on real CODEOWNERS files") {
  const std::filesystem::path dir = GATE_CORPUS_DIR;
  if (!std::filesystem::exists(dir / "SOURCES.tsv")) {
    MESSAGE("corpus not found at " << dir << ": skipped");
    return;
  }
  std::size_t with_paths = 0;
  for (const auto& entry : corpus_files()) {
    // Named, not a structured binding: clang 14 cannot capture one in INFO's lambda.
    const std::string& file = entry.first;
    const OwnersSyntax syntax = entry.second;
    INFO("corpus file ", file);
    Codeowners c = gate::parse_codeowners(read_file(dir / file), file, syntax);
    CHECK(c.rules.size() > 10);
    OwnersIndex index(c);
    std::vector<std::string> paths = paths_from_patterns(c);
    std::string list = file.substr(0, file.rfind("CODEOWNERS")) + "paths.txt";
    if (std::filesystem::exists(dir / list)) {
      ++with_paths;
      std::istringstream in(read_file(dir / list));
      for (std::string path; std::getline(in, path);) {
        if (!path.empty()) paths.push_back(path);
      }
    }
    // Deferred patterns (a hook's few lookups) give the same lines, and the same errors.
    Codeowners deferred =
        gate::parse_codeowners(read_file(dir / file), file, syntax, gate::PatternCompile::on_match);
    CHECK(deferred.rules.size() == c.rules.size());
    CHECK(deferred.errors.size() == c.errors.size());
    CHECK(std::any_of(deferred.rules.begin(), deferred.rules.end(),
                      [](const OwnerRule& r) { return r.pattern.deferred(); }));
    std::size_t owned = 0, deferred_differs = 0;
    for (std::size_t i = 0; i < paths.size(); ++i) {
      const std::string& path = paths[i];
      expect_same(c, index, path);
      owned += index.match(path).unmatched() ? 0 : 1;
      // Every path would take minutes with a compile per candidate line: every 7th does.
      if (i % 7 == 0)
        deferred_differs +=
            lines_of(gate::match_by_scan(deferred, path)) != lines_of(gate::match_by_scan(c, path));
    }
    CHECK(owned > 0);
    CHECK(deferred_differs == 0);
  }
  CHECK(with_paths >= 4);
}
