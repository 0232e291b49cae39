#pragma once
/// "Did you mean" for typos: subcommands, policy keys, rule ids, zone names.

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace gate {

/// Levenshtein distance between `a` and `b`, or `limit + 1` when it exceeds `limit`.
/// Stops early, so a hostile 100 KB word costs O(limit × length), not a full table.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit);

/// The candidate a typo of `word` most likely meant: the nearest within 2 edits (1 for
/// words of 4 bytes or fewer), ties to the first; nullopt when none is that close or
/// `word` is longer than 64 bytes.
std::optional<std::string_view> closest_match(std::string_view word,
                                              std::span<const std::string_view> candidates);

/// Same over strings.
std::optional<std::string_view> closest_match(std::string_view word,
                                              const std::vector<std::string>& candidates);

/// "; did you mean 'X'?" for the closest match, or "" when there is none.
std::string did_you_mean(std::string_view word, std::span<const std::string_view> candidates);

/// Same over strings.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace gate
