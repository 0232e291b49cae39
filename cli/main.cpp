// git-gate: the CI required status check and the authority. A static table of
// subcommands; an unknown name gets "did you mean".

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <string_view>
#include <vector>

#include "commands.hpp"
#include "gate/error.hpp"
#include "gate/process.hpp"
#include "gate/render.hpp"
#include "gate/suggest.hpp"
#include "gate/version.hpp"

namespace gate::cli {
namespace {

struct Command {
  std::string_view name;
  std::string_view summary;
  int (*run)(int argc, char** argv, Session& session);
};

constexpr Command commands[] = {
    {"check", "judge a range of commits against the base revision's policy", run_check},
    {"explain", "show which CODEOWNERS line, owners and component a path has", run_explain},
    {"window", "show whether a deploy is allowed now, and the change windows ahead", run_window},
    {"lint", "check CODEOWNERS and the policy for mistakes", run_lint},
    {"ci", "the CI required status check: judge the pull/merge request this job runs for", run_ci},
    {"override", "grant, list, verify or fetch signed, time-limited overrides of rules",
     run_override},
    {"audit", "list every override granted, with counts by rule, approver and weekday", run_audit},
    {"notes-guard", "refuse a notes update that rewrites or removes a record (update hook)",
     run_notes_guard},
    {"install-hook", "install (or --uninstall) the pre-push hook where git runs it",
     run_install_hook},
    {"pre-push", "judge a push as the pre-push hook does (for pre-commit, lefthook, husky)",
     run_pre_push},
};

void print_usage(std::FILE* out) {
  fmt::print(out,
             "usage: git-gate <command> [options]\n\n"
             "A deployment policy gate: change windows, CODEOWNERS coverage and change size,\n"
             "judged against the policy of the base revision.\n\ncommands:\n");
  for (const Command& c : commands) fmt::print(out, "  {:<12} {}\n", c.name, c.summary);
  fmt::print(out,
             "\nRun 'git-gate <command> --help' for its options.\n"
             "Exit codes: 0 allowed, 1 blocked, 2 error.\n");
}

int unknown_command(std::string_view name) {
  fmt::print(stderr, "git-gate: '{}' is not a git-gate command.", name);
  std::vector<std::string_view> names;
  for (const Command& c : commands) names.push_back(c.name);
  if (auto best = gate::closest_match(name, names))
    fmt::print(stderr, " Did you mean '{}'?", *best);
  fmt::print(stderr, "\nRun 'git-gate --help' for the list of commands.\n");
  return 2;
}

int dispatch(int argc, char** argv) {
  if (argc < 2) {
    print_usage(stderr);
    return 2;
  }
  std::string_view name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    print_usage(stdout);
    return 0;
  }
  if (name == "--version") {
    fmt::print("git-gate {}\n", version());
    return 0;
  }
  for (const Command& c : commands) {
    if (c.name != name) continue;
    Session session;
    try {
      return c.run(argc - 1, argv + 1, session);
    } catch (const Error& e) {
      if (session.format == Format::json) fmt::print("{}", render_error_json(e));
      // On GitHub the failure shows on the run's page, not only in its log.
      if (session.format == Format::github) fmt::print("{}", render_error_github(e));
      fmt::print(stderr, "{}", render_error_text(e));
      return 2;
    }
  }
  return unknown_command(name);
}

}  // namespace
}  // namespace gate::cli

int main(int argc, char** argv) {
  gate::tune_for_short_run();
  // Anything escaping as a non-gate exception is a bug, but the verdict must still fail
  // closed: exit 2, never 0.
  try {
    return gate::cli::dispatch(argc, argv);
  } catch (const std::exception& e) {
    fmt::print(stderr, "git-gate: internal error: {}\n", e.what());
    return 2;
  }
}
