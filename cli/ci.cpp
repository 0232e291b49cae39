// `git-gate ci`: the required status check. Reads what to judge from the CI system
// (GitHub Actions, GitLab CI, or --base/--head anywhere else), judges it with the
// target's policy, and writes the formats CI users read. It fails closed.

#include "gate/ci.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <optional>

#include "commands.hpp"
#include "common_options.hpp"
#include "gate/ci_plan.hpp"
#include "gate/clock.hpp"
#include "gate/error.hpp"
#include "gate/evaluate.hpp"
#include "gate/files.hpp"
#include "gate/gather.hpp"
#include "gate/render.hpp"
#include "gate/terminal.hpp"
#include "outputs.hpp"
#include "override_common.hpp"
#include "review_options.hpp"
#include "terminal_options.hpp"

namespace gate::cli {

namespace {

struct CiOptions {
  std::optional<std::string> provider;
  std::optional<std::string> event_path;
  std::optional<std::string> base;
  std::optional<std::string> head;
  std::optional<std::string> ref;
  std::vector<std::string> authors;
  ReviewOptions reviews;
  std::vector<std::string> outputs;
  CommonOptions common;
  TerminalOptions terminal;
};

std::optional<std::string> from_environment(std::string_view name) {
  const char* value = std::getenv(std::string(name).c_str());
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

void add_options(CLI::App& app, CiOptions& o) {
  app.add_option("--provider", o.provider,
                 "github, gitlab or generic (default: detected from GITHUB_ACTIONS / GITLAB_CI)")
      ->type_name("PROVIDER");
  app.add_option("--event-path", o.event_path, "GitHub event payload (default: GITHUB_EVENT_PATH)")
      ->type_name("FILE");
  app.add_option("--base", o.base, "generic: the target branch's tip (policy source)")
      ->type_name("REV");
  app.add_option("--head", o.head, "generic: the commit to judge (default HEAD)")->type_name("REV");
  app.add_option("--ref", o.ref, "generic: the target ref, e.g. refs/heads/main")->type_name("REF");
  app.add_option("--author", o.authors,
                 "a handle that counts as an author, e.g. the request's opener (@alice)")
      ->type_name("HANDLE");
  add_at_option(app, o.common);
  add_format_option(
      app, o.common,
      "stdout format: " + format_list() + " (default: github on GitHub Actions, else text)",
      format_names());
  app.add_option("--output", o.outputs,
                 "also write FORMAT=FILE (repeatable), e.g. sarif=gate.sarif")
      ->type_name("FORMAT=FILE");
  add_color_option(app, o.terminal);
  add_quiet_option(app, o.terminal);
  add_directory_option(app, o.common);
  add_review_options(app, o.reviews);
}

CiRequest read_request(const CiOptions& o, Provider provider) {
  bool generic_flags = o.base || o.head || o.ref;
  if (provider != Provider::generic && generic_flags)
    throw UsageError(
        fmt::format("--base, --head and --ref are for --provider generic; on {} the "
                    "CI system names the change",
                    to_string(provider)));
  if (provider == Provider::github) {
    std::optional<std::string> path =
        o.event_path ? o.event_path : from_environment("GITHUB_EVENT_PATH");
    if (!path) throw UsageError("GITHUB_EVENT_PATH is not set and no --event-path was given");
    std::string file = o.common.path(*path);
    return github_request(from_environment, read_text_file(file, "the GitHub event payload"), file);
  }
  if (provider == Provider::gitlab) return gitlab_request(from_environment);
  if (!o.base)
    throw UsageError("--provider generic needs --base (the target branch's tip), and --ref");
  CiRequest request;
  request.provider = Provider::generic;
  request.trusted = *o.base;
  request.head = o.head.value_or("HEAD");
  request.ref = o.ref.value_or("");
  return request;
}

RunInfo run_info(const CiRequest& request, const Range& range, bool reviews_known) {
  RunInfo run;
  run.provider = to_string(request.provider);
  run.event = request.event;
  run.trusted = range.trusted;
  run.opener = request.opener;
  run.request = request.request;
  run.repository = request.repository;
  run.merge_queue = request.merge_queue;
  run.reviews_known = reviews_known;
  return run;
}

Context ci_context(const Clock& clock, const CiRequest& request, const Plan& plan,
                   const std::vector<std::string>& authors) {
  Context context;
  context.now = clock.now;
  context.clock_overridden = clock.overridden;
  context.ref = request.ref;
  context.deletion = plan.deletion;
  context.reviews_required = true;
  context.approval_judged_on_pull_request = request.merge_queue;
  if (!request.opener.empty()) context.extra_authors.push_back({request.opener, ""});
  for (const std::string& a : authors)
    if (!a.empty()) context.extra_authors.push_back({a.front() == '@' ? a : "@" + a, ""});
  return context;
}

// A runner may keep a stale copy of the incident freezes ref, so ci always takes origin's
// (docs/freezes.md): a remote without the ref holds no freezes, and the stale local copy
// is dropped with it; only a failed fetch is an error. A policy that cannot be read is
// left to gather(), which reports it.
void fetch_freezes(const Repository& repo, const std::string& directory,
                   const std::string& trusted) {
  std::optional<Policy> policy;
  try {
    policy = read_trusted_policy(repo, trusted).policy;
  } catch (const ConfigError&) {
    return;
  }
  if (!policy || !policy->freezes.configured) return;
  const std::string& ref = policy->freezes.ref;
  if (fetch_ref(directory, "origin", ref)) return;
  ProcessResult dropped = git_command(directory, {"update-ref", "-d", ref});
  if (dropped.exit_code != 0)
    throw GitError(fmt::format("could not delete the stale {}: {}", quote_input(ref),
                               quote_input(dropped.err)));
}

// Files first: if one cannot be written the run fails (exit 2) before any verdict is
// printed.
void emit(Format format, const std::vector<OutputSpec>& outputs, const Report& report,
          const TerminalOptions& terminal) {
  std::optional<AppendTarget> summary;
  if (format == Format::github)
    if (std::optional<std::string> path = from_environment("GITHUB_STEP_SUMMARY"))
      summary.emplace(*path, "GITHUB_STEP_SUMMARY");  // opened before any file is written
  write_outputs(outputs, report);
  if (summary) summary->append(render_markdown(report));
  if (terminal.quiet) return;
  if (is_machine_format(format) || format == Format::github)
    for (const std::string& n : report.notices) fmt::print(stderr, "git-gate: note: {}\n", n);
  print_as(format, report, stdout_style(terminal));
}

}  // namespace

int run_ci(int argc, char** argv, Session& session) {
  CiOptions o;
  CLI::App app{
      "The CI required status check: judge this pull/merge request with the policy and "
      "CODEOWNERS of its target's tip.",
      "git-gate ci"};
  add_options(app, o);
  if (std::optional<int> code = parse_args(app, argc, argv)) return *code;
  // The format first, so that every later error is reported in it.
  const std::optional<std::string>& named = o.common.format;
  std::optional<Format> format = named ? format_named(*named) : std::nullopt;
  if (named && !format)
    throw UsageError(fmt::format("--format {}: use one of {}", quote_input(*named), format_list()));
  if (format) session.format = *format;
  session.quiet = o.terminal.quiet;
  Provider provider = o.provider ? parse_provider(*o.provider) : detect_provider(from_environment);
  if (!format) format = provider == Provider::github ? Format::github : Format::text;
  session.format = *format;
  std::vector<OutputSpec> outputs = output_specs(o.outputs, o.common);

  Clock clock = o.common.clock();
  CiRequest request = read_request(o, provider);
  Repository repo = o.common.repository();
  Plan plan = plan_ci(repo, request);
  fetch_freezes(repo, o.common.directory, plan.range.trusted);

  Inputs inputs = gather(repo, plan.range, ci_context(clock, request, plan, o.authors));
  apply_review_options(o.reviews, o.common, inputs);
  inputs.context.run = run_info(request, plan.range, inputs.context.reviews.has_value());
  for (const std::string& n : request.notices) inputs.notices.push_back(n);
  for (const std::string& n : plan.notices) inputs.notices.push_back(n);
  if (provider == Provider::gitlab && request.opener.empty() && o.authors.empty() && !request.push)
    inputs.notices.push_back(
        "GitLab does not name the merge request's author to jobs; pass it "
        "with --author so that it cannot approve its own change");
  Report report = evaluate(inputs);

  emit(*format, outputs, report, o.terminal);
  return report.allowed() ? 0 : 1;
}

}  // namespace gate::cli
