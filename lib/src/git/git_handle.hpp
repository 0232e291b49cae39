#pragma once
/// Move-only owners of libgit2 handles and the one way libgit2 failures become
/// GitError. Private to the git adapter (lib/src/git_*.cpp and repository.cpp).

#include <git2.h>

#include <memory>
#include <string>
#include <string_view>

namespace gate::git {

/// Frees any libgit2 handle with its matching free function.
struct Free {
  void operator()(git_repository* p) const noexcept { git_repository_free(p); }
  void operator()(git_object* p) const noexcept { git_object_free(p); }
  void operator()(git_commit* p) const noexcept { git_commit_free(p); }
  void operator()(git_tree* p) const noexcept { git_tree_free(p); }
  void operator()(git_tree_entry* p) const noexcept { git_tree_entry_free(p); }
  void operator()(git_blob* p) const noexcept { git_blob_free(p); }
  void operator()(git_diff* p) const noexcept { git_diff_free(p); }
  void operator()(git_revwalk* p) const noexcept { git_revwalk_free(p); }
  void operator()(git_reference* p) const noexcept { git_reference_free(p); }
  void operator()(git_reference_iterator* p) const noexcept { git_reference_iterator_free(p); }
  void operator()(git_config* p) const noexcept { git_config_free(p); }
  void operator()(git_config_iterator* p) const noexcept { git_config_iterator_free(p); }
  void operator()(git_index* p) const noexcept { git_index_free(p); }
  void operator()(git_odb* p) const noexcept { git_odb_free(p); }
  void operator()(git_remote* p) const noexcept { git_remote_free(p); }
  void operator()(git_note* p) const noexcept { git_note_free(p); }
  void operator()(git_signature* p) const noexcept { git_signature_free(p); }
};

/// A uniquely owned libgit2 handle; empty when null.
template <class T>
using Handle = std::unique_ptr<T, Free>;

using RepoHandle = Handle<git_repository>;
using ObjectHandle = Handle<git_object>;
using CommitHandle = Handle<git_commit>;
using TreeHandle = Handle<git_tree>;
using TreeEntryHandle = Handle<git_tree_entry>;
using BlobHandle = Handle<git_blob>;
using DiffHandle = Handle<git_diff>;
using RevwalkHandle = Handle<git_revwalk>;
using ReferenceHandle = Handle<git_reference>;
using ReferenceIteratorHandle = Handle<git_reference_iterator>;
using ConfigHandle = Handle<git_config>;
using ConfigIteratorHandle = Handle<git_config_iterator>;
using IndexHandle = Handle<git_index>;
using OdbHandle = Handle<git_odb>;
using RemoteHandle = Handle<git_remote>;
using NoteHandle = Handle<git_note>;
using SignatureHandle = Handle<git_signature>;

/// Calls git_libgit2_init exactly once per process; every entry point calls it.
void ensure_initialized();

/// libgit2's last error message on this thread, verbatim; empty when none is set.
std::string last_error_message();

/// Throws GitError "<context>: <libgit2 message>" (just the context when libgit2 set
/// no message).
[[noreturn]] void throw_error(std::string_view context);

/// Throws (see throw_error) when a libgit2 call returned a negative code.
inline int check(int rc, std::string_view context) {
  if (rc < 0) throw_error(context);
  return rc;
}

/// The 40-hex form of an object id.
std::string to_hex(const git_oid& id);

/// Parses a full hex id; throws GitError naming `what` when it is not one.
git_oid parse_oid(std::string_view hex, std::string_view what);

/// The contents of a git_buf, which is then disposed of.
std::string take_buf(git_buf& buf);

}  // namespace gate::git
