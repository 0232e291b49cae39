// Tests of Repository::first_parent_history, the walk the fallback policy searches
// (docs/rules.md, The gate's own configuration), against `git rev-list --first-parent -n N`:
// across merges, with a limit, at a root and at a shallow clone's boundary.

#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "gate/repository.hpp"
#include "repo_helpers.hpp"
#include "support.hpp"

using namespace gate::test::repo;

namespace {

/// `git rev-list --first-parent -n limit commit` in `dir`, one id per entry.
std::vector<std::string> rev_list(const fs::path& dir, const std::string& commit,
                                  std::size_t limit) {
  std::vector<std::string> ids =
      split(git(dir, {"rev-list", "--first-parent", "-n", std::to_string(limit), commit}), '\n');
  std::erase(ids, std::string());
  return ids;
}

/// main: a, b, merge of side (whose commits are newer), c.
struct MergedRepo {
  MergedRepo() : dir(tmp.path() / "src") {
    init_repo(dir);
    write_file(dir, "a.txt", "a\n");
    commit_all(dir, "a");
    write_file(dir, "a.txt", "b\n");
    commit_all(dir, "b");
    git(dir, {"checkout", "-q", "-b", "side"});
    for (const char* name : {"s1", "s2", "s3"}) {
      write_file(dir, std::string(name) + ".txt", "side\n");
      commit_all(dir, name);
    }
    git(dir, {"checkout", "-q", "main"});
    git(dir, {"merge", "-q", "--no-ff", "-m", "merge side", "side"});
    write_file(dir, "a.txt", "c\n");
    head = commit_all(dir, "c");
  }
  TempDir tmp;
  fs::path dir;
  std::string head;
};

}  // namespace

TEST_CASE("first_parent_history follows first parents, newest first, up to the limit") {
  MergedRepo src;
  Repository repo = Repository::open(src.dir.string());
  for (std::size_t limit : {1, 2, 3, 100}) {
    INFO("limit " << limit);
    CHECK(repo.first_parent_history(src.head, limit) == rev_list(src.dir, src.head, limit));
  }
  // The whole first-parent chain ends at the root: c, merge, b, a.
  CHECK(repo.first_parent_history(src.head, 100).size() == 4);
}

TEST_CASE("first_parent_history ends at a shallow clone's boundary as at a root") {
  MergedRepo src;
  git(src.tmp.path(), {"clone", "-q", "--depth", "2", "file://" + src.dir.string(), "shallow"});
  fs::path shallow = src.tmp.path() / "shallow";
  Repository repo = Repository::open(shallow.string());
  REQUIRE(repo.is_shallow());
  std::vector<std::string> walked = repo.first_parent_history(src.head, 100);
  CHECK(walked == rev_list(shallow, src.head, 100));
  CHECK(walked.size() == 2);
}
