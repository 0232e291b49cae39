// The freezes ref's server-side guard (docs/freezes.md, Protecting the ref). git gives
// the history (parents, messages); the default branch's policy says who is believed;
// ssh-keygen verifies each new record, as every reader of the ref later will.

#include "gate/freeze_guard.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "gate/error.hpp"
#include "gate/freeze.hpp"
#include "gate/gather.hpp"
#include "gate/ssh_signature.hpp"

namespace gate {
namespace {

struct NewCommit {
  std::string commit;
  std::string message;
};

// The commits of old..new, newest first, or the problem of the history.
std::vector<NewCommit> new_commits(const Repository& repo, const std::optional<std::string>& old,
                                   const std::string& tip,
                                   std::vector<FreezeGuardProblem>& problems) {
  std::vector<NewCommit> out;
  for (std::string at = tip; !old || at != *old;) {
    if (out.size() >= max_guarded_commits) {
      problems.push_back({tip, fmt::format("more than {} new commits", max_guarded_commits)});
      return {};
    }
    std::vector<std::string> parents = repo.parents(at);
    out.push_back({at, repo.commit_message(at)});
    if (parents.size() > 1) {
      problems.push_back({at, "is a merge: records are appended one commit at a time"});
      return {};
    }
    if (parents.empty()) {
      if (old)
        problems.push_back(
            {tip, fmt::format("is not a fast-forward of {}: records were dropped or rewritten",
                              old->substr(0, 12))});
      return old ? std::vector<NewCommit>{} : out;
    }
    at = parents.front();
  }
  return out;
}

// Who HEAD's policy believes, read once.
struct Judge {
  std::optional<Policy> policy;
  std::optional<std::string> signers;
  std::string head;

  // Why `message` is not a record that verifies, or "".
  std::string problem(const std::string& message) const {
    ParsedFreeze parsed = parse_freeze(message);
    if (!parsed.record) return "is not a freeze record: " + parsed.error;
    const FreezeRecord& r = *parsed.record;
    if (!policy || !policy->freezes.configured)
      return fmt::format("record {}: the default branch ({}) has no [freezes] policy", r.id,
                         head.substr(0, 12));
    const FreezesPolicy& f = policy->freezes;
    if (r.repository != f.repository)
      return fmt::format("record {} is for the repository {}, not {}", r.id,
                         quote_input(r.repository), quote_input(f.repository));
    if (std::find(f.principals.begin(), f.principals.end(), r.principal) == f.principals.end())
      return fmt::format("record {}: {} is not in the default branch's [freezes] principals", r.id,
                         quote_input(r.principal));
    if (!signers)
      return fmt::format("record {}: the default branch has no allowed-signers file {}", r.id,
                         quote_input(f.allowed_signers));
    SignatureCheck check =
        ssh_verify(freeze_payload(r), r.signature, *signers, r.principal, f.name_space, r.start);
    if (!check.valid)
      return fmt::format("record {}: the signature does not verify: {}", r.id, check.detail);
    return {};
  }
};

Judge judge_of(const Repository& repo) {
  Judge judge;
  judge.head = repo.resolve_commit("HEAD");
  TrustedPolicy trusted = read_trusted_policy(repo, judge.head);
  judge.policy = std::move(trusted.policy);
  if (judge.policy && judge.policy->freezes.configured)
    judge.signers = repo.read_file(trusted.source->revision, judge.policy->freezes.allowed_signers);
  return judge;
}

}  // namespace

std::vector<FreezeGuardProblem> freeze_guard(const Repository& repo,
                                             const std::optional<std::string>& old_commit,
                                             const std::string& new_commit) {
  std::vector<FreezeGuardProblem> problems;
  std::optional<std::string> old;
  if (old_commit) old = repo.resolve_commit(*old_commit);
  std::vector<NewCommit> commits =
      new_commits(repo, old, repo.resolve_commit(new_commit), problems);
  if (commits.empty()) return problems;
  Judge judge = judge_of(repo);
  // Oldest first, as they were appended.
  for (auto it = commits.rbegin(); it != commits.rend(); ++it)
    if (std::string why = judge.problem(it->message); !why.empty())
      problems.push_back({it->commit, std::move(why)});
  return problems;
}

}  // namespace gate
