#include "git/git_handle.hpp"

#include <cstddef>
#include <mutex>

#include "gate/error.hpp"

namespace gate::git {

void ensure_initialized() {
  // libgit2 keeps a reference count; one init for the life of the process is enough
  // and avoids tearing down its global state while another Repository still lives.
  static std::once_flag once;
  std::call_once(once, [] {
    git_libgit2_init();
    // libgit2 re-hashes every object it reads; git does not (objects were checked
    // when fetched). On a large diff the hashing took twice as long as the diff.
    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
    // Trees and blobs are read about once each (trees walked once, blobs diffed once),
    // so caching them only cost: with them cached, `check` on 10k changed files in a
    // 60k-file repository took 10% more CPU and 30% more peak memory, and a 4 MiB bound
    // changed neither (tests/bench/bench_wide.cpp). Commits are read again by each
    // history walk, ref peel and merge base: a hook run read the pushed commits a dozen
    // times each. So only commits and tags are kept, at libgit2's default 4 KiB limit.
    git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE, std::size_t{0});
    git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_BLOB, std::size_t{0});
  });
}

std::string last_error_message() {
  const git_error* e = git_error_last();
  if (e == nullptr || e->message == nullptr) return {};
  return e->message;
}

void throw_error(std::string_view context) {
  std::string message = last_error_message();
  git_error_clear();
  if (message.empty()) throw GitError(std::string(context));
  // libgit2's message may quote the input whole (a revision name): keep its start only.
  throw GitError(std::string(context) + ": " + quote_input(message));
}

std::string to_hex(const git_oid& id) {
  char hex[GIT_OID_HEXSZ + 1];
  git_oid_tostr(hex, sizeof hex, &id);
  return hex;
}

git_oid parse_oid(std::string_view hex, std::string_view what) {
  git_oid id;
  if (hex.size() != GIT_OID_HEXSZ || git_oid_fromstrn(&id, hex.data(), hex.size()) < 0) {
    git_error_clear();
    throw GitError(std::string(what) + " '" + std::string(hex) + "' is not a full commit id");
  }
  return id;
}

std::string take_buf(git_buf& buf) {
  std::string out = buf.ptr ? std::string(buf.ptr, buf.size) : std::string();
  git_buf_dispose(&buf);
  return out;
}

}  // namespace gate::git
