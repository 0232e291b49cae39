#pragma once
/// Filling text into lines of a terminal's width, for the text report (README, The pre-push
/// hook). Pure: the programs find the width, the renderers are given it.

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gate {

/// A stretch of a text, [first, last) in bytes, that a line must not break.
using KeptSpan = std::pair<std::size_t, std::size_t>;

/// How to lay out one paragraph.
struct WrapOptions {
  std::size_t width = 80;      ///< columns a line may take, indent included
  std::string first_indent;    ///< printed before the first line
  std::string indent;          ///< printed before every other line
  std::vector<KeptSpan> keep;  ///< stretches kept on one line
};

/// `text` filled into lines of at most `options.width` columns (code points), breaking only
/// at spaces and never inside a kept span. A word or kept span longer than a line gets a
/// line of its own, unbroken. Each line ends with '\n'; the spaces between two pieces
/// become one (a kept span keeps its own).
std::string wrap_text(std::string_view text, const WrapOptions& options);

/// What `text` must keep on one line: every "opens next at … (…)" and "valid until … (…)"
/// clause (a time a person must act on, UTC and local), and a command given after "run: " up to the
/// end of the text (to be copied whole), in order.
std::vector<KeptSpan> kept_spans(std::string_view text);

/// Columns `text` takes: its UTF-8 code points, colour escapes (`ESC [ … m`) taking none.
std::size_t columns(std::string_view text);

}  // namespace gate
