// `git-gate check`: judge base..head as a deploy, the same evaluation the hook runs.

#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <optional>

#include "commands.hpp"
#include "common_options.hpp"
#include "gate/clock.hpp"
#include "gate/error.hpp"
#include "gate/evaluate.hpp"
#include "gate/files.hpp"
#include "gate/gather.hpp"
#include "gate/render.hpp"
#include "gate/repository.hpp"
#include "gate/terminal.hpp"
#include "outputs.hpp"
#include "review_options.hpp"
#include "terminal_options.hpp"

namespace gate::cli {

namespace {

struct CheckOptions {
  std::optional<std::string> base;
  std::string head = "HEAD";
  std::optional<std::string> ref;
  std::vector<std::string> outputs;
  CommonOptions common;
  ReviewOptions reviews;
  TerminalOptions terminal;
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

void add_options(CLI::App& app, CheckOptions& o) {
  app.add_option("--base", o.base,
                 "trusted revision: policy source and diff base (merge-base); default: the "
                 "upstream of the current branch")
      ->type_name("REV");
  app.add_option("--head", o.head, "revision to judge")->type_name("REV")->capture_default_str();
  app.add_option("--ref", o.ref,
                 "target ref, e.g. refs/heads/main; without it the change is judged as a "
                 "deploy to a protected ref")
      ->type_name("REF");
  add_at_option(app, o.common);
  add_format_option(app, o.common, "stdout format: " + format_list(), format_names(), "text");
  app.add_option("--output", o.outputs, "also write FORMAT=FILE (repeatable)")
      ->type_name("FORMAT=FILE");
  add_color_option(app, o.terminal);
  add_quiet_option(app, o.terminal);
  add_directory_option(app, o.common);
  add_review_options(app, o.reviews);
}

}  // namespace

int run_check(int argc, char** argv, Session& session) {
  CheckOptions o;
  CLI::App app{"Judge base..head against the policy of the base revision.", "git-gate check"};
  add_options(app, o);
  if (std::optional<int> code = parse_args(app, argc, argv)) return *code;
  std::optional<Format> format = format_named(*o.common.format);
  if (!format)
    throw UsageError(
        fmt::format("--format {}: use one of {}", quote_input(*o.common.format), format_list()));
  session.format = *format;
  session.quiet = o.terminal.quiet;
  std::vector<OutputSpec> outputs = output_specs(o.outputs, o.common);

  Clock clock = o.common.clock();
  Repository repo = o.common.repository();
  Range range = range_for_check(repo, o.base ? *o.base : default_base(repo), o.head);
  Context context;
  context.now = clock.now;
  context.clock_overridden = clock.overridden;
  context.ref = o.ref.value_or("");
  Inputs inputs = gather(repo, range, std::move(context));
  apply_review_options(o.reviews, o.common, inputs);
  Report report = evaluate(inputs);

  write_outputs(outputs, report);
  // A machine format's stdout carries the report alone; notices go to stderr too.
  if (is_machine_format(*format) && !o.terminal.quiet)
    for (const std::string& n : report.notices) fmt::print(stderr, "git-gate: note: {}\n", n);
  if (!o.terminal.quiet) print_as(*format, report, stdout_style(o.terminal));
  return report.allowed() ? 0 : 1;
}

}  // namespace gate::cli
