// `git-gate install-hook [--uninstall] [--[no-]fetch-freezes] [--remote NAME] [-C DIR]`:
// installs the pre-push hook where git will run it, and offers the fetch refspec of the
// incident freezes ref, which the hook reads locally (docs/hook.md). Repository::hooks_location
// reads git's layout; the file work is install_pre_push / uninstall_pre_push.

#include <fmt/format.h>

#include <unistd.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "commands.hpp"
#include "common_options.hpp"
#include "gate/gather.hpp"
#include "gate/hook_install.hpp"
#include "gate/repository.hpp"

namespace gate::cli {
namespace {

enum class FetchChoice { ask, yes, no };

struct InstallOptions {
  bool remove = false;
  bool fetch = false;
  bool no_fetch = false;
  std::string remote = "origin";
  CommonOptions common;
};

// The offer of the freezes refspec, settled before anything is written (docs/hook.md).
struct FreezesFetch {
  std::string refspec;  ///< empty: nothing to add
  std::string remote;
  std::string note;  ///< printed after the hook's line
};

// The policy that names the freezes ref: the remote's default branch, as the hook judges a
// new protected ref by it, else HEAD's; nullopt before the first commit.
std::optional<Policy> policy_to_install(const Repository& repo, const std::string& remote) {
  for (const std::string& rev : {"refs/remotes/" + remote + "/HEAD", std::string("HEAD")})
    if (std::optional<std::string> commit = repo.find_commit(rev))
      return read_policy_at(repo, *commit);
  return std::nullopt;
}

// The refspec that fetches the freezes `ref` as it is, and the key that holds it.
std::string freezes_refspec(const std::string& ref) { return "+" + ref + ":" + ref; }
std::string fetch_key(const std::string& remote) { return "remote." + remote + ".fetch"; }

bool ask_yes(const std::string& question) {
  fmt::print(stderr, "{} [y/N] ", question);
  std::fflush(stderr);
  std::string answer;
  if (!std::getline(std::cin, answer)) return false;
  return answer == "y" || answer == "Y" || answer == "yes" || answer == "Yes";
}

// The remote lacks the refspec: add it when told to, or asked and answered yes; else
// print the command that adds it.
void offer(FreezesFetch& plan, const std::string& ref, const std::string& refspec,
           FetchChoice choice) {
  std::string key = fetch_key(plan.remote);
  std::string question = fmt::format(
      "git-gate: the hook reads incident freezes from the local {}. Add {} to {}, so that every "
      "`git fetch {}` brings them?",
      ref, refspec, key, plan.remote);
  if (choice == FetchChoice::yes || (::isatty(STDIN_FILENO) == 1 && ask_yes(question))) {
    plan.refspec = refspec;
    plan.note = fmt::format("git-gate: added {} to {}\n", refspec, key);
  } else {
    plan.note = fmt::format(
        "git-gate: the hook reads incident freezes from the local {}, which `git fetch` does not "
        "bring by default. To fetch it with every `git fetch {}`, run (or `git-gate install-hook "
        "--fetch-freezes`):\n  git config --add {} {}\n",
        ref, plan.remote, shell_word(key), shell_word(refspec));
  }
}

FreezesFetch plan_fetch(const Repository& repo, const InstallOptions& o, FetchChoice choice) {
  FreezesFetch plan{"", o.remote, ""};
  if (choice == FetchChoice::no) return plan;
  std::optional<Policy> policy = policy_to_install(repo, o.remote);
  if (!policy || !policy->freezes.configured) {
    if (choice == FetchChoice::yes)
      plan.note = "git-gate: the policy has no [freezes] table: there is no freezes ref to fetch\n";
    return plan;
  }
  const std::string& ref = policy->freezes.ref;
  std::string refspec = freezes_refspec(ref);
  std::optional<bool> fetches = repo.remote_fetches_ref(o.remote, ref);
  if (!fetches) {
    if (choice == FetchChoice::yes)
      throw UsageError(
          fmt::format("install-hook --fetch-freezes: there is no remote '{}': add it, or name one "
                      "with --remote",
                      quote_input(o.remote)));
    plan.note = fmt::format(
        "git-gate: there is no remote '{}' to fetch the freezes ref {} from; run install-hook "
        "--fetch-freezes --remote NAME once there is one\n",
        quote_input(o.remote), ref);
    return plan;
  }
  std::string key = fetch_key(o.remote);
  if (*fetches) {
    plan.note = fmt::format("git-gate: {} already fetches {}; nothing changed\n", key, ref);
    return plan;
  }
  offer(plan, ref, refspec, choice);
  return plan;
}

std::string where_from(const HooksLocation& where) {
  return where.hooks_path ? fmt::format(" (core.hooksPath = {})", *where.hooks_path) : "";
}

void report_install(const HooksLocation& where, const HookInstall& done,
                    const std::string& program) {
  switch (done.change) {
    case HookChange::unchanged:
      fmt::print("git-gate: the pre-push hook {}{} is already installed; nothing changed\n",
                 done.hook, where_from(where));
      return;
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
}

// Everything that can fail or ask is settled first; then the hook, then the refspec.
int install(const Repository& repo, const InstallOptions& o, FetchChoice choice) {
  HooksLocation where = repo.hooks_location();
  std::string program = find_hook_program(running_program());
  FreezesFetch fetch = plan_fetch(repo, o, choice);
  HookInstall done = install_pre_push(where.dir, program);
  if (!fetch.refspec.empty()) repo.add_fetch_refspec(fetch.remote, fetch.refspec);
  report_install(where, done, program);
  fmt::print("{}", fetch.note);
  return 0;
}

// The freezes refspec install-hook may have added stays: fetching the freezes does no
// harm, and the user may have added it themselves. So it is named, with the command
// that removes it.
std::string refspec_note(const Repository& repo, const std::string& remote) {
  std::optional<Policy> policy = policy_to_install(repo, remote);
  if (!policy || !policy->freezes.configured) return {};
  const std::string& ref = policy->freezes.ref;
  std::string refspec = freezes_refspec(ref), key = fetch_key(remote);
  std::vector<std::string> specs = repo.fetch_refspecs(remote);
  if (std::find(specs.begin(), specs.end(), refspec) == specs.end()) return {};
  return fmt::format(
      "git-gate: {} still has {}, which fetches the freezes; to remove it, run:\n  git config "
      "--unset-all --fixed-value {} {}\n",
      key, refspec, shell_word(key), shell_word(refspec));
}

// A policy or remote that cannot be read does not stop the hook's removal, which
// needs neither: it only means there is no refspec to name.
std::string refspec_left(const Repository& repo, const std::string& remote) {
  try {
    return refspec_note(repo, remote);
  } catch (const Error&) {
    return {};
  }
}

int uninstall(const Repository& repo, const std::string& remote) {
  HooksLocation where = repo.hooks_location();
  std::string note = refspec_left(repo, remote);
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
  fmt::print("{}", note);
  return 0;
}

}  // namespace

int run_install_hook(int argc, char** argv, Session&) {
  InstallOptions o;
  CLI::App app{
      "Install git-gate as the repository's pre-push hook, where git runs it (core.hooksPath, "
      "linked worktrees). A pre-push hook already there is kept as pre-push.local and still "
      "runs first.",
      "git-gate install-hook"};
  CLI::Option* remove =
      app.add_flag("--uninstall", o.remove,
                   "remove git-gate's hook and put back the one it chained; a pre-push hook that "
                   "is not git-gate's is left alone (exit 2)");
  CLI::Option* fetch = app.add_flag("--fetch-freezes", o.fetch,
                                    "add the policy's [freezes] ref to the remote's fetch refspecs "
                                    "without asking (once)");
  CLI::Option* no_fetch = app.add_flag("--no-fetch-freezes", o.no_fetch,
                                       "leave the remote's fetch refspecs alone, without asking");
  fetch->excludes(no_fetch)->excludes(remove);
  no_fetch->excludes(remove);
  app.add_option("--remote", o.remote,
                 "the remote to fetch the freezes ref from (with --uninstall: to name its "
                 "refspec)")
      ->type_name("NAME")
      ->capture_default_str();
  add_directory_option(app, o.common);
  if (std::optional<int> code = parse_args(app, argc, argv)) return *code;
  Repository repo = o.common.repository();
  if (o.remove) return uninstall(repo, o.remote);
  FetchChoice choice = o.fetch ? FetchChoice::yes : o.no_fetch ? FetchChoice::no : FetchChoice::ask;
  return install(repo, o, choice);
}

}  // namespace gate::cli
