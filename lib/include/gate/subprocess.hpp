#pragma once
// Running a helper program from an argument vector, never a shell: ssh-keygen in the
// library, the user's own git (for pushing notes) in the programs only.
// Input and outputs go through temporary files, so a chatty child cannot deadlock on
// a full pipe.

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

/// Runs argv[0] (looked up in PATH) with `input` on stdin and LC_ALL=C added to the
/// environment. Throws UsageError when the program cannot be started, naming
/// `package` as where it comes from.
ProcessResult run_process(const std::vector<std::string>& argv, std::string_view input,
                          std::string_view package);

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
