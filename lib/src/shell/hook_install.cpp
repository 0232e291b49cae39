// `git-gate install-hook`'s file work (docs/hook.md): the pre-push script, chaining the
// hook that was there, and putting it back. Git's configuration (core.hooksPath, the
// worktree layout) is read by Repository::hooks_location, never here.

#include "gate/hook_install.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iterator>
#include <optional>

#include "gate/error.hpp"

namespace gate {
namespace {

namespace fs = std::filesystem;

// The second line of every script install-hook writes: how a later run knows it is ours.
constexpr std::string_view marker = "# git-gate pre-push hook, written by `git-gate install-hook`.";

// A hook larger than this is not ours (the old README had people copy the 31 MB binary).
constexpr std::size_t max_script_bytes = 64 * 1024;

std::string shell_quote(std::string_view text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

UsageError file_error(std::string_view step, const std::string& path, int err) {
  return UsageError(fmt::format("install-hook: cannot {} {}: {}", step, path, std::strerror(err)));
}

bool exists_no_follow(const std::string& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0;
}

// The content of `path` when it is a regular file small enough to be a script; nullopt
// for anything else (a symlink, a binary, a directory).
std::optional<std::string> small_regular_file(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  if (static_cast<std::size_t>(st.st_size) > max_script_bytes) return std::nullopt;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return std::nullopt;
  std::string text;
  char buf[8192];
  ssize_t n = 0;
  while ((n = ::read(fd, buf, sizeof buf)) > 0 && text.size() <= max_script_bytes)
    text.append(buf, static_cast<std::size_t>(n));
  ::close(fd);
  if (n < 0) return std::nullopt;
  return text;
}

bool is_executable_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

// Writes `content` with mode 0755 to a temporary beside `path`; returns the temporary.
std::string stage_script(const std::string& path, std::string_view content) {
  std::string temp = path + ".tmp-XXXXXX";
  int fd = ::mkstemp(temp.data());
  if (fd < 0) throw file_error("write", path, errno);
  auto fail = [&](std::string_view step) {
    int err = errno;
    ::close(fd);
    ::unlink(temp.c_str());
    return file_error(step, path, err);
  };
  for (std::size_t done = 0; done < content.size();) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw fail("write");
    done += static_cast<std::size_t>(n);
  }
  if (::fchmod(fd, 0755) != 0) throw fail("make executable");
  if (::fsync(fd) != 0) throw fail("sync");
  if (::close(fd) != 0) {
    int err = errno;
    ::unlink(temp.c_str());
    throw file_error("close", path, err);
  }
  return temp;
}

void rename_or_throw(const std::string& from, const std::string& to, const std::string& temp) {
  if (::rename(from.c_str(), to.c_str()) == 0) return;
  int err = errno;
  if (!temp.empty()) ::unlink(temp.c_str());
  throw file_error("rename " + from + " to", to, err);
}

// Moves the hook that is there aside as pre-push.local, then puts the script in its place;
// if the second step fails, the first is undone.
void chain_existing(const std::string& hook, const std::string& chained, std::string_view script) {
  if (exists_no_follow(chained))
    throw UsageError(fmt::format(
        "install-hook: {} is not git-gate's, and {} already exists: git-gate cannot keep both "
        "running. Merge them into {} and run install-hook again",
        hook, chained, chained));
  std::string temp = stage_script(hook, script);
  rename_or_throw(hook, chained, temp);
  if (::rename(temp.c_str(), hook.c_str()) != 0) {
    int err = errno;
    ::rename(chained.c_str(), hook.c_str());
    ::unlink(temp.c_str());
    throw file_error("write", hook, err);
  }
}

void make_directories(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw UsageError(fmt::format("install-hook: cannot create {}: {}", dir, ec.message()));
}

// `inner` is `outer` or lies under it (both made absolute and free of symlinks first).
bool is_within(const fs::path& inner, const fs::path& outer) {
  std::error_code ec1, ec2;
  fs::path a = fs::weakly_canonical(inner, ec1), b = fs::weakly_canonical(outer, ec2);
  if (ec1 || ec2) return false;
  auto end_b = std::mismatch(b.begin(), b.end(), a.begin(), a.end()).first;
  return end_b == b.end() || (std::next(end_b) == b.end() && end_b->empty());
}

}  // namespace

std::string shell_word(std::string_view text) {
  bool plain = !text.empty() && text.find_first_not_of(
                                    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNO"
                                    "PQRSTUVWXYZ0123456789+-_./:@=") == std::string_view::npos;
  return plain ? std::string(text) : shell_quote(text);
}

std::string pre_push_script(std::string_view program) {
  return fmt::format(
      "#!/bin/sh\n"
      "{}\n"
      "# `git-gate install-hook --uninstall` removes it and puts back the hook it chained.\n"
      "# It runs git-gate's hook program below by absolute path. A hook that was here\n"
      "# before, kept as {} beside this one, runs first with the same arguments and\n"
      "# standard input; if it fails, the push is refused with its exit code.\n"
      "gate={}\n"
      "chained=\"$(dirname -- \"$0\")/{}\"\n"
      "if [ ! -x \"$gate\" ]; then\n"
      "  echo \"git-gate: $gate is missing: reinstall git-gate, then run install-hook\" >&2\n"
      "  exit 2\n"
      "fi\n"
      "if [ -x \"$chained\" ]; then\n"
      "  input=$(cat; echo .)\n"
      "  input=${{input%.}}\n"
      "  printf '%s' \"$input\" | \"$chained\" \"$@\" || exit $?\n"
      "  printf '%s' \"$input\" | \"$gate\" \"$@\"\n"
      "  exit $?\n"
      "fi\n"
      "exec \"$gate\" \"$@\"\n",
      marker, chained_hook_name, shell_quote(program), chained_hook_name);
}

bool is_gate_script(std::string_view text) {
  std::string_view shebang = "#!/bin/sh\n";
  return text.substr(0, shebang.size()) == shebang &&
         text.substr(shebang.size(), marker.size()) == marker;
}

HookInstall install_pre_push(const std::string& hooks_dir, const std::string& program) {
  make_directories(hooks_dir);
  HookInstall result;
  result.hook = hooks_dir + "/pre-push";
  std::string chained = hooks_dir + "/" + std::string(chained_hook_name);
  std::string script = pre_push_script(program);
  if (exists_no_follow(chained)) result.chained = chained;
  if (!exists_no_follow(result.hook)) {
    rename_or_throw(stage_script(result.hook, script), result.hook, {});
    result.change = HookChange::installed;
    return result;
  }
  std::optional<std::string> text = small_regular_file(result.hook);
  if (text && is_gate_script(*text)) {
    if (*text == script && is_executable_file(result.hook)) return result;  // unchanged
    std::string temp = stage_script(result.hook, script);
    rename_or_throw(temp, result.hook, temp);
    result.change = HookChange::updated;
    return result;
  }
  chain_existing(result.hook, chained, script);
  result.chained = chained;
  result.change = HookChange::chained;
  return result;
}

HookUninstall uninstall_pre_push(const std::string& hooks_dir) {
  HookUninstall result;
  result.hook = hooks_dir + "/pre-push";
  std::string chained = hooks_dir + "/" + std::string(chained_hook_name);
  if (!exists_no_follow(result.hook)) return result;  // absent
  std::optional<std::string> text = small_regular_file(result.hook);
  if (!text || !is_gate_script(*text))
    throw UsageError(fmt::format(
        "install-hook --uninstall: {} is not git-gate's pre-push hook; it was left as it is",
        result.hook));
  if (exists_no_follow(chained)) {
    // rename() replaces the script in one step: the kept hook comes back with its bytes,
    // mode and (for a symlink) target as they were.
    rename_or_throw(chained, result.hook, {});
    result.change = HookRemoval::restored;
    return result;
  }
  if (::unlink(result.hook.c_str()) != 0) throw file_error("remove", result.hook, errno);
  result.change = HookRemoval::removed;
  return result;
}

bool hooks_dir_in_work_tree(const HooksLocation& where) {
  if (!where.work_tree) return false;
  return is_within(where.dir, *where.work_tree) && !is_within(where.dir, where.git_dir) &&
         !is_within(where.dir, where.common_dir);
}

std::vector<std::string> hook_program_candidates(const std::string& program) {
  fs::path bin = fs::path(program).parent_path();
  return {(bin / ".." / "libexec" / "git-gate" / "pre-push").lexically_normal().string(),
          (bin / ".." / "hooks" / "pre-push").lexically_normal().string()};
}

std::string find_hook_program(const std::string& program) {
  std::vector<std::string> candidates = hook_program_candidates(program);
  for (const std::string& path : candidates)
    if (is_executable_file(path)) return path;
  throw UsageError(fmt::format(
      "install-hook: cannot find git-gate's pre-push program beside {}: neither {} nor {} is an "
      "executable file; install both programs (cmake --install) or build the `pre-push` target",
      program, candidates[0], candidates[1]));
}

std::string running_program() {
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (ec)
    throw UsageError(
        fmt::format("install-hook: cannot tell where git-gate is installed: {}", ec.message()));
  return self.string();
}

}  // namespace gate
