// parse_weekly: the two weekly grammars (docs/windows.md).
//   continuous  `DAY HH:MM - DAY HH:MM`  (spaces around the dash; wraps the week)
//   daily       `DAY[-DAY] HH:MM-HH:MM`  (no spaces around either dash; crosses midnight)
// The parser is a small cursor over the text so every error can name its 1-based column.

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>

#include "gate/windows.hpp"

namespace gate {

namespace {

constexpr int kMinutesPerDay = 24 * 60;
constexpr int kMinutesPerWeek = 7 * kMinutesPerDay;
constexpr std::array<std::string_view, 7> kDayNames = {"mon", "tue", "wed", "thu",
                                                       "fri", "sat", "sun"};
constexpr std::string_view kExamples = "e.g. 'Fri 12:00 - Mon 06:00' or 'Mon-Thu 09:00-17:00'";

/// Thrown inside the parser only; parse_weekly turns it into a SpanParse error.
struct SpanError {
  std::string message;
  std::size_t offset = 0;
};

/// A time of day as written: minutes since midnight, 0 .. 1440 (24:00).
struct ClockTime {
  int minutes = 0;
  std::size_t offset = 0;  ///< where it starts, for "24:00 only as an end"
};

class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}

  std::size_t pos() const { return pos_; }
  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return at_end() ? '\0' : text_[pos_]; }
  void advance() { ++pos_; }

  [[noreturn]] void fail(std::string message, std::size_t offset) const {
    throw SpanError{std::move(message), offset};
  }

  /// Skips blanks; returns how many were skipped.
  std::size_t skip_blanks() {
    std::size_t start = pos_;
    while (!at_end() && (peek() == ' ' || peek() == '\t')) ++pos_;
    return pos_ - start;
  }

  /// What stands at the cursor, for messages.
  std::string found() const {
    if (at_end()) return "the end of the span";
    std::size_t end = pos_;
    while (end < text_.size() && end - pos_ < 8 && text_[end] != ' ' && text_[end] != '\t') ++end;
    if (end == pos_) return "a blank";
    return fmt::format("'{}'", text_.substr(pos_, end - pos_));
  }

  /// A day name, Mon..Sun in any case; returns 0 = Mon .. 6 = Sun.
  int day() {
    std::size_t start = pos_;
    while (!at_end() && std::isalpha(static_cast<unsigned char>(peek()))) ++pos_;
    std::string word(text_.substr(start, pos_ - start));
    if (word.empty()) fail(fmt::format("expected a day name (Mon..Sun), found {}", found()), start);
    std::string lower;
    for (char c : word) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (std::size_t i = 0; i < kDayNames.size(); ++i) {
      if (lower == kDayNames[i]) return static_cast<int>(i);
    }
    fail(fmt::format("unknown day '{}' (expected Mon, Tue, Wed, Thu, Fri, Sat or Sun)",
                     quote_input(word)),
         start);
  }

  /// HH:MM with two-digit fields; 24:00 is accepted here and checked by the caller.
  ClockTime clock(std::string_view context) {
    ClockTime time{0, pos_};
    int hour = two_digits(context);
    if (peek() != ':')
      fail(fmt::format("expected ':' in HH:MM {}, found {}", context, found()), pos_);
    ++pos_;
    std::size_t minute_at = pos_;
    int minute = two_digits(context);
    if (hour > 24 || (hour == 24 && minute != 0)) {
      fail(fmt::format("hour {} is out of range (00-23, or 24:00 as an end)", hour), time.offset);
    }
    if (minute > 59) fail(fmt::format("minute {} is out of range (00-59)", minute), minute_at);
    time.minutes = hour * 60 + minute;
    return time;
  }

 private:
  int two_digits(std::string_view context) {
    int value = 0;
    std::size_t start = pos_;
    for (int i = 0; i < 2; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(peek()))) {
        pos_ = start;  // point at the whole field: "9:00" is wrong as a field, not at its ':'
        fail(fmt::format("expected HH:MM {}, found {}", context, found()), start);
      }
      value = value * 10 + (peek() - '0');
      ++pos_;
    }
    return value;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

int normalize(int minute_of_week) {
  return ((minute_of_week % kMinutesPerWeek) + kMinutesPerWeek) % kMinutesPerWeek;
}

void require_start(const Cursor& cursor, const ClockTime& start) {
  if (start.minutes == kMinutesPerDay) cursor.fail("24:00 is allowed only as an end", start.offset);
}

void require_end(Cursor& cursor) {
  cursor.skip_blanks();
  if (!cursor.at_end())
    cursor.fail(fmt::format("unexpected {} after the span", cursor.found()), cursor.pos());
}

/// `DAY HH:MM - DAY HH:MM`, the cursor just after the start's HH:MM and " - ".
std::vector<WeeklySpan> continuous(Cursor& cursor, int start_day, ClockTime start,
                                   const std::string& text) {
  std::size_t day_at = cursor.pos();
  if (std::isdigit(static_cast<unsigned char>(cursor.peek()))) {
    cursor.fail(
        "expected a day name after ' - ' (the continuous form is 'DAY HH:MM - DAY HH:MM'; "
        "a daily span is written without spaces, e.g. 'Mon-Fri 09:00-17:00')",
        day_at);
  }
  int end_day = cursor.day();
  if (cursor.skip_blanks() == 0)
    cursor.fail("expected a blank between the day and HH:MM", cursor.pos());
  ClockTime end = cursor.clock("for the end");
  require_end(cursor);
  int from = start_day * kMinutesPerDay + start.minutes;
  int to = normalize(end_day * kMinutesPerDay + end.minutes);
  if (to == from) {
    cursor.fail(
        "the span starts and ends at the same time of the week; an empty or full week is not a "
        "span",
        day_at);
  }
  return {WeeklySpan{from, to, text}};
}

/// `DAY[-DAY] HH:MM-HH:MM`: one span per listed day, each crossing midnight when its end
/// is at or before its start.
std::vector<WeeklySpan> daily(Cursor& cursor, int first_day, int last_day, ClockTime start,
                              const std::string& text) {
  ClockTime end = cursor.clock("for the end (daily form HH:MM-HH:MM)");
  require_end(cursor);
  int length = end.minutes - start.minutes;
  if (length <= 0) length += kMinutesPerDay;
  std::vector<WeeklySpan> spans;
  for (int day = first_day;; day = (day + 1) % 7) {
    int from = day * kMinutesPerDay + start.minutes;
    spans.push_back(WeeklySpan{from, normalize(from + length), text});
    if (day == last_day) break;
  }
  return spans;
}

std::vector<WeeklySpan> parse_span(std::string_view raw, const std::string& text) {
  Cursor cursor(raw);
  cursor.skip_blanks();
  if (cursor.at_end()) cursor.fail(fmt::format("empty span; expected {}", kExamples), cursor.pos());
  int first_day = cursor.day();
  std::optional<int> last_day;
  if (cursor.peek() == '-') {
    cursor.advance();
    if (cursor.peek() == ' ' || cursor.peek() == '\t') {
      cursor.fail("a day range is written without spaces, e.g. 'Mon-Fri 09:00-17:00'",
                  cursor.pos());
    }
    last_day = cursor.day();
  }
  if (cursor.skip_blanks() == 0) {
    cursor.fail(fmt::format("expected a blank and HH:MM after the day, found {}", cursor.found()),
                cursor.pos());
  }
  ClockTime start = cursor.clock("for the start");
  require_start(cursor, start);
  if (cursor.peek() == '-') {
    cursor.advance();
    if (std::isalpha(static_cast<unsigned char>(cursor.peek()))) {
      cursor.fail(
          "expected HH:MM after '-'; a span across days needs spaces around the dash, "
          "e.g. 'Fri 12:00 - Mon 06:00'",
          cursor.pos());
    }
    return daily(cursor, first_day, last_day.value_or(first_day), start, text);
  }
  std::size_t blanks = cursor.skip_blanks();
  std::size_t dash_at = cursor.pos();
  if (blanks == 0 || cursor.peek() != '-') {
    cursor.fail(
        fmt::format("expected '-HH:MM' (daily form) or ' - DAY HH:MM' (continuous form), found {}",
                    cursor.found()),
        dash_at);
  }
  if (last_day) {
    cursor.fail("a day range takes the daily form without spaces, e.g. 'Mon-Fri 09:00-17:00'",
                dash_at);
  }
  cursor.advance();
  if (cursor.skip_blanks() == 0) {
    cursor.fail(
        "the continuous form needs spaces on both sides of '-', e.g. 'Fri 12:00 - Mon 06:00'",
        cursor.pos());
  }
  return continuous(cursor, first_day, start, text);
}

}  // namespace

SpanParse parse_weekly(std::string_view text) {
  SpanParse result;
  try {
    // Messages quote the span as written, without the blanks around it.
    std::string_view trimmed = text;
    while (!trimmed.empty() && (trimmed.front() == ' ' || trimmed.front() == '\t'))
      trimmed.remove_prefix(1);
    while (!trimmed.empty() && (trimmed.back() == ' ' || trimmed.back() == '\t'))
      trimmed.remove_suffix(1);
    result.spans = parse_span(text, std::string(trimmed));
  } catch (const SpanError& error) {
    result.spans.clear();
    result.error = error.message;
    result.column = static_cast<int>(error.offset) + 1;
  }
  return result;
}

}  // namespace gate
