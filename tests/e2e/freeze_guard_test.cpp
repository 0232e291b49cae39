// End-to-end tests of the freezes ref's server-side guard (docs/freezes.md, Protecting the
// ref): that page's `update` hook, installed verbatim in a real bare remote, runs the built
// `git-gate freeze-guard` on every push. Creating the ref and appending records with
// `freeze start --push` pass; dropping a record, appending a forged or unlisted one and
// deleting the ref are refused.

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "freeze_fixtures.hpp"

namespace gate::test {
namespace {

namespace fs = std::filesystem;

/// The `update` hook as docs/freezes.md gives it.
std::string documented_update_hook() {
  const std::string page = file_text(fs::path(GATE_SOURCE_DIR) / "docs/freezes.md");
  const std::size_t start = page.find("#!/bin/sh\n# hooks/update");
  REQUIRE(start != std::string::npos);
  const std::size_t end = page.find("```", start);
  REQUIRE(end != std::string::npos);
  return page.substr(start, end - start);
}

/// PATH with the built git-gate first, as the server's hook needs it.
Env with_gate_on_path() {
  const char* path = std::getenv("PATH");
  return {{"PATH", fs::path(cli_path()).parent_path().string() + ":" + (path ? path : "")}};
}

/// A FreezeRepo whose bare remote runs the documented update hook.
struct GuardedFreezes {
  GuardedFreezes() {
    write_file(r.repo.remote, "hooks/update", documented_update_hook());
    fs::permissions(r.repo.remote / "hooks" / "update", fs::perms::owner_all,
                    fs::perm_options::add);
  }
  FreezeRepo r;

  /// `git-gate freeze start --push` as vp, for an hour.
  RunResult start_pushed(const std::string& reason) const {
    return r.gate({"freeze", "start", "--reason", reason, "--for", "1h", "--push", "--principal",
                   vp_email, "--key", r.key("vp"), "--base", r.trusted},
                  ci_wednesday, {}, with_gate_on_path());
  }
  /// `git push [-f] origin refspec` from the work tree.
  RunResult push(const std::string& refspec, bool force = false) const {
    RunOptions options;
    options.env = r.env(ci_wednesday, with_gate_on_path());
    std::vector<std::string> argv = {"git", "-C", r.work.string(), "push", "-q", "origin"};
    if (force) argv.push_back("-f");
    argv.push_back(refspec);
    return run(argv, options);
  }
  std::string tip(const fs::path& dir) const {
    return trimmed(git(dir, {"rev-parse", "-q", "--verify", freezes_ref}));
  }
  /// Puts the local ref back on the remote's tip.
  void reset_to_remote() const { git(r.work, {"update-ref", freezes_ref, tip(r.repo.remote)}); }
};

void expect_refused(const RunResult& push, const std::vector<std::string>& parts) {
  INFO("push stderr: " << push.err);
  CHECK(push.exit_code != 0);
  for (const std::string& part : parts) CHECK(contains(push.err, part));
}

}  // namespace

TEST_CASE("freeze-guard hook: creating the ref and appending with freeze start --push pass") {
  GuardedFreezes g;
  RunResult first = g.start_pushed(incident);
  INFO(first.err);
  CHECK(first.exit_code == 0);
  CHECK(g.tip(g.r.repo.remote) == g.tip(g.r.work));
  RunResult second = g.start_pushed("INC-1204: second incident");
  INFO(second.err);
  CHECK(second.exit_code == 0);
  CHECK(g.tip(g.r.repo.remote) == g.tip(g.r.work));
  CHECK(git(g.r.repo.remote, {"rev-list", "--count", freezes_ref}) == "2\n");
}

TEST_CASE("freeze-guard hook: a force push that drops a record is refused") {
  GuardedFreezes g;
  REQUIRE(g.start_pushed(incident).exit_code == 0);
  REQUIRE(g.start_pushed("INC-1204: second incident").exit_code == 0);
  const std::string published = g.tip(g.r.repo.remote);
  git(g.r.work, {"update-ref", freezes_ref, freezes_ref + "^"});
  expect_refused(g.push(freezes_ref, true), {"not a fast-forward", "freeze-guard"});
  CHECK(g.tip(g.r.repo.remote) == published);
}

TEST_CASE("freeze-guard hook: an unlisted principal or a forged signature is refused") {
  GuardedFreezes g;
  REQUIRE(g.start_pushed(incident).exit_code == 0);
  const std::string published = g.tip(g.r.repo.remote);

  // olga is a listed signer but not a [freezes] principal.
  g.r.append_signed(olga_email, "olga", "00000000000000a1", "2026-07-08T09:00:00Z",
                    "2026-07-08T10:00:00Z");
  const std::string unlisted = g.tip(g.r.work);
  expect_refused(g.push(freezes_ref),
                 {"commit " + unlisted, "00000000000000a1", "[freezes] principals"});
  CHECK(g.tip(g.r.repo.remote) == published);

  // vp's name over mallory's key.
  g.reset_to_remote();
  g.r.append_signed(vp_email, "mallory", "00000000000000b2", "2026-07-08T09:00:00Z",
                    "2026-07-08T10:00:00Z");
  const std::string forged = g.tip(g.r.work);
  expect_refused(g.push(freezes_ref), {"commit " + forged, "does not verify"});
  CHECK(g.tip(g.r.repo.remote) == published);
}

TEST_CASE("freeze-guard hook: deleting the ref is refused") {
  GuardedFreezes g;
  REQUIRE(g.start_pushed(incident).exit_code == 0);
  const std::string published = g.tip(g.r.repo.remote);
  expect_refused(g.push(":" + freezes_ref), {"cannot be deleted"});
  CHECK(g.tip(g.r.repo.remote) == published);
}

TEST_CASE("freeze-guard: exit 0 appended, 1 not, 2 on error, run by hand") {
  FreezeRepo r;
  r.start({"--for", "1h"}, ci_wednesday);
  const std::string one = trimmed(git(r.work, {"rev-parse", freezes_ref}));
  r.start({"--for", "2h"}, ci_wednesday);
  const std::string two = trimmed(git(r.work, {"rev-parse", freezes_ref}));
  CHECK(r.gate({"freeze-guard", one, two}, ci_wednesday).exit_code == 0);
  CHECK(r.gate({"freeze-guard", zero_id_40, two}, ci_wednesday).exit_code == 0);
  RunResult backwards = r.gate({"freeze-guard", two, one}, ci_wednesday);
  CHECK(backwards.exit_code == 1);
  CHECK(contains(backwards.err, "commit " + one));
  // A commit that is no record: main's tip is not a fast-forward of the ref either.
  RunResult junk = r.gate({"freeze-guard", zero_id_40, r.trusted}, ci_wednesday);
  CHECK(junk.exit_code == 1);
  CHECK(contains(junk.err, "is not a freeze record"));
  CHECK(r.gate({"freeze-guard", one, zero_id_40}, ci_wednesday).exit_code == 1);
  RunResult unknown = r.gate({"freeze-guard", one, std::string(40, 'f')}, ci_wednesday);
  INFO(unknown.err);
  CHECK(unknown.exit_code == 2);
  CHECK(contains(unknown.err, std::string(40, 'f')));
}

}  // namespace gate::test
