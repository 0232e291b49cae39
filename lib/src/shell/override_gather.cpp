// The shell side of overrides: notes from git, signatures from ssh-keygen. Everything
// judged afterwards is evaluate()'s (override_rule.cpp).

#include <fmt/format.h>

#include <algorithm>

#include "gate/gather.hpp"
#include "gate/ssh_signature.hpp"

namespace gate {

namespace {

// How many merges back the queue branch is searched for queued pull requests.
constexpr int kMaxQueueDepth = 100;

// How many records of one commit's note are verified (one ssh-keygen run each): anyone who
// can push notes can fill one with records, which must neither cost a run each nor end the
// judgement in an error (docs/overrides.md).
constexpr std::size_t kMaxVerifiedPerCommit = 64;

// Why `r`, found on `commit`, is not worth an ssh-keygen run, or "" when it is: a record
// the judgement rejects whatever its signature (rules/override_rule.cpp) is not verified.
std::string unverified_because(const Inputs& inputs, const std::string& commit,
                               const OverrideRecord& r) {
  const OverridesPolicy& o = inputs.policy->overrides;
  if (!o.configured || (inputs.policy_source && inputs.policy_source->fallback()))
    return "not checked, as the base policy honours no override";
  if (r.repository != o.repository || r.commit != commit)
    return "not checked, as the record is not for this repository and commit";
  bool approver =
      std::any_of(o.approvers.begin(), o.approvers.end(),
                  [&](const OverrideApprover& a) { return a.principal == r.principal; });
  if (approver) return {};
  // Worded as the judgement's own rejection of a record it cannot lift (rights_problem).
  std::string principal = r.principal.substr(0, 200);
  for (const std::string& rule : r.rules)
    if (!o.may_lift(r.principal, rule))
      return fmt::format("not checked, as {} is not an override approver for {} in the base policy",
                         principal, rule.substr(0, 200));
  return fmt::format("not checked, as {} is not an override approver in the base policy",
                     principal);
}

// Verifies the signature of `found` with ssh-keygen. A record whose fields cannot be
// written canonically was not signed by `override approve`: rejected, never an error.
void verify(const Inputs& inputs, const std::string& signers, FoundOverride& found) {
  const OverridesPolicy& o = inputs.policy->overrides;
  const OverrideRecord& r = *found.entry.record;
  std::string payload;
  try {
    payload = canonical_payload(r);
  } catch (const UsageError& e) {
    found.signature_problem = e.what();
    return;
  }
  SignatureCheck check =
      ssh_verify(payload, r.signature, signers, r.principal, o.name_space, inputs.context.now);
  found.signature_valid = check.valid;
  found.signature_problem = check.detail;
}

// The records of one commit's note, each verified if it may apply: only those naming the
// commit, the repository and an approver, and of those the first kMaxVerifiedPerCommit.
void gather_note(const Inputs& inputs, const std::string& commit, const std::string& note,
                 const std::optional<std::string>& signers, std::vector<FoundOverride>& out) {
  const OverridesPolicy& o = inputs.policy->overrides;
  std::size_t verified = 0;
  for (NoteEntry& entry : parse_note(note)) {
    FoundOverride found;
    found.note_commit = commit;
    found.entry = std::move(entry);
    if (!found.entry.record) {
      // Not a record: its parse error is why it is rejected.
    } else if (!signers) {
      found.signature_problem =
          fmt::format("the base revision has no allowed-signers file {}", o.allowed_signers);
    } else if (std::string why = unverified_because(inputs, commit, *found.entry.record);
               !why.empty()) {
      found.signature_problem = std::move(why);
    } else if (verified >= kMaxVerifiedPerCommit) {
      found.signature_problem = fmt::format(
          "not checked: too many records (only the first {} on a commit that name it, this "
          "repository and an approver are verified)",
          kMaxVerifiedPerCommit);
    } else {
      ++verified;
      verify(inputs, *signers, found);
    }
    out.push_back(std::move(found));
  }
}

}  // namespace

std::vector<std::string> override_commits(const Repository& repo, const Range& range,
                                          const Context& context) {
  if (context.deletion)
    return range.trusted.empty() ? std::vector<std::string>{} : std::vector{range.trusted};
  std::vector<std::string> commits = {range.head};
  if (!context.approval_judged_on_pull_request) return commits;
  // A merge queue branch is a first-parent chain of merges on the base; each merge's
  // other parents are the queued pull requests' heads, where their overrides were given.
  std::string at = range.head;
  for (int depth = 0; depth < kMaxQueueDepth && at != range.base; ++depth) {
    std::vector<std::string> parents = repo.parents(at);
    if (parents.empty()) break;
    for (std::size_t i = 1; i < parents.size(); ++i)
      if (std::find(commits.begin(), commits.end(), parents[i]) == commits.end())
        commits.push_back(parents[i]);
    at = parents[0];
  }
  return commits;
}

void gather_overrides(const Repository& repo, const Range& range, Inputs& inputs) {
  const OverridesPolicy& o = inputs.policy->overrides;
  std::optional<std::string> signers =
      range.trusted.empty() ? std::nullopt : repo.read_file(range.trusted, o.allowed_signers);
  // ssh-keygen skips a line it cannot read; like CODEOWNERS's, such lines are reported and
  // never make the gate fall back (docs/rules.md, The gate's own configuration).
  if (signers)
    for (const Diagnostic& d : check_allowed_signers(*signers, o.allowed_signers))
      inputs.notices.push_back(
          fmt::format("{}: {} (line ignored)", d.where.to_string(), d.message));
  for (const std::string& commit : inputs.override_commits)
    if (std::optional<std::string> note = repo.read_note(o.notes_ref, commit))
      gather_note(inputs, commit, *note, signers, inputs.overrides);
}

}  // namespace gate
