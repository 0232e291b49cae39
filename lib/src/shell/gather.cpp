#include "gate/gather.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "gate/error.hpp"
#include "gate/freeze_gather.hpp"
#include "gate/owners_index.hpp"

namespace gate {

std::optional<Policy> read_policy_at(const Repository& repo, const std::string& commit) {
  if (commit.empty()) return std::nullopt;
  std::optional<std::string> text = repo.read_file(commit, std::string(policy_path));
  if (!text) return std::nullopt;
  return parse_policy(*text, policy_path);
}

namespace {

// Why no policy can judge: the broken file's own diagnostics, the first one explaining
// where the search for a valid one stopped.
[[noreturn]] void throw_without_fallback(const ConfigError& broken, const std::string& commit,
                                         const std::vector<std::string>& searched,
                                         bool without_policy) {
  std::vector<Diagnostic> diagnostics = broken.diagnostics();
  if (diagnostics.empty()) diagnostics.push_back({{std::string(policy_path), 0, 0}, "invalid", {}});
  std::string why;
  if (without_policy)
    why = fmt::format(
        "no valid policy.toml was found on the first-parent history of {} back to {}, which has "
        "none",
        commit.substr(0, 12), searched.back().substr(0, 12));
  else if (searched.size() >= policy_fallback_depth)
    why = fmt::format("no valid policy.toml was found in the last {} first-parent commits of {}",
                      policy_fallback_depth, commit.substr(0, 12));
  else
    why = fmt::format(
        "no valid policy.toml was found in the {} first-parent commits of {} (the history ends "
        "at {})",
        searched.size(), commit.substr(0, 12), searched.back().substr(0, 12));
  diagnostics.front().message += fmt::format(
      "; {} to judge by instead, so nothing can be judged until a commit that repairs it lands "
      "past the gate",
      why);
  throw ConfigError(std::move(diagnostics));
}

}  // namespace

TrustedPolicy read_trusted_policy(const Repository& repo, const std::string& commit) {
  TrustedPolicy trusted;
  try {
    trusted.policy = read_policy_at(repo, commit);
    if (trusted.policy) trusted.source = PolicySource{commit, "", ""};
    return trusted;
  } catch (const ConfigError& broken) {
    std::vector<std::string> history = repo.first_parent_history(commit, policy_fallback_depth);
    std::string last_bad;  // a text already known not to parse is not parsed again
    for (std::size_t i = 1; i < history.size(); ++i) {
      std::optional<std::string> text = repo.read_file(history[i], std::string(policy_path));
      if (!text) throw_without_fallback(broken, commit, history, true);
      if (*text == last_bad) continue;
      try {
        trusted.policy = parse_policy(*text, policy_path);
      } catch (const ConfigError&) {
        last_bad = std::move(*text);
        continue;
      }
      trusted.source = PolicySource{history[i], commit, broken.location().to_string()};
      return trusted;
    }
    throw_without_fallback(broken, commit, history, false);
  }
}

LoadedCodeowners load_codeowners(const Repository& repo, const std::string& commit,
                                 const Policy* policy,
                                 const std::vector<std::string_view>* lookups) {
  LoadedCodeowners loaded;
  if (commit.empty()) return loaded;
  std::optional<OwnersSyntax> configured = policy ? policy->owners.syntax : std::nullopt;
  OwnersSyntax syntax = configured.value_or(OwnersSyntax::github);
  std::vector<std::string> places = codeowners_locations(syntax);
  if (!configured) places.push_back(".gitlab/CODEOWNERS");  // only there: GitLab's file
  for (const std::string& place : places) {
    std::optional<std::string> text = repo.read_file(commit, place);
    if (!text) continue;
    if (!configured && place == ".gitlab/CODEOWNERS") syntax = OwnersSyntax::gitlab;
    std::size_t lines = codeowners_line_count(*text);
    if (std::string problem = codeowners_size_problem(*text, lines, place); !problem.empty()) {
      loaded.notices.push_back(problem + ", so it is ignored and the ownership rules are skipped");
      return loaded;
    }
    if (lookups && OwnersIndex::scans(lines, lookups->size()))
      loaded.file = parse_codeowners_for(*text, place, syntax, *lookups);
    else
      loaded.file = parse_codeowners(*text, place, syntax);
    return loaded;
  }
  return loaded;
}

namespace {

// The calendars a changed policy.toml names, as the change leaves them: the next change
// reads them, so they must exist and expand (policy.invalid), edited or not.
void add_new_calendars(const Repository& repo, const Range& range, std::vector<ConfigEdit>& edits) {
  auto policy = std::find_if(edits.begin(), edits.end(),
                             [](const ConfigEdit& e) { return e.kind == ConfigKind::policy; });
  if (policy == edits.end() || !policy->text) return;
  std::optional<Policy> next;
  try {
    next = parse_policy(*policy->text, policy->path);
  } catch (const ConfigError&) {
    return;  // policy.invalid reports the policy itself
  }
  for (const Window& w : next->windows) {
    if (!w.calendar || std::any_of(edits.begin(), edits.end(),
                                   [&](const ConfigEdit& e) { return e.path == *w.calendar; }))
      continue;
    edits.push_back({*w.calendar, ConfigKind::calendar, repo.read_file(range.head, *w.calendar),
                     repo.read_file(range.trusted, *w.calendar)});
  }
}

// The gate's configuration files the change touches (a rename's old name too), as the
// change leaves them and as the trusted revision has them, for policy.invalid.
std::vector<ConfigEdit> config_edits(const Repository& repo, const Range& range,
                                     const Policy& policy, const ChangeSet& change) {
  std::vector<ConfigEdit> edits;
  auto add = [&](const std::string& path) {
    std::optional<ConfigKind> kind = gate_config_kind(policy, path);
    if (!kind || std::any_of(edits.begin(), edits.end(),
                             [&](const ConfigEdit& e) { return e.path == path; }))
      return;
    edits.push_back(
        {path, *kind, repo.read_file(range.head, path), repo.read_file(range.trusted, path)});
  };
  for (const FileChange& f : change.files) {
    add(f.path);
    if (f.old_path) add(*f.old_path);
  }
  add_new_calendars(repo, range, edits);
  return edits;
}

}  // namespace

Inputs gather(const Repository& repo, const Range& range, Context context) {
  Inputs inputs;
  inputs.context = std::move(context);
  TrustedPolicy trusted = read_trusted_policy(repo, range.trusted);
  inputs.policy = std::move(trusted.policy);
  inputs.policy_source = std::move(trusted.source);
  bool overrides = inputs.policy && inputs.policy->overrides.configured;
  if (overrides) inputs.override_commits = override_commits(repo, range, inputs.context);
  if (inputs.context.deletion) {
    inputs.change.base = range.base;
    if (overrides) gather_overrides(repo, range, inputs);
    return inputs;
  }
  inputs.change = repo.diff(range.base, range.head);
  gather_freezes(repo, range.trusted, inputs);
  if (inputs.policy) {
    load_calendars(*inputs.policy, repo, inputs.policy_source->revision,
                   calendar_range(inputs.context.now));
    std::vector<std::string_view> touched = touched_paths(inputs.change);
    LoadedCodeowners owners = load_codeowners(repo, range.trusted, &*inputs.policy, &touched);
    inputs.codeowners = std::move(owners.file);
    inputs.notices.insert(inputs.notices.end(), owners.notices.begin(), owners.notices.end());
    std::vector<std::string> paths;
    for (const FileChange& f : inputs.change.files) paths.push_back(f.path);
    for (std::string& p : repo.generated_paths(range.trusted, paths))
      inputs.generated.insert(std::move(p));
    inputs.config_edits = config_edits(repo, range, *inputs.policy, inputs.change);
  }
  if (overrides) gather_overrides(repo, range, inputs);
  return inputs;
}

Range range_for_check(const Repository& repo, std::string_view base, std::string_view head) {
  Range range;
  range.trusted = repo.resolve_commit(base);
  range.head = repo.resolve_commit(head);
  // Unrelated histories have no merge base: then the whole head tree is new.
  range.base = repo.merge_base(range.trusted, range.head).value_or("");
  return range;
}

}  // namespace gate
