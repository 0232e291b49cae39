// The streaming writer against nlohmann's dump(2), which the report used before and
// which serves as the oracle here: same bytes for the same value.

#include "gate/json_writer.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <random>
#include <string>

namespace {

using Json = nlohmann::ordered_json;

// Writes `value` through the writer, member by member.
void write(gate::JsonWriter& w, const Json& value) {
  switch (value.type()) {
    case Json::value_t::object:
      w.begin_object();
      for (const auto& [k, v] : value.items()) {
        w.key(k);
        write(w, v);
      }
      w.end_object();
      return;
    case Json::value_t::array:
      w.begin_array();
      for (const Json& v : value) write(w, v);
      w.end_array();
      return;
    case Json::value_t::string:
      w.value(value.get<std::string>());
      return;
    case Json::value_t::boolean:
      w.value(value.get<bool>());
      return;
    case Json::value_t::null:
      w.null();
      return;
    default:
      w.value(value.get<std::int64_t>());
      return;
  }
}

std::string through_writer(const Json& value, int indent) {
  std::string out;
  gate::JsonWriter w(out, indent);
  write(w, value);
  return out;
}

std::string random_string(std::mt19937& rng, bool valid_utf8) {
  static const std::vector<std::string> pieces = {"a",
                                                  "Z",
                                                  " ",
                                                  "\"",
                                                  "\\",
                                                  "/",
                                                  "\n",
                                                  "\t",
                                                  "\r",
                                                  "\b",
                                                  "\f",
                                                  "\x01",
                                                  "\x1f",
                                                  "\x7f",
                                                  "\xc3\xa9",
                                                  "\xe2\x82\xac",
                                                  "\xf0\x9f\x98\x80",
                                                  "\xed\x9f\xbf",
                                                  "\xef\xbf\xbd"};
  static const std::vector<std::string> broken = {
      "\xff", "\xc3", "\xe2\x82", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\x80"};
  std::string s;
  int n = static_cast<int>(rng() % 8);
  for (int i = 0; i < n; ++i) {
    if (!valid_utf8 && rng() % 4 == 0)
      s += broken[rng() % broken.size()];
    else
      s += pieces[rng() % pieces.size()];
  }
  return s;
}

Json random_value(std::mt19937& rng, int depth, bool valid_utf8) {
  int kind = static_cast<int>(rng() % (depth > 3 ? 5 : 7));
  switch (kind) {
    case 0:
      return random_string(rng, valid_utf8);
    case 1:
      return static_cast<std::int64_t>(rng()) - (1ll << 31);
    case 2:
      return rng() % 2 == 0;
    case 3:
      return nullptr;
    case 4:
      return std::numeric_limits<std::int64_t>::min();
    case 5: {
      Json a = Json::array();
      for (int i = static_cast<int>(rng() % 4); i > 0; --i)
        a.push_back(random_value(rng, depth + 1, valid_utf8));
      return a;
    }
    default: {
      Json o = Json::object();
      for (int i = static_cast<int>(rng() % 4); i > 0; --i)
        o[random_string(rng, true) + std::to_string(i)] = random_value(rng, depth + 1, valid_utf8);
      return o;
    }
  }
}

}  // namespace

TEST_CASE("the writer prints what nlohmann's dump prints, indented and compact") {
  std::mt19937 rng(20261127);
  for (int i = 0; i < 2000; ++i) {
    Json value = random_value(rng, 0, true);
    CAPTURE(value.dump());
    CHECK(through_writer(value, 2) == value.dump(2));
    CHECK(through_writer(value, 0) == value.dump());
  }
}

TEST_CASE("bytes that are not UTF-8 become U+FFFD, as nlohmann's replace handler does") {
  std::mt19937 rng(7);
  for (int i = 0; i < 2000; ++i) {
    Json value = random_value(rng, 0, false);
    std::string expected = value.dump(2, ' ', false, Json::error_handler_t::replace);
    CAPTURE(expected);
    CHECK(through_writer(value, 2) == expected);
    CHECK(Json::accept(through_writer(value, 2)));
  }
}

TEST_CASE("a byte that needs escaping is found at every offset of a long string") {
  // The writer skips eight plain bytes at a time; each special byte, at each position
  // of a string longer than several words, must still come out as nlohmann writes it.
  const std::string specials[] = {"\"", "\\", "\x01", "\x1f", "\n", "\xff", "\xc3\xa9", "\xe2\x82"};
  for (const std::string& special : specials) {
    for (std::size_t at = 0; at < 26; ++at) {
      std::string text = std::string(at, 'a') + special + std::string(25 - at, 'z');
      std::string expected = Json(text).dump(-1, ' ', false, Json::error_handler_t::replace);
      std::string written;
      gate::append_json_string(written, text);
      CAPTURE(expected);
      CHECK(written == expected);
    }
  }
}
