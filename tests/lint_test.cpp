// Unit tests of lint() (docs/commands.md, `git-gate lint`): each check on hand-made CODEOWNERS,
// policies and file lists; the prefix-narrowed matching against brute force; and the
// real CODEOWNERS corpus, linted against its own path lists, for speed and sanity.

#include "gate/lint.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "corpus.hpp"

namespace {

using gate::Codeowners;
using gate::LintFinding;
using gate::OwnersSyntax;
using gate::Policy;
using gate::Severity;

Codeowners github(const std::string& text) {
  return gate::parse_codeowners(text, ".github/CODEOWNERS", OwnersSyntax::github);
}

Codeowners gitlab(const std::string& text) {
  return gate::parse_codeowners(text, ".gitlab/CODEOWNERS", OwnersSyntax::gitlab);
}

std::vector<LintFinding> run(const Codeowners* co, const Policy* policy,
                             std::vector<std::string> files) {
  gate::LintInputs inputs;
  inputs.policy = policy;
  inputs.codeowners = co;
  inputs.files = std::move(files);
  return gate::lint(inputs);
}

std::vector<LintFinding> of(const std::vector<LintFinding>& all, const std::string& check) {
  std::vector<LintFinding> out;
  for (const LintFinding& f : all)
    if (f.check == check) out.push_back(f);
  return out;
}

std::string listing(const std::vector<LintFinding>& findings) {
  std::string out;
  for (const LintFinding& f : findings)
    out += f.where.to_string() + ": [" + f.check + "] " + f.message + "\n";
  return out;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

const std::vector<std::string> tree = {
    "README.md",       "docs/guide.md",  "docs/api/index.md", "src/app/main.ts",
    "src/app/util.ts", "src/lib/core.c", "tools/build.sh",
};

TEST_CASE("a CODEOWNERS that covers the tree without mistakes is clean") {
  Codeowners co = github("* @acme/core\n/docs/ @acme/docs\n/src/app/ @acme/web\n");
  auto findings = run(&co, nullptr, tree);
  INFO(listing(findings));
  CHECK(findings.empty());
}

TEST_CASE("no CODEOWNERS is one warning, and nothing else is judged of it") {
  auto findings = run(nullptr, nullptr, tree);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].check == "codeowners.missing");
  CHECK(findings[0].severity == Severity::warn);
}

TEST_CASE("codeowners.syntax: every bad line blocks, with file:line:col") {
  Codeowners co = github("* @a\n/src/*** @b\n/docs/ @c\n");
  REQUIRE(!co.errors.empty());
  auto findings = of(run(&co, nullptr, tree), "codeowners.syntax");
  REQUIRE(findings.size() == co.errors.size());
  CHECK(findings[0].severity == Severity::block);
  CHECK(findings[0].where.file == ".github/CODEOWNERS");
  CHECK(findings[0].where.line == 2);
  CHECK(findings[0].where.column > 0);
}

TEST_CASE("codeowners.no-match: lines matching no file, anchored, floating and excluded") {
  Codeowners co =
      github("* @a\n/doc/ @b\n*.py @c\n/src/app/*.ts @d\n/src/ap @e\ndocs @f\n/tools/*.sh/ @g\n");
  auto findings = of(run(&co, nullptr, tree), "codeowners.no-match");
  INFO(listing(findings));
  std::vector<int> lines;
  for (const auto& f : findings) lines.push_back(f.where.line);
  CHECK(lines == std::vector<int>{2, 3, 5, 7});
  CHECK(contains(findings[0].message, "`/doc/`"));

  Codeowners lab = gitlab("[Web]\n/src/ @a\n!/src/gen/\n!/src/app/\n");
  auto excluded = of(run(&lab, nullptr, tree), "codeowners.no-match");
  REQUIRE(excluded.size() == 1);
  CHECK(excluded[0].where.line == 3);
  CHECK(contains(excluded[0].message, "`!/src/gen/`"));
}

TEST_CASE("codeowners.no-match agrees with trying every pattern on every file") {
  // Names that sort between `docs` and `docs/...` ('-', '.' and '!' sort before '/') and
  // right after it ('0'), where a prefix-narrowed search could go wrong.
  std::vector<std::string> files = {
      "docs",         "docs!",   "docs-x/a",  "docs.md", "docs/a",          "docs/a/b.md",
      "docs0",        "docsx/y", "a/docs/c",  "b/docs",  "\xc3\xa9/docs/z", "src/app-v2/x.ts",
      "src/app/x.ts", "src/app", "src/apps/y"};
  const std::vector<std::string> patterns = {
      "/docs",    "/docs/",       "docs",      "docs/",          "/docs/*",       "/docs/**",
      "docs/a",   "/docs/a/*.md", "*.md",      "**/docs",        "/docs!",        "/docs-x/",
      "/docs0",   "/src/app",     "/src/app/", "/src/app*/",     "/src/app-v2/*", "/src/apps/",
      "/*/docs/", "\xc3\xa9/",    "/nothing/", "/src/app/x.ts/", "/d*/a",         "/docs/a/b.md"};
  std::mt19937 random(7);
  for (int round = 0; round < 20; ++round) {
    std::shuffle(files.begin(), files.end(), random);  // unsorted input is sorted by lint
    std::vector<std::string> subset(files.begin(),
                                    files.begin() + 1 + round % static_cast<int>(files.size()));
    std::string text;
    for (const std::string& p : patterns) text += p + " @o\n";
    for (OwnersSyntax syntax : {OwnersSyntax::github, OwnersSyntax::gitlab}) {
      Codeowners co = gate::parse_codeowners(text, "CODEOWNERS", syntax);
      REQUIRE(co.rules.size() == patterns.size());
      std::set<int> expected, actual;
      for (const auto& rule : co.rules)
        if (std::none_of(subset.begin(), subset.end(),
                         [&](const std::string& f) { return rule.pattern.matches(f); }))
          expected.insert(rule.line);
      for (const auto& f : of(run(&co, nullptr, subset), "codeowners.no-match"))
        actual.insert(f.where.line);
      CAPTURE(round);
      CHECK(actual == expected);
    }
  }
}

TEST_CASE("codeowners.shadowed: a line every one of whose files a later line decides") {
  Codeowners co = github("/src/app/ @a\n*.c @b\n/src/ @c\n/docs/ @d\n*.md @e\n");
  auto findings = of(run(&co, nullptr, tree), "codeowners.shadowed");
  INFO(listing(findings));
  REQUIRE(findings.size() == 3);
  CHECK(findings[0].where.line == 1);
  CHECK(contains(findings[0].message, "all 2 files it matches are decided by later line 3"));
  CHECK(findings[0].paths == std::vector<std::string>{"src/app/main.ts", "src/app/util.ts"});
  CHECK(findings[1].where.line == 2);
  CHECK(contains(findings[1].message, "the 1 file it matches is decided by later line 3"));
  CHECK(findings[2].where.line == 4);  // README.md keeps line 5 busy; /docs/ is all *.md
  CHECK(contains(findings[2].message, "later line 5"));
}

TEST_CASE("codeowners.shadowed: a line that still decides one file is not shadowed") {
  Codeowners co = github("/src/ @a\n/src/app/ @b\n");
  CHECK(of(run(&co, nullptr, tree), "codeowners.shadowed").empty());
}

TEST_CASE("codeowners.shadowed: GitLab sections decide separately, exclusions shadow") {
  Codeowners separate = gitlab("[A]\n/src/app/ @a\n[B]\n/src/ @b\n");
  CHECK(of(run(&separate, nullptr, tree), "codeowners.shadowed").empty());

  Codeowners excluded = gitlab("[A]\n!/src/app/\n/src/app/ @a\n/src/ @b\n");
  auto findings = of(run(&excluded, nullptr, tree), "codeowners.shadowed");
  INFO(listing(findings));
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].where.line == 3);
  CHECK(contains(findings[0].message, "by line 2 in section [A]"));  // not "later"
}

TEST_CASE("codeowners.duplicate: the later copy is reported, naming the earlier") {
  Codeowners co = github("/docs/ @a\n* @x\n/docs/ @b\n/docs/ @c\n");
  auto all = run(&co, nullptr, tree);
  auto findings = of(all, "codeowners.duplicate");
  INFO(listing(all));
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].where.line == 3);
  CHECK(contains(findings[0].message, "repeats line 1"));
  CHECK(findings[1].where.line == 4);
  CHECK(contains(findings[1].message, "repeats line 3"));
  // The earlier copies decide nothing, but that is the duplicate's story, told once.
  CHECK(of(all, "codeowners.shadowed").empty());

  Codeowners sections = gitlab("[A]\n/docs/ @a\n[B]\n/docs/ @b\n!/docs/\n");
  CHECK(of(run(&sections, nullptr, tree), "codeowners.duplicate").empty());
}

TEST_CASE("codeowners.unowned: files no line matches, summarised by directory") {
  Codeowners co = github("/src/app/ @a\n");
  auto findings = of(run(&co, nullptr, tree), "codeowners.unowned");
  REQUIRE(findings.size() == 1);
  const LintFinding& f = findings[0];
  CHECK(f.where.to_string() == ".github/CODEOWNERS");
  CHECK(contains(f.message, "5 files are matched by no line"));
  CHECK(contains(f.message, "docs/ (1)"));
  CHECK(f.paths ==
        std::vector<std::string>{"README.md", "docs/", "docs/api/", "src/lib/", "tools/"});

  Codeowners ownerless = github("/src/app/ @a\n* \n");  // explicitly ownerless is not unowned
  CHECK(of(run(&ownerless, nullptr, tree), "codeowners.unowned").empty());
}

Policy policy(const std::string& text) { return gate::parse_policy(text, "policy.toml"); }

TEST_CASE("owners.unknown-team: team owners missing from a given membership map") {
  Policy p = policy("version = 1\n[owners.teams]\n\"@acme/web\" = [\"@carol\"]\n");
  Codeowners co =
      github("* @acme/web\n/docs/ @acme/dcos @bob\n/src/ @acme/dcos bob@acme.example\n");
  auto findings = of(run(&co, &p, tree), "owners.unknown-team");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].where.line == 2);
  CHECK(contains(findings[0].message, "@acme/dcos is not in [owners.teams] (lines 2 and 3)"));

  Policy no_map = policy("version = 1\n");
  CHECK(of(run(&co, &no_map, tree), "owners.unknown-team").empty());
  CHECK(of(run(&co, nullptr, tree), "owners.unknown-team").empty());

  Codeowners lab = gitlab("[Docs] @acme/writers\n/docs/ \n");  // a section's default owners
  auto defaults = of(run(&lab, &p, tree), "owners.unknown-team");
  REQUIRE(defaults.size() == 1);
  CHECK(defaults[0].where.line == 1);
}

TEST_CASE("owners.team-member: members written as e-mails never approve") {
  Policy p = policy(
      "version = 1\n[owners.teams]\n\"@acme/web\" = [\"@carol\", \"dave@acme.example\", "
      "\"erin@acme.example\"]\n"
      "[owners.people]\n\"erin@acme.example\" = \"@erin\"\n");
  Codeowners co = github("* @acme/web\n");
  auto findings = of(run(&co, &p, tree), "owners.team-member");
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].where.to_string() == "policy.toml");
  CHECK(contains(findings[0].message, "\"dave@acme.example\" of @acme/web"));
  CHECK(contains(findings[1].message, "write \"@erin\""));
}

TEST_CASE("policy.component-overlap: components sharing tree files, the later one named") {
  Policy p = policy(
      "version = 1\n"
      "[[component]]\nname = \"src\"\npaths = [\"/src/\"]\n"
      "[[component]]\nname = \"web\"\npaths = [\"/src/app/\", \"/docs/\"]\n"
      "[[component]]\nname = \"md\"\npaths = [\"*.py\", \"/tools/*.md\"]\n");
  Codeowners co = github("* @a\n");
  auto findings = of(run(&co, &p, tree), "policy.component-overlap");
  INFO(listing(findings));
  REQUIRE(findings.size() == 1);  // "md" overlaps nothing: its patterns match no shared file
  const LintFinding& f = findings[0];
  CHECK(f.where.to_string() == "policy.toml:5:1");
  CHECK(contains(f.message, "\"src\" (policy.toml:2:1) and \"web\""));
  CHECK(contains(f.message, "2 files match both, e.g. src/app/main.ts"));
  CHECK(contains(f.message, "\"web\" wins"));
  CHECK(f.paths.size() == 2);
}

TEST_CASE("findings are ordered by file, then line, only syntax blocks") {
  Policy p = policy(
      "version = 1\n[[component]]\nname = \"a\"\npaths = [\"/src/\"]\n"
      "[[component]]\nname = \"b\"\npaths = [\"/src/lib/\"]\n"
      "[owners.teams]\n\"@acme/web\" = [\"@carol\"]\n");
  Codeowners co = github("/nothing/ @a\n/src/ @acme/wbe\n/src/ @acme/web\n/src/*** @x\n");
  auto findings = run(&co, &p, tree);
  INFO(listing(findings));
  std::vector<std::string> order;
  for (const auto& f : findings) {
    order.push_back(f.where.to_string() + " " + f.check);
    CHECK((f.severity == Severity::block) == (f.check == "codeowners.syntax"));
  }
  CHECK(order == std::vector<std::string>{".github/CODEOWNERS codeowners.unowned",
                                          ".github/CODEOWNERS:1 codeowners.no-match",
                                          ".github/CODEOWNERS:2 owners.unknown-team",
                                          ".github/CODEOWNERS:3 codeowners.duplicate", order.at(4),
                                          "policy.toml:5:1 policy.component-overlap"});
  CHECK(order.at(4).starts_with(".github/CODEOWNERS:4:"));
  CHECK(gate::lint_checks().size() == 13);
}

// --- The corpus: real CODEOWNERS files against their own trees -------------------------------

std::vector<std::string> split(const std::string& line, char by) {
  std::vector<std::string> out;
  std::stringstream in(line);
  for (std::string field; std::getline(in, field, by);) out.push_back(field);
  return out;
}

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

TEST_CASE("corpus: each CODEOWNERS with a path list lints against its own tree, quickly") {
  auto entries = gate::test::corpus_entries();
  if (!entries) {
    MESSAGE("corpus not found at " << gate::test::corpus_dir() << "; skipped");
    return;
  }
  const std::filesystem::path dir = gate::test::corpus_dir();
  int linted = 0;
  auto start = std::chrono::steady_clock::now();
  for (const gate::test::CorpusEntry& e : *entries) {
    if (e.paths_file.empty()) continue;
    const std::string& paths_file = e.paths_file;
    CAPTURE(e.file);
    Codeowners co = gate::parse_codeowners(slurp(dir / e.file), e.file, e.syntax);
    std::vector<std::string> paths;
    for (const std::string& p : split(slurp(dir / paths_file), '\n'))
      if (!p.empty()) paths.push_back(p);
    auto one = std::chrono::steady_clock::now();
    auto findings = run(&co, nullptr, paths);
    std::map<std::string, std::size_t> counts;
    for (const auto& f : findings) ++counts[f.check];
    std::string summary;
    for (const auto& [check, n] : counts) summary += " " + check + "=" + std::to_string(n);
    MESSAGE(e.file << ": " << co.rules.size() << " rules, " << paths.size() << " paths, "
                   << seconds_since(one) << " s:" << summary);
    CHECK(counts["codeowners.no-match"] <= co.rules.size());
    CHECK(counts["codeowners.syntax"] == co.errors.size());
    ++linted;
  }
  CHECK(linted >= 4);
  CHECK(seconds_since(start) < 5.0);
}

// Kibana's file list is too large for the corpus, so a tree of ~100k paths is made from
// its own patterns: enough to time lint at that size, not to judge its findings.
TEST_CASE("corpus: kibana-size input (3,443 rules, ~100k files) lints in under 5 s") {
  const std::filesystem::path path =
      std::filesystem::path(GATE_CORPUS_DIR) / "elastic__kibana__CODEOWNERS";
  if (!std::filesystem::exists(path)) {
    MESSAGE("kibana CODEOWNERS not found at " << path << "; skipped");
    return;
  }
  Codeowners co = gate::parse_codeowners(slurp(path), ".github/CODEOWNERS", OwnersSyntax::github);
  std::vector<std::string> files;
  for (const auto& rule : co.rules) {
    std::string dir = rule.pattern.text();
    dir = dir.substr(0, dir.find_first_of("*?\\"));
    while (dir.starts_with('/')) dir.erase(0, 1);
    while (dir.ends_with('/')) dir.pop_back();
    for (int k = 0; k < 30; ++k)
      files.push_back((dir.empty() ? "" : dir + "/") + (k % 3 ? "src/" : "") + "f" +
                      std::to_string(k) + ".ts");
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  auto start = std::chrono::steady_clock::now();
  auto findings = run(&co, nullptr, files);
  double took = seconds_since(start);
  std::map<std::string, std::size_t> counts;
  for (const auto& f : findings) ++counts[f.check];
  std::string summary;
  for (const auto& [check, n] : counts) summary += " " + check + "=" + std::to_string(n);
  MESSAGE("kibana: " << co.rules.size() << " rules, " << files.size() << " files, " << took
                     << " s:" << summary);
  CHECK(files.size() > 90000);
  CHECK(took < 5.0);
}

}  // namespace

TEST_CASE("policy.allow-no-hour: far-apart zones with zone-less allow windows share no hour") {
  // 09-17 in Berlin (UTC+2 in July) is 07:00-15:00Z; 09-17 in Honolulu (UTC-10) is
  // 19:00-03:00Z: a deploy must be inside both at once, and they never meet.
  const Policy policy = gate::parse_policy(
      "version = 1\ntimezone = \"Europe/Berlin\"\n"
      "[[component]]\nname = \"voice\"\npaths = [\"/voice/\"]\nzones = [\"Pacific/Honolulu\"]\n"
      "[[allow]]\nid = \"hours\"\nweekly = \"Mon-Fri 09:00-17:00\"\n");
  gate::LintInputs inputs;
  inputs.policy = &policy;
  inputs.now = gate::parse_rfc3339("2026-07-01T00:00:00Z", "test");
  auto found = of(gate::lint(inputs), "policy.allow-no-hour");
  REQUIRE(found.size() == 1);
  CHECK(found[0].message.find("voice") != std::string::npos);

  inputs.now.reset();  // no clock given: the check is skipped, lint stays pure
  CHECK(of(gate::lint(inputs), "policy.allow-no-hour").empty());
}
