#include "gate/gather.hpp"

#include <fmt/format.h>

#include "gate/error.hpp"

namespace gate {

std::optional<Policy> read_policy_at(const Repository& repo, const std::string& commit) {
  if (commit.empty()) return std::nullopt;
  std::optional<std::string> text = repo.read_file(commit, std::string(policy_path));
  if (!text) return std::nullopt;
  return parse_policy(*text, policy_path);
}

LoadedCodeowners load_codeowners(const Repository& repo, const std::string& commit,
                                 const Policy* policy) {
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
    if (text->size() > max_codeowners_bytes) {
      loaded.notices.push_back(fmt::format(
          "{} is {} bytes, over the 3 MB GitHub reads, so it is ignored and the ownership "
          "rules are skipped",
          place, text->size()));
      return loaded;
    }
    loaded.file = parse_codeowners(*text, place, syntax);
    return loaded;
  }
  return loaded;
}

Inputs gather(const Repository& repo, const Range& range, Context context) {
  Inputs inputs;
  inputs.context = std::move(context);
  inputs.policy = read_policy_at(repo, range.trusted);
  bool overrides = inputs.policy && inputs.policy->overrides.configured;
  if (overrides) inputs.override_commits = override_commits(repo, range, inputs.context);
  if (inputs.context.deletion) {
    inputs.change.base = range.base;
    if (overrides) gather_overrides(repo, range, inputs);
    return inputs;
  }
  inputs.change = repo.diff(range.base, range.head);
  if (inputs.policy) {
    LoadedCodeowners owners = load_codeowners(repo, range.trusted, &*inputs.policy);
    inputs.codeowners = std::move(owners.file);
    inputs.notices.insert(inputs.notices.end(), owners.notices.begin(), owners.notices.end());
    std::vector<std::string> paths;
    for (const FileChange& f : inputs.change.files) paths.push_back(f.path);
    for (std::string& p : repo.generated_paths(range.trusted, paths))
      inputs.generated.insert(std::move(p));
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
