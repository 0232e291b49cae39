// Scoped windows (docs/windows.md, Scoped windows): `components = [...]` on [[freeze]] and
// [[allow]], parsed and located, grouped per touched component and combined.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "gate/deploy_windows.hpp"
#include "gate/timeutil.hpp"
#include "policy_helpers.hpp"

using namespace gate::test::policy;
using gate::Instant;
using gate::Interval;
using gate::WindowVerdict;

namespace {

Instant at(const char* text) { return gate::parse_rfc3339(text, "test"); }

const std::string components_toml =
    "version = 1\ntimezone = \"Europe/Bratislava\"\n"
    "[[component]]\nname = \"voice\"\npaths = [\"/voice/\"]\nzones = [\"Asia/Singapore\"]\n"
    "[[component]]\nname = \"infra\"\npaths = [\"/infra/\"]\n";

// Voice is frozen from Friday noon and may deploy only in the team's hours; nothing else
// is constrained.
const std::string voice_only = components_toml +
                               "[[freeze]]\nid = \"friday-voice\"\n"
                               "weekly = \"Fri 12:00 - Mon 06:00\"\ncomponents = [\"voice\"]\n"
                               "[[allow]]\nid = \"voice-hours\"\nweekly = \"Mon-Thu 09:00-17:00\"\n"
                               "zone = \"Europe/Bratislava\"\ncomponents = [\"voice\"]\n";

WindowVerdict judge(const std::string& toml, std::vector<std::string> touched, const char* now) {
  return gate::judge_deploy_windows(parse_policy(toml, "policy.toml"), touched, at(now));
}

}  // namespace

TEST_CASE("components on a window parse, even when the component comes later") {
  const std::string text =
      "version = 1\n[[freeze]]\nid = \"f\"\nweekly = \"Fri 12:00 - Mon 06:00\"\n"
      "components = [\"voice\", \"infra\", \"voice\"]\n"
      "[[component]]\nname = \"voice\"\npaths = [\"/voice/\"]\n"
      "[[component]]\nname = \"infra\"\npaths = [\"/infra/\"]\n";
  gate::Policy p = parse_policy(text, "policy.toml");
  REQUIRE(p.windows.size() == 1);
  CHECK(p.windows[0].components == std::vector<std::string>{"voice", "infra"});
}

TEST_CASE("an unknown component is an error at the name, with a suggestion") {
  const std::string text = components_toml +
                           "[[allow]]\nid = \"a\"\nweekly = \"Mon 09:00-17:00\"\n"
                           "components = [\"infra\", \"voic\", \"billing\"]\n";
  auto diagnostics = errors_of(text);
  CHECK(diagnostics.size() == 2);
  expect_error(diagnostics, position_of(text, "\"voic\""),
               "window 'a' names unknown component 'voic'; did you mean 'voice'?");
  expect_error(diagnostics, position_of(text, "\"billing\""), "known: voice, infra");
}

TEST_CASE("components must be a non-empty array of strings") {
  const std::string base = "version = 1\n[[freeze]]\nid = \"f\"\nweekly = \"Fri 12:00-13:00\"\n";
  expect_single_error(base + "components = []\n", "[]", "at least one component");
  expect_single_error(base + "components = \"voice\"\n", "\"voice\"", "must be an array");
  expect_single_error(base + "components = [\"voice\"]\n", "\"voice\"",
                      "the policy declares no [[component]]");
}

TEST_CASE("a scoped freeze blocks only changes touching its component") {
  struct Case {
    std::vector<std::string> touched;
    const char* now;
    bool allowed;
    bool frozen;
    bool outside;
  };
  // 2026-12-04 is a Friday: 14:00 in Bratislava, 21:00 in Singapore.
  const Case cases[] = {
      {{"infra"}, "2026-12-04T13:00:00Z", true, false, false},
      {{"(other)"}, "2026-12-04T13:00:00Z", true, false, false},
      {{}, "2026-12-04T13:00:00Z", true, false, false},
      {{"voice"}, "2026-12-04T13:00:00Z", false, true, true},
      {{"infra", "voice"}, "2026-12-04T13:00:00Z", false, true, true},
      // Thursday 11:00 in Bratislava: inside voice's hours.
      {{"voice"}, "2026-12-03T10:00:00Z", true, false, false},
      // Thursday 21:00 in Bratislava: voice is outside its hours, infra is not constrained.
      {{"voice"}, "2026-12-03T20:00:00Z", false, false, true},
      {{"infra"}, "2026-12-03T20:00:00Z", true, false, false},
  };
  for (const Case& c : cases) {
    const std::string touched = c.touched.empty() ? "-" : c.touched.front();
    CAPTURE(touched);
    CAPTURE(c.now);
    WindowVerdict v = judge(voice_only, c.touched, c.now);
    CHECK(v.allowed == c.allowed);
    CHECK(v.frozen == c.frozen);
    CHECK(v.outside_allowed == c.outside);
    for (const gate::ActiveWindow& a : v.freezes) CHECK(a.component == "voice");
  }
}

TEST_CASE("a scoped freeze is judged in the policy zone plus its component's zones only") {
  WindowVerdict v = judge(voice_only, {"voice", "infra"}, "2026-12-04T13:00:00Z");
  std::vector<std::string> zones;
  for (const gate::ActiveWindow& a : v.freezes) zones.push_back(a.zone);
  CHECK(zones == std::vector<std::string>{"Asia/Singapore", "Europe/Bratislava"});
  REQUIRE(v.scoped_outside.size() == 1);
  CHECK(v.scoped_outside[0].component == "voice");
  CHECK(v.scoped_outside[0].zones ==
        std::vector<std::string>{"Asia/Singapore", "Europe/Bratislava"});
}

TEST_CASE("the combined next change is when every group is open at once") {
  // The unscoped allow window opens Monday 08:00 in Bratislava (07:00Z); the voice freeze
  // ends earlier (Sunday 22:00Z in Singapore, Monday 05:00Z in Bratislava). Neither group
  // alone flips at 07:00Z for a voice change, so only the intersection finds it.
  const std::string text = components_toml +
                           "[[allow]]\nid = \"hours\"\nweekly = \"Mon-Fri 08:00-18:00\"\n"
                           "zone = \"Europe/Bratislava\"\n"
                           "[[freeze]]\nid = \"friday-voice\"\n"
                           "weekly = \"Fri 12:00 - Mon 06:00\"\ncomponents = [\"voice\"]\n";
  WindowVerdict voice = judge(text, {"voice"}, "2026-12-04T13:00:00Z");
  CHECK_FALSE(voice.allowed);
  REQUIRE(voice.next_change);
  CHECK(gate::format_utc(*voice.next_change) == "2026-12-07T07:00:00Z");
  // Infra is open now and closes at 18:00 Bratislava, when the unscoped window ends.
  WindowVerdict infra = judge(text, {"infra"}, "2026-12-04T13:00:00Z");
  CHECK(infra.allowed);
  REQUIRE(infra.next_change);
  CHECK(gate::format_utc(*infra.next_change) == "2026-12-04T17:00:00Z");
  // Voice on Thursday: both groups open; it closes at the first group's flip.
  WindowVerdict thursday = judge(text, {"voice"}, "2026-12-03T13:00:00Z");
  CHECK(thursday.allowed);
  REQUIRE(thursday.next_change);
  CHECK(gate::format_utc(*thursday.next_change) == "2026-12-03T17:00:00Z");
}

TEST_CASE("without scoped windows the verdict is the windows engine's, unchanged") {
  const std::string text = components_toml +
                           "[[freeze]]\nid = \"f\"\nweekly = \"Fri 12:00 - Mon 06:00\"\n"
                           "[[allow]]\nid = \"a\"\nweekly = \"Mon-Thu 09:00-17:00\"\n";
  gate::Policy p = parse_policy(text, "policy.toml");
  for (const char* now : {"2026-12-04T13:00:00Z", "2026-12-03T10:00:00Z", "2026-12-03T20:00:00Z"}) {
    CAPTURE(now);
    WindowVerdict combined = gate::judge_deploy_windows(p, {"voice"}, at(now));
    WindowVerdict plain = gate::judge_windows(p.windows, gate::change_zones(p, {"voice"}), at(now));
    CHECK(combined.allowed == plain.allowed);
    CHECK(combined.zones_without_allow == plain.zones_without_allow);
    CHECK(combined.freezes.size() == plain.freezes.size());
    CHECK(combined.next_change == plain.next_change);
    CHECK(combined.scoped_outside.empty());
  }
}

TEST_CASE("intersect_timelines: allowed only where every timeline is") {
  const Instant t0 = at("2026-12-01T00:00:00Z");
  auto h = [&](int hours) { return t0 + std::chrono::hours{hours}; };
  using Timeline = std::vector<Interval>;
  struct Case {
    std::vector<Timeline> inputs;
    Timeline expected;
  };
  const Case cases[] = {
      {{}, {}},
      {{{{h(0), h(10), true}}}, {{h(0), h(10), true}}},
      {{{{h(0), h(4), true}, {h(4), h(10), false}}, {{h(0), h(2), false}, {h(2), h(10), true}}},
       {{h(0), h(2), false}, {h(2), h(4), true}, {h(4), h(10), false}}},
      // Adjacent blocked stretches of different timelines merge into one.
      {{{{h(0), h(3), false}, {h(3), h(10), true}},
        {{h(0), h(3), true}, {h(3), h(6), false}, {h(6), h(10), true}}},
       {{h(0), h(6), false}, {h(6), h(10), true}}},
      {{{{h(0), h(10), false}}, {{h(0), h(10), true}}}, {{h(0), h(10), false}}},
  };
  int n = 0;
  for (const Case& c : cases) {
    const int index = n++;
    CAPTURE(index);
    Timeline got = gate::intersect_timelines(c.inputs);
    REQUIRE(got.size() == c.expected.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
      CHECK(got[i].start == c.expected[i].start);
      CHECK(got[i].end == c.expected[i].end);
      CHECK(got[i].allowed == c.expected[i].allowed);
    }
  }
}

TEST_CASE("scoped windows count for the no-allowed-hour check of their component only") {
  // Voice's own allow window never meets the unscoped one: voice has no hour; infra has.
  const std::string text = components_toml +
                           "[[allow]]\nid = \"hours\"\nweekly = \"Mon-Fri 08:00-12:00\"\n"
                           "zone = \"Europe/Bratislava\"\n"
                           "[[allow]]\nid = \"voice-late\"\nweekly = \"Mon-Fri 20:00-22:00\"\n"
                           "zone = \"Europe/Bratislava\"\ncomponents = [\"voice\"]\n";
  gate::Policy p = parse_policy(text, "policy.toml");
  auto closed = gate::components_without_allowed_hours(p, at("2026-12-01T00:00:00Z"),
                                                       std::chrono::hours{24 * 28});
  CHECK(closed == std::vector<std::string>{"voice"});
  auto groups = gate::scoped_groups(p);
  REQUIRE(groups.size() == 1);
  CHECK(groups[0].component == "voice");
  CHECK(groups[0].zones == std::vector<std::string>{"Asia/Singapore", "Europe/Bratislava"});
}
