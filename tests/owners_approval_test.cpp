// owners.approval as evaluate() judges it from reviews (docs/rules.md, CODEOWNERS): team members,
// e-mail addresses, capitals, renames, self-approval, the merge queue and GitLab sections.
// The rule's other cases are in owners_rule_test.cpp; how reviews are read, in
// reviews_test.cpp. The policy, CODEOWNERS and builders are tests/support/owners_fixture.hpp.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "gate/evaluate.hpp"
#include "owners_fixture.hpp"

namespace gate {
namespace {

using Case = test::OwnersCase;
using test::commit_by;
using test::count_of;
using test::entry;
using test::evaluate_with;
using test::modified;
using test::renamed;
using test::review;
using test::with_rule;

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("approval by a member of the owning team ([owners.teams]) satisfies the path") {
  Case c;
  c.files = {modified("kamailio/run.sh"), modified("web/app.js")};
  std::vector<Review> both = {review("@carol", ReviewState::approved),
                              review("@wendy", ReviewState::approved)};
  CHECK(evaluate_with(c, both).allowed());

  Report only_voice = evaluate_with(c, std::vector<Review>{review("@dave", ReviewState::approved)});
  CHECK_FALSE(only_voice.allowed());
  auto blocks = with_rule(only_voice, "owners.approval", Severity::block);
  REQUIRE(blocks.size() == 1);
  CHECK(blocks[0]->paths == std::vector<std::string>{"web/app.js"});
  CHECK(contains(blocks[0]->message, "@acme/web"));

  // A non-member's approval does nothing; an empty review list is judged, not skipped.
  CHECK_FALSE(
      evaluate_with(c, std::vector<Review>{review("@olga", ReviewState::approved)}).allowed());
  CHECK_FALSE(evaluate_with(c, std::vector<Review>{}).allowed());
  // Off a protected ref the same shortfall only warns.
  c.ref = "refs/heads/feature";
  Report feature = evaluate_with(c, std::vector<Review>{});
  CHECK(feature.allowed());
  CHECK(with_rule(feature, "owners.approval", Severity::warn).size() == 2);
}

TEST_CASE("GitHub review semantics: the latest verdict per reviewer counts") {
  Case c;
  c.files = {modified("kamailio/run.sh")};
  auto judged = [&](std::vector<Review> reviews) {
    return evaluate_with(c, std::move(reviews)).allowed();
  };
  using S = ReviewState;
  CHECK(judged({review("@carol", S::approved), review("@carol", S::commented)}));
  CHECK(judged({review("@carol", S::approved), review("@carol", S::pending)}));
  CHECK_FALSE(judged({review("@carol", S::approved), review("@carol", S::changes_requested)}));
  CHECK_FALSE(judged({review("@carol", S::approved), review("@carol", S::dismissed)}));
  CHECK(judged({review("@carol", S::changes_requested), review("@carol", S::approved)}));
  CHECK_FALSE(judged({review("@carol", S::commented)}));
  // Another reviewer's verdict does not touch Carol's.
  CHECK(judged({review("@carol", S::approved), review("@olga", S::changes_requested)}));
  // Dave's approval stands although Carol asks for changes: one owner suffices.
  CHECK(judged({review("@dave", S::approved), review("@carol", S::changes_requested)}));
}

TEST_CASE("an approval of an older commit counts unless dismiss_stale") {
  Case c;
  c.files = {modified("kamailio/run.sh")};
  std::vector<Review> stale = {review("@carol", ReviewState::approved, "0ld")};
  CHECK(evaluate_with(c, stale).allowed());
  c.policy += "[owners]\ndismiss_stale = true\n";
  CHECK_FALSE(evaluate_with(c, stale).allowed());
  CHECK(evaluate_with(c, std::vector<Review>{review("@carol", ReviewState::approved, "h")})
            .allowed());
}

TEST_CASE("e-mail owners are satisfied through [owners.people]") {
  Case c;
  c.policy += "\"billing-lead@acme.example\" = \"@bea\"\n";  // still inside [owners.people]
  c.files = {modified("billing/invoice.py")};
  CHECK(evaluate_with(c, std::vector<Review>{review("@bea", ReviewState::approved)}).allowed());
  CHECK_FALSE(
      evaluate_with(c, std::vector<Review>{review("@olga", ReviewState::approved)}).allowed());
  // The e-mail is the owner too when it is written with other capitals.
  c.codeowners = "/billing/ Billing-Lead@ACME.example\n";
  CHECK(evaluate_with(c, std::vector<Review>{review("@bea", ReviewState::approved)}).allowed());
}

TEST_CASE("team members written as e-mail addresses approve through [owners.people]") {
  Case c;
  c.policy = R"(version = 1
[owners.teams]
"@acme/db" = ["DBA@acme.example"]
[owners.people]
"dba@acme.example" = "@dba"
)";
  c.codeowners = "/db/ @acme/db\n";
  c.files = {modified("db/schema.sql")};
  CHECK(evaluate_with(c, std::vector<Review>{review("@dba", ReviewState::approved)}).allowed());
  CHECK_FALSE(
      evaluate_with(c, std::vector<Review>{review("@olga", ReviewState::approved)}).allowed());
  // The same member, as a commit author, is inside the team.
  c.commits = {commit_by("dba@acme.example", "dba@acme.example")};
  CHECK(count_of(evaluate(c.inputs()), "owners.cross-team") == 0);
}

TEST_CASE("handles and teams compare case-insensitively") {
  Case c;
  c.files = {modified("docs/guide.md")};  // owned by @Carol
  CHECK(evaluate_with(c, std::vector<Review>{review("@carol", ReviewState::approved)}).allowed());
  CHECK(evaluate_with(c, std::vector<Review>{review("@CAROL", ReviewState::approved)}).allowed());
  // A reviewer's verdicts fold together whatever capitals the forge used.
  CHECK_FALSE(
      evaluate_with(c, std::vector<Review>{review("@carol", ReviewState::approved),
                                           review("@Carol", ReviewState::changes_requested)})
          .allowed());
  // A team written with other capitals than in [owners.teams] is the same team.
  c.codeowners = "/kamailio/ @Acme/Voice\n";
  c.files = {modified("kamailio/run.sh")};
  CHECK(evaluate_with(c, std::vector<Review>{review("@Dave", ReviewState::approved)}).allowed());
}

TEST_CASE("approval: a rename needs the owners of both paths") {
  Case c;
  c.files = {renamed("web/old.js", "kamailio/new.js")};
  CHECK_FALSE(
      evaluate_with(c, std::vector<Review>{review("@carol", ReviewState::approved)}).allowed());
  CHECK(evaluate_with(c, std::vector<Review>{review("@carol", ReviewState::approved),
                                             review("@wendy", ReviewState::approved)})
            .allowed());
}

TEST_CASE("self-approval does not count, also under a forged commit identity") {
  Case c;
  c.files = {modified("kamailio/run.sh")};
  const std::vector<Review> by_carol = {review("@carol", ReviewState::approved)};
  SUBCASE("the author approves her own change") {
    c.commits = {commit_by("carol@acme.example", "carol@acme.example")};
    Report r = evaluate_with(c, by_carol);
    CHECK_FALSE(r.allowed());
    auto blocks = with_rule(r, "owners.approval", Severity::block);
    REQUIRE(blocks.size() == 1);
    CHECK(contains(blocks[0]->message, "own authors"));
    // Another member of the owning team may approve it.
    CHECK(evaluate_with(c, std::vector<Review>{review("@dave", ReviewState::approved)}).allowed());
  }
  SUBCASE("the committer approves") {
    c.commits = {commit_by("olga@acme.example", "Carol@acme.example")};
    CHECK_FALSE(evaluate_with(c, by_carol).allowed());
  }
  SUBCASE("commits forged as someone else; the pull-request opener approves") {
    c.commits = {commit_by("olga@acme.example", "olga@acme.example")};
    Inputs in = c.inputs();
    in.context.extra_authors = {{"Carol", "carol@acme.example"}};
    in.context.reviews = by_carol;
    CHECK_FALSE(evaluate(in).allowed());
    // CI knows the opener by handle only (`@Carol` from the payload, any case).
    in.context.extra_authors = {{"@Carol", ""}};
    CHECK_FALSE(evaluate(in).allowed());
    in.context.extra_authors = {{"@olga", ""}};
    CHECK(evaluate(in).allowed());
  }
  SUBCASE("GitHub's web-flow committer is nobody, so it takes no approval away") {
    c.commits = {commit_by("olga@acme.example", "noreply@github.com")};
    CHECK(evaluate_with(c, by_carol).allowed());
  }
}

TEST_CASE("in the merge queue owners.approval is info, with or without reviews") {
  Case c;
  c.files = {modified("kamailio/run.sh")};
  Inputs in = c.inputs();
  in.context.reviews_required = true;
  CHECK_FALSE(evaluate(in).allowed());  // the pull request itself: missing reviews block
  in.context.approval_judged_on_pull_request = true;
  Report queued = evaluate(in);
  CHECK(queued.allowed());
  auto infos = with_rule(queued, "owners.approval", Severity::info);
  REQUIRE(infos.size() == 1);
  CHECK(contains(infos[0]->message, "merge queue"));
  CHECK_FALSE(queued.approvers);
  in.context.reviews = std::vector<Review>{review("@wendy", ReviewState::approved)};
  Report reviewed = evaluate(in);
  CHECK(reviewed.allowed());
  REQUIRE(reviewed.approvers);
  CHECK(*reviewed.approvers == std::vector<std::string>{"@wendy"});
  CHECK(with_rule(reviewed, "owners.approval", Severity::info).size() == 1);
}

// ---------------------------------------------------------------- GitLab sections

constexpr const char* gitlab_owners =
    "* @ops\n"
    "[Backend] @backend-lead\n"
    "/api/\n"
    "!/api/vendor/\n"
    "^[Docs] @writer\n"
    "/api/README.md\n"
    "[Security][2] @sec1 @sec2 @sec3\n"
    "/api/auth/\n";

TEST_CASE("GitLab: every required section needs its own approval, optional ones don't") {
  Case c;
  c.policy = "version = 1\n[owners]\nsyntax = \"gitlab\"\n";
  c.codeowners = gitlab_owners;
  c.syntax = OwnersSyntax::gitlab;
  c.files = {modified("api/handler.go")};
  using S = ReviewState;
  auto allowed = [&](std::vector<std::string> who) {
    std::vector<Review> reviews;
    for (auto& w : who) reviews.push_back(review(w, S::approved));
    return evaluate_with(c, reviews).allowed();
  };
  // Default section (@ops) and [Backend] both own api/handler.go.
  CHECK_FALSE(allowed({"@ops"}));
  CHECK_FALSE(allowed({"@backend-lead"}));
  CHECK(allowed({"@ops", "@backend-lead"}));
  Report r = evaluate(c.inputs());
  REQUIRE(entry(r, "api/handler.go"));
  CHECK(entry(r, "api/handler.go")->owners == std::vector<std::string>{"@ops", "@backend-lead"});

  SUBCASE("an ^[Optional] section needs no approval") {
    c.files = {modified("api/README.md")};
    CHECK(allowed({"@ops", "@backend-lead"}));
  }
  SUBCASE("[Section][2] needs two distinct approvers") {
    c.files = {modified("api/auth/token.go")};
    CHECK_FALSE(allowed({"@ops", "@backend-lead", "@sec1"}));
    CHECK_FALSE(allowed({"@ops", "@backend-lead", "@sec1", "@SEC1"}));
    CHECK(allowed({"@ops", "@backend-lead", "@sec1", "@sec3"}));
  }
  SUBCASE("an exclusion removes ownership in its section only") {
    c.files = {modified("api/vendor/lib.go")};
    CHECK(allowed({"@ops"}));
    Report v = evaluate(c.inputs());
    REQUIRE(entry(v, "api/vendor/lib.go"));
    CHECK(entry(v, "api/vendor/lib.go")->owners == std::vector<std::string>{"@ops"});
  }
}

}  // namespace gate
