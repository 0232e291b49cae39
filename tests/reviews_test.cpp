// Reviews as the gate reads them (docs/rules.md, CODEOWNERS: owners.approval): GitHub's "list
// reviews" JSON, --approved-by, the per-reviewer latest verdict, team maps from --teams.
// How owners.approval judges them is in owners_approval_test.cpp.

#include "gate/reviews.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "gate/error.hpp"

namespace gate {
namespace {

using Teams = std::map<std::string, std::vector<std::string>, std::less<>>;

Review make(std::string who, ReviewState state, std::string commit = "head") {
  Review r;
  r.reviewer = std::move(who);
  r.state = state;
  r.commit_id = std::move(commit);
  return r;
}

// The message of the error a bad reviews file gives: UsageError for the wrong shape,
// ConfigError (with file:line:col) for text that is not JSON.
std::string usage_error_of(std::string_view json, std::string_view source) {
  try {
    parse_github_reviews(json, source);
  } catch (const gate::ConfigError& e) {
    return e.location().to_string() + ": " + e.what();
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

std::string teams_error_of(std::string_view json) {
  Teams teams;
  try {
    merge_teams(json, "teams.json", teams);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("parse_github_reviews reads GitHub's list-reviews response") {
  // Shaped like GET /repos/{owner}/{repo}/pulls/{n}/reviews, extra fields included.
  const char* json = R"([
    {"id": 80, "node_id": "MDE3", "user": {"login": "carol", "id": 1, "type": "User"},
     "body": "Looks good", "state": "APPROVED", "commit_id": "ecdd80bb57125d7ba9641ffaa4d7d2c19d3f3091",
     "submitted_at": "2026-07-08T10:00:00Z", "author_association": "MEMBER"},
    {"id": 81, "user": {"login": "Dave"}, "state": "CHANGES_REQUESTED", "commit_id": "abc"},
    {"id": 82, "user": {"login": "erin"}, "state": "COMMENTED"},
    {"id": 83, "user": {"login": "frank"}, "state": "DISMISSED", "commit_id": null},
    {"id": 84, "user": {"login": "gina"}, "state": "PENDING", "commit_id": "def"}
  ])";
  std::vector<Review> r = parse_github_reviews(json, "reviews.json");
  REQUIRE(r.size() == 5);
  CHECK(r[0].reviewer == "@carol");
  CHECK(r[0].state == ReviewState::approved);
  CHECK(r[0].commit_id == "ecdd80bb57125d7ba9641ffaa4d7d2c19d3f3091");
  CHECK(r[1].reviewer == "@Dave");
  CHECK(r[1].state == ReviewState::changes_requested);
  CHECK(r[1].commit_id == "abc");
  CHECK(r[2].state == ReviewState::commented);
  CHECK(r[2].commit_id.empty());
  CHECK(r[3].state == ReviewState::dismissed);
  CHECK(r[3].commit_id.empty());
  CHECK(r[4].state == ReviewState::pending);
  CHECK(parse_github_reviews("[]", "reviews.json").empty());
}

TEST_CASE("parse_github_reviews rejects the wrong shape, naming the source") {
  struct Case {
    const char* what;
    const char* json;
    const char* says;
  };
  const Case cases[] = {
      {"not JSON", "[{\"user\": ", "not valid JSON"},
      {"an object", R"({"user": {"login": "carol"}, "state": "APPROVED"})", "array"},
      {"no user", R"([{"state": "APPROVED"}])", "[0]"},
      {"login not a string", R"([{"user": {"login": 7}, "state": "APPROVED"}])", "[0]"},
      {"no state", R"([{"user": {"login": "carol"}}])", "[0]"},
      {"unknown state", R"([{"user": {"login": "c"}, "state": "APPROVED"},
                           {"user": {"login": "d"}, "state": "LGTM"}])",
       "LGTM"},
      {"element not an object", R"([42])", "[0]"},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    std::string message = usage_error_of(c.json, "pr-reviews.json");
    CHECK(contains(message, "pr-reviews.json"));
    CHECK(contains(message, c.says));
  }
  CHECK(contains(usage_error_of(cases[5].json, "x"), "[1]"));
}

TEST_CASE("approvals_from_list: each handle approves the head commit") {
  std::vector<Review> r = approvals_from_list({"@carol", "dave", ""}, "h3ad");
  REQUIRE(r.size() == 2);
  CHECK(r[0].reviewer == "@carol");
  CHECK(r[1].reviewer == "@dave");
  for (const Review& x : r) {
    CHECK(x.state == ReviewState::approved);
    CHECK(x.commit_id == "h3ad");
  }
  CHECK(current_approvers(r, "h3ad", true) == std::set<std::string>{"@carol", "@dave"});
}

TEST_CASE("current_approvers: per reviewer the latest approve/request/dismiss counts") {
  using S = ReviewState;
  auto approvers = [](std::vector<Review> reviews) {
    return current_approvers(reviews, "head", false);
  };
  CHECK(approvers({make("@carol", S::approved)}) == std::set<std::string>{"@carol"});
  CHECK(approvers({make("@carol", S::approved), make("@carol", S::commented)}) ==
        std::set<std::string>{"@carol"});
  CHECK(approvers({make("@carol", S::approved), make("@carol", S::pending)}) ==
        std::set<std::string>{"@carol"});
  CHECK(approvers({make("@carol", S::approved), make("@carol", S::changes_requested)}).empty());
  CHECK(approvers({make("@carol", S::approved), make("@carol", S::dismissed)}).empty());
  CHECK(approvers({make("@carol", S::changes_requested), make("@carol", S::approved)}) ==
        std::set<std::string>{"@carol"});
  CHECK(approvers({make("@carol", S::dismissed), make("@carol", S::commented)}).empty());
  CHECK(approvers({make("@carol", S::commented)}).empty());
  CHECK(approvers({}).empty());
  // Reviewers are independent of one another.
  CHECK(approvers({make("@carol", S::approved), make("@dave", S::approved),
                   make("@dave", S::changes_requested), make("@erin", S::commented)}) ==
        std::set<std::string>{"@carol"});
}

TEST_CASE("current_approvers folds handles: capitals name the same reviewer") {
  using S = ReviewState;
  CHECK(current_approvers({make("@Carol", S::approved)}, "head", false) ==
        std::set<std::string>{"@carol"});
  CHECK(current_approvers({make("@Carol", S::approved), make("@CAROL", S::changes_requested)},
                          "head", false)
            .empty());
  CHECK(current_approvers({make("@carol", S::changes_requested), make("@CAROL", S::approved)},
                          "head", false) == std::set<std::string>{"@carol"});
}

TEST_CASE("current_approvers: stale approvals count unless dismiss_stale") {
  using S = ReviewState;
  std::vector<Review> reviews = {make("@carol", S::approved, "old"),
                                 make("@dave", S::approved, "head")};
  CHECK(current_approvers(reviews, "head", false) == std::set<std::string>{"@carol", "@dave"});
  CHECK(current_approvers(reviews, "head", true) == std::set<std::string>{"@dave"});
  // A newer approval of the head replaces a stale one.
  reviews.push_back(make("@carol", S::approved, "head"));
  CHECK(current_approvers(reviews, "head", true) == std::set<std::string>{"@carol", "@dave"});
  // A later verdict on an older commit still replaces an approval of the head.
  CHECK(current_approvers(
            {make("@carol", S::approved, "head"), make("@carol", S::changes_requested, "old")},
            "head", false)
            .empty());
}

TEST_CASE("merge_teams merges --teams over [owners.teams], replacing the teams it names") {
  Teams teams = {{"@acme/voice", {"@carol"}}, {"@acme/web", {"@wendy"}}};
  merge_teams(R"({"@acme/voice": ["@dave", "@erin"], "@acme/sec": []})", "teams.json", teams);
  CHECK(teams.size() == 3);
  CHECK(teams["@acme/voice"] == std::vector<std::string>{"@dave", "@erin"});
  CHECK(teams["@acme/web"] == std::vector<std::string>{"@wendy"});
  CHECK(teams["@acme/sec"].empty());
  merge_teams("{}", "teams.json", teams);
  CHECK(teams.size() == 3);
  // Team names compare case-insensitively, so another spelling replaces the team too.
  merge_teams(R"({"@ACME/Web": ["@zed"]})", "teams.json", teams);
  CHECK(teams.size() == 3);
  CHECK(teams.count("@acme/web") == 0);
  CHECK(teams["@ACME/Web"] == std::vector<std::string>{"@zed"});
}

TEST_CASE("merge_teams rejects the wrong shape, naming the source") {
  CHECK(contains(teams_error_of("[1, 2]"), "teams.json"));
  CHECK(contains(teams_error_of("{\"@a/b\": "), "teams.json"));
  CHECK(contains(teams_error_of(R"({"@a/b": "@carol"})"), "@a/b"));
  CHECK(contains(teams_error_of(R"({"@a/b": ["@carol", 3]})"), "@a/b"));
  CHECK(contains(teams_error_of(R"({"@a/b": ["@carol", 3]})"), "teams.json"));
}

// Found by fuzz_ci: nlohmann's parse(text, nullptr, false) still throws out_of_range.406
// for a number no double holds, which escaped as an uncaught exception.
TEST_CASE("a number too large for a double is a gate error naming the file, not a crash") {
  CHECK(contains(teams_error_of(R"({"@acme/voice": [30e210039252417]})"), "teams.json"));
  CHECK_THROWS_AS(parse_reviews(R"([{"id": 1e999}])", "reviews.json", std::string(40, 'a')), Error);
}

}  // namespace gate
