// The pre-push hook: git passes `<remote> <url>` as arguments and one line per pushed
// ref on stdin. Every ref is judged with the same library as `git-gate check`; any
// blocked or failed ref refuses the whole push. It is fast feedback, not the authority:
// `git push --no-verify` skips it, and CI judges again. The judgement and its output are
// gate::judge_push and gate::print_push_verdict, shared with `git-gate pre-push`.

#include <fmt/format.h>

#include <cstdlib>
#include <iostream>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gate/clock.hpp"
#include "gate/error.hpp"
#include "gate/process.hpp"
#include "gate/push_hook.hpp"
#include "gate/render.hpp"
#include "gate/terminal.hpp"
#include "gate/version.hpp"

namespace {

constexpr std::string_view usage =
    "usage: pre-push [--format text|json] [--at TIME] [-v|--verbose] <remote> <url>\n"
    "  git runs it with the pushed refs on standard input. An allowed push prints one line;\n"
    "  --verbose (or GATE_VERBOSE=1) prints every report in full. Exit 0 allowed, 1 blocked,\n"
    "  2 error. See docs/hook.md.\n";

struct HookArgs {
  bool json = false;
  bool verbose = false;
  std::optional<std::string> at;
  std::vector<std::string> positional;
};

HookArgs parse_args(int argc, char** argv) {
  HookArgs args;
  const char* env_format = std::getenv("GATE_FORMAT");
  args.json = env_format && std::string_view(env_format) == "json";
  args.verbose = gate::verbose_from_env();
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
    } else if (a == "--verbose" || a == "-v") {
      args.verbose = true;
    } else if (a == "--") {
      for (++i; i < argc; ++i) args.positional.emplace_back(argv[i]);
    } else {
      args.positional.emplace_back(a);
    }
  }
  if (args.positional.size() != 2)
    throw gate::UsageError(
        "usage: pre-push [--format text|json] [--at TIME] [-v|--verbose] <remote> <url> "
        "(git runs it with the pushed refs on standard input; --help for more)");
  return args;
}

int run(int argc, char** argv, bool& json) {
  HookArgs args = parse_args(argc, argv);
  json = args.json;
  std::string input{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
  std::vector<gate::PushLine> lines = gate::parse_push_lines(input);
  std::vector<gate::Report> reports;
  if (!lines.empty()) {  // an up-to-date push sends no lines: nothing to open or judge
    gate::Clock clock = gate::resolve_clock(args.at, std::getenv("GATE_NOW"));
    gate::Repository repo = gate::Repository::open();
    reports = gate::judge_push(repo, lines, args.positional[0], args.positional[1], clock);
  }
  return gate::print_push_verdict(reports, json, args.verbose);
}

}  // namespace

int main(int argc, char** argv) {
  gate::tune_for_short_run();
  // Only alone: git always passes two arguments (remote and URL), so a remote named
  // `--version` or `--help` is still judged.
  if (argc == 2 && std::string_view(argv[1]) == "--version") {
    fmt::print("git-gate {}\n", gate::version());
    return 0;
  }
  if (argc == 2 && (std::string_view(argv[1]) == "--help" || std::string_view(argv[1]) == "-h")) {
    fmt::print("{}", usage);
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
