#include "gate/timeutil.hpp"

#include <date/date.h>
#include <fmt/format.h>

#include <cctype>

#include "gate/error.hpp"

namespace gate {

namespace {

// Reads exactly `n` digits at `pos`, or returns -1.
int digits(std::string_view s, std::size_t& pos, int n) {
  if (pos + static_cast<std::size_t>(n) > s.size()) return -1;
  int value = 0;
  for (int i = 0; i < n; ++i) {
    char c = s[pos + static_cast<std::size_t>(i)];
    if (!std::isdigit(static_cast<unsigned char>(c))) return -1;
    value = value * 10 + (c - '0');
  }
  pos += static_cast<std::size_t>(n);
  return value;
}

bool expect(std::string_view s, std::size_t& pos, std::string_view chars) {
  if (pos < s.size() && chars.find(s[pos]) != std::string_view::npos) {
    ++pos;
    return true;
  }
  return false;
}

}  // namespace

Instant parse_rfc3339(std::string_view text, std::string_view what) {
  auto fail = [&]() -> UsageError {
    return UsageError(
        fmt::format("{}: '{}' is not an RFC 3339 time (expected e.g. 2026-07-10T12:30:00Z)", what,
                    quote_input(text)));
  };
  std::size_t pos = 0;
  int y = digits(text, pos, 4);
  if (y < 0 || !expect(text, pos, "-")) throw fail();
  int mo = digits(text, pos, 2);
  if (mo < 0 || !expect(text, pos, "-")) throw fail();
  int d = digits(text, pos, 2);
  if (d < 0 || !expect(text, pos, "Tt ")) throw fail();
  int h = digits(text, pos, 2);
  if (h < 0 || !expect(text, pos, ":")) throw fail();
  int mi = digits(text, pos, 2);
  if (mi < 0 || !expect(text, pos, ":")) throw fail();
  int s = digits(text, pos, 2);
  if (s < 0) throw fail();
  if (expect(text, pos, ".")) {
    std::size_t start = pos;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) ++pos;
    if (pos == start) throw fail();
  }
  int offset_minutes = 0;
  if (expect(text, pos, "Zz")) {
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    int sign = text[pos] == '-' ? -1 : 1;
    ++pos;
    int oh = digits(text, pos, 2);
    if (oh < 0 || !expect(text, pos, ":")) throw fail();
    int om = digits(text, pos, 2);
    if (om < 0 || oh > 23 || om > 59) throw fail();
    offset_minutes = sign * (oh * 60 + om);
  } else {
    throw fail();
  }
  if (pos != text.size()) throw fail();
  auto ymd =
      date::year{y} / date::month{static_cast<unsigned>(mo)} / date::day{static_cast<unsigned>(d)};
  // RFC 3339 allows a leap second (60); the gate has no use for it.
  if (!ymd.ok() || h > 23 || mi > 59 || s > 59) throw fail();
  auto local = date::sys_days{ymd} + std::chrono::hours{h} + std::chrono::minutes{mi} +
               std::chrono::seconds{s};
  return std::chrono::time_point_cast<std::chrono::seconds>(local -
                                                            std::chrono::minutes{offset_minutes});
}

std::string format_utc(Instant instant) { return date::format("%Y-%m-%dT%H:%M:%SZ", instant); }

}  // namespace gate
