// End-to-end tests of holiday calendars (docs/windows.md, Holiday calendars) through the
// built programs: `check`, the pre-push hook on a real `git push` to a bare remote,
// `window`, and policy.invalid for a change that breaks or deletes the calendar.
//
// The instants are worked out by hand: the policy's zone is UTC, so an all-day event holds
// from 00:00Z to 24:00Z that day; New York is UTC-5 on 2027-03-10 (its DST starts on
// 2027-03-14), so 09:00-17:00 there is 14:00Z-22:00Z.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "ci_fixtures.hpp"
#include "e2e_fixtures.hpp"

namespace gate::test {
namespace {

namespace fs = std::filesystem;

const Env no_env_clock = {{"GATE_NOW", std::nullopt}};

const std::string policy = R"(version = 1
timezone = "UTC"
protected = ["refs/heads/main"]

[[component]]
name = "api"
paths = ["/api/"]

[[freeze]]
id = "holidays"
calendar = ".gate/holidays.ics"
)";

const std::string calendar_path = ".gate/holidays.ics";

// Christmas every year from 2025, except 2028; a launch day in New York time.
const std::string holidays =
    "BEGIN:VCALENDAR\r\n"
    "VERSION:2.0\r\n"
    "PRODID:-//acme//holidays//EN\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:xmas\r\n"
    "SUMMARY:Christmas\r\n"
    "DTSTART;VALUE=DATE:20251225\r\n"
    "RRULE:FREQ=YEARLY\r\n"
    "EXDATE;VALUE=DATE:20281225\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:launch\r\n"
    "SUMMARY:Launch day\r\n"
    "DTSTART;TZID=America/New_York:20270310T090000\r\n"
    "DTEND;TZID=America/New_York:20270310T170000\r\n"
    "END:VEVENT\r\n"
    "END:VCALENDAR\r\n";

/// A repository whose `base` holds the policy and the calendar, and whose head changes api/.
struct CalendarRepo {
  CalendarRepo() : repo(policy) {
    repo.write(calendar_path, holidays);
    base = repo.commit("holidays");
    repo.write("api/server.c", lines_of(3, "changed"));
    head = repo.commit("api change");
  }
  JsonRun check(const std::string& at, const std::string& from = {}) const {
    return gate_check_json(repo.dir,
                           {"--base", from.empty() ? base : from, "--head", head, "--ref",
                            "refs/heads/main", "--at", at},
                           no_env_clock);
  }
  CheckRepo repo;
  std::string base;
  std::string head;
};

/// The freezes' ids named by the report's window.freeze findings.
std::string freeze_text(const nlohmann::json& report) {
  std::string text;
  for (const nlohmann::json& f : findings_at(report, "window.freeze", "block"))
    text += str(f, "message") + "\n";
  return text;
}

}  // namespace

TEST_CASE("a yearly Christmas RRULE freezes 2026 and 2027 while the EXDATE'd 2028 is open") {
  CalendarRepo r;
  for (const char* at : {"2026-12-25T00:00:00Z", "2026-12-25T23:59:59Z", "2027-12-25T12:00:00Z"}) {
    JsonRun run = r.check(at);
    INFO("at " << at << ": " << run.result.err << run.result.out);
    CHECK(run.result.exit_code == 1);
    std::string text = freeze_text(run.json);
    CHECK(contains(text, "holidays/xmas"));
    CHECK(contains(text, "Christmas"));
  }
  for (const char* at : {"2026-12-24T23:59:59Z", "2026-12-26T00:00:00Z", "2028-12-25T12:00:00Z"}) {
    JsonRun run = r.check(at);
    INFO("at " << at << ": " << run.result.err << run.result.out);
    CHECK(run.result.exit_code == 0);
    CHECK(findings_with_rule(run.json, "window.freeze").empty());
  }
  // The verdict says until when it holds: the end of Christmas Day.
  JsonRun frozen = r.check("2026-12-25T08:00:00Z");
  CHECK(str(frozen.json, "valid_until") == "2026-12-26T00:00:00Z");
}

TEST_CASE("a timed event is judged in its TZID and not in the policy's zone") {
  CalendarRepo r;
  JsonRun frozen = r.check("2027-03-10T14:00:00Z");  // 09:00 in New York
  INFO(frozen.result.err << frozen.result.out);
  CHECK(frozen.result.exit_code == 1);
  std::string text = freeze_text(frozen.json);
  CHECK(contains(text, "holidays/launch"));
  CHECK(contains(text, "America/New_York"));
  CHECK(r.check("2027-03-10T13:59:59Z").result.exit_code == 0);  // 09:00 in UTC passed
  CHECK(r.check("2027-03-10T22:00:00Z").result.exit_code == 0);
  CHECK(r.check("2027-03-10T21:59:59Z").result.exit_code == 1);
}

TEST_CASE("the pre-push hook refuses a push on Christmas and lets it through otherwise") {
  PushRepo p(policy, false);
  p.write(calendar_path, holidays);
  p.commit("holidays");
  REQUIRE(p.push({"origin", "main"}).exit_code == 0);  // no hook yet
  install_hook(p.work / ".git");
  p.write("api/server.c", lines_of(4, "fix"));
  std::string head = p.commit("fix");
  std::string published = p.remote_ref("refs/heads/main");

  auto refused = p.push({"origin", "main"}, {{"GATE_NOW", "2027-12-25T10:00:00Z"}});
  INFO("push stderr: " << refused.err);
  CHECK(refused.exit_code != 0);
  CHECK(contains(refused.err, "holidays/xmas"));
  CHECK(p.remote_ref("refs/heads/main") == published);

  auto accepted = p.push({"origin", "main"}, {{"GATE_NOW", "2028-12-25T10:00:00Z"}});
  INFO("second push stderr: " << accepted.err);
  CHECK(accepted.exit_code == 0);
  CHECK(p.remote_ref("refs/heads/main") == head);
}

TEST_CASE("git-gate window lists the calendar's occurrences") {
  CalendarRepo r;
  RunOptions options;
  options.cwd = r.repo.dir;
  options.env = no_env_clock;
  RunResult result = run(
      {cli_path(), "window", "--format", "json", "--at", "2026-12-20T00:00:00Z", "--days", "10"},
      options);
  INFO(result.err << result.out);
  CHECK(result.exit_code == 0);
  nlohmann::json json = parse_json(result.out);
  bool listed = false;
  for (const nlohmann::json& o : json["calendar"])
    if (str(o, "window") == "holidays/xmas" && str(o, "start") == "2026-12-25T00:00:00Z")
      listed = true;
  CHECK(listed);
  CHECK(str(json, "next_change") == "2026-12-25T00:00:00Z");
}

TEST_CASE("a change that breaks or deletes the calendar is refused as policy.invalid") {
  CalendarRepo r;
  // FREQ=HOURLY on line 8 of the change's calendar.
  std::string broken = holidays;
  broken.replace(broken.find("FREQ=YEARLY"), 11, "FREQ=HOURLY");
  r.repo.write(calendar_path, broken);
  r.head = r.repo.commit("hourly holidays");
  JsonRun run = r.check("2026-07-10T12:00:00Z");
  INFO(run.result.err << run.result.out);
  CHECK(run.result.exit_code == 1);
  auto invalid = findings_at(run.json, "policy.invalid", "block");
  REQUIRE(invalid.size() == 1);
  CHECK(contains(str(invalid[0], "message"), calendar_path + ":8"));
  CHECK(contains(str(invalid[0], "message"), "FREQ=HOURLY"));

  git(r.repo.dir, {"rm", "-q", calendar_path});
  r.head = r.repo.commit("no holidays");
  JsonRun deleted = r.check("2026-07-10T12:00:00Z");
  INFO(deleted.result.err << deleted.result.out);
  CHECK(deleted.result.exit_code == 1);
  CHECK(findings_at(deleted.json, "policy.invalid", "block").size() == 1);

  // Dropping the calendar from the policy too is fine.
  r.repo.write("policy.toml", policy.substr(0, policy.find("[[freeze]]")));
  r.head = r.repo.commit("no holiday freeze");
  CHECK(r.check("2026-07-10T12:00:00Z").result.exit_code == 0);
}

TEST_CASE("a calendar missing from the base is a policy error (exit 2) naming it") {
  CheckRepo repo(policy);
  repo.write("api/server.c", lines_of(3, "changed"));
  std::string head = repo.commit();
  JsonRun run = gate_check_json(repo.dir,
                                {"--base", repo.base, "--head", head, "--ref", "refs/heads/main",
                                 "--at", "2026-07-10T12:00:00Z"},
                                no_env_clock);
  CHECK(run.result.exit_code == 2);
  CHECK(contains(run.result.out + run.result.err, calendar_path));
}

TEST_CASE("a change that adds a calendar to the policy must add one that expands") {
  const std::string before = policy.substr(0, policy.find("[[freeze]]"));
  CheckRepo repo(before);
  auto judge = [&](const std::string& head) {
    return gate_check_json(repo.dir,
                           {"--base", repo.base, "--head", head, "--ref", "refs/heads/main", "--at",
                            "2026-07-10T12:00:00Z"},
                           no_env_clock);
  };
  repo.write("policy.toml", policy);
  JsonRun missing = judge(repo.commit("freeze by a calendar not written yet"));
  INFO(missing.result.err << missing.result.out);
  auto invalid = findings_at(missing.json, "policy.invalid", "block");
  REQUIRE(invalid.size() == 1);
  CHECK(contains(str(invalid[0], "message"), "does not exist"));
  CHECK(contains(str(invalid[0], "message"), calendar_path));

  std::string zoneless = holidays;
  zoneless.replace(zoneless.find("America/New_York"), 16, "Nowhere/Atall");
  repo.write(calendar_path, zoneless);
  JsonRun bad_zone = judge(repo.commit("calendar with a bad TZID"));
  INFO(bad_zone.result.err << bad_zone.result.out);
  invalid = findings_at(bad_zone.json, "policy.invalid", "block");
  REQUIRE(invalid.size() == 1);
  CHECK(contains(str(invalid[0], "message"), calendar_path + ":14"));  // DTSTART of launch

  repo.write(calendar_path, holidays);
  JsonRun good = judge(repo.commit("a good calendar"));
  INFO(good.result.err << good.result.out);
  CHECK(findings_with_rule(good.json, "policy.invalid").empty());
  CHECK(good.result.exit_code == 0);
}

}  // namespace gate::test

TEST_CASE("the programs map libical (and ICU) only once a policy names a calendar") {
  for (const std::string& program : {std::string(GATE_CLI), std::string(GATE_HOOK)}) {
    gate::test::RunResult elf = gate::test::run({"readelf", "-d", program});
    REQUIRE(elf.exit_code == 0);
    CHECK(elf.out.find("(NEEDED)") != std::string::npos);
    CHECK(elf.out.find("libical") == std::string::npos);
    CHECK(elf.out.find("libicu") == std::string::npos);
  }
}
