#pragma once
/// A remote's fetch refspecs, read and extended through libgit2's configuration
/// (`remote.<name>.fetch`), for `git-gate install-hook` (docs/hook.md).

#include <git2.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gate::git {

/// Whether a fetch refspec of remote `remote` maps `ref` on the remote onto `ref` here;
/// nullopt when there is no such remote.
std::optional<bool> remote_fetches_ref(git_repository* repo, std::string_view remote,
                                       std::string_view ref);

/// Adds `refspec` to `remote.<remote>.fetch` in the repository's own configuration.
void add_fetch_refspec(git_repository* repo, std::string_view remote, std::string_view refspec);

/// The values of `remote.<remote>.fetch` as written; empty when there is no such remote.
std::vector<std::string> fetch_refspecs(git_repository* repo, std::string_view remote);

}  // namespace gate::git
