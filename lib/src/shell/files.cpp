#include "gate/files.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <iterator>

#include "gate/error.hpp"
#include "owners/line_text.hpp"

namespace gate {

namespace {

// A regular file is read straight into a string sized from fstat (one allocation, no
// copy through a bounce buffer); a pipe or a file that grew meanwhile reads on in blocks.
std::string read_fd(int fd, const std::string& path, std::string_view what, std::size_t max_bytes) {
  struct stat st {};
  std::size_t expected = 0;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
    expected = static_cast<std::size_t>(st.st_size);
  if (expected > max_bytes)
    throw UsageError(fmt::format("{}: {} is larger than {} bytes", what, path, max_bytes));
  std::string out;
  // One byte more than expected, so that the end of the file is seen without growing.
  out.resize(expected + 1 < 65536 ? 65536 : expected + 1);
  std::size_t size = 0;
  for (;;) {
    if (size == out.size()) out.resize(out.size() * 2);
    ssize_t n = ::read(fd, out.data() + size, out.size() - size);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      throw UsageError(fmt::format("{}: cannot read {}: {}", what, path, std::strerror(errno)));
    }
    size += static_cast<std::size_t>(n);
    if (size > max_bytes)
      throw UsageError(fmt::format("{}: {} is larger than {} bytes", what, path, max_bytes));
  }
  out.resize(size);
  if (out.capacity() > 2 * size + 4096) out.shrink_to_fit();  // a small file: drop the block
  return out;
}

}  // namespace

std::string read_text_file(const std::string& path, std::string_view what, std::size_t max_bytes) {
  if (path == "-") return read_fd(STDIN_FILENO, "standard input", what, max_bytes);
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    throw UsageError(fmt::format("{}: cannot open {}: {}", what, path, std::strerror(errno)));
  try {
    std::string text = read_fd(fd, path, what, max_bytes);
    ::close(fd);
    return text;
  } catch (...) {
    ::close(fd);
    throw;
  }
}

MappedText::MappedText(const std::string& path, std::string_view what, std::size_t max_bytes) {
  int fd = path == "-" ? -1 : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  struct stat st {};
  if (fd >= 0 && ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
      static_cast<std::size_t>(st.st_size) <= max_bytes) {
    map_size_ = static_cast<std::size_t>(st.st_size);
    void* map = ::mmap(nullptr, map_size_, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    if (map != MAP_FAILED) {
      ::close(fd);
      map_ = map;
      text_ = std::string_view(static_cast<const char*>(map_), map_size_);
      return;
    }
  }
  if (fd >= 0) ::close(fd);
  read_ = read_text_file(path, what, max_bytes);  // its errors name the file as before
  text_ = read_;
}

std::size_t MappedText::newline_count() const { return line_text::count_newlines(text_); }

MappedText::~MappedText() {
  if (map_) ::munmap(map_, map_size_);
}

namespace {

// Writes `file` to a temporary beside it and returns the temporary's path.
std::string stage(const FileToWrite& file) {
  std::string temp = file.path + ".tmp-XXXXXX";
  int fd = ::mkstemp(temp.data());
  if (fd < 0)
    throw UsageError(
        fmt::format("{}: cannot write {}: {}", file.what, file.path, std::strerror(errno)));
  auto fail = [&](const char* step) {
    int err = errno;
    if (fd >= 0) ::close(fd);
    ::unlink(temp.c_str());
    return UsageError(
        fmt::format("{}: cannot {} {}: {}", file.what, step, file.path, std::strerror(err)));
  };
  std::string_view content = file.content;
  for (std::size_t done = 0; done < content.size();) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw fail("write");
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) throw fail("sync");
  ::fchmod(fd, 0644);
  if (::close(fd) != 0) {
    fd = -1;
    throw fail("close");
  }
  return temp;
}

}  // namespace

void write_files_atomic(const std::vector<FileToWrite>& files) {
  std::vector<std::string> staged;
  try {
    for (const FileToWrite& file : files) {
      struct stat st {};
      if (::stat(file.path.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
        throw UsageError(fmt::format("{}: {} is a directory", file.what, file.path));
      staged.push_back(stage(file));
    }
  } catch (...) {
    for (const std::string& temp : staged) ::unlink(temp.c_str());
    throw;
  }
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (::rename(staged[i].c_str(), files[i].path.c_str()) != 0) {
      int err = errno;
      for (std::size_t j = i; j < staged.size(); ++j) ::unlink(staged[j].c_str());
      throw UsageError(fmt::format("{}: cannot rename into {}: {}", files[i].what, files[i].path,
                                   std::strerror(err)));
    }
  }
}

AppendTarget::AppendTarget(const std::string& path, std::string_view what)
    : path_(path), what_(what) {
  fd_ = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0)
    throw UsageError(fmt::format("{}: cannot open {}: {}", what, path, std::strerror(errno)));
}

AppendTarget::~AppendTarget() {
  if (fd_ >= 0) ::close(fd_);
}

void AppendTarget::append(std::string_view content) {
  ssize_t n = ::write(fd_, content.data(), content.size());
  if (n != static_cast<ssize_t>(content.size()))
    throw UsageError(fmt::format("{}: cannot append to {}: {}", what_, path_,
                                 n < 0 ? std::strerror(errno) : "short write"));
}

void append_file(const std::string& path, std::string_view content, std::string_view what) {
  AppendTarget(path, what).append(content);
}

void write_file_atomic(const std::string& path, std::string_view content, std::string_view what) {
  write_files_atomic({{path, std::string(content), std::string(what)}});
}

}  // namespace gate
