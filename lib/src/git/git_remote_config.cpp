#include "git/git_remote_config.hpp"

#include <optional>
#include <string>

#include "git/git_handle.hpp"

namespace gate::git {
namespace {

// True when `spec` fetches `ref` into `ref` (`+refs/gate/freezes:refs/gate/freezes`, with or
// without the +, or a pattern such as `refs/gate/*:refs/gate/*`).
bool maps_onto_itself(const git_refspec* spec, const std::string& ref) {
  if (git_refspec_direction(spec) != GIT_DIRECTION_FETCH) return false;
  if (git_refspec_src_matches(spec, ref.c_str()) != 1) return false;
  git_buf out = GIT_BUF_INIT;
  if (git_refspec_transform(&out, spec, ref.c_str()) < 0) {
    git_error_clear();
    return false;
  }
  return take_buf(out) == ref;
}

// The remote named `name`; nullopt when there is none (or the name is not one).
std::optional<RemoteHandle> lookup_remote(git_repository* repo, const std::string& name) {
  git_remote* raw = nullptr;
  int rc = git_remote_lookup(&raw, repo, name.c_str());
  if (rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC) {
    git_error_clear();
    return std::nullopt;
  }
  check(rc, "reading the remote " + name);
  return RemoteHandle(raw);
}

}  // namespace

std::optional<bool> remote_fetches_ref(git_repository* repo, std::string_view remote,
                                       std::string_view ref) {
  std::optional<RemoteHandle> handle = lookup_remote(repo, std::string(remote));
  if (!handle) return std::nullopt;
  std::string wanted(ref);
  for (std::size_t i = 0; i < git_remote_refspec_count(handle->get()); ++i)
    if (maps_onto_itself(git_remote_get_refspec(handle->get(), i), wanted)) return true;
  return false;
}

void add_fetch_refspec(git_repository* repo, std::string_view remote, std::string_view refspec) {
  std::string name(remote), spec(refspec);
  check(git_remote_add_fetch(repo, name.c_str(), spec.c_str()),
        "adding " + spec + " to remote." + name + ".fetch");
}

std::vector<std::string> fetch_refspecs(git_repository* repo, std::string_view remote) {
  std::string name(remote);
  std::optional<RemoteHandle> handle = lookup_remote(repo, name);
  if (!handle) return {};
  git_strarray specs{};
  check(git_remote_get_fetch_refspecs(&specs, handle->get()), "reading remote." + name + ".fetch");
  std::vector<std::string> out(specs.strings, specs.strings + specs.count);
  git_strarray_dispose(&specs);
  return out;
}

}  // namespace gate::git
