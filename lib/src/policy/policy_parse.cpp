// parse_policy: refuses hostile input (policy_prescan.cpp), parses with toml++, then
// validates every key of policy.toml version 1, collecting all problems before throwing
// one ConfigError. Tables of their own concept are read in policy_<table>.cpp.
#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <utility>

#include "gate/policy.hpp"
#include "policy/policy_prescan.hpp"
#include "policy/policy_toml.hpp"

namespace gate {
namespace {

using policy_toml::read_overrides;
using policy_toml::read_owners;
using policy_toml::Reporter;
using policy_toml::TomlReader;
using policy_toml::type_name;

// Checks one table after another, reporting each problem and carrying on.
class Validator : TomlReader {
 public:
  Validator(Reporter& reporter, Policy& policy)
      : TomlReader(reporter), rep_(reporter), policy_(policy) {}

  void root(const toml::table& root) {
    for (auto&& [key, node] : root) {
      if (!known_key(key, "")) continue;
      const std::string_view name = key.str();
      if (name == "version")
        version(node);
      else if (name == "timezone")
        timezone(node);
      else if (name == "protected")
        protected_refs(node);
      else if (name == "rules")
        rules(node);
      else if (name == "size")
        size(node);
      else if (name == "component")
        components(node);
      else if (name == "freeze" || name == "allow")
        windows(name, node);
      else if (name == "owners")
        read_owners(*this, node, policy_.owners);
      else if (name == "overrides")
        read_overrides(*this, node, policy_.overrides);
      else if (name == "freezes")
        policy_toml::read_freezes(*this, node, policy_.freezes);
      else
        unknown_key(key, "");
    }
    policy_toml::finish_freezes(rep_, root, policy_);
    if (!root.contains("version"))
      rep_.error(0, 0, "missing required key 'version' (write `version = 1` first)");
    window_components();
  }

 private:
  void version(const toml::node& node) {
    if (auto v = integer(node, "version", std::nullopt); v && *v != 1)
      rep_.error(node.source(),
                 fmt::format("unsupported policy version {}; this gate reads version 1", *v));
  }

  void timezone(const toml::node& node) {
    auto zone = string(node, "timezone");
    if (!zone) return;
    if (zone->empty())
      rep_.error(node.source(), "'timezone' must not be empty");
    else if (*zone == "localtime")
      rep_.error(node.source(),
                 "timezone \"localtime\" depends on the machine running the gate; "
                 "name a zone such as \"Europe/Bratislava\"");
    else if (auto checked = policy_toml::read_zone(*this, node, "timezone"))
      policy_.timezone = *checked;
  }

  void protected_refs(const toml::node& node) {
    const toml::array* array = array_of(node, "protected");
    if (!array) return;
    std::vector<std::string> refs;
    for (const toml::node& element : *array) {
      auto ref = string(element, "'protected' entries");
      if (!ref) continue;
      if (ref->rfind("refs/", 0) != 0)
        rep_.error(element.source(), fmt::format("protected ref '{}' must be a full ref name "
                                                 "starting with \"refs/\", e.g. \"refs/heads/{}\"",
                                                 quote_input(*ref), quote_input(*ref)));
      else
        refs.push_back(*ref);
    }
    policy_.protected_refs = std::move(refs);
  }

  void rules(const toml::node& node) {
    const toml::table* table = table_of(node, "rules");
    if (!table) return;
    const auto& known = known_rules();
    for (auto&& [key, value] : *table) {
      const std::string_view rule = key.str();
      if (std::find(known.begin(), known.end(), rule) == known.end()) {
        // An unquoted `owners.cross-team = ...` is a dotted key: a nested table.
        const char* hint = value.is_table() ? "; quote rule ids that contain a dot, e.g. "
                                              "\"owners.cross-team\" = \"warn\""
                                            : "";
        std::string typo = did_you_mean(rule, known);
        rep_.error(key.source(),
                   typo.empty()
                       ? fmt::format("unknown rule id '{}' in [rules] (known: {}){}",
                                     quote_input(rule), fmt::join(known, ", "), hint)
                       : fmt::format("unknown rule id '{}' in [rules]{}", quote_input(rule), typo));
        continue;
      }
      if (!find_rule(rule)->configurable) {
        rep_.error(key.source(), fmt::format("rule '{}' cannot be configured: it always applies",
                                             quote_input(rule)));
        continue;
      }
      if (auto s = severity(value, rule)) policy_.rules.emplace(std::string(rule), *s);
    }
  }

  static std::optional<std::int64_t>& limit_of(Limits& limits, std::string_view name) {
    if (name == "max_lines") return limits.max_lines;
    if (name == "max_files") return limits.max_files;
    return limits.max_binary_bytes;
  }

  void size(const toml::node& node) {
    const toml::table* table = table_of(node, "size");
    if (!table) return;
    SizePolicy& size = policy_.size;
    for (auto&& [key, value] : *table) {
      if (!known_key(key, "[size]")) continue;
      const std::string_view name = key.str();
      if (name == "severity") {
        size.severity = severity(value, name);
      } else if (name == "max_components") {
        if (auto v = integer(value, name, 1)) size.max_components = *v;
      } else if (name == "max_lines" || name == "max_files" || name == "max_binary_bytes") {
        limit_of(size.limits, name) = integer(value, name, 0);
      } else if (name == "exclude") {
        size.exclude = patterns(value, name);
      } else if (name == "components_from") {
        size.components_from = components_from(value);
      } else {
        unknown_key(key, "[size]");
      }
    }
  }

  void components(const toml::node& node) {
    if (!array_of_tables("component", node)) return;
    for (const toml::node& element : *node.as_array()) component(*element.as_table());
  }

  void component(const toml::table& table) {
    Component c;
    c.where = {rep_.source(), static_cast<int>(table.source().begin.line),
               static_cast<int>(table.source().begin.column)};
    bool has_name = false, has_paths = false;
    for (auto&& [key, value] : table) {
      if (!known_key(key, "[[component]]")) continue;
      const std::string_view name = key.str();
      if (name == "name") {
        has_name = true;
        component_name(value, c.name);
      } else if (name == "paths") {
        has_paths = true;
        c.paths = patterns(value, name);
        if (value.is_array() && value.as_array()->empty())
          rep_.error(value.source(), "'paths' must list at least one pattern");
      } else if (name == "zones") {
        if (const toml::array* zones = array_of(value, name))
          for (const toml::node& zone : *zones)
            if (auto z = policy_toml::read_zone(*this, zone, "'zones' entries"))
              c.zones.push_back(*z);
      } else if (name == "max_lines" || name == "max_files" || name == "max_binary_bytes") {
        limit_of(c.limits, name) = integer(value, name, 0);
      } else {
        unknown_key(key, "[[component]]");
      }
    }
    if (!has_name) rep_.error(table.source(), "[[component]] is missing required key 'name'");
    if (!has_paths) rep_.error(table.source(), "[[component]] is missing required key 'paths'");
    policy_.components.push_back(std::move(c));
  }

  void component_name(const toml::node& value, std::string& out) {
    auto name = string(value, "name");
    if (!name) return;
    const int line = static_cast<int>(value.source().begin.line);
    if (name->empty()) {
      rep_.error(value.source(), "component 'name' must not be empty");
    } else if (*name == other_component) {
      rep_.error(value.source(),
                 "component name \"(other)\" is reserved for paths in no component");
    } else if (auto [it, fresh] = names_.emplace(*name, line); !fresh) {
      rep_.error(value.source(), fmt::format("duplicate component name '{}' (first defined "
                                             "on line {})",
                                             quote_input(*name), it->second));
    }
    out = *name;
  }

  void windows(std::string_view name, const toml::node& node) {
    if (array_of_tables(name, node))
      policy_toml::read_windows(*this, name, *node.as_array(), policy_.windows, window_ids_);
  }

  // A scoped window's `components` must name [[component]]s, which may come later in the
  // file: checked once everything is read. Derived components (components_from) have no
  // fixed names, so they cannot be named.
  void window_components() {
    std::vector<std::string> known;
    for (const Component& c : policy_.components) known.push_back(c.name);
    for (const Window& w : policy_.windows)
      for (std::size_t i = 0; i < w.components.size(); ++i) {
        const std::string& name = w.components[i];
        if (std::find(known.begin(), known.end(), name) != known.end()) continue;
        std::string hint = did_you_mean(name, known);
        if (hint.empty())
          hint = known.empty() ? " (the policy declares no [[component]])"
                               : fmt::format(" (known: {})", fmt::join(known, ", "));
        rep_.error(w.component_where[i].line, w.component_where[i].column,
                   fmt::format("window '{}' names unknown component '{}'{}", quote_input(w.id),
                               quote_input(name), hint));
      }
  }

  DerivedComponents components_from(const toml::node& node) {
    auto text = string(node, "components_from");
    if (text == "owners") return DerivedComponents::owners;
    if (text == "sections") return DerivedComponents::sections;
    if (text == "none") return DerivedComponents::none;
    if (text)
      rep_.error(node.source(), fmt::format("'components_from' must be \"owners\", \"sections\" "
                                            "or \"none\", got \"{}\"",
                                            *text));
    return DerivedComponents::none;
  }

  // [[freeze]] and [[allow]] contents are defined by later issues: only the shape is checked.
  bool array_of_tables(std::string_view name, const toml::node& node) {
    // toml++ does not count an empty array as an array of tables; `name = []` is fine.
    const toml::array* array = node.as_array();
    if (array && (array->empty() || array->is_array_of_tables())) return true;
    rep_.error(node.source(), fmt::format("'{}' must be an array of tables ([[{}]]), got {}", name,
                                          name, type_name(node)));
    return false;
  }
  Reporter& rep_;
  Policy& policy_;
  std::map<std::string, int, std::less<>> names_;  // component name -> line first defined
  std::set<std::string, std::less<>> window_ids_;  // across [[freeze]] and [[allow]]
};

}  // namespace

Policy parse_policy(std::string_view text, std::string_view source) {
  if (text.size() > max_policy_bytes)
    throw ConfigError(SourceLocation{std::string(source), 0, 0},
                      fmt::format("policy file is {} bytes; the limit is {} bytes (1 MiB)",
                                  text.size(), max_policy_bytes));
  Reporter reporter(text, source);
  if (!policy_toml::prescan_policy(text, reporter)) reporter.raise();

  toml::table root;
  try {
    root = toml::parse(text, std::string(source));
  } catch (const toml::parse_error& e) {
    reporter.error(e.source(), std::string(e.description()));
    reporter.raise();
  }

  Policy policy;
  policy.source = std::string(source);
  Validator(reporter, policy).root(root);
  if (reporter.has_errors()) reporter.raise();
  return policy;
}

}  // namespace gate
