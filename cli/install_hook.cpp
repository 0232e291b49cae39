// `git-gate install-hook [--uninstall] [-C DIR]`: installs the pre-push hook where git will
// run it (docs/hook.md). Repository::hooks_location reads git's layout; the file work is
// install_pre_push / uninstall_pre_push.

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>

#include "commands.hpp"
#include "common_options.hpp"
#include "gate/hook_install.hpp"
#include "gate/repository.hpp"

namespace gate::cli {
namespace {

std::string where_from(const HooksLocation& where) {
  return where.hooks_path ? fmt::format(" (core.hooksPath = {})", *where.hooks_path) : "";
}

int install(const HooksLocation& where) {
  std::string program = find_hook_program(running_program());
  HookInstall done = install_pre_push(where.dir, program);
  switch (done.change) {
    case HookChange::unchanged:
      fmt::print("git-gate: the pre-push hook {}{} is already installed; nothing changed\n",
                 done.hook, where_from(where));
      return 0;
    case HookChange::installed:
      fmt::print("git-gate: installed the pre-push hook {}{}; it runs {}\n", done.hook,
                 where_from(where), program);
      break;
    case HookChange::updated:
      fmt::print("git-gate: updated the pre-push hook {}{}; it now runs {}\n", done.hook,
                 where_from(where), program);
      break;
    case HookChange::chained:
      fmt::print(
          "git-gate: installed the pre-push hook {}{}; it runs {}.\n"
          "git-gate: the hook that was there is kept as {} and still runs first, with the same "
          "input; `git-gate install-hook --uninstall` puts it back\n",
          done.hook, where_from(where), program, done.chained);
      break;
  }
  if (hooks_dir_in_work_tree(where))
    fmt::print(stderr,
               "git-gate: warning: the hooks directory {} is inside the work tree, and the hook "
               "names {} by absolute path: do not commit it; each clone runs `git-gate "
               "install-hook` itself (docs/hook.md)\n",
               where.dir, program);
  return 0;
}

int uninstall(const HooksLocation& where) {
  HookUninstall done = uninstall_pre_push(where.dir);
  switch (done.change) {
    case HookRemoval::absent:
      fmt::print("git-gate: there is no pre-push hook in {}{}; nothing changed\n", where.dir,
                 where_from(where));
      break;
    case HookRemoval::removed:
      fmt::print("git-gate: removed the pre-push hook {}\n", done.hook);
      break;
    case HookRemoval::restored:
      fmt::print(
          "git-gate: removed git-gate's pre-push hook; {} is the hook that was there again\n",
          done.hook);
      break;
  }
  return 0;
}

}  // namespace

int run_install_hook(int argc, char** argv, Session&) {
  bool remove = false;
  CommonOptions common;
  CLI::App app{
      "Install git-gate as the repository's pre-push hook, where git runs it (core.hooksPath, "
      "linked worktrees). A pre-push hook already there is kept as pre-push.local and still "
      "runs first.",
      "git-gate install-hook"};
  app.add_flag("--uninstall", remove,
               "remove git-gate's hook and put back the one it chained; a pre-push hook that is "
               "not git-gate's is left alone (exit 2)");
  add_directory_option(app, common);
  if (std::optional<int> code = parse_args(app, argc, argv)) return *code;
  HooksLocation where = common.repository().hooks_location();
  return remove ? uninstall(where) : install(where);
}

}  // namespace gate::cli
