// The pre-push hook: git passes `<remote> <url>` as arguments and one line per pushed
// ref on stdin. Every ref is judged with the same library as `git-gate check`; any
// blocked or failed ref refuses the whole push. It is fast feedback, not the authority:
// `git push --no-verify` skips it, and CI judges again.

#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gate/clock.hpp"
#include "gate/error.hpp"
#include "gate/evaluate.hpp"
#include "gate/prepush.hpp"
#include "gate/process.hpp"
#include "gate/render.hpp"
#include "gate/terminal.hpp"
#include "gate/version.hpp"

namespace {

struct HookArgs {
  bool json = false;
  std::optional<std::string> at;
  std::vector<std::string> positional;
};

HookArgs parse_args(int argc, char** argv) {
  HookArgs args;
  const char* env_format = std::getenv("GATE_FORMAT");
  args.json = env_format && std::string_view(env_format) == "json";
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if ((a == "--format" || a == "--at") && i + 1 < argc) {
      std::string value = argv[++i];
      if (a == "--at")
        args.at = value;
      else if (value == "json" || value == "text")
        args.json = value == "json";
      else
        throw gate::UsageError(
            fmt::format("--format: unknown format '{}'", gate::quote_input(value)));
    } else if (a == "--") {
      for (++i; i < argc; ++i) args.positional.emplace_back(argv[i]);
    } else {
      args.positional.emplace_back(a);
    }
  }
  if (args.positional.size() != 2)
    throw gate::UsageError(
        "usage: pre-push [--format text|json] [--at TIME] <remote> <url> "
        "(git runs it with the pushed refs on standard input)");
  return args;
}

std::vector<gate::Report> judge_push(const HookArgs& args, const std::string& input) {
  std::vector<gate::PushLine> lines = gate::parse_push_lines(input);
  std::vector<gate::Report> reports;
  if (lines.empty()) return reports;  // an up-to-date push sends no lines
  gate::Clock clock = gate::resolve_clock(args.at, std::getenv("GATE_NOW"));
  gate::Repository repo = gate::Repository::open();
  // Once per push, not per line: a mirror push sends thousands of lines.
  gate::PushContext push = gate::read_push_context(repo, args.positional[0], args.positional[1]);
  for (const gate::PushLine& line : lines) {
    gate::Plan plan = gate::plan_push(repo, line, push);
    gate::Context context;
    context.now = clock.now;
    context.clock_overridden = clock.overridden;
    context.ref = line.remote_ref;
    context.deletion = plan.deletion;
    gate::Inputs inputs = gate::gather(repo, plan.range, std::move(context));
    inputs.notices.insert(inputs.notices.begin(), plan.notices.begin(), plan.notices.end());
    reports.push_back(gate::evaluate(inputs));
  }
  return reports;
}

int run(int argc, char** argv, bool& json) {
  HookArgs args = parse_args(argc, argv);
  json = args.json;
  std::string input{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
  std::vector<gate::Report> reports = judge_push(args, input);
  bool allowed = true;
  for (const gate::Report& r : reports) allowed = allowed && r.allowed();
  if (json) {
    gate::write_out(stdout, gate::render_json(reports));
  } else {
    bool color = gate::use_color(STDERR_FILENO);
    for (const gate::Report& r : reports) fmt::print(stderr, "{}", gate::render_text(r, {color}));
    if (!allowed)
      fmt::print(stderr,
                 "git-gate: push refused. Fix the findings above, or ask an approver "
                 "for an override.\n");
  }
  return allowed ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  gate::tune_for_short_run();
  // Only alone: git always passes two arguments (remote and URL), so a remote named
  // `--version` is still judged.
  if (argc == 2 && std::string_view(argv[1]) == "--version") {
    fmt::print("git-gate {}\n", gate::version());
    return 0;
  }
  bool json = false;
  // Fail closed: any error refuses the push (exit 2), never lets it through.
  try {
    return run(argc, argv, json);
  } catch (const gate::Error& e) {
    if (json) fmt::print("{}", gate::render_error_json(e));
    fmt::print(stderr, "{}", gate::render_error_text(e));
    return 2;
  } catch (const std::exception& e) {
    fmt::print(stderr, "git-gate pre-push: internal error: {}\n", e.what());
    return 2;
  }
}
