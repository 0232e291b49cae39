#include "gate/subprocess.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>

#include "gate/error.hpp"
#include "gate/files.hpp"

extern char** environ;

namespace gate {

TempFile::TempFile(std::string_view content) {
  const char* dir = std::getenv("TMPDIR");
  path_ = std::string(dir && *dir ? dir : "/tmp") + "/git-gate-XXXXXX";
  int fd = ::mkstemp(path_.data());
  if (fd < 0)
    throw UsageError(fmt::format("cannot create a temporary file: {}", std::strerror(errno)));
  for (std::size_t done = 0; done < content.size();) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      ::close(fd);
      ::unlink(path_.c_str());
      throw UsageError(fmt::format("cannot write a temporary file: {}", std::strerror(err)));
    }
    done += static_cast<std::size_t>(n);
  }
  ::close(fd);
}

TempFile::~TempFile() { ::unlink(path_.c_str()); }

namespace {

// Waits for `pid` to end, at most until `deadline`; true when it ended (`status` set).
// A pidfd lets poll() wait for the exit itself, so no sleeping in a loop; a kernel
// without pidfd_open (before 5.3) falls back to checking every 10 ms.
bool wait_until(pid_t pid, std::chrono::steady_clock::time_point deadline, int& status) {
  // By syscall: glibc 2.36's <sys/pidfd.h> lacks extern "C", and older ones the wrapper.
  int fd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
  for (;;) {
    pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid || (done < 0 && errno != EINTR)) break;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      if (fd >= 0) ::close(fd);
      return false;
    }
    if (fd >= 0) {
      pollfd p{fd, POLLIN, 0};
      ::poll(&p, 1, static_cast<int>(std::min<long long>(left.count(), 60'000)));
    } else {
      ::poll(nullptr, 0, static_cast<int>(std::min<long long>(left.count(), 10)));
    }
  }
  if (fd >= 0) ::close(fd);
  return true;
}

std::vector<std::string> child_environment() {
  std::vector<std::string> env = {"LC_ALL=C"};
  for (char** e = environ; *e; ++e)
    if (std::strncmp(*e, "LC_ALL=", 7) != 0) env.emplace_back(*e);
  return env;
}

std::string describe(std::chrono::milliseconds timeout) {
  if (timeout.count() % 1000 == 0) return fmt::format("{} s", timeout.count() / 1000);
  return fmt::format("{} ms", timeout.count());
}

}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv, std::string_view input,
                          std::string_view package, std::chrono::milliseconds timeout,
                          Prompt prompt) {
  TempFile in(input), out(""), err("");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, in.path().c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out.path().c_str(), O_WRONLY | O_TRUNC, 0);
  posix_spawn_file_actions_addopen(&actions, 2, err.path().c_str(), O_WRONLY | O_TRUNC, 0);
  // A group of its own, so a timeout kills whatever the program started too; but a
  // program outside the terminal's foreground group is stopped when it reads /dev/tty.
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  if (prompt == Prompt::never) {
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attributes, 0);
  }
  std::vector<std::string> env_strings = child_environment();
  std::vector<char*> env, args;
  for (std::string& s : env_strings) env.push_back(s.data());
  env.push_back(nullptr);
  std::vector<std::string> argv_copy = argv;
  for (std::string& a : argv_copy) args.push_back(a.data());
  args.push_back(nullptr);
  pid_t pid = 0;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  int rc = posix_spawnp(&pid, args[0], &actions, &attributes, args.data(), env.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (rc != 0)
    throw UsageError(fmt::format("cannot run {}: {}{}", argv[0], std::strerror(rc),
                                 rc == ENOENT ? fmt::format(" (install {})", package) : ""));
  int status = 0;
  if (!wait_until(pid, deadline, status)) {
    ::kill(prompt == Prompt::never ? -pid : pid, SIGKILL);
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    throw UsageError(fmt::format("{} did not finish within {}: stopped it, the gate cannot judge",
                                 argv[0], describe(timeout)));
  }
  ProcessResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = read_text_file(out.path(), argv[0]);
  result.err = read_text_file(err.path(), argv[0]);
  return result;
}

}  // namespace gate
