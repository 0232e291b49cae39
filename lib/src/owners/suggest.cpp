// Shared by every layer above owners/ (the lowest): policy keys, zones, rule ids, commands.
#include "gate/suggest.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace gate {

// Optimal string alignment (a swap of two neighbours is one edit: "max_flies"), within
// Ukkonen's band: a cell farther than `limit` from the diagonal cannot lie on a path of
// cost ≤ limit, so only 2·limit + 1 cells per row are computed.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit) {
  const std::size_t gap = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
  if (gap > limit) return limit + 1;
  const std::size_t far = limit + 1;  // stands for "more than limit"
  std::vector<std::size_t> before(b.size() + 1, far), prev(b.size() + 1, far),
      row(b.size() + 1, far);
  for (std::size_t j = 0; j <= std::min(b.size(), limit); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    const std::size_t lo = i > limit ? i - limit : 0;
    const std::size_t hi = std::min(b.size(), i + limit);
    std::fill(row.begin() + static_cast<std::ptrdiff_t>(lo > 0 ? lo - 1 : 0),
              row.begin() + static_cast<std::ptrdiff_t>(hi + 1), far);
    std::size_t row_min = far;
    for (std::size_t j = lo; j <= hi; ++j) {
      std::size_t best = j == 0 ? i : far;
      if (j > 0) {
        best = std::min(best, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
        best = std::min(best, row[j - 1] + 1);
      }
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        best = std::min(best, before[j - 2] + 1);
      best = std::min(best, prev[j] + 1);
      row[j] = std::min(best, far);
      row_min = std::min(row_min, row[j]);
    }
    if (row_min > limit) return far;  // every later row is at least this far
    std::swap(before, prev);
    std::swap(prev, row);
  }
  return std::min(prev[b.size()], far);
}

namespace {

constexpr std::size_t max_word = 64;

template <typename Range>
std::optional<std::string_view> closest(std::string_view word, const Range& candidates) {
  if (word.empty() || word.size() > max_word) return std::nullopt;
  const std::size_t limit = word.size() <= 4 ? 1 : 2;
  std::optional<std::string_view> best;
  std::size_t best_distance = limit + 1;
  for (const auto& candidate : candidates) {
    const std::string_view c = candidate;
    if (c == word) return std::nullopt;  // a known word is not a typo
    const std::size_t d = edit_distance(word, c, limit);
    if (d < best_distance) best_distance = d, best = c;
  }
  return best;
}

std::string phrase(std::optional<std::string_view> match) {
  return match ? fmt::format("; did you mean '{}'?", *match) : std::string();
}

}  // namespace

std::optional<std::string_view> closest_match(std::string_view word,
                                              std::span<const std::string_view> candidates) {
  return closest(word, candidates);
}

std::optional<std::string_view> closest_match(std::string_view word,
                                              const std::vector<std::string>& candidates) {
  return closest(word, candidates);
}

std::string did_you_mean(std::string_view word, std::span<const std::string_view> candidates) {
  return phrase(closest(word, candidates));
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  return phrase(closest(word, candidates));
}

}  // namespace gate
