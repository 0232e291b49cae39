#pragma once
// What every rule reads, built once per evaluation before any rule runs: the file table
// (path, component, counted lines, owners), the component totals, who the authors and
// approvers are, and the window verdict. Rules read it and return findings; none of them
// writes the report, so the order in which they run does not matter.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "gate/inputs.hpp"
#include "gate/owners_index.hpp"
#include "gate/report.hpp"
#include "gate/rule_table.hpp"
#include "gate/windows.hpp"
#include "rules/authors.hpp"

namespace gate {

/// One touched path (both names of a rename) and the CODEOWNERS lines that match it.
struct PathOwnership {
  std::string path;
  Ownership ownership;
};

/// The facts of one evaluation. Refers to the Inputs it was built from.
struct ChangeFacts {
  bool is_protected = true;
  std::vector<FileEntry> files;            ///< one per changed file, in diff order
  std::vector<ComponentEntry> components;  ///< touched components, (other) last
  /// Counted paths of each component, for the size findings.
  std::map<std::string, std::vector<std::string>, std::less<>> counted_paths;
  const Codeowners* codeowners = nullptr;  ///< null: no usable CODEOWNERS at the base
  std::optional<OwnersIndex> index;        ///< set with codeowners
  std::vector<PathOwnership> touched;      ///< looked up once; empty without CODEOWNERS
  std::vector<Author> authors;             ///< authors, committers and the opener
  /// Handles whose review approves the head, self-approvals removed; nullopt when no
  /// reviews were supplied or there is no CODEOWNERS to judge them against.
  std::optional<std::set<std::string>> approvers;
  std::size_t self_approvals = 0;  ///< approvals removed because an author gave them
  /// The windows judged at the evaluation time; nullopt off protected refs or without
  /// windows.
  std::optional<WindowVerdict> windows;
};

/// Builds the facts of a change (not a deletion) judged by `policy`.
ChangeFacts build_facts(const Policy& policy, const Inputs& inputs, bool is_protected);

/// The file table of a change judged without a policy: every file (other) and counted.
std::vector<FileEntry> files_without_policy(const ChangeSet& change);

/// What a rule is given.
struct RuleInput {
  const Policy& policy;
  const Inputs& inputs;
  const ChangeFacts& facts;
  Severity severity;  ///< the rule's reported severity (reported_severity)
};

/// Every rule's judge: `judge_<name>` for each row of rule_table, defined in one file
/// of lib/src/rules/. It returns the rule's findings and writes nothing else.
#define GATE_DECLARE_JUDGE(name, ...) std::vector<Finding> judge_##name(const RuleInput& in);
GATE_RULE_TABLE(GATE_DECLARE_JUDGE)
#undef GATE_DECLARE_JUDGE

/// Every owner the matching lines name, first-seen order, each once.
std::vector<std::string> all_owners(const OwnersIndex& index, const Ownership& ownership);

/// The zone a person reads the change's times in: the blocking window's own zone (a freeze
/// holding, else the first zone without an allow window), else the policy's zone.
std::string acting_zone(const Policy& policy, const WindowVerdict* verdict);

/// "source:line" of a CODEOWNERS rule.
std::string owner_line(const Codeowners& codeowners, const OwnerRule& rule);

}  // namespace gate
