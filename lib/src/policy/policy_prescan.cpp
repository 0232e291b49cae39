// A linear pre-scan of policy text. toml++ 3.3 recurses per key segment and crashes on
// tens of thousands of them; no real policy comes near these bounds.
#include "policy/policy_prescan.hpp"

namespace gate::policy_toml {
namespace {

constexpr int max_key_segments = 32;
constexpr int max_nesting = 64;

// One linear pass over the raw text that follows TOML's lexical states just far enough
// to see what toml++ will treat as structure: dots in keys and bracket depth. Text in
// strings and comments is skipped, so a long dotted URL in a string is harmless.
class Prescan {
 public:
  explicit Prescan(Reporter& reporter) : reporter_(reporter) {}

  // Returns false (after reporting) when the text must not reach toml++.
  bool run(std::string_view text) {
    text_ = text;
    while (i_ < text_.size()) {
      if (text_[i_] == '\0') return fail(line_, column_, "NUL byte in policy file");
      if (state_ == State::code) {
        if (!code()) return false;
      } else if (state_ == State::comment) {
        if (text_[i_] == '\n') state_ = State::code;
        advance();
      } else {
        string_char();
      }
    }
    return true;
  }

 private:
  enum class State { code, comment, string };

  bool code() {
    const char c = text_[i_];
    if (c == '#') {
      state_ = State::comment;
    } else if (c == '"' || c == '\'') {
      mark_key_start();
      state_ = State::string;
      quote_ = c;
      multi_line_ = text_.substr(i_, 3) == std::string(3, c);
      if (multi_line_) advance(2);
    } else if (c == '[' || c == '{') {
      if (++depth_ > max_nesting)
        return fail(line_, column_,
                    fmt::format("arrays, inline tables or header brackets nested more than {} "
                                "deep; refused before parsing",
                                max_nesting));
      reset_key();
    } else if (c == ']' || c == '}') {
      depth_ = std::max(0, depth_ - 1);
      reset_key();
    } else if (c == '=' || c == ',' || c == '\n') {
      reset_key();
    } else if (c == '.') {
      if (++segments_ > max_key_segments)
        return fail(key_line_ ? key_line_ : line_, key_line_ ? key_column_ : column_,
                    fmt::format("key or table header has more than {} dotted segments; "
                                "refused before parsing",
                                max_key_segments));
    } else if (c != ' ' && c != '\t' && c != '\r') {
      mark_key_start();
    }
    advance();
    return true;
  }

  // One character inside a string. Multi-line strings may end with up to two extra
  // quotes that belong to the content ("""a""""" is `a""`), as toml++ reads them.
  void string_char() {
    const char c = text_[i_];
    if (escaped_) {
      escaped_ = false;
    } else if (quote_ == '"' && c == '\\') {  // only basic strings have escapes
      escaped_ = true;
    } else if (!multi_line_ && (c == quote_ || c == '\n')) {
      // An unterminated single-line string is toml++'s syntax error; resume as code.
      state_ = State::code;
      if (c == '\n') reset_key();
    } else if (multi_line_ && text_.substr(i_, 3) == std::string(3, quote_)) {
      std::size_t run = 0;
      while (i_ + run < text_.size() && text_[i_ + run] == quote_ && run < 5) ++run;
      advance(run);
      state_ = State::code;
      return;
    }
    advance();
  }

  void mark_key_start() {
    if (key_line_ != 0) return;
    key_line_ = line_;
    key_column_ = column_;
  }
  void reset_key() {
    segments_ = 1;
    key_line_ = 0;
  }

  // Columns count code points, as toml++ does, so both kinds of diagnostic agree.
  void advance(std::size_t count = 1) {
    for (; count > 0 && i_ < text_.size(); --count, ++i_) {
      const auto byte = static_cast<unsigned char>(text_[i_]);
      if (byte == '\n') {
        ++line_;
        column_ = 1;
      } else if ((byte & 0xC0) != 0x80) {
        ++column_;
      }
    }
  }

  bool fail(int line, int column, std::string message) {
    reporter_.error(line, column, std::move(message));
    return false;
  }

  Reporter& reporter_;
  std::string_view text_;
  std::size_t i_ = 0;
  int line_ = 1, column_ = 1;
  State state_ = State::code;
  char quote_ = '"';         // of the string being read: '"' basic, '\'' literal
  bool multi_line_ = false;  // """ or '''
  bool escaped_ = false;
  int depth_ = 0;
  int segments_ = 1;
  int key_line_ = 0, key_column_ = 0;
};

}  // namespace

bool prescan_policy(std::string_view text, Reporter& reporter) {
  return Prescan(reporter).run(text);
}

}  // namespace gate::policy_toml
