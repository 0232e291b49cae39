#include "rules/override_rule.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "rules/authors.hpp"

namespace gate {
namespace {

// Whether the record is genuine and meant for this change: the policy honours records,
// the repository, the commit and the signature match.
std::string provenance_problem(const Policy& policy, const Inputs& inputs,
                               const FoundOverride& found) {
  const OverridesPolicy& o = policy.overrides;
  const OverrideRecord& r = *found.entry.record;
  if (!o.configured) return "the base revision's policy has no [overrides] table";
  // A fallback policy may be older than a revocation: it must not bring an approver back.
  if (inputs.policy_source && inputs.policy_source->fallback())
    return "a fallback policy judges (the base's policy.toml does not parse), and no override "
           "is honoured until it parses again";
  if (r.repository != o.repository)
    return fmt::format("the record is for repository {}, not {}", r.repository, o.repository);
  if (r.commit != found.note_commit)
    return fmt::format("the record is for commit {} but was found on {}", r.commit,
                       found.note_commit);
  const auto& commits = inputs.override_commits;
  if (std::find(commits.begin(), commits.end(), r.commit) == commits.end())
    return fmt::format("commit {} is not the head of this change", r.commit);
  if (!found.signature_valid) return "the signature does not verify: " + found.signature_problem;
  return {};
}

// Whether the approver may lift what the record names, and is not an author.
std::string rights_problem(const Policy& policy, const Inputs& inputs,
                           const std::vector<Author>& authors, const OverrideRecord& r) {
  const OverridesPolicy& o = policy.overrides;
  if (r.expires_at - r.issued_at > o.max_duration)
    return "it lasts longer than the policy's max_duration";
  for (const std::string& rule : r.rules) {
    const RuleInfo* info = find_rule(rule);
    if (!info) return fmt::format("unknown rule '{}'", rule);
    if (!info->overridable) return fmt::format("no override may lift {}", rule);
    if (!o.may_lift(r.principal, rule))
      return fmt::format("{} is not an override approver for {} in the base policy", r.principal,
                         rule);
  }
  if (is_author(authors, policy, r.principal))
    return fmt::format(
        "{} is an author or committer of the change (or its opener), and may not "
        "override it",
        r.principal);
  // In CI the opener is known by handle only: a principal that [owners.people] does not
  // tie to a handle could be the opener under another e-mail, so it cannot count.
  if (inputs.context.run && !has_handle(policy, r.principal))
    return fmt::format(
        "{} has no handle in [owners.people], so it cannot be shown not to be the pull "
        "request's opener",
        r.principal);
  return {};
}

// Why `found` lifts nothing, or "" when it holds (docs/overrides.md). Time last: a record
// rejected only for its time was sound otherwise (audit counts it).
std::string rejection(const Policy& policy, const Inputs& inputs,
                      const std::vector<Author>& authors, const FoundOverride& found) {
  if (!found.entry.record) return found.entry.error;
  const OverrideRecord& r = *found.entry.record;
  if (std::string why = provenance_problem(policy, inputs, found); !why.empty()) return why;
  if (std::string why = rights_problem(policy, inputs, authors, r); !why.empty()) return why;
  Instant now = inputs.context.now;
  if (now < r.issued_at) return fmt::format("not valid before {}", format_utc(r.issued_at));
  if (now >= r.expires_at) return fmt::format("expired at {}", format_utc(r.expires_at));
  return {};
}

OverrideStatus status_of(const FoundOverride& found) {
  OverrideStatus s;
  s.commit = found.note_commit;
  if (!found.entry.record) return s;
  const OverrideRecord& r = *found.entry.record;
  s.id = r.id;
  s.principal = r.principal;
  s.reason = r.reason;
  s.rules = r.rules;
  s.issued_at = r.issued_at;
  s.expires_at = r.expires_at;
  return s;
}

bool needs_two(const OverridesPolicy& o, const std::string& rule) {
  return std::any_of(o.two_approvers.begin(), o.two_approvers.end(),
                     [&](const std::string& p) { return rule_pattern_matches(p, rule); });
}

// Lifts each finding whose rule an applied record names; rules that need two
// approvers are lifted only by records of two different principals.
void lift(const Policy& policy, const std::vector<const OverrideRecord*>& applied, Report& report) {
  for (Finding& f : report.findings) {
    if (f.severity == Severity::info) continue;
    std::set<std::string> principals;
    const OverrideRecord* first = nullptr;
    for (const OverrideRecord* r : applied) {
      if (std::find(r->rules.begin(), r->rules.end(), f.rule) == r->rules.end()) continue;
      principals.insert(r->principal);
      if (!first) first = r;
    }
    if (!first) continue;
    if (needs_two(policy.overrides, f.rule) && principals.size() < 2) {
      report.notices.push_back(fmt::format(
          "{} needs overrides from two approvers; only {} gave one", f.rule, *principals.begin()));
      continue;
    }
    f.overridden_by = OverrideRef{first->id, first->principal, first->reason, first->expires_at};
  }
}

// Who can help: the principals whose override may lift `f` (none for a rule no override
// lifts, such as policy.invalid).
void name_lifters(const OverridesPolicy& o, Finding& f) {
  const RuleInfo* info = find_rule(f.rule);
  if (!info || !info->overridable) return;
  for (const OverrideApprover& a : o.approvers)
    if (o.may_lift(a.principal, f.rule) &&
        std::find(f.lifted_by.begin(), f.lifted_by.end(), a.principal) == f.lifted_by.end())
      f.lifted_by.push_back(a.principal);
}

}  // namespace

void suggest_override(const Policy& policy, const Inputs& inputs, Report& report) {
  if (!policy.overrides.configured || report.allowed()) return;
  if (inputs.policy_source && inputs.policy_source->fallback()) return;
  std::vector<std::string> rules;
  for (Finding& f : report.findings) {
    if (f.severity != Severity::block || f.overridden_by) continue;
    name_lifters(policy.overrides, f);
    if (std::find(rules.begin(), rules.end(), f.rule) == rules.end()) rules.push_back(f.rule);
  }
  std::string commit =
      inputs.override_commits.empty() ? inputs.change.head : inputs.override_commits[0];
  std::string flags;
  for (const std::string& r : rules) flags += " --rule " + r;
  report.notices.push_back(fmt::format(
      "if this must go out anyway, ask an override approver (not an author of the change) to "
      "run: git-gate override approve {}{} --reason \"...\" --expires 2h --push",
      commit, flags));
}

void apply_overrides(const Policy& policy, const Inputs& inputs, Report& report) {
  if (inputs.overrides.empty()) return;
  std::vector<Author> authors = change_authors(policy, inputs);
  std::vector<const OverrideRecord*> applied;
  for (const FoundOverride& found : inputs.overrides) {
    OverrideStatus status = status_of(found);
    status.why = rejection(policy, inputs, authors, found);
    status.applied = status.why.empty();
    if (status.applied) {
      applied.push_back(&*found.entry.record);
      status.why = "valid until " + format_utc(*status.expires_at);
    }
    report.overrides.push_back(std::move(status));
  }
  lift(policy, applied, report);
}

}  // namespace gate
