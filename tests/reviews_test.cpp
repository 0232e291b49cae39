// Reviews as the gate reads them (brief 2.3, owners.approval): GitHub's "list reviews"
// JSON, --approved-by, the per-reviewer latest verdict, team maps from --teams; then
// owners.approval as evaluate() judges it from reviews (teams, e-mails, case, GitLab
// sections, self-approval).

#include "gate/reviews.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "gate/error.hpp"
#include "gate/evaluate.hpp"

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
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

// ---------------------------------------------------------------- owners.approval judged
// evaluate() with reviews supplied (the rule's other cases are in owners_rule_test.cpp).

constexpr const char* base_policy = R"(
version = 1
protected = ["refs/heads/main"]
[owners.teams]
"@acme/voice" = ["@carol", "@dave"]
"@acme/web" = ["@wendy"]
[owners.people]
"carol@acme.example" = "@carol"
"dave@acme.example" = "@dave"
"wendy@acme.example" = "@wendy"
"olga@acme.example" = "@olga"
)";

constexpr const char* github_owners =
    "/kamailio/   @acme/voice\n"
    "/web/        @acme/web\n"
    "/billing/    billing-lead@acme.example\n"
    "/docs/       @Carol\n";

FileChange modified(std::string path) {
  FileChange f;
  f.path = std::move(path);
  f.added = 1;
  return f;
}

FileChange renamed(std::string from, std::string to) {
  FileChange f = modified(std::move(to));
  f.old_path = std::move(from);
  f.status = FileStatus::renamed;
  return f;
}

CommitInfo commit_by(const std::string& author, const std::string& committer) {
  CommitInfo c;
  c.id = "c0ffee";
  c.author = {"A", author};
  c.committer = {"C", committer};
  return c;
}

Review review(std::string who, ReviewState state, std::string commit = "h") {
  return make(std::move(who), state, std::move(commit));
}

struct Case {
  std::string policy = base_policy;
  std::string codeowners = github_owners;
  OwnersSyntax syntax = OwnersSyntax::github;
  std::string ref = "refs/heads/main";
  std::vector<FileChange> files;
  std::vector<CommitInfo> commits;

  Inputs inputs() const {
    Inputs in;
    in.policy = parse_policy(policy);
    in.codeowners = parse_codeowners(codeowners, ".github/CODEOWNERS", syntax);
    in.change.head = "h";
    in.change.files = files;
    in.change.commits = commits;
    in.context.ref = ref;
    return in;
  }
};

Report evaluate_with(const Case& c, std::vector<Review> reviews) {
  Inputs in = c.inputs();
  in.context.reviews = std::move(reviews);
  return evaluate(in);
}

std::vector<const Finding*> with_rule(const Report& r, std::string_view rule, Severity severity) {
  std::vector<const Finding*> out;
  for (const Finding& f : r.findings)
    if (f.rule == rule && f.severity == severity) out.push_back(&f);
  return out;
}
std::vector<const Finding*> with_rule(Report&&, std::string_view, Severity) = delete;

std::size_t count_of(const Report& r, std::string_view rule) {
  return static_cast<std::size_t>(std::count_if(r.findings.begin(), r.findings.end(),
                                                [&](const Finding& f) { return f.rule == rule; }));
}

const FileEntry* entry(const Report& r, std::string_view path) {
  for (const FileEntry& f : r.files)
    if (f.change.path == path) return &f;
  return nullptr;
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

TEST_CASE("self-approval does not count, also under a forged commit identity (brief 4)") {
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
