// Benchmark of what a push pays for the pre-push hook, against `git rev-parse HEAD` in
// the same repository, measured in the same run. Prints figures; it is not a test.
//
//   bench_hook [RUNS]
//
// Builds a small repository with a bare remote and a 10-file change on main, then times
// (median and best of RUNS runs each, run in turn so that load falls on all alike):
//   git rev-parse HEAD                                    the yardstick
//   startup_floor                                         libgit2 load + init, nothing else
//   startup_floor_programs      the same, linked as the programs are (no CA bundle)
//   pre-push origin URL < "refs/heads/main H refs/heads/main B"   2-line CODEOWNERS
//   the same push with kibana's CODEOWNERS (3,443 rules) in the base
//   git-gate window
// Targets (issue 16): hook <= 5x rev-parse; kibana hook <= 1.3x the 2-line hook;
// window <= 5x rev-parse.
// Build and run: cmake --build build/dev --target bench_hook && build/dev/tests/bench/bench_hook

#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "child_run.hpp"
#include "support.hpp"

namespace {

namespace fs = std::filesystem;
using gate::test::run;

void write(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
}

std::string git(const fs::path& dir, std::vector<std::string> args) {
  args.insert(args.begin(), {"git", "-C", dir.string()});
  gate::test::RunResult r = run(args);
  if (r.exit_code != 0) throw std::runtime_error("git " + args[3] + " failed: " + r.err);
  while (!r.out.empty() && r.out.back() == '\n') r.out.pop_back();
  return r.out;
}

struct Sample {
  double wall_ms;
  double cpu_ms;
};

// One run of `argv` in `cwd` with stdin from `input` and output discarded.
Sample run_once(const std::vector<std::string>& argv, const fs::path& cwd, const fs::path& input) {
  gate::bench::ChildRun r = gate::bench::run_child(argv, cwd, input.string());
  if (r.exit_code < 0 || r.exit_code == 2)
    throw std::runtime_error(argv[0] + " failed in " + cwd.string());
  return {r.wall * 1e3, r.cpu * 1e3};
}

struct Figure {
  std::string label;
  std::vector<std::string> argv;
  fs::path cwd;
  std::vector<Sample> samples;

  double median_wall() const {
    return median([](const Sample& s) { return s.wall_ms; });
  }
  double median_cpu() const {
    return median([](const Sample& s) { return s.cpu_ms; });
  }
  template <class F>
  double median(F of) const {
    std::vector<double> v;
    for (const Sample& s : samples) v.push_back(of(s));
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  }
};

// A repository whose base holds `codeowners`, pushed to a bare remote, and a commit on
// top changing 10 files; returns the pre-push input line for pushing it.
fs::path make_repo(const fs::path& root, const std::string& codeowners) {
  fs::path remote = root / "remote.git", dir = root / "work";
  fs::create_directories(root);
  run({"git", "init", "-q", "--bare", remote.string()});
  run({"git", "init", "-q", "-b", "main", dir.string()});
  git(dir, {"config", "user.email", "dev@example.com"});
  git(dir, {"config", "user.name", "Dev"});
  write(dir / "policy.toml",
        "version = 1\ntimezone = \"Europe/Berlin\"\nprotected = [\"refs/heads/main\"]\n\n"
        "[[freeze]]\nid = \"friday\"\nweekly = \"Fri 12:00 - Mon 06:00\"\n"
        "reason = \"No releases on Friday afternoon\"\n\n"
        "[[freeze]]\nid = \"new-year\"\nfrom = 2026-12-24T00:00:00\nuntil = 2027-01-02T00:00:00\n"
        "zone = \"America/New_York\"\nreason = \"Holidays\"\n");
  write(dir / ".github" / "CODEOWNERS", codeowners);
  for (int i = 0; i < 10; ++i) write(dir / "src" / ("f" + std::to_string(i) + ".txt"), "one\n");
  git(dir, {"add", "-A"});
  git(dir, {"commit", "-q", "-m", "base"});
  git(dir, {"remote", "add", "origin", remote.string()});
  git(dir, {"push", "-q", "origin", "main"});
  std::string base = git(dir, {"rev-parse", "HEAD"});
  for (int i = 0; i < 10; ++i) write(dir / "src" / ("f" + std::to_string(i) + ".txt"), "two\n");
  git(dir, {"commit", "-q", "-a", "-m", "a 10-file change"});
  write(root / "push.txt",
        "refs/heads/main " + git(dir, {"rev-parse", "HEAD"}) + " refs/heads/main " + base + "\n");
  return dir;
}

std::string read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

int main(int argc, char** argv) {
  int runs = argc > 1 ? std::atoi(argv[1]) : 200;
  // A Wednesday: the push is allowed, so the hook does all of its work.
  setenv("GATE_NOW", "2026-12-02T10:00:00Z", 1);
  try {
    gate::test::TempDir tmp;
    fs::path small = make_repo(tmp.path() / "small", "* @org/all\n/src/ @org/src\n");
    std::string kibana = read_file(fs::path(GATE_CORPUS_DIR) / "elastic__kibana__CODEOWNERS");
    if (kibana.empty()) throw std::runtime_error("corpus not found at " GATE_CORPUS_DIR);
    fs::path big = make_repo(tmp.path() / "kibana", kibana);
    std::string hook = gate::test::hook_path(), cli = gate::test::cli_path();
    std::vector<Figure> figures = {
        {"git rev-parse HEAD", {"git", "rev-parse", "HEAD"}, small, {}},
        {"startup floor (libgit2 load + init)", {GATE_STARTUP_FLOOR}, small, {}},
        {"  linked as the programs (no CA bundle)", {GATE_STARTUP_FLOOR_PROGRAMS}, small, {}},
        {"pre-push, 10 files, 2-line CODEOWNERS", {hook, "origin", "x"}, small, {}},
        {"pre-push, 10 files, kibana CODEOWNERS", {hook, "origin", "x"}, big, {}},
        {"git-gate window", {cli, "window"}, small, {}},
    };
    for (int i = 0; i < runs; ++i)
      for (Figure& f : figures) {
        fs::path input = f.cwd.parent_path() / "push.txt";
        f.samples.push_back(run_once(f.argv, f.cwd, input));
      }
    std::printf("%d runs each, in turn; median wall / median CPU (user+sys) in ms\n", runs);
    for (const Figure& f : figures)
      std::printf("  %-40s %7.2f  %7.2f\n", f.label.c_str(), f.median_wall(), f.median_cpu());
    auto wall = [&](std::size_t i) { return figures[i].median_wall(); };
    enum { rev_parse, floor_any, floor_programs, small_hook, kibana_hook, window };
    std::printf("hook_ratio=%.2f (target <= 5)\n", wall(small_hook) / wall(rev_parse));
    std::printf("kibana_hook_ratio=%.2f (target <= 1.3, kibana over 2-line CODEOWNERS)\n",
                wall(kibana_hook) / wall(small_hook));
    std::printf("window_ratio=%.2f (target <= 5)\n", wall(window) / wall(rev_parse));
    std::printf("floor_ratio=%.2f (what no program on Debian's libgit2 can go below)\n",
                wall(floor_any) / wall(rev_parse));
    std::printf("programs_floor_ratio=%.2f (the same without the CA bundle: git-gate's floor)\n",
                wall(floor_programs) / wall(rev_parse));
    std::printf(
        "reproduce: cmake --build build/dev --target bench_hook && "
        "build/dev/tests/bench/bench_hook %d\n",
        runs);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 2;
  }
  return 0;
}
