// The [overrides] table: who may lift which rules, for how long, and where the
// signatures and records live.
#include "policy/policy_toml.hpp"

#include "gate/error.hpp"
#include "gate/override.hpp"

namespace gate::policy_toml {

namespace {

// Rule ids or globs; each must name at least one rule the gate has, so a typo cannot
// silently grant nothing (or, as a glob, more than meant).
std::vector<std::string> rule_patterns(TomlReader& reader, const toml::node& node,
                                       std::string_view what) {
  std::vector<std::string> patterns = reader.strings(node, what);
  for (const std::string& p : patterns) {
    bool any = false;
    for (const std::string& rule : known_rules()) any = any || rule_pattern_matches(p, rule);
    if (!any)
      reader.reporter().error(
          node.source(),
          fmt::format("'{}' names no rule: '{}' (rules are {}){}", what, quote_input(p),
                      fmt::join(known_rules(), ", "), did_you_mean(p, known_rules())));
  }
  return patterns;
}

void approvers(TomlReader& reader, const toml::node& node, OverridesPolicy& overrides) {
  const toml::array* array = reader.array_of(node, "overrides.approver");
  if (!array) return;
  for (const toml::node& element : *array) {
    const toml::table* table = reader.table_of(element, "[[overrides.approver]]");
    if (!table) continue;
    OverrideApprover approver;
    for (auto&& [key, value] : *table) {
      if (!reader.known_key(key, "[[overrides.approver]]")) continue;
      if (key.str() == "principal")
        approver.principal = reader.string(value, "principal").value_or("");
      else if (key.str() == "rules")
        approver.rules = rule_patterns(reader, value, "rules");
      else
        reader.unknown_key(key, "[[overrides.approver]]");
    }
    if (approver.principal.empty() || approver.rules.empty())
      reader.reporter().error(element.source(),
                              "[[overrides.approver]] needs 'principal' and 'rules'");
    overrides.approvers.push_back(std::move(approver));
  }
}

}  // namespace

std::optional<std::chrono::seconds> read_duration(TomlReader& reader, const toml::node& node,
                                                  std::string_view what) {
  auto text = reader.string(node, what);
  if (!text) return std::nullopt;
  if (auto d = parse_duration(*text)) return d;
  reader.reporter().error(node.source(),
                          fmt::format("'{}' must be N followed by s, m, h or d, e.g. \"24h\"; "
                                      "got \"{}\"",
                                      what, quote_input(*text)));
  return std::nullopt;
}

void non_empty(TomlReader& reader, const toml::node& node, std::string_view what,
               std::string& out) {
  auto text = reader.string(node, what);
  if (!text) return;
  if (text->empty() || text->find_first_of(" \t\n") != std::string::npos)
    reader.reporter().error(node.source(), fmt::format("'{}' must be one non-empty word", what));
  out = *text;
}

void read_overrides(TomlReader& reader, const toml::node& node, OverridesPolicy& overrides) {
  const toml::table* table = reader.table_of(node, "overrides");
  if (!table) return;
  overrides.configured = true;
  for (auto&& [key, value] : *table) {
    if (!reader.known_key(key, "[overrides]")) continue;
    const std::string_view name = key.str();
    if (name == "repository")
      non_empty(reader, value, name, overrides.repository);
    else if (name == "namespace")
      non_empty(reader, value, name, overrides.name_space);
    else if (name == "allowed_signers")
      non_empty(reader, value, name, overrides.allowed_signers);
    else if (name == "notes_ref")
      non_empty(reader, value, name, overrides.notes_ref);
    else if (name == "max_duration")
      overrides.max_duration = read_duration(reader, value, name).value_or(overrides.max_duration);
    else if (name == "two_approvers")
      overrides.two_approvers = rule_patterns(reader, value, name);
    else if (name == "approver")
      approvers(reader, value, overrides);
    else
      reader.unknown_key(key, "[overrides]");
  }
  if (overrides.repository.empty())
    reader.reporter().error(table->source(),
                            "[overrides] needs 'repository' (e.g. \"acme/voice\"): "
                            "every record is bound to it");
  if (!overrides.notes_ref.starts_with("refs/notes/"))
    reader.reporter().error(table->source(), "'notes_ref' must start with refs/notes/");
}

}  // namespace gate::policy_toml
