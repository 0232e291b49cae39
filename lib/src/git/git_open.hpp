#pragma once
/// Opening a repository the way git finds it, with errors a person can act on.

#include <string>

#include "git/git_handle.hpp"

namespace gate::git {

/// Opens the repository containing `path`, or with an empty path the one git would
/// use here (GIT_DIR and friends, then discovery from the working directory).
/// Throws GitError; a SHA-256 repository is reported as unsupported.
RepoHandle open_repository(const std::string& path);

/// For a partial clone, "; ..." naming the `git fetch` that brings missing blobs;
/// empty otherwise. Appended to missing-object errors.
std::string missing_object_hint(git_repository* repo);

/// The `git fetch` commands that deepen a shallow clone, for error messages.
std::string shallow_fix();

}  // namespace gate::git
