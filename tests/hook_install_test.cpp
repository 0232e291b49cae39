// The pre-push script install-hook writes, run for real by /bin/sh with a stand-in
// program; installing, chaining and uninstalling in temporary directories; where the hook
// program is looked for; which hooks directories are in the work tree (docs/hook.md).

#include "gate/hook_install.hpp"

#include <doctest/doctest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "gate/error.hpp"
#include "support.hpp"

using namespace gate::test;
namespace fs = std::filesystem;

namespace {

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void write_executable(const fs::path& path, const std::string& text) {
  write_file(path.parent_path(), path.filename().string(), text);
  fs::permissions(path, fs::perms::owner_all);
}

/// A program that records its arguments and standard input beside itself under `name`,
/// then exits with `code`.
std::string recorder(const fs::path& dir, const std::string& name, int code) {
  std::string base = (dir / name).string();
  return "#!/bin/sh\necho \"$@\" > '" + base + ".args'\ncat > '" + base + ".stdin'\necho " + name +
         " >> '" + (dir / "order").string() + "'\nexit " + std::to_string(code) + "\n";
}

RunResult run_hook(const fs::path& hooks, const std::string& input) {
  RunOptions options;
  options.input = input;
  return run({(hooks / "pre-push").string(), "origin", "/srv/repo.git"}, options);
}

const std::string push_input =
    "refs/heads/main 1111111111111111111111111111111111111111 refs/heads/main "
    "2222222222222222222222222222222222222222\n\n";  // an empty last line must survive too

}  // namespace

TEST_CASE("the script runs the program with git's arguments and standard input") {
  TempDir tmp;
  fs::path hooks = tmp.path() / "hooks", program = tmp.path() / "prog dir" / "it's";
  write_executable(program, recorder(tmp.path(), "gate", 1));
  gate::HookInstall done = gate::install_pre_push(hooks.string(), program.string());
  CHECK(done.change == gate::HookChange::installed);
  CHECK(done.chained.empty());
  std::string script = read_bytes(hooks / "pre-push");
  CHECK(gate::is_gate_script(script));
  RunResult r = run_hook(hooks, push_input);
  CHECK(r.exit_code == 1);  // the program's verdict is the hook's
  CHECK(read_bytes(tmp.path() / "gate.args") == "origin /srv/repo.git\n");
  CHECK(read_bytes(tmp.path() / "gate.stdin") == push_input);
}

TEST_CASE("the script runs a chained hook first, with the same input, and its failure stops it") {
  TempDir tmp;
  fs::path hooks = tmp.path() / "hooks", program = tmp.path() / "gate-program";
  write_executable(program, recorder(tmp.path(), "gate", 0));
  SUBCASE("both pass") {
    write_executable(hooks / "pre-push", recorder(tmp.path(), "old", 0));
    CHECK(gate::install_pre_push(hooks.string(), program.string()).change ==
          gate::HookChange::chained);
    CHECK(run_hook(hooks, push_input).exit_code == 0);
    CHECK(read_bytes(tmp.path() / "order") == "old\ngate\n");
    CHECK(read_bytes(tmp.path() / "old.stdin") == push_input);
    CHECK(read_bytes(tmp.path() / "gate.stdin") == push_input);
    CHECK(read_bytes(tmp.path() / "old.args") == "origin /srv/repo.git\n");
  }
  SUBCASE("the chained hook fails: its exit code, and the program never runs") {
    write_executable(hooks / "pre-push", recorder(tmp.path(), "old", 7));
    gate::install_pre_push(hooks.string(), program.string());
    CHECK(run_hook(hooks, push_input).exit_code == 7);
    CHECK(read_bytes(tmp.path() / "order") == "old\n");
  }
  SUBCASE("a chained hook git would not run (not executable) stays unrun") {
    write_file(hooks, "pre-push", recorder(tmp.path(), "old", 7));
    fs::permissions(hooks / "pre-push", fs::perms::owner_read | fs::perms::owner_write);
    gate::install_pre_push(hooks.string(), program.string());
    CHECK(run_hook(hooks, push_input).exit_code == 0);
    CHECK(read_bytes(tmp.path() / "order") == "gate\n");
  }
}

TEST_CASE("the script refuses the push when the program is gone") {
  TempDir tmp;
  fs::path hooks = tmp.path() / "hooks", program = tmp.path() / "gone";
  write_executable(program, "#!/bin/sh\nexit 0\n");
  gate::install_pre_push(hooks.string(), program.string());
  fs::remove(program);
  RunResult r = run_hook(hooks, push_input);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find(program.string()) != std::string::npos);
}

TEST_CASE("is_gate_script knows only what pre_push_script writes") {
  CHECK(gate::is_gate_script(gate::pre_push_script("/usr/libexec/git-gate/pre-push")));
  CHECK_FALSE(gate::is_gate_script("#!/bin/sh\nexec /usr/libexec/git-gate/pre-push \"$@\"\n"));
  std::string script = gate::pre_push_script("/x");
  std::string moved = "#!/bin/sh\n# mine\n" + script.substr(std::string("#!/bin/sh\n").size());
  CHECK_FALSE(gate::is_gate_script(moved));
  CHECK_FALSE(gate::is_gate_script(""));
}

TEST_CASE("install_pre_push creates the directory and updates a script naming another program") {
  TempDir tmp;
  fs::path hooks = tmp.path() / "a" / "b" / "hooks";
  write_file(hooks, "pre-push.local", "#!/bin/sh\nexit 0\n");
  gate::HookInstall first = gate::install_pre_push(hooks.string(), "/opt/one/pre-push");
  CHECK(first.change == gate::HookChange::installed);
  CHECK(first.chained == (hooks / "pre-push.local").string());  // reported, left alone
  CHECK(gate::install_pre_push(hooks.string(), "/opt/one/pre-push").change ==
        gate::HookChange::unchanged);
  CHECK(gate::install_pre_push(hooks.string(), "/opt/two/pre-push").change ==
        gate::HookChange::updated);
  CHECK(read_bytes(hooks / "pre-push") == gate::pre_push_script("/opt/two/pre-push"));
  CHECK(read_bytes(hooks / "pre-push.local") == "#!/bin/sh\nexit 0\n");
}

TEST_CASE("a symlinked hook is chained and comes back as the same symlink") {
  TempDir tmp;
  fs::path hooks = tmp.path() / "hooks";
  write_executable(tmp.path() / "shared-hook", "#!/bin/sh\nexit 0\n");
  fs::create_directories(hooks);
  fs::create_symlink(tmp.path() / "shared-hook", hooks / "pre-push");
  gate::install_pre_push(hooks.string(), "/opt/gate/pre-push");
  CHECK(fs::is_symlink(hooks / "pre-push.local"));
  CHECK(fs::is_regular_file(fs::symlink_status(hooks / "pre-push")));
  CHECK(gate::uninstall_pre_push(hooks.string()).change == gate::HookRemoval::restored);
  REQUIRE(fs::is_symlink(hooks / "pre-push"));
  CHECK(fs::read_symlink(hooks / "pre-push") == tmp.path() / "shared-hook");
  CHECK(read_bytes(tmp.path() / "shared-hook") == "#!/bin/sh\nexit 0\n");
}

TEST_CASE("uninstall_pre_push leaves a hook that is not git-gate's alone") {
  TempDir tmp;
  fs::path hooks = tmp.path() / "hooks";
  write_executable(hooks / "pre-push", "#!/bin/sh\nexit 0\n");
  CHECK_THROWS_AS(gate::uninstall_pre_push(hooks.string()), gate::UsageError);
  CHECK(read_bytes(hooks / "pre-push") == "#!/bin/sh\nexit 0\n");
  CHECK(gate::uninstall_pre_push((tmp.path() / "none").string()).change ==
        gate::HookRemoval::absent);
}

TEST_CASE("hooks_dir_in_work_tree: only a directory of the work tree outside .git") {
  TempDir tmp;
  fs::path work = tmp.path() / "work";
  fs::create_directories(work / ".git" / "hooks");
  gate::HooksLocation where;
  where.work_tree = work.string();
  where.git_dir = where.common_dir = (work / ".git").string();
  where.dir = (work / ".git" / "hooks").string();
  CHECK_FALSE(gate::hooks_dir_in_work_tree(where));
  where.dir = (work / ".githooks").string();  // need not exist yet
  CHECK(gate::hooks_dir_in_work_tree(where));
  where.dir = work.string();
  CHECK(gate::hooks_dir_in_work_tree(where));
  where.dir = (tmp.path() / "work2" / "hooks").string();  // a sibling sharing a prefix
  CHECK_FALSE(gate::hooks_dir_in_work_tree(where));
  where.dir = (work / ".githooks").string();
  where.work_tree.reset();  // bare
  CHECK_FALSE(gate::hooks_dir_in_work_tree(where));
}

TEST_CASE("the hook program is looked for in libexec, then in the build tree") {
  CHECK(
      gate::hook_program_candidates("/opt/gate/bin/git-gate") ==
      std::vector<std::string>{"/opt/gate/libexec/git-gate/pre-push", "/opt/gate/hooks/pre-push"});
  TempDir tmp;
  fs::path git_gate = tmp.path() / "bin" / "git-gate";
  std::string error;
  try {
    gate::find_hook_program(git_gate.string());
  } catch (const gate::UsageError& e) {
    error = e.what();
  }
  CHECK(error.find((tmp.path() / "libexec" / "git-gate" / "pre-push").string()) !=
        std::string::npos);
  CHECK(error.find((tmp.path() / "hooks" / "pre-push").string()) != std::string::npos);
  write_executable(tmp.path() / "hooks" / "pre-push", "#!/bin/sh\n");
  CHECK(gate::find_hook_program(git_gate.string()) == (tmp.path() / "hooks" / "pre-push").string());
  write_executable(tmp.path() / "libexec" / "git-gate" / "pre-push", "#!/bin/sh\n");
  CHECK(gate::find_hook_program(git_gate.string()) ==
        (tmp.path() / "libexec" / "git-gate" / "pre-push").string());
}
