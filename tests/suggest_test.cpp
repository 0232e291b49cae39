// "Did you mean": bounded edit distance and the choice of a suggestion.

#include "gate/suggest.hpp"

#include <doctest/doctest.h>

#include <array>
#include <string>
#include <string_view>

namespace {

struct DistanceCase {
  std::string_view a, b;
  std::size_t limit, expected;
};

// expected is limit + 1 whenever the true distance exceeds the limit.
constexpr std::array distance_cases = std::to_array<DistanceCase>({
    {"", "", 2, 0},
    {"max_lines", "max_lines", 2, 0},
    {"max_line", "max_lines", 2, 1},
    {"max_liens", "max_lines", 2, 1},  // a swap of neighbours is one edit
    {"max_lnies", "max_lines", 2, 1},
    {"amx_ilnes", "max_lines", 2, 2},
    {"kitten", "sitting", 5, 3},
    {"kitten", "sitting", 2, 3},
    {"abc", "abcdef", 2, 3},
    {"zone", "", 9, 4},
});

}  // namespace

TEST_CASE("edit_distance: optimal string alignment, capped at limit + 1") {
  for (const DistanceCase& c : distance_cases) {
    INFO(c.a << " / " << c.b << " limit " << c.limit);
    CHECK(gate::edit_distance(c.a, c.b, c.limit) == c.expected);
    CHECK(gate::edit_distance(c.b, c.a, c.limit) == c.expected);
  }
}

TEST_CASE("closest_match: the nearest candidate within reach, never the word itself") {
  const std::array<std::string_view, 4> keys = {"max_lines", "max_files", "max_binary_bytes",
                                                "exclude"};
  CHECK(gate::closest_match("max_line", keys) == "max_lines");
  CHECK(gate::closest_match("max_flies", keys) == "max_files");
  CHECK(gate::closest_match("exclud", keys) == "exclude");
  CHECK_FALSE(gate::closest_match("severity", keys));
  CHECK_FALSE(gate::closest_match("max_lines", keys));  // exact: nothing to suggest
  CHECK_FALSE(gate::closest_match("", keys));
  // Short words get one edit only: "off" is not a typo of "ok"... but "of" is.
  const std::array<std::string_view, 1> short_words = {"off"};
  CHECK(gate::closest_match("of", short_words) == "off");
  CHECK_FALSE(gate::closest_match("on", short_words));
}

TEST_CASE("did_you_mean: the phrase, or nothing") {
  const std::vector<std::string> rules = {"owners.cross-team", "owners.unowned"};
  CHECK(gate::did_you_mean("owners.crossteam", rules) == "; did you mean 'owners.cross-team'?");
  CHECK(gate::did_you_mean("size.total", rules).empty());
}

TEST_CASE("a hostile word costs no more than its bound") {
  const std::string huge(100000, 'm');
  const std::array<std::string_view, 1> keys = {"max_lines"};
  CHECK_FALSE(gate::closest_match(huge, keys));
  CHECK(gate::edit_distance(huge, huge + "x", 2) == 1);  // equal prefixes stay linear per row
}
