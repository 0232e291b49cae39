#pragma once
/// Pull-request reviews as the gate needs them: who approved, judged the way GitHub does.

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace gate {

/// A review's state as GitHub names it.
enum class ReviewState { approved, changes_requested, dismissed, commented, pending };

/// One review, in the order the forge returned them (chronological).
struct Review {
  std::string reviewer;  ///< handle with '@', e.g. "@carol"
  ReviewState state = ReviewState::commented;
  std::string commit_id;  ///< the commit the review was made on; may be empty
};

/// Parses GitHub's "list reviews for a pull request" JSON (an array of objects with
/// `user.login`, `state`, `commit_id`). Throws UsageError naming `source` and the
/// offending element when the shape is wrong.
std::vector<Review> parse_github_reviews(std::string_view json, std::string_view source);

/// GitLab's "merge request approvals" response (an object whose `approved_by` lists
/// `{"user": {"username": ...}}`). GitLab lists only approvals that still stand, so
/// each counts as an approval of `head`. Throws UsageError naming `source` on the
/// wrong shape.
std::vector<Review> parse_gitlab_approvals(std::string_view json, std::string_view source,
                                           const std::string& head);

/// `--reviews FILE`: GitHub's array of reviews (or an array of such pages, as
/// `gh api --paginate --slurp` writes) or GitLab's approvals object, told apart by shape.
std::vector<Review> parse_reviews(std::string_view json, std::string_view source,
                                  const std::string& head);

/// `--approved-by @a,@b`: approvals of `head`.
std::vector<Review> approvals_from_list(const std::vector<std::string>& handles,
                                        const std::string& head);

/// Merges a JSON object `{"@org/team": ["@member", ...]}` into `teams`, replacing
/// teams it names. Throws UsageError naming `source` on the wrong shape.
void merge_teams(std::string_view json, std::string_view source,
                 std::map<std::string, std::vector<std::string>, std::less<>>& teams);

/// Handles (lower-cased) whose review currently approves: per reviewer the latest
/// APPROVED, CHANGES_REQUESTED or DISMISSED review counts; COMMENTED and PENDING change
/// nothing. With `dismiss_stale`, an approval of another commit than `head` does not count.
std::set<std::string> current_approvers(const std::vector<Review>& reviews, std::string_view head,
                                        bool dismiss_stale);

}  // namespace gate
