#pragma once
// Validating and quoting CODEOWNERS lines as UTF-8 text (line_text.cpp).

#include <cstddef>
#include <string>
#include <string_view>

namespace gate::line_text {

/// Length (1-4) of the well-formed UTF-8 character at `i`, or 0 when the byte there starts
/// no such character or is a control character other than tab.
std::size_t char_length(std::string_view s, std::size_t i);

/// Offset of the first byte that is not part of a printable UTF-8 character, or npos.
std::size_t find_bad_byte(std::string_view line);

/// The number of `\n` in `text`. memchr finds each: a byte-at-a-time count costs more than
/// all the rest of checking a file's size (about 7 instructions a byte at -O2).
std::size_t count_newlines(std::string_view text);

/// At most `limit` bytes of `text` ending on a character boundary, each bad byte shown as
/// `?` (one byte, so columns still line up), and `…` when cut. Always valid UTF-8, so a
/// report can put it in JSON.
std::string quote(std::string_view text, std::size_t limit);

}  // namespace gate::line_text
