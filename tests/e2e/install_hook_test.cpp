// End-to-end tests of `git-gate install-hook` (docs/hook.md): the built git-gate installs
// the hook into real repositories, and real `git push`es to bare remotes run it. The
// policy freezes Fridays (ci_policy), and GATE_NOW puts the push on a Friday or a Wednesday:
// a refused Friday push shows the installed hook ran the gate where git looks for hooks
// (core.hooksPath absolute or relative, linked worktrees); a hook that was there before keeps
// running with the same input; a second install changes nothing; --uninstall puts back
// exactly what was there.

#include <doctest/doctest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "ci_fixtures.hpp"

namespace gate::test {
namespace {

namespace fs = std::filesystem;

/// A PushRepo under the Friday-freeze policy, without the hook, whose runs see neither the
/// user's global git configuration nor its XDG one (a global core.hooksPath would move the
/// hooks): HOME and XDG_CONFIG_HOME are an empty directory of the fixture.
struct HookRepo {
  HookRepo() : repo(ci_policy(), false), home(repo.tmp.path() / "home") {
    fs::create_directories(home);
  }
  PushRepo repo;
  fs::path home;

  Env env(const std::string& now = ci_wednesday) const {
    return {{"HOME", home.string()}, {"XDG_CONFIG_HOME", home.string()}, {"GATE_NOW", now}};
  }
  /// `git-gate install-hook args...` run in `cwd` (default: the work tree).
  RunResult install(const std::vector<std::string>& args = {}, const fs::path& cwd = {}) const {
    std::vector<std::string> argv = {cli_path(), "install-hook"};
    argv.insert(argv.end(), args.begin(), args.end());
    RunOptions options;
    options.cwd = cwd.empty() ? repo.work : cwd;
    options.env = env();
    return run(argv, options);
  }
  /// A small change to api/ committed on the current branch of `dir`: within every limit.
  std::string small_change(const fs::path& dir, const std::string& tag) const {
    write_file(dir, "api/" + tag + ".c", lines_of(3, tag));
    return commit_all(dir, tag);
  }
  RunResult push(const std::vector<std::string>& args, const std::string& now,
                 const fs::path& cwd = {}) const {
    return repo.push(args, env(now), cwd);
  }
};

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

/// The permission bits of `path` itself (a symlink's own, not its target's).
unsigned mode_of(const fs::path& path) {
  struct stat st {};
  REQUIRE(::lstat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

std::size_t count_files(const fs::path& dir) {
  return static_cast<std::size_t>(
      std::distance(fs::directory_iterator(dir), fs::directory_iterator{}));
}

/// The hook install-hook wrote: a small script naming the built hook program by absolute path.
void expect_gate_script(const fs::path& hook) {
  REQUIRE(fs::is_regular_file(hook));
  std::string text = read_bytes(hook);
  INFO(text);
  CHECK(text.rfind("#!/bin/sh\n", 0) == 0);
  CHECK(text.size() < 4096);  // a script, not a copy of the 31 MB binary
  CHECK(contains(text, "'" + fs::canonical(hook_path()).string() + "'"));
  CHECK((mode_of(hook) & 0111) == 0111);
}

/// A Friday push of a small change to main is refused by the gate and leaves the remote's
/// main where it was; the same push on a Wednesday goes through.
void expect_friday_refused(const HookRepo& h, const fs::path& dir, const std::string& refspec) {
  std::string before = h.repo.remote_ref("refs/heads/main");
  RunResult friday = h.push({"origin", refspec}, ci_friday, dir);
  INFO(friday.err);
  CHECK(friday.exit_code != 0);
  CHECK(contains(friday.err, "window.freeze"));
  CHECK(h.repo.remote_ref("refs/heads/main") == before);
  RunResult wednesday = h.push({"origin", refspec}, ci_wednesday, dir);
  INFO(wednesday.err);
  CHECK(wednesday.exit_code == 0);
  CHECK(h.repo.remote_ref("refs/heads/main") != before);
}

}  // namespace

TEST_CASE("install-hook: a Friday push to main is refused by the installed hook") {
  HookRepo h;
  RunResult first = h.install();
  INFO(first.out << first.err);
  REQUIRE(first.exit_code == 0);
  CHECK(first.err.empty());  // .git/hooks is not in the work tree: no warning
  expect_gate_script(h.repo.work / ".git" / "hooks" / "pre-push");
  h.small_change(h.repo.work, "friday");
  expect_friday_refused(h, h.repo.work, "main");
}

TEST_CASE("install-hook: under an absolute core.hooksPath the hook goes there") {
  HookRepo h;
  fs::path shared = h.repo.tmp.path() / "shared hooks";
  git(h.repo.work, {"config", "core.hooksPath", shared.string()});
  RunResult r = h.install();
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.empty());
  expect_gate_script(shared / "pre-push");
  CHECK_FALSE(fs::exists(h.repo.work / ".git" / "hooks" / "pre-push"));
  h.small_change(h.repo.work, "friday");
  expect_friday_refused(h, h.repo.work, "main");
}

TEST_CASE("install-hook: a relative core.hooksPath is taken from the work tree's root") {
  HookRepo h;
  git(h.repo.work, {"config", "core.hooksPath", ".githooks"});
  // Run from a subdirectory: git runs hooks from the root, so the path is the root's.
  RunResult r = h.install({}, h.repo.work / "api");
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  expect_gate_script(h.repo.work / ".githooks" / "pre-push");
  CHECK_FALSE(fs::exists(h.repo.work / "api" / ".githooks"));
  // The script names a program of this machine: committing the directory would break it.
  CHECK(contains(r.err, "warning"));
  CHECK(contains(r.err, "inside the work tree"));
  CHECK(contains(r.err, (h.repo.work / ".githooks").string()));
  h.small_change(h.repo.work, "friday");
  expect_friday_refused(h, h.repo.work / "api", "main");
}

TEST_CASE("install-hook: from a linked worktree the hook goes to the common hooks directory") {
  HookRepo h;
  fs::path linked = h.repo.tmp.path() / "linked";
  git(h.repo.work, {"worktree", "add", "-q", "-b", "hotfix", linked.string(), "main"});
  RunResult r = h.install({"-C", linked.string()}, h.repo.tmp.path());
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.empty());
  // Where git looks for a linked worktree's hooks: the main repository's, not its own.
  expect_gate_script(h.repo.work / ".git" / "hooks" / "pre-push");
  CHECK_FALSE(fs::exists(h.repo.work / ".git" / "worktrees" / "linked" / "hooks"));
  h.small_change(linked, "hotfix");
  expect_friday_refused(h, linked, "hotfix:main");
}

TEST_CASE("install-hook: a relative core.hooksPath in a linked worktree is that worktree's") {
  HookRepo h;
  fs::path linked = h.repo.tmp.path() / "linked";
  git(h.repo.work, {"worktree", "add", "-q", "-b", "hotfix", linked.string(), "main"});
  git(h.repo.work, {"config", "core.hooksPath", ".githooks"});
  RunResult r = h.install({}, linked);
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  expect_gate_script(linked / ".githooks" / "pre-push");
  CHECK_FALSE(fs::exists(h.repo.work / ".githooks"));
  CHECK(contains(r.err, "inside the work tree"));
  h.small_change(linked, "hotfix");
  expect_friday_refused(h, linked, "hotfix:main");
}

TEST_CASE("install-hook keeps the hook it finds running first, with the same input") {
  HookRepo h;
  fs::path hooks = h.repo.work / ".git" / "hooks";
  fs::path seen = h.repo.tmp.path() / "seen";
  // The old hook records its arguments and standard input, and fails when asked to.
  const std::string old_hook = "#!/bin/sh\necho \"$1 $2\" > '" + seen.string() + ".args'\ncat > '" +
                               seen.string() + ".stdin'\nexit \"${OLD_HOOK_EXIT:-0}\"\n";
  write_file(hooks, "pre-push", old_hook);
  fs::permissions(hooks / "pre-push", fs::perms::owner_all);
  RunResult r = h.install();
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(read_bytes(hooks / "pre-push.local") == old_hook);
  CHECK(mode_of(hooks / "pre-push.local") == 0700);
  expect_gate_script(hooks / "pre-push");

  std::string head = h.small_change(h.repo.work, "wednesday");
  RunResult allowed = h.push({"origin", "main"}, ci_wednesday);
  INFO(allowed.err);
  CHECK(allowed.exit_code == 0);
  CHECK(h.repo.remote_ref("refs/heads/main") == head);
  // What git gave the hook, the old one saw whole.
  CHECK(read_bytes(seen.string() + ".stdin") ==
        push_line("refs/heads/main", head, "refs/heads/main", h.repo.initial));
  CHECK(read_bytes(seen.string() + ".args") == "origin " + h.repo.remote_url() + "\n");
  CHECK(contains(allowed.err, "git-gate: allowed"));  // and the gate ran after it

  SUBCASE("its failure refuses the push with its exit code, before the gate runs") {
    std::string next = h.small_change(h.repo.work, "second");
    Env env = h.env(ci_wednesday);
    env["OLD_HOOK_EXIT"] = "3";
    RunResult refused = h.repo.push({"origin", "main"}, env);
    INFO(refused.err);
    CHECK(refused.exit_code != 0);
    CHECK(h.repo.remote_ref("refs/heads/main") == head);
    CHECK_FALSE(contains(refused.err, "git-gate: allowed"));
    RunOptions by_hand;
    by_hand.cwd = h.repo.work;
    by_hand.env = env;
    by_hand.input = push_line("refs/heads/main", next, "refs/heads/main", head);
    CHECK(run({(hooks / "pre-push").string(), "origin", h.repo.remote_url()}, by_hand).exit_code ==
          3);
  }
  SUBCASE("when it passes, the gate still refuses a Friday push") {
    h.small_change(h.repo.work, "friday");
    RunResult friday = h.push({"origin", "main"}, ci_friday);
    INFO(friday.err);
    CHECK(friday.exit_code != 0);
    CHECK(contains(friday.err, "window.freeze"));
    CHECK(h.repo.remote_ref("refs/heads/main") == head);
  }
}

TEST_CASE("install-hook a second time changes nothing and says so") {
  HookRepo h;
  fs::path hooks = h.repo.work / ".git" / "hooks";
  write_file(hooks, "pre-push", "#!/bin/sh\nexit 0\n");
  fs::permissions(hooks / "pre-push", fs::perms::owner_all);
  REQUIRE(h.install().exit_code == 0);
  std::string script = read_bytes(hooks / "pre-push");
  std::string kept = read_bytes(hooks / "pre-push.local");
  auto written = fs::last_write_time(hooks / "pre-push");
  std::size_t before = count_files(hooks);

  RunResult again = h.install();
  INFO(again.out << again.err);
  CHECK(again.exit_code == 0);
  CHECK(contains(again.out, "already installed"));
  CHECK(contains(again.out, "nothing changed"));
  CHECK(read_bytes(hooks / "pre-push") == script);
  CHECK(read_bytes(hooks / "pre-push.local") == kept);
  CHECK(fs::last_write_time(hooks / "pre-push") == written);
  CHECK(count_files(hooks) == before);  // no pre-push.local.local, no temporaries
}

TEST_CASE("install-hook --uninstall puts back the hook it chained, byte for byte and mode") {
  HookRepo h;
  fs::path hooks = h.repo.work / ".git" / "hooks";
  std::string old_hook = "#!/bin/sh\n# caf\xc3\xa9 \r\n\texit 0\n";  // bytes a text edit would lose
  write_file(hooks, "pre-push", old_hook);
  fs::permissions(hooks / "pre-push", fs::perms::owner_read | fs::perms::owner_exec);
  REQUIRE(h.install().exit_code == 0);
  REQUIRE(read_bytes(hooks / "pre-push") != old_hook);

  RunResult r = h.install({"--uninstall"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(read_bytes(hooks / "pre-push") == old_hook);
  CHECK(mode_of(hooks / "pre-push") == 0500);
  CHECK_FALSE(fs::exists(hooks / "pre-push.local"));

  // Now the hook is not git-gate's: a second --uninstall refuses to remove it.
  RunResult refused = h.install({"--uninstall"});
  CHECK(refused.exit_code == 2);
  CHECK(contains(refused.err, "not git-gate's"));
  CHECK(read_bytes(hooks / "pre-push") == old_hook);
}

TEST_CASE("install-hook --uninstall without a chained hook removes the script") {
  HookRepo h;
  fs::path hooks = h.repo.work / ".git" / "hooks";
  REQUIRE(h.install().exit_code == 0);
  REQUIRE(fs::exists(hooks / "pre-push"));
  RunResult r = h.install({"--uninstall"});
  CHECK(r.exit_code == 0);
  CHECK_FALSE(fs::exists(hooks / "pre-push"));
  RunResult again = h.install({"--uninstall"});
  CHECK(again.exit_code == 0);
  CHECK(contains(again.out, "nothing changed"));
}

TEST_CASE("install-hook refuses to chain when pre-push.local is taken, and changes nothing") {
  HookRepo h;
  fs::path hooks = h.repo.work / ".git" / "hooks";
  write_file(hooks, "pre-push", "#!/bin/sh\necho one\n");
  write_file(hooks, "pre-push.local", "#!/bin/sh\necho two\n");
  std::size_t before = count_files(hooks);
  RunResult r = h.install();
  CHECK(r.exit_code == 2);
  CHECK(contains(r.err, "pre-push.local"));
  CHECK(read_bytes(hooks / "pre-push") == "#!/bin/sh\necho one\n");
  CHECK(read_bytes(hooks / "pre-push.local") == "#!/bin/sh\necho two\n");
  CHECK(count_files(hooks) == before);  // no temporary left behind
}

}  // namespace gate::test
