#include "gate/json_writer.hpp"

#include <charconv>
#include <cstdint>
#include <cstring>

namespace gate {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// The UTF-8 sequence at text[i]: its length, and whether it is well-formed
// (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF). An ill-formed
// one has the length of its "maximal subpart" (Unicode 15, 3.9): the bytes that
// could still have begun a character, and is replaced by a single U+FFFD.
struct Utf8Run {
  std::size_t length;
  bool valid;
};

Utf8Run utf8_run(std::string_view text, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char b0 = byte(i);
  std::size_t n = b0 < 0xC2 ? 0 : b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : b0 < 0xF5 ? 4 : 0;
  if (n == 0) return {1, false};
  unsigned char lo = 0x80, hi = 0xBF;
  if (b0 == 0xE0) lo = 0xA0;
  if (b0 == 0xED) hi = 0x9F;
  if (b0 == 0xF0) lo = 0x90;
  if (b0 == 0xF4) hi = 0x8F;
  for (std::size_t k = 1; k < n; ++k) {
    if (i + k >= text.size() || byte(i + k) < lo || byte(i + k) > hi) return {k, false};
    lo = 0x80;
    hi = 0xBF;
  }
  return {n, true};
}

void append_escape(std::string& out, unsigned char c) {
  switch (c) {
    case '"':
      out += "\\\"";
      return;
    case '\\':
      out += "\\\\";
      return;
    case '\b':
      out += "\\b";
      return;
    case '\f':
      out += "\\f";
      return;
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    default:
      break;
  }
  static constexpr char hex[] = "0123456789abcdef";
  out += "\\u00";
  out += hex[c >> 4];
  out += hex[c & 0xF];
}

// True when none of the 8 bytes at `p` needs a look: no control character, no '"' or
// '\\', nothing at or above 0x80. (The "has a byte less than n" test of the bit
// twiddling folklore; as a yes/no answer it is exact.)
bool plain_word(const char* p) {
  constexpr std::uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
  std::uint64_t w;
  std::memcpy(&w, p, sizeof w);
  auto has_zero = [&](std::uint64_t x) { return (x - ones) & ~x & high; };
  std::uint64_t control = (w - ones * 0x20) & ~w & high;
  return (control | has_zero(w ^ (ones * '"')) | has_zero(w ^ (ones * '\\')) | (w & high)) == 0;
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  std::size_t plain = 0;  // start of the run of bytes copied as they are
  for (std::size_t i = 0; i < text.size();) {
    if (i + 8 <= text.size() && plain_word(text.data() + i)) {
      i += 8;  // most names: eight plain bytes at a time
      continue;
    }
    auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    Utf8Run run = c >= 0x80 ? utf8_run(text, i) : Utf8Run{1, false};
    if (run.valid) {
      i += run.length;
      continue;
    }
    out.append(text.substr(plain, i - plain));
    if (c >= 0x80)
      out += kReplacement;
    else
      append_escape(out, c);
    i += run.length;
    plain = i;
  }
  out.append(text.substr(plain));
  out += '"';
}

JsonWriter& JsonWriter::key(std::string_view name) {
  before_value();
  append_json_string(out_, name);
  out_ += indent_ > 0 ? ": " : ":";
  after_key_ = true;
  return *this;
}

void JsonWriter::value(std::string_view text) {
  before_value();
  append_json_string(out_, text);
}

void JsonWriter::value(std::int64_t number) {
  before_value();
  char buffer[24];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, number);
  out_.append(buffer, end);
}

void JsonWriter::value(bool flag) {
  before_value();
  out_ += flag ? "true" : "false";
}

void JsonWriter::null() {
  before_value();
  out_ += "null";
}

void JsonWriter::string_or_null(std::string_view text) {
  if (text.empty())
    null();
  else
    value(text);
}

void JsonWriter::value(const std::vector<std::string>& items) {
  begin_array();
  for (const std::string& item : items) value(item);
  end_array();
}

void JsonWriter::open(char bracket) {
  before_value();
  out_ += bracket;
  has_items_.push_back(false);
}

void JsonWriter::close(char bracket) {
  bool had_items = has_items_.back();
  has_items_.pop_back();
  if (had_items) newline(has_items_.size());
  out_ += bracket;
}

// A value inside a container starts on its own line, after a comma unless first;
// a member's value follows its key on the same line.
void JsonWriter::before_value() {
  if (spill_ && out_.size() >= spill_limit_) {
    spill_(out_);
    out_.clear();
  }
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (has_items_.empty()) return;
  if (has_items_.back()) out_ += ',';
  has_items_.back() = true;
  newline(has_items_.size());
}

void JsonWriter::newline(std::size_t depth) {
  if (indent_ <= 0) return;
  out_ += '\n';
  out_.append(depth * static_cast<std::size_t>(indent_), ' ');
}

}  // namespace gate
