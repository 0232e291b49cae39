// Benchmark of CODEOWNERS as a whole process: the built `git-gate explain` (and `check`)
// run as children, timed by wall clock, with peak memory from wait4's ru_maxrss. Prints
// figures; it is not a test.
//
//   bench_explain [KIBANA_PATHS_FILE]
//
//   (a) kibana's CODEOWNERS (3,443 rules) x 100,000 kibana-like paths (the file given,
//       one path a line, else generated as bench_owners does), `explain --format json`
//       and `--format text`. Targets: <= 60 ms wall and <= 58 MiB peak, i.e. >= 64x
//       hmarr/codeowners (4.0 s, 39 MiB on the issue's machine; it cannot be built here)
//       with memory <= 1.5x its. The ratio printed is to the naive scan (match_by_scan
//       over every path, in this process, in the same run), and to `git rev-parse HEAD`
//       in the same run, a hint of how fast the machine was.
//   (b) 100,000 unindexable globs (`*ab12x*`, random 5-byte pieces) x 20,000 paths:
//       explain (JSON, text) and `check` of a change adding the 20,000 paths. Target:
//       < 10 s each; the explain answers are compared with match_by_scan on a sample.
//   (c) scaling: explain JSON, 20,000 paths, against 100, 1k, 10k and 100k such globs:
//       wall time and peak memory; no row may grow faster than the rules.
// Each child figure is the best wall time of several runs (with that run's CPU time,
// which neighbours' load does not inflate) and the peak RSS of one more run under
// /usr/bin/time.
// Build and run: cmake --build build/dev --target bench_explain &&
//                build/dev/tests/bench/bench_explain [PATHS]

// The support library's helpers use doctest; implementing it here (without its
// main) keeps the library's doctest main out of this program.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "child_run.hpp"
#include "gate/owners_index.hpp"
#include "kibana_paths.hpp"
#include "support.hpp"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

using gate::bench::ChildRun;
using gate::bench::run_child;

std::string slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

/// The program's own peak RSS in KiB, from `/usr/bin/time -f %M`, which forks it from a
/// small process; 0 when time is not installed.
long peak_of(const std::vector<std::string>& argv, const fs::path& cwd, const fs::path& work) {
  if (!fs::exists("/usr/bin/time")) return 0;
  std::string report = (work / "peak.txt").string();
  std::vector<std::string> timed = {"/usr/bin/time", "-f", "%M", "-o", report};
  timed.insert(timed.end(), argv.begin(), argv.end());
  run_child(timed, cwd);
  // A failing command's report starts "Command exited with non-zero status N".
  std::string text = slurp(report);
  std::istringstream in(text);
  long kib = 0;
  for (std::string word; in >> word;)
    if (!word.empty() && std::all_of(word.begin(), word.end(), ::isdigit)) kib = std::stol(word);
  if (kib < 1024) std::fprintf(stderr, "unexpected /usr/bin/time report: %s\n", text.c_str());
  return kib;
}

/// The fastest of `runs` runs, and the program's peak RSS.
ChildRun best_of(int runs, const std::vector<std::string>& argv, const fs::path& cwd) {
  ChildRun best;
  for (int i = 0; i < runs; ++i) {
    ChildRun r = run_child(argv, cwd);
    if (i == 0 || r.wall < best.wall) best = r;
  }
  best.peak_kib = peak_of(argv, cwd, cwd.parent_path());
  return best;
}

double mib(long kib) { return static_cast<double>(kib) / 1024.0; }

void write_lines(const fs::path& file, const std::vector<std::string>& lines) {
  std::ofstream out(file, std::ios::binary);
  for (const std::string& line : lines) out << line << '\n';
}

/// `git -C dir args...` (the support library's git() asserts with doctest, which needs
/// a running test).
void git(const fs::path& dir, std::vector<std::string> args) {
  args.insert(args.begin(), {"git", "-C", dir.string()});
  gate::test::RunResult r = gate::test::run(args);
  if (r.exit_code != 0) throw std::runtime_error("git failed: " + r.err);
}

void commit_all(const fs::path& dir, const std::string& message) {
  git(dir, {"add", "-A"});
  git(dir, {"commit", "-q", "-m", message});
}

/// A repository whose one commit holds `codeowners` as .github/CODEOWNERS.
void make_repo(const fs::path& dir, const std::string& codeowners, const std::string& policy) {
  fs::create_directories(dir);
  git(dir, {"init", "-q", "-b", "main"});
  gate::test::write_file(dir, ".github/CODEOWNERS", codeowners);
  if (!policy.empty()) gate::test::write_file(dir, "policy.toml", policy);
  commit_all(dir, "codeowners");
}

/// Seconds of one in-process naive scan of `paths`.
double scan_seconds(const gate::Codeowners& c, const std::vector<std::string>& paths,
                    std::vector<int>& lines) {
  lines.clear();
  Clock::time_point start = Clock::now();
  for (const std::string& path : paths) {
    gate::Ownership o = gate::match_by_scan(c, path);
    lines.push_back(o.unmatched() ? 0 : o.rules.back()->line);
  }
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// The deciding line of each entry of explain's JSON ("FILE:N" -> N; 0 when null).
std::vector<int> explained_lines(const std::string& json) {
  std::vector<int> out;
  for (const nlohmann::json& entry : nlohmann::json::parse(json)) {
    const nlohmann::json& line = entry["owner_line"];
    std::string text = line.is_null() ? ":0" : line.get<std::string>();
    out.push_back(std::stoi(text.substr(text.rfind(':') + 1)));
  }
  return out;
}

void print_run(const char* label, const ChildRun& r) {
  std::printf("  %-28s %9.1f ms wall  %9.1f ms CPU  %7.1f MiB peak  (exit %d)\n", label,
              r.wall * 1e3, r.cpu * 1e3, mib(r.peak_kib), r.exit_code);
}

std::vector<std::string> explain_argv(const char* format, const fs::path& paths) {
  return {GATE_CLI, "explain", "--rev", "HEAD", "--format", format, "--paths-from", paths.string()};
}

/// `count` globs `*xxxxx*` over [a-z0-9], each with its own team.
std::string adversarial_codeowners(std::size_t count) {
  std::mt19937 rng(12345);
  const std::string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::string text;
  for (std::size_t i = 0; i < count; ++i) {
    std::string piece;
    for (int k = 0; k < 5; ++k) piece += alphabet[rng() % alphabet.size()];
    text += "*" + piece + "* @org/team-" + std::to_string(i % 500) + "\n";
  }
  return text;
}

void kibana_section(const fs::path& work, const char* paths_arg) {
  const char* name = "elastic__kibana__CODEOWNERS";
  std::string text = slurp(fs::path(GATE_CORPUS_DIR) / name);
  gate::Codeowners c = gate::parse_codeowners(text, name, gate::OwnersSyntax::github);
  std::vector<std::string> paths;
  if (paths_arg) {
    std::istringstream in(slurp(paths_arg));
    for (std::string line; std::getline(in, line);)
      if (!line.empty()) paths.push_back(line);
  } else {
    paths = gate::bench::kibana_paths(c, 100000);
  }
  fs::path repo = work / "kibana", list = work / "kibana.paths.txt";
  make_repo(repo, text, "");
  write_lines(list, paths);
  std::printf("=== (a) kibana CODEOWNERS (%zu rules) x %zu paths (%s) ===\n", c.rules.size(),
              paths.size(), paths_arg ? paths_arg : "generated");
  std::vector<int> scanned;
  double scan = scan_seconds(c, paths, scanned);
  std::printf("  naive scan, in process       %9.1f ms\n", scan * 1e3);
  // The 60 ms target is absolute, for the issue's machine, where `git rev-parse HEAD`
  // took 1.3-1.5 ms, and this VM's speed drifts 1.5-2x within a session: rev-parse in
  // the same run shows how fast the machine was. Only a hint: rev-parse is mostly
  // process start, explain mostly lookups.
  double rev_parse = 0;
  for (int i = 0; i < 20; ++i) {
    double wall = run_child({"git", "rev-parse", "HEAD"}, repo).wall;
    if (i == 0 || wall < rev_parse) rev_parse = wall;
  }
  constexpr double kIssueRevParse = 0.0014, kTarget = 0.060;
  std::printf("  git rev-parse HEAD            %9.2f ms (the issue's machine: 1.3-1.5 ms)\n",
              rev_parse * 1e3);
  for (const char* format : {"json", "text"}) {
    ChildRun r = best_of(5, explain_argv(format, list), repo);
    print_run(format, r);
    std::printf(
        "    vs naive scan %.1fx; vs hmarr's 4.0 s %.1fx (target >= 64x: wall <= 60 ms %s,"
        " peak <= 58 MiB %s)\n",
        scan / r.wall, 4.0 / r.wall, r.wall <= kTarget ? "met" : "NOT met",
        mib(r.peak_kib) <= 58 ? "met" : "NOT met");
    std::printf("    %.1fx this run's git rev-parse HEAD (60 ms is %.0fx the issue's)\n",
                r.wall / rev_parse, kTarget / kIssueRevParse);
  }
  run_child(explain_argv("json", list), repo, "/dev/null", (work / "kibana.json").string());
  std::printf("  explain's lines vs the scan's on all paths: %s\n\n",
              explained_lines(slurp(work / "kibana.json")) == scanned ? "equal" : "DIFFERENT");
}

/// `check` of a change adding `paths` to a base holding `codeowners` and a policy.
ChildRun check_run(const fs::path& repo, const std::string& codeowners,
                   const std::vector<std::string>& paths) {
  make_repo(repo, codeowners, "version = 1\nprotected = [\"refs/heads/main\"]\n");
  for (const std::string& path : paths) gate::test::write_file(repo, path, "x\n");
  commit_all(repo, "paths");
  return best_of(2,
                 {GATE_CLI, "check", "--base", "HEAD~1", "--head", "HEAD", "--ref",
                  "refs/heads/main", "--format", "json"},
                 repo);
}

}  // namespace

int main(int argc, char** argv) try {
  gate::test::TempDir tmp;
  const fs::path work = tmp.path();
  std::printf("Child processes: best wall time of several runs, that run's CPU time, peak RSS.\n");
  std::printf(
      "Reproduce: cmake --build build/dev --target bench_explain && "
      "build/dev/tests/bench/bench_explain [PATHS]\n\n");
  kibana_section(work, argc > 1 ? argv[1] : nullptr);

  const char* name = "elastic__kibana__CODEOWNERS";
  gate::Codeowners kibana = gate::parse_codeowners(slurp(fs::path(GATE_CORPUS_DIR) / name), name,
                                                   gate::OwnersSyntax::github);
  std::vector<std::string> paths = gate::bench::kibana_paths(kibana, 20000);
  fs::path list = work / "adversarial.paths.txt";
  write_lines(list, paths);

  std::printf("=== (b) 100,000 globs `*xxxxx*` x 20,000 paths (target < 10 s each) ===\n");
  std::string globs = adversarial_codeowners(100000);
  fs::path repo = work / "globs";
  make_repo(repo, globs, "");
  gate::Codeowners c = gate::parse_codeowners(globs, "CODEOWNERS", gate::OwnersSyntax::github);
  std::vector<std::string> sample;
  std::vector<std::size_t> at;
  for (std::size_t i = 0; i < paths.size(); i += paths.size() / 100) {
    sample.push_back(paths[i]);
    at.push_back(i);
  }
  std::vector<int> scanned;
  double scan = scan_seconds(c, sample, scanned) * static_cast<double>(paths.size()) /
                static_cast<double>(sample.size());
  std::printf("  naive scan, in process       %9.1f ms (extrapolated from %zu paths)\n", scan * 1e3,
              sample.size());
  for (const char* format : {"json", "text"}) {
    ChildRun r = best_of(3, explain_argv(format, list), repo);
    print_run(format, r);
    std::printf("    vs naive scan %.0fx; target < 10 s %s\n", scan / r.wall,
                r.wall < 10 ? "met" : "NOT met");
  }
  run_child(explain_argv("json", list), repo, "/dev/null", (work / "globs.json").string());
  std::vector<int> explained = explained_lines(slurp(work / "globs.json"));
  std::size_t mismatches = 0;
  for (std::size_t k = 0; k < at.size(); ++k) mismatches += explained[at[k]] != scanned[k];
  std::printf("  explain vs scan on the %zu sampled paths: %zu mismatches\n", at.size(),
              mismatches);
  ChildRun check = check_run(work / "globs-check", globs, paths);
  print_run("check, 20,000 changed paths", check);
  std::printf("    target < 10 s %s\n\n", check.wall < 10 ? "met" : "NOT met");

  std::printf("=== (c) scaling: explain --format json, 20,000 paths ===\n");
  std::printf("  %8s %12s %12s %12s\n", "rules", "wall ms", "CPU ms", "peak MiB");
  for (std::size_t rules : {100, 1000, 10000, 100000}) {
    fs::path dir = work / ("scale" + std::to_string(rules));
    make_repo(dir, adversarial_codeowners(rules), "");
    ChildRun r = best_of(3, explain_argv("json", list), dir);
    std::printf("  %8zu %12.1f %12.1f %12.1f\n", rules, r.wall * 1e3, r.cpu * 1e3, mib(r.peak_kib));
  }
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "error: %s\n", e.what());
  return 2;
}
