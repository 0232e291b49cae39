// render_error_github: an error as the one `::error` workflow command GitHub shows on the
// run's page. Read back as the runner reads it: one line, its message un-escaped, and
// valid UTF-8 whatever bytes the error carried (a revision name or path from git).

#include <doctest/doctest.h>

#include <cctype>
#include <string>
#include <string_view>

#include "gate/error.hpp"
#include "gate/render.hpp"

namespace gate {
namespace {

const std::string prefix = "::error title=git-gate error::";
const std::string replacement = "\xEF\xBF\xBD";  // U+FFFD

// The runner's reading of escaped data: every '%' starts a two-digit hex escape.
std::string unescape(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    REQUIRE(i + 2 < text.size());
    std::string hex(text.substr(i + 1, 2));
    REQUIRE(std::isxdigit(static_cast<unsigned char>(hex[0])));
    REQUIRE(std::isxdigit(static_cast<unsigned char>(hex[1])));
    out += static_cast<char>(std::stoi(hex, nullptr, 16));
    i += 2;
  }
  return out;
}

// Well-formed UTF-8 (RFC 3629): no stray continuation bytes, no overlong forms, no
// surrogates, nothing above U+10FFFF.
bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    auto b = static_cast<unsigned char>(s[i]);
    std::size_t n = b < 0x80           ? 1
                    : (b >> 5) == 0x6  ? 2
                    : (b >> 4) == 0xE  ? 3
                    : (b >> 3) == 0x1E ? 4
                                       : 0;
    if (n == 0 || i + n > s.size()) return false;
    unsigned cp = n == 1 ? b : b & (0xFFu >> (n + 1));
    for (std::size_t k = 1; k < n; ++k) {
      auto c = static_cast<unsigned char>(s[i + k]);
      if ((c >> 6) != 0x2) return false;
      cp = (cp << 6) | (c & 0x3Fu);
    }
    const unsigned min[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n;
  }
  return true;
}

// The one line, with the checks every rendering must pass; returns the message read back.
std::string read_back(const std::string& out) {
  INFO(out);
  REQUIRE(out.size() > prefix.size());
  CHECK(out.back() == '\n');
  CHECK(out.find('\n') == out.size() - 1);  // exactly one line
  CHECK(out.find('\r') == std::string::npos);
  CHECK(valid_utf8(out));
  REQUIRE(out.rfind(prefix, 0) == 0);
  return unescape(std::string_view(out).substr(prefix.size(), out.size() - prefix.size() - 1));
}

std::string without_final_newline(std::string text) {
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

}  // namespace

TEST_CASE("an error with invalid UTF-8, percent signs and CR LF is one escaped error line") {
  UsageError error("unknown revision 'caf\xE9' \xC0\xAF: 100% sure\r\nsecond line\n");
  std::string out = render_error_github(error);
  std::string message = read_back(out);
  // The text rendering, with each ill-formed sequence replaced, and nothing else changed.
  std::string want = without_final_newline(render_error_text(error));
  for (std::string_view bad : {"\xE9", "\xC0", "\xAF"})
    want.replace(want.find(bad), bad.size(), replacement);
  CHECK(message == want);
  CHECK(out.find("%25") != std::string::npos);
  CHECK(out.find("%0D%0A") != std::string::npos);
}

TEST_CASE("a configuration error with several diagnostics is still one line") {
  ConfigError error({{{"policy.toml", 3, 5}, "unknown key 'sise'", "sise = 1"},
                     {{"policy.toml", 9, 1}, "bad zone \xFF", ""}});
  std::string message = read_back(render_error_github(error));
  CHECK(message.find("policy.toml:3:5") != std::string::npos);
  CHECK(message.find("unknown key 'sise'") != std::string::npos);
  CHECK(message.find("bad zone " + replacement) != std::string::npos);
  CHECK(valid_utf8(message));
}

}  // namespace gate
