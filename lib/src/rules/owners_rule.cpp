// The ownership rules (docs/rules.md, CODEOWNERS): owners.unowned, owners.approval and
// owners.cross-team, judged on the paths the facts looked up once.

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>

#include "handles.hpp"
#include "rules/facts.hpp"

namespace gate {

namespace {

// One set of owners of which `needed` distinct people must approve (GitLab
// `[Section][N]`; GitHub: 1).
struct Requirement {
  std::vector<std::string> owners;
  int needed = 1;
  bool operator<(const Requirement& o) const {
    return std::tie(owners, needed) < std::tie(o.owners, o.needed);
  }
};

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

std::string paths_are(std::size_t n) {
  return n == 1 ? std::string("1 path is") : fmt::format("{} paths are", n);
}

std::string touched_paths_have(std::size_t n) {
  return n == 1 ? std::string("1 touched path has") : fmt::format("{} touched paths have", n);
}

std::string describe(const Requirement& r) {
  std::string who = fmt::format("{}", fmt::join(r.owners, ", "));
  return r.needed > 1 ? fmt::format("{} approvals from {}", r.needed, who) : who;
}

// Groups paths by what they need, so one finding names each set of owners once.
using Needs = std::map<Requirement, std::vector<std::string>>;

Needs unmet_requirements(const Directory& directory, const ChangeFacts& facts,
                         const std::set<std::string>* approvers) {
  Needs needs;
  for (const PathOwnership& p : facts.touched) {
    for (const Requirement& r : requirements(*facts.codeowners, *facts.index, p.ownership)) {
      if (approvers) {
        std::set<std::string> people = directory.expand(r.owners);
        int got = static_cast<int>(
            std::count_if(approvers->begin(), approvers->end(),
                          [&](const std::string& a) { return people.count(a) > 0; }));
        if (got >= r.needed) continue;
      }
      needs[r].push_back(p.path);
    }
  }
  return needs;
}

// Without reviews, what CI will require is listed as info; CI itself (reviews_required)
// cannot judge and says so. In a merge queue everything is info: the pull request was
// where approvals were judged.
std::vector<Finding> approvals_unknown(const RuleInput& in, const Directory& directory,
                                       const char* queued) {
  const Context& ctx = in.inputs.context;
  std::vector<Finding> findings;
  Needs needs = unmet_requirements(directory, in.facts, nullptr);
  if (ctx.approval_judged_on_pull_request) {
    for (auto& [req, list] : needs)
      findings.push_back({std::string(rule::owners_approval), Severity::info,
                          fmt::format("requires approval from {}{}", describe(req), queued),
                          std::move(list)});
    return findings;
  }
  if (ctx.reviews_required && !needs.empty()) {
    findings.push_back({std::string(rule::owners_approval),
                        in.severity,
                        "owners' approval could not be judged: no reviews were supplied "
                        "(--reviews FILE or --approved-by). Set [rules] "
                        "\"owners.approval\" = \"off\" not to require approvals.",
                        {}});
  }
  for (auto& [req, list] : needs)
    findings.push_back({std::string(rule::owners_approval), Severity::info,
                        fmt::format("CI will require approval from {}", describe(req)),
                        std::move(list)});
  return findings;
}

}  // namespace

std::vector<Finding> judge_owners_unowned(const RuleInput& in) {
  const ChangeFacts& facts = in.facts;
  // A warning, not an info: a missing or misplaced file silently turns off rules the
  // policy enables (docs/rules.md, "CODEOWNERS"), so say where it was looked for.
  if (!facts.codeowners) {
    // The places load_codeowners searches: with no syntax set, GitLab's own one too.
    const std::optional<OwnersSyntax>& syntax = in.policy.owners.syntax;
    std::vector<std::string> places = codeowners_locations(syntax.value_or(OwnersSyntax::github));
    if (!syntax) places.emplace_back(".gitlab/CODEOWNERS");
    Finding f = Finding::with_action(
        std::string(rule::owners_unowned), Severity::warn,
        fmt::format("the base revision has no CODEOWNERS file (searched {}), so the ownership "
                    "rules were skipped.",
                    fmt::join(places, ", ")),
        "Add one to turn them on.");
    f.label = "no CODEOWNERS";
    return {f};
  }
  std::vector<std::string> unowned, ownerless;
  for (const PathOwnership& p : facts.touched) {
    if (p.ownership.unmatched())
      unowned.push_back(p.path);
    else if (all_owners(*facts.index, p.ownership).empty())
      ownerless.push_back(p.path);
  }
  std::vector<Finding> findings;
  const std::string& source = facts.codeowners->source;
  if (!ownerless.empty())
    findings.push_back({std::string(rule::owners_unowned), Severity::info,
                        fmt::format("{} explicitly ownerless (a line of {} with no "
                                    "owners): intentional, not blocked",
                                    paths_are(ownerless.size()), source),
                        ownerless});
  if (!unowned.empty())
    findings.push_back(Finding::with_action(
        std::string(rule::owners_unowned), in.severity,
        fmt::format("{} no owner in {}.", touched_paths_have(unowned.size()), source),
        fmt::format("Add a line to {} that names their owners.", source), unowned));
  return findings;
}

std::vector<Finding> judge_owners_approval(const RuleInput& in) {
  const ChangeFacts& facts = in.facts;
  if (!facts.codeowners) return {};
  Directory directory(in.policy.owners);
  RuleInput input = in;
  // The merge queue admits only approved pull requests: what is missing is shown, as
  // info, with the note that the pull request was where it was judged.
  const char* queued = "";
  if (in.inputs.context.approval_judged_on_pull_request) {
    input.severity = Severity::info;
    queued = " (judged on the pull request: the merge queue admits only approved ones)";
  }
  if (!facts.approvers) return approvals_unknown(input, directory, queued);
  const char* why = facts.self_approvals > 0
                        ? "; approvals by the change's own authors do not count"
                    : facts.approvers->empty() ? "; nobody has approved yet"
                                               : "";
  std::vector<Finding> findings;
  for (auto& [req, list] : unmet_requirements(directory, facts, &*facts.approvers))
    findings.push_back(Finding::with_action(
        std::string(rule::owners_approval), input.severity,
        fmt::format("needs approval from {}{}{}.", describe(req), why, queued),
        fmt::format("Ask {} to review and approve it.", fmt::join(req.owners, " or ")),
        std::move(list)));
  return findings;
}

std::vector<Finding> judge_owners_cross_team(const RuleInput& in) {
  const ChangeFacts& facts = in.facts;
  if (!facts.codeowners) return {};
  Directory directory(in.policy.owners);
  std::map<std::vector<std::string>, std::pair<std::set<std::string>, std::vector<std::string>>>
      groups;
  for (const PathOwnership& p : facts.touched) {
    std::vector<std::string> owners = all_owners(*facts.index, p.ownership);
    if (owners.empty()) continue;  // unowned and ownerless paths don't count
    std::set<std::string> people = directory.expand(owners);
    for (const Author& a : facts.authors) {
      bool inside = std::any_of(a.aliases.begin(), a.aliases.end(),
                                [&](const std::string& x) { return people.count(x) > 0; });
      if (inside) continue;
      auto& group = groups[owners];
      group.first.insert(a.shown);
      if (group.second.empty() || group.second.back() != p.path) group.second.push_back(p.path);
    }
  }
  std::vector<Finding> findings;
  for (auto& [owners, group] : groups)
    findings.push_back(Finding::with_action(
        std::string(rule::owners_cross_team), in.severity,
        fmt::format("touches code owned by {}; {} {} not among its owners.",
                    fmt::join(owners, ", "), fmt::join(group.first, ", "),
                    group.first.size() == 1 ? "is" : "are"),
        fmt::format("Get {}'s review.", fmt::join(owners, " or ")), std::move(group.second)));
  return findings;
}

}  // namespace gate
