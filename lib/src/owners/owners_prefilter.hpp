#pragma once
// A substring prefilter for the large buckets of an OwnersIndex (owners_index.cpp). A
// bucket of many rules that only the matcher can decide (100,000 lines like `*ab12x*`
// share the residual list) would run every one of them on every path. Every path a
// glob matches contains the glob's literal runs, so each rule is filed here under one
// short piece (a "gram", 1-4 bytes) of its longest run, the rarest one among the
// bucket's rules; a path's grams give the rules that may match it, and only those run,
// in the bucket's order. Rules without a literal run are always candidates. Memory is
// linear in the rules; a lookup costs O(path length + candidates).

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace gate::owners_index_detail {

/// How often each gram occurs among the pieces, so that each rule takes its rarest.
class GramCounts {
 public:
  /// Counts the grams a piece may be filed under.
  void add(std::string_view piece);
  /// Call once every piece is added, before count().
  void freeze();
  std::uint32_t count(std::uint64_t gram) const;

 private:
  std::vector<std::uint64_t> grams_;  // until freeze()
  // Open addressing; a slot packs gram << count_bits | count (a gram's key fits in 35
  // bits), 0 when empty. Counts saturate: past a million, rarer is all that matters.
  static constexpr unsigned count_bits = 20;
  static constexpr std::uint64_t max_count = (std::uint64_t{1} << count_bits) - 1;
  std::vector<std::uint64_t> table_;
  std::size_t mask_ = 0;
};

class Prefilter {
 public:
  /// Buckets with fewer entries than this are visited in full: scanning them is cheaper.
  static constexpr std::size_t min_entries = 32;

  /// `pieces[k]`: a string every path matched by the bucket's k-th entry contains ("" for
  /// none), all of whose grams `counts` holds.
  Prefilter(const std::vector<std::string_view>& pieces, const GramCounts& counts);

  /// Replaces `out` with the positions of the entries that may match `path`, in
  /// ascending order without repeats.
  void candidates(std::string_view path, std::vector<std::uint32_t>& out) const;

  /// The grams of `piece` keyed as the table keys them: its bytes and its length.
  static std::uint64_t gram(std::string_view piece, std::size_t at, std::size_t length);

  /// The length of the grams a piece is filed under.
  static std::size_t gram_length(std::string_view piece) {
    return piece.size() < 4 ? piece.size() : 4;
  }

 private:
  struct Slot {
    std::uint64_t key = 0;  // 0: empty (a gram's key holds its non-zero length)
    std::uint32_t first = 0, count = 0;
  };
  const Slot* find(std::uint64_t key) const;

  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  std::vector<std::uint32_t> positions_;  // each slot's entries, slot after slot
  std::vector<std::uint32_t> always_;     // entries without a piece
  unsigned lengths_ = 0;                  // bit q: some rule is filed under a q-byte gram
};

}  // namespace gate::owners_index_detail
