// End-to-end tests of overrides (docs/overrides.md) with the built programs: real
// repositories and bare remotes, ed25519 keys made by ssh-keygen, records signed by
// `git-gate override approve` into refs/notes/gate, and the verdicts of `check`,
// `override verify|list`, `ci` and the pre-push hook. This file: a genuine override lifts
// exactly its rule, --push, the base's policy, two approvers, the merge queue, malformed
// notes and approve's refusals. The threats are in override_threats_test.cpp.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "override_fixtures.hpp"

namespace gate::test {
namespace {

namespace fs = std::filesystem;

const std::string reason = Grant{}.reason;

/// The commit `ref` names in the bare remote of `r`, or "" when it names none.
std::string remote_commit(const OverrideRepo& r, const std::string& ref) {
  RunResult out = run({"git", "-C", r.repo.remote.string(), "rev-parse", "-q", "--verify", ref});
  return out.exit_code == 0 ? trimmed(out.out) : "";
}

/// A clone of the remote as an approver works in it: git's identity is the approver's.
fs::path approver_clone(const OverrideRepo& r, const std::string& name, const std::string& email) {
  fs::path dir = r.repo.clone(name);
  git(dir, {"config", "user.name", name});
  git(dir, {"config", "user.email", email});
  return dir;
}

}  // namespace

TEST_CASE("a genuine override lifts exactly its rule for its commit, until it expires") {
  OverrideRepo r;
  const std::string head = r.oversized_change();
  JsonRun before = r.check(head, ci_wednesday);
  CHECK(before.result.exit_code == 1);
  CHECK(only_finding(before.json, "size.component")["overridden_by"].is_null());
  CHECK(before.json["overrides"].empty());

  Approval a = approved(r, head);
  CHECK(a.result.out.find(head) != std::string::npos);
  const std::string note = r.note(head);
  CHECK(record_count(note) == 1);
  for (const std::string& line : std::vector<std::string>{
           "id: " + a.id, "repository: acme/voice", "commit: " + head, "rules: size.component",
           "reason: " + reason, "principal: " + vp_email, "issued-at: " + wednesday_signed,
           "expires-at: 2026-07-08T11:00:00Z", "-----BEGIN SSH SIGNATURE-----"}) {
    INFO(note);
    CHECK(contains(note, "\n" + line + "\n"));
  }

  JsonRun after = r.check(head, ci_wednesday);
  INFO(after.result.out);
  CHECK(after.result.exit_code == 0);
  CHECK(str(after.json, "verdict") == "allow");
  // Still shown, with who lifted it, why and until when.
  CHECK(only_finding(after.json, "size.component")["overridden_by"] ==
        nlohmann::json({{"override_id", a.id},
                        {"principal", vp_email},
                        {"reason", reason},
                        {"expires_at", "2026-07-08T11:00:00Z"}}));
  CHECK(only_override(after.json) == nlohmann::json({{"override_id", a.id},
                                                     {"commit", head},
                                                     {"principal", vp_email},
                                                     {"rules", {"size.component"}},
                                                     {"reason", reason},
                                                     {"issued_at", wednesday_signed},
                                                     {"expires_at", "2026-07-08T11:00:00Z"},
                                                     {"status", "applied"},
                                                     {"why", "valid until 2026-07-08T11:00:00Z"}}));
  expect_verify(r, head, ci_wednesday, 0, "valid until");
  RunResult text = r.gate(
      {"check", "--base", r.trusted, "--head", head, "--ref", "refs/heads/main"}, ci_wednesday);
  CHECK(text.exit_code == 0);
  CHECK(contains(text.out + text.err, "OVERRIDDEN"));
  CHECK(contains(text.out + text.err, "overridden by " + vp_email + " until 2026-07-08T11:00:00Z"));

  // Friday in the freeze: the Wednesday record has expired; a new one (expiring at an RFC
  // 3339 instant) lifts size.component again, and the freeze, which it does not name, blocks.
  Approval friday = approved(r, head, {.expires = "2026-07-10T14:30:00Z", .now = friday_signed});
  CHECK(record_count(r.note(head)) == 2);
  JsonRun fri = r.check(head, ci_friday);
  CHECK(fri.result.exit_code == 1);
  CHECK(str(fri.json, "verdict") == "block");
  CHECK(only_finding(fri.json, "window.freeze")["overridden_by"].is_null());
  CHECK(str(only_finding(fri.json, "size.component")["overridden_by"], "override_id") == friday.id);
  REQUIRE(fri.json["overrides"].size() == 2);
  CHECK(str(fri.json["overrides"][0], "override_id") == a.id);
  CHECK(str(fri.json["overrides"][0], "status") == "rejected");
  CHECK(str(fri.json["overrides"][0], "why") == "expired at 2026-07-08T11:00:00Z");
  CHECK(str(fri.json["overrides"][1], "override_id") == friday.id);
  CHECK(str(fri.json["overrides"][1], "status") == "applied");
}

TEST_CASE("the pre-push hook refuses the push before the approval and lets it through after") {
  OverrideRepo r;
  install_hook(r.work / ".git");
  r.repo.checkout("main");
  r.repo.write("api/big.c", lines_of(80, "big"));
  const std::string head = r.repo.commit("oversized");
  RunOptions options;
  options.cwd = r.work;
  options.env = r.env(ci_wednesday);
  auto push = [&] { return run({"git", "push", "origin", "main"}, options); };

  RunResult refused = push();
  INFO(refused.err);
  CHECK(refused.exit_code != 0);
  CHECK(contains(refused.err, "size.component"));
  CHECK(remote_commit(r, "refs/heads/main") == r.trusted);

  // The approver's default base is the upstream: origin/main, the remote's old tip.
  git(r.work, {"branch", "-q", "--set-upstream-to=origin/main", "main"});
  Approval a = approved(r, head, {.base = false});
  RunOptions by_hand = options;
  by_hand.input = push_line("refs/heads/main", head, "refs/heads/main", r.trusted);
  RunResult json =
      run({hook_path(), "--format", "json", "origin", r.repo.remote.string()}, by_hand);
  CHECK(json.exit_code == 0);
  nlohmann::json reports = parse_json(json.out);
  REQUIRE(reports.is_array());
  REQUIRE(reports.size() == 1);
  CHECK(str(only_finding(reports[0], "size.component")["overridden_by"], "override_id") == a.id);
  CHECK(str(only_override(reports[0]), "status") == "applied");

  RunResult passed = push();
  INFO(passed.err);
  CHECK(passed.exit_code == 0);
  CHECK(remote_commit(r, "refs/heads/main") == head);
}

/// Two oversized changes, published, and the clones of vp and cto, both made before either
/// approves: whoever pushes second has stale notes, as in a race.
struct Approvers {
  Approvers() : one(r.oversized_change("one")), two(r.oversized_change("two")) {
    r.repo.publish();
    vp = approver_clone(r, "vp", vp_email);
    cto = approver_clone(r, "cto", cto_email);
  }
  OverrideRepo r;
  std::string one, two;
  fs::path vp, cto;

  /// vp approves `commit` with --push from vp's clone.
  Approval vp_pushes(const std::string& commit) const {
    return approved(r, commit, {.extra = {"--push"}, .dir = vp});
  }
  /// cto approves `commit` from cto's clone, with --push when `push`.
  Approval cto_approves(const std::string& commit, bool push = true) const {
    return approved(
        r, commit,
        {.principal = cto_email,
         .key = "cto",
         .extra = push ? std::vector<std::string>{"--push"} : std::vector<std::string>{},
         .dir = cto});
  }
};

TEST_CASE("--push publishes the note, two approvers racing on one commit lose neither record") {
  Approvers race;
  const OverrideRepo& r = race.r;
  const std::string& head = race.one;
  Approval first = race.vp_pushes(head);
  CHECK(contains(first.result.out, "pushed refs/notes/gate to origin"));
  CHECK(record_count(r.note(head, r.repo.remote)) == 1);
  Approval second = race.cto_approves(head);
  CHECK(contains(second.result.out, "pushed refs/notes/gate to origin"));

  const std::string published = r.note(head, r.repo.remote);
  CHECK(record_count(published) == 2);
  CHECK(contains(published, "id: " + first.id + "\n"));
  CHECK(contains(published, "id: " + second.id + "\n"));
  // The notes commit is written under git's identity of the approver's clone.
  CHECK(trimmed(git(r.repo.remote, {"log", "-1", "--format=%an <%ae>", "refs/notes/gate"})) ==
        "cto <" + cto_email + ">");

  // Anyone who fetches the notes sees both records hold.
  git(r.work, {"fetch", "-q", "origin", "+refs/notes/gate:refs/notes/gate"});
  OverrideRepo::Verified v = r.verify(head, ci_wednesday);
  CHECK(v.result.exit_code == 0);
  REQUIRE(v.statuses.size() == 2);
  CHECK(str(v.statuses[0], "override_id") == first.id);
  CHECK(str(v.statuses[1], "override_id") == second.id);
  CHECK(r.check(head, ci_wednesday).result.exit_code == 0);
}

TEST_CASE("--push: two approvers racing on two commits both reach the remote") {
  Approvers race;
  const OverrideRepo& r = race.r;
  Approval a = race.vp_pushes(race.one);
  Approval b = race.cto_approves(race.two);
  CHECK(contains(r.note(race.one, r.repo.remote), "id: " + a.id + "\n"));
  CHECK(contains(r.note(race.two, r.repo.remote), "id: " + b.id + "\n"));
  CHECK(record_count(r.note(race.one, r.repo.remote)) == 1);
  CHECK(record_count(r.note(race.two, r.repo.remote)) == 1);
}

TEST_CASE("--push after a rejected push keeps the approver's earlier, unpushed record") {
  Approvers race;
  const OverrideRepo& r = race.r;
  // cto approves `one` locally, meaning to publish later ...
  Approval local = race.cto_approves(race.one, false);
  REQUIRE(contains(r.note(race.one, race.cto), "id: " + local.id + "\n"));
  // ... vp publishes an approval meanwhile, so cto's next --push is rejected at first.
  race.vp_pushes(race.two);
  race.cto_approves(race.two);
  CHECK(record_count(r.note(race.two, r.repo.remote)) == 2);
  // Nothing is lost: cto's record of `one` is still in cto's notes, and was published.
  CHECK(contains(r.note(race.one, race.cto), "id: " + local.id + "\n"));
  CHECK(contains(r.note(race.one, r.repo.remote), "id: " + local.id + "\n"));
}

TEST_CASE("the base policy, not the signer's, decides approvers and max_duration") {
  OverrideRepo r;
  const std::string loose =
      r.policy_commit("loose", replaced(override_policy(override_repository, "",
                                                        "\n[[overrides.approver]]\nprincipal = \"" +
                                                            olga_email + "\"\nrules = [\"*\"]\n"),
                                        "max_duration = \"24h\"", "max_duration = \"72h\""));
  const std::string one = r.oversized_change("one");
  approved(r, one, {.expires = "48h", .extra = {"--base", loose}});
  expect_rejected(r.check(one, ci_wednesday), "size.component",
                  {"longer than the policy's max_duration"});

  const std::string two = r.oversized_change("two");
  approved(r, two, {.principal = olga_email, .key = "olga", .extra = {"--base", loose}});
  expect_rejected(
      r.check(two, ci_wednesday), "size.component",
      {olga_email + " is not an override approver for size.component in the base policy"});
}

TEST_CASE("two_approvers: one approver, even twice, does not lift the rule, two do") {
  OverrideRepo r(override_policy(override_repository, "two_approvers = [\"window.*\"]"));
  const std::string head =
      r.change("feature", {{"api/server.c", lines_of(20, "server") + "one more\n"}});
  const Grant freeze = {.rules = {"window.freeze"}, .now = friday_signed};
  approved(r, head, freeze);
  approved(r, head, freeze);
  JsonRun one = r.check(head, ci_friday);
  CHECK(one.result.exit_code == 1);
  CHECK(only_finding(one.json, "window.freeze")["overridden_by"].is_null());
  CHECK(has_notice(one.json, {"window.freeze needs overrides from two approvers", vp_email}));

  Grant by_cto = freeze;
  by_cto.principal = cto_email;
  by_cto.key = "cto";
  approved(r, head, by_cto);
  JsonRun two = r.check(head, ci_friday);
  CHECK(two.result.exit_code == 0);
  CHECK(only_finding(two.json, "window.freeze")["overridden_by"].is_object());
}

TEST_CASE("merge_group: the override on a queued pull request's head is honoured") {
  OverrideRepo r;
  const std::string head = r.oversized_change();
  Approval a = approved(r, head);
  r.repo.branch("gh-readonly-queue/main/pr-7", r.trusted);
  git(r.work, {"merge", "-q", "--no-ff", "-m", "Merge pull request #7", "feature"});
  const std::string queue = rev_parse(r.work, "HEAD");
  Env github = github_env("merge_group",
                          r.repo.write_json("queue.json", merge_group_payload(r.trusted, queue)));
  RunResult queued = r.gate({"ci", "--format", "json"}, ci_wednesday, {}, github);
  INFO(queued.err);
  nlohmann::json report = parse_json(queued.out);
  CHECK(queued.exit_code == 0);
  CHECK(str(only_finding(report, "size.component")["overridden_by"], "override_id") == a.id);
  nlohmann::json status = only_override(report);
  CHECK(str(status, "commit") == head);
  CHECK(str(status, "status") == "applied");
}

TEST_CASE("a note that is not a record, or whose signature is cut short, is rejected with why") {
  OverrideRepo r;
  const std::string head = r.oversized_change();
  CHECK(r.verify(head, ci_wednesday).result.exit_code == 1);  // no record at all

  r.set_note(head, "LGTM, ship it\n");
  nlohmann::json status =
      expect_rejected(r.check(head, ci_wednesday), "size.component", {"not an override record"});
  CHECK(status["override_id"].is_null());
  CHECK(str(status, "commit") == head);
  expect_verify(r, head, ci_wednesday, 1, "not an override record");
  OverrideRepo::Verified listed = r.verify(head, ci_wednesday, {}, "list");
  CHECK(listed.result.exit_code == 0);
  CHECK(listed.statuses.size() == 1);

  git(r.work, {"notes", "--ref=gate", "remove", head});
  approved(r, head);
  const std::string note = r.note(head);
  r.set_note(head, note.substr(0, note.find("-----END SSH SIGNATURE-----")));
  expect_rejected(r.check(head, ci_wednesday), "size.component", {"truncated"});
  expect_verify(r, head, ci_wednesday, 1, "the signature is truncated");
}

TEST_CASE("approve refuses bad input with exit 2 and writes nothing") {
  OverrideRepo r;
  const std::string head = r.oversized_change();
  approved(r, head);
  const std::string tip = r.notes_tip();
  const std::string note = r.note(head);
  const std::string plain = r.policy_commit("plain", ci_policy());
  r.repo.checkout("feature");

  struct Case {
    std::string name;
    std::string commit;
    Grant grant;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"a missing key file",
       head,
       {.key = (r.home.path() / "keys" / "nobody").string()},
       "ssh-keygen could not sign with " + (r.home.path() / "keys" / "nobody").string()},
      {"--expires 10y", head, {.expires = "10y"}, "--expires 10y"},
      {"--expires beyond max_duration", head, {.expires = "30h"}, "max_duration"},
      {"--expires before now",
       head,
       {.expires = "2026-07-08T08:00:00Z"},
       "expires-at must be after issued-at"},
      {"an unknown rule", head, {.rules = {"window.frieze"}}, "window.frieze"},
      {"a principal that is no approver",
       head,
       {.principal = olga_email, .key = "olga"},
       olga_email + " is not an override approver for size.component"},
      {"an approver without the rule",
       head,
       {.principal = author_email, .key = "author", .rules = {"window.freeze"}},
       author_email + " is not an override approver for window.freeze"},
      {"a reason of two lines", head, {.reason = "one\ntwo"}, "reason"},
      {"an unknown commit", "no-such-commit", {}, "no-such-commit"},
      {"a base without [overrides]", head, {.extra = {"--base", plain}}, "no [overrides] table"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    Approval a = r.approve(c.commit, c.grant);
    INFO("stdout: " << a.result.out << "\nstderr: " << a.result.err);
    CHECK(a.result.exit_code == 2);
    CHECK(a.result.out.empty());
    CHECK(contains(a.result.err, c.message));
    CHECK(r.notes_tip() == tip);
    CHECK(r.note(head) == note);
  }
}

}  // namespace gate::test
