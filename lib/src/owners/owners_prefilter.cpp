// The substring prefilter of large OwnersIndex buckets; the design is in
// owners_prefilter.hpp.

#include "owners/owners_prefilter.hpp"

#include <algorithm>
#include <utility>

namespace gate::owners_index_detail {

namespace {

std::size_t slot_of(std::uint64_t key, std::size_t mask) {
  std::uint64_t h = key * 0x9e3779b97f4a7c15ULL;
  return static_cast<std::size_t>(h ^ (h >> 31)) & mask;
}

}  // namespace

std::uint64_t Prefilter::gram(std::string_view piece, std::size_t at, std::size_t length) {
  std::uint64_t key = static_cast<std::uint64_t>(length) << 32;
  for (std::size_t k = 0; k < length; ++k)
    key |= static_cast<std::uint64_t>(static_cast<unsigned char>(piece[at + k])) << (8 * k);
  return key;
}

void GramCounts::add(std::string_view piece) {
  std::size_t q = Prefilter::gram_length(piece);
  if (q == 0) return;
  for (std::size_t at = 0; at + q <= piece.size(); ++at)
    grams_.push_back(Prefilter::gram(piece, at, q));
}

void GramCounts::freeze() {
  std::sort(grams_.begin(), grams_.end());
  std::size_t distinct = 0;
  for (std::size_t i = 0; i < grams_.size(); ++i)
    distinct += i == 0 || grams_[i] != grams_[i - 1] ? 1 : 0;
  std::size_t size = 16;
  while (size < distinct * 2) size *= 2;
  table_.assign(size, 0);
  mask_ = size - 1;
  for (std::size_t i = 0, run = 1; i < grams_.size(); ++i, ++run) {
    if (i + 1 < grams_.size() && grams_[i + 1] == grams_[i]) continue;
    std::size_t s = slot_of(grams_[i], mask_);
    while (table_[s] != 0) s = (s + 1) & mask_;
    table_[s] = grams_[i] << count_bits | std::min<std::size_t>(run, max_count);
    run = 0;
  }
  grams_ = {};
}

std::uint32_t GramCounts::count(std::uint64_t gram) const {
  for (std::size_t s = slot_of(gram, mask_);; s = (s + 1) & mask_) {
    if (table_[s] >> count_bits == gram) return static_cast<std::uint32_t>(table_[s] & max_count);
    if (table_[s] == 0) return 0;
  }
}

Prefilter::Prefilter(const std::vector<std::string_view>& pieces, const GramCounts& counts) {
  std::vector<std::pair<std::uint64_t, std::uint32_t>> filed;  // (gram, position)
  for (std::uint32_t k = 0; k < pieces.size(); ++k) {
    std::string_view piece = pieces[k];
    std::size_t q = gram_length(piece);
    if (q == 0) {
      always_.push_back(k);
      continue;
    }
    std::uint64_t best = gram(piece, 0, q);
    std::uint32_t best_count = counts.count(best);
    for (std::size_t at = 1; at + q <= piece.size(); ++at) {
      std::uint64_t g = gram(piece, at, q);
      if (std::uint32_t c = counts.count(g); c < best_count) {
        best = g;
        best_count = c;
      }
    }
    filed.emplace_back(best, k);
    lengths_ |= 1U << q;
  }
  std::sort(filed.begin(), filed.end());
  std::size_t distinct = 0;
  for (std::size_t i = 0; i < filed.size(); ++i)
    distinct += i == 0 || filed[i].first != filed[i - 1].first ? 1 : 0;
  std::size_t size = 16;
  while (size < distinct * 2) size *= 2;
  slots_.assign(size, Slot{});
  mask_ = size - 1;
  positions_.reserve(filed.size());
  Slot* current = nullptr;
  for (std::size_t i = 0; i < filed.size(); ++i) {
    if (i == 0 || filed[i].first != filed[i - 1].first) {
      std::size_t s = slot_of(filed[i].first, mask_);
      while (slots_[s].key != 0) s = (s + 1) & mask_;
      slots_[s] = {filed[i].first, static_cast<std::uint32_t>(positions_.size()), 0};
      current = &slots_[s];
    }
    positions_.push_back(filed[i].second);
    ++current->count;
  }
}

const Prefilter::Slot* Prefilter::find(std::uint64_t key) const {
  for (std::size_t s = slot_of(key, mask_);; s = (s + 1) & mask_) {
    if (slots_[s].key == key) return &slots_[s];
    if (slots_[s].key == 0) return nullptr;
  }
}

void Prefilter::candidates(std::string_view path, std::vector<std::uint32_t>& out) const {
  out.assign(always_.begin(), always_.end());
  bool found = false;
  for (std::size_t q = 1; q <= 4; ++q) {
    if ((lengths_ & (1U << q)) == 0) continue;
    for (std::size_t at = 0; at + q <= path.size(); ++at) {
      const Slot* slot = find(gram(path, at, q));
      if (!slot) continue;
      out.insert(out.end(), positions_.begin() + slot->first,
                 positions_.begin() + slot->first + slot->count);
      found = true;
    }
  }
  if (!found) return;  // `always_` is sorted already
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

}  // namespace gate::owners_index_detail
