#pragma once
/// Attributes read from one commit's tree only.

#include <git2.h>

#include <string>
#include <vector>

namespace gate::git {

/// Of `paths`, those that the `.gitattributes` files in `commit`'s tree mark
/// `linguist-generated` (set or "true") or `-diff`, in the order given.
std::vector<std::string> generated_paths(git_repository* repo, const git_oid& commit,
                                         const std::vector<std::string>& paths);

}  // namespace gate::git
