#include "gate/ci_plan.hpp"

#include <fmt/format.h>

#include "gate/error.hpp"
#include "gate/prepush.hpp"

namespace gate {
namespace {

// A CI checkout often holds only the head (actions/checkout fetches one commit by
// default), so a missing commit gets the checkout setting and the fetch that help.
std::string resolve(const Repository& repo, const std::string& rev, std::string_view role) {
  try {
    return repo.resolve_commit(rev);
  } catch (const GitError& e) {
    // In a shallow clone `--unshallow` (named by the adapter) brings history, but not a
    // branch the clone never fetched; fetching the commit itself always works.
    std::string fix = fmt::format(
        "; fetch it with `git fetch origin {}` (on GitHub Actions, "
        "check out with fetch-depth: 0)",
        rev);
    throw GitError(fmt::format("the {} is not in this clone: {}{}", role, e.what(), fix));
  }
}

Plan plan_push_event(const Repository& repo, const CiRequest& request) {
  PushLine line{request.ref, request.deletion ? std::string(40, '0') : request.head, request.ref,
                request.trusted};
  if (!is_zero_id(line.remote_sha) && !repo.find_commit(line.remote_sha) && repo.is_shallow())
    resolve(repo, line.remote_sha, "ref's previous tip");  // throws, naming the fix
  // A new ref is judged since the default branch, by its policy: after the push every
  // branch is published, and one whose own policy loosened the rules must not serve.
  std::string base_ref;
  if (is_zero_id(line.remote_sha) && !request.deletion) {
    if (request.default_branch.empty())
      throw GitError(
          fmt::format("{} is a new ref, and the CI system did not name the default "
                      "branch to judge it against",
                      request.ref));
    base_ref = "refs/remotes/origin/" + request.default_branch;
    if (!repo.find_commit(base_ref))
      throw GitError(
          fmt::format("{} is a new ref, judged since the default branch, but {} is not "
                      "in this clone; fetch it with `git fetch origin "
                      "'+refs/heads/{}:{}'`",
                      request.ref, base_ref, request.default_branch, base_ref));
  }
  Plan plan = plan_push(repo, line, "origin", "", PushTiming::after_push, base_ref);
  // The hook may let a push with no known base through as "everything is new"; CI is
  // the authority and must not judge a protected ref without its policy.
  if (plan.range.trusted.empty())
    throw GitError(fmt::format(
        "cannot tell what {} was based on: no fetched branch of origin shares history with "
        "{}; fetch the target branches (`git fetch origin "
        "'+refs/heads/*:refs/remotes/origin/*'`{})",
        request.ref, request.head, repo.is_shallow() ? ", and `git fetch --unshallow`" : ""));
  return plan;
}

}  // namespace

Plan plan_ci(const Repository& repo, const CiRequest& request) {
  if (request.push) return plan_push_event(repo, request);
  Plan plan;
  std::string trusted_rev = request.trusted;
  if (!request.trusted_fallback.empty() && !repo.find_commit(trusted_rev)) {
    plan.notices.push_back(fmt::format(
        "{} is not in this clone, so the policy at the merge base {} judges; fetch the target "
        "branch to judge with its current tip",
        trusted_rev, request.trusted_fallback.substr(0, 12)));
    trusted_rev = request.trusted_fallback;
  }
  plan.range.trusted = resolve(repo, trusted_rev, "target branch's tip (" + trusted_rev + ")");
  plan.range.head = resolve(repo, request.head, "head commit (" + request.head + ")");
  std::optional<std::string> base = repo.merge_base(plan.range.trusted, plan.range.head);
  if (!base)
    throw GitError(
        fmt::format("{} and {} share no history, so there is no change to judge "
                    "against the target; is the right repository checked out?",
                    plan.range.trusted, plan.range.head));
  plan.range.base = *base;
  return plan;
}

}  // namespace gate
