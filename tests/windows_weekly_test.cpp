// Unit tests of parse_weekly, the two weekly grammars of change windows (docs/windows.md, Change
// windows): the continuous form `DAY HH:MM - DAY HH:MM` and the daily form
// `DAY[-DAY] HH:MM-HH:MM`, each span as minutes of the week; bad spans with a column and
// a reason.

#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

#include "gate/windows.hpp"

namespace gate {

TEST_CASE("parse_weekly accepts both forms") {
  struct Good {
    const char* text;
    std::vector<std::pair<int, int>> spans;  // minutes of the week, Mon 00:00 = 0
  };
  const int day = 1440;
  std::vector<Good> table = {
      {"Fri 12:00 - Mon 06:00", {{4 * day + 720, 360}}},
      {"Wed 15:00 - Wed 10:00", {{2 * day + 900, 2 * day + 600}}},
      {"Mon 09:00 - Mon 24:00", {{540, day}}},
      {"Sun 12:00 - Sun 24:00", {{6 * day + 720, 0}}},
      {"mon-THU 09:00-17:00",
       {{540, 1020},
        {day + 540, day + 1020},
        {2 * day + 540, 2 * day + 1020},
        {3 * day + 540, 3 * day + 1020}}},
      {"Fri-Mon 22:00-02:00",
       {{4 * day + 1320, 5 * day + 120},
        {5 * day + 1320, 6 * day + 120},
        {6 * day + 1320, 120},
        {1320, day + 120}}},
      {"Sun 00:00-24:00", {{6 * day, 0}}},
      {"Tue 10:00-10:00", {{day + 600, 2 * day + 600}}},
      {"Sat 23:00-00:00", {{5 * day + 1380, 6 * day}}},
      {"Mon-Mon 08:00-09:00", {{480, 540}}},
      {"Tue-Mon 00:00-01:00",
       {{day, day + 60},
        {2 * day, 2 * day + 60},
        {3 * day, 3 * day + 60},
        {4 * day, 4 * day + 60},
        {5 * day, 5 * day + 60},
        {6 * day, 6 * day + 60},
        {0, 60}}},
      {"  Fri 12:00   -  Mon 06:00 ", {{4 * day + 720, 360}}},
  };
  for (const Good& good : table) {
    INFO(good.text);
    SpanParse parsed = parse_weekly(good.text);
    REQUIRE(parsed.error.empty());
    REQUIRE(parsed.spans.size() == good.spans.size());
    for (std::size_t i = 0; i < good.spans.size(); ++i) {
      CHECK(parsed.spans[i].start == good.spans[i].first);
      CHECK(parsed.spans[i].end == good.spans[i].second);
    }
  }
  CHECK(parse_weekly("  Fri 12:00 - Mon 06:00 ").spans[0].text == "Fri 12:00 - Mon 06:00");
}

TEST_CASE("parse_weekly rejects bad spans with a column and a reason") {
  struct Bad {
    const char* text;
    int column;
    const char* says;
  };
  std::vector<Bad> table = {
      {"Fri 25:00 - Mon 06:00", 5, "hour 25"},
      {"Fri 12:60 - Mon 06:00", 8, "minute 60"},
      {"Fry 12:00 - Mon 06:00", 1, "unknown day 'Fry'"},
      {"Fri 12:00 - Monday 06:00", 13, "unknown day 'Monday'"},
      {"Fri 12:00 - Mon 06:00 junk", 23, "unexpected 'junk'"},
      {"Fri 12:00 - Fri 12:00", 13, "same time of the week"},
      {"Mon 00:00 - Sun 24:00", 13, "same time of the week"},
      {"Fri 12:00-Mon 06:00", 11, "spaces around the dash"},
      {"Mon 09:00 - 17:00", 13, "expected a day name"},
      {"Mon-Fri 09:00 - 17:00", 15, "daily form"},
      {"Mon - Fri 09:00-17:00", 5, "expected HH:MM"},
      {"Mon- Fri 09:00-17:00", 5, "without spaces"},
      {"Mon 24:00-10:00", 5, "only as an end"},
      {"Mon 24:00 - Tue 10:00", 5, "only as an end"},
      {"Mon 12:00 - Tue 24:01", 17, "hour 24"},
      {"Mon 9:00-17:00", 5, "expected HH:MM"},
      {"Mon 09:00", 10, "expected '-HH:MM'"},
      {"Mon 09:00-", 11, "expected HH:MM"},
      {"Mon 09:00 -17:00", 12, "spaces on both sides"},
      {"Mon-Fri09:00-17:00", 8, "expected a blank"},
      {"", 1, "empty span"},
      {"   ", 4, "empty span"},
      {"12:00 - Mon 06:00", 1, "expected a day name"},
  };
  for (const Bad& bad : table) {
    INFO(bad.text);
    SpanParse parsed = parse_weekly(bad.text);
    CHECK(parsed.spans.empty());
    CHECK(parsed.column == bad.column);
    CHECK_MESSAGE(parsed.error.find(bad.says) != std::string::npos, parsed.error);
  }
}

// Found by fuzz_weekly: an unknown day name was quoted whole.
TEST_CASE("parse_weekly quotes at most 200 bytes of an unknown day name") {
  SpanParse r = parse_weekly("Zzz" + std::string(100'000, 'z') + " 09:00-17:00");
  CHECK(r.column == 1);
  CHECK(r.error.size() < 400);
  CHECK(r.error.find("unknown day 'Zzzzz") != std::string::npos);
}

}  // namespace gate
