// `git-gate freeze-guard OLD NEW`: the server-side `update` hook's check that the freezes
// ref only grows by records that verify (docs/freezes.md), so a valid record cannot be
// undone by rewriting the ref. freeze_guard() walks and judges.

#include "gate/freeze_guard.hpp"

#include <fmt/format.h>

#include <cstdio>

#include "commands.hpp"
#include "update_guard.hpp"

namespace gate::cli {

int run_freeze_guard(int argc, char** argv, Session&) {
  static const GuardSpec spec{
      "freeze-guard",
      "Refuse a freezes ref update unless NEW is a fast-forward of OLD whose every new commit "
      "is one record that verifies under the default branch's policy: exit 0 when it is, 1 when "
      "not, 2 on error (for a server-side update hook).",
      "the freezes ref", "it holds every incident freeze"};
  GuardArgs args;
  if (std::optional<int> code = parse_guard_args(spec, argc, argv, args)) return *code;
  const std::string& old_id = args.old_id;
  const std::string& new_id = args.new_id;
  Repository repo = args.common.repository();
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
