// `git-gate window` at its bounds: --days is at most 400, and a year of calendar for 5,000
// freezes in 16 zones completes, with memory in proportion to its output.

#include <doctest/doctest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "e2e_fixtures.hpp"
#include "peak_rss.hpp"

namespace gate::test {
namespace {

const std::vector<std::string> component_zones = {
    "Europe/Berlin",    "Asia/Singapore",    "America/Los_Angeles", "Pacific/Auckland",
    "Asia/Kolkata",     "America/New_York",  "Europe/London",       "Asia/Tokyo",
    "Australia/Sydney", "America/Sao_Paulo", "Africa/Cairo",        "Asia/Dubai",
    "America/Chicago",  "Europe/Moscow",     "Asia/Kathmandu"};

/// UTC plus one component per zone above (16 zones in all), and `freezes` one-hour weekly
/// freezes spread over the week.
std::string policy(int freezes) {
  std::string out = "version = 1\ntimezone = \"UTC\"\n";
  for (std::size_t i = 0; i < component_zones.size(); ++i)
    out += "\n[[component]]\nname = \"c" + std::to_string(i) + "\"\npaths = [\"/c" +
           std::to_string(i) + "/\"]\nzones = [\"" + component_zones[i] + "\"]\n";
  const char* days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  for (int i = 0; i < freezes; ++i) {
    int hour = (i / 7) % 23, minute = (i / 161) % 60;
    char span[64];
    std::snprintf(span, sizeof span, "%s %02d:%02d-%02d:%02d", days[i % 7], hour, minute, hour + 1,
                  minute);
    out += "\n[[freeze]]\nid = \"f" + std::to_string(i) + "\"\nweekly = \"" + span + "\"\n";
  }
  return out;
}

std::vector<std::string> window_args(const TempDir& tmp, const std::string& days) {
  std::vector<std::string> argv = {cli_path(), "window",
                                   "--policy", (tmp.path() / "p.toml").string(),
                                   "--at",     "2026-07-10T13:00:00Z",
                                   "--days",   days,
                                   "--format", "json"};
  for (std::size_t i = 0; i < component_zones.size(); ++i) {
    argv.push_back("--component");
    argv.push_back("c" + std::to_string(i));
  }
  return argv;
}

}  // namespace

TEST_CASE("window --days: 400 at most, with a message naming the bound") {
  TempDir tmp;
  write_file(tmp.path(), "p.toml", policy(3));
  RunResult over = run(window_args(tmp, "401"));
  CHECK(over.exit_code == 2);
  CHECK(over.err.find("from 1 to 400") != std::string::npos);
  CHECK(over.out.empty());
  RunResult most = run(window_args(tmp, "400"));
  INFO(most.err);
  CHECK(most.exit_code != 2);
  nlohmann::json j = parse_json(most.out);
  REQUIRE(j["calendar"].is_array());
  // 3 weekly freezes in 16 zones over 400 days: about 57 weeks of each.
  CHECK(j["calendar"].size() >= 3 * 16 * 57);
}

TEST_CASE("window: a year of 5,000 freezes in 16 zones completes") {
  // 366 days x 16 zones x 5,000 weekly freezes: about 4 million entries.
  TempDir tmp;
  write_file(tmp.path(), "p.toml", policy(5000));
  // The JSON runs to about a gigabyte: it goes to a file, and the test reads its size only.
  // Under ASan a month keeps the suite's time in bounds; the memory bound is for real builds.
  std::vector<std::string> argv = window_args(tmp, sanitized_build ? "31" : "366");
  std::string out = (tmp.path() / "out.json").string();
  argv.insert(argv.begin(), {"sh", "-c", "exec \"$0\" \"$@\" > '" + out + "'"});
  MeasuredRun m = run_measured(argv);
  INFO(m.result.err);
  CHECK((m.result.exit_code == 0 || m.result.exit_code == 1));
  auto bytes = std::filesystem::file_size(out);
  MESSAGE("window, 5,000 freezes x 16 zones x 366 days: "
          << bytes / (1024 * 1024) << " MB of JSON, peak RSS " << m.peak_kib / 1024 << " MB");
  REQUIRE(m.peak_kib > 0);
  // Memory in proportion to the output: the calendar's entries held once, never a tree.
  if (!sanitized_build) CHECK(m.peak_kib * 1024 < static_cast<long>(bytes));
}

}  // namespace gate::test
