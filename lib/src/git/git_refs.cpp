#include "git/git_refs.hpp"

#include <algorithm>

#include "git/git_handle.hpp"

namespace gate::git {
namespace {

Identity identity_of(const git_signature* signature) {
  if (signature == nullptr) return {};
  return Identity{signature->name ? signature->name : "", signature->email ? signature->email : ""};
}

CommitInfo info_of(git_repository* repo, const git_oid& id) {
  git_commit* raw = nullptr;
  check(git_commit_lookup(&raw, repo, &id), "reading commit " + to_hex(id));
  CommitHandle commit(raw);
  CommitInfo info;
  info.id = to_hex(id);
  info.author = identity_of(git_commit_author(commit.get()));
  info.committer = identity_of(git_commit_committer(commit.get()));
  // git's subject (%s): the first paragraph of the message on one line.
  const char* summary = git_commit_summary(commit.get());
  info.summary = summary ? summary : "";
  return info;
}

// The configured URLs of one remote, raw and after insteadOf rewriting.
std::vector<std::string> urls_of(git_repository* repo, git_config* config, const char* name) {
  std::vector<std::string> urls;
  for (const char* key : {"url", "pushurl"}) {
    std::string full = std::string("remote.") + name + "." + key;
    git_config_iterator* raw = nullptr;
    if (git_config_multivar_iterator_new(&raw, config, full.c_str(), nullptr) < 0) {
      git_error_clear();
      continue;
    }
    ConfigIteratorHandle it(raw);
    git_config_entry* entry = nullptr;
    while (git_config_next(&entry, it.get()) == 0) urls.emplace_back(entry->value);
    git_error_clear();
  }
  git_remote* remote_raw = nullptr;
  if (git_remote_lookup(&remote_raw, repo, name) == 0) {
    RemoteHandle remote(remote_raw);
    if (const char* u = git_remote_url(remote.get())) urls.emplace_back(u);
    if (const char* u = git_remote_pushurl(remote.get())) urls.emplace_back(u);
  }
  git_error_clear();
  return urls;
}

}  // namespace

std::vector<CommitInfo> commit_infos(git_repository* repo, const std::vector<git_oid>& ids) {
  std::vector<CommitInfo> infos;
  infos.reserve(ids.size());
  for (const git_oid& id : ids) infos.push_back(info_of(repo, id));
  return infos;
}

std::vector<std::pair<std::string, std::string>> refs_with_prefix(git_repository* repo,
                                                                  std::string_view prefix) {
  git_reference_iterator* raw = nullptr;
  check(git_reference_iterator_new(&raw, repo), "listing references");
  ReferenceIteratorHandle it(raw);
  std::vector<std::pair<std::string, std::string>> refs;
  git_reference* ref_raw = nullptr;
  int rc = 0;
  while ((rc = git_reference_next(&ref_raw, it.get())) == 0) {
    ReferenceHandle ref(ref_raw);
    std::string_view name = git_reference_name(ref.get());
    if (name.substr(0, prefix.size()) != prefix) continue;
    git_object* peeled_raw = nullptr;
    if (git_reference_peel(&peeled_raw, ref.get(), GIT_OBJECT_COMMIT) < 0) {
      git_error_clear();  // a tag of a tree or blob, or a dangling symbolic ref
      continue;
    }
    ObjectHandle peeled(peeled_raw);
    refs.emplace_back(std::string(name), to_hex(*git_object_id(peeled.get())));
  }
  if (rc != GIT_ITEROVER) check(rc, "listing references");
  git_error_clear();
  std::sort(refs.begin(), refs.end());
  return refs;
}

std::optional<git_oid> head_upstream(git_repository* repo) {
  // Detached (the usual CI checkout) and unborn HEADs have no branch, so no upstream.
  if (check(git_repository_head_detached(repo), "reading HEAD") == 1) return std::nullopt;
  git_reference* head_raw = nullptr;
  int rc = git_repository_head(&head_raw, repo);
  if (rc == GIT_EUNBORNBRANCH) {
    git_error_clear();
    return std::nullopt;
  }
  check(rc, "reading HEAD");
  ReferenceHandle head(head_raw);
  git_reference* upstream_raw = nullptr;
  rc = git_branch_upstream(&upstream_raw, head.get());
  if (rc == GIT_ENOTFOUND) {  // no upstream configured, or its ref is not fetched
    git_error_clear();
    return std::nullopt;
  }
  std::string branch = git_reference_shorthand(head.get());
  check(rc, "finding the upstream of " + branch);
  ReferenceHandle upstream(upstream_raw);
  git_object* peeled_raw = nullptr;
  check(git_reference_peel(&peeled_raw, upstream.get(), GIT_OBJECT_COMMIT),
        "the upstream of " + branch + " (" + git_reference_name(upstream.get()) + ")");
  ObjectHandle peeled(peeled_raw);
  return *git_object_id(peeled.get());
}

std::optional<std::string> symbolic_target(git_repository* repo, std::string_view name) {
  std::string full(name);
  git_reference* raw = nullptr;
  int rc = git_reference_lookup(&raw, repo, full.c_str());
  if (rc == GIT_ENOTFOUND) {
    git_error_clear();
    return std::nullopt;
  }
  check(rc, "reading reference " + full);
  ReferenceHandle ref(raw);
  if (git_reference_type(ref.get()) != GIT_REFERENCE_SYMBOLIC) return std::nullopt;
  return std::string(git_reference_symbolic_target(ref.get()));
}

std::vector<std::string> remotes_with_url(git_repository* repo, std::string_view url) {
  git_config* config_raw = nullptr;
  check(git_repository_config_snapshot(&config_raw, repo), "reading the configuration");
  ConfigHandle config(config_raw);
  git_strarray names{};
  check(git_remote_list(&names, repo), "listing remotes");
  std::vector<std::string> out;
  for (std::size_t i = 0; i < names.count; ++i) {
    std::vector<std::string> urls = urls_of(repo, config.get(), names.strings[i]);
    if (std::find(urls.begin(), urls.end(), url) != urls.end()) out.emplace_back(names.strings[i]);
  }
  git_strarray_dispose(&names);
  return out;
}

}  // namespace gate::git
