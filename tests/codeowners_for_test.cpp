// parse_codeowners_for keeps only the rules that match the paths it is given. The oracle
// is the whole file: for each of those paths, the deciding lines and their owners must be
// the ones the whole file's scan gives, and every bad line must be reported alike.

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "corpus.hpp"
#include "gate/codeowners.hpp"
#include "gate/error.hpp"
#include "gate/owners_index.hpp"

namespace {

using gate::Codeowners;
using gate::OwnersIndex;
using gate::OwnersSyntax;

/// "line: owners; line: owners" of the deciding rules, as the index reports them.
std::string decision(const OwnersIndex& index, std::string_view path) {
  std::string out;
  for (const gate::OwnerRule* rule : index.match(path).rules) {
    out += std::to_string(rule->line) + (rule->exclusion ? "!" : "") + ":";
    for (const std::string& owner : index.owners_of(*rule)) out += " " + owner;
    out += "; ";
  }
  return out;
}

std::string diagnostics(const Codeowners& c) {
  std::string out;
  for (const gate::Diagnostic& d : c.errors) out += d.where.to_string() + " " + d.message + "\n";
  return out;
}

/// Parses `text` for `paths` and checks each path against the whole file; returns how
/// many rules were kept.
std::size_t check_paths(std::string_view text, OwnersSyntax syntax,
                        const std::vector<std::string>& paths) {
  Codeowners whole = gate::parse_codeowners(text, "CODEOWNERS", syntax);
  OwnersIndex whole_index(whole);
  std::vector<std::string_view> views(paths.begin(), paths.end());
  Codeowners kept = gate::parse_codeowners_for(text, "CODEOWNERS", syntax, views);
  OwnersIndex kept_index(kept, views.size());
  CHECK(diagnostics(kept) == diagnostics(whole));
  CHECK(kept.sections.size() == whole.sections.size());
  for (const std::string& path : paths) {
    INFO("path `", path, "`");
    CHECK(decision(kept_index, path) == decision(whole_index, path));
  }
  return kept.rules.size();
}

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace

TEST_CASE("gitlab: sections, exclusions and defaults decide as in the whole file") {
  const std::string text =
      "* @all\n"
      "[Docs] @docs-team\n"
      "docs/ @docs\n"
      "!docs/internal/\n"
      "docs/internal/public.md\n"
      "[Ops][2] @ops\n"
      "/deploy/ @deploy bad owner\n"
      "!/deploy/secret\n"
      "/nothing/here/ @nobody\n"
      "/nothing/else/ @ok not-an-owner\n"
      "[docs]\n"
      "*.md @writers\n";
  std::vector<std::string> paths = {
      "docs/a.md",     "docs/internal/x.md", "docs/internal/public.md",
      "deploy/secret", "deploy/x",           "other"};
  std::size_t kept = check_paths(text, OwnersSyntax::gitlab, paths);
  CHECK(kept < 9);  // the two /nothing/ lines match none of them
}

TEST_CASE(
    "github: the last match wins among the kept lines; bad lines matching none are "
    "still reported") {
  const std::string text =
      "* @all\n"
      "/src/ @src\n"
      "/src/gen/ @gen\n"
      "*.md @writers\n"
      "/src/gen/keep.md\n"
      "/unrelated/ @x/y/z/bad\n"
      "/unrelated2/ ***\n"
      "/unrelated3/ @ok not-an-owner\n";
  std::vector<std::string> paths = {"src/a.c", "src/gen/b.c", "src/gen/keep.md", "README.md",
                                    "top"};
  CHECK(check_paths(text, OwnersSyntax::github, paths) == 5);
}

TEST_CASE("a lookup of a path the file was not kept for throws instead of answering") {
  std::vector<std::string_view> paths = {"src/a.c"};
  Codeowners kept =
      gate::parse_codeowners_for("* @all\n/lib/ @lib\n", "CODEOWNERS", OwnersSyntax::github, paths);
  OwnersIndex index(kept, 1);
  CHECK(index.match("src/a.c").rules.size() == 1);
  CHECK_THROWS_AS(index.match("lib/b.c"), gate::Error);
  CHECK_THROWS_AS(gate::match_by_scan(kept, "lib/b.c"), gate::Error);
}

TEST_CASE("corpus: groups of paths decide as in the whole file on real CODEOWNERS files") {
  const std::filesystem::path dir = GATE_CORPUS_DIR;
  if (!std::filesystem::exists(dir / "SOURCES.tsv")) {
    MESSAGE("corpus not found at " << dir << ": skipped");
    return;
  }
  std::size_t groups = 0, pruned = 0;
  for (const gate::test::CorpusEntry& e :
       gate::test::corpus_entries().value_or(std::vector<gate::test::CorpusEntry>{})) {
    if (e.paths_file.empty()) continue;
    INFO("corpus file ", e.file);
    std::string text = read_file(dir / e.file);
    std::size_t whole = gate::parse_codeowners(text, "CODEOWNERS", e.syntax).rules.size();
    std::istringstream in(read_file(dir / e.paths_file));
    std::vector<std::string> all;
    for (std::string path; std::getline(in, path);)
      if (!path.empty()) all.push_back(path);
    // Ten paths at a time, a hook's push; every 40th group keeps the test short.
    for (std::size_t at = 0; at + 10 <= all.size(); at += 400) {
      std::vector<std::string> group(all.begin() + at, all.begin() + at + 10);
      pruned += check_paths(text, e.syntax, group) < whole ? 1 : 0;
      ++groups;
    }
  }
  CHECK(groups >= 4);
  CHECK(pruned == groups);  // real files have lines a group of ten does not reach
}
