#pragma once
// Running a program as a child for the benchmarks (bench_explain, bench_hook): wall time,
// and CPU time and peak RSS from wait4().

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

extern char** environ;

namespace gate::bench {

struct ChildRun {
  double wall = 0, cpu = 0;  ///< seconds; cpu is user + system
  long peak_kib = 0;         ///< ru_maxrss: see run_child
  int exit_code = -1;        ///< -1 when it did not exit
};

/// Runs `argv` (looked up on PATH) in `cwd` with stdin from `in` and stdout to `out`
/// (file paths), stderr on /dev/null. Its ru_maxrss is not the program's own: Linux
/// carries the peak of the memory a child starts with (this process's) across exec.
inline ChildRun run_child(const std::vector<std::string>& argv, const std::filesystem::path& cwd,
                          const std::string& in = "/dev/null",
                          const std::string& out = "/dev/null") {
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, in.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
  auto start = std::chrono::steady_clock::now();
  pid_t pid = 0;
  int failed = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (failed != 0) throw std::runtime_error("cannot run " + argv[0]);
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  ChildRun r;
  r.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.cpu = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
          static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1e-6;
  r.peak_kib = usage.ru_maxrss;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace gate::bench
