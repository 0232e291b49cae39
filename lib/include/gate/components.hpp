#pragma once
/// Which component a path belongs to (docs/rules.md, Size rule): the last matching `[[component]]`,
/// else one derived from CODEOWNERS (`[size] components_from`), else (other).

#include <string>
#include <string_view>

#include "gate/codeowners.hpp"
#include "gate/owners_index.hpp"
#include "gate/policy.hpp"

namespace gate {

/// The component name of `path`. `codeowners` and `index` may be null (no CODEOWNERS).
std::string component_name(const Policy& policy, const Codeowners* codeowners,
                           const OwnersIndex* index, std::string_view path);

/// The same, for a path whose CODEOWNERS lines were already looked up.
std::string component_name(const Policy& policy, const Codeowners& codeowners,
                           const OwnersIndex& index, const Ownership& ownership,
                           std::string_view path);

}  // namespace gate
