// OwnersIndex: "who owns this path" without scanning every CODEOWNERS line.
//
// Precedence (brief 2.3): within a section the LAST matching line wins (GitHub has one
// implicit section; GitLab decides each section on its own). A GitLab exclusion
// (`!pattern`) that matches takes the path out of its section whatever its position,
// so an exclusion outranks every ordinary line of its section. Both rules are folded
// into one number per rule, its priority:
//   priority = line index                     for ordinary lines,
//   priority = line index + number of lines   for exclusions,
// and a section's decision is simply its matching rule of highest priority.
// match_by_scan computes exactly that by brute force and is the oracle of the tests.
//
// The index files every rule in one bucket, under a key that every path it matches must
// contain, and a lookup visits only the buckets of the keys the path has:
//   - anchored rules starting with literal segments (`/docs/api/`, `src/app/*.ts`) go
//     into a trie of those segments; a path walks the trie along its leading segments;
//   - other rules with a literal segment anywhere (`README`, `**/test/`, GitLab's
//     floating `app/models/`) go under the rarest such name; a path looks up each of
//     its segment names;
//   - rules with a glob whose literal tail has a dot go under the tail's last two
//     dot-separated parts (`*.test.ts` -> "test.ts") or its last one (`*.js` -> "js"); a
//     path looks up the same parts of each segment;
//   - the rest (`*`, `/*/`, `**/kbn-*`) stay in a residual list visited for every path.
// Two shortcuts keep the matcher off the hot path:
//   - a 64-bit feature mask: each rule's required names and extensions set bits, the
//     path's segments set bits, and a rule needing a bit the path lacks cannot match;
//   - a trie rule that is nothing but its literal prefix (`/docs/api`, `/docs/api/`)
//     matches every path that reaches its node (and goes deeper, for the `/` form).
// Each bucket is sorted by section, then by descending priority, so within a section's
// run the first match ends the run, and so does a rule that cannot beat the section's
// best so far.
//
// A lookup allocates only the result vector, which doubles as the per-section "best
// so far" array; the index is immutable after construction, so lookups may run
// concurrently.

#include "gate/owners_index.hpp"

#include <algorithm>
#include <cstring>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <utility>

namespace gate {

namespace {

constexpr std::uint32_t no_value = std::numeric_limits<std::uint32_t>::max();

std::uint64_t load8(const char* p) {
  std::uint64_t word;
  std::memcpy(&word, p, sizeof word);
  return word;
}

std::uint64_t mix(std::uint64_t h, std::uint64_t word) {
  h = (h ^ word) * 0xff51afd7ed558ccdULL;
  return h ^ (h >> 32);
}

/// A fast 64-bit hash of a short name, eight bytes at a time (the last word may overlap
/// the one before it; the length is mixed in first, so that stays unambiguous).
std::uint64_t hash_name(std::string_view name) {
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

/// The feature-mask bit of a name or extension (see the file comment).
std::uint64_t feature_bit(std::uint64_t hash) { return std::uint64_t{1} << (hash >> 58); }

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
  std::uint32_t insert(std::uint32_t space, std::string_view name, std::uint32_t value) {
    std::uint64_t name_hash = hash_name(name);
    if (std::uint32_t found = find(space, name, name_hash); found != no_value) return found;
    if ((used_ + 1) * 2 > slots_.size()) grow();
    std::uint64_t h = name_hash ^ (space * 0x9e3779b97f4a7c15ULL);
    std::size_t i = h & mask_;
    while (slots_[i].value != no_value) i = (i + 1) & mask_;
    slots_[i] = {h, space, value, static_cast<std::uint32_t>(names_.size()),
                 static_cast<std::uint32_t>(name.size())};
    names_.append(name);
    ++used_;
    return value;
  }

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

  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(std::max<std::size_t>(16, old.size() * 2), Slot{});
    mask_ = slots_.size() - 1;
    for (const Slot& slot : old) {
      if (slot.value == no_value) continue;
      std::size_t i = slot.hash & mask_;
      while (slots_[i].value != no_value) i = (i + 1) & mask_;
      slots_[i] = slot;
    }
  }

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
  bool has_ext() const { return ext != std::string_view::npos; }
  bool has_ext2() const { return ext2 != std::string_view::npos; }
};

constexpr std::size_t npos = std::string_view::npos;

SegmentKeys describe(std::string_view text, std::size_t begin, std::size_t end) {
  std::string_view name = text.substr(begin, end - begin);
  SegmentKeys keys{begin, end, npos, npos, hash_name(name), 0, 0};
  std::size_t dot = name.rfind('.');
  if (dot == npos) return keys;
  keys.ext = begin + dot + 1;
  keys.ext_hash = hash_name(text.substr(keys.ext, end - keys.ext));
  if (dot == 0) return keys;
  std::size_t dot2 = name.rfind('.', dot - 1);
  if (dot2 == npos) return keys;
  keys.ext2 = begin + dot2 + 1;
  keys.ext2_hash = hash_name(text.substr(keys.ext2, end - keys.ext2));
  return keys;
}

/// The end of the segment of `path` that starts at `start`.
std::size_t segment_end(std::string_view path, std::size_t start) {
  return std::min(path.find('/', start), path.size());
}

std::uint64_t features_of(const SegmentKeys& keys) {
  std::uint64_t bits = feature_bit(keys.name_hash);
  if (keys.has_ext()) bits |= feature_bit(keys.ext_hash);
  if (keys.has_ext2()) bits |= feature_bit(keys.ext2_hash);
  return bits;
}

/// Sections in use: the declared ones, and any a hand-built rule refers to beyond them.
std::size_t section_count(const Codeowners& codeowners) {
  std::size_t count = std::max<std::size_t>(1, codeowners.sections.size());
  for (const OwnerRule& rule : codeowners.rules) count = std::max(count, rule.section + 1);
  return count;
}

/// Priority of a rule within its section: the last line wins, an exclusion beats all.
std::uint32_t priority_of(const OwnerRule* rule, const OwnerRule* first, std::size_t count) {
  auto index = static_cast<std::size_t>(rule - first);
  return static_cast<std::uint32_t>(index + (rule->exclusion ? count : 0));
}

/// Drops sections without a match, keeping section order.
Ownership compact(std::vector<const OwnerRule*> best) {
  std::erase(best, nullptr);
  return Ownership{std::move(best)};
}

const std::vector<std::string>& no_owners() {
  static const std::vector<std::string> empty;
  return empty;
}

}  // namespace

Ownership match_by_scan(const Codeowners& codeowners, std::string_view path) {
  std::vector<const OwnerRule*> best(section_count(codeowners), nullptr);
  // Last match wins: walking up from the last line, a section's first match stands,
  // unless an exclusion of that section (which outranks every ordinary line) matches.
  for (auto rule = codeowners.rules.rbegin(); rule != codeowners.rules.rend(); ++rule) {
    const OwnerRule*& current = best[rule->section];
    if (current && (current->exclusion || !rule->exclusion)) continue;
    if (rule->pattern.matches(path)) current = &*rule;
  }
  return compact(std::move(best));
}

/// When a candidate is known to match without running its pattern.
enum class Certainty : std::uint8_t {
  check,      ///< run the pattern
  always,     ///< a trie rule `/a/b`: every path reaching its node matches
  if_deeper,  ///< a trie rule `/a/b/`: every path going below its node matches
};

/// One candidate in a bucket. `run_end` is where the next section's run starts.
struct IndexEntry {
  const OwnerRule* rule;
  std::uint64_t required;  ///< feature bits the path must have
  std::uint32_t priority;
  std::uint32_t section;
  std::uint32_t run_end;
  Certainty certainty;
};

struct OwnersIndex::Impl {
  const Codeowners* codeowners = nullptr;
  std::size_t sections = 1;
  KeyTable trie;  // (parent bucket, segment name) -> child bucket; the root is bucket 0
  KeyTable names, exts, ext2s;
  std::vector<IndexEntry> entries;     // every bucket's entries, bucket after bucket
  std::vector<std::uint32_t> offsets;  // bucket b is entries[offsets[b], offsets[b + 1])

  static constexpr std::uint32_t residual = 0;  // also the trie's root
  /// Segments described up front; a deeper path skips the feature mask.
  static constexpr std::size_t max_described = 32;

  void build(const Codeowners& source);
  void fill(const std::vector<std::vector<std::uint32_t>>& buckets,
            const std::vector<std::pair<std::uint64_t, Certainty>>& shortcuts);
  void visit(std::uint32_t bucket, std::string_view path, std::uint64_t features, bool deeper,
             const OwnerRule** best) const;
  void look_up(const SegmentKeys& keys, std::string_view path, std::uint64_t features,
               const OwnerRule** best) const;
  void gather(std::string_view path, const OwnerRule** best) const;
};

namespace {

using Keys = std::vector<Pattern::SegmentKey>;
using KeyKind = Pattern::SegmentKey::Kind;
using Frequencies = std::map<std::string, std::size_t, std::less<>>;

bool is_trie_rule(const Keys& keys) { return !keys.empty() && keys.front().kind == KeyKind::literal; }

/// How often each literal name is used by rules that will be filed by name.
Frequencies name_frequencies(const std::vector<Keys>& all) {
  Frequencies counts;
  for (const Keys& keys : all) {
    if (is_trie_rule(keys)) continue;
    for (const Pattern::SegmentKey& key : keys) {
      if (key.kind == KeyKind::literal) ++counts[key.text];
    }
  }
  return counts;
}

/// The rarest literal name of a rule filed by name, or nullptr.
const std::string* rarest_name(const Keys& keys, const Frequencies& counts) {
  const std::string* best = nullptr;
  std::size_t best_count = 0;
  for (const Pattern::SegmentKey& key : keys) {
    if (key.kind != KeyKind::literal) continue;
    std::size_t count = counts.find(key.text)->second;
    if (!best || count < best_count) {
      best = &key.text;
      best_count = count;
    }
  }
  return best;
}

/// A glob's literal tail fixes what follows a matching name's last dot (and its
/// second-to-last dot when the tail has two): the most selective such key, or "".
std::string glob_extension(const Keys& keys, bool& two_parts) {
  std::string best;
  two_parts = false;
  for (const Pattern::SegmentKey& key : keys) {
    if (key.kind != KeyKind::glob) continue;
    SegmentKeys tail = describe(key.text, 0, key.text.size());
    if (tail.has_ext2() && !two_parts) {
      best = key.text.substr(tail.ext2);
      two_parts = true;
    } else if (tail.has_ext() && best.empty() && !two_parts) {
      best = key.text.substr(tail.ext);
    }
  }
  return best;
}

/// Feature bits every path matched by the rule has: its names and glob extensions.
std::uint64_t required_features(const Keys& keys) {
  std::uint64_t bits = 0;
  for (const Pattern::SegmentKey& key : keys) {
    if (key.kind == KeyKind::literal) bits |= feature_bit(hash_name(key.text));
    if (key.kind != KeyKind::glob) continue;
    SegmentKeys tail = describe(key.text, 0, key.text.size());
    if (tail.has_ext()) bits |= feature_bit(tail.ext_hash);
    if (tail.has_ext2()) bits |= feature_bit(tail.ext2_hash);
  }
  return bits;
}

/// A trie rule made of its literal prefix and a `**` tail (Pattern's rule 7) matches
/// whatever reaches its node; with `*`, `**` (a trailing `/`) whatever goes below it.
Certainty certainty_of(const Keys& keys) {
  if (!is_trie_rule(keys)) return Certainty::check;
  std::size_t literals = 0;
  while (literals < keys.size() && keys[literals].kind == KeyKind::literal) ++literals;
  std::size_t rest = keys.size() - literals;
  if (rest == 1 && keys.back().kind == KeyKind::any_depth) return Certainty::always;
  if (rest == 2 && keys[literals].kind == KeyKind::any_segment &&
      keys.back().kind == KeyKind::any_depth) {
    return Certainty::if_deeper;
  }
  return Certainty::check;
}

}  // namespace

void OwnersIndex::Impl::build(const Codeowners& source) {
  codeowners = &source;
  sections = section_count(source);
  std::vector<Keys> all;
  all.reserve(source.rules.size());
  for (const OwnerRule& rule : source.rules) all.push_back(rule.pattern.segment_keys());
  Frequencies counts = name_frequencies(all);

  std::vector<std::vector<std::uint32_t>> buckets(1);  // bucket 0: residual and trie root
  auto bucket_in = [&](KeyTable& table, std::uint32_t space, std::string_view name) {
    auto fresh = static_cast<std::uint32_t>(buckets.size());
    std::uint32_t bucket = table.insert(space, name, fresh);
    if (bucket == fresh) buckets.emplace_back();
    return bucket;
  };
  std::vector<std::pair<std::uint64_t, Certainty>> shortcuts;
  for (std::uint32_t i = 0; i < all.size(); ++i) {
    const Keys& keys = all[i];
    shortcuts.emplace_back(required_features(keys), certainty_of(keys));
    if (keys.empty()) continue;  // matches nothing
    std::uint32_t bucket = residual;
    bool two_parts = false;
    std::string extension;
    if (is_trie_rule(keys)) {
      for (std::size_t k = 0; k < keys.size() && keys[k].kind == KeyKind::literal; ++k) {
        bucket = bucket_in(trie, bucket, keys[k].text);
      }
    } else if (const std::string* name = rarest_name(keys, counts)) {
      bucket = bucket_in(names, 0, *name);
    } else if (extension = glob_extension(keys, two_parts); two_parts) {
      bucket = bucket_in(ext2s, 0, extension);
    } else if (!extension.empty()) {
      bucket = bucket_in(exts, 0, extension);
    }
    buckets[bucket].push_back(i);
  }
  fill(buckets, shortcuts);
}

/// Lays the buckets out in one array, each as section runs of descending priority.
void OwnersIndex::Impl::fill(const std::vector<std::vector<std::uint32_t>>& buckets,
                             const std::vector<std::pair<std::uint64_t, Certainty>>& shortcuts) {
  const OwnerRule* first = codeowners->rules.data();
  std::size_t count = codeowners->rules.size();
  offsets.push_back(0);
  for (const std::vector<std::uint32_t>& bucket : buckets) {
    auto begin = static_cast<std::uint32_t>(entries.size());
    for (std::uint32_t i : bucket) {
      const OwnerRule* rule = first + i;
      entries.push_back({rule, shortcuts[i].first, priority_of(rule, first, count),
                         static_cast<std::uint32_t>(rule->section), 0, shortcuts[i].second});
    }
    std::sort(entries.begin() + begin, entries.end(), [](const IndexEntry& a, const IndexEntry& b) {
      return a.section != b.section ? a.section < b.section : a.priority > b.priority;
    });
    auto end = static_cast<std::uint32_t>(entries.size());
    for (std::uint32_t k = end; k > begin; --k) {
      IndexEntry& entry = entries[k - 1];
      bool last_of_run = k == end || entries[k].section != entry.section;
      entry.run_end = last_of_run ? k : entries[k].run_end;
    }
    offsets.push_back(end);
  }
}

/// Offers one bucket's rules. Within a section's run priorities descend, so the run is
/// over at its first match, or at the first rule that cannot beat the section's best.
/// `deeper`: the path goes below the trie node `bucket` (meaningless for other buckets,
/// whose entries are never Certainty::if_deeper).
void OwnersIndex::Impl::visit(std::uint32_t bucket, std::string_view path, std::uint64_t features,
                              bool deeper, const OwnerRule** best) const {
  const IndexEntry* base = entries.data();
  const IndexEntry* entry = base + offsets[bucket];
  const IndexEntry* end = base + offsets[bucket + 1];
  const OwnerRule* first = codeowners->rules.data();
  std::size_t count = codeowners->rules.size();
  while (entry < end) {
    const OwnerRule*& current = best[entry->section];
    if (current && priority_of(current, first, count) >= entry->priority) {
      entry = base + entry->run_end;
      continue;
    }
    bool matched = false;
    if ((entry->required & ~features) == 0) {
      switch (entry->certainty) {
        case Certainty::always:
          matched = true;
          break;
        case Certainty::if_deeper:
          matched = deeper;
          break;
        case Certainty::check:
          matched = entry->rule->pattern.matches(path);
          break;
      }
    }
    if (matched) {
      current = entry->rule;
      entry = base + entry->run_end;
    } else {
      ++entry;
    }
  }
}

/// Visits the name and extension buckets of one path segment.
void OwnersIndex::Impl::look_up(const SegmentKeys& keys, std::string_view path,
                                std::uint64_t features, const OwnerRule** best) const {
  std::string_view name = path.substr(keys.begin, keys.end - keys.begin);
  if (std::uint32_t b = names.find(0, name, keys.name_hash); b != no_value) {
    visit(b, path, features, false, best);
  }
  if (!keys.has_ext()) return;
  std::string_view ext = path.substr(keys.ext, keys.end - keys.ext);
  if (std::uint32_t b = exts.find(0, ext, keys.ext_hash); b != no_value) {
    visit(b, path, features, false, best);
  }
  if (!keys.has_ext2()) return;
  std::string_view ext2 = path.substr(keys.ext2, keys.end - keys.ext2);
  if (std::uint32_t b = ext2s.find(0, ext2, keys.ext2_hash); b != no_value) {
    visit(b, path, features, false, best);
  }
}

/// Visits every bucket that may hold a rule matching `path`: the residual list, the
/// trie nodes along the path's leading segments, and each segment's name and extensions.
void OwnersIndex::Impl::gather(std::string_view path, const OwnerRule** best) const {
  // First describe the segments (hashes, feature mask), then visit.
  SegmentKeys described[max_described];
  std::size_t count = 0;
  std::uint64_t features = 0;
  for (std::size_t start = 0; start <= path.size(); start = described[count - 1].end + 1) {
    if (count == max_described) {
      features = ~std::uint64_t{0};  // too deep to describe fully: no filtering
      break;
    }
    described[count] = describe(path, start, segment_end(path, start));
    features |= features_of(described[count++]);
  }

  visit(residual, path, features, true, best);
  bool by_name = !names.empty() || !exts.empty() || !ext2s.empty();
  std::uint32_t node = residual;
  SegmentKeys deep;
  for (std::size_t i = 0, start = 0; start <= path.size(); ++i) {
    if (i >= count) deep = describe(path, start, segment_end(path, start));
    const SegmentKeys& keys = i < count ? described[i] : deep;
    if (node != no_value) {
      node = trie.find(node, path.substr(start, keys.end - start), keys.name_hash);
      // Certainty::if_deeper is Pattern's literal_below: something after "prefix/".
      if (node != no_value) visit(node, path, features, keys.end + 1 < path.size(), best);
    }
    if (by_name) look_up(keys, path, features, best);
    start = keys.end + 1;
  }
}

OwnersIndex::OwnersIndex(const Codeowners& codeowners) : impl_(std::make_unique<Impl>()) {
  impl_->build(codeowners);
}

OwnersIndex::~OwnersIndex() = default;
OwnersIndex::OwnersIndex(OwnersIndex&&) noexcept = default;
OwnersIndex& OwnersIndex::operator=(OwnersIndex&&) noexcept = default;

Ownership OwnersIndex::match(std::string_view path) const {
  std::vector<const OwnerRule*> best(impl_->sections, nullptr);
  if (!path.empty()) impl_->gather(path, best.data());  // an empty path matches nothing
  return compact(std::move(best));
}

const std::vector<std::string>& OwnersIndex::owners_of(const OwnerRule& rule) const {
  if (rule.exclusion) return no_owners();
  if (rule.owners_from_section) {
    const std::vector<OwnersSection>& sections = impl_->codeowners->sections;
    return rule.section < sections.size() ? sections[rule.section].default_owners : no_owners();
  }
  return rule.owners;
}

}  // namespace gate
