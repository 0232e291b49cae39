// Tests of the git adapter beyond diffs: revisions and their errors, shallow and partial
// clones, SHA-256, worktrees, base-tree attributes, refs and remotes. Real repositories
// built with the `git` command; git is the oracle.

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

#include "gate/error.hpp"
#include "gate/repository.hpp"
#include "repo_helpers.hpp"
#include "support.hpp"

using namespace gate::test::repo;

TEST_CASE("resolve_commit, find_commit and their errors") {
  TempDir tmp;
  fs::path dir = tmp.path();
  init_repo(dir);
  write_file(dir, "a.txt", "a\n");
  std::string first = commit_all(dir, "first");
  git(dir, {"tag", "-a", "-m", "annotated", "v1"});
  write_file(dir, "a.txt", "b\n");
  std::string second = commit_all(dir, "second");
  Repository repo = Repository::open(dir.string());
  CHECK(repo.resolve_commit("HEAD") == second);
  CHECK(repo.resolve_commit("HEAD~1") == first);
  CHECK(repo.resolve_commit("v1") == first);
  CHECK(repo.resolve_commit(first.substr(0, 10)) == first);
  CHECK(repo.find_commit("nope") == std::nullopt);
  CHECK(repo.find_commit(std::string(40, 'a')) == std::nullopt);
  CHECK(repo.find_commit("main") == second);
  std::string message = error_of([&] { repo.resolve_commit("foo"); });
  CHECK(message.find("unknown revision 'foo'") != std::string::npos);
  CHECK(message.find("revspec 'foo' not found") != std::string::npos);  // libgit2's text kept
  CHECK(error_of([&] { repo.resolve_commit("HEAD:a.txt"); }).find("does not name a commit") !=
        std::string::npos);
  CHECK(repo.git_dir() == (dir / ".git").string());
  CHECK_FALSE(repo.is_shallow());
}

TEST_CASE("an empty repository's HEAD is a clear one-line error") {
  TempDir tmp;
  init_repo(tmp.path());
  Repository repo = Repository::open(tmp.str());
  std::string message = error_of([&] { repo.resolve_commit("HEAD"); });
  CHECK(message.rfind("HEAD does not point to a commit (empty repository or unborn branch)", 0) ==
        0);
  CHECK(message.find('\n') == std::string::npos);
  CHECK(repo.find_commit("HEAD") == std::nullopt);
}

TEST_CASE("unrelated histories have no merge base") {
  TempDir tmp;
  fs::path dir = tmp.path();
  init_repo(dir);
  write_file(dir, "a.txt", "a\n");
  std::string one = commit_all(dir, "one");
  git(dir, {"checkout", "-q", "--orphan", "other"});
  write_file(dir, "b.txt", "b\n");
  std::string two = commit_all(dir, "two");
  Repository repo = Repository::open(dir.string());
  CHECK(repo.merge_base(one, two) == std::nullopt);
  CHECK_FALSE(repo.is_ancestor(one, two));
}

TEST_CASE("a shallow clone lacking the base names the git fetch that fixes it") {
  TempDir tmp;
  fs::path src = tmp.path() / "src";
  init_repo(src);
  write_file(src, "a.txt", "a\n");
  std::string base = commit_all(src, "base");
  write_file(src, "a.txt", "b\n");
  commit_all(src, "middle");
  write_file(src, "a.txt", "c\n");
  std::string head = commit_all(src, "head");
  git(tmp.path(), {"clone", "-q", "--depth", "1", "file://" + src.string(), "shallow"});
  fs::path shallow = tmp.path() / "shallow";
  Repository repo = Repository::open(shallow.string());
  CHECK(repo.is_shallow());
  std::string message = error_of([&] { repo.resolve_commit(base); });
  CHECK(message.find("shallow clone") != std::string::npos);
  CHECK(message.find("git fetch --unshallow") != std::string::npos);
  CHECK(error_of([&] { repo.diff(base, head); }).find("git fetch --unshallow") !=
        std::string::npos);
  // Two branches whose common history lies beyond the boundary.
  git(shallow, {"commit", "-q", "--allow-empty", "-m", "local"});
  git(shallow, {"checkout", "-q", "--orphan", "island"});
  git(shallow, {"commit", "-q", "--allow-empty", "-m", "island"});
  std::string no_base = error_of([&] { repo.merge_base("main", "island"); });
  INFO(no_base);
  CHECK(no_base.find("git fetch --unshallow") != std::string::npos);

  // Deeper: the base is present; walks stop at the boundary as git's do.
  git(tmp.path(), {"clone", "-q", "--depth", "2", "file://" + src.string(), "deeper"});
  fs::path deeper = tmp.path() / "deeper";
  Repository two = Repository::open(deeper.string());
  std::string middle = two.resolve_commit("HEAD~1");
  gate::ChangeSet change = check_against_git(deeper, middle, head);
  REQUIRE(change.commits.size() == 1);
  CHECK(change.commits[0].id == head);
  CHECK(two.diff("", head).commits.size() ==
        split(git(deeper, {"log", "--format=%H", head}), '\n').size());
  CHECK(two.count_between(middle, head) == 1);
  CHECK(two.merge_base(middle, head) == middle);
  CHECK(two.is_ancestor(middle, head));
  CHECK_FALSE(two.is_ancestor(head, middle));

  git(shallow, {"fetch", "-q", "--unshallow"});
  Repository fixed = Repository::open(shallow.string());
  CHECK_FALSE(fixed.is_shallow());
  check_against_git(shallow, base, head);
}

TEST_CASE("a partial clone lacking blobs names the git fetch that fetches them") {
  TempDir tmp;
  fs::path src = tmp.path() / "src";
  init_repo(src);
  git(src, {"config", "uploadpack.allowfilter", "true"});
  write_file(src, "a.txt", numbered_lines(0, 5));
  write_file(src, "sub/.gitattributes", "gen.txt linguist-generated\n");
  std::string base = commit_all(src, "base");
  write_file(src, "a.txt", numbered_lines(0, 6));
  std::string head = commit_all(src, "head");
  git(tmp.path(),
      {"clone", "-q", "--filter=blob:none", "--no-checkout", "file://" + src.string(), "partial"});
  fs::path partial = tmp.path() / "partial";
  {
    Repository repo = Repository::open(partial.string());
    std::string message = error_of([&] { repo.diff(base, head); });
    CHECK(message.find("'a.txt'") != std::string::npos);
    CHECK(message.find("partial clone") != std::string::npos);
    CHECK(message.find("`git fetch --refetch --no-filter origin`") != std::string::npos);
    CHECK(error_of([&] { repo.read_file(head, "a.txt"); }).find("git fetch --refetch") !=
          std::string::npos);
    // libgit2 would take the missing .gitattributes blob as "no attributes".
    CHECK(error_of([&] {
            repo.generated_paths(base, {"sub/gen.txt"});
          }).find("git fetch --refetch") != std::string::npos);
  }
  // The command the message names really fetches the blobs (git 2.39).
  git(partial, {"fetch", "-q", "--refetch", "--no-filter", "origin"});
  check_against_git(partial, base, head);
  CHECK(Repository::open(partial.string()).generated_paths(base, {"sub/gen.txt", "a.txt"}) ==
        std::vector<std::string>{"sub/gen.txt"});

  // A treeless clone lacks even the trees: still an error, never "no such file".
  git(tmp.path(),
      {"clone", "-q", "--filter=tree:0", "--no-checkout", "file://" + src.string(), "treeless"});
  Repository treeless = Repository::open((tmp.path() / "treeless").string());
  CHECK(error_of([&] { treeless.diff(base, head); }).find("git fetch --refetch --no-filter") !=
        std::string::npos);
  CHECK(error_of([&] { treeless.read_file(base, "a.txt"); }).find("git fetch --refetch") !=
        std::string::npos);
}

TEST_CASE("SHA-256 repositories are reported as unsupported") {
  TempDir tmp;
  git(tmp.path(), {"init", "-q", "--object-format=sha256", "repo"});
  std::string message = error_of([&] { Repository::open((tmp.path() / "repo").string()); });
  CHECK(message.find("SHA-256 repositories are not supported by git-gate (libgit2 1.5)") !=
        std::string::npos);
  ScopedEnv git_dir("GIT_DIR", (tmp.path() / "repo/.git").string());
  CHECK(error_of([&] { Repository::open(); }).find("SHA-256") != std::string::npos);
}

TEST_CASE("worktrees open by path, and open() honours GIT_DIR") {
  TempDir tmp;
  fs::path dir = tmp.path() / "main";
  init_repo(dir);
  write_file(dir, "a.txt", "a\n");
  std::string base = commit_all(dir, "base");
  git(dir, {"worktree", "add", "-q", "-b", "feature", (tmp.path() / "wt").string()});
  fs::path wt = tmp.path() / "wt";
  write_file(wt, "b.txt", "b\n");
  std::string head = commit_all(wt, "in the worktree");

  Repository in_wt = Repository::open(wt.string());
  CHECK(in_wt.resolve_commit("HEAD") == head);
  CHECK(in_wt.git_dir() == (dir / ".git/worktrees/wt").string());
  check_against_git(wt, base, head);
  {
    ScopedEnv git_dir("GIT_DIR", (dir / ".git/worktrees/wt").string());
    CHECK(Repository::open().resolve_commit("HEAD") == head);
  }
  {
    // libgit2 refuses GIT_WORK_TREE itself; the gate never needs the work tree.
    ScopedEnv git_dir("GIT_DIR", (dir / ".git").string());
    ScopedEnv work_tree("GIT_WORK_TREE", dir.string());
    CHECK(Repository::open().resolve_commit("HEAD") == base);
  }
  CHECK(error_of([&] {
          Repository::open((tmp.path() / "nowhere").string());
        }).find("cannot open the git repository") != std::string::npos);
  // A bare clone, and discovery from a subdirectory of a work tree.
  git(tmp.path(), {"clone", "-q", "--bare", dir.string(), "bare.git"});
  Repository bare = Repository::open((tmp.path() / "bare.git").string());
  CHECK(bare.resolve_commit("feature") == head);
  CHECK(bare.git_dir() == (tmp.path() / "bare.git").string());
  check_against_git(tmp.path() / "bare.git", base, head);
  fs::create_directories(wt / "deep/er");
  CHECK(Repository::open((wt / "deep/er").string()).resolve_commit("HEAD") == head);
}

namespace {

// Of `paths`, those git check-attr marks linguist-generated or -diff in the working
// tree of `dir`, in order.
std::vector<std::string> generated_by_git(const fs::path& dir,
                                          const std::vector<std::string>& paths) {
  std::vector<std::string> args = {"check-attr", "-z", "linguist-generated", "diff", "--"};
  args.insert(args.end(), paths.begin(), paths.end());
  std::vector<std::string> f = split(git(dir, args), '\0');
  std::vector<std::string> by_git;
  for (std::size_t i = 0; i + 2 < f.size(); i += 3) {
    bool marks = (f[i + 1] == "linguist-generated" && (f[i + 2] == "set" || f[i + 2] == "true")) ||
                 (f[i + 1] == "diff" && f[i + 2] == "unset");
    if (marks && (by_git.empty() || by_git.back() != f[i])) by_git.push_back(f[i]);
  }
  return by_git;
}

}  // namespace

TEST_CASE("generated_paths reads the given commit's .gitattributes only") {
  TempDir tmp;
  fs::path dir = tmp.path();
  init_repo(dir);
  write_file(dir, "gen/api.js", "x\n");
  write_file(dir, "src/a.c", "x\n");
  write_file(dir, "src/b.c", "x\n");
  write_file(dir, "README", "x\n");
  std::string plain = commit_all(dir, "no attributes");
  write_file(dir, ".gitattributes",
             "[attr]generated-code linguist-generated\ngen/** linguist-generated\n"
             "README linguist-generated=false\n*.pb.go generated-code\n");
  write_file(dir, "src/.gitattributes", "b.c -diff\na.c linguist-generated=true\n");
  write_file(dir, "assets/.gitattributes", "*.png binary\n*.svg diff=xml -text\n");
  std::string marked = commit_all(dir, "attributes");
  std::vector<std::string> paths = {"gen/api.js", "src/a.c",     "src/b.c",      "README",
                                    "other",      "api/x.pb.go", "assets/i.png", "assets/v.svg"};
  std::vector<std::string> generated = {"gen/api.js", "src/a.c", "src/b.c", "api/x.pb.go",
                                        "assets/i.png"};

  // Oracle: git check-attr on the working tree, which is `marked` checked out.
  CHECK(generated_by_git(dir, paths) == generated);

  Repository repo = Repository::open(dir.string());
  CHECK(repo.generated_paths(marked, paths) == generated);
  // The working tree, the index, HEAD and info/attributes all mark files now, yet the
  // commit without .gitattributes exempts nothing: a change cannot exempt itself.
  CHECK(repo.generated_paths(plain, paths).empty());
  write_file(dir, ".gitattributes", "* linguist-generated\n");
  git(dir, {"add", ".gitattributes"});
  write_file(dir, ".git/info/attributes", "* -diff\n");
  CHECK(repo.generated_paths(plain, paths).empty());
  CHECK(Repository::open(dir.string()).generated_paths(plain, paths).empty());
  CHECK(repo.generated_paths(marked, paths) == generated);
  CHECK(repo.generated_paths("", paths).empty());
}

// The attribute files are found walking down from each directory's parent: siblings
// that sort between a directory and its children ("a-b", "a.b" around "a/"), paths
// through missing directories and through a file must all read what git reads, and a
// file that marks nothing still overrides its parent's.
TEST_CASE("generated_paths finds nested .gitattributes as git check-attr does") {
  TempDir tmp;
  fs::path dir = tmp.path();
  init_repo(dir);
  write_file(dir, ".gitattributes", "*.txt text\n*.gen -diff\n");
  write_file(dir, "a/.gitattributes", "b2/gen.js -diff\n");
  // Marks nothing itself, but gives one file back its diff.
  write_file(dir, "a/b/.gitattributes", "keep.gen diff\n");
  write_file(dir, "a/b/c/d/.gitattributes", "gen.js linguist-generated\n");
  write_file(dir, "a-b/x/.gitattributes", "*.js linguist-generated\n");
  write_file(dir, "a.b/.gitattributes", "gen.js binary\n");
  write_file(dir, "file.txt", "x\n");
  for (const char* file : {"a/b/c/d/gen.js", "a/b/c/d/plain.js", "a-b/x/gen.js", "a.b/gen.js",
                           "a/b2/gen.js", "a/b/gen.js"})
    write_file(dir, file, "x\n");
  std::string commit = commit_all(dir, "attributes");
  std::vector<std::string> paths = {"a/b/c/d/gen.js",  "a/b/c/d/plain.js", "a-b/x/gen.js",
                                    "a-b/y/gen.js",    "a.b/gen.js",       "a/b2/gen.js",
                                    "a/b/gen.js",      "missing/d/gen.js", "a/b/c/d/e/f/gen.js",
                                    "file.txt/gen.js", "a/b/c/d2/gen.js",  "a/b/keep.gen",
                                    "a/b/other.gen"};
  std::vector<std::string> by_git = generated_by_git(dir, paths);
  CHECK(by_git.size() >= 4);  // the fixture really marks files in several directories
  CHECK(Repository::open(dir.string()).generated_paths(commit, paths) == by_git);
}

// A directory-only pattern (`data/`) never marks a file. libgit2 decides whether a path
// is a directory by a stat relative to the process's working directory unless the
// repository is bare, so a checkout holding a directory where the commit has a file,
// or any directory of that name where git-gate runs, would change the verdict.
TEST_CASE("generated_paths does not look at the working directory") {
  TempDir tmp;
  fs::path dir = tmp.path() / "repo";
  init_repo(dir);
  write_file(dir, ".gitattributes", "data/ -diff\nlogs/ linguist-generated\n*.gen -diff\n");
  for (const char* file : {"data", "logs", "x.gen", "other"}) write_file(dir, file, "x\n");
  std::string commit = commit_all(dir, "attributes");
  std::vector<std::string> paths = {"data", "logs", "x.gen", "other"};
  std::vector<std::string> by_git = generated_by_git(dir, paths);
  CHECK(by_git == std::vector<std::string>{"x.gen"});  // git marks the file pattern only

  // The checkout (a change) and another directory both hold directories of those names.
  for (const char* file : {"data", "logs"}) {
    fs::remove(dir / file);
    fs::create_directories(dir / file / "sub");
    fs::create_directories(tmp.path() / "elsewhere" / file);
  }
  Repository repo = Repository::open(dir.string());
  for (const fs::path& cwd : {dir, tmp.path() / "elsewhere"}) {
    INFO("working directory " << cwd.string());
    ScopedCwd in(cwd);
    CHECK(repo.generated_paths(commit, paths) == by_git);
  }
}

TEST_CASE("read_file, refs_with_prefix and remotes_with_url") {
  TempDir tmp;
  fs::path dir = tmp.path();
  init_repo(dir);
  write_file(dir, "policy.toml", "version = 1\n");
  write_file(dir, "dir/x.txt", "x\n");
  std::string first = commit_all(dir, "first");
  git(dir, {"tag", "v1"});
  git(dir, {"tag", "-a", "-m", "annotated", "v2"});
  std::string blob = git_line(dir, {"rev-parse", "HEAD:policy.toml"});
  git(dir, {"tag", "blob-tag", blob});
  git(dir, {"update-ref", "refs/remotes/origin/main", first});
  git(dir, {"remote", "add", "origin", "https://example.com/repo.git"});
  git(dir, {"remote", "add", "mirror", "git@example.com:repo.git"});
  git(dir, {"remote", "set-url", "--push", "mirror", "https://example.com/repo.git"});
  git(dir, {"config", "url.https://example.com/.insteadOf", "ex:"});
  git(dir, {"remote", "add", "short", "ex:other.git"});

  Repository repo = Repository::open(dir.string());
  std::vector<std::string> listed =
      split(git(dir, {"ls-tree", "-r", "-z", "--name-only", first}), '\0');
  CHECK(repo.list_files(first) == listed);
  CHECK(repo.read_file(first, "policy.toml") == "version = 1\n");
  CHECK(repo.read_file(first, "missing.toml") == std::nullopt);
  CHECK(repo.read_file(first, "dir") == std::nullopt);
  CHECK(repo.read_file("HEAD", "dir/x.txt") == "x\n");

  std::vector<Repository::Ref> tags = repo.refs_with_prefix("refs/tags/");
  REQUIRE(tags.size() == 2);  // the tag of a blob does not peel to a commit
  CHECK(tags[0].name == "refs/tags/v1");
  CHECK(tags[1].name == "refs/tags/v2");
  CHECK(tags[1].commit == first);
  auto remote_refs = repo.refs_with_prefix("refs/remotes/origin/");
  REQUIRE(remote_refs.size() == 1);
  CHECK(remote_refs[0].commit == first);
  CHECK(repo.refs_with_prefix("refs/remotes/nobody/").empty());

  CHECK(repo.remotes_with_url("https://example.com/repo.git") ==
        std::vector<std::string>{"mirror", "origin"});
  CHECK(repo.remotes_with_url("git@example.com:repo.git") == std::vector<std::string>{"mirror"});
  CHECK(repo.remotes_with_url("https://example.com/other.git") ==
        std::vector<std::string>{"short"});
  CHECK(repo.remotes_with_url("ex:other.git") == std::vector<std::string>{"short"});
  CHECK(repo.remotes_with_url("https://nowhere.example/").empty());
}

TEST_CASE("to_string names every file status as the JSON report does") {
  CHECK(std::string(gate::to_string(FileStatus::added)) == "added");
  CHECK(std::string(gate::to_string(FileStatus::modified)) == "modified");
  CHECK(std::string(gate::to_string(FileStatus::deleted)) == "deleted");
  CHECK(std::string(gate::to_string(FileStatus::renamed)) == "renamed");
  CHECK(std::string(gate::to_string(FileStatus::copied)) == "copied");
  CHECK(std::string(gate::to_string(FileStatus::type_changed)) == "type_changed");
}

TEST_CASE("worker threads read objects from info/alternates and from the environment") {
  // Enough files that the diff runs on several threads, each with its own handle, and
  // that the main thread cannot finish them all before another thread starts.
  TempDir tmp;
  fs::path origin = tmp.path() / "origin";
  init_repo(origin);
  constexpr int kFiles = 800;
  for (int i = 0; i < kFiles; ++i)
    write_file(origin, "d" + std::to_string(i % 7) + "/f" + std::to_string(i),
               numbered_lines(0, 80));
  std::string base = commit_all(origin, "base");
  for (int i = 0; i < kFiles; i += 2)
    write_file(origin, "d" + std::to_string(i % 7) + "/f" + std::to_string(i),
               numbered_lines(i % 5, 80 + i % 3));
  std::string head = commit_all(origin, "head");

  // `clone --shared` keeps every object in origin, reached through info/alternates.
  git(tmp.path(), {"clone", "-q", "--shared", origin.string(), "shared"});
  CHECK(fs::exists(tmp.path() / "shared/.git/objects/info/alternates"));
  gate::ChangeSet change = check_against_git(tmp.path() / "shared", base, head);
  REQUIRE(change.files.size() >= 300);

  // An empty repository that sees origin's objects only through the environment;
  // git judges the same range in origin itself.
  std::vector<OracleRow> expected = oracle(origin, base, head);
  fs::path empty = tmp.path() / "empty";
  init_repo(empty);
  ScopedEnv git_dir("GIT_DIR", (empty / ".git").string());
  ScopedEnv alternates("GIT_ALTERNATE_OBJECT_DIRECTORIES", (origin / ".git/objects").string());
  gate::ChangeSet via_env = Repository::open().diff(base, head, 4);
  REQUIRE(via_env.files.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CHECK(via_env.files[i].path == expected[i].path);
    CHECK(std::to_string(via_env.files[i].added) == expected[i].added);
    CHECK(std::to_string(via_env.files[i].deleted) == expected[i].deleted);
  }
}
