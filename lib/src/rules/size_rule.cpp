#include "rules/size_rule.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "rules/rule_severity.hpp"

namespace gate {

namespace {

std::int64_t lines_of(const FileChange& f) { return f.binary ? 0 : f.added + f.deleted; }

// Why a file is listed but not counted, or "" when it counts. `[size] exclude` is
// checked on both names of a rename so a move out of vendor/ is not suddenly counted.
std::string exclusion_of(const Policy& policy, const Inputs& inputs, const FileChange& f) {
  for (const Pattern& p : policy.size.exclude) {
    if (p.matches(f.path) || (f.old_path && p.matches(*f.old_path)))
      return "exclude: " + p.text();
  }
  if (inputs.generated.count(f.path))
    return "linguist-generated or -diff in the base revision's .gitattributes";
  return {};
}

FileEntry entry_for(const FileChange& f, std::string component) {
  FileEntry entry;
  entry.change = f;
  entry.component = std::move(component);
  return entry;
}

std::string plural(std::int64_t n, const char* word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

void check_component_limits(const ComponentEntry& c,
                            const std::vector<std::string>& paths, Severity severity,
                            Report& report) {
  std::vector<std::string> breaches;
  if (c.max_lines && c.lines > *c.max_lines)
    breaches.push_back(fmt::format("{} changed (added + deleted), limit {}",
                                   plural(c.lines, "line"), *c.max_lines));
  if (c.max_files && c.files > *c.max_files)
    breaches.push_back(fmt::format("{} changed, limit {}", plural(c.files, "file"), *c.max_files));
  if (breaches.empty()) return;
  report.findings.push_back(
      {"size.component", severity,
       fmt::format("component {} is too large: {}. Split the change into smaller ones "
                   "(e.g. one per directory or concern), or mark generated files "
                   "linguist-generated in .gitattributes.",
                   c.name, fmt::join(breaches, "; ")),
       paths});
}

}  // namespace

void list_files_without_policy(const Inputs& inputs, Report& report) {
  for (const FileChange& f : inputs.change.files)
    report.files.push_back(entry_for(f, std::string(other_component)));
}

void apply_size_rule(const Policy& policy, const Inputs& inputs, const ComponentOf& component_of,
                     bool is_protected, Report& report) {
  // Components in order of their first touched file; (other) is listed last.
  std::vector<std::string> order;
  std::map<std::string, ComponentEntry, std::less<>> totals;
  std::map<std::string, std::vector<std::string>, std::less<>> counted_paths;
  report.files.reserve(report.files.size() + inputs.change.files.size());
  for (const FileChange& f : inputs.change.files) {
    std::string name = component_of(f.path);
    auto total = totals.find(name);
    if (total == totals.end()) {
      const Component* c = nullptr;
      for (const Component& candidate : policy.components)
        if (candidate.name == name) c = &candidate;
      Limits limits = policy.limits_for(c);
      order.push_back(name);
      total = totals.emplace(name, ComponentEntry{name, 0, 0, limits.max_lines, limits.max_files})
                  .first;
    }
    FileEntry entry = entry_for(f, std::move(name));
    entry.excluded_by = exclusion_of(policy, inputs, f);
    entry.counted = entry.excluded_by.empty();
    if (entry.counted) {
      total->second.files += 1;
      total->second.lines += lines_of(f);
      counted_paths[total->first].push_back(f.path);
    }
    report.files.push_back(std::move(entry));
  }
  std::stable_partition(order.begin(), order.end(),
                        [](const std::string& n) { return n != other_component; });
  for (const std::string& name : order) report.components.push_back(totals[name]);

  if (auto sev = reported_severity(policy, "size.component", is_protected)) {
    for (const ComponentEntry& c : report.components)
      check_component_limits(c, counted_paths[c.name], *sev, report);
  }
  if (auto sev = reported_severity(policy, "size.components", is_protected)) {
    std::vector<std::string> names;
    std::vector<std::string> paths;
    for (const ComponentEntry& c : report.components) {
      if (c.name == other_component || c.files == 0) continue;
      names.push_back(c.name);
      const auto& p = counted_paths[c.name];
      paths.insert(paths.end(), p.begin(), p.end());
    }
    if (static_cast<std::int64_t>(names.size()) > policy.size.max_components) {
      report.findings.push_back(
          {"size.components", *sev,
           fmt::format("the change touches {} components ({}), limit {}. Split it into one "
                       "change per component.",
                       names.size(), fmt::join(names, ", "), policy.size.max_components),
           paths});
    }
  }
}

}  // namespace gate
