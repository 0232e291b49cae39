// Benchmark of the git adapter's diff against `git diff --numstat`, and of the CLI
// end to end. Prints figures; it is not a test.
//
//   bench_diff [DIR]
//
// Builds (or, given DIR holding an earlier run's repository, reuses) a repository
// whose range bench-base..bench-head changes 20,200 files in 210 directories (17,600
// modified, 2,000 added, 600 deleted; 118,000 lines), packed like a clone. Then:
//   (a) git diff --numstat base head
//   (c) git-gate check --base B --head H --format json
// best of 5 each, run alternately; their ratio; and best of 3 of
//   (b) Repository::open + Repository::diff(base, head), in-process.
// The same for a typical 10-file change (bench-head..bench-small), and the startup
// floor every libgit2 program pays here, and git-gate's (startup_floor.cpp). Each line also gives
// the CPU time of the best run, which other load does not inflate as it does wall time.
// Targets: (c) <= 1.2 x (a) on the large range; (c) < 30 ms on the small one.
// Build and run: cmake --build build/dev --target bench_diff &&
//                build/dev/tests/bench/bench_diff [DIR]

#include <sys/resource.h>

// The support library's helpers use doctest; implementing it here (without its
// main) keeps the library's doctest main out of this program.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "gate/error.hpp"
#include "gate/repository.hpp"
#include "support.hpp"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using gate::test::run;
using gate::test::RunOptions;
using gate::test::RunResult;

constexpr int kComponents = 10;
constexpr int kModulesPerComponent = 20;
constexpr int kFilesPerModule = 100;
constexpr int kBaseLines = 30;

std::string module_dir(int c, int m) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "comp%02d/mod%02d/", c, m);
  return buf;
}

std::string file_name(int f) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "f%03d.txt", f);
  return buf;
}

void write(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
}

std::string base_text(const std::string& dir, int f) {
  std::string text;
  for (int i = 0; i < kBaseLines; ++i)
    text += dir + file_name(f) + " line " + std::to_string(i) + " of the original text\n";
  return text;
}

// Per module: f000-f002 deleted (30 lines each), f003-f011 unchanged, f012-f099
// modified (2 lines replaced, 1 appended: 5 changed lines), 10 files of 6 lines added.
std::string head_text(const std::string& dir, int f) {
  std::string text;
  for (int i = 0; i < kBaseLines; ++i) {
    bool edited = i == 7 || i == 19;
    text += dir + file_name(f) + " line " + std::to_string(i) +
            (edited ? " of the EDITED text\n" : " of the original text\n");
  }
  return text + "an appended line\n";
}

RunResult git(const fs::path& dir, std::vector<std::string> args) {
  args.insert(args.begin(), {"git", "-C", dir.string()});
  RunResult r = run(args);
  if (r.exit_code != 0) throw std::runtime_error("git " + args[3] + " failed: " + r.err);
  return r;
}

std::string rev(const fs::path& dir, const std::string& name) {
  std::string out = git(dir, {"rev-parse", name}).out;
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

void commit(const fs::path& dir, const std::string& message, const std::string& tag) {
  git(dir, {"add", "-A"});
  git(dir, {"commit", "-q", "-m", message});
  git(dir, {"tag", "-f", tag});
}

void build_repository(const fs::path& dir) {
  std::printf("building the benchmark repository in %s ...\n", dir.c_str());
  fs::create_directories(dir);
  git(dir, {"init", "-q", "-b", "main"});
  git(dir, {"config", "core.autocrlf", "false"});
  write(dir / "policy.toml",
        "version = 1\ntimezone = \"UTC\"\nprotected = [\"refs/heads/main\"]\n\n[size]\n"
        "severity = \"warn\"\nmax_components = 1\n");
  for (int c = 0; c < kComponents; ++c)
    for (int m = 0; m < kModulesPerComponent; ++m)
      for (int f = 0; f < kFilesPerModule; ++f)
        write(dir / (module_dir(c, m) + file_name(f)), base_text(module_dir(c, m), f));
  commit(dir, "base", "bench-base");
  for (int c = 0; c < kComponents; ++c)
    for (int m = 0; m < kModulesPerComponent; ++m) {
      std::string d = module_dir(c, m);
      for (int f = 0; f < 3; ++f) fs::remove(dir / (d + file_name(f)));
      for (int f = 12; f < kFilesPerModule; ++f) write(dir / (d + file_name(f)), head_text(d, f));
      for (int n = 0; n < 10; ++n) {
        std::string text;
        for (int i = 0; i < 6; ++i)
          text += d + "new " + std::to_string(n) + " line " + std::to_string(i) + "\n";
        write(dir / (d + "added" + std::to_string(n) + ".txt"), text);
      }
    }
  commit(dir, "the large change", "bench-head");
  for (int i = 0; i < 10; ++i) {
    std::string d = module_dir(i % 3, i);
    write(dir / (d + file_name(50)),
          head_text(d, 50) + "one more line " + std::to_string(i) + "\n");
  }
  commit(dir, "a typical change", "bench-small");
  git(dir, {"repack", "-adq"});  // a clone's objects are packed
}

// CPU time of this process (or of its waited-for children) so far, in ms.
double cpu_ms(int who) {
  rusage usage{};
  getrusage(who, &usage);
  auto ms = [](const timeval& t) { return t.tv_sec * 1e3 + t.tv_usec / 1e3; };
  return ms(usage.ru_utime) + ms(usage.ru_stime);
}

// Best of `runs` wall-clock times, and the CPU time of that best run (which, unlike
// wall time, does not suffer when other processes load the machine).
struct Timing {
  double wall_ms = 1e18;
  double cpu_ms = 0;
};

Timing best_of(int runs, bool in_process, const std::function<void()>& action) {
  Timing best;
  int who = in_process ? RUSAGE_SELF : RUSAGE_CHILDREN;
  for (int i = 0; i < runs; ++i) {
    double cpu_start = cpu_ms(who);
    auto start = Clock::now();
    action();
    double wall = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    if (wall < best.wall_ms) best = {wall, cpu_ms(who) - cpu_start};
  }
  return best;
}

struct Totals {
  std::size_t files = 0;
  std::int64_t lines = 0;
};

Totals numstat_totals(const std::string& out) {
  Totals t;
  std::size_t pos = 0;
  while (pos < out.size()) {
    std::size_t end = out.find('\n', pos);
    std::string line = out.substr(pos, end - pos);
    pos = end == std::string::npos ? out.size() : end + 1;
    ++t.files;
    if (line[0] != '-') t.lines += std::stoll(line) + std::stoll(line.substr(line.find('\t') + 1));
  }
  return t;
}

// Best of `runs` for each of two commands, run alternately so that load which comes
// and goes on the machine falls on both alike.
std::pair<Timing, Timing> best_of_alternating(int runs, const std::function<void()>& first,
                                              const std::function<void()>& second) {
  Timing a, b;
  for (int i = 0; i < runs; ++i) {
    Timing ta = best_of(1, false, first), tb = best_of(1, false, second);
    if (ta.wall_ms < a.wall_ms) a = ta;
    if (tb.wall_ms < b.wall_ms) b = tb;
  }
  return {a, b};
}

// Times one range with git, the in-process diff and the CLI.
void measure(const fs::path& dir, const std::string& label, const std::string& base,
             const std::string& head) {
  std::string numstat = git(dir, {"diff", "--numstat", base, head}).out;
  gate::ChangeSet change;
  Timing gate_t =
      best_of(3, true, [&] { change = gate::Repository::open(dir.string()).diff(base, head); });
  Totals want = numstat_totals(numstat), got;
  got.files = change.files.size();
  for (const auto& f : change.files) got.lines += f.added + f.deleted;
  std::printf("%s: files=%zu lines=%lld (git: files=%zu lines=%lld) %s\n", label.c_str(), got.files,
              static_cast<long long>(got.lines), want.files, static_cast<long long>(want.lines),
              got.files == want.files && got.lines == want.lines ? "agree" : "DISAGREE");

  std::vector<std::string> cli = {
      gate::test::cli_path(), "check", "--base", base, "--head", head, "--format", "json"};
  RunOptions options;
  options.cwd = dir;
  RunResult result = run(cli, options);  // also warms the page cache for the binary
  if (result.exit_code == 2 || result.exit_code < 0) {
    std::string first = result.err.substr(0, result.err.find('\n'));
    std::printf("cli_%s: exit %d (%s); CLI not usable, figures skipped\n", label.c_str(),
                result.exit_code, first.c_str());
    return;
  }
  auto [git_t, cli_t] = best_of_alternating(
      5,
      [&] {
        git(dir, {"diff", "--numstat", base, head});
      },
      [&] { run(cli, options); });
  std::printf("numstat_%s_ms=%.1f cli_%s_ms=%.1f cli_ratio_%s=%.2f\n", label.c_str(), git_t.wall_ms,
              label.c_str(), cli_t.wall_ms, label.c_str(), cli_t.wall_ms / git_t.wall_ms);
  std::printf("numstat_%s_cpu_ms=%.1f cli_%s_cpu_ms=%.1f\n", label.c_str(), git_t.cpu_ms,
              label.c_str(), cli_t.cpu_ms);
  std::printf("gate_diff_%s_ms=%.1f gate_diff_%s_cpu_ms=%.1f (in-process diff alone)\n",
              label.c_str(), gate_t.wall_ms, label.c_str(), gate_t.cpu_ms);
}

// The cost of starting any program built on Debian's libgit2: loading its ~20 shared
// libraries and git_libgit2_init(), which parses the system CA bundle; and the same
// linked as git-gate is, which skips the bundle (lib/program/no_tls_roots.cpp). The CLI
// cannot go below the second.
void measure_floor() {
  for (auto [program, name] : {std::pair{GATE_STARTUP_FLOOR, "startup_floor"},
                               std::pair{GATE_STARTUP_FLOOR_PROGRAMS, "startup_floor_programs"}}) {
    std::vector<std::string> floor = {program};
    run(floor);
    Timing t = best_of(10, false, [&] { run(floor); });
    std::printf("%s_ms=%.1f %s_cpu_ms=%.1f (libgit2 load + init%s)\n", name, t.wall_ms, name,
                t.cpu_ms, program == std::string_view(GATE_STARTUP_FLOOR) ? "" : ", no CA bundle");
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::optional<gate::test::TempDir> tmp;
  fs::path dir;
  if (argc > 1) {
    dir = argv[1];
  } else {
    tmp.emplace();
    dir = tmp->path() / "repo";
  }
  try {
    bool reuse =
        fs::exists(dir / ".git") &&
        run({"git", "-C", dir.string(), "rev-parse", "-q", "--verify", "bench-small"}).exit_code ==
            0;
    if (!reuse) build_repository(dir);
    std::printf("repository: %s, %u hardware threads\n", dir.c_str(),
                std::thread::hardware_concurrency());
    measure(dir, "large", rev(dir, "bench-base"), rev(dir, "bench-head"));
    measure(dir, "small", rev(dir, "bench-head"), rev(dir, "bench-small"));
    measure_floor();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 2;
  }
  std::printf("targets: cli_ratio_large <= 1.2, cli_small_ms < 30\n");
  return 0;
}
