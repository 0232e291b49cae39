#pragma once
// The inside of OwnersIndex, shared by owners_index.cpp (lookups) and
// owners_index_build.cpp (building). The design is described in owners_index.cpp.

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "gate/owners_index.hpp"
#include "owners/owners_prefilter.hpp"

namespace gate::owners_index_detail {

inline constexpr std::uint32_t no_value = std::numeric_limits<std::uint32_t>::max();
inline constexpr std::size_t npos = std::string_view::npos;

inline std::uint64_t load8(const char* p) {
  std::uint64_t word;
  std::memcpy(&word, p, sizeof word);
  return word;
}

inline std::uint64_t mix(std::uint64_t h, std::uint64_t word) {
  h = (h ^ word) * 0xff51afd7ed558ccdULL;
  return h ^ (h >> 32);
}

/// A fast 64-bit hash of a short name, eight bytes at a time (the last word may overlap
/// the one before it; the length is mixed in first, so that stays unambiguous).
inline std::uint64_t hash_name(std::string_view name) {
  const char* p = name.data();
  std::size_t n = name.size();
  std::uint64_t h = 0x9e3779b97f4a7c15ULL ^ n;
  if (n >= 8) {
    for (std::size_t i = 0; i + 8 < n; i += 8) h = mix(h, load8(p + i));
    h = mix(h, load8(p + n - 8));
  } else {
    std::uint64_t word = 0;
    for (std::size_t k = 0; k < n; ++k) {
      word |= static_cast<std::uint64_t>(static_cast<unsigned char>(p[k])) << (8 * k);
    }
    h = mix(h, word);
  }
  h *= 0xc4ceb9fe1a85ec53ULL;
  return h ^ (h >> 29);
}

/// A 128-bit Bloom filter of names and extensions, two bits per key (from the key's
/// hash): a rule needing a bit the path lacks cannot match it.
struct Features {
  std::uint64_t low = 0, high = 0;

  void add(std::uint64_t hash) {
    set(static_cast<unsigned>(hash >> 57));
    set(static_cast<unsigned>(hash >> 50) & 127U);
  }
  bool covers(const Features& required) const {
    return ((required.low & ~low) | (required.high & ~high)) == 0;
  }
  static Features everything() { return {~std::uint64_t{0}, ~std::uint64_t{0}}; }

 private:
  void set(unsigned bit) { (bit < 64 ? low : high) |= std::uint64_t{1} << (bit & 63U); }
};

/// Open-addressing map from (space, name) to a number; `space` is the parent node in the
/// trie and 0 elsewhere. Names live in one arena, so lookups never allocate.
class KeyTable {
 public:
  bool empty() const { return used_ == 0; }

  std::uint32_t find(std::uint32_t space, std::string_view name, std::uint64_t name_hash) const {
    if (used_ == 0) return no_value;
    std::uint64_t h = name_hash ^ (space * 0x9e3779b97f4a7c15ULL);
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      const Slot& slot = slots_[i];
      if (slot.value == no_value) return no_value;
      if (slot.hash == h && slot.space == space && name_of(slot) == name) return slot.value;
    }
  }

  /// The value stored for the key, after storing `value` if the key was new.
  std::uint32_t insert(std::uint32_t space, std::string_view name, std::uint32_t value);

 private:
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t space = 0;
    std::uint32_t value = no_value;
    std::uint32_t offset = 0;
    std::uint32_t size = 0;
  };

  std::string_view name_of(const Slot& slot) const {
    return std::string_view(names_).substr(slot.offset, slot.size);
  }
  void grow();

  std::vector<Slot> slots_;
  std::string names_;
  std::size_t mask_ = 0;
  std::size_t used_ = 0;
};

/// A segment's keys, as positions in its text: the name [begin, end), the part after its
/// last dot [ext, end) ("js") and after its second-to-last dot [ext2, end) ("test.js");
/// an absent part is at npos. No member initializers: gather() keeps an uninitialized
/// array of these.
struct SegmentKeys {
  std::size_t begin, end, ext, ext2;
  std::uint64_t name_hash, ext_hash, ext2_hash;
  bool has_ext() const { return ext != npos; }
  bool has_ext2() const { return ext2 != npos; }
};

/// Describes the segment of `text` starting at `begin` and ending before the next `/`
/// (or at the end), in one pass over its characters.
inline SegmentKeys describe(std::string_view text, std::size_t begin) {
  std::size_t last_dot = npos, dot_before = npos, end = begin;
  for (; end < text.size() && text[end] != '/'; ++end) {
    if (text[end] == '.') {
      dot_before = last_dot;
      last_dot = end;
    }
  }
  SegmentKeys keys{begin, end, npos, npos, hash_name(text.substr(begin, end - begin)), 0, 0};
  if (last_dot == npos) return keys;
  keys.ext = last_dot + 1;
  keys.ext_hash = hash_name(text.substr(keys.ext, end - keys.ext));
  if (dot_before == npos) return keys;
  keys.ext2 = dot_before + 1;
  keys.ext2_hash = hash_name(text.substr(keys.ext2, end - keys.ext2));
  return keys;
}

inline void add_features(const SegmentKeys& keys, Features& features) {
  features.add(keys.name_hash);
  if (keys.has_ext()) features.add(keys.ext_hash);
  if (keys.has_ext2()) features.add(keys.ext2_hash);
}

/// The end of the segment of `path` that starts at `start`.
inline std::size_t segment_end(std::string_view path, std::size_t start) {
  return std::min(path.find('/', start), path.size());
}

/// When a candidate is known to match, or not, without running its pattern. Each is
/// tied to the kind of bucket the rule is filed in, and "here" is the path segment
/// whose key led to the bucket (for the trie, the segment of the rule's node).
enum class Certainty : std::uint8_t {
  check,        ///< run the pattern
  always,       ///< `/a/b` at its trie node; floating `name` under its name
  if_deeper,    ///< `/a/b/` at its node: something after "a/b/"
  next_named,   ///< floating `name/` under its name: a non-empty segment after here
  next_suffix,  ///< `/a/*.ts` at its node: a next segment ending with the tail
  here_suffix,  ///< floating `*.ts` under its extension: this segment ends with the tail
};

/// One candidate in a bucket. `run_end` is where the next section's run starts.
struct IndexEntry {
  const OwnerRule* rule;
  Features required;  ///< feature bits the path must have
  std::uint32_t priority;
  std::uint32_t section;
  std::uint32_t run_end;
  std::uint32_t tail;  ///< offset of the glob tail in Impl::tails (the *_suffix kinds)
  std::uint32_t tail_size;
  Certainty certainty;
};

/// The segment whose key led to a bucket, for Certainty.
struct Probe {
  std::string_view path;
  const Features* features;
  std::size_t begin, end;
};

/// Where a rule is filed; a rule's Certainty depends on it.
enum class Filing { residual, trie, name, extension };

/// One rule's place in the index, while building.
struct Plan {
  Filing filing = Filing::residual;
  std::uint32_t bucket = 0;  // the residual list (and trie root)
  Features required;
  Certainty certainty = Certainty::check;
  std::string tail;  // the glob tail of the *_suffix certainties
};

/// Rule indexes per bucket, while building.
using Buckets = std::vector<std::vector<std::uint32_t>>;

}  // namespace gate::owners_index_detail

namespace gate {

struct OwnersIndex::Impl {
  using KeyTable = owners_index_detail::KeyTable;
  using IndexEntry = owners_index_detail::IndexEntry;
  using Probe = owners_index_detail::Probe;
  using SegmentKeys = owners_index_detail::SegmentKeys;

  const Codeowners* codeowners = nullptr;
  bool scan_only = false;  // built for a few lookups: each scans (OwnersIndex::scan_lookups)
  std::size_t sections = 1;
  KeyTable trie;  // (parent bucket, segment name) -> child bucket; the root is bucket 0
  KeyTable names, exts, ext2s;
  std::vector<IndexEntry> entries;     // every bucket's entries, bucket after bucket
  std::vector<std::uint32_t> offsets;  // bucket b is entries[offsets[b], offsets[b + 1])
  std::string tails;                   // glob tails of the *_suffix certainties
  /// Substring prefilters of the buckets with many rules only the matcher decides, and
  /// per bucket the index of its prefilter or no_value (empty when there are none).
  std::vector<owners_index_detail::Prefilter> prefilters;
  std::vector<std::uint32_t> prefilter_of;

  static constexpr std::uint32_t residual = 0;  // also the trie's root
  /// Segments described up front; a deeper path skips the feature mask.
  static constexpr std::size_t max_described = 32;

  // Building, in owners_index_build.cpp.
  using Plan = owners_index_detail::Plan;
  using Buckets = owners_index_detail::Buckets;
  void build(const Codeowners& source);
  void file(const std::vector<Pattern::SegmentKey>& keys, const std::string* rarest_name,
            Plan& plan, Buckets& buckets);
  void lay_out(const Buckets& buckets, const std::vector<Plan>& plans);
  void build_prefilters(const std::vector<std::string>& pieces);

  // Lookups, in owners_index.cpp.
  bool certainly_matches(const IndexEntry& entry, const Probe& probe) const;
  void visit(std::uint32_t bucket, const Probe& probe, const OwnerRule** best) const;
  void visit_filtered(const owners_index_detail::Prefilter& prefilter, std::uint32_t bucket,
                      const Probe& probe, const OwnerRule** best) const;
  void look_up(const SegmentKeys& keys, const Probe& probe, const OwnerRule** best) const;
  void gather(std::string_view path, const OwnerRule** best) const;
};

}  // namespace gate
