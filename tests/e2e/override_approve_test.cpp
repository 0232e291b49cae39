// End-to-end tests of `git-gate override approve`'s checks before it writes, and of
// `git-gate override fetch` (docs/overrides.md): approve refuses, with exit 2 and no notes
// commit, a key the base's allowed-signers file does not list for the principal, a rule
// the principal may not lift, and a commit that is not in the repository; fetch treats a
// remote without notes as no records and keeps local records the remote lacks.

#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "override_fixtures.hpp"

namespace gate::test {
namespace {

namespace fs = std::filesystem;

/// Approves with `grant` and expects exit 2 with every one of `parts` in the message, and
/// the notes ref of `dir` (default: the work tree) where it was.
void expect_refused(const OverrideRepo& r, const std::string& commit, const Grant& grant,
                    const std::vector<std::string>& parts) {
  const std::string before = r.notes_tip(grant.dir);
  Approval a = r.approve(commit, grant);
  INFO("approve stdout: " << a.result.out << "\nstderr: " << a.result.err);
  CHECK(a.result.exit_code == 2);
  for (const std::string& part : parts) CHECK(contains(a.result.err, part));
  CHECK(r.notes_tip(grant.dir) == before);
}

/// `git-gate override fetch args...` in `dir`.
RunResult fetch(const OverrideRepo& r, const fs::path& dir,
                const std::vector<std::string>& args = {}) {
  std::vector<std::string> argv = {"override", "fetch"};
  argv.insert(argv.end(), args.begin(), args.end());
  return r.gate(argv, ci_wednesday, dir);
}

}  // namespace

TEST_CASE("approve: a key the base's allowed signers do not list for the principal, exit 2") {
  OverrideRepo r;
  const std::string head = r.oversized_change();
  // mallory's key is listed for nobody; olga's is listed, for olga only.
  expect_refused(r, head, {.key = "mallory"},
                 {"would not verify as " + vp_email, "nothing was written"});
  CHECK(r.notes_tip().empty());
  expect_refused(r, head, {.key = "olga"}, {"would not verify as " + vp_email});
  CHECK(r.notes_tip().empty());
  // The same grant with vp's own key is written.
  approved(r, head);
  const std::string tip = r.notes_tip();
  CHECK_FALSE(tip.empty());
  expect_refused(r, head, {.key = "mallory"}, {"would not verify"});
  CHECK(record_count(r.note(head)) == 1);
}

TEST_CASE("approve: a key listed under another namespace, or a base without allowed signers") {
  OverrideRepo r;
  const std::string head = r.oversized_change();
  const std::string other = r.policy_commit(
      "other-namespace", override_policy(override_repository, "namespace = \"elsewhere\""));
  expect_refused(r, head, {.extra = {"--base", other}}, {"would not verify", "elsewhere"});
  r.repo.branch("no-signers", r.trusted);
  git(r.work, {"rm", "-q", ".gate/allowed_signers"});
  const std::string bare = r.repo.commit("no allowed signers");
  expect_refused(r, head, {.extra = {"--base", bare}}, {"has no allowed-signers file"});
  CHECK(r.notes_tip().empty());
}

TEST_CASE("approve: a rule the principal may not lift, or no override may, exit 2") {
  OverrideRepo r;
  const std::string head = r.oversized_change();
  // vp may lift size.* and window.*, not owners.approval.
  expect_refused(r, head, {.rules = {"size.component", "owners.approval"}},
                 {vp_email + " is not an override approver for owners.approval"});
  // cto may lift "*", but policy.invalid is not liftable at all.
  expect_refused(r, head, {.principal = cto_email, .key = "cto", .rules = {"policy.invalid"}},
                 {"policy.invalid", "no override may lift"});
  CHECK(r.notes_tip().empty());
}

TEST_CASE("approve: a commit that is not in the repository, exit 2 naming the fetch") {
  OverrideRepo r;
  const std::string head = r.oversized_change();  // in the work tree only, not pushed
  const fs::path clone = r.repo.clone("approver");
  expect_refused(r, head, {.dir = clone},
                 {"commit " + head, "not in this repository", "git fetch"});
  CHECK(r.notes_tip(clone).empty());
  // Pushed to a branch and fetched, it can be approved.
  git(r.work, {"push", "-q", "origin", "feature"});
  git(clone, {"fetch", "-q", "origin", "feature"});
  Approval a = approved(r, head, {.dir = clone});
  CHECK(contains(r.note(head, clone), "id: " + a.id));
}

TEST_CASE("override fetch: a remote without notes holds no records, exit 0") {
  OverrideRepo r;
  const fs::path clone = r.repo.clone("engineer");
  REQUIRE(r.notes_tip(r.repo.remote).empty());
  // What the README used to tell: plain git fails on the missing ref.
  CHECK(run({"git", "-C", clone.string(), "fetch", "-q", "origin",
             "+refs/notes/gate:refs/notes/gate"})
            .exit_code != 0);
  RunResult none = fetch(r, clone);
  INFO(none.out << none.err);
  CHECK(none.exit_code == 0);
  CHECK(contains(none.out, "no override records"));
  CHECK(r.notes_tip(clone).empty());
}

TEST_CASE("override fetch: the remote's records arrive, local ones it lacks are kept") {
  OverrideRepo r;
  const std::string head = r.oversized_change();
  git(r.work, {"push", "-q", "origin", "feature"});
  const fs::path clone = r.repo.clone("engineer");
  // A record approved in the clone and not pushed.
  Approval local = approved(r, head, {.principal = cto_email, .key = "cto", .dir = clone});
  // vp's record, pushed from the work tree.
  Approval pushed = approved(r, head, {.extra = {"--push"}});
  REQUIRE(r.notes_tip(r.repo.remote) == r.notes_tip());

  RunResult fetched = fetch(r, clone, {"origin"});
  INFO(fetched.out << fetched.err);
  CHECK(fetched.exit_code == 0);
  const std::string note = r.note(head, clone);
  CHECK(contains(note, "id: " + pushed.id));
  CHECK(contains(note, "id: " + local.id));
  CHECK(record_count(note) == 2);
  CHECK(contains(fetched.out, "kept 1 local record"));
  // The remote's notes are the start of the clone's: a push of them only appends.
  CHECK(trimmed(git(clone, {"rev-parse", "refs/notes/gate^"})) == r.notes_tip(r.repo.remote));
  RunResult gone = fetch(r, clone, {"nowhere"});
  CHECK(gone.exit_code == 2);
}

}  // namespace gate::test
