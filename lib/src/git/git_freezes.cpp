#include "git/git_freezes.hpp"

#include "gate/error.hpp"
#include "git/git_handle.hpp"
#include "git/git_history.hpp"

namespace gate::git {
namespace {

// The commit `ref` peels to; nullopt when the ref does not exist.
std::optional<git_oid> tip_of(git_repository* repo, const std::string& ref) {
  git_oid id;
  int rc = git_reference_name_to_id(&id, repo, ref.c_str());
  if (rc == GIT_ENOTFOUND) {
    git_error_clear();
    return std::nullopt;
  }
  check(rc, "reading " + ref);
  return id;
}

}  // namespace

std::string append_log_entry(git_repository* repo, std::string_view ref_name,
                             std::string_view message, const Identity& who) {
  const std::string ref(ref_name), text(message);
  std::optional<git_oid> tip = tip_of(repo, ref);
  CommitHandle parent;
  if (tip) {
    git_commit* raw = nullptr;
    check(git_commit_lookup(&raw, repo, &*tip), "reading the tip of " + ref);
    parent.reset(raw);
  }
  git_treebuilder* builder_raw = nullptr;
  check(git_treebuilder_new(&builder_raw, repo, nullptr), "making an empty tree");
  git_oid tree_id;
  int rc = git_treebuilder_write(&tree_id, builder_raw);
  git_treebuilder_free(builder_raw);
  check(rc, "writing an empty tree");
  git_tree* tree_raw = nullptr;
  check(git_tree_lookup(&tree_raw, repo, &tree_id), "reading the empty tree");
  TreeHandle tree(tree_raw);
  git_signature* sig_raw = nullptr;
  check(git_signature_now(&sig_raw, who.name.c_str(), who.email.c_str()),
        "making the commit's signature");
  SignatureHandle sig(sig_raw);
  const git_commit* parents[] = {parent.get()};
  git_oid commit_id;
  check(git_commit_create(&commit_id, repo, nullptr, sig.get(), sig.get(), nullptr, text.c_str(),
                          tree.get(), parent ? 1 : 0, parents),
        "writing a commit for " + ref);
  git_reference* out = nullptr;
  // Compare and swap: a writer that appended meanwhile is not overwritten.
  rc = tip ? git_reference_create_matching(&out, repo, ref.c_str(), &commit_id, 1, &*tip, "append")
           : git_reference_create(&out, repo, ref.c_str(), &commit_id, 0, "append");
  check(rc, "updating " + ref + " (did another writer append at the same time? try again)");
  git_reference_free(out);
  return to_hex(commit_id);
}

std::vector<std::pair<std::string, std::string>> log_entries(git_repository* repo,
                                                             std::string_view ref_name,
                                                             std::size_t limit) {
  const std::string ref(ref_name);
  std::optional<git_oid> tip = tip_of(repo, ref);
  std::vector<std::pair<std::string, std::string>> out;
  if (!tip) return out;
  for (const git_oid& id : History(repo).first_parents(*tip, limit)) {
    git_commit* raw = nullptr;
    check(git_commit_lookup(&raw, repo, &id), "reading a commit of " + ref);
    CommitHandle commit(raw);
    const char* message = git_commit_message_raw(commit.get());
    out.emplace_back(to_hex(id), message ? message : "");
  }
  return out;
}

}  // namespace gate::git
