// CODEOWNERS lines are text: a line with a control character or invalid UTF-8 is reported
// and ignored (docs/rules.md, CODEOWNERS), and messages quote lines as valid UTF-8.
#include "owners/line_text.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace gate::line_text {

namespace {
constexpr std::size_t npos = std::string_view::npos;
}  // namespace

std::size_t char_length(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  if (c < 0x80) return (c < 0x20 && c != '\t') || c == 0x7F ? 0 : 1;
  std::size_t length = c >= 0xC2 && c <= 0xDF   ? 2
                       : c >= 0xE0 && c <= 0xEF ? 3
                       : c >= 0xF0 && c <= 0xF4 ? 4
                                                : 0;
  if (length == 0 || i + length > s.size()) return 0;
  // The second byte's range rules out overlong forms, surrogates and code points past
  // U+10FFFF (RFC 3629, table 3-7 of the Unicode standard).
  unsigned char low = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
  unsigned char high = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
  if (byte(i + 1) < low || byte(i + 1) > high) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  // U+0080..U+009F are C1 control characters.
  if (c == 0xC2 && byte(i + 1) <= 0x9F) return 0;
  return length;
}

std::size_t find_bad_byte(std::string_view line) {
  for (std::size_t i = 0; i < line.size();) {
    // Eight bytes at a time while all are printable ASCII (0x20-0x7E). A byte below 0x20
    // borrows into its own high bit when 0x20 is subtracted (and had it clear); a byte of
    // 0x7F or more has its high bit set once 1 is added (a carry out of 0xFF only follows a
    // byte that is flagged already).
    constexpr std::uint64_t ones = 0x0101010101010101, highs = 0x8080808080808080;
    while (i + 8 <= line.size()) {
      std::uint64_t w = 0;
      std::memcpy(&w, line.data() + i, 8);
      bool below = ((w - ones * 0x20) & ~w & highs) != 0;
      bool above = (((w + ones) | w) & highs) != 0;
      if (below || above) break;
      i += 8;
    }
    if (i >= line.size()) break;
    unsigned char c = static_cast<unsigned char>(line[i]);
    if ((c >= 0x20 && c < 0x7F) || c == '\t') {  // printable ASCII: every byte of most files
      ++i;
      continue;
    }
    std::size_t length = char_length(line, i);
    if (length == 0) return i;
    i += length;
  }
  return npos;
}

std::size_t count_newlines(std::string_view text) {
  std::size_t count = 0;
  const char* at = text.data();
  const char* end = at + text.size();
  while (at < end) {
    const void* found = std::memchr(at, '\n', static_cast<std::size_t>(end - at));
    if (found == nullptr) break;
    ++count;
    at = static_cast<const char*>(found) + 1;
  }
  return count;
}

std::string quote(std::string_view text, std::size_t limit) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t length = char_length(text, i);
    if (out.size() + std::max<std::size_t>(length, 1) > limit) break;
    if (length == 0) {
      out += '?';
      ++i;
    } else {
      out.append(text.substr(i, length));
      i += length;
    }
  }
  if (i < text.size()) out += "…";
  return out;
}

}  // namespace gate::line_text
