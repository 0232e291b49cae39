#include "rules/owners_rule.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <string_view>
#include <unordered_map>
#include <set>

#include "rules/authors.hpp"
#include "handles.hpp"
#include "rules/rule_severity.hpp"

namespace gate {

namespace {

// One set of owners of which `needed` distinct people must approve (GitLab
// `[Section][N]`; GitHub: 1).
struct Requirement {
  std::vector<std::string> owners;
  int needed = 1;
  bool operator<(const Requirement& o) const { return std::tie(owners, needed) < std::tie(o.owners, o.needed); }
};

struct PathOwnership {
  std::string path;
  Ownership ownership;
};

// Every path the change touches: both names of a rename, the deleted path of a deletion.
std::vector<std::string> touched_paths(const ChangeSet& change) {
  std::vector<std::string> paths;
  for (const FileChange& f : change.files) {
    paths.push_back(f.path);
    if (f.old_path && *f.old_path != f.path) paths.push_back(*f.old_path);
  }
  return paths;
}

std::vector<Requirement> requirements(const Codeowners& file, const OwnersIndex& index,
                                      const Ownership& ownership) {
  std::vector<Requirement> out;
  for (const OwnerRule* rule : ownership.rules) {
    const OwnersSection& section = file.sections.at(rule->section);
    const auto& owners = index.owners_of(*rule);
    if (rule->exclusion || owners.empty() || section.optional) continue;
    out.push_back({owners, std::max(1, section.approvals_required)});
  }
  return out;
}

std::vector<std::string> all_owners(const OwnersIndex& index, const Ownership& ownership) {
  std::vector<std::string> out;
  for (const OwnerRule* rule : ownership.rules)
    for (const std::string& o : index.owners_of(*rule))
      if (std::find(out.begin(), out.end(), o) == out.end()) out.push_back(o);
  return out;
}

// [owners.teams] and [owners.people] keyed case-insensitively: GitHub and GitLab handles,
// team names and e-mail addresses all compare that way, so `@Acme/Voice` in CODEOWNERS is
// the team `"@acme/voice"` of the policy. Built once per evaluation.
class Directory {
 public:
  explicit Directory(const OwnersPolicy& owners) {
    for (const auto& [team, members] : owners.teams) {
      std::vector<std::string>& list = teams_[fold_handle(team)];
      for (const std::string& m : members) list.push_back(fold_handle(m));
    }
    for (const auto& [email, handle] : owners.people)
      people_[fold_handle(email)].push_back(fold_handle(handle));
  }

  // The people an owner stands for, folded: the owner itself, a team's members, and for
  // each of these that is an e-mail address its handle from [owners.people].
  std::set<std::string> expand(const std::vector<std::string>& owners) const {
    std::set<std::string> people;
    for (const std::string& owner : owners) {
      std::string key = fold_handle(owner);
      add(key, people);
      if (auto t = teams_.find(key); t != teams_.end())
        for (const std::string& m : t->second) add(m, people);
    }
    return people;
  }

  // The handles [owners.people] gives a (folded) e-mail address.
  const std::vector<std::string>* handles_of(const std::string& email) const {
    auto p = people_.find(email);
    return p == people_.end() ? nullptr : &p->second;
  }

 private:
  void add(const std::string& who, std::set<std::string>& people) const {
    people.insert(who);
    if (const auto* handles = handles_of(who)) people.insert(handles->begin(), handles->end());
  }

  std::map<std::string, std::vector<std::string>> teams_;
  std::map<std::string, std::vector<std::string>> people_;
};

// Reuses the lookups made for the rules: every file's path is among the touched paths.
void fill_entries(const Codeowners& file, const OwnersIndex& index,
                  const std::vector<PathOwnership>& paths, Report& report) {
  std::unordered_map<std::string_view, const Ownership*> by_path;
  for (const PathOwnership& p : paths) by_path.emplace(p.path, &p.ownership);
  for (FileEntry& entry : report.files) {
    auto it = by_path.find(entry.change.path);
    if (it == by_path.end()) continue;
    const Ownership& o = *it->second;
    entry.owners = all_owners(index, o);
    if (!o.rules.empty()) entry.owner_line = owner_line(file, *o.rules.back());
  }
}

void unowned_findings(const Policy& policy, const Codeowners& file,
                      const std::vector<PathOwnership>& paths, const OwnersIndex& index,
                      bool is_protected, Report& report) {
  std::vector<std::string> unowned, ownerless;
  for (const PathOwnership& p : paths) {
    if (p.ownership.unmatched()) unowned.push_back(p.path);
    else if (all_owners(index, p.ownership).empty()) ownerless.push_back(p.path);
  }
  if (!ownerless.empty())
    report.findings.push_back({"owners.unowned", Severity::info,
                               fmt::format("{} path(s) are explicitly ownerless (a line of {} "
                                           "with no owners): intentional, not blocked",
                                           ownerless.size(), file.source),
                               ownerless});
  auto sev = reported_severity(policy, "owners.unowned", is_protected);
  if (!unowned.empty() && sev)
    report.findings.push_back({"owners.unowned", *sev,
                               fmt::format("{} touched path(s) have no owner in {}: add a line "
                                           "that names their owners",
                                           unowned.size(), file.source),
                               unowned});
}


std::string describe(const Requirement& r) {
  std::string who = fmt::format("{}", fmt::join(r.owners, ", "));
  return r.needed > 1 ? fmt::format("{} approvals from {}", r.needed, who) : who;
}

// Groups paths by what they need, so one finding names each set of owners once.
using Needs = std::map<Requirement, std::vector<std::string>>;

Needs unmet_requirements(const Directory& directory, const Codeowners& file,
                         const OwnersIndex& index, const std::vector<PathOwnership>& paths,
                         const std::set<std::string>* approvers) {
  Needs needs;
  for (const PathOwnership& p : paths) {
    for (const Requirement& r : requirements(file, index, p.ownership)) {
      if (approvers) {
        std::set<std::string> people = directory.expand(r.owners);
        int got = static_cast<int>(std::count_if(approvers->begin(), approvers->end(),
                                                 [&](const std::string& a) { return people.count(a) > 0; }));
        if (got >= r.needed) continue;
      }
      needs[r].push_back(p.path);
    }
  }
  return needs;
}

void approval_findings(const Policy& policy, const Directory& directory, const Inputs& inputs,
                       const Codeowners& file, const OwnersIndex& index,
                       const std::vector<PathOwnership>& paths, bool is_protected, Report& report) {
  auto sev = reported_severity(policy, "owners.approval", is_protected);
  if (!sev) return;
  const Context& ctx = inputs.context;
  // The merge queue admits only approved pull requests: what is missing is shown, as
  // info, with the note that the pull request was where it was judged.
  const char* queued = "";
  if (ctx.approval_judged_on_pull_request) {
    sev = Severity::info;
    queued = " (judged on the pull request: the merge queue admits only approved ones)";
  }
  if (!ctx.reviews) {
    Needs needs = unmet_requirements(directory, file, index, paths, nullptr);
    if (ctx.approval_judged_on_pull_request) {
      for (auto& [req, list] : needs)
        report.findings.push_back({"owners.approval", Severity::info,
                                   fmt::format("requires approval from {}{}", describe(req), queued),
                                   std::move(list)});
      return;
    }
    if (ctx.reviews_required && !needs.empty()) {
      report.findings.push_back({"owners.approval", *sev,
                                 "owners' approval could not be judged: no reviews were supplied "
                                 "(--reviews FILE or --approved-by). Set [rules] "
                                 "\"owners.approval\" = \"off\" not to require approvals.",
                                 {}});
    }
    for (auto& [req, list] : needs)
      report.findings.push_back({"owners.approval", Severity::info,
                                 fmt::format("CI will require approval from {}", describe(req)),
                                 std::move(list)});
    return;
  }
  std::set<std::string> approvers =
      current_approvers(*ctx.reviews, inputs.change.head, policy.owners.dismiss_stale);
  // Brief 4: self-approval does not count. The authors are those of owners.cross-team
  // (every author and committer, and in CI the pull-request opener), so an owner who
  // hides behind a forged commit identity is still caught as the opener.
  std::size_t self = 0;
  for (const Author& a : change_authors(policy, inputs))
    for (const std::string& alias : a.aliases) self += approvers.erase(alias);
  report.approvers.emplace(approvers.begin(), approvers.end());
  const char* why = self > 0            ? "; approvals by the change's own authors do not count"
                    : approvers.empty() ? "; nobody has approved yet"
                                        : "";
  for (auto& [req, list] : unmet_requirements(directory, file, index, paths, &approvers))
    report.findings.push_back({"owners.approval", *sev,
                               fmt::format("needs approval from {}{}{}", describe(req), why, queued),
                               std::move(list)});
}

void cross_team_findings(const Policy& policy, const Directory& directory, const Inputs& inputs,
                         const OwnersIndex& index, const std::vector<PathOwnership>& paths,
                         bool is_protected, Report& report) {
  auto sev = reported_severity(policy, "owners.cross-team", is_protected);
  if (!sev) return;
  std::vector<Author> authors = change_authors(policy, inputs);
  std::map<std::vector<std::string>, std::pair<std::set<std::string>, std::vector<std::string>>> groups;
  for (const PathOwnership& p : paths) {
    std::vector<std::string> owners = all_owners(index, p.ownership);
    if (owners.empty()) continue;  // unowned and ownerless paths don't count
    std::set<std::string> people = directory.expand(owners);
    for (const Author& a : authors) {
      bool inside = std::any_of(a.aliases.begin(), a.aliases.end(),
                                [&](const std::string& x) { return people.count(x) > 0; });
      if (inside) continue;
      auto& group = groups[owners];
      group.first.insert(a.shown);
      if (group.second.empty() || group.second.back() != p.path) group.second.push_back(p.path);
    }
  }
  for (auto& [owners, group] : groups)
    report.findings.push_back(
        {"owners.cross-team", *sev,
         fmt::format("touches code owned by {}; {} {} not among its owners: get {}'s review",
                     fmt::join(owners, ", "), fmt::join(group.first, ", "),
                     group.first.size() == 1 ? "is" : "are", fmt::join(owners, " or ")),
         std::move(group.second)});
}

}  // namespace

std::string owner_line(const Codeowners& codeowners, const OwnerRule& rule) {
  return fmt::format("{}:{}", codeowners.source, rule.line);
}

void apply_owners_rules(const Policy& policy, const Inputs& inputs, const OwnersIndex* index,
                        bool is_protected, Report& report) {
  if (!index || !inputs.codeowners) {
    report.findings.push_back({"owners.unowned", Severity::info,
                               "the base revision has no CODEOWNERS file, so the ownership "
                               "rules were skipped",
                               {}});
    return;
  }
  const Codeowners& file = *inputs.codeowners;
  for (const Diagnostic& d : file.errors)
    report.notices.push_back(fmt::format("{}: {} (line ignored)", d.where.to_string(), d.message));
  std::vector<PathOwnership> paths;
  for (std::string& p : touched_paths(inputs.change)) {
    Ownership o = index->match(p);
    paths.push_back({std::move(p), std::move(o)});
  }
  fill_entries(file, *index, paths, report);
  unowned_findings(policy, file, paths, *index, is_protected, report);
  Directory directory(policy.owners);
  approval_findings(policy, directory, inputs, file, *index, paths, is_protected, report);
  cross_team_findings(policy, directory, inputs, *index, paths, is_protected, report);
}

}  // namespace gate
