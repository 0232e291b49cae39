#include "gate/components.hpp"

namespace gate {

namespace {

// The component CODEOWNERS gives a path (`[size] components_from`): the first owner, or
// the GitLab section, of the first line that names one.
std::string derived_component(const Policy& policy, const Codeowners& codeowners,
                              const OwnersIndex& index, const Ownership& ownership) {
  for (const OwnerRule* rule : ownership.rules) {
    if (rule->exclusion) continue;
    if (policy.size.components_from == DerivedComponents::sections) {
      const std::string& name = codeowners.sections.at(rule->section).name;
      if (!name.empty()) return name;
    } else {
      const auto& owners = index.owners_of(*rule);
      if (!owners.empty()) return owners.front();
    }
  }
  return std::string(other_component);
}

}  // namespace

std::string component_name(const Policy& policy, const Codeowners* codeowners,
                           const OwnersIndex* index, std::string_view path) {
  if (const Component* c = policy.component_for(path)) return c->name;
  if (!codeowners || !index || policy.size.components_from == DerivedComponents::none)
    return std::string(other_component);
  return derived_component(policy, *codeowners, *index, index->match(path));
}

std::string component_name(const Policy& policy, const Codeowners& codeowners,
                           const OwnersIndex& index, const Ownership& ownership,
                           std::string_view path) {
  if (const Component* c = policy.component_for(path)) return c->name;
  if (policy.size.components_from == DerivedComponents::none) return std::string(other_component);
  return derived_component(policy, codeowners, index, ownership);
}

}  // namespace gate
