#include "gate/evaluate.hpp"

#include <fmt/format.h>

#include "gate/components.hpp"
#include "rules/override_rule.hpp"
#include "rules/owners_rule.hpp"
#include "rules/rule_severity.hpp"
#include "rules/window_rule.hpp"
#include "rules/size_rule.hpp"

namespace gate {

namespace {

// Files that configure the gate itself. A change to them is judged by the base
// revision's versions; saying so stops anyone believing the edit took effect.
bool is_gate_configuration(const Policy& policy, const std::string& path) {
  // CODEOWNERS and the allowed-signers file are read from the base too.
  if (path == policy_path || path == ".gitattributes" || path.ends_with("/.gitattributes"))
    return true;
  if (policy.overrides.configured && path == policy.overrides.allowed_signers) return true;
  for (OwnersSyntax syntax : {OwnersSyntax::github, OwnersSyntax::gitlab})
    for (const std::string& place : codeowners_locations(syntax))
      if (path == place) return true;
  return false;
}

void note_configuration_edits(const Policy& policy, const Inputs& inputs, Report& report) {
  std::vector<std::string> edited;
  for (const FileChange& f : inputs.change.files) {
    if (is_gate_configuration(policy, f.path)) edited.push_back(f.path);
    else if (f.old_path && is_gate_configuration(policy, *f.old_path)) edited.push_back(*f.old_path);
  }
  if (edited.empty()) return;
  report.notices.push_back(fmt::format(
      "the change modifies the gate's own configuration ({}); it is judged by the base "
      "revision's version, and the edit applies from the next change on",
      fmt::join(edited, ", ")));
}

void judge_deletion(const Policy& policy, const Context& ctx, bool is_protected, Report& report) {
  if (!is_protected) return;
  if (auto sev = reported_severity(policy, "ref.delete", true)) {
    report.findings.push_back(
        {"ref.delete", *sev,
         fmt::format("deleting the protected ref {} is not allowed; ask an approver for an "
                     "override if it is really meant",
                     ctx.ref),
         {}});
  }
}

}  // namespace

Report evaluate(const Inputs& inputs) {
  const Context& ctx = inputs.context;
  Report report;
  report.evaluated_at = ctx.now;
  report.clock_overridden = ctx.clock_overridden;
  report.notices = inputs.notices;
  report.run = ctx.run;
  report.change = {inputs.change.base, inputs.change.head, ctx.ref, ctx.ref.empty(), ctx.deletion};

  if (!inputs.policy) {
    report.notices.push_back(
        "the base revision has no policy.toml, so no rule applies and the change is allowed "
        "(this is how the commit that adopts the gate gets in)");
    list_files_without_policy(inputs, report);
    return report;
  }
  const Policy& policy = *inputs.policy;
  bool is_protected = ctx.ref.empty() || policy.is_protected(ctx.ref);
  report.change.is_protected = is_protected;
  if (ctx.deletion) {
    judge_deletion(policy, ctx, is_protected, report);
    apply_overrides(policy, inputs, report);
    suggest_override(policy, inputs, report);
    return report;
  }
  note_configuration_edits(policy, inputs, report);
  std::optional<OwnersIndex> index;
  if (inputs.codeowners) index.emplace(*inputs.codeowners);
  const Codeowners* codeowners = inputs.codeowners ? &*inputs.codeowners : nullptr;
  auto component_of = [&](std::string_view path) {
    return component_name(policy, codeowners, index ? &*index : nullptr, path);
  };
  apply_size_rule(policy, inputs, component_of, is_protected, report);
  apply_owners_rules(policy, inputs, index ? &*index : nullptr, is_protected, report);
  apply_window_rules(policy, inputs, is_protected, report);
  apply_overrides(policy, inputs, report);
  suggest_override(policy, inputs, report);
  return report;
}

}  // namespace gate
