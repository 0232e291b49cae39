// End-to-end tests of the threats an override could carry (docs/overrides.md): each
// forged, copied, expired, self-signed or tampered record must be rejected with its own
// cause while the finding still blocks. Real repositories and bare remotes, ed25519 keys
// made by ssh-keygen, records signed by the built `git-gate override approve`.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "override_fixtures.hpp"

namespace gate::test {
namespace {

const std::string reason = Grant{}.reason;

/// A branch `name` from trusted whose .gate/allowed_signers is `signers` (and policy.toml
/// `policy`, when given). approve verifies a record against its --base only, so a forger
/// approves against a base like this one; check judges by the trusted base.
std::string forgers_base(const OverrideRepo& r, const std::string& name, const std::string& signers,
                         const std::string& policy = "") {
  r.repo.branch(name, r.trusted);
  r.repo.write(".gate/allowed_signers", signers);
  if (!policy.empty()) r.repo.write("policy.toml", policy);
  return r.repo.commit("the forger's base " + name);
}

}  // namespace

TEST_CASE("threat: the author signs an override of their own change") {
  OverrideRepo r;
  const std::string head = r.oversized_change();
  REQUIRE(trimmed(git(r.work, {"log", "-1", "--format=%ae", head})) == author_email);
  approved(r, head, {.principal = author_email, .key = "author"});
  expect_rejected(r.check(head, ci_wednesday), "size.component",
                  {author_email + " is an author or committer of the change"});
  // verify judges the commit's author and committer too.
  expect_verify(r, head, ci_wednesday, 1, author_email + " is an author or committer");
}

TEST_CASE("threat: the approver committed an earlier commit of the change, under another author") {
  OverrideRepo r;
  RunOptions as = identity("Olga", olga_email);
  as.env["GIT_COMMITTER_NAME"] = "Vera";
  as.env["GIT_COMMITTER_EMAIL"] = vp_email;
  r.change("feature", {{"api/first.c", lines_of(3, "first")}}, as);
  const std::string head = r.oversized_change("feature", {}, {}, "feature");
  approved(r, head);
  expect_rejected(r.check(head, ci_wednesday), "size.component",
                  {vp_email + " is an author or committer of the change"});
}

TEST_CASE("threat: an approver commits as olga and approves the pull request they opened") {
  OverrideRepo r;
  const std::string head = r.oversized_change("feature", {}, identity("Olga", olga_email));
  REQUIRE(trimmed(git(r.work, {"log", "-1", "--format=%ae %ce", head})) ==
          olga_email + " " + olga_email);
  approved(r, head);
  // On the laptop only the commits are known, and they name olga: the record holds there.
  JsonRun laptop = r.check(head, ci_wednesday);
  CHECK(laptop.result.exit_code == 0);
  CHECK(str(only_override(laptop.json), "status") == "applied");
  // CI knows who opened the pull request: @vp, who is vp@acme.example by [owners.people].
  JsonRun ci = r.ci_pull_request(head, "vp", ci_wednesday);
  CHECK(str(ci.json["ci"], "opener") == "@vp");
  expect_rejected(ci, "size.component",
                  {vp_email + " is an author or committer of the change (or its opener)"});
  // The same record in a pull request someone else opened holds in CI too.
  JsonRun other = r.ci_pull_request(head, "carol", ci_wednesday);
  CHECK(other.result.exit_code == 0);
  CHECK(str(only_override(other.json), "status") == "applied");
}

TEST_CASE("threat: a valid override copied onto another commit, or kept for a later one") {
  OverrideRepo r;
  const std::string one = r.oversized_change("one");
  approved(r, one);
  const std::string two = r.oversized_change("two");
  git(r.work, {"notes", "--ref=gate", "copy", one, two});
  REQUIRE(r.note(two) == r.note(one));
  expect_rejected(r.check(two, ci_wednesday), "size.component",
                  {"the record is for commit " + one + " but was found on " + two});
  expect_verify(r, two, ci_wednesday, 1, "the record is for commit " + one);

  // A commit added on top after the approval: the record covers the approved commit only,
  // and its text copied onto the new head does not carry over either.
  const std::string later = r.oversized_change("later", {{"api/later.c", "later\n"}}, {}, one);
  JsonRun uncovered = r.check(later, ci_wednesday);
  CHECK(uncovered.result.exit_code == 1);
  CHECK(uncovered.json["overrides"].empty());
  r.set_note(later, r.note(one));
  expect_rejected(r.check(later, ci_wednesday), "size.component",
                  {"the record is for commit " + one + " but was found on " + later});
  CHECK(r.check(one, ci_wednesday).result.exit_code == 0);  // the original still holds
}

TEST_CASE("threat: the rule swapped in an otherwise valid record") {
  OverrideRepo r;
  const std::string head = r.oversized_change();
  approved(r, head, {.now = friday_signed});
  r.set_note(head, replaced(r.note(head), "\nrules: size.component\n", "\nrules: window.freeze\n"));
  nlohmann::json status = expect_rejected(r.check(head, ci_friday), "window.freeze",
                                          {"the signature does not verify", "incorrect signature"});
  CHECK(status["rules"] == nlohmann::json::array({"window.freeze"}));
  CHECK(only_finding(r.check(head, ci_friday).json, "size.component")["overridden_by"].is_null());
}

TEST_CASE("threat: an expired override, expires-at is exclusive") {
  OverrideRepo r;
  const std::string head = r.oversized_change();
  approved(r, head, {.expires = "30m"});
  expect_rejected(r.check(head, ci_wednesday), "size.component",
                  {"expired at 2026-07-08T09:30:00Z"});
  expect_verify(r, head, "2026-07-08T09:29:59Z", 0);
  expect_verify(r, head, "2026-07-08T09:30:00Z", 1, "expired at 2026-07-08T09:30:00Z");
}

TEST_CASE("threat: an override signed for the future is not valid yet, issued-at is inclusive") {
  OverrideRepo r;
  const std::string head = r.oversized_change();
  // GATE_NOW says Wednesday 10:00; --at wins, so the record is issued at 11:00.
  approved(r, head, {.now = ci_wednesday, .extra = {"--at", "2026-07-08T11:00:00Z"}});
  CHECK(contains(r.note(head), "\nissued-at: 2026-07-08T11:00:00Z\n"));
  expect_rejected(r.check(head, ci_wednesday), "size.component",
                  {"not valid before 2026-07-08T11:00:00Z"});
  expect_verify(r, head, "2026-07-08T10:59:59Z", 1, "not valid before");
  expect_verify(r, head, "2026-07-08T11:00:00Z", 0);
}

TEST_CASE("threat: signed by a key that is not in the allowed signers") {
  OverrideRepo r;
  const std::string head = r.oversized_change();
  const std::string forged = forgers_base(r, "forged", r.signer_line(vp_email, "mallory"));
  approved(r, head, {.key = "mallory", .extra = {"--base", forged}});  // claims to be vp
  expect_rejected(r.check(head, ci_wednesday), "size.component", {"the signature does not verify"});
  expect_verify(r, head, ci_wednesday, 1, "the signature does not verify");
}

TEST_CASE("threat: the change adds its own key to the allowed signers, the base's file wins") {
  OverrideRepo r;
  const std::string signers = file_text(r.work / ".gate/allowed_signers");
  const std::string head = r.oversized_change(
      "feature", {{".gate/allowed_signers", signers + r.signer_line(vp_email, "mallory")}});
  approved(r, head, {.key = "mallory", .extra = {"--base", head}});
  expect_rejected(r.check(head, ci_wednesday), "size.component", {"the signature does not verify"});
  // Judged by the change's own file, the same record would hold: the file is what decides.
  expect_verify(r, head, ci_wednesday, 0, "", {"--base", head});
}

TEST_CASE("threat: a record signed under another namespace") {
  OverrideRepo r;
  const std::string elsewhere = forgers_base(
      r, "elsewhere",
      replaced(r.signer_line(vp_email, "vp"), override_namespace, "git-gate-elsewhere"),
      override_policy(override_repository, "namespace = \"git-gate-elsewhere\""));
  const std::string head = r.oversized_change();
  approved(r, head, {.extra = {"--base", elsewhere}});
  expect_rejected(r.check(head, ci_wednesday), "size.component",
                  {"the signature does not verify", "namespace"});
}

TEST_CASE("threat: any signed field edited (reason, times, id, principal)") {
  OverrideRepo r;
  const std::string head = r.oversized_change();
  const std::string id = approved(r, head).id;
  const std::string other_id = (id[0] == '0' ? "1" : "0") + id.substr(1);
  const std::string original = r.note(head);
  const std::vector<std::pair<std::string, std::string>> edits = {
      {"\nreason: " + reason + "\n", "\nreason: approved by the CAB\n"},
      {"\nexpires-at: 2026-07-08T11:00:00Z\n", "\nexpires-at: 2026-07-08T12:00:00Z\n"},
      {"\nissued-at: " + wednesday_signed + "\n", "\nissued-at: 2026-07-08T09:30:00Z\n"},
      {"\nid: " + id + "\n", "\nid: " + other_id + "\n"},
      {"\nprincipal: " + vp_email + "\n", "\nprincipal: " + cto_email + "\n"}};
  for (const auto& edit : edits) {
    // Named, not a structured binding: clang 14 cannot capture one in CAPTURE's lambda.
    const std::string& from = edit.first;
    const std::string& to = edit.second;
    CAPTURE(to);
    r.set_note(head, replaced(original, from, to));
    expect_rejected(r.check(head, ci_wednesday), "size.component",
                    {"the signature does not verify"});
  }
  r.set_note(head, original);
  CHECK(r.check(head, ci_wednesday).result.exit_code == 0);
}

TEST_CASE(
    "threat: a tampered reason is rejected, and the report carries ssh-keygen's words cleanly") {
  OverrideRepo r;
  const std::string head = r.oversized_change();
  approved(r, head);
  r.set_note(head, replaced(r.note(head), "\nreason: " + reason + "\n",
                            "\nreason: approved by the CAB\n"));
  nlohmann::json status = expect_rejected(r.check(head, ci_wednesday), "size.component",
                                          {"the signature does not verify", "incorrect signature"});
  CHECK(str(status, "reason") == "approved by the CAB");
  const std::string why = str(status, "why");
  INFO("why: " << nlohmann::json(why).dump());
  CHECK(why.find_first_of("\r\n") == std::string::npos);
}

TEST_CASE("threat: a record of another repository") {
  OverrideRepo r;
  const std::string fork = r.policy_commit("fork", override_policy("acme/voice-fork"));
  const std::string head = r.oversized_change();
  approved(r, head, {.extra = {"--base", fork}});
  CHECK(contains(r.note(head), "\nrepository: acme/voice-fork\n"));
  expect_rejected(r.check(head, ci_wednesday), "size.component",
                  {"the record is for repository acme/voice-fork, not acme/voice"});
  // It is a genuine record of the fork: only the repository is wrong here.
  expect_verify(r, head, ci_wednesday, 0, "", {"--base", fork});
}

}  // namespace gate::test
