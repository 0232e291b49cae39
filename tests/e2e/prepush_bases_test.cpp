// End-to-end tests of how the pre-push hook picks the base of each pushed ref (docs/hook.md, what a
// push deploys): old tip, tracking refs, the empty tree, force pushes, protected tags and zero ids.

#include <doctest/doctest.h>

#include <string>

#include "e2e_fixtures.hpp"

namespace gate::test {
namespace {

const std::string protected_line =
    "protected = [\"refs/heads/main\", \"refs/heads/release/*\", \"refs/tags/v*\"]";

std::string policy() { return two_component_policy(50, 5, protected_line); }

bool in_api(const std::string& p) { return under(p, "api/"); }

/// The report's file paths match the oracle's.
void expect_files(const nlohmann::json& report, const std::vector<NumstatEntry>& oracle) {
  REQUIRE(report.contains("files"));
  CHECK(report["files"].size() == oracle.size());
  for (const auto& e : oracle) {
    INFO(e.path);
    CHECK(find_file(report, e.path) != nullptr);
  }
}

/// The report's file paths match the oracle's, and the api component its tally.
void expect_change(const nlohmann::json& report, const std::vector<NumstatEntry>& oracle) {
  expect_files(report, oracle);
  Tally api = tally(oracle, in_api);
  if (api.files > 0) {
    const nlohmann::json* c = find_component(report, "api");
    REQUIRE(c != nullptr);
    CHECK(num(*c, "lines") == api.lines);
    CHECK(num(*c, "files") == api.files);
  }
}

/// Exactly one report in a hook's JSON array.
const nlohmann::json& only_report(const JsonRun& r) {
  INFO("stdout: " << r.result.out << "\nstderr: " << r.result.err);
  REQUIRE(r.json.is_array());
  REQUIRE(r.json.size() == 1);
  return r.json[0];
}

/// Someone else moves the remote's main to a new commit this clone has never seen.
std::string move_remote_main(const PushRepo& repo, const std::string& message) {
  std::string sha = trimmed(git(repo.remote, {"commit-tree", "-p", "refs/heads/main", "-m", message,
                                              "refs/heads/main^{tree}"}));
  git(repo.remote, {"update-ref", "refs/heads/main", sha});
  return sha;
}

}  // namespace

TEST_CASE("pre-push bases a new branch on the remote's tracking refs") {
  PushRepo repo(policy());
  git(repo.work, {"checkout", "-q", "-b", "release/1"});
  repo.write("api/server.c", lines_of(20, "server") + lines_of(3, "one"));
  repo.commit("one");
  repo.write("api/util.c", lines_of(4, "two"));
  std::string head = repo.commit("two");
  std::string base = merge_base(repo.work, "refs/remotes/origin/main", head);

  auto r =
      repo.hook_json(push_line("refs/heads/release/1", head, "refs/heads/release/1", zero_id_40));
  CHECK(r.result.exit_code == 0);
  const auto& report = only_report(r);
  CHECK(str(report["change"], "base") == base);
  CHECK(str(report["change"], "head") == head);
  CHECK(str(report["change"], "ref") == "refs/heads/release/1");
  CHECK(report["change"]["protected"] == true);
  expect_change(report, numstat(repo.work, base, head));

  RunResult push = repo.push({"origin", "release/1"});
  INFO(push.err);
  CHECK(push.exit_code == 0);
  CHECK(repo.remote_ref("refs/heads/release/1") == head);
}

TEST_CASE("pre-push uses the old remote tip when it is known locally") {
  PushRepo repo(policy());
  // Without tracking refs the new-ref rule would diff against the empty tree.
  git(repo.work, {"update-ref", "-d", "refs/remotes/origin/main"});
  repo.write("api/server.c", lines_of(20, "server") + lines_of(3, "small"));
  std::string head = repo.commit();

  auto r = repo.hook_json(push_line("refs/heads/main", head, "refs/heads/main", repo.initial));
  CHECK(r.result.exit_code == 0);
  const auto& report = only_report(r);
  CHECK(str(report["change"], "base") == repo.initial);
  expect_change(report, numstat(repo.work, repo.initial, head));

  RunResult push = repo.push({"origin", "main"});
  INFO(push.err);
  CHECK(push.exit_code == 0);
  CHECK(repo.remote_ref("refs/heads/main") == head);
}

TEST_CASE("pre-push judges a rewrite over a known old tip from their merge-base") {
  PushRepo repo(policy());
  repo.write("api/big.c", lines_of(120, "big"));
  std::string old_tip = repo.commit("big");
  REQUIRE(repo.push({"--no-verify", "origin", "main"}).exit_code == 0);
  // Rewrite: drop the big commit, add a small one. Diffing from the old tip itself would
  // count the removal of api/big.c.
  git(repo.work, {"reset", "-q", "--hard", repo.initial});
  repo.write("api/server.c", lines_of(20, "server") + lines_of(2, "small"));
  std::string head = repo.commit("small");

  auto r = repo.hook_json(push_line("refs/heads/main", head, "refs/heads/main", old_tip));
  CHECK(r.result.exit_code == 0);
  const auto& report = only_report(r);
  CHECK(str(report["change"], "base") == repo.initial);
  expect_change(report, numstat(repo.work, repo.initial, head));

  RunResult push = repo.push({"--force", "origin", "main"});
  INFO(push.err);
  CHECK(push.exit_code == 0);
  CHECK(repo.remote_ref("refs/heads/main") == head);
}

TEST_CASE("pre-push diffs a new ref against the empty tree when no tracking ref exists") {
  PushRepo repo(policy());
  git(repo.work, {"update-ref", "-d", "refs/remotes/origin/main"});
  git(repo.work, {"checkout", "-q", "-b", "release/2"});
  repo.write("api/server.c", lines_of(20, "server") + lines_of(1, "small"));
  std::string head = repo.commit();

  auto r =
      repo.hook_json(push_line("refs/heads/release/2", head, "refs/heads/release/2", zero_id_40));
  const auto& report = only_report(r);
  // Everything is new: every file of the pushed commit is listed.
  auto oracle = numstat(repo.work, empty_tree_id, head);
  expect_files(report, oracle);
  // The base (the empty tree) has no policy.toml: allowed, with a notice.
  CHECK(r.result.exit_code == 0);
  REQUIRE(report.contains("notices"));
  CHECK_FALSE(report["notices"].empty());

  // A URL no remote has: no tracking refs either.
  auto other =
      repo.hook_json(push_line("refs/heads/release/2", head, "refs/heads/release/2", zero_id_40),
                     {}, "/nowhere/else.git", "/nowhere/else.git");
  expect_files(only_report(other), oracle);
}

TEST_CASE("pre-push bases a force push over an unknown old tip on the tracking refs") {
  PushRepo repo(policy());
  std::string theirs = move_remote_main(repo, "theirs");
  RunOptions quiet;
  quiet.cwd = repo.work;
  REQUIRE(run({"git", "cat-file", "-e", theirs}, quiet).exit_code != 0);  // unknown here

  repo.write("api/server.c", lines_of(20, "server") + lines_of(3, "mine"));
  std::string mine = repo.commit("mine");
  auto r = repo.hook_json(push_line("refs/heads/main", mine, "refs/heads/main", theirs));
  CHECK(r.result.exit_code == 0);
  const auto& report = only_report(r);
  CHECK(str(report["change"], "base") == repo.initial);
  expect_change(report, numstat(repo.work, repo.initial, mine));

  RunResult push = repo.push({"--force", "origin", "main"});
  INFO(push.err);
  CHECK(push.exit_code == 0);
  CHECK(repo.remote_ref("refs/heads/main") == mine);

  // An oversized force push over an unknown tip is still refused.
  std::string again = move_remote_main(repo, "again");
  repo.write("api/big.c", lines_of(120, "big"));
  repo.commit("big");
  RunResult big = repo.push({"--force", "origin", "main"});
  INFO(big.err);
  CHECK(big.exit_code != 0);
  CHECK(repo.remote_ref("refs/heads/main") == again);
}

TEST_CASE("pre-push bases a protected tag on the previous matching ancestor tag") {
  PushRepo repo(policy());
  // A side release tag that is not an ancestor must be ignored.
  git(repo.work, {"checkout", "-q", "-b", "side"});
  repo.write("web/side.js", lines_of(3, "side"));
  repo.commit("side");
  git(repo.work, {"tag", "v1.5"});
  git(repo.work, {"checkout", "-q", "main"});

  repo.write("api/big.c", lines_of(120, "big"));  // released in v1
  std::string v1 = repo.commit("big");
  git(repo.work, {"tag", "v1"});
  REQUIRE(repo.push({"--no-verify", "origin", "v1"}).exit_code == 0);
  repo.write("api/server.c", lines_of(20, "server") + lines_of(2, "between"));
  repo.commit("between");
  git(repo.work, {"tag", "nightly"});  // does not match refs/tags/v*
  repo.write("api/util.c", lines_of(3, "util"));
  std::string v2 = repo.commit("after");
  git(repo.work, {"tag", "-a", "-m", "release 2", "v2"});
  std::string v2_tag = rev_parse(repo.work, "refs/tags/v2", false);
  REQUIRE(v2_tag != v2);

  auto r = repo.hook_json(push_line("refs/tags/v2", v2_tag, "refs/tags/v2", zero_id_40));
  CHECK(r.result.exit_code == 0);
  const auto& report = only_report(r);
  CHECK(str(report["change"], "base") == v1);
  CHECK(str(report["change"], "head") == v2);  // peeled
  CHECK(report["change"]["protected"] == true);
  expect_change(report, numstat(repo.work, v1, v2));

  RunResult push = repo.push({"origin", "v2"});
  INFO(push.err);
  CHECK(push.exit_code == 0);
  CHECK(repo.remote_ref("refs/tags/v2") == v2_tag);
}

TEST_CASE("pre-push recognises zero ids of 40 and 64 characters") {
  PushRepo repo(policy());
  git(repo.work, {"checkout", "-q", "-b", "topic"});
  repo.write("api/server.c", lines_of(20, "server") + lines_of(2, "topic"));
  std::string head = repo.commit();
  auto oracle = numstat(repo.work, repo.initial, head);

  for (const std::string& zero : {zero_id_40, zero_id_64}) {
    INFO("zero id of " << zero.size());
    auto created = repo.hook_json(push_line("refs/heads/topic", head, "refs/heads/topic", zero));
    CHECK(created.result.exit_code == 0);
    const auto& report = only_report(created);
    CHECK(str(report["change"], "base") == repo.initial);
    expect_change(report, oracle);

    auto del_main = repo.hook_json(push_line("(delete)", zero, "refs/heads/main", repo.initial));
    CHECK(del_main.result.exit_code == 1);
    CHECK(findings_with_rule(only_report(del_main), "ref.delete").size() == 1);

    auto del_topic = repo.hook_json(push_line("(delete)", zero, "refs/heads/topic", head));
    CHECK(del_topic.result.exit_code == 0);
    CHECK(findings_with_rule(only_report(del_topic), "ref.delete").empty());
  }
}

TEST_CASE("pre-push reports a SHA-256 repository as unsupported (exit 2)") {
  TempDir tmp;
  std::filesystem::path dir = tmp.path() / "repo";
  std::filesystem::create_directories(dir);
  RunOptions options;
  options.cwd = dir;
  if (run({"git", "init", "-q", "--object-format=sha256", "-b", "main"}, options).exit_code != 0) {
    MESSAGE("git cannot create SHA-256 repositories here; skipped");
    return;
  }
  write_file(dir, "policy.toml", "version = 1\n");
  std::string head = commit_all(dir, "base");
  REQUIRE(head.size() == 64);
  options.input = push_line("refs/heads/main", head, "refs/heads/main", zero_id_64);
  RunResult r = run({hook_path(), "origin", "/nowhere.git"}, options);
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK_FALSE(r.err.empty());
}

}  // namespace gate::test
