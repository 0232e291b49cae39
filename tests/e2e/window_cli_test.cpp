// End-to-end tests of change windows (docs/windows.md) through the built programs: `git-gate
// check` (window.freeze, valid_until, protected refs, component zones, GATE_NOW), the
// pre-push hook on a real `git push`, `git-gate window` outside a repository, the
// "no allowed hour" warning, policy errors with their location, and the 2038 horizon.
//
// Every expected instant is worked out by hand below from offsets that are fixed in July
// 2026 (no DST change anywhere near): Europe/Berlin CEST = UTC+2, Asia/Singapore = UTC+8,
// America/Los_Angeles PDT = UTC-7, Pacific/Auckland NZST = UTC+12.

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "e2e_fixtures.hpp"

namespace gate::test {
namespace {

namespace chr = std::chrono;

// The calendar the instants below rely on, checked independently of the program.
static_assert(chr::weekday{chr::sys_days{chr::year{2026} / 7 / 6}} == chr::Monday);
static_assert(chr::weekday{chr::sys_days{chr::year{2026} / 7 / 9}} == chr::Thursday);
static_assert(chr::weekday{chr::sys_days{chr::year{2026} / 7 / 10}} == chr::Friday);
static_assert(chr::weekday{chr::sys_days{chr::year{2026} / 7 / 13}} == chr::Monday);

// Berlin (UTC+2 in July).
const std::string berlin_thu_1000 = "2026-07-09T08:00:00Z";
const std::string berlin_fri_1200 = "2026-07-10T10:00:00Z";  // the freeze starts in Berlin
const std::string berlin_fri_1300 = "2026-07-10T11:00:00Z";
const std::string berlin_mon_0600 = "2026-07-13T04:00:00Z";  // the freeze ends in Berlin
// Singapore (UTC+8).
const std::string sgt_fri_1200 = "2026-07-10T04:00:00Z";  // the freeze starts in Singapore
const std::string sgt_mon_0600 = "2026-07-12T22:00:00Z";  // the freeze ends in Singapore
// docs/windows.md's multi-region example (worked example 3), with Berlin:
// Friday 13:00 in Singapore = 07:00 in Berlin; the day before.
const std::string case7_frozen = "2026-07-10T05:00:00Z";
const std::string case7_open = "2026-07-09T05:00:00Z";

const std::string freeze_id = "friday-afternoon";

// Default zone Berlin, component voice running in Singapore, the freeze without a zone.
const std::string berlin_policy = R"(version = 1
timezone = "Europe/Berlin"

[[component]]
name = "voice"
paths = ["/kamailio/"]
zones = ["Asia/Singapore"]

[[freeze]]
id = "friday-afternoon"
weekly = "Fri 12:00 - Mon 06:00"
reason = "no weekend deploys"
)";

// No stray GATE_NOW from the environment running the tests.
const Env no_env_clock = {{"GATE_NOW", std::nullopt}};

std::vector<nlohmann::json> window_findings(const nlohmann::json& report) {
  auto found = findings_with_rule(report, "window.freeze");
  auto outside = findings_with_rule(report, "window.outside-allowed");
  found.insert(found.end(), outside.begin(), outside.end());
  return found;
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

bool has_string(const nlohmann::json& array, const std::string& value) {
  if (!array.is_array()) return false;
  return std::any_of(array.begin(), array.end(),
                     [&](const nlohmann::json& e) { return e == value; });
}

/// A repository whose base holds berlin_policy and whose head changes `path`.
struct WindowRepo {
  explicit WindowRepo(const std::string& path, const std::string& policy = berlin_policy)
      : repo(policy) {
    repo.write(path, lines_of(3, "changed"));
    head = repo.commit();
  }
  JsonRun check(const std::string& ref, const std::string& at) const {
    return gate_check_json(repo.dir, {"--base", repo.base, "--ref", ref, "--at", at}, no_env_clock);
  }
  CheckRepo repo;
  std::string head;
};

/// Runs `git-gate window args...` in `cwd`.
RunResult gate_window(const std::filesystem::path& cwd, const std::vector<std::string>& args,
                      const Env& env = no_env_clock) {
  std::vector<std::string> argv = {cli_path(), "window"};
  argv.insert(argv.end(), args.begin(), args.end());
  RunOptions options;
  options.cwd = cwd;
  options.env = env;
  return run(argv, options);
}

JsonRun gate_window_json(const std::filesystem::path& cwd, std::vector<std::string> args) {
  args.insert(args.begin(), {"--format", "json"});
  JsonRun r;
  r.result = gate_window(cwd, args);
  INFO("exit " << r.result.exit_code << "\nstderr: " << r.result.err);
  r.json = parse_json(r.result.out);
  return r;
}

/// A policy file outside any repository, and an empty directory to run in.
struct LoosePolicy {
  explicit LoosePolicy(const std::string& text) : file(files.path() / "policy.toml") {
    write_file(files.path(), "policy.toml", text);
  }
  TempDir files;
  TempDir empty;
  std::filesystem::path file;
  JsonRun window(std::vector<std::string> args) const {
    args.insert(args.begin(), {"--policy", file.string()});
    return gate_window_json(empty.path(), args);
  }
};

}  // namespace

TEST_CASE("check blocks a deploy inside a weekly freeze and says when it opens") {
  WindowRepo w("api/server.c");
  auto r = w.check("refs/heads/main", berlin_fri_1300);
  CHECK(r.result.exit_code == 1);
  CHECK(str(r.json, "verdict") == "block");
  CHECK(str(r.json, "evaluated_at") == berlin_fri_1300);
  CHECK(str(r.json, "clock") == "overridden");
  CHECK(str(r.json, "valid_until") == berlin_mon_0600);
  auto freezes = findings_with_rule(r.json, "window.freeze");
  REQUIRE(freezes.size() == 1);
  CHECK(str(freezes[0], "severity") == "block");
  std::string message = str(freezes[0], "message");
  INFO(message);
  CHECK(contains(message, freeze_id));
  CHECK(contains(message, "Europe/Berlin"));
  CHECK(contains(message, "no weekend deploys"));
  // The occurrence in UTC, and when the gate opens: the same instant as valid_until.
  CHECK(contains(message, berlin_fri_1200));
  CHECK(contains(message, "opens next at " + berlin_mon_0600));
  CHECK(findings_with_rule(r.json, "window.outside-allowed").empty());

  SUBCASE("the same change on Thursday 10:00 is allowed until the freeze starts") {
    auto open = w.check("refs/heads/main", berlin_thu_1000);
    CHECK(open.result.exit_code == 0);
    CHECK(str(open.json, "verdict") == "allow");
    CHECK(window_findings(open.json).empty());
    CHECK(str(open.json, "valid_until") == berlin_fri_1200);
  }
  SUBCASE("a second before Monday 06:00 is frozen, Monday 06:00:00 is open") {
    CHECK(w.check("refs/heads/main", "2026-07-13T03:59:59Z").result.exit_code == 1);
    auto open = w.check("refs/heads/main", berlin_mon_0600);
    CHECK(open.result.exit_code == 0);
    CHECK(window_findings(open.json).empty());
  }
  SUBCASE("text output names the window and the opening time") {
    auto text = gate_check(
        w.repo.dir, {"--base", w.repo.base, "--ref", "refs/heads/main", "--at", berlin_fri_1300},
        no_env_clock);
    CHECK(text.exit_code == 1);
    CHECK(contains(text.out + text.err, freeze_id));
    CHECK(contains(text.out + text.err, berlin_mon_0600));
  }
}

TEST_CASE("window rules do not apply to a change off the protected refs") {
  WindowRepo w("api/server.c");
  auto r = w.check("refs/heads/feature", berlin_fri_1300);
  CHECK(r.result.exit_code == 0);
  CHECK(str(r.json, "verdict") == "allow");
  CHECK(window_findings(r.json).empty());
  CHECK(r.json["valid_until"].is_null());
  CHECK(r.json["change"]["protected"] == false);
}

TEST_CASE("GATE_NOW sets the clock as --at does") {
  WindowRepo w("api/server.c");
  auto frozen = gate_check_json(w.repo.dir, {"--base", w.repo.base, "--ref", "refs/heads/main"},
                                {{"GATE_NOW", berlin_fri_1300}});
  CHECK(frozen.result.exit_code == 1);
  CHECK(str(frozen.json, "clock") == "overridden");
  CHECK(str(frozen.json, "evaluated_at") == berlin_fri_1300);
  CHECK(str(frozen.json, "valid_until") == berlin_mon_0600);
  CHECK(findings_with_rule(frozen.json, "window.freeze").size() == 1);

  auto open = gate_check_json(w.repo.dir, {"--base", w.repo.base, "--ref", "refs/heads/main"},
                              {{"GATE_NOW", berlin_thu_1000}});
  CHECK(open.result.exit_code == 0);
  CHECK(str(open.json, "clock") == "overridden");
  CHECK(str(open.json, "evaluated_at") == berlin_thu_1000);
  CHECK(window_findings(open.json).empty());

  // --at wins over GATE_NOW.
  auto both = gate_check_json(
      w.repo.dir, {"--base", w.repo.base, "--ref", "refs/heads/main", "--at", berlin_thu_1000},
      {{"GATE_NOW", berlin_fri_1300}});
  CHECK(both.result.exit_code == 0);
  CHECK(str(both.json, "evaluated_at") == berlin_thu_1000);
}

TEST_CASE(
    "the pre-push hook refuses a push to main inside the freeze, not outside or to a feature "
    "branch") {
  PushRepo p(berlin_policy);
  p.write("api/server.c", lines_of(4, "fix"));
  std::string head = p.commit("fix");

  auto refused = p.push({"origin", "main"}, {{"GATE_NOW", berlin_fri_1300}});
  INFO("push stderr: " << refused.err);
  CHECK(refused.exit_code != 0);
  CHECK(contains(refused.err, freeze_id));
  CHECK(p.remote_ref("refs/heads/main") == p.initial);

  git(p.work, {"branch", "feature"});
  auto feature = p.push({"origin", "feature"}, {{"GATE_NOW", berlin_fri_1300}});
  INFO("feature push stderr: " << feature.err);
  CHECK(feature.exit_code == 0);
  CHECK(p.remote_ref("refs/heads/feature") == head);
  CHECK(p.remote_ref("refs/heads/main") == p.initial);

  auto accepted = p.push({"origin", "main"}, {{"GATE_NOW", berlin_thu_1000}});
  INFO("second push stderr: " << accepted.err);
  CHECK(accepted.exit_code == 0);
  CHECK(p.remote_ref("refs/heads/main") == head);
}

TEST_CASE("a component's zones join the change's zones (multi-region example)") {
  WindowRepo voice("kamailio/run.sh");
  WindowRepo other("web/index.js");

  auto frozen = voice.check("refs/heads/main", case7_frozen);
  CHECK(frozen.result.exit_code == 1);
  auto freezes = findings_with_rule(frozen.json, "window.freeze");
  REQUIRE(freezes.size() == 1);
  std::string message = str(freezes[0], "message");
  INFO(message);
  CHECK(contains(message, "Asia/Singapore"));
  CHECK(contains(message, sgt_fri_1200));
  CHECK(contains(message, sgt_mon_0600));
  // Singapore thaws Sunday 22:00Z but Berlin is frozen from Friday 10:00Z to Monday 04:00Z.
  CHECK(str(frozen.json, "valid_until") == berlin_mon_0600);
  CHECK(contains(message, "opens next at " + berlin_mon_0600));

  auto allowed = other.check("refs/heads/main", case7_frozen);
  CHECK(allowed.result.exit_code == 0);
  CHECK(window_findings(allowed.json).empty());
  CHECK(str(allowed.json, "valid_until") == berlin_fri_1200);

  auto voice_thu = voice.check("refs/heads/main", case7_open);
  CHECK(voice_thu.result.exit_code == 0);
  CHECK(window_findings(voice_thu.json).empty());
  CHECK(str(voice_thu.json, "valid_until") == sgt_fri_1200);
  auto other_thu = other.check("refs/heads/main", case7_open);
  CHECK(other_thu.result.exit_code == 0);
  CHECK(window_findings(other_thu.json).empty());
}

TEST_CASE("git-gate window --policy works outside a repository") {
  LoosePolicy loose(berlin_policy);

  auto frozen = loose.window({"--at", berlin_fri_1300});
  CHECK(frozen.result.exit_code == 1);
  for (const char* key :
       {"evaluated_at", "allowed", "active", "next_change", "timeline", "calendar"})
    CHECK_MESSAGE(frozen.json.contains(key), key);
  CHECK(str(frozen.json, "evaluated_at") == berlin_fri_1300);
  CHECK(str(frozen.json, "clock") == "overridden");
  CHECK(frozen.json["allowed"] == false);
  CHECK(has_string(frozen.json["active"], freeze_id));
  CHECK(str(frozen.json, "next_change") == berlin_mon_0600);
  CHECK(frozen.json["zones"] == nlohmann::json::array({"Europe/Berlin"}));
  REQUIRE(frozen.json["timeline"].is_array());
  REQUIRE(!frozen.json["timeline"].empty());
  const nlohmann::json& first = frozen.json["timeline"][0];
  CHECK(str(first, "start") == berlin_fri_1300);
  CHECK(str(first, "end") == berlin_mon_0600);
  CHECK(first["allowed"] == false);
  // The calendar lists the current occurrence with its local and UTC bounds.
  bool listed = false;
  for (const auto& o : frozen.json["calendar"])
    if (str(o, "window") == freeze_id && str(o, "zone") == "Europe/Berlin" &&
        str(o, "local_start") == "2026-07-10T12:00:00") {
      listed = true;
      CHECK(str(o, "kind") == "freeze");
      CHECK(str(o, "local_end") == "2026-07-13T06:00:00");
      CHECK(str(o, "start") == berlin_fri_1200);
      CHECK(str(o, "end") == berlin_mon_0600);
    }
  CHECK(listed);

  auto open = loose.window({"--at", berlin_thu_1000});
  CHECK(open.result.exit_code == 0);
  CHECK(open.json["allowed"] == true);
  CHECK(open.json["active"].empty());
  CHECK(str(open.json, "next_change") == berlin_fri_1200);

  auto voice = loose.window({"--at", case7_frozen, "--component", "voice"});
  CHECK(voice.result.exit_code == 1);
  CHECK(has_string(voice.json["zones"], "Asia/Singapore"));
  CHECK(has_string(voice.json["zones"], "Europe/Berlin"));
  CHECK(has_string(voice.json["active"], freeze_id));
  CHECK(str(voice.json, "next_change") == berlin_mon_0600);
  auto plain = loose.window({"--at", case7_frozen});
  CHECK(plain.result.exit_code == 0);
  CHECK(!has_string(plain.json["zones"], "Asia/Singapore"));

  auto unknown = gate_window(loose.empty.path(), {"--policy", loose.file.string(), "--at",
                                                  berlin_thu_1000, "--component", "video"});
  CHECK(unknown.exit_code == 2);
  CHECK(contains(unknown.err, "video"));

  auto text =
      gate_window(loose.empty.path(), {"--policy", loose.file.string(), "--at", berlin_fri_1300});
  CHECK(text.exit_code == 1);
  CHECK(contains(text.out, "NOT ALLOWED"));
  CHECK(contains(text.out, berlin_mon_0600));
}

// Allowed hours in July 2026, LA (UTC-7) and Auckland (UTC+12) 19 hours apart: LA's Monday
// 14:00-17:00 is Auckland's Tuesday 09:00-12:00, so 09:00-17:00 on weekdays leaves three
// common hours a day (Mon-Thu in LA), while 09:00-12:00 leaves none.
std::string far_apart_policy(const std::string& hours) {
  return "version = 1\ntimezone = \"America/Los_Angeles\"\n\n[[component]]\nname = \"kiwi\"\n"
         "paths = [\"/nz/\"]\nzones = [\"Pacific/Auckland\"]\n\n[[allow]]\nid = \"office-hours\"\n"
         "weekly = \"Mon-Fri " +
         hours + "\"\n";
}

TEST_CASE("git-gate window warns about a component left without an allowed hour") {
  const std::string monday_0000z = "2026-07-06T00:00:00Z";

  SUBCASE("no common hour: a warning naming the component, read from HEAD's policy") {
    CheckRepo repo(far_apart_policy("09:00-12:00"));
    auto r = gate_window_json(repo.dir, {"--at", monday_0000z});
    REQUIRE(r.json["warnings"].is_array());
    REQUIRE(r.json["warnings"].size() == 1);
    std::string warning = r.json["warnings"][0].get<std::string>();
    CHECK(contains(warning, "no allowed hour in the next 28 days"));
    CHECK(contains(warning, "kiwi"));
    // With the component, nothing is allowed in the 14 days shown.
    auto kiwi = gate_window_json(repo.dir, {"--at", monday_0000z, "--component", "kiwi"});
    CHECK(kiwi.result.exit_code == 1);
    for (const auto& i : kiwi.json["timeline"]) CHECK(i["allowed"] == false);
    auto text = gate_window(repo.dir, {"--at", monday_0000z});
    CHECK(contains(text.err, "no allowed hour in the next 28 days for component kiwi"));
  }
  SUBCASE("09:00-17:00 in both zones overlaps Monday 21:00Z-Tuesday 00:00Z: no warning") {
    LoosePolicy loose(far_apart_policy("09:00-17:00"));
    auto r = loose.window({"--at", monday_0000z, "--component", "kiwi"});
    CHECK(r.json["warnings"].empty());
    bool found = false;
    for (const auto& i : r.json["timeline"])
      if (i["allowed"] == true) {
        CHECK(str(i, "start") == "2026-07-06T21:00:00Z");
        CHECK(str(i, "end") == "2026-07-07T00:00:00Z");
        found = true;
        break;
      }
    CHECK(found);
    CHECK(str(r.json, "next_change") == "2026-07-06T21:00:00Z");
  }
}

TEST_CASE("bad windows and zones in the base policy are errors located in policy.toml") {
  struct Bad {
    std::string what;
    std::string policy;
    std::string location;
  };
  const std::string freeze_head = "version = 1\ntimezone = \"UTC\"\n\n[[freeze]]\nid = \"f\"\n";
  const std::vector<Bad> cases = {
      {"unknown zone in timezone", "version = 1\ntimezone = \"Mars/Olympus_Mons\"\n",
       "policy.toml:2:"},
      {"zone localtime", freeze_head + "weekly = \"Fri 12:00 - Mon 06:00\"\nzone = \"localtime\"\n",
       "policy.toml:7:"},
      {"hour 25", freeze_head + "weekly = \"Fri 25:00 - Mon 06:00\"\n", "policy.toml:6:"},
      {"until before from",
       freeze_head + "from = 2026-12-25T00:00:00\nuntil = 2026-12-24T00:00:00\n", "policy.toml:7:"},
  };
  for (const Bad& bad : cases) {
    CAPTURE(bad.what);
    CheckRepo repo(bad.policy);
    repo.write("api/server.c", lines_of(2, "x"));
    repo.commit();
    std::vector<std::string> args = {"--base",          repo.base, "--ref",
                                     "refs/heads/main", "--at",    berlin_thu_1000};
    auto text = gate_check(repo.dir, args, no_env_clock);
    INFO("stderr: " << text.err);
    CHECK(text.exit_code == 2);
    CHECK(contains(text.err, bad.location));
    auto json = gate_check_json(repo.dir, args, no_env_clock);
    CHECK(json.result.exit_code == 2);
    CHECK(json.json["error"]["location"].is_string());
    CHECK(contains(str(json.json["error"], "location"), "policy.toml:"));
    if (bad.what != "hour 25") CHECK(contains(str(json.json["error"], "location"), bad.location));
  }
}

// A window whose only weekly span is invalid must not also get "window 'f' needs 'weekly'
// spans …" at its [[freeze]] header: that cascade would come first, so the JSON error's
// location and message would point at line 4 and hide the real error.
TEST_CASE("an invalid weekly span is the JSON error's location") {
  CheckRepo repo(
      "version = 1\ntimezone = \"UTC\"\n\n[[freeze]]\nid = \"f\"\n"
      "weekly = \"Fri 25:00 - Mon 06:00\"\n");
  auto r = gate_check_json(
      repo.dir, {"--base", repo.base, "--ref", "refs/heads/main", "--at", berlin_thu_1000},
      no_env_clock);
  CHECK(r.result.exit_code == 2);
  CHECK(str(r.json["error"], "location") == "policy.toml:6:15");
  CHECK(contains(str(r.json["error"], "message"), "hour 25"));
}

TEST_CASE("an instant after 2037 is an error, not a silently wrong offset") {
  const std::string late = "2038-06-01T00:00:00Z";
  LoosePolicy loose(berlin_policy);
  auto window = gate_window(loose.empty.path(), {"--policy", loose.file.string(), "--at", late});
  CHECK(window.exit_code == 2);

  WindowRepo w("api/server.c");
  CHECK(w.check("refs/heads/main", late).result.exit_code == 2);
  auto env = gate_check(w.repo.dir, {"--base", w.repo.base, "--ref", "refs/heads/main"},
                        {{"GATE_NOW", late}});
  CHECK(env.exit_code == 2);
}

}  // namespace gate::test
