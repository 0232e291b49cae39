#include "gate/timeutil.hpp"

#include <date/date.h>
#include <doctest/doctest.h>

#include "gate/clock.hpp"
#include "gate/error.hpp"

namespace gate {

TEST_CASE("RFC 3339 with Z and with offsets names the same instant") {
  Instant z = parse_rfc3339("2026-07-10T12:30:00Z", "t");
  CHECK(parse_rfc3339("2026-07-10T14:30:00+02:00", "t") == z);
  CHECK(parse_rfc3339("2026-07-10T07:00:00-05:30", "t") == z);
  CHECK(parse_rfc3339("2026-07-10t12:30:00.999z", "t") == z);
  // Independent computation of the same instant through date's civil calendar.
  CHECK(z == date::sys_days{date::year{2026} / 7 / 10} + std::chrono::hours{12} +
                 std::chrono::minutes{30});
}

TEST_CASE("format_utc prints whole seconds with Z and round-trips") {
  Instant t = parse_rfc3339("2026-03-08T07:00:00Z", "t");
  CHECK(format_utc(t) == "2026-03-08T07:00:00Z");
  CHECK(parse_rfc3339(format_utc(t + std::chrono::seconds{59}), "t") ==
        t + std::chrono::seconds{59});
}

TEST_CASE("bad times are usage errors naming the option") {
  for (const char* bad :
       {"", "2026-07-10", "2026-07-10T12:30:00", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
        "2026-07-10T24:00:00Z", "2026-07-10T12:30:00+2", "2026-07-10T12:30:00Zjunk", "yesterday"}) {
    INFO(bad);
    try {
      parse_rfc3339(bad, "--at");
      FAIL("accepted");
    } catch (const UsageError& e) {
      CHECK(std::string(e.what()).find("--at") == 0);
    }
  }
}

TEST_CASE("--at wins over GATE_NOW, which wins over the system clock") {
  Clock flag = resolve_clock(std::string("2026-01-01T00:00:00Z"), "2027-01-01T00:00:00Z");
  CHECK(flag.overridden);
  CHECK(format_utc(flag.now) == "2026-01-01T00:00:00Z");
  Clock env = resolve_clock(std::nullopt, "2027-01-01T00:00:00Z");
  CHECK(env.overridden);
  CHECK(format_utc(env.now) == "2027-01-01T00:00:00Z");
  Clock system = resolve_clock(std::nullopt, nullptr);
  CHECK_FALSE(system.overridden);
  CHECK_THROWS_AS(resolve_clock(std::nullopt, "soon"), UsageError);
}

// Found by fuzz_rfc3339: the whole text was echoed, however long.
TEST_CASE("parse_rfc3339 quotes at most 200 bytes of a long malformed time") {
  const std::string text = "2026-01-49T01:59:59." + std::string(100'000, '2');
  try {
    parse_rfc3339(text, "--at");
    FAIL("accepted");
  } catch (const UsageError& e) {
    CHECK(std::string_view(e.what()).size() < 400);
    CHECK(std::string_view(e.what()).find("2026-01-49T01:59:59.22") != std::string_view::npos);
  }
}

}  // namespace gate
