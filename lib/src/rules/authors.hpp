#pragma once
// Who counts as an author of the change: every commit's author and committer, and in
// CI the pull request's opener. Nobody may approve, or override, their own change.

#include <set>
#include <string>
#include <vector>

#include "gate/inputs.hpp"

namespace gate {

/// One person, as far as the policy can tell identities apart.
struct Author {
  std::string shown;              ///< handle if known, else e-mail
  std::set<std::string> aliases;  ///< folded e-mails and handles
};

/// The change's authors, committers and extra authors, merged by [owners.people].
std::vector<Author> change_authors(const Policy& policy, const Inputs& inputs);

/// True when `who` is a forge handle (`@alice`) or an e-mail that [owners.people] maps to
/// one: only then can it be compared with a pull request's opener.
bool has_handle(const Policy& policy, const std::string& who);

/// True when `who` (an e-mail or handle) is one of `authors`.
bool is_author(const std::vector<Author>& authors, const Policy& policy, const std::string& who);

}  // namespace gate
