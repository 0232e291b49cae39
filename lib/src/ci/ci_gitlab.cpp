// GitLab CI: which change a job judges, from its predefined variables.

#include <fmt/format.h>

#include "gate/ci.hpp"
#include "gate/error.hpp"

namespace gate {
namespace {

std::string required(const Environment& env, std::string_view name, std::string_view why) {
  std::optional<std::string> value = env(name);
  if (!value) throw UsageError(fmt::format("GitLab CI variable {} is not set ({})", name, why));
  return *value;
}

// Merge request pipelines. CI_MERGE_REQUEST_TARGET_BRANCH_SHA (the target's tip) is
// set only in merged-results pipelines; otherwise the target branch as fetched is the
// tip, and when the job did not fetch it, the merge base GitLab names is the newest
// target commit known to be trusted.
void read_merge_request(const Environment& env, CiRequest& out) {
  std::string target = required(env, "CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "the target branch");
  out.ref = branch_ref(target);
  out.trusted_fallback =
      required(env, "CI_MERGE_REQUEST_DIFF_BASE_SHA", "the merge request's merge base");
  out.trusted = env("CI_MERGE_REQUEST_TARGET_BRANCH_SHA").value_or("refs/remotes/origin/" + target);
  // In a merged-results pipeline CI_COMMIT_SHA is GitLab's merge commit; the source
  // branch's tip is what its authors wrote.
  out.head = env("CI_MERGE_REQUEST_SOURCE_BRANCH_SHA")
                 .value_or(required(env, "CI_COMMIT_SHA", "the commit to judge"));
  out.request = "!" + required(env, "CI_MERGE_REQUEST_IID", "the merge request");
  out.event = env("CI_PIPELINE_SOURCE").value_or("merge_request_event");
}

// Branch and tag pipelines are judged as the pre-push hook judges the same push.
void read_push(const Environment& env, CiRequest& out) {
  out.push = true;
  out.event = env("CI_PIPELINE_SOURCE").value_or("push");
  out.head = required(env, "CI_COMMIT_SHA", "the commit to judge");
  if (auto tag = env("CI_COMMIT_TAG"))
    out.ref = "refs/tags/" + *tag;
  else if (auto branch = env("CI_COMMIT_BRANCH"))
    out.ref = branch_ref(*branch);
  else
    out.ref = branch_ref(required(env, "CI_COMMIT_REF_NAME", "the pushed ref"));
  // Zeros for a new branch or a tag: the hook's rules pick the base.
  out.trusted = env("CI_COMMIT_BEFORE_SHA").value_or("0000000000000000000000000000000000000000");
  out.default_branch = env("CI_DEFAULT_BRANCH").value_or("");
}

}  // namespace

CiRequest gitlab_request(const Environment& env) {
  CiRequest out;
  out.provider = Provider::gitlab;
  if (env("CI_MERGE_REQUEST_IID"))
    read_merge_request(env, out);
  else
    read_push(env, out);
  out.repository = env("CI_PROJECT_PATH").value_or("");
  return out;
}

}  // namespace gate
