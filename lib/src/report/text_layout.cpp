// Filling the text report into the terminal's width (gate/text_layout.hpp).
#include "gate/text_layout.hpp"

#include <algorithm>

namespace gate {

std::size_t columns(std::string_view text) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\x1b' && i + 1 < text.size() && text[i + 1] == '[') {
      std::size_t end = text.find('m', i);  // a colour: takes no column
      if (end != std::string_view::npos) {
        i = end;
        continue;
      }
    }
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++n;  // not a continuation byte
  }
  return n;
}

namespace {

// The pieces a line may break between: runs of non-spaces, with spaces inside a kept span
// joined into the piece.
std::vector<std::string_view> pieces(std::string_view text, const std::vector<KeptSpan>& keep) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == ' ') {
      ++i;
      continue;
    }
    std::size_t end = i;
    bool grew = true;
    while (grew) {
      grew = false;
      while (end < text.size() && text[end] != ' ') ++end;
      for (const KeptSpan& k : keep)
        if (k.first <= end && end < k.second && k.second <= text.size() && k.first < end) {
          end = k.second;
          grew = true;
        }
    }
    out.push_back(text.substr(i, end - i));
    i = end;
  }
  return out;
}

}  // namespace

std::string wrap_text(std::string_view text, const WrapOptions& options) {
  std::string out;
  std::string line = options.first_indent;
  std::size_t used = columns(line);
  bool empty = true;  // no word on `line` yet
  for (std::string_view piece : pieces(text, options.keep)) {
    std::size_t cols = columns(piece);
    if (!empty && used + 1 + cols > options.width) {
      out += line + '\n';
      line = options.indent;
      used = columns(line);
      empty = true;
    }
    if (!empty) {
      line += ' ';
      ++used;
    }
    line += piece;
    used += cols;
    empty = false;
  }
  return out + line + '\n';
}

std::vector<KeptSpan> kept_spans(std::string_view text) {
  std::vector<KeptSpan> spans;
  for (std::string_view clause : {"opens next at ", "valid until "})
    for (std::size_t at = text.find(clause); at != std::string_view::npos;
         at = text.find(clause, at + 1)) {
      std::size_t open = text.find(" (", at + clause.size());
      std::size_t close = open == std::string_view::npos ? open : text.find(')', open);
      if (close == std::string_view::npos) break;
      // "the gate" alone at a line's end reads as a fragment: it moves with its clause.
      constexpr std::string_view subject = "the gate ";
      const bool led =
          at >= subject.size() && text.substr(at - subject.size(), subject.size()) == subject;
      spans.emplace_back(led ? at - subject.size() : at, close + 1);
    }
  std::sort(spans.begin(), spans.end());
  constexpr std::string_view run = "run: ";
  if (std::size_t at = text.find(run);
      at != std::string_view::npos && at + run.size() < text.size())
    spans.emplace_back(at + run.size(), text.size());
  return spans;
}

}  // namespace gate
