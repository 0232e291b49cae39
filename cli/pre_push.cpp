// `git-gate pre-push [REMOTE URL]`: the pre-push hook's judgement as a subcommand, for hook
// frameworks that run a command rather than a hook file (docs/hook.md). The same library
// functions as the `pre-push` program, so both reach the same verdict. With no push lines
// on standard input (pre-commit keeps it), it judges the one ref update pre-commit's
// PRE_COMMIT_* variables describe.

#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "commands.hpp"
#include "common_options.hpp"
#include "gate/error.hpp"
#include "gate/push_hook.hpp"
#include "gate/terminal.hpp"
#include "terminal_options.hpp"

namespace gate::cli {
namespace {

std::optional<std::string> env(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

PreCommitPush pre_commit_variables() {
  return {env("PRE_COMMIT_FROM_REF"),      env("PRE_COMMIT_TO_REF"),
          env("PRE_COMMIT_LOCAL_BRANCH"),  env("PRE_COMMIT_REMOTE_NAME"),
          env("PRE_COMMIT_REMOTE_BRANCH"), env("PRE_COMMIT_REMOTE_URL")};
}

// git's lines, unless standard input is a terminal (run by hand): nothing to wait for.
std::string push_input() {
  if (::isatty(STDIN_FILENO)) return {};
  return {std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
}

struct PushToJudge {
  std::string remote, url;
  std::vector<PushLine> lines;
};

// git's lines and arguments; without lines, the one update pre-commit describes.
PushToJudge push_to_judge(const Repository& repo, const std::vector<std::string>& positional) {
  PreCommitPush pre_commit = pre_commit_variables();
  PushToJudge push;
  push.remote = positional.empty() ? pre_commit.remote_name.value_or("") : positional[0];
  push.url = positional.empty() ? pre_commit.remote_url.value_or("") : positional[1];
  push.lines = parse_push_lines(push_input());
  if (push.lines.empty())
    if (std::optional<PushLine> line = pre_commit_push_line(repo, pre_commit)) push.lines = {*line};
  // A framework that keeps git's lines from the command (lefthook without use_stdin) would
  // otherwise let every push through unjudged and unremarked, as if it were up to date.
  if (push.lines.empty())
    fmt::print(stderr,
               "git-gate pre-push: nothing judged: no pushed ref on standard input nor in "
               "PRE_COMMIT_* (an up-to-date push; lefthook needs `use_stdin: true`, see "
               "docs/hook.md)\n");
  if (!push.lines.empty() && push.remote.empty())
    throw UsageError(
        "pre-push: which remote is pushed to? Give REMOTE URL as git passes them to the hook, "
        "or set PRE_COMMIT_REMOTE_NAME (pre-commit does)");
  return push;
}

}  // namespace

int run_pre_push(int argc, char** argv, Session& session) {
  std::vector<std::string> positional;
  CommonOptions common;
  CLI::App app{
      "Judge a push as the pre-push hook does: git's arguments (REMOTE URL) and pushed refs on "
      "standard input; without any, the ref update pre-commit describes in its PRE_COMMIT_* "
      "variables. Exit 0 allowed, 1 blocked, 2 error.",
      "git-gate pre-push"};
  app.add_option("remote-url", positional, "the remote's name and URL, as git passes them")
      ->expected(0, 2)
      ->type_name("REMOTE URL");
  add_directory_option(app, common);
  add_at_option(app, common);
  std::optional<std::string> env_format = env("GATE_FORMAT");
  add_format_option(app, common, "text (on stderr) or json (an array, on stdout)", {"text", "json"},
                    env_format == "json" ? "json" : "text");
  bool verbose = verbose_from_env();
  app.add_flag("-v,--verbose", verbose,
               "every report in full, even for an allowed push (also GATE_VERBOSE=1)");
  TerminalOptions terminal;
  add_quiet_option(app, terminal);
  if (std::optional<int> code = parse_args(app, argc, argv)) return *code;
  bool json = common.format == "json";
  if (json) session.format = Format::json;

  if (positional.size() == 1)
    throw UsageError("pre-push: give both the remote and its URL, as git passes them");
  Repository repo = common.repository();
  PushToJudge push = push_to_judge(repo, positional);
  std::vector<Report> reports = judge_push(repo, push.lines, push.remote, push.url, common.clock());
  if (terminal.quiet)  // the exit code is the answer; errors still reach stderr
    return std::all_of(reports.begin(), reports.end(), [](const Report& r) { return r.allowed(); })
               ? 0
               : 1;
  return print_push_verdict(reports, json, verbose);
}

}  // namespace gate::cli
