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
  // never make the gate fall back (README, The gate's own configuration).
  if (signers)
    for (const Diagnostic& d : check_allowed_signers(*signers, o.allowed_signers))
      inputs.notices.push_back(
          fmt::format("{}: {} (line ignored)", d.where.to_string(), d.message));
  for (const std::string& commit : inputs.override_commits) {
    std::optional<std::string> note = repo.read_note(o.notes_ref, commit);
    if (!note) continue;
    for (NoteEntry& entry : parse_note(*note)) {
      FoundOverride found;
      found.note_commit = commit;
      found.entry = std::move(entry);
      if (found.entry.record && !signers) {
        found.signature_problem =
            fmt::format("the base revision has no allowed-signers file {}", o.allowed_signers);
      } else if (found.entry.record) {
        const OverrideRecord& r = *found.entry.record;
        SignatureCheck check = ssh_verify(canonical_payload(r), r.signature, *signers, r.principal,
                                          o.name_space, inputs.context.now);
        found.signature_valid = check.valid;
        found.signature_problem = check.detail;
      }
      inputs.overrides.push_back(std::move(found));
    }
  }
}

}  // namespace gate
