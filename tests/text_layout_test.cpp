#include "gate/text_layout.hpp"

#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include "gate/local_time.hpp"

namespace gate {
namespace {

struct WrapCase {
  const char* name;
  std::string text;
  std::size_t width;
  std::string first, indent;
  std::string expected;
};

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::vector<std::string> words_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string word; in >> word;) out.push_back(word);
  return out;
}

}  // namespace

TEST_CASE("wrap_text fills lines up to the width, breaking only at spaces") {
  const std::vector<WrapCase> cases = {
      {"fits", "short text", 80, "  ", "    ", "  short text\n"},
      {"exactly the width", "aaaa bbbb", 11, "  ", "    ", "  aaaa bbbb\n"},
      {"one over the width", "aaaa bbbbb", 11, "  ", "    ", "  aaaa\n    bbbbb\n"},
      {"three lines", "one two three four five six", 12, "", "  ",
       "one two\n  three four\n  five six\n"},
      {"a word longer than a line stands alone, unbroken", "a verylongwordindeed b", 8, "", "",
       "a\nverylongwordindeed\nb\n"},
      {"runs of spaces between words become one", "a   b", 80, "", "", "a b\n"},
      {"the indent counts", "abc def", 8, "> ", "> ", "> abc\n> def\n"},
      {"empty text gives the indent alone", "", 80, "  ", "    ", "  \n"},
      {"code points, not bytes: … is one column", "… … … …", 7, "", "", "… … … …\n"},
  };
  for (const WrapCase& c : cases) {
    INFO(c.name);
    CHECK(wrap_text(c.text, {c.width, c.first, c.indent, {}}) == c.expected);
  }
}

TEST_CASE("a kept span is never broken, and moves to the next line whole") {
  const std::string text =
      "outside the allowed hours; the gate opens next at 2026-07-13T10:00:00Z "
      "(Mon 06:00 America/New_York). Wait.";
  std::vector<KeptSpan> keep = kept_spans(text);
  REQUIRE(keep.size() == 1);
  // "the gate" travels with its clause, so that no line ends in the fragment.
  const std::string clause =
      "the gate opens next at 2026-07-13T10:00:00Z (Mon 06:00 America/New_York)";
  CHECK(text.substr(keep[0].first, keep[0].second - keep[0].first) == clause);
  for (std::size_t width : {20u, 40u, 60u, 72u, 80u, 100u, 200u}) {
    INFO("width " << width);
    std::string wrapped = wrap_text(text, {width, "  ", "    ", keep});
    CHECK(wrapped.find(clause) != std::string::npos);  // on one line
    CHECK(words_of(wrapped) == words_of(text));        // nothing lost or reordered
    for (const std::string& line : lines_of(wrapped))  // only the clause may overflow
      if (line.find(clause) == std::string::npos) CHECK(columns(line) <= width);
  }
}

TEST_CASE("a command after \"run: \" is kept whole to the end of the text") {
  const std::string text = "ask an approver to run: git-gate override approve abc --rule x --push";
  std::vector<KeptSpan> keep = kept_spans(text);
  REQUIRE(keep.size() == 1);
  CHECK(text.substr(keep[0].first) == "git-gate override approve abc --rule x --push");
  std::string wrapped = wrap_text(text, {30, "", "  ", keep});
  CHECK(lines_of(wrapped).back() == "  git-gate override approve abc --rule x --push");
  CHECK(kept_spans("nothing to keep here").empty());
  CHECK(kept_spans("it opens next at noon, unterminated").empty());
  const std::string bare = "it opens next at 10:00Z (Mon 06:00 UTC).";
  REQUIRE(kept_spans(bare).size() == 1);
  CHECK(kept_spans(bare)[0].first == bare.find("opens"));
}

TEST_CASE("columns counts UTF-8 code points") {
  CHECK(columns("") == 0);
  CHECK(columns("abc") == 3);
  CHECK(columns("…") == 1);  // three bytes
  CHECK(columns("Zürich →") == 8);
}

TEST_CASE("format_local names the weekday and wall-clock time in the zone, across DST") {
  // New York is UTC-4 in July (EDT) and UTC-5 in January (EST); Berlin +2 and +1.
  Instant july = parse_rfc3339("2026-07-13T10:00:00Z", "t");
  Instant january = parse_rfc3339("2026-01-12T10:00:00Z", "t");
  CHECK(format_local(july, "America/New_York") == "Mon 06:00 America/New_York");
  CHECK(format_local(january, "America/New_York") == "Mon 05:00 America/New_York");
  CHECK(format_local(july, "Europe/Berlin") == "Mon 12:00 Europe/Berlin");
  CHECK(format_local(january, "Europe/Berlin") == "Mon 11:00 Europe/Berlin");
  CHECK(format_local(july, "UTC") == "Mon 10:00 UTC");
  CHECK(format_local(july, "Not/AZone") == "Mon 10:00 UTC");  // never throws while rendering
  CHECK(format_utc_and_local(july, "America/New_York") ==
        "2026-07-13T10:00:00Z (Mon 06:00 America/New_York)");
}

}  // namespace gate
