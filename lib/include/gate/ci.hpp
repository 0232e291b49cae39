#pragma once
/// What a CI provider says to judge (docs/ci.md): the target ref, its tip (whose policy
/// and CODEOWNERS judge), the head, and who opened the request. Parsing is pure: the
/// environment comes in as a lookup function and the event payload as text.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gate {

/// The CI systems `git-gate ci` reads.
enum class Provider { github, gitlab, generic };

/// "github", "gitlab", "generic".
const char* to_string(Provider provider);

/// Parses a --provider value. Throws UsageError for an unknown name.
Provider parse_provider(std::string_view name);

/// Looks one environment variable up; nullopt when unset or empty.
using Environment = std::function<std::optional<std::string>(std::string_view)>;

/// GITHUB_ACTIONS=true → github, GITLAB_CI=true → gitlab, else generic.
Provider detect_provider(const Environment& env);

/// The change one CI run judges, before any git lookup.
struct CiRequest {
  Provider provider = Provider::generic;
  std::string event;    ///< "pull_request", "merge_group", "push", "merge_request_event", ...
  std::string trusted;  ///< revision of the target's tip: policy, CODEOWNERS, attributes
  /// Used, with a notice, when `trusted` is not in the clone (GitLab's merge base when
  /// the target branch was not fetched).
  std::string trusted_fallback;
  std::string head;            ///< revision to judge
  std::string ref;             ///< target ref, "refs/heads/main"; empty = judged as protected
  std::string opener;          ///< pull/merge request opener ("@alice"); counts as an author
  std::string request;         ///< "#12" / "!34"
  std::string repository;      ///< "acme/voice"
  std::string default_branch;  ///< push events: new refs are judged since this branch
  bool merge_queue = false;
  /// A push event: judged like the pre-push hook judges the same push (new refs,
  /// deletions, protected tags); `trusted` then holds the ref's old tip (or zeros).
  bool push = false;
  bool deletion = false;
  std::vector<std::string> notices;
};

/// Reads a GitHub Actions run: GITHUB_EVENT_NAME and the event payload (the text of
/// the GITHUB_EVENT_PATH file, named `payload_source` in errors). Supports
/// pull_request, pull_request_target, pull_request_review, merge_group and push.
/// Throws UsageError for an unsupported event, a malformed payload or a missing field.
CiRequest github_request(const Environment& env, std::string_view payload,
                         std::string_view payload_source);

/// Reads a GitLab CI job: a merge request pipeline (CI_MERGE_REQUEST_*) or a branch
/// or tag pipeline (CI_COMMIT_*). Throws UsageError naming a missing variable.
CiRequest gitlab_request(const Environment& env);

/// `refs/heads/<name>` for a branch name; a full ref ("refs/...") stays as it is.
std::string branch_ref(std::string_view name);

}  // namespace gate
