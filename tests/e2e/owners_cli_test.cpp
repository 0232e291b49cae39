// End-to-end tests of the ownership rules (docs/rules.md, CODEOWNERS) through the built git-gate:
// check with CODEOWNERS in real repositories (read at the base only, size limit, bad
// lines, --approved-by, --reviews, --teams) and explain. The policy and CODEOWNERS are
// repo_owners_* of tests/support/owners_fixture.hpp.

#include <doctest/doctest.h>

#include <string>

#include "e2e_fixtures.hpp"
#include "owners_fixture.hpp"

namespace gate::test {
namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

/// A CheckRepo whose main also holds `codeowners` at `location` (none when empty), with
/// the branch `feature` checked out at main.
struct OwnersRepo : CheckRepo {
  explicit OwnersRepo(const std::string& codeowners = repo_owners_codeowners,
                      const std::string& policy = repo_owners_policy,
                      const std::string& location = ".github/CODEOWNERS")
      : CheckRepo(policy) {
    if (!codeowners.empty()) {
      write(location, codeowners);
      main = commit("CODEOWNERS");
    } else {
      main = base;
    }
    git(dir, {"checkout", "-q", "-b", "feature"});
  }
  std::string main;

  /// `check --base main --head feature --ref refs/heads/main extra...`, as JSON.
  JsonRun check(const std::vector<std::string>& extra = {}) const {
    std::vector<std::string> args = {"--base",  "main",  "--head",
                                     "feature", "--ref", "refs/heads/main"};
    args.insert(args.end(), extra.begin(), extra.end());
    return gate_check_json(dir, args);
  }

  /// Writes a file outside the repository and returns its path.
  std::string outside(const std::string& name, const std::string& content) const {
    write_file(tmp.path(), name, content);
    return (tmp.path() / name).string();
  }
};

std::vector<std::string> rules_at(const nlohmann::json& report, const std::string& rule,
                                  const std::string& severity) {
  std::vector<std::string> messages;
  for (const nlohmann::json& f : findings_with_rule(report, rule))
    if (str(f, "severity") == severity) messages.push_back(str(f, "message"));
  return messages;
}

bool notices_mention(const nlohmann::json& report, const std::string& part) {
  if (!report.contains("notices")) return false;
  for (const nlohmann::json& n : report["notices"])
    if (n.is_string() && contains(n.get<std::string>(), part)) return true;
  return false;
}

std::string reviews_json(const std::string& body) { return "[" + body + "]"; }

std::string review_item(const std::string& login, const std::string& state,
                        const std::string& commit) {
  return R"({"id": 1, "user": {"login": ")" + login + R"(", "type": "User"}, "state": ")" + state +
         R"(", "commit_id": ")" + commit + R"(", "body": ""})";
}

JsonRun explain_json(const std::filesystem::path& dir, const std::vector<std::string>& args,
                     const std::string& input = "") {
  std::vector<std::string> argv = {cli_path(), "explain", "--format", "json"};
  argv.insert(argv.end(), args.begin(), args.end());
  RunOptions options;
  options.cwd = dir;
  options.input = input;
  JsonRun r;
  r.result = run(argv, options);
  INFO("exit " << r.result.exit_code << "\nstderr: " << r.result.err);
  r.json = parse_json(r.result.out);
  return r;
}

}  // namespace

TEST_CASE("check --approved-by: a member of the owning team passes, anyone else blocks") {
  OwnersRepo repo;
  repo.write("api/server.c", lines_of(22, "server"));
  repo.commit();

  JsonRun carol = repo.check({"--approved-by", "@carol"});
  CHECK(carol.result.exit_code == 0);
  CHECK(str(carol.json, "verdict") == "allow");
  CHECK(rules_at(carol.json, "owners.approval", "block").empty());
  const nlohmann::json* file = find_file(carol.json, "api/server.c");
  REQUIRE(file);
  CHECK((*file)["owners"] == nlohmann::json::array({"@acme/api"}));
  CHECK(str(*file, "owner_line") ==
        ".github/CODEOWNERS:" + std::to_string(line_of(repo_owners_codeowners, "/api/")));

  JsonRun wendy = repo.check({"--approved-by", "@wendy,@olga"});
  CHECK(wendy.result.exit_code == 1);
  auto blocks = findings_with_rule(wendy.json, "owners.approval");
  REQUIRE(blocks.size() == 1);
  CHECK(str(blocks[0], "severity") == "block");
  CHECK(sorted_paths(blocks[0]) == std::vector<std::string>{"api/server.c"});

  // Without reviews, a plain check only lists the owners CI will require.
  JsonRun plain = repo.check();
  CHECK(plain.result.exit_code == 0);
  auto listed = findings_with_rule(plain.json, "owners.approval");
  REQUIRE(listed.size() == 1);
  CHECK(str(listed[0], "severity") == "info");
  CHECK(contains(str(listed[0], "message"), "@acme/api"));
}

TEST_CASE("check --reviews reads GitHub's review list with GitHub's semantics") {
  OwnersRepo repo;
  repo.write("api/server.c", lines_of(22, "server"));
  std::string head = repo.commit();

  auto judge = [&](const std::string& body) {
    return repo.check({"--reviews", repo.outside("reviews.json", reviews_json(body))});
  };
  CHECK(
      judge(review_item("carol", "APPROVED", head) + "," + review_item("carol", "COMMENTED", head))
          .result.exit_code == 0);
  CHECK(judge(review_item("Dave", "APPROVED", "0123456789abcdef0123456789abcdef01234567"))
            .result.exit_code == 0);  // stale approvals count by default
  CHECK(judge(review_item("carol", "APPROVED", head) + "," +
              review_item("carol", "CHANGES_REQUESTED", head))
            .result.exit_code == 1);
  CHECK(judge(review_item("carol", "DISMISSED", head)).result.exit_code == 1);
  CHECK(judge("").result.exit_code == 1);
}

TEST_CASE("check --reviews with a malformed file is an error (exit 2)") {
  OwnersRepo repo;
  repo.write("api/server.c", lines_of(22, "server"));
  repo.commit();
  for (const std::string bad : {"{not json", R"({"user": {"login": "carol"}})",
                                R"([{"user": {"login": "carol"}, "state": "LGTM"}])"}) {
    INFO(bad);
    JsonRun r = repo.check({"--reviews", repo.outside("bad.json", bad)});
    CHECK(r.result.exit_code == 2);
    REQUIRE(r.json.is_object());
    CHECK(r.json.contains("error"));
    CHECK_FALSE(r.json.contains("verdict"));
  }
  JsonRun missing = repo.check({"--reviews", (repo.tmp.path() / "absent.json").string()});
  CHECK(missing.result.exit_code == 2);
}

TEST_CASE("check --teams replaces a team's members from a JSON file") {
  OwnersRepo repo;
  repo.write("web/index.js", lines_of(22, "index"));
  repo.commit();
  std::string teams = repo.outside("teams.json", R"({"@acme/web": ["@zed"]})");
  CHECK(repo.check({"--approved-by", "@wendy"}).result.exit_code == 0);
  CHECK(repo.check({"--teams", teams, "--approved-by", "@zed"}).result.exit_code == 0);
  CHECK(repo.check({"--teams", teams, "--approved-by", "@wendy"}).result.exit_code == 1);
  CHECK(repo.check({"--teams", repo.outside("t.json", "[]"), "--approved-by", "@wendy"})
            .result.exit_code == 2);
}

TEST_CASE("check: unowned paths block on main, warn on a feature ref, ownerless paths are info") {
  OwnersRepo repo;
  repo.write("README.md", lines_of(7, "readme"));       // no line matches
  repo.write("web/vendor/lib.js", lines_of(3, "lib"));  // explicitly ownerless
  repo.commit();
  JsonRun main = repo.check({"--approved-by", "@wendy"});
  CHECK(main.result.exit_code == 1);
  auto unowned = findings_with_rule(main.json, "owners.unowned");
  bool blocked = false, ownerless = false;
  for (const nlohmann::json& f : unowned) {
    if (str(f, "severity") == "block") {
      blocked = true;
      CHECK(sorted_paths(f) == std::vector<std::string>{"README.md"});
    }
    if (str(f, "severity") == "info") {
      ownerless = true;
      CHECK(sorted_paths(f) == std::vector<std::string>{"web/vendor/lib.js"});
    }
  }
  CHECK(blocked);
  CHECK(ownerless);
  const nlohmann::json* readme = find_file(main.json, "README.md");
  REQUIRE(readme);
  CHECK((*readme)["owner_line"].is_null());

  JsonRun feature = gate_check_json(
      repo.dir, {"--base", "main", "--head", "feature", "--ref", "refs/heads/feature"});
  CHECK(feature.result.exit_code == 0);
  CHECK_FALSE(rules_at(feature.json, "owners.unowned", "warn").empty());
}

TEST_CASE("check: a rename touches the old path too, an unowned old path is reported") {
  OwnersRepo repo;
  repo.write("notes/plan.txt", lines_of(30, "plan"));
  git(repo.dir, {"checkout", "-q", "main"});
  repo.main = repo.commit("notes");
  git(repo.dir, {"checkout", "-q", "-B", "feature"});
  git(repo.dir, {"mv", "notes/plan.txt", "api/plan.txt"});
  repo.commit("move");
  JsonRun r = repo.check({"--approved-by", "@carol"});
  CHECK(r.result.exit_code == 1);
  auto blocks = findings_with_rule(r.json, "owners.unowned");
  REQUIRE(blocks.size() == 1);
  CHECK(sorted_paths(blocks[0]) == std::vector<std::string>{"notes/plan.txt"});
}

TEST_CASE("check judges by the base's CODEOWNERS: a change cannot make itself its owner") {
  OwnersRepo repo;
  SUBCASE("adding a line that names the author") {
    repo.write(".github/CODEOWNERS", std::string(repo_owners_codeowners) + "/api/ @tess\n");
  }
  SUBCASE("removing the line that owns the path") {
    repo.write(".github/CODEOWNERS", "/web/ @acme/web\n");
  }
  repo.write("api/server.c", lines_of(22, "server"));
  repo.commit();
  JsonRun r = repo.check({"--approved-by", "@tess"});
  CHECK(r.result.exit_code == 1);
  const nlohmann::json* file = find_file(r.json, "api/server.c");
  REQUIRE(file);
  CHECK((*file)["owners"] == nlohmann::json::array({"@acme/api"}));
  auto approval = findings_with_rule(r.json, "owners.approval");
  REQUIRE_FALSE(approval.empty());
  bool api = false;
  for (const nlohmann::json& f : approval)
    if (contains(str(f, "message"), "@acme/api")) api = true;
  CHECK(api);
  // The author (author@example.com = @tess) is not in @acme/api.
  bool names_tess = false;
  for (const nlohmann::json& f : findings_with_rule(r.json, "owners.cross-team"))
    if (contains(str(f, "message"), "@tess")) names_tess = true;
  CHECK(names_tess);
}

TEST_CASE("check: a base without CODEOWNERS skips the ownership rules with a warning") {
  OwnersRepo repo("");
  repo.write(".github/CODEOWNERS", "* @tess\n");  // the change adds one: not yet in force
  repo.write("api/server.c", lines_of(22, "server"));
  repo.commit();
  JsonRun r = repo.check();
  CHECK(r.result.exit_code == 0);
  auto unowned = findings_with_rule(r.json, "owners.unowned");
  REQUIRE(unowned.size() == 1);
  CHECK(str(unowned[0], "severity") == "warn");
  CHECK(contains(str(unowned[0], "message"), "CODEOWNERS"));
  CHECK(contains(str(unowned[0], "message"), ".github/CODEOWNERS"));
  CHECK(findings_with_rule(r.json, "owners.approval").empty());
  CHECK(findings_with_rule(r.json, "owners.cross-team").empty());
}

TEST_CASE("check ignores a CODEOWNERS over 3 MB, and says so") {
  std::string big = "/api/ @acme/api\n";
  const std::string filler = "# " + std::string(97, 'x') + "\n";
  while (big.size() <= 3u * 1024 * 1024) big += filler;
  OwnersRepo repo(big);
  repo.write("stray/new.txt", "x\n");  // would be unowned if the file were read
  repo.commit();
  JsonRun r = repo.check();
  CHECK(r.result.exit_code == 0);
  CHECK(notices_mention(r.json, ".github/CODEOWNERS"));
  CHECK(rules_at(r.json, "owners.unowned", "block").empty());
  auto warned = rules_at(r.json, "owners.unowned", "warn");
  CHECK(warned.size() == 1);
}

TEST_CASE("check reports bad CODEOWNERS lines with file:line:col, the good lines apply") {
  const std::string text =
      std::string(repo_owners_codeowners) + "/stray/ not-an-owner\n/docs/ @dora\n";
  OwnersRepo repo(text);
  repo.write("docs/guide.md", "guide\n");
  repo.commit();
  JsonRun r = repo.check({"--approved-by", "@dora"});
  const std::string where =
      ".github/CODEOWNERS:" + std::to_string(line_of(text, "not-an-owner")) + ":";
  CHECK(notices_mention(r.json, where));
  const nlohmann::json* docs = find_file(r.json, "docs/guide.md");
  REQUIRE(docs);
  CHECK((*docs)["owners"] == nlohmann::json::array({"@dora"}));
  CHECK(r.result.exit_code == 0);
}

// With a machine format on stdout, notices and per-line CODEOWNERS errors go into the
// report AND to stderr, where a person reading the job's log sees them.
TEST_CASE("check --format json also writes CODEOWNERS line errors and notices to stderr") {
  const std::string text = std::string(repo_owners_codeowners) + "/stray/ not-an-owner\n";
  OwnersRepo repo(text);
  repo.write(".github/CODEOWNERS", text + "/docs/ @dora\n");  // a notice: config edited
  repo.commit();
  JsonRun r = repo.check();
  const std::string where =
      ".github/CODEOWNERS:" + std::to_string(line_of(text, "not-an-owner")) + ":";
  CHECK(notices_mention(r.json, where));
  CHECK(contains(r.result.err, where));
  CHECK(contains(r.result.err, "judged by the base"));
}

TEST_CASE("check: a co-authored change names the outsider in owners.cross-team") {
  OwnersRepo repo;
  repo.write("api/server.c", lines_of(22, "server"));
  RunOptions as;
  as.cwd = repo.dir;
  as.env = {{"GIT_AUTHOR_NAME", "Carol"},
            {"GIT_AUTHOR_EMAIL", "carol@acme.example"},
            {"GIT_COMMITTER_NAME", "Olga"},
            {"GIT_COMMITTER_EMAIL", "olga@acme.example"}};
  commit_all(repo.dir, "co-authored", as);
  // Carol authored it: her own approval does not count (docs/rules.md, CODEOWNERS: nobody approves
  // their own change).
  JsonRun self = repo.check({"--approved-by", "@carol"});
  CHECK(self.result.exit_code == 1);
  CHECK(findings_with_rule(self.json, "owners.approval").size() == 1);
  JsonRun r = repo.check({"--approved-by", "@dave"});
  CHECK(r.result.exit_code == 0);  // cross-team warns by default
  auto warns = findings_with_rule(r.json, "owners.cross-team");
  REQUIRE(warns.size() == 1);
  CHECK(str(warns[0], "severity") == "warn");
  CHECK(contains(str(warns[0], "message"), "@olga"));
  CHECK_FALSE(contains(str(warns[0], "message"), "@carol"));
}

TEST_CASE("explain --format json: path, owners, owner_line, section, component") {
  OwnersRepo repo;
  JsonRun r = explain_json(repo.dir, {"api/not/in/tree.c", "./web/vendor/x.js", "README.md"});
  CHECK(r.result.exit_code == 0);
  REQUIRE(r.json.is_array());
  REQUIRE(r.json.size() == 3);
  const nlohmann::json& api = r.json[0];
  CHECK(str(api, "path") == "api/not/in/tree.c");
  CHECK(api["owners"] == nlohmann::json::array({"@acme/api"}));
  CHECK(str(api, "owner_line") ==
        ".github/CODEOWNERS:" + std::to_string(line_of(repo_owners_codeowners, "/api/")));
  CHECK(api["section"].is_null());
  CHECK(str(api, "component") == "(other)");
  const nlohmann::json& vendor = r.json[1];
  CHECK(str(vendor, "path") == "web/vendor/x.js");
  CHECK(vendor["owners"].empty());
  CHECK(str(vendor, "owner_line") ==
        ".github/CODEOWNERS:" + std::to_string(line_of(repo_owners_codeowners, "/web/vendor/")));
  const nlohmann::json& readme = r.json[2];
  CHECK(readme["owners"].empty());
  CHECK(readme["owner_line"].is_null());

  // Text form, and --paths-from - reading stdin.
  JsonRun piped = explain_json(repo.dir, {"--paths-from", "-"}, "web/a.js\n\napi/b.c\n");
  REQUIRE(piped.json.is_array());
  REQUIRE(piped.json.size() == 2);
  CHECK(str(piped.json[0], "path") == "web/a.js");
  CHECK(piped.json[0]["owners"] == nlohmann::json::array({"@acme/web"}));
  CHECK(str(piped.json[1], "path") == "api/b.c");
  RunOptions at;
  at.cwd = repo.dir;
  RunResult text = run({cli_path(), "explain", "web/a.js"}, at);
  CHECK(text.exit_code == 0);
  CHECK(contains(text.out, "@acme/web"));
  CHECK(run({cli_path(), "explain"}, at).exit_code == 2);
}

TEST_CASE("explain: component null without a policy, GitLab sections and components") {
  SUBCASE("no policy") {
    TempDir tmp;
    init_repo(tmp.path());
    write_file(tmp.path(), "CODEOWNERS", "*.c @carol\n");
    commit_all(tmp.path(), "codeowners");
    JsonRun r = explain_json(tmp.path(), {"src/a.c"});
    REQUIRE(r.json.is_array());
    REQUIRE(r.json.size() == 1);
    CHECK(r.json[0]["component"].is_null());
    CHECK(str(r.json[0], "owner_line") == "CODEOWNERS:1");
    CHECK(r.json[0]["owners"] == nlohmann::json::array({"@carol"}));
  }
  SUBCASE("GitLab file only in .gitlab/, with a component") {
    const std::string text =
        "* @ops\n"
        "[Backend] @backend-lead\n"
        "/api/\n"
        "!/api/vendor/\n";
    const std::string policy = "version = 1\n[[component]]\nname = \"api\"\npaths = [\"/api/\"]\n";
    OwnersRepo repo(text, policy, ".gitlab/CODEOWNERS");
    JsonRun r = explain_json(repo.dir, {"api/x.go", "api/vendor/y.go", "web/z.js"});
    REQUIRE(r.json.is_array());
    REQUIRE(r.json.size() == 3);
    CHECK(r.json[0]["owners"] == nlohmann::json::array({"@ops", "@backend-lead"}));
    CHECK(str(r.json[0], "section") == "Backend");
    CHECK(str(r.json[0], "owner_line") ==
          ".gitlab/CODEOWNERS:" + std::to_string(line_of(text, "/api/", true)));
    CHECK(str(r.json[0], "component") == "api");
    CHECK(r.json[1]["owners"] == nlohmann::json::array({"@ops"}));
    CHECK(str(r.json[2], "owner_line") ==
          ".gitlab/CODEOWNERS:" + std::to_string(line_of(text, "* @ops")));
    CHECK(str(r.json[2], "component") == "(other)");
    CHECK(r.json[2]["section"].is_null());
  }
}

}  // namespace gate::test
