#pragma once
/// Reading and writing the files named on the command line, for the programs.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace gate {

/// The whole content of `path` ("-" reads standard input). Throws UsageError naming
/// `what` (e.g. "--reviews") and the path when it cannot be read or exceeds `max_bytes`.
std::string read_text_file(const std::string& path, std::string_view what,
                           std::size_t max_bytes = 64u << 20);

/// The content of a file read once and kept while in use, as read_text_file reads it: a
/// regular file is mapped into memory (no copy, no zero-filled buffer: a 100,000-line
/// --paths-from list costs its pages once), anything else ("-", a pipe) is read.
class MappedText {
 public:
  MappedText(const std::string& path, std::string_view what, std::size_t max_bytes = 64u << 20);
  ~MappedText();
  MappedText(const MappedText&) = delete;
  MappedText& operator=(const MappedText&) = delete;
  std::string_view text() const { return text_; }
  /// How many `\n` the text has, found by memchr: twice as fast as counting byte by byte
  /// on a 100,000-line list, which is split while the repository is read.
  std::size_t newline_count() const;

 private:
  std::string read_;  // what was read when the file could not be mapped
  void* map_ = nullptr;
  std::size_t map_size_ = 0;
  std::string_view text_;
};

/// One file for write_files_atomic.
struct FileToWrite {
  std::string path;
  std::string content;
  std::string what;  ///< how the user named it, e.g. "--output sarif"
};

/// Writes every file or none: each is first written to a temporary beside it, and
/// only when all are written are they renamed into place. On failure every
/// temporary is removed and the old files are untouched. Throws UsageError.
void write_files_atomic(const std::vector<FileToWrite>& files);

/// Appends `content` to `path` (created if missing) with one write, as GitHub's
/// step summary file expects. Throws UsageError naming `what` and the path.
void append_file(const std::string& path, std::string_view content, std::string_view what);

/// A file opened for appending now and written later, so that a run can find out it
/// cannot write there before it writes anything else.
class AppendTarget {
 public:
  /// Opens (creating) `path`; throws UsageError naming `what` and the path.
  AppendTarget(const std::string& path, std::string_view what);
  ~AppendTarget();
  AppendTarget(const AppendTarget&) = delete;
  AppendTarget& operator=(const AppendTarget&) = delete;
  /// Appends with one write; throws UsageError on failure.
  void append(std::string_view content);

 private:
  int fd_ = -1;
  std::string path_;
  std::string what_;
};

/// Writes `content` to a temporary file beside `path` and renames it into place, so a
/// reader never sees a partial file and a failure leaves the old file untouched.
/// Throws UsageError naming `what` and the path.
void write_file_atomic(const std::string& path, std::string_view content, std::string_view what);

}  // namespace gate
