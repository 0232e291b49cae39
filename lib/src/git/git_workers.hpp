#pragma once
/// Running per-file work on several threads. A git_repository may be used by one
/// thread at a time, so every extra thread gets its own handle on the same object
/// database; the calling thread keeps using the caller's handle.

#include <git2.h>

#include <cstddef>
#include <functional>
#include <vector>

#include "git/git_handle.hpp"

namespace gate::git {

/// Handles for up to `threads` threads reading one repository's objects.
class Workers {
 public:
  /// `main` stays owned by the caller and is used by the calling thread only.
  Workers(git_repository* main, unsigned threads);
  Workers(const Workers&) = delete;
  Workers& operator=(const Workers&) = delete;

  unsigned threads() const { return threads_; }

  /// Calls body(i, repo) for every i in [0, n), spread over the threads in small
  /// chunks; `repo` is the handle of the thread running it. Small jobs run on the
  /// calling thread alone. The first exception thrown by any body is rethrown here
  /// after every thread has stopped.
  void for_each(std::size_t n, const std::function<void(std::size_t, git_repository*)>& body);

 private:
  git_repository* handle(unsigned worker);

  git_repository* main_;
  unsigned threads_;
  std::vector<RepoHandle> extra_;  // opened on first parallel use
};

}  // namespace gate::git
