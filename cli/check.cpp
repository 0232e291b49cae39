// `git-gate check`: judge base..head as a deploy, the same evaluation the hook runs.

#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <optional>

#include "commands.hpp"
#include "gate/clock.hpp"
#include "gate/evaluate.hpp"
#include "gate/files.hpp"
#include "gate/gather.hpp"
#include "gate/render.hpp"
#include "gate/repository.hpp"
#include "gate/terminal.hpp"
#include "outputs.hpp"
#include "review_options.hpp"

namespace gate::cli {

namespace {

struct CheckOptions {
  std::optional<std::string> base;
  std::string head = "HEAD";
  std::optional<std::string> ref;
  std::optional<std::string> at;
  std::string format = "text";
  std::vector<std::string> outputs;
  std::string directory;
  ReviewOptions reviews;
};

// Without --base, the upstream of the current branch. A detached HEAD (a CI checkout) or
// a branch that tracks nothing has none, and the user must say what the target is; any
// other git failure is reported as itself.
std::string default_base(const Repository& repo) {
  std::optional<std::string> upstream = repo.upstream();
  if (!upstream)
    throw UsageError(
        "no --base given, and HEAD has no upstream (it is detached, or its branch "
        "tracks nothing): name the target's tip, e.g. --base origin/main");
  return *upstream;
}

}  // namespace

int run_check(int argc, char** argv, Session& session) {
  CheckOptions o;
  CLI::App app{"Judge base..head against the policy of the base revision.", "git-gate check"};
  app.add_option("--base", o.base,
                 "trusted revision: policy source and diff base (merge-base); default: the "
                 "upstream of the current branch");
  app.add_option("--head", o.head, "revision to judge")->capture_default_str();
  app.add_option("--ref", o.ref,
                 "target ref, e.g. refs/heads/main; without it the change is judged as a "
                 "deploy to a protected ref");
  app.add_option("--at", o.at, "evaluate at this RFC 3339 time instead of now (or GATE_NOW)");
  app.add_option("--format", o.format, "stdout format: " + format_list())->capture_default_str();
  app.add_option("--output", o.outputs, "also write FORMAT=FILE (repeatable)");
  app.add_option("-C", o.directory, "run as if started in this directory");
  add_review_options(app, o.reviews);
  if (std::optional<int> code = parse_args(app, argc, argv)) return *code;
  std::optional<Format> format = format_named(o.format);
  if (!format) throw UsageError(fmt::format("--format {}: use one of {}", o.format, format_list()));
  session.format = *format;
  std::vector<OutputSpec> outputs = output_specs(o.outputs, o.directory);

  Clock clock = resolve_clock(o.at, std::getenv("GATE_NOW"));
  Repository repo = Repository::open(o.directory);
  Range range = range_for_check(repo, o.base ? *o.base : default_base(repo), o.head);
  Context context;
  context.now = clock.now;
  context.clock_overridden = clock.overridden;
  context.ref = o.ref.value_or("");
  Inputs inputs = gather(repo, range, std::move(context));
  apply_review_options(o.reviews, o.directory, inputs);
  Report report = evaluate(inputs);

  write_outputs(outputs, report);
  // A machine format's stdout carries the report alone; notices go to stderr too.
  if (is_machine_format(*format))
    for (const std::string& n : report.notices) fmt::print(stderr, "git-gate: note: {}\n", n);
  write_out(stdout,
            render_as(*format, report, *format == Format::text && use_color(STDOUT_FILENO)));
  return report.allowed() ? 0 : 1;
}

}  // namespace gate::cli
