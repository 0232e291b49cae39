// The [freezes] table (docs/freezes.md): who may start and end incident freezes, how long
// one may last, and where the signatures and records live.
#include "policy/policy_toml.hpp"

namespace gate::policy_toml {

namespace {

void principals(TomlReader& reader, const toml::node& node, FreezesPolicy& freezes) {
  for (std::string& p : reader.strings(node, "principals")) {
    if (p.empty() || p.find_first_of(" \t\n") != std::string::npos)
      reader.reporter().error(node.source(), "'principals' entries must be one non-empty word");
    else
      freezes.principals.push_back(std::move(p));
  }
}

}  // namespace

void read_freezes(TomlReader& reader, const toml::node& node, FreezesPolicy& freezes) {
  const toml::table* table = reader.table_of(node, "freezes");
  if (!table) return;
  freezes.configured = true;
  for (auto&& [key, value] : *table) {
    if (!reader.known_key(key, "[freezes]")) continue;
    const std::string_view name = key.str();
    if (name == "repository")
      non_empty(reader, value, name, freezes.repository);
    else if (name == "namespace")
      non_empty(reader, value, name, freezes.name_space);
    else if (name == "allowed_signers")
      non_empty(reader, value, name, freezes.allowed_signers);
    else if (name == "ref")
      non_empty(reader, value, name, freezes.ref);
    else if (name == "max_duration")
      freezes.max_duration = read_duration(reader, value, name).value_or(freezes.max_duration);
    else if (name == "principals")
      principals(reader, value, freezes);
    else
      reader.unknown_key(key, "[freezes]");
  }
  if (freezes.principals.empty())
    reader.reporter().error(table->source(),
                            "[freezes] needs 'principals': who may start and end a freeze");
  if (!freezes.ref.starts_with("refs/"))
    reader.reporter().error(table->source(), "[freezes] 'ref' must start with refs/");
}

void finish_freezes(Reporter& reporter, const toml::table& root, Policy& policy) {
  FreezesPolicy& freezes = policy.freezes;
  if (!freezes.configured || !freezes.repository.empty()) return;
  freezes.repository = policy.overrides.repository;
  if (freezes.repository.empty())
    reporter.error(root["freezes"].node()->source(),
                   "[freezes] needs 'repository' (or [overrides] 'repository'): every record is "
                   "bound to it");
}

}  // namespace gate::policy_toml
