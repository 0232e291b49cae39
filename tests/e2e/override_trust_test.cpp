// End-to-end tests of who may be trusted to lift a rule (docs/overrides.md): in CI a
// principal that [owners.people] does not tie to a handle cannot be shown not to be the
// pull request's opener, so its record is rejected; with the mapping, the opener signing
// under an e-mail is rejected as self-approval; a third approver with a mapping holds.
// Real repositories, ed25519 keys, records signed by the built `override approve`, judged
// by `git-gate ci` with GitHub payloads.

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "override_fixtures.hpp"

namespace gate::test {
namespace {

const std::string alice_email = "alice@acme.example";

/// The mapping line override_policy() gives vp.
std::string vp_mapping() { return "\"" + vp_email + "\" = \"@vp\"\n"; }

/// override_policy() without vp's handle: vp is still an approver, known by e-mail only.
std::string policy_without_vp_handle() { return replaced(override_policy(), vp_mapping(), ""); }

/// override_policy() where cto also has a handle.
std::string policy_with_cto_handle() {
  return replaced(override_policy(), vp_mapping(),
                  vp_mapping() + "\"" + cto_email + "\" = \"@cto\"\n");
}

/// An oversized change committed by "alice" (author and committer), approved by vp.
std::string alice_change_approved_by_vp(const OverrideRepo& r) {
  const std::string head = r.oversized_change("feature", {}, identity("alice", alice_email));
  REQUIRE(trimmed(git(r.work, {"log", "-1", "--format=%an %ae %cn %ce", head})) ==
          "alice " + alice_email + " alice " + alice_email);
  approved(r, head);
  return head;
}

}  // namespace

TEST_CASE("ci: the opener @vp signs as an unmapped e-mail, rejected for its missing handle") {
  OverrideRepo r(policy_without_vp_handle());
  const std::string head = alice_change_approved_by_vp(r);
  JsonRun ci = r.ci_pull_request(head, "vp", ci_wednesday);
  CHECK(str(ci.json["ci"], "opener") == "@vp");
  expect_rejected(ci, "size.component",
                  {vp_email + " has no handle in [owners.people]", "pull request's opener"});
  // Whoever opened it: a principal without a handle is never shown not to be the opener.
  expect_rejected(r.ci_pull_request(head, "carol", ci_wednesday), "size.component",
                  {vp_email + " has no handle in [owners.people]"});
}

TEST_CASE("ci: with vp@acme.example mapped to @vp, the opener's record is self-approval") {
  OverrideRepo r;  // override_policy() maps vp to @vp
  const std::string head = alice_change_approved_by_vp(r);
  JsonRun ci = r.ci_pull_request(head, "vp", ci_wednesday);
  CHECK(str(ci.json["ci"], "opener") == "@vp");
  expect_rejected(ci, "size.component",
                  {vp_email + " is an author or committer of the change (or its opener)"});
}

TEST_CASE("ci: a third approver with a handle lifts the rule on the pull request @vp opened") {
  OverrideRepo r(policy_with_cto_handle());
  const std::string head = alice_change_approved_by_vp(r);
  Approval cto = approved(r, head, {.principal = cto_email, .key = "cto"});
  JsonRun ci = r.ci_pull_request(head, "vp", ci_wednesday);
  INFO(ci.result.out);
  CHECK(ci.result.exit_code == 0);
  CHECK(str(ci.json, "verdict") == "allow");
  CHECK(str(only_finding(ci.json, "size.component")["overridden_by"], "override_id") == cto.id);
  REQUIRE(ci.json["overrides"].size() == 2);
  for (const nlohmann::json& status : ci.json["overrides"]) {
    INFO(status.dump());
    const bool by_cto = str(status, "override_id") == cto.id;
    CHECK(str(status, "status") == (by_cto ? "applied" : "rejected"));
    if (!by_cto) CHECK(contains(str(status, "why"), "(or its opener)"));
  }
}

TEST_CASE("merge_group: a queued head's record by an unmapped principal is rejected") {
  OverrideRepo r(policy_without_vp_handle());
  const std::string head = alice_change_approved_by_vp(r);
  r.repo.branch("gh-readonly-queue/main/pr-7", r.trusted);
  git(r.work, {"merge", "-q", "--no-ff", "-m", "Merge pull request #7", "feature"});
  const std::string queue = rev_parse(r.work, "HEAD");
  Env github = github_env("merge_group",
                          r.repo.write_json("queue.json", merge_group_payload(r.trusted, queue)));
  JsonRun queued;
  queued.result = r.gate({"ci", "--format", "json"}, ci_wednesday, {}, github);
  INFO(queued.result.err);
  queued.json = parse_json(queued.result.out);
  nlohmann::json status =
      expect_rejected(queued, "size.component", {vp_email + " has no handle in [owners.people]"});
  CHECK(str(status, "commit") == head);
}

}  // namespace gate::test

namespace gate::test {
namespace {

/// The "by <title>:" section of audit's table as text, up to the next blank line.
std::string audit_section(const std::string& table, const std::string& title) {
  const std::size_t start = table.find("by " + title + ":\n");
  if (start == std::string::npos) return "";
  return table.substr(start, table.find("\n\n", start) - start);
}

}  // namespace

TEST_CASE("verify and audit judge a record against its commit's author and committer") {
  OverrideRepo r;
  // Authored by olga, committed by vp; vp approves it.
  RunOptions as = identity("Olga", olga_email);
  as.env["GIT_COMMITTER_NAME"] = "Vera";
  as.env["GIT_COMMITTER_EMAIL"] = vp_email;
  const std::string committed = r.oversized_change("committed", {}, as);
  Approval by_committer = approved(r, committed);
  expect_verify(r, committed, ci_wednesday, 1,
                vp_email + " is an author or committer of the change");
  // The fixture's author approves their own commit.
  const std::string authored = r.oversized_change("authored");
  Approval by_author = approved(r, authored, {.principal = author_email, .key = "author"});
  expect_verify(r, authored, ci_wednesday, 1,
                author_email + " is an author or committer of the change");
  // A third approver's record on the same commit holds.
  Approval by_cto = approved(r, authored, {.principal = cto_email, .key = "cto"});
  OverrideRepo::Verified listed = r.verify(authored, ci_wednesday, {}, "list");
  REQUIRE(listed.statuses.size() == 2);
  CHECK(str(listed.statuses[1], "override_id") == by_cto.id);
  CHECK(str(listed.statuses[1], "status") == "applied");

  RunResult json = r.gate({"audit", "--format", "json", "--base", r.trusted}, ci_wednesday);
  REQUIRE(json.exit_code == 0);
  std::map<std::string, nlohmann::json> by_id;
  for (std::size_t at = 0, end = 0; at < json.out.size(); at = end + 1) {
    end = std::min(json.out.find('\n', at), json.out.size());
    nlohmann::json status = parse_json(json.out.substr(at, end - at));
    by_id[str(status, "override_id")] = status;
  }
  REQUIRE(by_id.size() == 3);
  for (const Approval& self : {by_committer, by_author}) {
    INFO(by_id[self.id].dump());
    CHECK(str(by_id[self.id], "status") == "rejected");
    CHECK(contains(str(by_id[self.id], "why"), "is an author or committer of the change"));
  }
  CHECK(str(by_id[by_cto.id], "status") == "applied");
  RunResult table = r.gate({"audit", "--base", r.trusted}, ci_wednesday);
  REQUIRE(table.exit_code == 0);
  INFO(table.out);
  CHECK(contains(table.out, "3 records, 1 granted in good order"));
  const std::string approvers = audit_section(table.out, "approver");
  CHECK(contains(approvers, cto_email));
  CHECK_FALSE(contains(approvers, vp_email));
  CHECK_FALSE(contains(approvers, author_email));
}

}  // namespace gate::test

namespace gate::test {

TEST_CASE("lint warns for every override approver principal without a handle") {
  OverrideRepo r(policy_without_vp_handle());
  RunResult linted = r.gate({"lint", "--format", "json", "--rev", r.trusted}, ci_wednesday);
  INFO(linted.out << linted.err);
  CHECK(linted.exit_code == 1);
  std::vector<std::string> named;
  const nlohmann::json report = parse_json(linted.out);
  for (const nlohmann::json& f : report["findings"]) {
    if (str(f, "check") != "overrides.approver-handle") continue;
    CHECK(str(f, "severity") == "warn");
    for (const std::string& who : {vp_email, cto_email, author_email})
      if (contains(str(f, "message"), "\"" + who + "\" has no handle")) named.push_back(who);
  }
  // vp and cto have no [owners.people] entry; the author is @tess.
  CHECK(named == std::vector<std::string>{vp_email, cto_email});
}

}  // namespace gate::test
