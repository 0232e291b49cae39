// The [owners] table: severities, CODEOWNERS dialect, review semantics, and the maps from
// teams to members and from commit e-mails to handles.
#include "policy/policy_toml.hpp"

namespace gate::policy_toml {

namespace {

std::optional<OwnersSyntax> syntax(TomlReader& reader, const toml::node& node) {
  auto text = reader.string(node, "syntax");
  if (text == "github") return OwnersSyntax::github;
  if (text == "gitlab") return OwnersSyntax::gitlab;
  if (text)
    reader.reporter().error(
        node.source(),
        fmt::format("'syntax' must be \"github\" or \"gitlab\", got \"{}\"", quote_input(*text)));
  return std::nullopt;
}

bool is_handle(std::string_view s) { return s.size() > 1 && s.front() == '@'; }

void teams(TomlReader& reader, const toml::node& node, OwnersPolicy& owners) {
  const toml::table* table = reader.table_of(node, "owners.teams");
  if (!table) return;
  for (auto&& [key, value] : *table) {
    if (!is_handle(key.str()))
      reader.reporter().error(key.source(), fmt::format("team '{}' must be written as in "
                                                        "CODEOWNERS, e.g. \"@acme/voice\"",
                                                        quote_input(key.str())));
    std::vector<std::string> members = reader.strings(value, key.str());
    for (const std::string& m : members)
      if (!is_handle(m) && m.find('@') == std::string::npos)
        reader.reporter().error(value.source(),
                                fmt::format("member '{}' of {} must be a handle "
                                            "such as \"@carol\" or an e-mail",
                                            quote_input(m), quote_input(key.str())));
    owners.teams[std::string(key.str())] = std::move(members);
  }
}

void people(TomlReader& reader, const toml::node& node, OwnersPolicy& owners) {
  const toml::table* table = reader.table_of(node, "owners.people");
  if (!table) return;
  for (auto&& [key, value] : *table) {
    auto handle = reader.string(value, key.str());
    if (!handle) continue;
    if (!is_handle(*handle))
      reader.reporter().error(
          value.source(),
          fmt::format("'{}' must map to a handle such as \"@bob\"", quote_input(key.str())));
    owners.people[std::string(key.str())] = *handle;
  }
}

}  // namespace

void read_owners(TomlReader& reader, const toml::node& node, OwnersPolicy& owners) {
  const toml::table* table = reader.table_of(node, "owners");
  if (!table) return;
  for (auto&& [key, value] : *table) {
    if (!reader.known_key(key, "[owners]")) continue;
    const std::string_view name = key.str();
    if (name == "severity")
      owners.severity = reader.severity(value, name);
    else if (name == "cross_team")
      owners.cross_team = reader.severity(value, name);
    else if (name == "syntax")
      owners.syntax = syntax(reader, value);
    else if (name == "dismiss_stale")
      owners.dismiss_stale = reader.boolean(value, name).value_or(false);
    else if (name == "teams")
      teams(reader, value, owners);
    else if (name == "people")
      people(reader, value, owners);
    else
      reader.unknown_key(key, "[owners]");
  }
}

}  // namespace gate::policy_toml
