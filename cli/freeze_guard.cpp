// `git-gate freeze-guard OLD NEW`: the server-side `update` hook's check that the freezes
// ref only grows by records that verify (docs/freezes.md), so a valid record cannot be
// undone by rewriting the ref. freeze_guard() walks and judges.

#include "gate/freeze_guard.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>

#include "commands.hpp"
#include "common_options.hpp"

namespace gate::cli {

int run_freeze_guard(int argc, char** argv, Session&) {
  std::string old_id, new_id;
  CommonOptions common;
  CLI::App app{
      "Refuse a freezes ref update unless NEW is a fast-forward of OLD whose every new commit "
      "is one record that verifies under the default branch's policy: exit 0 when it is, 1 when "
      "not, 2 on error (for a server-side update hook).",
      "git-gate freeze-guard"};
  app.add_option("old", old_id, "the freezes ref's commit before the update (all zeros: created)")
      ->required();
  app.add_option("new", new_id, "its commit after the update (all zeros: deleted)")->required();
  add_directory_option(app, common);
  if (std::optional<int> code = parse_args(app, argc, argv)) return *code;
  if (is_zero_id(new_id)) {
    fmt::print(stderr,
               "git-gate freeze-guard: the freezes ref cannot be deleted: it holds every incident "
               "freeze\n");
    return 1;
  }
  Repository repo = common.repository();
  std::optional<std::string> old;
  if (!is_zero_id(old_id)) old = old_id;
  std::vector<FreezeGuardProblem> problems = freeze_guard(repo, old, new_id);
  for (const FreezeGuardProblem& p : problems)
    fmt::print(stderr, "git-gate freeze-guard: commit {}: {}\n", p.commit, p.message);
  if (!problems.empty())
    fmt::print(stderr,
               "git-gate freeze-guard: the freezes ref only grows by verified records: {} "
               "refused\n",
               new_id.substr(0, 12));
  return problems.empty() ? 0 : 1;
}

}  // namespace gate::cli
