// Building an OwnersIndex: where each rule is filed, what every path it matches must
// contain (its feature bits), and when a visit can decide it without running the
// pattern (its Certainty). The design is described in owners_index.cpp.

#include <functional>
#include <initializer_list>
#include <map>
#include <unordered_set>
#include <utility>

#include "owners/owners_index_impl.hpp"

namespace gate {

namespace owners_index_detail {

std::uint32_t KeyTable::insert(std::uint32_t space, std::string_view name, std::uint32_t value) {
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

void KeyTable::grow() {
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

}  // namespace owners_index_detail

namespace {

using owners_index_detail::Buckets;
using owners_index_detail::Certainty;
using owners_index_detail::describe;
using owners_index_detail::Features;
using owners_index_detail::Filing;
using owners_index_detail::hash_name;
using owners_index_detail::IndexEntry;
using owners_index_detail::KeyTable;
using owners_index_detail::Plan;
using owners_index_detail::SegmentKeys;
using Keys = std::vector<Pattern::SegmentKey>;
using KeyKind = Pattern::SegmentKey::Kind;
using Frequencies = std::map<std::string, std::size_t, std::less<>>;

bool is_trie_rule(const Keys& keys) {
  return !keys.empty() && keys.front().kind == KeyKind::literal;
}

/// True when the keys from `from` on have exactly these kinds.
bool shape_is(const Keys& keys, std::size_t from, std::initializer_list<KeyKind> kinds) {
  if (keys.size() - from != kinds.size()) return false;
  return std::equal(kinds.begin(), kinds.end(), keys.begin() + static_cast<std::ptrdiff_t>(from),
                    [](KeyKind kind, const Pattern::SegmentKey& key) { return key.kind == kind; });
}

/// How often each literal name is used by rules that will be filed by name.
Frequencies name_frequencies(const Codeowners& source) {
  Frequencies counts;
  for (const OwnerRule& rule : source.rules) {
    Keys keys = rule.pattern.segment_keys();
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
    SegmentKeys tail = describe(key.text, 0);
    if (tail.has_ext2() && !two_parts) {
      best = key.text.substr(tail.ext2);
      two_parts = true;
    } else if (tail.has_ext() && best.empty() && !two_parts) {
      best = key.text.substr(tail.ext);
    }
  }
  return best;
}

/// The longest literal run of the rule's globs: every path it matches contains it.
std::string longest_piece(const Keys& keys) {
  std::string best;
  for (const Pattern::SegmentKey& key : keys)
    if (key.kind == KeyKind::glob && key.piece.size() > best.size()) best = key.piece;
  return best;
}

/// A line's pattern, section and kind. Of lines that share them the last always
/// outranks the others and matches the same paths, so only it can decide.
struct Repeat {
  std::string_view text;
  std::size_t section;
  bool exclusion;
  bool operator==(const Repeat&) const = default;
};
struct RepeatHash {
  std::size_t operator()(const Repeat& r) const {
    return std::hash<std::string_view>{}(r.text) ^ (r.section * 0x9e3779b97f4a7c15ULL) ^
           (r.exclusion ? 1U : 0U);
  }
};

/// Marks the lines that a later identical line (Repeat) makes unable to decide.
std::vector<bool> shadowed_lines(const Codeowners& source) {
  std::vector<bool> shadowed(source.rules.size(), false);
  std::unordered_set<Repeat, RepeatHash> seen;
  seen.reserve(source.rules.size());
  for (std::size_t i = source.rules.size(); i-- > 0;) {
    const OwnerRule& rule = source.rules[i];
    shadowed[i] = !seen.insert({rule.pattern.text(), rule.section, rule.exclusion}).second;
  }
  return shadowed;
}

/// Feature bits every path matched by the rule has: its names and glob extensions.
Features required_features(const Keys& keys) {
  Features required;
  for (const Pattern::SegmentKey& key : keys) {
    if (key.kind == KeyKind::literal) required.add(hash_name(key.text));
    if (key.kind != KeyKind::glob) continue;
    SegmentKeys tail = describe(key.text, 0);
    if (tail.has_ext()) required.add(tail.ext_hash);
    if (tail.has_ext2()) required.add(tail.ext2_hash);
  }
  return required;
}

/// The shapes a visit decides without the matcher (see Certainty). Trie rules: the
/// literal prefix, then `**` (rule 7), `*` `**` (a trailing `/`, rule 4) or a `*tail`
/// glob and `**`. Rules under a name: `name` or `name/` floating. Rules under an
/// extension: `*tail` floating.
void decide_certainty(const Keys& keys, Plan& plan) {
  auto suffix_glob = [&](std::size_t at) {
    if (!keys[at].suffix_only) return false;
    plan.tail = keys[at].text;
    return true;
  };
  using K = KeyKind;
  std::size_t literals = 0;
  while (literals < keys.size() && keys[literals].kind == K::literal) ++literals;
  switch (plan.filing) {
    case Filing::trie:
      if (shape_is(keys, literals, {K::any_depth})) plan.certainty = Certainty::always;
      if (shape_is(keys, literals, {K::any_segment, K::any_depth})) {
        plan.certainty = Certainty::if_deeper;
      }
      if (shape_is(keys, literals, {K::glob, K::any_depth}) && suffix_glob(literals)) {
        plan.certainty = Certainty::next_suffix;
      }
      break;
    case Filing::name:
      if (shape_is(keys, 0, {K::any_depth, K::literal, K::any_depth})) {
        plan.certainty = Certainty::always;
      }
      if (shape_is(keys, 0, {K::any_depth, K::literal, K::any_segment, K::any_depth})) {
        plan.certainty = Certainty::next_named;
      }
      break;
    case Filing::extension:
      if (shape_is(keys, 0, {K::any_depth, K::glob, K::any_depth}) && suffix_glob(1)) {
        plan.certainty = Certainty::here_suffix;
      }
      break;
    case Filing::residual:
      break;
  }
}

}  // namespace

void OwnersIndex::Impl::build(const Codeowners& source) {
  codeowners = &source;
  sections = std::max<std::size_t>(1, source.sections.size());
  for (const OwnerRule& rule : source.rules) sections = std::max(sections, rule.section + 1);
  // Each rule's keys are computed twice (names counted, then filed) rather than kept:
  // kept, they were the largest thing in memory on a 100,000-line file.
  Frequencies counts = name_frequencies(source);

  Buckets buckets(1);  // bucket 0: residual and trie root
  std::size_t rules = source.rules.size();
  std::vector<Plan> plans(rules);
  std::vector<bool> shadowed = shadowed_lines(source);
  std::vector<std::string> pieces(rules);
  for (std::uint32_t i = 0; i < rules; ++i) {
    Keys keys = source.rules[i].pattern.segment_keys();
    if (keys.empty() || shadowed[i]) continue;  // matches nothing, or never decides
    file(keys, is_trie_rule(keys) ? nullptr : rarest_name(keys, counts), plans[i], buckets);
    buckets[plans[i].bucket].push_back(i);
    pieces[i] = longest_piece(keys);
  }
  lay_out(buckets, plans);
  build_prefilters(pieces);
}

/// Gives a prefilter to each bucket with at least Prefilter::min_entries rules that
/// only the matcher decides and that have a literal piece (owners_prefilter.hpp).
void OwnersIndex::Impl::build_prefilters(const std::vector<std::string>& pieces) {
  using owners_index_detail::GramCounts;
  using owners_index_detail::Prefilter;
  const OwnerRule* first = codeowners->rules.data();
  auto piece_of = [&](const IndexEntry& e) -> const std::string& { return pieces[e.rule - first]; };
  std::vector<std::uint32_t> large;
  GramCounts counts;
  for (std::uint32_t b = 0; b + 1 < offsets.size(); ++b) {
    std::size_t filterable = 0;
    for (std::uint32_t k = offsets[b]; k < offsets[b + 1]; ++k)
      filterable += entries[k].certainty == Certainty::check && !piece_of(entries[k]).empty();
    if (filterable < Prefilter::min_entries) continue;
    large.push_back(b);
    for (std::uint32_t k = offsets[b]; k < offsets[b + 1]; ++k) counts.add(piece_of(entries[k]));
  }
  if (large.empty()) return;
  counts.freeze();
  prefilter_of.assign(offsets.size() - 1, owners_index_detail::no_value);
  for (std::uint32_t b : large) {
    std::vector<std::string_view> bucket_pieces;
    for (std::uint32_t k = offsets[b]; k < offsets[b + 1]; ++k)
      bucket_pieces.push_back(piece_of(entries[k]));
    prefilter_of[b] = static_cast<std::uint32_t>(prefilters.size());
    prefilters.emplace_back(bucket_pieces, counts);
  }
}

/// Files one rule under its most selective key: the trie for an anchored literal start,
/// else its rarest name, else its glob extension, else the residual list.
void OwnersIndex::Impl::file(const Keys& keys, const std::string* rarest, Plan& plan,
                             Buckets& buckets) {
  auto bucket_in = [&](KeyTable& table, std::uint32_t space, std::string_view name) {
    auto fresh = static_cast<std::uint32_t>(buckets.size());
    std::uint32_t bucket = table.insert(space, name, fresh);
    if (bucket == fresh) buckets.emplace_back();
    return bucket;
  };
  bool two_parts = false;
  std::string extension;
  if (is_trie_rule(keys)) {
    plan.filing = Filing::trie;
    for (std::size_t k = 0; k < keys.size() && keys[k].kind == KeyKind::literal; ++k) {
      plan.bucket = bucket_in(trie, plan.bucket, keys[k].text);
    }
  } else if (rarest) {
    plan.filing = Filing::name;
    plan.bucket = bucket_in(names, 0, *rarest);
  } else if (extension = glob_extension(keys, two_parts); !extension.empty()) {
    plan.filing = Filing::extension;
    plan.bucket = bucket_in(two_parts ? ext2s : exts, 0, extension);
  }
  plan.required = required_features(keys);
  decide_certainty(keys, plan);
}

/// Lays the buckets out in one array, each as section runs of descending priority (the
/// last line wins; an exclusion outranks its section's ordinary lines).
void OwnersIndex::Impl::lay_out(const Buckets& buckets, const std::vector<Plan>& plans) {
  const OwnerRule* first = codeowners->rules.data();
  std::size_t count = codeowners->rules.size();
  offsets.push_back(0);
  for (const std::vector<std::uint32_t>& bucket : buckets) {
    auto begin = static_cast<std::uint32_t>(entries.size());
    for (std::uint32_t i : bucket) {
      const OwnerRule* rule = first + i;
      auto priority = static_cast<std::uint32_t>(i + (rule->exclusion ? count : 0));
      entries.push_back({rule, plans[i].required, priority,
                         static_cast<std::uint32_t>(rule->section), 0,
                         static_cast<std::uint32_t>(tails.size()),
                         static_cast<std::uint32_t>(plans[i].tail.size()), plans[i].certainty});
      tails += plans[i].tail;
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

}  // namespace gate
