#include "git/git_diff.hpp"

#include <algorithm>
#include <cstring>
#include <optional>
#include <string_view>

#include "gate/error.hpp"
#include "git/git_tree_walk.hpp"
#include "git/git_workers.hpp"

namespace gate::git {
namespace {

constexpr std::uint32_t kTypeMask = 0170000;
constexpr std::uint32_t kGitlink = 0160000;
// git treats blobs above core.bigFileThreshold (512 MiB by default) as binary, and
// otherwise looks for a NUL in the first 8000 bytes (buffer_is_binary).
constexpr std::uint64_t kBigFileThreshold = 512ull << 20;
constexpr std::size_t kFirstFewBytes = 8000;

bool is_gitlink(std::uint32_t mode) { return (mode & kTypeMask) == kGitlink; }

using QueueEntry = TreeChange;

const std::string& path_of(const QueueEntry& entry) {
  return entry.old_side ? entry.old_side->path : entry.new_side->path;
}

// The bytes git diffs for one side: a blob, or "Subproject commit <id>\n" for a gitlink.
struct Content {
  bool present = false;
  BlobHandle blob;
  std::string text;

  std::string_view bytes() const {
    if (!blob) return text;
    return {static_cast<const char*>(git_blob_rawcontent(blob.get())),
            static_cast<std::size_t>(git_blob_rawsize(blob.get()))};
  }
  bool binary() const {
    if (!blob) return false;
    std::string_view data = bytes();
    if (data.size() > kBigFileThreshold) return true;
    return std::memchr(data.data(), 0, std::min(data.size(), kFirstFewBytes)) != nullptr;
  }
};

Content load_content(git_repository* repo, const FileSide* side, const std::string& hint) {
  Content content;
  if (side == nullptr) return content;
  content.present = true;
  if (is_gitlink(side->mode))
    content.text = "Subproject commit " + to_hex(side->id) + "\n";
  else
    content.blob = read_blob(repo, side->id, side->path, hint);
  return content;
}

struct LineCounts {
  std::int64_t added = 0;
  std::int64_t deleted = 0;
};

int count_line(const git_diff_delta*, const git_diff_hunk*, const git_diff_line* line,
               void* payload) {
  auto* counts = static_cast<LineCounts*>(payload);
  if (line->origin == GIT_DIFF_LINE_ADDITION) ++counts->added;
  if (line->origin == GIT_DIFF_LINE_DELETION) ++counts->deleted;
  return 0;
}

// Line counts of two sides with libgit2's xdiff. The empty path names no file, so
// libgit2 looks up no diff driver and reads no .gitattributes (given no path at all,
// git_diff_blobs makes up "file" and looks that up, in the working tree too):
// binary detection is git's content rule, applied by the caller, so a change cannot
// turn its own files binary to hide lines. git_diff_buffers would need no repository
// but hashes both buffers; it serves only the gitlink lines.
LineCounts count_lines(const Content& old_content, const Content& new_content,
                       const std::string& path) {
  git_diff_options options = GIT_DIFF_OPTIONS_INIT;
  options.flags = GIT_DIFF_FORCE_TEXT;
  // git's diffstat runs xdiff with the default 3 lines of context and no inter-hunk
  // context; mirror that so any context-dependent trimming matches too.
  options.context_lines = 3;
  options.interhunk_lines = 0;
  LineCounts counts;
  int rc = 0;
  if (old_content.text.empty() && new_content.text.empty()) {
    rc = git_diff_blobs(old_content.blob.get(), "", new_content.blob.get(), "", &options, nullptr,
                        nullptr, nullptr, count_line, &counts);
  } else {
    std::string_view a = old_content.bytes(), b = new_content.bytes();
    // A null buffer is an absent side (an addition or deletion), not an empty file.
    rc = git_diff_buffers(old_content.present ? a.data() : nullptr, a.size(), "",
                          new_content.present ? b.data() : nullptr, b.size(), "", &options, nullptr,
                          nullptr, nullptr, count_line, &counts);
  }
  check(rc, "counting the changed lines of '" + path + "'");
  return counts;
}

// One output row and the sides it compares.
struct Row {
  FileChange change;
  const FileSide* old_side = nullptr;
  const FileSide* new_side = nullptr;
};

// builtin_diffstat(): binary pairs count "-\t-", identical contents 0 0 (a pure rename
// or mode change), everything else the xdiff line counts.
void fill_counts(Row& row, git_repository* repo, const std::string& hint) {
  if (row.old_side && row.new_side && git_oid_equal(&row.old_side->id, &row.new_side->id)) {
    Content same = load_content(repo, row.new_side, hint);
    row.change.binary = same.binary();
    if (row.change.binary) row.change.bytes = static_cast<std::int64_t>(same.bytes().size());
    return;
  }
  Content old_content = load_content(repo, row.old_side, hint);
  Content new_content = load_content(repo, row.new_side, hint);
  if (old_content.binary() || new_content.binary()) {
    row.change.binary = true;
    const Content& shown = new_content.present ? new_content : old_content;
    row.change.bytes = static_cast<std::int64_t>(shown.bytes().size());
    return;
  }
  LineCounts counts = count_lines(old_content, new_content, row.change.path);
  row.change.added = counts.added;
  row.change.deleted = counts.deleted;
}

Row modified_row(const QueueEntry& entry) {
  Row row{{}, &*entry.old_side, &*entry.new_side};
  row.change.path = entry.new_side->path;
  bool same_type = (entry.old_side->mode & kTypeMask) == (entry.new_side->mode & kTypeMask);
  row.change.status = same_type ? FileStatus::modified : FileStatus::type_changed;
  return row;
}

// Rows in queue order; a rename takes its destination's place, its source vanishes.
std::vector<Row> build_rows(const std::vector<QueueEntry>& queue,
                            const std::vector<std::size_t>& source_entry,
                            const std::vector<std::size_t>& destination_entry,
                            const std::vector<RenamePair>& renames) {
  std::vector<std::optional<std::size_t>> renamed_from(queue.size());
  std::vector<bool> consumed(queue.size(), false);
  for (const RenamePair& pair : renames) {
    renamed_from[destination_entry[pair.destination]] = source_entry[pair.source];
    consumed[source_entry[pair.source]] = true;
  }
  std::vector<Row> rows;
  rows.reserve(queue.size());
  for (std::size_t q = 0; q < queue.size(); ++q) {
    const QueueEntry& entry = queue[q];
    if (entry.old_side && entry.new_side) {
      rows.push_back(modified_row(entry));
    } else if (entry.new_side) {
      Row row{{}, nullptr, &*entry.new_side};
      row.change.path = entry.new_side->path;
      row.change.status = FileStatus::added;
      if (renamed_from[q]) {
        row.old_side = &*queue[*renamed_from[q]].old_side;
        row.change.old_path = row.old_side->path;
        row.change.status = FileStatus::renamed;
      }
      rows.push_back(std::move(row));
    } else if (!consumed[q]) {
      Row row{{}, &*entry.old_side, nullptr};
      row.change.path = entry.old_side->path;
      row.change.status = FileStatus::deleted;
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

}  // namespace

BlobHandle read_blob(git_repository* repo, const git_oid& id, const std::string& path,
                     const std::string& missing_object_hint) {
  git_blob* raw = nullptr;
  int rc = git_blob_lookup(&raw, repo, &id);
  if (rc == GIT_ENOTFOUND) {
    std::string message = last_error_message();
    git_error_clear();
    throw GitError("cannot read '" + path + "': blob " + to_hex(id) +
                   " is missing from the object database (" + message + ")" + missing_object_hint);
  }
  check(rc, "reading blob " + to_hex(id) + " of '" + path + "'");
  return BlobHandle(raw);
}

std::size_t configured_rename_limit(git_repository* repo) {
  git_config* raw = nullptr;
  check(git_repository_config_snapshot(&raw, repo), "reading the git configuration");
  ConfigHandle config(raw);
  std::int32_t limit = 0;
  int rc = git_config_get_int32(&limit, config.get(), "diff.renameLimit");
  if (rc == GIT_ENOTFOUND) {
    git_error_clear();
    return DiffSettings{}.rename_limit;
  }
  check(rc, "reading diff.renameLimit");
  // git's too_many_rename_candidates() takes a limit <= 0 as no limit.
  return limit <= 0 ? 0 : static_cast<std::size_t>(limit);
}

std::vector<FileChange> diff_trees(git_repository* repo, git_tree* old_tree, git_tree* new_tree,
                                   const DiffSettings& settings) {
  // git's diff queue: additions, deletions and modifications, byte-wise by path
  // (the order in which git walks two trees).
  std::vector<QueueEntry> queue =
      changed_paths(repo, old_tree, new_tree, settings.missing_object_hint);
  // The walk yields that order already (a directory sorts as its name and '/', as its
  // paths do); sorting the sorted list anyway cost 3% of a 20k-file check's instructions.
  auto by_path = [](const QueueEntry& a, const QueueEntry& b) { return path_of(a) < path_of(b); };
  if (!std::is_sorted(queue.begin(), queue.end(), by_path))
    std::sort(queue.begin(), queue.end(), by_path);
  std::vector<FileSide> sources, destinations;
  std::vector<std::size_t> source_entry, destination_entry;
  for (std::size_t q = 0; q < queue.size(); ++q) {
    if (queue[q].old_side && !queue[q].new_side) {
      sources.push_back(*queue[q].old_side);
      source_entry.push_back(q);
    } else if (queue[q].new_side && !queue[q].old_side) {
      destinations.push_back(*queue[q].new_side);
      destination_entry.push_back(q);
    }
  }

  Workers workers(repo, settings.threads);
  const std::string& hint = settings.missing_object_hint;
  SignatureLoader load = [&](const std::vector<SignatureRequest>& requests) {
    workers.for_each(requests.size(), [&](std::size_t i, git_repository* handle) {
      const FileSide& file = *requests[i].file;
      BlobHandle blob = read_blob(handle, file.id, file.path, hint);
      *requests[i].out = make_signature({static_cast<const char*>(git_blob_rawcontent(blob.get())),
                                         static_cast<std::size_t>(git_blob_rawsize(blob.get()))});
    });
  };
  RenameOptions rename_options{settings.rename_limit, workers.threads()};
  std::vector<RenamePair> renames = detect_renames(sources, destinations, load, rename_options);

  std::vector<Row> rows = build_rows(queue, source_entry, destination_entry, renames);
  workers.for_each(rows.size(), [&](std::size_t i, git_repository* handle) {
    fill_counts(rows[i], handle, hint);
  });
  std::vector<FileChange> files;
  files.reserve(rows.size());
  for (Row& row : rows) files.push_back(std::move(row.change));
  return files;
}

}  // namespace gate::git
