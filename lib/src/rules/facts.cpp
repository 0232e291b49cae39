#include "rules/facts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

#include "gate/components.hpp"
#include "gate/deploy_windows.hpp"

namespace gate {

namespace {

std::int64_t lines_of(const FileChange& f) { return f.binary ? 0 : f.added + f.deleted; }

// Why a file is listed but not counted, or "" when it counts. `[size] exclude` is
// checked on both names of a rename so a move out of vendor/ is not suddenly counted.
std::string exclusion_of(const Policy& policy, const Inputs& inputs, const FileChange& f) {
  for (const Pattern& p : policy.size.exclude) {
    if (p.matches(f.path) || (f.old_path && p.matches(*f.old_path))) return "exclude: " + p.text();
  }
  if (inputs.generated.count(f.path))
    return "linguist-generated or -diff in the base revision's .gitattributes";
  return {};
}

// Every path the change touches: both names of a rename, the deleted path of a deletion,
// each looked up once.
std::vector<PathOwnership> look_up_touched(const ChangeSet& change, const OwnersIndex& index) {
  std::vector<PathOwnership> out;
  out.reserve(change.files.size());
  for (const FileChange& f : change.files) {
    out.push_back({f.path, index.match(f.path)});
    if (f.old_path && *f.old_path != f.path) out.push_back({*f.old_path, index.match(*f.old_path)});
  }
  return out;
}

// The file table: component, counting and owners of each file, and the totals of each
// component in order of its first touched file, (other) last.
void fill_files(const Policy& policy, const Inputs& inputs, ChangeFacts& facts) {
  std::unordered_map<std::string_view, const Ownership*> by_path;
  for (const PathOwnership& p : facts.touched) by_path.emplace(p.path, &p.ownership);
  std::vector<std::string> order;
  std::map<std::string, ComponentEntry, std::less<>> totals;
  facts.files.reserve(inputs.change.files.size());
  for (const FileChange& f : inputs.change.files) {
    FileEntry entry;
    entry.change = f;
    const Ownership* ownership = nullptr;
    if (auto it = by_path.find(f.path); it != by_path.end()) ownership = it->second;
    entry.component =
        ownership ? component_name(policy, *facts.codeowners, *facts.index, *ownership, f.path)
                  : component_name(policy, nullptr, nullptr, f.path);
    if (ownership) {
      entry.owners = all_owners(*facts.index, *ownership);
      if (!ownership->rules.empty())
        entry.owner_line = owner_line(*facts.codeowners, *ownership->rules.back());
    }
    entry.excluded_by = exclusion_of(policy, inputs, f);
    entry.counted = entry.excluded_by.empty();
    auto total = totals.find(entry.component);
    if (total == totals.end()) {
      const Component* c = nullptr;
      for (const Component& candidate : policy.components)
        if (candidate.name == entry.component) c = &candidate;
      Limits limits = policy.limits_for(c);
      order.push_back(entry.component);
      ComponentEntry fresh{entry.component,        0, 0, limits.max_lines, limits.max_files, 0,
                           limits.max_binary_bytes};
      total = totals.emplace(entry.component, std::move(fresh)).first;
    }
    if (entry.counted) {
      total->second.files += 1;
      total->second.lines += lines_of(f);
      total->second.binary_bytes += f.bytes.value_or(0);
      facts.counted_paths[total->first].push_back(f.path);
    }
    facts.files.push_back(std::move(entry));
  }
  std::stable_partition(order.begin(), order.end(),
                        [](const std::string& n) { return n != other_component; });
  for (const std::string& name : order) facts.components.push_back(totals[name]);
}

// Current approvers less the change's own authors: nobody approves their own change.
// The authors include every committer and, in CI, the opener, so an owner hiding behind a
// forged commit identity is still caught as the opener.
void judge_approvers(const Policy& policy, const Inputs& inputs, ChangeFacts& facts) {
  const Context& ctx = inputs.context;
  if (!ctx.reviews || !facts.codeowners) return;
  std::set<std::string> approvers =
      current_approvers(*ctx.reviews, inputs.change.head, policy.owners.dismiss_stale);
  for (const Author& a : facts.authors)
    for (const std::string& alias : a.aliases) facts.self_approvals += approvers.erase(alias);
  facts.approvers = std::move(approvers);
}

}  // namespace

std::vector<std::string> all_owners(const OwnersIndex& index, const Ownership& ownership) {
  std::vector<std::string> out;
  for (const OwnerRule* rule : ownership.rules)
    for (const std::string& o : index.owners_of(*rule))
      if (std::find(out.begin(), out.end(), o) == out.end()) out.push_back(o);
  return out;
}

std::string owner_line(const Codeowners& codeowners, const OwnerRule& rule) {
  return fmt::format("{}:{}", codeowners.source, rule.line);
}

std::vector<FileEntry> files_without_policy(const ChangeSet& change) {
  std::vector<FileEntry> files;
  for (const FileChange& f : change.files) {
    FileEntry entry;
    entry.change = f;
    entry.component = std::string(other_component);
    files.push_back(std::move(entry));
  }
  return files;
}

ChangeFacts build_facts(const Policy& policy, const Inputs& inputs, bool is_protected) {
  ChangeFacts facts;
  facts.is_protected = is_protected;
  if (inputs.codeowners) {
    facts.codeowners = &*inputs.codeowners;
    facts.index.emplace(*inputs.codeowners, touched_path_count(inputs.change));
    facts.touched = look_up_touched(inputs.change, *facts.index);
  }
  fill_files(policy, inputs, facts);
  facts.authors = change_authors(policy, inputs);
  judge_approvers(policy, inputs, facts);
  if (is_protected && !policy.windows.empty()) {
    std::vector<std::string> touched;
    for (const ComponentEntry& c : facts.components) touched.push_back(c.name);
    facts.windows = judge_deploy_windows(policy, touched, inputs.context.now);
  }
  return facts;
}

}  // namespace gate
