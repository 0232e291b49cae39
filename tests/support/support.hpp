#pragma once
/// Test helpers: temporary directories, real git repositories, running programs.
/// Tests may call `git` as an oracle and to build fixtures; the library never does.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace gate::test {

/// A fresh directory under $TMPDIR, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string str() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

/// The outcome of running a program.
struct RunResult {
  int exit_code = -1;  ///< -1 when killed by a signal
  std::string out;
  std::string err;
};

/// How to run a program.
struct RunOptions {
  std::filesystem::path cwd;                              ///< empty: inherit
  std::map<std::string, std::optional<std::string>> env;  ///< set, or unset with nullopt
  std::string input;                                      ///< standard input
};

/// Runs argv[0] (searched on PATH) without a shell. The child's environment is this
/// process's with GIT_* variables removed, a fixed git identity, and `options.env` applied.
RunResult run(const std::vector<std::string>& argv, const RunOptions& options = {});

/// Runs `git args...` in `dir`; fails the current test when git exits non-zero.
std::string git(const std::filesystem::path& dir, const std::vector<std::string>& args,
                const RunOptions& options = {});

/// Creates parent directories and writes `content` to `dir/relative`.
void write_file(const std::filesystem::path& dir, const std::string& relative,
                const std::string& content);

/// `git init -b main` in `dir` with a fixed identity and no global config influence.
void init_repo(const std::filesystem::path& dir);

/// `git add -A && git commit -m message` in `dir`; returns the new commit id.
std::string commit_all(const std::filesystem::path& dir, const std::string& message,
                       const RunOptions& options = {});

/// Paths of the built programs.
std::string cli_path();
std::string hook_path();

}  // namespace gate::test
