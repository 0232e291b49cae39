// evaluate(): builds the facts once, asks every rule of rule_table for its findings,
// then lets the override records lift what they name. Rules write nothing but their
// findings, so the report is assembled here alone (ARCHITECTURE.md, "Rules").
#include "gate/evaluate.hpp"

#include <fmt/format.h>

#include "rules/facts.hpp"
#include "rules/override_rule.hpp"
#include "rules/rule_severity.hpp"

namespace gate {

namespace {

using Judge = std::vector<Finding> (*)(const RuleInput&);

// judges[i] judges rule_table[i].
#define GATE_JUDGE(name, ...) &judge_##name,
constexpr Judge judges[] = {GATE_RULE_TABLE(GATE_JUDGE)};
#undef GATE_JUDGE
static_assert(std::size(judges) == std::size(rule_table));

// Files that configure the gate itself are judged by the base revision's versions;
// saying so stops anyone believing the edit took effect.
void note_configuration_edits(const Policy& policy, const Inputs& inputs, Report& report) {
  std::vector<std::string> edited;
  for (const FileChange& f : inputs.change.files) {
    if (gate_config_kind(policy, f.path))
      edited.push_back(f.path);
    else if (f.old_path && gate_config_kind(policy, *f.old_path))
      edited.push_back(*f.old_path);
  }
  if (edited.empty()) return;
  report.notices.push_back(
      fmt::format("the change modifies the gate's own configuration ({}); it is judged by the base "
                  "revision's version, and the edit applies from the next change on",
                  fmt::join(edited, ", ")));
}

// Runs every rule of `scope` that applies, in table order.
void run_rules(const Policy& policy, const Inputs& inputs, const ChangeFacts& facts,
               RuleScope scope, Report& report) {
  for (std::size_t i = 0; i < std::size(rule_table); ++i) {
    const RuleInfo& rule = rule_table[i];
    if ((rule.scope == RuleScope::deletion) != (scope == RuleScope::deletion)) continue;
    std::optional<Severity> severity = reported_severity(policy, rule, facts.is_protected);
    if (!severity) continue;
    std::vector<Finding> found = judges[i](RuleInput{policy, inputs, facts, *severity});
    report.findings.insert(report.findings.end(), std::make_move_iterator(found.begin()),
                           std::make_move_iterator(found.end()));
  }
}

Report start_report(const Inputs& inputs) {
  const Context& ctx = inputs.context;
  Report report;
  report.evaluated_at = ctx.now;
  report.clock_overridden = ctx.clock_overridden;
  report.notices = inputs.notices;
  report.run = ctx.run;
  report.change = {inputs.change.base, inputs.change.head, ctx.ref, ctx.ref.empty(), ctx.deletion};
  return report;
}

}  // namespace

Report evaluate(const Inputs& inputs) {
  const Context& ctx = inputs.context;
  Report report = start_report(inputs);
  if (!inputs.policy) {
    report.notices.push_back(
        "the base revision has no policy.toml, so no rule applies and the change is allowed "
        "(this is how the commit that adopts the gate gets in)");
    report.files = files_without_policy(inputs.change);
    return report;
  }
  const Policy& policy = *inputs.policy;
  report.policy = inputs.policy_source;
  report.timezone = policy.timezone;
  if (const auto& source = inputs.policy_source; source && source->fallback())
    report.notices.push_back(fmt::format(
        "the base's policy.toml does not parse ({} at {}); judged by the last valid one, at {}. "
        "No override is honoured until it parses again",
        source->error, source->fallback_from, source->revision));
  bool is_protected = ctx.ref.empty() || policy.is_protected(ctx.ref);
  report.change.is_protected = is_protected;
  if (ctx.deletion) {
    ChangeFacts facts;
    facts.is_protected = is_protected;
    run_rules(policy, inputs, facts, RuleScope::deletion, report);
  } else {
    note_configuration_edits(policy, inputs, report);
    ChangeFacts facts = build_facts(policy, inputs, is_protected);
    if (facts.codeowners)
      for (const Diagnostic& d : facts.codeowners->errors)
        report.notices.push_back(
            fmt::format("{}: {} (line ignored)", d.where.to_string(), d.message));
    run_rules(policy, inputs, facts, RuleScope::change, report);
    // The approvers are shown where owners.approval judged them.
    if (facts.approvers &&
        reported_severity(policy, *find_rule(rule::owners_approval), is_protected))
      report.approvers.emplace(facts.approvers->begin(), facts.approvers->end());
    if (facts.windows) report.valid_until = facts.windows->next_change;
    report.timezone = acting_zone(policy, facts.windows ? &*facts.windows : nullptr);
    report.files = std::move(facts.files);
    report.components = std::move(facts.components);
  }
  apply_overrides(policy, inputs, report);
  suggest_override(policy, inputs, report);
  return report;
}

}  // namespace gate
