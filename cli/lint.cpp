// `git-gate lint`: mistakes in CODEOWNERS and the policy, judged against the file list of
// a revision's tree. --policy and --codeowners read files from disk instead, so a change
// can be linted before it is committed; the tree still comes from --rev.

#include "gate/lint.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>

#include "commands.hpp"
#include "common_options.hpp"
#include "gate/gather.hpp"
#include "gate/repository.hpp"
#include "outputs.hpp"
#include "policy_calendars.hpp"
#include "terminal_options.hpp"

namespace gate::cli {

namespace {

/// Paths listed under a finding in text output; JSON lists them all.
constexpr std::size_t max_text_paths = 10;

struct LintOptions {
  std::string rev = "HEAD";
  std::optional<std::string> policy_file;
  std::optional<std::string> codeowners_file;
  std::optional<std::string> syntax;
  CommonOptions common;
  TerminalOptions terminal;
};

void note(const std::string& text) { fmt::print(stderr, "git-gate: note: {}\n", text); }

std::optional<Policy> read_policy(const LintOptions& o, const Repository& repo,
                                  const std::string& commit) {
  if (o.policy_file) return parse_policy(o.common.read(*o.policy_file, "--policy"), *o.policy_file);
  if (auto policy = read_policy_at(repo, commit)) return policy;
  note(fmt::format("{} has no policy.toml: linting CODEOWNERS only", o.rev));
  return std::nullopt;
}

std::optional<OwnersSyntax> syntax_option(const LintOptions& o) {
  if (!o.syntax) return std::nullopt;
  return *o.syntax == "gitlab" ? OwnersSyntax::gitlab : OwnersSyntax::github;
}

std::optional<Codeowners> read_codeowners(const LintOptions& o, const Repository& repo,
                                          const std::string& commit, const Policy* policy) {
  if (o.codeowners_file) {
    std::string text = o.common.read(*o.codeowners_file, "--codeowners");
    if (std::string problem = codeowners_size_problem(text, *o.codeowners_file); !problem.empty()) {
      note(problem + ", so it is not linted and the gate would ignore it");
      return std::nullopt;
    }
    OwnersSyntax syntax = syntax_option(o).value_or(
        policy && policy->owners.syntax ? *policy->owners.syntax : OwnersSyntax::github);
    return parse_codeowners(text, *o.codeowners_file, syntax);
  }
  // --syntax overrides [owners] syntax for the file found in the revision too.
  std::optional<Policy> with_syntax;
  if (auto syntax = syntax_option(o)) {
    with_syntax = policy ? *policy : Policy{};
    with_syntax->owners.syntax = syntax;
    policy = &*with_syntax;
  }
  LoadedCodeowners loaded = load_codeowners(repo, commit, policy);
  for (const std::string& n : loaded.notices) note(n);
  return std::move(loaded.file);
}

nlohmann::ordered_json to_json(const std::vector<LintFinding>& findings) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const LintFinding& f : findings) {
    std::string where = f.where.to_string();
    list.push_back({{"check", f.check},
                    {"severity", to_string(f.severity)},
                    {"location", where.empty() ? nlohmann::ordered_json(nullptr)
                                               : nlohmann::ordered_json(where)},
                    {"message", f.message},
                    {"paths", f.paths}});
  }
  return {{"schema_version", 1}, {"findings", std::move(list)}};
}

void print_text(const std::vector<LintFinding>& findings, const std::string& what) {
  std::size_t blocking = 0, notes = 0;
  for (const LintFinding& f : findings) {
    std::string where = f.where.to_string();
    fmt::print("{}[{}] {}\n", where.empty() ? "" : where + ": ", f.check, f.message);
    for (std::size_t i = 0; i < f.paths.size() && i < max_text_paths; ++i)
      fmt::print("    {}\n", f.paths[i]);
    if (f.paths.size() > max_text_paths)
      fmt::print("    ... and {} more\n", f.paths.size() - max_text_paths);
    if (f.severity == Severity::block) ++blocking;
    if (f.severity == Severity::info) ++notes;
  }
  if (findings.empty()) {
    fmt::print("git-gate lint: {}: no findings\n", what);
    return;
  }
  const std::size_t warnings = findings.size() - blocking - notes;
  fmt::print("git-gate lint: {}: {} {} ({} error{}, {} warning{}{})\n", what, findings.size(),
             findings.size() == 1 ? "finding" : "findings", blocking, blocking == 1 ? "" : "s",
             warnings, warnings == 1 ? "" : "s",
             notes == 0 ? "" : fmt::format(", {} note{}", notes, notes == 1 ? "" : "s"));
}

void add_options(CLI::App& app, LintOptions& o) {
  app.add_option("--rev", o.rev, "revision whose tree, policy.toml and CODEOWNERS are linted")
      ->type_name("REV")
      ->capture_default_str();
  app.add_option("--policy", o.policy_file,
                 "lint this policy file from disk instead of the revision's")
      ->type_name("FILE");
  app.add_option("--codeowners", o.codeowners_file,
                 "lint this CODEOWNERS file from disk instead of the revision's")
      ->type_name("FILE");
  app.add_option("--syntax", o.syntax,
                 "CODEOWNERS dialect: github or gitlab (default: [owners] syntax, else github)")
      ->type_name("SYNTAX")
      ->check(one_of({"github", "gitlab"}));
  add_format_option(app, o.common, "text or json", {"text", "json"}, "text");
  add_quiet_option(app, o.terminal);
  add_directory_option(app, o.common);
  add_at_option(app, o.common, "judge change windows from this RFC 3339 time (or GATE_NOW)");
}

}  // namespace

int run_lint(int argc, char** argv, Session& session) {
  LintOptions o;
  CLI::App app{
      "Check CODEOWNERS and the policy for mistakes: syntax, unknown teams, patterns "
      "that match no file, shadowed and duplicate lines, unowned files, overlapping "
      "components. Exit 0 clean, 1 findings, 2 error.",
      "git-gate lint"};
  add_options(app, o);
  if (std::optional<int> code = parse_args(app, argc, argv)) return *code;
  session.format = o.common.format == "json" ? Format::json : Format::text;
  session.quiet = o.terminal.quiet;

  Repository repo = o.common.repository();
  std::string commit = repo.resolve_commit(o.rev);
  std::optional<Policy> policy = read_policy(o, repo, commit);
  Instant now = o.common.clock().now;
  // The allow-no-hour check judges 28 days ahead with the calendars' freezes too.
  if (policy) add_calendars(*policy, o.common, o.policy_file, &repo, commit, calendar_range(now));
  std::optional<Codeowners> codeowners =
      read_codeowners(o, repo, commit, policy ? &*policy : nullptr);
  LintInputs inputs{policy ? &*policy : nullptr, codeowners ? &*codeowners : nullptr,
                    repo.list_files(commit), std::nullopt};
  inputs.now = now;
  std::vector<LintFinding> findings = lint(inputs);

  // Notes (severity info, e.g. policy.scoped-window) are not mistakes: they never fail lint.
  const bool clean = std::all_of(findings.begin(), findings.end(),
                                 [](const LintFinding& f) { return f.severity == Severity::info; });
  if (session.quiet) return clean ? 0 : 1;
  if (session.format == Format::json) {
    // Paths and policy strings are bytes: bad UTF-8 becomes U+FFFD, as in JsonWriter.
    fmt::print("{}\n", to_json(findings).dump(2, ' ', false,
                                              nlohmann::ordered_json::error_handler_t::replace));
  } else {
    std::string what = codeowners ? codeowners->source : std::string("(no CODEOWNERS)");
    if (policy) what += " and " + policy->source;
    print_text(findings,
               fmt::format("{} against {} files of {}", what, inputs.files.size(), o.rev));
  }
  return clean ? 0 : 1;
}

}  // namespace gate::cli
