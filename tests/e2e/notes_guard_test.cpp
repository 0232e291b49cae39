// End-to-end tests of the append-only audit trail (docs/overrides.md): that page's
// server-side `update` hook, installed verbatim in a real bare remote, runs the built
// `git-gate notes-guard` on every push of refs/notes/gate. Appending and creating pass;
// rewriting or removing a record, even in a fast-forward, and deleting the ref fail.

#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "override_fixtures.hpp"

namespace gate::test {
namespace {

namespace fs = std::filesystem;

/// The `update` hook as docs/overrides.md gives it.
std::string documented_update_hook() {
  const std::string page = file_text(fs::path(GATE_SOURCE_DIR) / "docs/overrides.md");
  const std::size_t start = page.find("#!/bin/sh\n# hooks/update");
  REQUIRE(start != std::string::npos);
  const std::size_t end = page.find("```", start);
  REQUIRE(end != std::string::npos);
  return page.substr(start, end - start);
}

/// An OverrideRepo whose bare remote runs the documented update hook, with the built
/// git-gate first on PATH.
struct GuardedRepo {
  GuardedRepo() {
    const fs::path hook = r.repo.remote / "hooks" / "update";
    write_file(r.repo.remote, "hooks/update", documented_update_hook());
    fs::permissions(hook, fs::perms::owner_all, fs::perm_options::add);
  }
  OverrideRepo r;

  /// `git push origin refspec` from the work tree.
  RunResult push(const std::string& refspec = "refs/notes/gate") const {
    RunOptions options;
    options.env = r.env(ci_wednesday);
    const char* path = std::getenv("PATH");
    options.env["PATH"] = fs::path(cli_path()).parent_path().string() + ":" + (path ? path : "");
    return run({"git", "-C", r.work.string(), "push", "-q", "origin", refspec}, options);
  }
  std::string remote_tip() const { return r.notes_tip(r.repo.remote); }
};

void expect_refused(const RunResult& push, const std::vector<std::string>& parts) {
  INFO("push stderr: " << push.err);
  CHECK(push.exit_code != 0);
  for (const std::string& part : parts) CHECK(contains(push.err, part));
}

}  // namespace

TEST_CASE("notes-guard hook: creating the notes ref and appending records pass") {
  GuardedRepo g;
  const std::string head = g.r.oversized_change();
  approved(g.r, head);
  REQUIRE(g.remote_tip().empty());
  RunResult created = g.push();
  INFO(created.err);
  CHECK(created.exit_code == 0);
  CHECK(g.remote_tip() == g.r.notes_tip());

  approved(g.r, head, {.principal = cto_email, .key = "cto"});
  const std::string other = g.r.oversized_change("other");
  approved(g.r, other);
  RunResult appended = g.push();
  INFO(appended.err);
  CHECK(appended.exit_code == 0);
  CHECK(g.remote_tip() == g.r.notes_tip());
  CHECK(record_count(g.r.note(head, g.r.repo.remote)) == 2);
}

TEST_CASE("notes-guard hook: a fast-forward that rewrites or removes a record is refused") {
  GuardedRepo g;
  const std::string head = g.r.oversized_change();
  Approval a = approved(g.r, head);
  Approval b = approved(g.r, head, {.principal = cto_email, .key = "cto"});
  REQUIRE(g.push().exit_code == 0);
  const std::string published = g.remote_tip();
  const std::string note = g.r.note(head);

  // The first record replaced by junk: a new notes commit on top, so a fast-forward.
  g.r.set_note(head, replaced(note, note.substr(0, note.find("\n\n") + 2), "junk\n\n"));
  REQUIRE(trimmed(git(g.r.work, {"rev-parse", "refs/notes/gate^"})) == published);
  expect_refused(g.push(), {"commit " + head, "record " + a.id, "rewritten or removed"});
  CHECK(g.remote_tip() == published);

  // The second record dropped.
  g.r.set_note(head, note.substr(0, note.find("\n\n") + 1));
  expect_refused(g.push(), {"commit " + head, "record " + b.id, "removed"});
  // The whole note removed.
  g.r.set_note(head, note);
  git(g.r.work, {"notes", "--ref=gate", "remove", head});
  expect_refused(g.push(), {"commit " + head, "its note was removed"});
  CHECK(g.remote_tip() == published);
  CHECK(g.r.note(head, g.r.repo.remote) == note);
}

TEST_CASE("notes-guard hook: deleting the notes ref is refused") {
  GuardedRepo g;
  const std::string head = g.r.oversized_change();
  approved(g.r, head);
  REQUIRE(g.push().exit_code == 0);
  const std::string published = g.remote_tip();
  expect_refused(g.push(":refs/notes/gate"), {"cannot be deleted"});
  CHECK(g.remote_tip() == published);
}

TEST_CASE("notes-guard: exit 0 append-only, 1 not, 2 on error, run by hand") {
  OverrideRepo r;
  const std::string head = r.oversized_change();
  approved(r, head);
  const std::string one = r.notes_tip();
  approved(r, head, {.principal = cto_email, .key = "cto"});
  const std::string two = r.notes_tip();
  CHECK(r.gate({"notes-guard", one, two}, ci_wednesday).exit_code == 0);
  CHECK(r.gate({"notes-guard", zero_id_40, one}, ci_wednesday).exit_code == 0);
  RunResult backwards = r.gate({"notes-guard", two, one}, ci_wednesday);
  CHECK(backwards.exit_code == 1);
  CHECK(contains(backwards.err, "commit " + head));
  CHECK(r.gate({"notes-guard", one, zero_id_40}, ci_wednesday).exit_code == 1);
  RunResult unknown = r.gate({"notes-guard", one, std::string(40, 'f')}, ci_wednesday);
  INFO(unknown.err);
  CHECK(unknown.exit_code == 2);
  CHECK(contains(unknown.err, std::string(40, 'f')));
}

}  // namespace gate::test
