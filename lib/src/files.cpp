#include "gate/files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <iterator>

#include "gate/error.hpp"

namespace gate {

namespace {

std::string read_fd(int fd, const std::string& path, std::string_view what, std::size_t max_bytes) {
  std::string out;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      throw UsageError(fmt::format("{}: cannot read {}: {}", what, path, std::strerror(errno)));
    }
    out.append(buf, static_cast<std::size_t>(n));
    if (out.size() > max_bytes)
      throw UsageError(fmt::format("{}: {} is larger than {} bytes", what, path, max_bytes));
  }
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

void write_file_atomic(const std::string& path, std::string_view content, std::string_view what) {
  std::string temp = path + ".tmp-XXXXXX";
  int fd = ::mkstemp(temp.data());
  auto fail = [&](const char* step) {
    int err = errno;
    if (fd >= 0) ::close(fd);
    ::unlink(temp.c_str());
    return UsageError(fmt::format("{}: cannot {} {}: {}", what, step, path, std::strerror(err)));
  };
  if (fd < 0) throw UsageError(fmt::format("{}: cannot write {}: {}", what, path, std::strerror(errno)));
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
  fd = -1;
  if (::rename(temp.c_str(), path.c_str()) != 0) throw fail("rename into");
}

}  // namespace gate
