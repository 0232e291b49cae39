#pragma once
/// Rename detection as `git diff -M` (git 2.39, diffcore-rename.c) does it: exact
/// renames, then same-basename pairs, then the similarity matrix, with git's own
/// similarity estimate (diffcore-delta.c). libgit2's git_diff_find_similar uses a
/// different metric and pairing, skips symlinks and has no matrix limit, so its
/// answers drift from git's near the threshold and it is quadratic on big changes.

#include <git2.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gate::git {

/// One side of a file pair, as the tree records it.
struct FileSide {
  std::string path;
  git_oid id{};
  std::uint32_t mode = 0;
};

/// What the similarity estimate needs of a file: its size and git's "span hash"
/// counts (content cut at LF or every 64 bytes, hashed, bytes counted per hash).
struct SpanSignature {
  std::uint64_t size = 0;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> spans;  ///< (hash, bytes), by hash
};

/// git's hash_chars(): the signature of `content`. CR of CRLF is ignored in text.
SpanSignature make_signature(std::string_view content);

/// A request to fill `out` with the signature of the regular file `file`.
struct SignatureRequest {
  const FileSide* file = nullptr;
  SpanSignature* out = nullptr;
};

/// Fills every request's signature (reading blobs, possibly on several threads).
using SignatureLoader = std::function<void(const std::vector<SignatureRequest>&)>;

/// A detected rename: indices into the sources and destinations given.
struct RenamePair {
  std::size_t source = 0;
  std::size_t destination = 0;
  int score = 0;  ///< 0..60000, git's MAX_SCORE scale
};

/// Options of the detection; the defaults are `git diff -M`'s.
struct RenameOptions {
  std::size_t rename_limit = 1000;  ///< diff.renameLimit default; 0 = unlimited
  unsigned threads = 1;             ///< threads for the similarity matrix
};

/// Pairs deleted files (`sources`) with added files (`destinations`), both in git's
/// path order, the way `git diff -M` does.
std::vector<RenamePair> detect_renames(const std::vector<FileSide>& sources,
                                       const std::vector<FileSide>& destinations,
                                       const SignatureLoader& load,
                                       const RenameOptions& options = {});

}  // namespace gate::git
