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

// The default branch's tracking ref, which judges a ref whose old tip CI cannot use: named by
// the CI system, else origin's HEAD as the clone recorded it.
std::string default_tracking_ref(const Repository& repo, const CiRequest& request) {
  std::string name = request.default_branch.empty()
                         ? repo.symbolic_target("refs/remotes/origin/HEAD").value_or("")
                         : "refs/remotes/origin/" + request.default_branch;
  if (name.empty())
    throw GitError(
        fmt::format("{} is new here, and neither the CI system nor the clone "
                    "(refs/remotes/origin/HEAD) names the default branch to judge it by",
                    request.ref));
  if (!repo.find_commit(name)) {
    std::string branch = name.substr(std::string_view("refs/remotes/origin/").size());
    throw GitError(
        fmt::format("{} is new here, judged by the default branch, but {} is not in this "
                    "clone; fetch it with `git fetch origin '+refs/heads/{}:{}'`",
                    request.ref, name, branch, name));
  }
  return name;
}

Plan plan_push_event(const Repository& repo, const CiRequest& request) {
  PushLine line{request.ref, request.deletion ? std::string(40, '0') : request.head, request.ref,
                request.trusted};
  bool new_ref = is_zero_id(line.remote_sha);
  bool old_tip_here = !new_ref && repo.find_commit(line.remote_sha);
  if (!new_ref && !old_tip_here && repo.is_shallow())
    resolve(repo, line.remote_sha, "ref's previous tip");  // throws, naming the fix
  // A ref CI cannot judge from its old tip is judged by the default branch or another
  // protected one (plan_push): after the push every branch is published, and one whose own
  // policy loosened the rules must not serve.
  std::string default_ref;
  if (!request.deletion && !old_tip_here) default_ref = default_tracking_ref(repo, request);
  Plan plan = plan_push(repo, line, "origin", "", PushTiming::after_push, default_ref);
  // The hook may let a push with no known base through as "everything is new"; CI is
  // the authority and must not judge a protected ref without its policy.
  if (plan.range.trusted.empty())
    throw GitError(fmt::format(
        "cannot tell which policy judges {}: the default branch is not protected by its "
        "policy, and no branch that policy protects is fetched (or {} itself is the only one); "
        "fetch the protected branches (`git fetch origin "
        "'+refs/heads/*:refs/remotes/origin/*'`{})",
        request.ref, request.ref, repo.is_shallow() ? ", and `git fetch --unshallow`" : ""));
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
