// `git-gate check`: judge base..head as a deploy, the same evaluation the hook runs.

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <optional>

#include "commands.hpp"
#include "gate/clock.hpp"
#include "gate/evaluate.hpp"
#include "gate/gather.hpp"
#include "gate/render.hpp"
#include "gate/repository.hpp"
#include "gate/terminal.hpp"

namespace gate::cli {

namespace {

struct CheckOptions {
  std::string base = "@{upstream}";
  std::string head = "HEAD";
  std::optional<std::string> ref;
  std::optional<std::string> at;
  std::string format = "text";
  std::string directory;
};

}  // namespace

int run_check(int argc, char** argv, Session& session) {
  CheckOptions o;
  CLI::App app{"Judge base..head against the policy of the base revision.", "git-gate check"};
  app.add_option("--base", o.base, "trusted revision: policy source and diff base (merge-base)")
      ->capture_default_str();
  app.add_option("--head", o.head, "revision to judge")->capture_default_str();
  app.add_option("--ref", o.ref,
                 "target ref, e.g. refs/heads/main; without it the change is judged as a "
                 "deploy to a protected ref");
  app.add_option("--at", o.at, "evaluate at this RFC 3339 time instead of now (or GATE_NOW)");
  app.add_option("--format", o.format, "output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  app.add_option("-C", o.directory, "run as if started in this directory");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  session.format = o.format == "json" ? Format::json : Format::text;

  Clock clock = resolve_clock(o.at, std::getenv("GATE_NOW"));
  Repository repo = Repository::open(o.directory);
  Range range = range_for_check(repo, o.base, o.head);
  Context context;
  context.now = clock.now;
  context.clock_overridden = clock.overridden;
  context.ref = o.ref.value_or("");
  Report report = evaluate(gather(repo, range, std::move(context)));

  if (session.format == Format::json)
    fmt::print("{}", render_json(report));
  else
    fmt::print("{}", render_text(report, {use_color(STDOUT_FILENO)}));
  return report.allowed() ? 0 : 1;
}

}  // namespace gate::cli
