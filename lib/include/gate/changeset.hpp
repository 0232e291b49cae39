#pragma once
/// Plain values copied out of git at the adapter boundary. Nothing here knows libgit2.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gate {

/// How a file changed, as `git diff -M --name-status` letters A M D R C T.
enum class FileStatus { added, modified, deleted, renamed, copied, type_changed };

/// "added", "modified", ... as used in the JSON report.
const char* to_string(FileStatus status);

/// One file of the change, as one row of `git diff -M --numstat`.
struct FileChange {
  std::string path;                     ///< new path (the old one for a deletion)
  std::optional<std::string> old_path;  ///< set for renames and copies
  FileStatus status = FileStatus::modified;
  std::int64_t added = 0;    ///< lines added; 0 for binary files
  std::int64_t deleted = 0;  ///< lines deleted; 0 for binary files
  bool binary = false;
  /// A binary file's size in bytes (the new side's, the old one's for a deletion): its
  /// lines count 0, as in `git diff --numstat`, so the size is what `max_binary_bytes`
  /// bounds. nullopt for text.
  std::optional<std::int64_t> bytes;
};

/// A person as git records them.
struct Identity {
  std::string name;
  std::string email;
  bool operator==(const Identity&) const = default;
};

/// One commit of the change (base..head), newest first.
struct CommitInfo {
  std::string id;  ///< full hex id
  Identity author;
  Identity committer;
  std::string summary;  ///< first line of the message
};

/// What the change consists of. `base` is the commit the diff starts from (the merge
/// base), empty for the empty tree.
struct ChangeSet {
  std::string base;
  std::string head;
  std::vector<FileChange> files;  ///< sorted by path, as git prints them
  std::vector<CommitInfo> commits;
};

/// How many paths the change touches: both names of a rename or copy. Each is one
/// CODEOWNERS lookup.
std::size_t touched_path_count(const ChangeSet& change);

/// Those paths: each file's, and a rename's old path after it (views into `change`).
std::vector<std::string_view> touched_paths(const ChangeSet& change);

}  // namespace gate
