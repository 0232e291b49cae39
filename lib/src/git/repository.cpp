// The git adapter: class Repository over libgit2. The diff itself lives in
// git_diff.cpp, attributes in git_attributes.cpp, references in git_refs.cpp.

#include "gate/repository.hpp"

#include <algorithm>
#include <mutex>

#include "gate/error.hpp"
#include "git/git_attributes.hpp"
#include "git/git_diff.hpp"
#include "git/git_freezes.hpp"
#include "git/git_handle.hpp"
#include "git/git_history.hpp"
#include "git/git_hooks.hpp"
#include "git/git_notes.hpp"
#include "git/git_open.hpp"
#include "git/git_refs.hpp"
#include "git/git_remote_config.hpp"
#include "git/git_tree_walk.hpp"
#include "git/git_workers.hpp"

namespace gate {
namespace {

bool names_head(std::string_view rev) { return rev == "@" || rev.substr(0, 4) == "HEAD"; }

std::string quoted(std::string_view rev) { return "'" + quote_input(rev) + "'"; }

}  // namespace

struct Repository::Impl {
  git::RepoHandle repo;
  mutable std::optional<std::string> hint_cache;

  // libgit2 caches commits but not trees (git_handle.cpp), so without this a hook run
  // read the pushed root trees from disk once per policy, CODEOWNERS, attributes and
  // signers lookup. The root trees of the last two commits read (a change's base and
  // head) are kept.
  mutable std::mutex trees_mutex;
  mutable std::vector<std::pair<git_oid, git::TreeHandle>> recent_trees;

  // How to fetch missing objects (partial clones), for error messages.
  const std::string& hint() const {
    if (!hint_cache) hint_cache = git::missing_object_hint(repo.get());
    return *hint_cache;
  }

  git_repository* get() const { return repo.get(); }
  bool shallow() const { return git_repository_is_shallow(repo.get()) == 1; }

  // Peels `rev` to a commit. Returns GIT_ENOTFOUND, leaving libgit2's message set,
  // when the revision or object does not exist; throws on every other failure.
  int peel_to_commit(std::string_view rev, git_oid* out) const {
    std::string spec(rev);
    git_object* raw = nullptr;
    int rc = git_revparse_single(&raw, repo.get(), spec.c_str());
    if (rc == GIT_ENOTFOUND) return rc;
    git::check(rc, "cannot resolve revision " + quoted(rev));
    git::ObjectHandle object(raw);
    git_object* peeled_raw = nullptr;
    rc = git_object_peel(&peeled_raw, object.get(), GIT_OBJECT_COMMIT);
    if (rc == GIT_ENOTFOUND) return rc;
    git::check(rc, "revision " + quoted(rev) + " does not name a commit");
    git::ObjectHandle peeled(peeled_raw);
    git_oid_cpy(out, git_object_id(peeled.get()));
    return 0;
  }

  [[noreturn]] void throw_unknown(std::string_view rev) const {
    std::string message = git::last_error_message();
    git_error_clear();
    std::string detail = message.empty() ? "" : " (" + message + ")";
    if (names_head(rev) && git_repository_head_unborn(repo.get()) == 1)
      throw GitError("HEAD does not point to a commit (empty repository or unborn branch)" +
                     detail);
    if (shallow())
      throw GitError("unknown revision " + quoted(rev) + detail +
                     "; this shallow clone may lack it: " + git::shallow_fix());
    throw GitError("unknown revision " + quoted(rev) + detail);
  }

  git_oid commit_id(std::string_view rev) const {
    if (rev.empty()) throw GitError("empty revision");
    git_oid id;
    if (peel_to_commit(rev, &id) == GIT_ENOTFOUND) throw_unknown(rev);
    return id;
  }

  git::TreeHandle tree_of(const git_oid& commit, const std::string& hint) const {
    std::lock_guard lock(trees_mutex);
    for (const auto& [id, tree] : recent_trees)
      if (git_oid_equal(&id, &commit)) return duplicate(tree.get());
    git_commit* raw = nullptr;
    git::check(git_commit_lookup(&raw, repo.get(), &commit),
               "reading commit " + git::to_hex(commit));
    git::CommitHandle owned(raw);
    git::TreeHandle tree = git::read_tree(repo.get(), *git_commit_tree_id(owned.get()),
                                          "the tree of commit " + git::to_hex(commit), hint);
    if (recent_trees.size() == 2) recent_trees.erase(recent_trees.begin());
    recent_trees.emplace_back(commit, duplicate(tree.get()));
    return tree;
  }

  // Another owner of the same tree (libgit2 counts references to an object).
  static git::TreeHandle duplicate(git_tree* tree) {
    git_tree* copy = nullptr;
    git::check(git_tree_dup(&copy, tree), "copying a tree handle");
    return git::TreeHandle(copy);
  }
};

Repository::Repository(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Repository::Repository(Repository&&) noexcept = default;
Repository& Repository::operator=(Repository&&) noexcept = default;
Repository::~Repository() = default;

Repository Repository::open(const std::string& path) {
  auto impl = std::make_unique<Impl>();
  impl->repo = git::open_repository(path);
  return Repository(std::move(impl));
}

std::string Repository::git_dir() const {
  std::string dir = git_repository_path(impl_->get());
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  return dir;
}

std::string Repository::resolve_commit(std::string_view rev) const {
  return git::to_hex(impl_->commit_id(rev));
}

std::optional<std::string> Repository::find_commit(std::string_view rev) const {
  if (rev.empty()) return std::nullopt;
  git_oid id;
  if (impl_->peel_to_commit(rev, &id) == GIT_ENOTFOUND) {
    git_error_clear();
    return std::nullopt;
  }
  return git::to_hex(id);
}

std::optional<std::string> Repository::upstream() const {
  std::optional<git_oid> id = git::head_upstream(impl_->get());
  if (!id) return std::nullopt;
  return git::to_hex(*id);
}

std::optional<std::string> Repository::merge_base(const std::string& a,
                                                  const std::string& b) const {
  git_oid one = impl_->commit_id(a), two = impl_->commit_id(b);
  git::History history(impl_->get());
  std::optional<git_oid> base = history.merge_base(one, two);
  // In a shallow clone the common history may simply not be fetched; an empty
  // base would turn the whole history into "the change".
  if (!base && history.shallow())
    throw GitError("no merge base of " + quoted(a) + " and " + quoted(b) +
                   " in this shallow clone; " + git::shallow_fix());
  if (!base) return std::nullopt;
  return git::to_hex(*base);
}

bool Repository::is_ancestor(const std::string& ancestor, const std::string& descendant) const {
  git_oid anc = impl_->commit_id(ancestor), desc = impl_->commit_id(descendant);
  return git::History(impl_->get()).is_ancestor(anc, desc);
}

std::size_t Repository::count_between(const std::string& ancestor,
                                      const std::string& descendant) const {
  git_oid anc = impl_->commit_id(ancestor), desc = impl_->commit_id(descendant);
  return git::History(impl_->get()).range(&anc, desc).size();
}

std::optional<std::string> Repository::read_file(const std::string& commit,
                                                 const std::string& path) const {
  const std::string& hint = impl_->hint();
  git::TreeHandle tree = impl_->tree_of(impl_->commit_id(commit), hint);
  std::optional<git_oid> id = git::blob_at(impl_->get(), tree.get(), path, hint);
  if (!id) return std::nullopt;
  git::BlobHandle blob = git::read_blob(impl_->get(), *id, path, hint);
  return std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                     static_cast<std::size_t>(git_blob_rawsize(blob.get())));
}

std::vector<std::string> Repository::list_files(const std::string& commit) const {
  // Every path of the tree is what it adds to the empty tree.
  const std::string& hint = impl_->hint();
  git::TreeHandle tree = impl_->tree_of(impl_->commit_id(commit), hint);
  std::vector<std::string> paths;
  for (const git::TreeChange& c : git::changed_paths(impl_->get(), nullptr, tree.get(), hint))
    if (c.new_side) paths.push_back(c.new_side->path);
  std::sort(paths.begin(), paths.end());
  return paths;
}

ChangeSet Repository::diff(const std::string& base, const std::string& head,
                           unsigned threads) const {
  ChangeSet change;
  git_oid head_id = impl_->commit_id(head);
  change.head = git::to_hex(head_id);
  git::DiffSettings settings;
  settings.threads = threads;
  settings.missing_object_hint = impl_->hint();
  settings.rename_limit = git::configured_rename_limit(impl_->get());
  git::TreeHandle head_tree = impl_->tree_of(head_id, settings.missing_object_hint);
  git::TreeHandle base_tree;
  git_oid base_id{};
  if (!base.empty()) {
    base_id = impl_->commit_id(base);
    change.base = git::to_hex(base_id);
    base_tree = impl_->tree_of(base_id, settings.missing_object_hint);
  }
  change.files = git::diff_trees(impl_->get(), base_tree.get(), head_tree.get(), settings);
  std::vector<git_oid> range =
      git::History(impl_->get()).range(base.empty() ? nullptr : &base_id, head_id);
  change.commits = git::commit_infos(impl_->get(), range);
  return change;
}

std::vector<std::string> Repository::generated_paths(const std::string& commit,
                                                     const std::vector<std::string>& paths) const {
  if (commit.empty() || paths.empty()) return {};
  return git::generated_paths(impl_->get(), impl_->commit_id(commit), paths, impl_->hint());
}

std::vector<Repository::Ref> Repository::refs_with_prefix(std::string_view prefix) const {
  std::vector<Ref> refs;
  for (auto& [name, commit] : git::refs_with_prefix(impl_->get(), prefix))
    refs.push_back(Ref{std::move(name), std::move(commit)});
  return refs;
}

std::optional<std::string> Repository::symbolic_target(std::string_view name) const {
  return git::symbolic_target(impl_->get(), name);
}

std::vector<std::string> Repository::remotes_with_url(std::string_view url) const {
  return git::remotes_with_url(impl_->get(), url);
}

bool Repository::is_shallow() const { return impl_->shallow(); }

std::vector<std::string> Repository::first_parent_history(const std::string& commit,
                                                          std::size_t limit) const {
  std::vector<std::string> out;
  for (const git_oid& id :
       git::History(impl_->get()).first_parents(impl_->commit_id(commit), limit))
    out.push_back(git::to_hex(id));
  return out;
}

std::vector<std::string> Repository::parents(const std::string& commit) const {
  git_oid id = impl_->commit_id(commit);
  git_commit* raw = nullptr;
  git::check(git_commit_lookup(&raw, impl_->get(), &id), "reading commit " + commit);
  git::CommitHandle c(raw);
  std::vector<std::string> out;
  for (unsigned i = 0; i < git_commit_parentcount(c.get()); ++i)
    out.push_back(git::to_hex(*git_commit_parent_id(c.get(), i)));
  return out;
}

std::string Repository::commit_message(const std::string& commit) const {
  git_oid id = impl_->commit_id(commit);
  git_commit* raw = nullptr;
  git::check(git_commit_lookup(&raw, impl_->get(), &id), "reading commit " + commit);
  git::CommitHandle c(raw);
  const char* message = git_commit_message_raw(c.get());
  return message ? message : "";
}

std::optional<std::string> Repository::read_note(std::string_view notes_ref,
                                                 const std::string& commit) const {
  return git::read_note(impl_->get(), notes_ref, impl_->commit_id(commit));
}

std::vector<std::pair<std::string, std::string>> Repository::list_notes(
    std::string_view notes_ref) const {
  return git::list_notes(impl_->get(), notes_ref);
}

std::vector<std::pair<std::string, std::string>> Repository::notes_at(
    const std::string& notes_commit) const {
  return git::notes_at(impl_->get(), impl_->commit_id(notes_commit));
}

CommitInfo Repository::commit_info(const std::string& commit) const {
  return git::commit_infos(impl_->get(), {impl_->commit_id(commit)}).front();
}

void Repository::write_note(std::string_view notes_ref, const std::string& commit,
                            std::string_view text, const Identity& who) const {
  git::write_note(impl_->get(), notes_ref, impl_->commit_id(commit), text, who);
}

std::string Repository::append_log_entry(std::string_view ref, std::string_view message,
                                         const Identity& who) const {
  return git::append_log_entry(impl_->get(), ref, message, who);
}

std::vector<std::pair<std::string, std::string>> Repository::log_entries(std::string_view ref,
                                                                         std::size_t limit) const {
  return git::log_entries(impl_->get(), ref, limit);
}

std::optional<std::string> Repository::config_value(std::string_view key) const {
  return git::config_value(impl_->get(), key);
}

std::optional<bool> Repository::remote_fetches_ref(std::string_view remote,
                                                   std::string_view ref) const {
  return git::remote_fetches_ref(impl_->get(), remote, ref);
}

void Repository::add_fetch_refspec(std::string_view remote, std::string_view refspec) const {
  git::add_fetch_refspec(impl_->get(), remote, refspec);
}

std::vector<std::string> Repository::fetch_refspecs(std::string_view remote) const {
  return git::fetch_refspecs(impl_->get(), remote);
}

HooksLocation Repository::hooks_location() const { return git::hooks_location(impl_->get()); }

}  // namespace gate
