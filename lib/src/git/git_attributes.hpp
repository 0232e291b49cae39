#pragma once
/// Attributes read from one commit's tree only.

#include <git2.h>

#include <string>
#include <vector>

namespace gate::git {

/// Of `paths`, those that the `.gitattributes` files in `commit`'s tree mark
/// `linguist-generated` (set or "true") or `-diff`, in the order given. Throws
/// GitError ending with `missing_object_hint` when a `.gitattributes` file (or a
/// tree leading to one) is missing from the object database, which libgit2 would
/// silently take as "no attributes".
std::vector<std::string> generated_paths(git_repository* repo, const git_oid& commit,
                                         const std::vector<std::string>& paths,
                                         const std::string& missing_object_hint);

}  // namespace gate::git
