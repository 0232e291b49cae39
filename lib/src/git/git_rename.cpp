#include "git/git_rename.hpp"

#include <algorithm>
#include <cstring>
#include <optional>
#include <thread>
#include <unordered_map>

namespace gate::git {
namespace {

constexpr int kMaxScore = 60000;      // git's MAX_SCORE
constexpr int kMinimumScore = 30000;  // -M's default 50%
// git 2.33+ pairs files of the same basename first when they are at least this
// similar: minimum + 0.5 * (MAX - minimum), i.e. 75%.
constexpr int kBasenameScore = kMinimumScore + (kMaxScore - kMinimumScore) / 2;
constexpr std::size_t kCandidatesPerDestination = 4;  // NUM_CANDIDATE_PER_DST
constexpr int kExactCandidates = 100;                 // "too many identical alternatives"
constexpr std::uint32_t kHashBase = 107927;
constexpr std::size_t kFirstFewBytes = 8000;  // git looks for NUL this far to call it binary

bool is_regular(std::uint32_t mode) { return (mode & 0170000u) == 0100000u; }

std::string oid_key(const git_oid& id) {
  return std::string(reinterpret_cast<const char*>(id.id), GIT_OID_RAWSZ);
}

std::string_view basename_of(std::string_view path) {
  std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// git's basename_same(): the paths end in the same component.
bool basename_same(std::string_view src, std::string_view dst) {
  std::size_t s = src.size(), d = dst.size();
  while (s && d) {
    char c1 = src[--s], c2 = dst[--d];
    if (c1 != c2) return false;
    if (c1 == '/') return true;
  }
  return (!s || src[s - 1] == '/') && (!d || dst[d - 1] == '/');
}

// diffcore_count_changes(): bytes of dst that come from src.
std::uint64_t copied_bytes(const SpanSignature& src, const SpanSignature& dst) {
  std::uint64_t copied = 0;
  auto d = dst.spans.begin();
  for (const auto& [hash, count] : src.spans) {
    while (d != dst.spans.end() && d->first < hash) ++d;
    if (d != dst.spans.end() && d->first == hash) {
      copied += std::min(count, d->second);
      ++d;
    }
  }
  return copied;
}

// estimate_similarity(): 0..kMaxScore.
int estimate_similarity(const FileSide& src, const SpanSignature& src_sig, const FileSide& dst,
                        const SpanSignature& dst_sig, int minimum_score) {
  if (!is_regular(src.mode) || !is_regular(dst.mode)) return 0;
  std::uint64_t max_size = std::max(src_sig.size, dst_sig.size);
  std::uint64_t base_size = std::min(src_sig.size, dst_sig.size);
  std::uint64_t delta_size = max_size - base_size;
  // git refuses pairs whose sizes alone rule out the minimum score.
  if (max_size * static_cast<std::uint64_t>(kMaxScore - minimum_score) <
      delta_size * static_cast<std::uint64_t>(kMaxScore))
    return 0;
  if (dst_sig.size == 0) return 0;
  return static_cast<int>(copied_bytes(src_sig, dst_sig) * kMaxScore / max_size);
}

struct Score {
  int src = -1;  // index into the remaining sources
  int dst = -1;  // index into destinations; -1 = unused slot
  int score = 0;
  int name_score = 0;
};

// git's score_compare(): > 0 when `a` is worse than `b`.
int score_compare(const Score& a, const Score& b) {
  if (a.dst < 0) return b.dst >= 0 ? 1 : 0;
  if (b.dst < 0) return -1;
  if (a.score == b.score) return b.name_score - a.name_score;
  return b.score - a.score;
}

// git's record_if_better(): keep the best kCandidatesPerDestination per destination.
void record_if_better(Score* slots, const Score& candidate) {
  std::size_t worst = 0;
  for (std::size_t i = 1; i < kCandidatesPerDestination; ++i)
    if (score_compare(slots[i], slots[worst]) > 0) worst = i;
  if (score_compare(slots[worst], candidate) > 0) slots[worst] = candidate;
}

class Detector {
 public:
  Detector(const std::vector<FileSide>& sources, const std::vector<FileSide>& destinations,
           const SignatureLoader& load, const RenameOptions& options)
      : sources_(sources),
        destinations_(destinations),
        load_(load),
        options_(options),
        source_used_(sources.size(), false),
        destination_done_(destinations.size(), false),
        source_sig_(sources.size()),
        destination_sig_(destinations.size()) {}

  std::vector<RenamePair> run() {
    if (sources_.empty() || destinations_.empty()) return {};
    find_exact();
    find_by_basename();
    find_inexact();
    return std::move(pairs_);
  }

 private:
  void record(std::size_t src, std::size_t dst, int score) {
    source_used_[src] = true;
    destination_done_[dst] = true;
    pairs_.push_back({src, dst, score});
  }

  std::vector<std::size_t> remaining_sources() const {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < sources_.size(); ++i)
      if (!source_used_[i]) out.push_back(i);
    return out;
  }

  // find_exact_renames(): same blob id; non-regular files also need the same mode.
  void find_exact() {
    std::unordered_map<std::string, std::vector<std::size_t>> by_id;
    for (std::size_t i = 0; i < sources_.size(); ++i) by_id[oid_key(sources_[i].id)].push_back(i);
    for (std::size_t d = 0; d < destinations_.size(); ++d) {
      const FileSide& target = destinations_[d];
      auto found = by_id.find(oid_key(target.id));
      if (found == by_id.end()) continue;
      int best = -1, best_score = -1, budget = kExactCandidates;
      for (std::size_t s : found->second) {
        const FileSide& source = sources_[s];
        if ((!is_regular(source.mode) || !is_regular(target.mode)) && source.mode != target.mode)
          continue;
        if (source_used_[s]) continue;
        int score = 1 + (basename_same(source.path, target.path) ? 1 : 0);
        if (score > best_score) {
          best = static_cast<int>(s);
          best_score = score;
          if (score == 2) break;
        }
        if (--budget == 0) break;
      }
      if (best >= 0) record(static_cast<std::size_t>(best), d, kMaxScore);
    }
  }

  // Loads the signatures of the listed regular files that do not have one yet.
  void ensure_signatures(const std::vector<std::size_t>& srcs,
                         const std::vector<std::size_t>& dsts) {
    std::vector<SignatureRequest> requests;
    for (std::size_t s : srcs)
      if (!source_sig_[s] && is_regular(sources_[s].mode)) {
        source_sig_[s].emplace();
        requests.push_back({&sources_[s], &*source_sig_[s]});
      }
    for (std::size_t d : dsts)
      if (!destination_sig_[d] && is_regular(destinations_[d].mode)) {
        destination_sig_[d].emplace();
        requests.push_back({&destinations_[d], &*destination_sig_[d]});
      }
    if (!requests.empty()) load_(requests);
  }

  int similarity(std::size_t s, std::size_t d, int minimum_score) const {
    static const SpanSignature kNone;
    const SpanSignature& a = source_sig_[s] ? *source_sig_[s] : kNone;
    const SpanSignature& b = destination_sig_[d] ? *destination_sig_[d] : kNone;
    return estimate_similarity(sources_[s], a, destinations_[d], b, minimum_score);
  }

  // find_basename_matches(): a basename unique among the remaining sources and
  // among the remaining destinations pairs up when at least 75% similar.
  void find_by_basename() {
    std::vector<std::size_t> srcs = remaining_sources();
    std::unordered_map<std::string_view, long> by_src, by_dst;
    for (std::size_t s : srcs) {
      auto [it, fresh] = by_src.emplace(basename_of(sources_[s].path), static_cast<long>(s));
      if (!fresh) it->second = -1;
    }
    for (std::size_t d = 0; d < destinations_.size(); ++d) {
      if (destination_done_[d]) continue;
      auto [it, fresh] = by_dst.emplace(basename_of(destinations_[d].path), static_cast<long>(d));
      if (!fresh) it->second = -1;
    }
    std::vector<std::pair<std::size_t, std::size_t>> candidates;
    for (std::size_t s : srcs) {
      std::string_view base = basename_of(sources_[s].path);
      auto dst = by_dst.find(base);
      if (dst == by_dst.end() || dst->second < 0 || by_src.at(base) < 0) continue;
      candidates.emplace_back(s, static_cast<std::size_t>(dst->second));
    }
    std::vector<std::size_t> need_src, need_dst;
    for (auto [s, d] : candidates) {
      need_src.push_back(s);
      need_dst.push_back(d);
    }
    ensure_signatures(need_src, need_dst);
    for (auto [s, d] : candidates) {
      if (destination_done_[d]) continue;
      int score = similarity(s, d, kBasenameScore);
      if (score >= kBasenameScore) record(s, d, score);
    }
  }

  bool too_many(std::size_t destinations, std::size_t sources) const {
    std::uint64_t limit = options_.rename_limit;
    if (limit == 0) return false;
    return static_cast<std::uint64_t>(destinations) * sources > limit * limit;
  }

  // Fills the candidate slots of one destination row against every source.
  void score_row(std::size_t d, const std::vector<std::size_t>& srcs, Score* slots) const {
    for (std::size_t j = 0; j < srcs.size(); ++j) {
      std::size_t s = srcs[j];
      Score candidate{static_cast<int>(s), static_cast<int>(d), similarity(s, d, kMinimumScore),
                      basename_same(sources_[s].path, destinations_[d].path) ? 1 : 0};
      record_if_better(slots, candidate);
    }
  }

  // The matrix of every remaining destination against every remaining source, rows
  // split across threads; the scores do not depend on the split.
  std::vector<Score> score_matrix(const std::vector<std::size_t>& dsts,
                                  const std::vector<std::size_t>& srcs) const {
    std::vector<Score> matrix(dsts.size() * kCandidatesPerDestination);
    auto rows = [&](std::size_t begin, std::size_t step) {
      for (std::size_t r = begin; r < dsts.size(); r += step)
        score_row(dsts[r], srcs, &matrix[r * kCandidatesPerDestination]);
    };
    unsigned threads = std::max(1u, options_.threads);
    if (threads == 1 || dsts.size() * srcs.size() < 4096) {
      rows(0, 1);
      return matrix;
    }
    std::vector<std::thread> workers;
    for (unsigned t = 1; t < threads; ++t) workers.emplace_back(rows, t, threads);
    rows(0, threads);
    for (std::thread& w : workers) w.join();
    return matrix;
  }

  // The NxM matrix, skipped like git's when it exceeds rename_limit squared.
  void find_inexact() {
    std::vector<std::size_t> srcs = remaining_sources();
    std::vector<std::size_t> dsts;
    for (std::size_t d = 0; d < destinations_.size(); ++d)
      if (!destination_done_[d]) dsts.push_back(d);
    if (srcs.empty() || dsts.empty() || too_many(dsts.size(), srcs.size())) return;
    ensure_signatures(srcs, dsts);
    std::vector<Score> matrix = score_matrix(dsts, srcs);
    std::stable_sort(matrix.begin(), matrix.end(),
                     [](const Score& a, const Score& b) { return score_compare(a, b) < 0; });
    for (const Score& m : matrix) {
      if (m.dst < 0 || m.score < kMinimumScore) break;
      auto s = static_cast<std::size_t>(m.src);
      auto d = static_cast<std::size_t>(m.dst);
      if (destination_done_[d] || source_used_[s]) continue;
      record(s, d, m.score);
    }
  }

  const std::vector<FileSide>& sources_;
  const std::vector<FileSide>& destinations_;
  const SignatureLoader& load_;
  RenameOptions options_;
  std::vector<bool> source_used_;
  std::vector<bool> destination_done_;
  std::vector<std::optional<SpanSignature>> source_sig_;
  std::vector<std::optional<SpanSignature>> destination_sig_;
  std::vector<RenamePair> pairs_;
};

}  // namespace

SpanSignature make_signature(std::string_view content) {
  SpanSignature sig;
  sig.size = content.size();
  const auto* buf = reinterpret_cast<const unsigned char*>(content.data());
  std::size_t size = content.size();
  bool is_text = std::memchr(buf, 0, std::min(size, kFirstFewBytes)) == nullptr;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> spans;
  std::uint32_t accum1 = 0, accum2 = 0, n = 0;
  for (std::size_t i = 0; i < size; ++i) {
    std::uint32_t c = buf[i];
    std::uint32_t old_1 = accum1;
    if (is_text && c == '\r' && i + 1 < size && buf[i + 1] == '\n') continue;
    accum1 = (accum1 << 7) ^ (accum2 >> 25);
    accum2 = (accum2 << 7) ^ (old_1 >> 25);
    accum1 += c;
    if (++n < 64 && c != '\n') continue;
    spans.emplace_back((accum1 + accum2 * 0x61) % kHashBase, n);
    n = 0;
    accum1 = accum2 = 0;
  }
  // git counts into a hash table; sorting and merging equal hashes gives the same
  // multiset. A trailing chunk without LF shorter than 64 bytes is not counted (as in git).
  std::sort(spans.begin(), spans.end());
  for (const auto& span : spans) {
    if (!sig.spans.empty() && sig.spans.back().first == span.first)
      sig.spans.back().second += span.second;
    else
      sig.spans.push_back(span);
  }
  return sig;
}

std::vector<RenamePair> detect_renames(const std::vector<FileSide>& sources,
                                       const std::vector<FileSide>& destinations,
                                       const SignatureLoader& load, const RenameOptions& options) {
  return Detector(sources, destinations, load, options).run();
}

}  // namespace gate::git
