// The ownership rules (docs/rules.md, CODEOWNERS: owners.unowned, owners.approval,
// owners.cross-team), judged by evaluate() on hand-built Inputs: no git, no clock. The
// policy, CODEOWNERS and builders are those of tests/support/owners_fixture.hpp.

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "gate/codeowners.hpp"
#include "gate/evaluate.hpp"
#include "owners_fixture.hpp"

namespace gate {
namespace {

using Case = test::OwnersCase;
using test::commit_by;
using test::count_of;
using test::deleted;
using test::entry;
using test::evaluate_with;
using test::line_of;
using test::modified;
using test::owners_codeowners;
using test::renamed;
using test::review;
using test::with_rule;

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

// ---------------------------------------------------------------- owners.unowned

TEST_CASE("owners.unowned blocks on a protected ref and warns elsewhere") {
  Case c;
  c.codeowners = "/kamailio/ @acme/voice\n";
  c.files = {modified("kamailio/run.sh"), modified("stray/file.txt")};
  Report r = evaluate(c.inputs());
  auto blocks = with_rule(r, "owners.unowned", Severity::block);
  REQUIRE(blocks.size() == 1);
  CHECK(blocks[0]->paths == std::vector<std::string>{"stray/file.txt"});
  CHECK_FALSE(r.allowed());

  c.ref = "refs/heads/feature";
  Report feature = evaluate(c.inputs());
  CHECK(feature.allowed());
  CHECK(with_rule(feature, "owners.unowned", Severity::block).empty());
  auto warns = with_rule(feature, "owners.unowned", Severity::warn);
  REQUIRE(warns.size() == 1);
  CHECK(warns[0]->paths == std::vector<std::string>{"stray/file.txt"});
}

TEST_CASE("owners.unowned follows [owners] severity and [rules]") {
  Case c;
  c.codeowners = "/kamailio/ @acme/voice\n";
  c.files = {modified("stray/file.txt")};
  SUBCASE("[owners] severity = warn") {
    c.policy = "version = 1\n[owners]\nseverity = \"warn\"\n";
    Report r = evaluate(c.inputs());
    CHECK(r.allowed());
    CHECK(with_rule(r, "owners.unowned", Severity::warn).size() == 1);
  }
  SUBCASE("[rules] off") {
    c.policy = "version = 1\n[rules]\n\"owners.unowned\" = \"off\"\n";
    Report r = evaluate(c.inputs());
    CHECK(r.allowed());
    CHECK(with_rule(r, "owners.unowned", Severity::block).empty());
    CHECK(with_rule(r, "owners.unowned", Severity::warn).empty());
  }
}

TEST_CASE("an explicitly ownerless path is info, never blocked") {
  Case c;
  c.files = {modified("web/generated/bundle.js")};
  Report r = evaluate(c.inputs());
  CHECK(r.allowed());
  CHECK(with_rule(r, "owners.unowned", Severity::block).empty());
  auto info = with_rule(r, "owners.unowned", Severity::info);
  REQUIRE(info.size() == 1);
  CHECK(info[0]->paths == std::vector<std::string>{"web/generated/bundle.js"});
  const FileEntry* e = entry(r, "web/generated/bundle.js");
  REQUIRE(e);
  CHECK(e->owners.empty());
  CHECK(e->owner_line ==
        ".github/CODEOWNERS:" + std::to_string(line_of(owners_codeowners, "/web/generated/")));
}

TEST_CASE("the last matching line wins, and the report names it") {
  Case c;
  c.files = {modified("kamailio/run.sh"), modified("web/app.js"), modified("README.md")};
  Report r = evaluate(c.inputs());
  const FileEntry* k = entry(r, "kamailio/run.sh");
  const FileEntry* w = entry(r, "web/app.js");
  const FileEntry* readme = entry(r, "README.md");
  REQUIRE(k);
  REQUIRE(w);
  REQUIRE(readme);
  CHECK(k->owners == std::vector<std::string>{"@acme/voice"});
  CHECK(k->owner_line ==
        ".github/CODEOWNERS:" + std::to_string(line_of(owners_codeowners, "/kamailio/")));
  CHECK(w->owners == std::vector<std::string>{"@acme/web"});
  CHECK(readme->owners == std::vector<std::string>{"@acme/ops"});
  CHECK(readme->owner_line ==
        ".github/CODEOWNERS:" + std::to_string(line_of(owners_codeowners, "*   ")));

  // An earlier, more specific line loses to a later, broader one.
  c.codeowners = "/kamailio/ @acme/voice\n* @acme/ops\n";
  Report later = evaluate(c.inputs());
  REQUIRE(entry(later, "kamailio/run.sh"));
  CHECK(entry(later, "kamailio/run.sh")->owners == std::vector<std::string>{"@acme/ops"});
  CHECK(entry(later, "kamailio/run.sh")->owner_line == ".github/CODEOWNERS:2");
}

TEST_CASE("a rename touches both paths: an unowned old path is reported") {
  Case c;
  c.codeowners = "/kamailio/ @acme/voice\n";
  c.files = {renamed("legacy/run.sh", "kamailio/run.sh")};
  Report r = evaluate(c.inputs());
  auto blocks = with_rule(r, "owners.unowned", Severity::block);
  REQUIRE(blocks.size() == 1);
  CHECK(blocks[0]->paths == std::vector<std::string>{"legacy/run.sh"});

  // The other way round: the new path is the unowned one.
  c.files = {renamed("kamailio/run.sh", "legacy/run.sh")};
  Report back = evaluate(c.inputs());
  auto again = with_rule(back, "owners.unowned", Severity::block);
  REQUIRE(again.size() == 1);
  CHECK(again[0]->paths == std::vector<std::string>{"legacy/run.sh"});
}

TEST_CASE("a deletion touches the deleted path") {
  Case c;
  c.codeowners = "/kamailio/ @acme/voice\n";
  c.files = {deleted("old/unowned.sh")};
  Report r = evaluate(c.inputs());
  auto blocks = with_rule(r, "owners.unowned", Severity::block);
  REQUIRE(blocks.size() == 1);
  CHECK(blocks[0]->paths == std::vector<std::string>{"old/unowned.sh"});

  // Deleting an owned file needs its owners' approval like any other change.
  c.files = {deleted("kamailio/old.cfg")};
  Report owned = evaluate_with(c, std::vector<Review>{review("@wendy", ReviewState::approved)});
  auto approval = with_rule(owned, "owners.approval", Severity::block);
  REQUIRE(approval.size() == 1);
  CHECK(approval[0]->paths == std::vector<std::string>{"kamailio/old.cfg"});
}

TEST_CASE("no CODEOWNERS at the base: a warning naming the places searched, rules skipped") {
  Case c;
  c.codeowners.reset();
  c.files = {modified("stray/file.txt")};
  c.commits = {commit_by("olga@acme.example", "olga@acme.example")};
  Report r = evaluate_with(c, std::nullopt, /*required=*/true);
  CHECK(r.allowed());
  for (const Finding& f : r.findings) CHECK(f.severity != Severity::block);
  auto warned = with_rule(r, "owners.unowned", Severity::warn);
  REQUIRE(warned.size() == 1);
  CHECK(contains(warned[0]->message, "no CODEOWNERS"));
  for (const std::string& place : gate::codeowners_locations(gate::OwnersSyntax::github))
    CHECK(contains(warned[0]->message, place));
  CHECK(contains(warned[0]->message, ".gitlab/CODEOWNERS"));
  CHECK(with_rule(r, "owners.approval").empty());
  CHECK(with_rule(r, "owners.cross-team").empty());
}

TEST_CASE("bad CODEOWNERS lines become notices with file:line:col, good lines still apply") {
  const std::string text =
      "/kamailio/ @acme/voice\n"
      "/web/*** @acme/web\n"
      "/api/ not-an-owner\n"
      "/docs/ @carol\n";
  Case c;
  c.codeowners = text;
  c.files = {modified("kamailio/run.sh"), modified("docs/x.md"), modified("api/server.c")};
  Report r = evaluate(c.inputs());
  auto noticed = [&](int line) {
    std::string where = ".github/CODEOWNERS:" + std::to_string(line) + ":";
    return std::any_of(r.notices.begin(), r.notices.end(),
                       [&](const std::string& n) { return n.rfind(where, 0) == 0; });
  };
  CHECK(noticed(line_of(text, "/web/***")));
  CHECK(noticed(line_of(text, "not-an-owner")));
  CHECK_FALSE(noticed(line_of(text, "/kamailio/")));
  REQUIRE(entry(r, "docs/x.md"));
  CHECK(entry(r, "docs/x.md")->owners == std::vector<std::string>{"@carol"});
  REQUIRE(entry(r, "kamailio/run.sh"));
  CHECK(entry(r, "kamailio/run.sh")->owners == std::vector<std::string>{"@acme/voice"});
  // The ignored line owns nothing, so its path is unowned.
  auto blocks = with_rule(r, "owners.unowned", Severity::block);
  REQUIRE(blocks.size() == 1);
  CHECK(blocks[0]->paths == std::vector<std::string>{"api/server.c"});
}

// ---------------------------------------------------------------- owners.approval

TEST_CASE("owners.approval without reviews is not judged: info lists the owners CI will require") {
  Case c;
  c.files = {modified("kamailio/run.sh"), modified("web/app.js"), modified("web/generated/x.js")};
  Report r = evaluate(c.inputs());
  CHECK(r.allowed());
  auto approval = with_rule(r, "owners.approval");
  REQUIRE(approval.size() == 2);
  for (const Finding* f : approval) CHECK(f->severity == Severity::info);
  bool voice = false, web = false;
  for (const Finding* f : approval) {
    if (contains(f->message, "@acme/voice")) {
      voice = true;
      CHECK(f->paths == std::vector<std::string>{"kamailio/run.sh"});
    }
    if (contains(f->message, "@acme/web")) {
      web = true;
      CHECK(f->paths == std::vector<std::string>{"web/app.js"});
    }
  }
  CHECK(voice);
  CHECK(web);
}

TEST_CASE("reviews_required without reviews: 'could not be judged' blocks on a protected ref") {
  Case c;
  c.files = {modified("kamailio/run.sh")};
  Report r = evaluate_with(c, std::nullopt, /*required=*/true);
  CHECK_FALSE(r.allowed());
  auto blocks = with_rule(r, "owners.approval", Severity::block);
  REQUIRE(blocks.size() == 1);
  CHECK(contains(blocks[0]->message, "could not be judged"));

  c.ref = "refs/heads/feature";
  Report feature = evaluate_with(c, std::nullopt, true);
  CHECK(feature.allowed());
  CHECK(with_rule(feature, "owners.approval", Severity::warn).size() == 1);
}

TEST_CASE("[rules] owners.approval = off removes the rule, even in CI") {
  Case c;
  c.policy += "[rules]\n\"owners.approval\" = \"off\"\n";
  c.files = {modified("kamailio/run.sh")};
  Report ci = evaluate_with(c, std::nullopt, true);
  CHECK(ci.allowed());
  CHECK(with_rule(ci, "owners.approval").empty());
  Report reviewed = evaluate_with(c, std::vector<Review>{});
  CHECK(reviewed.allowed());
  CHECK(with_rule(reviewed, "owners.approval").empty());
}

// ---------------------------------------------------------------- owners.cross-team

TEST_CASE("owners.cross-team warns by default when an author is outside the owning team") {
  Case c;
  c.files = {modified("kamailio/run.sh")};
  c.commits = {commit_by("olga@acme.example", "olga@acme.example")};
  Report r = evaluate(c.inputs());
  CHECK(r.allowed());
  auto warns = with_rule(r, "owners.cross-team", Severity::warn);
  REQUIRE(warns.size() == 1);
  CHECK(warns[0]->paths == std::vector<std::string>{"kamailio/run.sh"});
  CHECK(contains(warns[0]->message, "@olga"));
  CHECK(contains(warns[0]->message, "@acme/voice"));

  SUBCASE("[rules] can make it block") {
    c.policy += "[rules]\n\"owners.cross-team\" = \"block\"\n";
    CHECK_FALSE(evaluate(c.inputs()).allowed());
  }
  SUBCASE("[owners] cross_team = off removes it") {
    c.policy = "version = 1\n[owners]\ncross_team = \"off\"\n";
    CHECK(count_of(evaluate(c.inputs()), "owners.cross-team") == 0);
  }
}

TEST_CASE("owners.cross-team: an author inside the owning team raises nothing") {
  Case c;
  c.files = {modified("kamailio/run.sh")};
  c.commits = {commit_by("carol@acme.example", "dave@acme.example")};
  CHECK(count_of(evaluate(c.inputs()), "owners.cross-team") == 0);
  // Mapped case-insensitively by e-mail.
  c.commits = {commit_by("Carol@ACME.example", "carol@acme.example")};
  CHECK(count_of(evaluate(c.inputs()), "owners.cross-team") == 0);
}

TEST_CASE("owners.cross-team: a co-authored change names the outsider, not the owner") {
  Case c;
  c.files = {modified("kamailio/run.sh")};
  SUBCASE("owner authors, outsider commits") {
    c.commits = {commit_by("carol@acme.example", "olga@acme.example")};
  }
  SUBCASE("two commits") {
    c.commits = {commit_by("carol@acme.example", "carol@acme.example"),
                 commit_by("olga@acme.example", "olga@acme.example")};
  }
  Report r = evaluate(c.inputs());
  auto warns = with_rule(r, "owners.cross-team");
  REQUIRE(warns.size() == 1);
  CHECK(contains(warns[0]->message, "@olga"));
  CHECK_FALSE(contains(warns[0]->message, "@carol"));
}

TEST_CASE("owners.cross-team: an unmapped author is named by e-mail, extra authors count") {
  Case c;
  c.files = {modified("kamailio/run.sh")};
  c.commits = {commit_by("stranger@else.example", "carol@acme.example")};
  Report r = evaluate(c.inputs());
  auto warns = with_rule(r, "owners.cross-team");
  REQUIRE(warns.size() == 1);
  CHECK(contains(warns[0]->message, "stranger@else.example"));

  // The pull-request opener counts although every commit is an owner's.
  c.commits = {commit_by("carol@acme.example", "carol@acme.example")};
  Inputs in = c.inputs();
  in.context.extra_authors = {{"Olga", "olga@acme.example"}};
  Report by_opener = evaluate(in);
  auto opener = with_rule(by_opener, "owners.cross-team");
  REQUIRE(opener.size() == 1);
  CHECK(contains(opener[0]->message, "@olga"));
}

TEST_CASE("owners.cross-team: unowned and ownerless paths don't count") {
  Case c;
  c.codeowners = "/kamailio/ @acme/voice\n/web/generated/\n";
  c.files = {modified("stray/file.txt"), modified("web/generated/x.js")};
  c.commits = {commit_by("olga@acme.example", "olga@acme.example")};
  CHECK(count_of(evaluate(c.inputs()), "owners.cross-team") == 0);
}

TEST_CASE("owners.cross-team ignores GitHub's web-flow committer") {
  Case c;
  c.files = {modified("kamailio/run.sh")};
  c.commits = {commit_by("carol@acme.example", "noreply@github.com")};
  CHECK(count_of(evaluate(c.inputs()), "owners.cross-team") == 0);
  // ... but not when it is the author (a web-flow commit is always someone's).
  c.commits = {commit_by("olga@acme.example", "noreply@github.com")};
  Report r = evaluate(c.inputs());
  auto warns = with_rule(r, "owners.cross-team");
  REQUIRE(warns.size() == 1);
  CHECK(contains(warns[0]->message, "@olga"));
  CHECK_FALSE(contains(warns[0]->message, "noreply@github.com"));
}

TEST_CASE("owners.cross-team groups paths by owners and names each owning team once") {
  Case c;
  c.files = {modified("kamailio/a.cfg"), modified("kamailio/b.cfg"), modified("web/app.js")};
  c.commits = {commit_by("carol@acme.example", "carol@acme.example")};
  Report r = evaluate(c.inputs());
  auto warns = with_rule(r, "owners.cross-team");
  REQUIRE(warns.size() == 1);  // carol is in voice, not in web
  CHECK(warns[0]->paths == std::vector<std::string>{"web/app.js"});
  CHECK(contains(warns[0]->message, "@acme/web"));
  CHECK(contains(warns[0]->message, "@carol"));
}

}  // namespace gate
