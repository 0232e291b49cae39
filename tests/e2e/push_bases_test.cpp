// End-to-end tests of which published ref judges a push the remote has no known tip of
// (docs/hook.md), through `git push` to a bare remote with the hook installed:
// release tags (the previous tag, else what the protected branches hold, else the empty
// tree; windows always apply) and new protected branches (the default branch if protected,
// else the first protected branch with a tracking ref, never an unprotected branch).

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "ci_fixtures.hpp"

namespace gate::test {
namespace {

namespace fs = std::filesystem;

/// A CiRepo (main published, ci_policy) with the pre-push hook installed in `work`.
struct HookRepo {
  explicit HookRepo(const std::string& policy = ci_policy()) : repo(policy) {
    install_hook(repo.work / ".git");
  }
  CiRepo repo;

  /// `git push args...` through the hook at time `now`.
  RunResult push(const std::vector<std::string>& args, const std::string& now) const {
    std::vector<std::string> argv = {"git", "push"};
    argv.insert(argv.end(), args.begin(), args.end());
    RunOptions options;
    options.cwd = repo.work;
    options.env = {{"GATE_NOW", now}, {"GATE_FORMAT", std::nullopt}};
    return run(argv, options);
  }

  /// The hook by hand, as git runs it for a push of new ref `ref` at `sha` to origin:
  /// the single JSON report.
  JsonRun hook(const std::string& ref, const std::string& sha, const std::string& now,
               const std::string& remote = "origin", std::string url = {}) const {
    if (url.empty()) url = repo.remote.string();
    RunOptions options;
    options.cwd = repo.work;
    options.env = {{"GATE_FORMAT", std::nullopt}};
    options.input = push_line(ref, sha, ref, zero_id_40);
    JsonRun r;
    r.result = run({hook_path(), "--format", "json", "--at", now, remote, url}, options);
    INFO("hook exit " << r.result.exit_code << "\nstderr: " << r.result.err);
    nlohmann::json all = parse_json(r.result.out);
    if (all.is_array() && all.size() == 1) r.json = all[0];
    return r;
  }

  /// The id `ref` has on the remote, or "" when it has none.
  std::string remote_ref(const std::string& ref) const {
    return trimmed(
        run({"git", "-C", repo.remote.string(), "rev-parse", "-q", "--verify", ref}).out);
  }

  /// Pushes `refspec` without the hook (someone else's push, or a fixture).
  void publish(const std::string& refspec) const {
    git(repo.work, {"push", "-q", "--no-verify", "-f", "origin", refspec});
  }
};

bool in_api(const std::string& p) { return under(p, "api/"); }

}  // namespace

TEST_CASE("hook: the first release tag of a commit already on main is judged by its window only") {
  HookRepo h;
  h.repo.write("api/big.c", lines_of(80, "big"));
  const std::string tip = h.repo.commit("big, deployed on main");
  h.publish("main");
  git(h.repo.work, {"tag", "v1", tip});
  // The whole history is over the size limits: judged since the empty tree, v1 would fail.
  REQUIRE(tally(numstat(h.repo.work, empty_tree_id, tip), in_api).lines > 50);

  JsonRun open = h.hook("refs/tags/v1", tip, ci_wednesday);
  CHECK(open.result.exit_code == 0);
  CHECK(str(open.json["change"], "base") == tip);
  CHECK(open.json["change"]["protected"] == true);
  CHECK(open.json["files"].empty());

  JsonRun frozen = h.hook("refs/tags/v1", tip, ci_friday);
  CHECK(frozen.result.exit_code == 1);
  CHECK(findings_at(frozen.json, "window.freeze", "block").size() == 1);
  CHECK(findings_with_rule(frozen.json, "size.component").empty());

  RunResult refused = h.push({"origin", "v1"}, ci_friday);
  INFO(refused.err);
  CHECK(refused.exit_code != 0);
  CHECK(h.remote_ref("refs/tags/v1").empty());
  RunResult pushed = h.push({"origin", "v1"}, ci_wednesday);
  INFO(pushed.err);
  CHECK(pushed.exit_code == 0);
  CHECK(h.remote_ref("refs/tags/v1") == tip);
}

TEST_CASE("hook: a second release tag is judged since the previous one, though main holds it") {
  HookRepo h;
  git(h.repo.work, {"tag", "v1", h.repo.main});
  REQUIRE(h.push({"origin", "v1"}, ci_wednesday).exit_code == 0);
  h.repo.write("api/big.c", lines_of(80, "big"));
  const std::string tip = h.repo.commit("big");
  h.publish("main");  // main already holds v2's commit: what is deployed since v1 still counts
  git(h.repo.work, {"tag", "v2", tip});

  JsonRun r = h.hook("refs/tags/v2", tip, ci_wednesday);
  CHECK(r.result.exit_code == 1);
  expect_judged_range(r.json, h.repo.work, h.repo.main, tip);
  CHECK(findings_at(r.json, "size.component", "block").size() == 1);

  RunResult refused = h.push({"origin", "v2"}, ci_wednesday);
  INFO(refused.err);
  CHECK(refused.exit_code != 0);
  CHECK(h.remote_ref("refs/tags/v2").empty());
}

TEST_CASE("hook: a release tag that shares no history with a protected branch is judged whole") {
  HookRepo h;
  git(h.repo.work, {"checkout", "-q", "--orphan", "island"});
  git(h.repo.work, {"rm", "-rqf", "."});
  h.repo.write("api/tool.c", lines_of(3, "tool"));
  const std::string island = h.repo.commit("island");
  git(h.repo.work, {"tag", "v1", island});
  const auto whole = numstat(h.repo.work, empty_tree_id, island);

  // Judged by main's policy since the empty tree: small enough, but never outside windows.
  JsonRun open = h.hook("refs/tags/v1", island, ci_wednesday);
  CHECK(open.result.exit_code == 0);
  CHECK(str(open.json["change"], "base").empty());
  expect_files_match(open.json, whole);
  JsonRun frozen = h.hook("refs/tags/v1", island, ci_friday);
  CHECK(frozen.result.exit_code == 1);
  CHECK(findings_at(frozen.json, "window.freeze", "block").size() == 1);
  RunResult refused = h.push({"origin", "v1"}, ci_friday);
  INFO(refused.err);
  CHECK(refused.exit_code != 0);
  CHECK(h.remote_ref("refs/tags/v1").empty());

  // A URL no remote has: no tracking ref at all, so no policy either.
  const std::string nowhere = (h.repo.tmp.path() / "nowhere.git").string();
  JsonRun unknown = h.hook("refs/tags/v1", island, ci_friday, nowhere, nowhere);
  CHECK(unknown.result.exit_code == 0);
  CHECK(str(unknown.json["change"], "base").empty());
  expect_files_match(unknown.json, whole);
}

// An unprotected branch may carry a policy.toml that lifts its own limits; a new protected
// branch made from it must still be judged by main's policy, whether or not the clone
// records origin's HEAD (`git push` does not, `git clone` does).
TEST_CASE("hook: a new protected branch is judged by main, not by an unprotected branch") {
  HookRepo h;
  h.repo.branch("topic", h.repo.main);
  h.repo.write("policy.toml", ci_policy(100000));
  h.repo.write("api/big.c", lines_of(80, "big"));
  const std::string head = h.repo.commit("loosen, then grow");
  REQUIRE(h.push({"origin", "topic"}, ci_wednesday).exit_code == 0);  // unprotected: warns
  h.repo.branch("release/2", head);

  for (bool set_head : {false, true}) {
    INFO("refs/remotes/origin/HEAD recorded: " << set_head);
    if (set_head) git(h.repo.work, {"remote", "set-head", "origin", "main"});
    JsonRun r = h.hook("refs/heads/release/2", head, ci_wednesday);
    CHECK(r.result.exit_code == 1);
    expect_judged_range(r.json, h.repo.work, h.repo.main, head);
    CHECK(r.json["change"]["protected"] == true);
    CHECK(findings_at(r.json, "size.component", "block").size() == 1);
    RunResult refused = h.push({"origin", "release/2"}, ci_wednesday);
    INFO(refused.err);
    CHECK(refused.exit_code != 0);
    CHECK(h.remote_ref("refs/heads/release/2").empty());
  }
}

TEST_CASE("hook: with an unprotected default branch, the first protected branch judges") {
  HookRepo h;
  // develop: the default branch, unprotected by its own (loosened) policy.
  h.repo.branch("develop", h.repo.main);
  h.repo.write("policy.toml", ci_policy(100000));
  h.repo.commit("loosen on develop");
  h.publish("develop");
  git(h.repo.work, {"remote", "set-head", "origin", "develop"});
  h.repo.write("api/big.c", lines_of(80, "big"));
  const std::string head = h.repo.commit("grow");
  h.repo.branch("release/3", head);

  JsonRun r = h.hook("refs/heads/release/3", head, ci_wednesday);
  CHECK(r.result.exit_code == 1);
  expect_judged_range(r.json, h.repo.work, h.repo.main, head);
  CHECK(findings_at(r.json, "size.component", "block").size() == 1);

  // No branch of develop's `protected` list is fetched: nothing may judge it.
  git(h.repo.work, {"update-ref", "-d", "refs/remotes/origin/main"});
  JsonRun none = h.hook("refs/heads/release/3", head, ci_wednesday);
  CHECK(none.result.exit_code == 2);
  CHECK(contains(none.result.err, "refs/heads/release/3"));
  CHECK(contains(none.result.err, "git fetch"));
  RunResult refused = h.push({"origin", "release/3"}, ci_wednesday);
  INFO(refused.err);
  CHECK(refused.exit_code != 0);
  CHECK(h.remote_ref("refs/heads/release/3").empty());
}

}  // namespace gate::test
