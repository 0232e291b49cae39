// OwnersIndex: "who owns this path" without scanning every CODEOWNERS line.
//
// Precedence (docs/rules.md): within a section the LAST matching line wins (GitHub has one
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
//   - a 128-bit Bloom filter of features: each rule's required names and extensions
//     set bits, so do the path's segments, and a rule needing a bit the path lacks
//     cannot match (`/x/**/test/serverless/` is dropped for most paths below x/);
//   - the common shapes are decided by the key that found them (Certainty): `/docs/api`
//     matches every path reaching its trie node, `/docs/api/` every path going below
//     it, `/src/*.ts` every path whose next segment ends with `.ts`; a floating `name`
//     matches wherever the name is, `name/` where a segment follows it, `*.ts` where a
//     segment ends with `.ts`.
// Each bucket is sorted by section, then by descending priority, so within a section's
// run the first match ends the run, and so does a rule that cannot beat the section's
// best so far.
//
// A lookup allocates only the result vector, which doubles as the per-section "best
// so far" array; the index is immutable after construction, so lookups may run
// concurrently. Building is in owners_index_build.cpp, the shared parts in
// owners_index_impl.hpp.

#include "gate/owners_index.hpp"

#include <algorithm>
#include <utility>

#include "owners/owners_index_impl.hpp"

namespace gate {

namespace {

using owners_index_detail::add_features;
using owners_index_detail::Certainty;
using owners_index_detail::describe;
using owners_index_detail::Features;
using owners_index_detail::IndexEntry;
using owners_index_detail::no_value;
using owners_index_detail::Probe;
using owners_index_detail::segment_end;
using owners_index_detail::SegmentKeys;

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

/// A file parsed for some paths (parse_codeowners_for) lacks the rules that decide any
/// other: a lookup of one is the caller's bug, and its answer would be wrong.
void require_kept(const Codeowners& codeowners, std::string_view path) {
  if (!codeowners.kept_for) return;
  const std::vector<std::string>& kept = *codeowners.kept_for;
  if (std::find(kept.begin(), kept.end(), path) == kept.end())
    throw Error("internal error: " + codeowners.source + " was read for other paths, not " +
                quote_input(path));
}

const std::vector<std::string>& no_owners() {
  static const std::vector<std::string> empty;
  return empty;
}

}  // namespace

Ownership match_by_scan(const Codeowners& codeowners, std::string_view path) {
  require_kept(codeowners, path);
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

/// Whether the entry matches, by its Certainty where it has one. Each shape mirrors
/// Pattern exactly, including its literal_tree / literal_below fast paths.
bool OwnersIndex::Impl::certainly_matches(const IndexEntry& entry, const Probe& probe) const {
  std::string_view path = probe.path;
  std::string_view tail(tails.data() + entry.tail, entry.tail_size);
  std::size_t next = probe.end + 1;  // where the segment after "here" starts
  switch (entry.certainty) {
    case Certainty::always:
      return true;
    case Certainty::if_deeper:
      return next < path.size();
    case Certainty::next_named:
      return next < path.size() && path[next] != '/';
    case Certainty::next_suffix:
      return next <= path.size() &&
             path.substr(next, segment_end(path, next) - next).ends_with(tail);
    case Certainty::here_suffix:
      return path.substr(probe.begin, probe.end - probe.begin).ends_with(tail);
    case Certainty::check:
      break;
  }
  return entry.rule->pattern.matches(path);
}

/// Offers one bucket's rules. Within a section's run priorities descend, so the run is
/// over at its first match, or at the first rule that cannot beat the section's best.
void OwnersIndex::Impl::visit(std::uint32_t bucket, const Probe& probe,
                              const OwnerRule** best) const {
  if (!prefilter_of.empty() && prefilter_of[bucket] != no_value)
    return visit_filtered(prefilters[prefilter_of[bucket]], bucket, probe, best);
  const IndexEntry* base = entries.data();
  const IndexEntry* entry = base + offsets[bucket];
  const IndexEntry* end = base + offsets[bucket + 1];
  const OwnerRule* first = codeowners->rules.data();
  std::size_t count = codeowners->rules.size();
  while (entry < end) {
    const OwnerRule*& current = best[entry->section];
    if (current && priority_of(current, first, count) >= entry->priority) {
      entry = base + entry->run_end;
    } else if (probe.features->covers(entry->required) && certainly_matches(*entry, probe)) {
      current = entry->rule;
      entry = base + entry->run_end;
    } else {
      ++entry;
    }
  }
}

/// Offers a prefiltered bucket's candidates: in ascending position, so in the bucket's
/// order, where a section's first match is its best.
void OwnersIndex::Impl::visit_filtered(const owners_index_detail::Prefilter& prefilter,
                                       std::uint32_t bucket, const Probe& probe,
                                       const OwnerRule** best) const {
  // One buffer per thread: lookups stay concurrent and allocate only their result.
  thread_local std::vector<std::uint32_t> candidates;
  prefilter.candidates(probe.path, candidates);
  const IndexEntry* base = entries.data() + offsets[bucket];
  const OwnerRule* first = codeowners->rules.data();
  std::size_t count = codeowners->rules.size();
  for (std::uint32_t position : candidates) {
    const IndexEntry& entry = base[position];
    const OwnerRule*& current = best[entry.section];
    if (current && priority_of(current, first, count) >= entry.priority) continue;
    if (probe.features->covers(entry.required) && certainly_matches(entry, probe))
      current = entry.rule;
  }
}

/// Visits the name and extension buckets of one path segment.
void OwnersIndex::Impl::look_up(const SegmentKeys& keys, const Probe& probe,
                                const OwnerRule** best) const {
  std::string_view path = probe.path;
  std::string_view name = path.substr(keys.begin, keys.end - keys.begin);
  if (std::uint32_t b = names.find(0, name, keys.name_hash); b != no_value) visit(b, probe, best);
  if (!keys.has_ext()) return;
  std::string_view ext = path.substr(keys.ext, keys.end - keys.ext);
  if (std::uint32_t b = exts.find(0, ext, keys.ext_hash); b != no_value) visit(b, probe, best);
  if (!keys.has_ext2()) return;
  std::string_view ext2 = path.substr(keys.ext2, keys.end - keys.ext2);
  if (std::uint32_t b = ext2s.find(0, ext2, keys.ext2_hash); b != no_value) visit(b, probe, best);
}

/// Visits every bucket that may hold a rule matching `path`: the residual list, the
/// trie nodes along the path's leading segments, and each segment's name and extensions.
void OwnersIndex::Impl::gather(std::string_view path, const OwnerRule** best) const {
  // First describe the segments (hashes, feature mask), then visit.
  SegmentKeys described[max_described];
  std::size_t count = 0;
  Features features;
  for (std::size_t start = 0; start <= path.size(); start = described[count - 1].end + 1) {
    if (count == max_described) {
      features = Features::everything();  // too deep to describe fully: no filtering
      break;
    }
    described[count] = describe(path, start);
    add_features(described[count++], features);
  }

  visit(residual, Probe{path, &features, 0, 0}, best);  // residual rules are all `check`
  bool by_name = !names.empty() || !exts.empty() || !ext2s.empty();
  std::uint32_t node = residual;
  SegmentKeys deep;
  for (std::size_t i = 0, start = 0; start <= path.size(); ++i) {
    if (i >= count) deep = describe(path, start);
    const SegmentKeys& keys = i < count ? described[i] : deep;
    Probe probe{path, &features, keys.begin, keys.end};
    if (node != no_value) {
      node = trie.find(node, path.substr(start, keys.end - start), keys.name_hash);
      if (node != no_value) visit(node, probe, best);
    }
    if (by_name) look_up(keys, probe, best);
    start = keys.end + 1;
  }
}

bool OwnersIndex::scans(std::size_t rules, std::size_t lookups) {
  // Scanning visits every rule per lookup; building visits each a few times, at ~200 scans
  // cost on kibana's literal-heavy file but ~10 on 100,000 globs, which scan slowly. So a
  // few lookups always scan, and more scan only while the rule visits stay small.
  constexpr std::size_t max_scan_visits = 1 << 18;
  return lookups <= scan_lookups || lookups <= max_scan_visits / std::max<std::size_t>(rules, 1);
}

OwnersIndex::OwnersIndex(const Codeowners& codeowners, std::size_t lookups)
    : impl_(std::make_unique<Impl>()) {
  impl_->codeowners = &codeowners;
  impl_->scan_only = scans(codeowners.rules.size(), lookups);
  if (!impl_->scan_only) impl_->build(codeowners);
}

OwnersIndex::~OwnersIndex() = default;
OwnersIndex::OwnersIndex(OwnersIndex&&) noexcept = default;
OwnersIndex& OwnersIndex::operator=(OwnersIndex&&) noexcept = default;

Ownership OwnersIndex::match(std::string_view path) const {
  if (impl_->scan_only) return match_by_scan(*impl_->codeowners, path);  // which checks kept_for
  require_kept(*impl_->codeowners, path);
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
