// `--reviews FILE` in the shapes the forges' APIs return: GitHub's list of reviews
// (also paginated by `gh api --paginate --slurp`) and GitLab's approvals object.

#include <doctest/doctest.h>

#include <string>

#include "gate/error.hpp"
#include "gate/reviews.hpp"

namespace {

using gate::Review;
using gate::ReviewState;

std::string error_of(std::string_view json) {
  try {
    gate::parse_reviews(json, "approvals.json", "head-sha");
  } catch (const gate::ConfigError& e) {
    return e.location().to_string() + ": " + e.what();
  } catch (const gate::UsageError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("GitLab's approvals object: each approver approves the head") {
  const char* json = R"({"id": 5, "iid": 34, "approved": true, "approvals_required": 2,
    "approved_by": [{"user": {"id": 1, "username": "bob", "name": "Bob"}},
                    {"user": {"id": 2, "username": "Carol.D", "state": "active"}}]})";
  std::vector<Review> reviews = gate::parse_reviews(json, "approvals.json", "abc123");
  REQUIRE(reviews.size() == 2);
  CHECK(reviews[0].reviewer == "@bob");
  CHECK(reviews[1].reviewer == "@Carol.D");
  for (const Review& r : reviews) {
    CHECK(r.state == ReviewState::approved);
    CHECK(r.commit_id == "abc123");
  }
  // With dismiss_stale they still count: GitLab lists only approvals that stand.
  CHECK(gate::current_approvers(reviews, "abc123", true).size() == 2);
  CHECK(gate::parse_gitlab_approvals(json, "a.json", "abc123").size() == 2);
  CHECK(gate::parse_reviews(R"({"approved_by": []})", "a.json", "h").empty());
}

TEST_CASE("GitHub reviews given as pages (an array of arrays) are read in order") {
  const char* json = R"([[{"user": {"login": "bob"}, "state": "APPROVED", "commit_id": "h"}],
                         [{"user": {"login": "bob"}, "state": "CHANGES_REQUESTED", "commit_id": "h"},
                          {"user": {"login": "dave"}, "state": "APPROVED", "commit_id": "h"}]])";
  std::vector<Review> reviews = gate::parse_reviews(json, "reviews.json", "h");
  REQUIRE(reviews.size() == 3);
  std::set<std::string> approvers = gate::current_approvers(reviews, "h", false);
  CHECK(approvers == std::set<std::string>{"@dave"});  // bob's later review withdrew his
}

TEST_CASE("reviews of the wrong shape name the file and what is wrong") {
  CHECK(error_of(R"({"approvals": []})").find("approved_by") != std::string::npos);
  CHECK(error_of(R"({"approved_by": [{"user": {}}]})").find("approved_by[0]") != std::string::npos);
  CHECK(error_of(R"({"approved_by": [{"user": {"username": 3}}]})").find("string") !=
        std::string::npos);
  CHECK(error_of(R"("APPROVED")").find("array") != std::string::npos);
  CHECK(error_of("[{\"user\": {\"login\": \"x\"}, \"state\": \"APPROVED\"},\n  oops]")
            .find("approvals.json:2:") == 0);
}
