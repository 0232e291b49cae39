#pragma once
// Running a helper program from an argument vector, never a shell: ssh-keygen in the
// library, the user's own git (for pushing notes) in the programs only.
// Input and outputs go through temporary files, so a chatty child cannot deadlock on
// a full pipe.

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace gate {

/// What a finished program left.
struct ProcessResult {
  int exit_code = -1;  ///< -1 when it died of a signal
  std::string out;
  std::string err;
};

/// How long a helper may run before it is killed: a hung ssh-keygen must not hang every
/// verification (docs/rules.md, "Exit codes": the gate fails closed).
inline constexpr std::chrono::milliseconds default_process_timeout{10'000};

/// Whether the program may ask the person at the terminal something (a key's passphrase,
/// a password for `git push`).
enum class Prompt {
  never,     ///< a process group of its own: a timeout kills whatever it started too
  terminal,  ///< stays in the caller's process group, so it can read /dev/tty
};

/// Runs argv[0] (looked up in PATH) with `input` on stdin and LC_ALL=C added to the
/// environment. Throws UsageError when the program cannot be started, naming `package`
/// as where it comes from, and when it runs longer than `timeout`: then it (with
/// Prompt::never, its whole group) is killed and reaped first, and the message names the
/// program and the timeout.
ProcessResult run_process(const std::vector<std::string>& argv, std::string_view input,
                          std::string_view package,
                          std::chrono::milliseconds timeout = default_process_timeout,
                          Prompt prompt = Prompt::never);

/// A file in $TMPDIR (or /tmp) removed when this goes out of scope.
class TempFile {
 public:
  explicit TempFile(std::string_view content);
  ~TempFile();
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace gate
