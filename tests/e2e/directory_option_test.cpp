// -C DIR, for every subcommand, works as `git -C` does: run from another directory with
// -C, a command gives the same result as run inside DIR, and the relative files its
// options name (--policy, --paths-from, --reviews, --teams, --event-path, --output,
// --codeowners, --key) are taken from DIR. The other directory holds decoys of the
// same names, so a file read from the wrong place changes the result or fails.

#include <doctest/doctest.h>

#include <filesystem>
#include <regex>

#include "override_fixtures.hpp"

using namespace gate::test;
namespace fs = std::filesystem;

namespace {

const std::string at = ci_wednesday;  // within the 2h of a default Grant
const std::string not_json = "decoy: read from the wrong directory\n";

// An OverrideRepo, a change on `feature` that the decoys would judge differently, and a
// directory `elsewhere` beside the work tree, from which -C names it as "../work".
struct Setup {
  OverrideRepo r;
  fs::path dir = r.work;
  fs::path other = r.repo.tmp.path() / "elsewhere";
  std::string head = r.change("feature", {{"api/server.c", lines_of(22, "server")}});

  Setup() { fs::create_directories(other); }

  // Writes `content` at `relative` in DIR, and `decoy` at the same name elsewhere.
  void both(const std::string& relative, const std::string& content,
            const std::string& decoy = not_json) const {
    write_file(dir, relative, content);
    write_file(other, relative, decoy);
  }

  // `words` + args inside DIR, and `words` -C ../work + args from elsewhere: the same exit
  // code and stdout, and the same `outputs` (files relative to DIR) written in DIR only.
  // Returns the run inside DIR.
  RunResult expect_same(const std::vector<std::string>& words, const std::vector<std::string>& args,
                        const std::string& now = at, const Env& extra = {},
                        const std::vector<std::string>& outputs = {}) const {
    std::vector<std::string> inside = words, moved = words;
    inside.insert(inside.end(), args.begin(), args.end());
    moved.insert(moved.end(), {"-C", "../work"});
    moved.insert(moved.end(), args.begin(), args.end());
    RunResult here = r.gate(inside, now, dir, extra);
    std::vector<std::string> written;
    for (const std::string& o : outputs) {
      written.push_back(file_text(dir / o));
      fs::remove(dir / o);
    }
    RunResult there = r.gate(moved, now, other, extra);
    INFO(words[0] << "\ninside: exit " << here.exit_code << "\n"
                  << here.out << here.err << "\n-C: exit " << there.exit_code << "\n"
                  << there.out << there.err);
    CHECK(here.exit_code != 2);
    CHECK(there.exit_code == here.exit_code);
    CHECK(there.out == here.out);
    for (std::size_t i = 0; i < outputs.size(); ++i) {
      CHECK_FALSE(written[i].empty());
      CHECK(file_text(dir / outputs[i]) == written[i]);
      CHECK_FALSE(fs::exists(other / outputs[i]));
    }
    return here;
  }
};

std::string without_ids(const std::string& text) {
  return std::regex_replace(text, std::regex("override [0-9a-f]{16}"), "override ID");
}

}  // namespace

TEST_CASE("-C: check with --reviews, --teams and --output from DIR") {
  Setup s;
  s.both("in/reviews.json",
         nlohmann::json::array({github_review("dave", "APPROVED", s.head)}).dump());
  s.both("in/teams.json", R"({"@acme/api": ["@dave"]})");
  fs::create_directories(s.dir / "out");
  RunResult r = s.expect_same(
      {"check"},
      {"--base", s.r.trusted, "--ref", "refs/heads/main", "--format", "json", "--reviews",
       "in/reviews.json", "--teams", "in/teams.json", "--output", "sarif=out/check.sarif"},
      at, {}, {"out/check.sarif"});
  CHECK(r.exit_code == 0);  // the reviews in DIR approve; the decoys would fail to parse
}

TEST_CASE("-C: explain with --paths-from from DIR") {
  Setup s;
  s.both("paths.txt", "api/server.c\nweb/index.js\n", "README.md\n");
  RunResult r = s.expect_same({"explain"}, {"--format", "json", "--paths-from", "paths.txt"});
  CHECK(r.out.find("web/index.js") != std::string::npos);
}

TEST_CASE("-C: window with --policy from DIR, and with HEAD's policy") {
  Setup s;
  s.both("draft/policy.toml", override_policy(), "version = ");
  s.expect_same({"window"},
                {"--format", "json", "--at", ci_friday, "--policy", "draft/policy.toml"});
  s.expect_same({"window"}, {"--format", "json", "--at", ci_friday});
}

TEST_CASE("-C: lint with --policy and --codeowners from DIR") {
  Setup s;
  s.both("draft/policy.toml", override_policy(), "version = ");
  s.both("draft/CODEOWNERS", std::string(ci_codeowners) + "/nowhere/ @acme/web\n", "[broken\n");
  RunResult r = s.expect_same({"lint"}, {"--format", "json", "--policy", "draft/policy.toml",
                                         "--codeowners", "draft/CODEOWNERS"});
  CHECK(r.out.find("draft/CODEOWNERS:4") != std::string::npos);  // named as given
}

TEST_CASE("-C: ci with --event-path, --reviews, --teams and --output from DIR") {
  Setup s;
  s.both("event.json", pull_request_payload(s.r.trusted, s.head, "carol").dump());
  s.both("reviews.json", nlohmann::json::array({github_review("dave", "APPROVED", s.head)}).dump());
  s.both("teams.json", R"({"@acme/api": ["@dave"]})");
  Env github = {{"GITHUB_ACTIONS", "true"}, {"GITHUB_EVENT_NAME", "pull_request"}};
  RunResult r =
      s.expect_same({"ci"},
                    {"--format", "json", "--event-path", "event.json", "--reviews", "reviews.json",
                     "--teams", "teams.json", "--output", "markdown=summary.md"},
                    at, github, {"summary.md"});
  CHECK(r.exit_code == 0);
}

TEST_CASE("-C: override approve with --key from DIR, then list, verify and audit") {
  Setup s;
  const std::string commit = s.r.oversized_change("big");
  // DIR holds vp's key, elsewhere mallory's: a record signed with it would not verify.
  for (const auto& [where, name] : {std::pair{s.dir, "vp"}, std::pair{s.other, "mallory"}}) {
    fs::create_directories(where / "keys");
    fs::copy_file(s.r.key(name), where / "keys" / "signing");
    fs::permissions(where / "keys" / "signing", fs::perms::owner_read | fs::perms::owner_write);
  }
  std::vector<std::string> approve = {
      commit,  "--rule",       "size.component", "--reason",  "INC-1: -C",   "--expires", "2h",
      "--key", "keys/signing", "--base",         s.r.trusted, "--principal", vp_email};
  std::vector<std::string> inside = {"override", "approve"}, moved = inside;
  inside.insert(inside.end(), approve.begin(), approve.end());
  moved.insert(moved.end(), {"-C", "../work"});
  moved.insert(moved.end(), approve.begin(), approve.end());
  RunResult here = s.r.gate(inside, wednesday_signed, s.dir);
  RunResult there = s.r.gate(moved, wednesday_signed, s.other);
  INFO(here.out << here.err << "\n" << there.out << there.err);
  CHECK(here.exit_code == 0);
  CHECK(there.exit_code == 0);
  CHECK(without_ids(there.out) == without_ids(here.out));
  CHECK(record_count(s.r.note(commit)) == 2);

  for (std::string verb : {"list", "verify"}) {
    RunResult judged =
        s.expect_same({"override", verb}, {commit, "--format", "json", "--base", s.r.trusted});
    OverrideRepo::Verified v = s.r.verify(commit, at, {}, verb);
    REQUIRE(v.statuses.size() == 2);
    for (const nlohmann::json& status : v.statuses) CHECK(str(status, "status") == "applied");
    CHECK(judged.exit_code == 0);
  }
  s.expect_same({"audit"}, {"--base", s.r.trusted});
  s.expect_same({"audit"}, {"--format", "json", "--at", at});
}
