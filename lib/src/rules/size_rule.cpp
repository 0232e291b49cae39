// The size rules (docs/rules.md, Size rule): size.component, the per-component limits, and
// size.components, one component per change. Both read the facts' component totals.
#include <fmt/format.h>

#include "rules/facts.hpp"

namespace gate {

namespace {

std::string plural(std::int64_t n, const char* word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

const std::vector<std::string>& counted_paths(const ChangeFacts& facts, const std::string& name) {
  static const std::vector<std::string> none;
  auto it = facts.counted_paths.find(name);
  return it == facts.counted_paths.end() ? none : it->second;
}

}  // namespace

std::vector<Finding> judge_size_component(const RuleInput& in) {
  std::vector<Finding> findings;
  for (const ComponentEntry& c : in.facts.components) {
    std::vector<std::string> breaches;
    if (c.max_lines && c.lines > *c.max_lines)
      breaches.push_back(fmt::format("{} changed (added + deleted), limit {}",
                                     plural(c.lines, "line"), *c.max_lines));
    if (c.max_binary_bytes && c.binary_bytes > *c.max_binary_bytes)
      breaches.push_back(fmt::format("{} of binary files changed, limit {}",
                                     plural(c.binary_bytes, "byte"), *c.max_binary_bytes));
    if (c.max_files && c.files > *c.max_files)
      breaches.push_back(
          fmt::format("{} changed, limit {}", plural(c.files, "file"), *c.max_files));
    if (breaches.empty()) continue;
    findings.push_back(Finding::with_action(
        std::string(rule::size_component), in.severity,
        fmt::format("component {} is too large: {}.", c.name, fmt::join(breaches, "; ")),
        "Split the change into smaller ones (e.g. one per directory or concern), or mark "
        "generated files linguist-generated in .gitattributes.",
        counted_paths(in.facts, c.name)));
  }
  return findings;
}

std::vector<Finding> judge_size_components(const RuleInput& in) {
  std::vector<std::string> names;
  std::vector<std::string> paths;
  for (const ComponentEntry& c : in.facts.components) {
    if (c.name == other_component || c.files == 0) continue;
    names.push_back(c.name);
    const auto& p = counted_paths(in.facts, c.name);
    paths.insert(paths.end(), p.begin(), p.end());
  }
  if (static_cast<std::int64_t>(names.size()) <= in.policy.size.max_components) return {};
  return {Finding::with_action(
      std::string(rule::size_components), in.severity,
      fmt::format("the change touches {} components ({}), limit {}.", names.size(),
                  fmt::join(names, ", "), in.policy.size.max_components),
      "Split it into one change per component.", paths)};
}

}  // namespace gate
