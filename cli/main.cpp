// git-gate: the CI required status check and the authority. A static table of
// subcommands; an unknown name gets "did you mean".

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string_view>
#include <system_error>
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
    {"freeze", "start, end or list signed incident freezes of deploys", run_freeze},
    {"audit", "list every override granted, with counts by rule, approver and weekday", run_audit},
    {"notes-guard", "refuse a notes update that rewrites or removes a record (update hook)",
     run_notes_guard},
    {"freeze-guard",
     "refuse a freezes ref update that is not verified records appended (update hook)",
     run_freeze_guard},
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
  fmt::print(stderr, "git-gate: '{}' is not a git-gate command.", quote_input(name));
  std::vector<std::string_view> names;
  for (const Command& c : commands) names.push_back(c.name);
  if (auto best = gate::closest_match(name, names))
    fmt::print(stderr, " Did you mean '{}'?", *best);
  fmt::print(stderr, "\nRun 'git-gate --help' for the list of commands.\n");
  return 2;
}

const Command* find_command(std::string_view name) {
  for (const Command& c : commands)
    if (c.name == name) return &c;
  return nullptr;
}

// Runs `c` on its own argv (argv[0] is its name); a gate::Error is reported once, here,
// in the format the command had chosen when it failed.
int run_command(const Command& c, int argc, char** argv) {
  Session session;
  try {
    return c.run(argc, argv, session);
  } catch (const Error& e) {
    if (session.format == Format::json && !session.quiet) fmt::print("{}", render_error_json(e));
    // On GitHub the failure shows on the run's page, not only in its log.
    if (session.format == Format::github && !session.quiet)
      fmt::print("{}", render_error_github(e));
    fmt::print(stderr, "{}", render_error_text(e));
    return 2;
  }
}

// `git-gate help CMD [ACTION]` is `git-gate CMD [ACTION] --help`; `git-gate help` the
// usage.
int help(int argc, char** argv) {
  if (argc < 2) {
    print_usage(stdout);
    return 0;
  }
  const Command* c = find_command(argv[1]);
  if (!c) return unknown_command(argv[1]);
  std::vector<char*> args(argv + 1, argv + argc);
  static char help_flag[] = "--help";
  args.push_back(help_flag);
  return run_command(*c, static_cast<int>(args.size()), args.data());
}

// `-C DIR` before the command, as git's: the process moves there, so a second -C is taken
// from the first, and the command's own -C and relative file names from the last. An
// empty DIR leaves the directory as it is, as in git.
bool change_directory(std::string_view dir) {
  if (dir.empty()) return true;
  std::error_code ec;
  std::filesystem::current_path(std::filesystem::path(dir), ec);
  if (!ec) return true;
  fmt::print(stderr, "git-gate: -C: cannot change to '{}': {}\n", quote_input(dir), ec.message());
  return false;
}

int dispatch(int argc, char** argv) {
  int first = 1;
  for (; first < argc && std::string_view(argv[first]) == "-C"; first += 2) {
    if (first + 1 >= argc) {
      fmt::print(stderr, "git-gate: -C needs a directory\n");
      return 2;
    }
    if (!change_directory(argv[first + 1])) return 2;
  }
  if (first >= argc) {
    print_usage(stderr);
    return 2;
  }
  std::string_view name = argv[first];
  if (name == "--help" || name == "-h") {
    print_usage(stdout);
    return 0;
  }
  if (name == "help") return help(argc - first, argv + first);
  if (name == "--version" || name == "-V") {
    fmt::print("git-gate {}\n", version());
    return 0;
  }
  const Command* c = find_command(name);
  return c ? run_command(*c, argc - first, argv + first) : unknown_command(name);
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
