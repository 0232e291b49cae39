// End-to-end tests of incident freezes (docs/freezes.md) with the built programs: real
// repositories and a bare remote, ed25519 keys made by ssh-keygen, records written by
// `git-gate freeze start|end` (or, for records the command would refuse, signed with
// ssh-keygen and appended with git), and the verdicts of `check` and the pre-push hook.

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "freeze_fixtures.hpp"

namespace gate::test {
namespace {

// The only window.freeze finding of `report`'s blocking findings.
nlohmann::json freeze_finding(const JsonRun& r) {
  INFO(r.result.out);
  CHECK(r.result.exit_code == 1);
  return only_finding(r.json, "window.freeze");
}

TEST_CASE("an incident freeze scoped to a component freezes only changes touching it") {
  FreezeRepo r;
  const std::string web = r.small_change();
  const std::string api = r.change("api-fix", {{"api/fix.c", "one line\n"}});
  const std::string at = "2026-07-08T11:00:00Z";
  REQUIRE(r.check(web, at).result.exit_code == 0);
  REQUIRE(r.check(api, at).result.exit_code == 0);

  const std::string id = r.start({"--for", "4h", "--component", "api"}, "2026-07-08T10:00:00Z");
  CHECK(contains(str(freeze_finding(r.check(api, at)), "message"), "incident/" + id));
  CHECK(r.check(web, at).result.exit_code == 0);  // web is not frozen

  // A component the policy lacks is refused before anything is signed or written.
  RunResult typo = r.freeze({"start", "--reason", incident, "--for", "1h", "--component", "apj"},
                            "2026-07-08T10:00:00Z");
  CHECK(typo.exit_code == 2);
  CHECK(contains(typo.err, "did you mean 'api'?"));
  RunResult listed = r.freeze({"list", "--format", "json"}, at);
  CHECK(std::count(listed.out.begin(), listed.out.end(), '\n') == 1);  // one record per line
}

TEST_CASE("an incident freeze blocks check and the hook, ends at once, and a later one holds") {
  FreezeRepo r;
  const std::string head = r.small_change();
  CHECK(r.check(head, "2026-07-08T10:00:00Z").result.exit_code == 0);

  const std::string id = r.start({"--for", "4h"}, "2026-07-08T10:00:00Z");
  JsonRun frozen = r.check(head, "2026-07-08T11:00:00Z");
  const std::string message = str(freeze_finding(frozen), "message");
  CHECK(contains(message, "incident/" + id));
  CHECK(contains(message, incident));
  CHECK(contains(message, vp_email));
  CHECK(contains(message, "14:00"));  // the end, 4 hours after the start

  // The hook reads the same local ref.
  install_hook(r.work / ".git");
  r.repo.checkout("small");
  RunOptions options;
  options.cwd = r.work;
  options.env = r.env("2026-07-08T11:00:00Z");
  RunResult refused = run({"git", "push", "origin", "small:main"}, options);
  CHECK(refused.exit_code != 0);
  CHECK(contains(refused.err, "window.freeze"));
  CHECK(contains(refused.err, id));

  RunResult listed = r.freeze({"list", "--format", "json"}, "2026-07-08T11:00:00Z");
  CHECK(contains(listed.out, "\"status\":\"active\""));

  RunResult ended =
      r.freeze({"end", "--reason", "INC-1203 resolved"}, "2026-07-08T11:30:00Z", "cto");
  INFO(ended.err);
  REQUIRE(ended.exit_code == 0);
  CHECK(contains(ended.out, id));
  CHECK(r.check(head, "2026-07-08T11:30:00Z").result.exit_code == 0);
  options.env = r.env("2026-07-08T11:30:00Z");
  RunResult passed = run({"git", "push", "origin", "small:main"}, options);
  INFO(passed.err);
  CHECK(passed.exit_code == 0);
  listed = r.freeze({"list", "--format", "json"}, "2026-07-08T11:31:00Z");
  CHECK(contains(listed.out, "\"status\":\"ended\""));

  // The end record named only the freeze active when it was signed.
  const std::string later = r.start({"--for", "1h"}, "2026-07-08T12:00:00Z");
  CHECK(later != id);
  const std::string other = r.change("other", {{"web/other.txt", "x\n"}});
  CHECK(contains(str(freeze_finding(r.check(other, "2026-07-08T12:30:00Z")), "message"), later));
}

TEST_CASE(
    "an incident freeze expires after --for, and a longer record is clipped to max_duration") {
  FreezeRepo r;
  const std::string head = r.small_change();
  r.start({"--for", "2h"}, "2026-07-08T10:00:00Z");
  freeze_finding(r.check(head, "2026-07-08T11:59:59Z"));
  CHECK(r.check(head, "2026-07-08T12:00:00Z").result.exit_code == 0);
  RunResult listed = r.freeze({"list"}, "2026-07-08T12:00:00Z");
  CHECK(listed.out.starts_with("expired"));

  // freeze start refuses more than 72h; a record written by hand is clipped to it.
  RunResult refused = r.freeze({"start", "--reason", incident, "--for", "73h"}, ci_wednesday);
  CHECK(refused.exit_code == 2);
  CHECK(contains(refused.err, "max_duration"));
  r.append_signed(vp_email, "vp", "00000000000000aa", "2026-07-06T00:00:00Z",
                  "2026-07-20T00:00:00Z");
  freeze_finding(r.check(head, "2026-07-08T23:59:59Z"));
  CHECK(r.check(head, "2026-07-09T00:00:00Z").result.exit_code == 0);
}

TEST_CASE("records signed by an unlisted key or principal freeze nothing and are notices") {
  FreezeRepo r;
  const std::string head = r.small_change();
  r.append_signed(vp_email, "mallory", "00000000000000bb", "2026-07-08T10:00:00Z",
                  "2026-07-08T12:00:00Z");
  r.append_signed(olga_email, "olga", "00000000000000cc", "2026-07-08T10:00:00Z",
                  "2026-07-08T12:00:00Z");
  JsonRun judged = r.check(head, "2026-07-08T11:00:00Z");
  INFO(judged.result.out);
  CHECK(judged.result.exit_code == 0);
  CHECK(has_notice(judged.json, {"00000000000000bb", "freezes nothing", "does not verify"}));
  CHECK(has_notice(judged.json,
                   {"00000000000000cc", "not in the base policy's [freezes] principals"}));

  // freeze start refuses what would not verify, writing nothing.
  RunResult own = r.freeze({"start", "--reason", incident, "--for", "1h"}, ci_wednesday, "vp");
  CHECK(own.exit_code == 0);  // vp's own key: accepted
  RunResult mallory = r.gate({"freeze", "start", "--reason", incident, "--for", "1h", "--principal",
                              vp_email, "--key", r.key("mallory"), "--base", r.trusted},
                             ci_wednesday);
  CHECK(mallory.exit_code == 2);
  CHECK(contains(mallory.err, "would not verify"));
}

// `git-gate ci --provider generic` judging `head` against trusted, in the work tree.
RunResult ci(const FreezeRepo& r, const std::string& head, const std::string& now) {
  return r.gate({"ci", "--provider", "generic", "--base", r.trusted, "--head", head, "--ref",
                 "refs/heads/main", "--format", "json"},
                now);
}

TEST_CASE("ci fetches the freezes ref: a freeze only on the remote blocks ci, not check") {
  FreezeRepo r;
  const std::string head = r.small_change();
  const std::filesystem::path other = r.repo.clone("other");
  RunResult pushed = r.freeze({"start", "--reason", incident, "--for", "4h", "--push"},
                              "2026-07-08T10:00:00Z", "vp", other);
  INFO(pushed.err);
  REQUIRE(pushed.exit_code == 0);
  const std::string now = "2026-07-08T11:00:00Z";
  // check reads the local ref, which this clone never fetched.
  CHECK(r.check(head, now).result.exit_code == 0);
  RunResult judged = ci(r, head, now);
  INFO(judged.err);
  CHECK(judged.exit_code == 1);
  CHECK(contains(judged.out, "window.freeze"));  // beside owners.approval, as ci wants a review
  CHECK(contains(judged.out, incident));
  CHECK(trimmed(git(r.work, {"rev-parse", freezes_ref})) ==
        trimmed(git(r.repo.remote, {"rev-parse", freezes_ref})));
}

TEST_CASE("ci: a remote without the freezes ref holds no freezes, an unreachable one is exit 2") {
  FreezeRepo r;
  const std::string head = r.small_change();
  const std::string now = "2026-07-08T11:00:00Z";
  r.start({"--for", "4h"}, "2026-07-08T10:00:00Z");  // local only: a stale runner copy
  CHECK(r.check(head, now).result.exit_code == 1);
  RunResult judged = ci(r, head, now);
  INFO(judged.err);
  CHECK(judged.exit_code == 1);  // ci also wants a review (owners.approval) ...
  CHECK(contains(judged.out, "owners.approval"));
  CHECK_FALSE(contains(judged.out, "window.freeze"));  // ... but nothing is frozen
  CHECK(run({"git", "-C", r.work.string(), "rev-parse", "-q", "--verify", freezes_ref}).exit_code !=
        0);

  git(r.work, {"remote", "set-url", "origin", (r.repo.tmp.path() / "no-such-remote").string()});
  RunResult unreachable = ci(r, head, now);
  CHECK(unreachable.exit_code == 2);
  CHECK(contains(unreachable.err, "git fetch origin"));
}

TEST_CASE("audit lists incident freezes beside overrides, with their status") {
  FreezeRepo r;
  const std::string id = r.start({"--for", "4h"}, "2026-07-08T10:00:00Z");
  const std::string now = "2026-07-08T11:00:00Z";
  RunResult text = r.gate({"audit", "--base", r.trusted}, now);
  INFO(text.err);
  REQUIRE(text.exit_code == 0);
  CHECK(contains(text.out, "incident freezes (" + freezes_ref + "): 1"));
  CHECK(contains(text.out, "active    " + id));
  CHECK(contains(text.out, incident));

  RunResult ended = r.freeze({"end", "--reason", "resolved"}, "2026-07-08T11:30:00Z", "cto");
  REQUIRE(ended.exit_code == 0);
  RunResult json =
      r.gate({"audit", "--base", r.trusted, "--format", "json"}, "2026-07-08T11:31:00Z");
  REQUIRE(json.exit_code == 0);
  nlohmann::json line = nlohmann::json::parse(json.out.substr(0, json.out.find('\n')));
  CHECK(str(line, "type") == "freeze");
  CHECK(str(line, "id") == id);
  CHECK(str(line, "status") == "ended");
  // --since after the freeze's start leaves it out.
  RunResult since = r.gate({"audit", "--base", r.trusted, "--since", "2026-07-09"}, now);
  CHECK(contains(since.out, "incident freezes (" + freezes_ref + "): 0"));
  CHECK_FALSE(contains(since.out, id));
}

TEST_CASE("a change breaking the [freezes] allowed-signers file is refused as policy.invalid") {
  const std::string policy = override_policy(
      override_repository, "",
      "\n[freezes]\nallowed_signers = \".gate/freezers\"\nprincipals = [\"" + vp_email + "\"]\n");
  OverrideRepo r(policy);
  const std::string bad = "this is not an allowed-signers line\n";
  const std::string now = "2026-07-08T11:00:00Z";
  JsonRun broken = r.check(r.change("freezers", {{".gate/freezers", bad}}), now);
  CHECK(broken.result.exit_code == 1);
  auto invalid = findings_at(broken.json, "policy.invalid", "block");
  REQUIRE(invalid.size() == 1);
  CHECK(contains(str(invalid[0], "message"), ".gate/freezers"));
  // The same text at a path no policy names is just a file.
  JsonRun elsewhere = r.check(r.change("elsewhere", {{"web/freezers", bad}}), now);
  CHECK(findings_at(elsewhere.json, "policy.invalid", "block").empty());
}

TEST_CASE("--push publishes the record, and a second writer's push keeps the first record") {
  FreezeRepo r;
  const std::filesystem::path other = r.repo.clone("other");  // before any record
  RunResult first =
      r.freeze({"start", "--reason", incident, "--for", "1h", "--push"}, ci_wednesday);
  INFO(first.err);
  REQUIRE(first.exit_code == 0);
  CHECK(contains(first.out, "pushed " + freezes_ref));
  const std::string local = trimmed(git(r.work, {"rev-parse", freezes_ref}));
  CHECK(trimmed(git(r.repo.remote, {"rev-parse", freezes_ref})) == local);

  // The clone lacks the first record: its push is refused, then made on the remote's tip.
  RunResult second =
      r.freeze({"start", "--reason", "INC-1204: second incident", "--for", "1h", "--push"},
               ci_wednesday, "cto", other);
  INFO(second.err);
  REQUIRE(second.exit_code == 0);
  RunResult listed = r.freeze({"list"}, ci_wednesday, "vp", other);
  CHECK(contains(listed.out, incident));
  CHECK(contains(listed.out, "INC-1204"));
  CHECK(git(r.repo.remote, {"rev-list", "--count", freezes_ref}) == "2\n");
}

}  // namespace
}  // namespace gate::test
