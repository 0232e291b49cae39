// What people read at a glance (README, The pre-push hook): an allowed push prints one line,
// a blocked report is grouped by rule and filled to the terminal's width, every time to act
// on is shown in local time too, and blocked reports name who can help. Real pushes to local
// bare remotes with the built hook; the numbers are checked against git and the JSON report.

#include <date/date.h>
#include <date/tz.h>
#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include "ci_fixtures.hpp"
#include "e2e_fixtures.hpp"
#include "gate/text_layout.hpp"
#include "gate/timeutil.hpp"

namespace gate::test {
namespace {

const std::string protected_line =
    "protected = [\"refs/heads/main\", \"refs/tags/v*\"]\ntimezone = \"Europe/Berlin\"";
const std::string policy_zone = "Europe/Berlin";
const std::string freeze_zone = "America/New_York";
const std::string freeze =
    "\n[[freeze]]\nid = \"weekend\"\nweekly = \"Fri 12:00 - Mon 06:00\"\nzone = \"" + freeze_zone +
    "\"\n";
const std::string overrides =
    "\n[overrides]\nrepository = \"acme/voice\"\n[[overrides.approver]]\n"
    "principal = \"vp@acme.example\"\nrules = [\"size.*\", \"window.*\"]\n";
const std::string wednesday = "2026-07-08T09:00:00Z";
const std::string saturday = "2026-07-11T15:00:00Z";

std::string policy(bool with_overrides) {
  return two_component_policy(50, 20, protected_line) + freeze + (with_overrides ? overrides : "");
}

// The environment of a push: the clock set, and nothing from the caller's terminal.
Env push_env(const std::string& at, Env extra = {}) {
  Env env = {{"GATE_NOW", at}, {"COLUMNS", std::nullopt}, {"GATE_VERBOSE", std::nullopt}};
  for (const auto& [name, value] : extra) env[name] = value;
  return env;
}

std::vector<std::string> lines_of_text(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// The gate's lines of a push's output (git adds its own: "To ...", " * [new tag]").
std::vector<std::string> gate_lines(const std::string& err) {
  std::vector<std::string> out;
  for (const std::string& line : lines_of_text(err))
    if (line.rfind("git-gate", 0) == 0) out.push_back(line);
  return out;
}

// "2026-07-10T16:00:00Z (Fri 18:00 Europe/Berlin)", computed here with date's own zones.
std::string utc_and_local(const std::string& utc, const std::string& zone) {
  date::zoned_seconds local(zone, gate::parse_rfc3339(utc, "valid_until"));
  return utc + " (" + date::format("%a %H:%M ", local.get_local_time()) + zone + ")";
}

// The valid_until of the hook's JSON report for the same push line.
std::string json_valid_until(const PushRepo& repo, const std::string& line, const std::string& at) {
  JsonRun r = repo.hook_json(line, {}, "origin", {}, {{"GATE_NOW", at}});
  REQUIRE(r.json.is_array());
  REQUIRE(r.json.size() == 1);
  return str(r.json[0], "valid_until");
}

std::size_t count_of(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
    ++n;
  return n;
}

}  // namespace

TEST_CASE(
    "an allowed push prints exactly one line: files, warnings, valid until in UTC and local") {
  PushRepo repo(policy(false));
  repo.write("api/server.c", lines_of(23, "server"));
  repo.write("api/extra.c", lines_of(4, "extra"));
  const std::string head = repo.commit();
  const std::string line = push_line("refs/heads/main", head, "refs/heads/main", repo.initial);
  const long files =
      tally(numstat(repo.work, repo.initial, head), [](auto&) { return true; }).files;
  REQUIRE(files == 2);
  const std::string until = json_valid_until(repo, line, wednesday);
  REQUIRE_FALSE(until.empty());

  RunResult push = repo.push({"origin", "main"}, push_env(wednesday));
  INFO(push.err);
  CHECK(push.exit_code == 0);
  std::vector<std::string> said = gate_lines(push.err);
  REQUIRE(said.size() == 1);
  // No CODEOWNERS in the repository: the one warning, named and counted.
  CHECK(said[0] == "git-gate: allowed, " + std::to_string(files) +
                       " files in api, 1 warning (no CODEOWNERS): `git-gate check` for "
                       "details; valid until " +
                       utc_and_local(until, policy_zone));
  CHECK(repo.remote_ref("refs/heads/main") == head);
}

TEST_CASE("a push of several refs prints one line for all, with the earliest valid until") {
  PushRepo repo(policy(false));
  repo.write("api/server.c", lines_of(22, "server"));
  const std::string first = repo.commit();
  git(repo.work, {"tag", "-a", "v1.0", "-m", "release", first});
  repo.write("api/client.c", lines_of(5, "client"));
  const std::string second = repo.commit();
  RunResult push = repo.push({"origin", "main", "v1.0"}, push_env(wednesday));
  INFO(push.err);
  CHECK(push.exit_code == 0);
  std::vector<std::string> said = gate_lines(push.err);
  REQUIRE(said.size() == 1);
  // main deploys two files of api since the remote's tip; the tag, one since the same tip.
  const long main_files =
      tally(numstat(repo.work, repo.initial, second), [](auto&) { return true; }).files;
  const long tag_files =
      tally(numstat(repo.work, repo.initial, first), [](auto&) { return true; }).files;
  CHECK(said[0].rfind("git-gate: allowed, " + std::to_string(main_files + tag_files) +
                          " files in api, 2 warnings (no CODEOWNERS)",
                      0) == 0);
  CHECK(count_of(said[0], "valid until") == 1);
}

TEST_CASE("a ref that is not protected prints nothing, unless it has warnings") {
  PushRepo repo(policy(false));
  git(repo.work, {"notes", "--ref=gate", "add", "-m", "a note", repo.initial});
  RunResult notes = repo.push({"origin", "refs/notes/gate"}, push_env(wednesday));
  INFO(notes.err);
  CHECK(notes.exit_code == 0);
  CHECK(gate_lines(notes.err).empty());
  CHECK_FALSE(repo.remote_ref("refs/notes/gate").empty());

  // A feature branch: not protected, but the missing CODEOWNERS still warns.
  git(repo.work, {"checkout", "-q", "-b", "feature"});
  repo.write("web/index.js", lines_of(21, "index"));
  repo.commit();
  RunResult feature = repo.push({"origin", "feature"}, push_env(wednesday));
  INFO(feature.err);
  CHECK(feature.exit_code == 0);
  std::vector<std::string> said = gate_lines(feature.err);
  REQUIRE(said.size() == 1);
  CHECK(said[0] ==
        "git-gate: allowed (no protected ref), 1 warning (no CODEOWNERS): `git-gate check` for "
        "details");
}

TEST_CASE("--verbose and GATE_VERBOSE=1 show the full report of an allowed push") {
  PushRepo repo(policy(false));
  repo.write("api/server.c", lines_of(21, "server"));
  const std::string head = repo.commit();
  const std::string line = push_line("refs/heads/main", head, "refs/heads/main", repo.initial);
  for (const std::vector<std::string>& flag : {std::vector<std::string>{"-v"}, {"--verbose"}}) {
    RunOptions options;
    options.cwd = repo.work;
    options.input = line;
    options.env = push_env(wednesday);
    std::vector<std::string> argv = {hook_path()};
    argv.insert(argv.end(), flag.begin(), flag.end());
    argv.insert(argv.end(), {"origin", repo.remote_url()});
    RunResult r = run(argv, options);
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(contains(r.err, "git-gate: ALLOWED deploy to refs/heads/main (protected)"));
    CHECK(contains(r.err, "owners.unowned"));
    RunResult sub = run({cli_path(), "pre-push", flag[0], "origin", repo.remote_url()}, options);
    CHECK(sub.exit_code == 0);
    CHECK(contains(sub.err, "git-gate: ALLOWED deploy to refs/heads/main (protected)"));
  }
  RunResult push = repo.push({"origin", "main"}, push_env(wednesday, {{"GATE_VERBOSE", "1"}}));
  INFO(push.err);
  CHECK(push.exit_code == 0);
  CHECK(contains(push.err, "git-gate: ALLOWED deploy to refs/heads/main (protected)"));
  CHECK(contains(push.err, "\ncomponents:\n"));
  CHECK(contains(push.err, "\nWARN owners.unowned\n"));
}

TEST_CASE("git-gate pre-push --quiet prints nothing and answers with the exit code") {
  PushRepo repo(policy(true));
  repo.write("api/server.c", lines_of(20, "server") + lines_of(60, "more"));
  const std::string head = repo.commit();
  RunOptions options;
  options.cwd = repo.work;
  options.input = push_line("refs/heads/main", head, "refs/heads/main", repo.initial);
  for (const std::string& when : {wednesday, saturday}) {
    options.env = push_env(when);
    RunResult loud = run({cli_path(), "pre-push", "origin", repo.remote_url()}, options);
    for (const char* flag : {"-q", "--quiet"}) {
      RunResult quiet = run({cli_path(), "pre-push", flag, "origin", repo.remote_url()}, options);
      INFO(when << " " << flag << "\n" << loud.err);
      CHECK_FALSE(loud.err.empty());
      CHECK(quiet.exit_code == loud.exit_code);
      CHECK(quiet.out.empty());
      CHECK(quiet.err.empty());
    }
  }
}

TEST_CASE("a blocked report is grouped by rule, blocking rules first, filled to the width") {
  PushRepo repo(policy(true));
  for (int i = 0; i < 13; ++i) repo.write("api/f" + std::to_string(i) + ".c", lines_of(5, "f"));
  const std::string head = repo.commit();
  const std::string line = push_line("refs/heads/main", head, "refs/heads/main", repo.initial);
  const Tally api = tally(numstat(repo.work, repo.initial, head),
                          [](const std::string& p) { return under(p, "api/"); });
  REQUIRE(api.files == 13);
  REQUIRE(api.lines > 50);
  const std::string opens = json_valid_until(repo, line, saturday);
  REQUIRE_FALSE(opens.empty());

  for (std::size_t width : {60u, 80u, 132u}) {
    Env env = push_env(saturday);
    if (width != 80) env["COLUMNS"] = std::to_string(width);  // 80: not a terminal
    RunResult push = repo.push({"origin", "main"}, env);
    INFO("width " << width << "\n" << push.err);
    CHECK(push.exit_code != 0);
    const std::string& err = push.err;
    // Grouped: one heading per rule; the blocking ones before the warning, though the rule
    // table puts owners.unowned before size.component.
    std::size_t freeze_at = err.find("\nBLOCK window.freeze\n");
    std::size_t size_at = err.find("\nBLOCK size.component\n");
    std::size_t warn_at = err.find("\nWARN owners.unowned\n");
    CHECK(freeze_at != std::string::npos);
    CHECK(size_at != std::string::npos);
    CHECK(warn_at != std::string::npos);
    CHECK(freeze_at < size_at);
    CHECK(size_at < warn_at);
    // The time to act on, UTC and the freeze's own zone, on one line.
    const std::string clause = "opens next at " + utc_and_local(opens, freeze_zone);
    bool clause_whole = false;
    for (const std::string& l : lines_of_text(err)) {
      clause_whole = clause_whole || contains(l, clause);
      bool is_path_or_git = l.rfind("      ", 0) == 0 || l.rfind("To ", 0) == 0 ||
                            l.rfind(" ! ", 0) == 0 || l.rfind("error:", 0) == 0;
      bool kept = contains(l, clause) || contains(l, "valid until ") ||
                  contains(l, "git-gate override approve");
      if (!kept && !is_path_or_git) CHECK(columns(l) <= width);
    }
    CHECK(clause_whole);
    // What and what to do on lines of their own; paths up to 10, then how many more.
    CHECK(contains(
        err, "\n  component api is too large: " + std::to_string(api.lines) + " lines changed"));
    CHECK(contains(err, "\n  → Split the change"));
    for (std::size_t i = 0; i < 10; ++i) CHECK(contains(err, "\n      " + api.paths[i] + "\n"));
    CHECK_FALSE(contains(err, "\n      " + api.paths[10] + "\n"));
    CHECK(contains(err, "\n      and " + std::to_string(api.paths.size() - 10) + " more\n"));
  }
}

TEST_CASE("blocked reports name who can help: override approvers only under [overrides]") {
  for (bool with_overrides : {true, false}) {
    PushRepo repo(policy(with_overrides));
    repo.write("api/server.c", lines_of(20, "server") + lines_of(60, "more"));
    repo.commit();
    RunResult push = repo.push({"origin", "main"}, push_env(wednesday));
    INFO("overrides " << with_overrides << "\n" << push.err);
    CHECK(push.exit_code != 0);
    const std::string err = unwrapped(push.err);
    CHECK(contains(err, "BLOCK size.component"));
    CHECK(contains(err, "who can lift it: an override by vp@acme.example") == with_overrides);
    CHECK(contains(err, "git-gate override approve") == with_overrides);
    CHECK(contains(err, "findings above, or ask an override approver.") == with_overrides);
    CHECK(contains(err, "git-gate: push refused: fix the findings above"));
  }
}

TEST_CASE("a blocked approval names the owners whose approval is missing") {
  CheckRepo repo(two_component_policy(50, 5));
  repo.write(".github/CODEOWNERS", "* @acme/all\n/api/ @acme/api-team\n");
  const std::string base = repo.commit("CODEOWNERS");
  repo.write("api/server.c", lines_of(21, "server"));
  const std::string head = repo.commit();
  RunResult r = gate_check(repo.dir, {"--base", base, "--head", head, "--approved-by", "@someone"},
                           {{"COLUMNS", std::nullopt}});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  const std::string out = unwrapped(r.out);
  CHECK(contains(out, "BLOCK owners.approval"));
  CHECK(contains(out, "needs approval from @acme/api-team"));
  CHECK(contains(out, "→ Ask @acme/api-team to review and approve it."));
}

TEST_CASE("wording: a deletion, one file, and the notes of a first tag push") {
  PushRepo repo(two_component_policy(50, 5, protected_line));
  repo.write("api/server.c", lines_of(21, "server"));
  const std::string head = repo.commit();
  git(repo.work, {"tag", "-a", "v1.0", "-m", "first release", head});
  RunResult tag = repo.push({"origin", "v1.0"}, push_env(wednesday, {{"GATE_VERBOSE", "1"}}));
  INFO(tag.err);
  CHECK(tag.exit_code == 0);
  CHECK(contains(tag.err, " 1 file "));
  CHECK_FALSE(contains(tag.err, " 1 files"));
  const std::string notes = unwrapped(tag.err);
  CHECK(contains(notes,
                 "refs/tags/v1.0 is new on the remote: judged by the policy and "
                 "CODEOWNERS of refs/remotes/origin/main"));
  CHECK(contains(notes,
                 "release tag: no earlier release tag matches refs/tags/v*, so its "
                 "commits are counted since " +
                     repo.initial.substr(0, 12)));
  CHECK_FALSE(contains(notes, "judged since"));

  // Deleting a protected ref: "deletion of", never "deletion of to".
  RunResult del = repo.push({"origin", ":refs/tags/v1.0"}, push_env(wednesday));
  INFO(del.err);
  CHECK(del.exit_code != 0);
  CHECK(contains(del.err, "git-gate: BLOCKED deletion of refs/tags/v1.0 (protected)"));
  CHECK_FALSE(contains(del.err, "deletion of to"));
}

TEST_CASE("the hook answers --help and -h alone, and judges a remote so named") {
  for (const char* flag : {"--help", "-h"}) {
    RunResult r = run({hook_path(), flag});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out.rfind("usage: pre-push ", 0) == 0);
    CHECK(contains(r.out, "--verbose"));
    CHECK(r.err.empty());
  }
  // git passes two arguments: `--help` is then a remote's name, and the push is judged.
  PushRepo repo(policy(false));
  RunOptions options;
  options.cwd = repo.work;
  options.input = "";
  options.env = push_env(wednesday);
  RunResult named = run({hook_path(), "--help", repo.remote_url()}, options);
  CHECK(named.exit_code == 0);
  CHECK(named.out.empty());
}

}  // namespace gate::test
