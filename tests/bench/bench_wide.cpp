// Benchmark of `git-gate check` against `git diff --numstat` on big changes in wide
// repositories (issue 16). Prints figures; it is not a test.
//
//   bench_wide [DIR [LAYOUT...]]
//
// Builds with `git fast-import` (or, given DIR holding an earlier run's repositories,
// reuses) three repositories, repacked like a clone:
//   deep     60,000 files in 6,000 directories five levels down, ranges changing
//            100, 1k, 10k and 50k files, and 10k again on a base whose root
//            .gitattributes can mark files generated ("deep+attributes");
//   wide     60,000 files, one directory of 3,000 subdirectories; 10k and 50k changed;
//   shallow  20,000 files in 200 directories, bench_diff's range of 20,200 files.
// For every range it runs both commands alternately (best of 9, 5 at 50k) and prints
// the CPU time (user + system) and peak RSS of each child as wait4() reports them,
// the check/git ratios of both, and the commands that reproduce them. Then a scaling
// table of check on the deep ranges, and the targets.
// Build and run: cmake --build build/dev --target bench_wide &&
//                build/dev/tests/bench/bench_wide [DIR [deep|wide|shallow...]]

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

// The support library's helpers use doctest; implementing it here (without its
// main) keeps the library's doctest main out of this program.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "gate/repository.hpp"
#include "support.hpp"

namespace {

namespace fs = std::filesystem;
using gate::test::run;
using gate::test::RunOptions;
using gate::test::RunResult;

constexpr const char* kPolicy =
    "version = 1\ntimezone = \"UTC\"\nprotected = [\"refs/heads/main\"]\n\n[size]\n"
    "severity = \"warn\"\nmax_components = 1\n";

// One file operation of a head commit.
struct Edit {
  enum Kind { modify, add, remove } kind;
  std::string path;
};

struct Layout {
  std::string name;
  std::string description;
  std::vector<std::string> files;                       // of the base commit
  std::vector<std::size_t> sizes;                       // changed files per range
  std::function<std::vector<Edit>(std::size_t)> edits;  // the edits of a range
  std::size_t lines = 12;                               // lines per base file
  std::vector<std::size_t> attribute_sizes;             // the same ranges on a base whose root
                                                        // .gitattributes can mark files generated
};

std::string numbered(const char* format, int n) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, n);
  return buf;
}

std::string base_text(const std::string& path, std::size_t lines) {
  std::string text;
  for (std::size_t i = 0; i < lines; ++i)
    text += path + " line " + std::to_string(i) + " of the original text\n";
  return text;
}

// Two lines replaced, one appended: numstat "3 2".
std::string edited_text(const std::string& path, std::size_t lines) {
  std::string text;
  for (std::size_t i = 0; i < lines; ++i)
    text += path + " line " + std::to_string(i) +
            (i == 5 || i == 9 ? " of the EDITED text\n" : " of the original text\n");
  return text + "an appended line\n";
}

// `count` changes spread evenly over `files`: one in 50 a deletion, one in 50 a
// modification plus a new file beside it, the rest modifications.
std::vector<Edit> spread_edits(const std::vector<std::string>& files, std::size_t count) {
  std::vector<Edit> edits;
  for (std::size_t j = 0; j < count; ++j) {
    const std::string& path = files[j * files.size() / count];
    if (j % 50 == 0) {
      edits.push_back({Edit::remove, path});
      continue;
    }
    edits.push_back({Edit::modify, path});
    if (j % 50 == 1) edits.push_back({Edit::add, path.substr(0, path.rfind('/') + 1) + "new.txt"});
  }
  return edits;
}

Layout deep_layout() {
  Layout l{"deep", "60k files, deep paths", {}, {100, 1000, 10000, 50000}, {}, 12, {10000}};
  for (int a = 0; a < 10; ++a)
    for (int b = 0; b < 10; ++b)
      for (int c = 0; c < 10; ++c)
        for (int d = 0; d < 6; ++d)
          for (int f = 0; f < 10; ++f)
            l.files.push_back("src/" + numbered("area%02d/", a) + numbered("pkg%02d/", b) +
                              numbered("module%02d/", c) + numbered("part%d/", d) +
                              numbered("file%02d.txt", f));
  std::vector<std::string> files = l.files;
  l.edits = [files](std::size_t n) { return spread_edits(files, n); };
  return l;
}

Layout wide_layout() {
  Layout l{"wide", "60k files; one directory of 3,000 subdirectories", {}, {10000, 50000}, {}, 12,
           {}};
  for (int p = 0; p < 3000; ++p)
    for (int f = 0; f < 20; ++f)
      l.files.push_back("packages/" + numbered("package-%04d/", p) + numbered("file%02d.txt", f));
  std::vector<std::string> files = l.files;
  l.edits = [files](std::size_t n) { return spread_edits(files, n); };
  return l;
}

// bench_diff's repository and large range: per module f000-f002 deleted, f012-f099
// modified, 10 files added.
Layout shallow_layout() {
  Layout l{"shallow", "20k files, shallow tree", {}, {20200}, {}, 30, {}};
  for (int c = 0; c < 10; ++c)
    for (int m = 0; m < 20; ++m)
      for (int f = 0; f < 100; ++f)
        l.files.push_back(numbered("comp%02d/", c) + numbered("mod%02d/", m) +
                          numbered("f%03d.txt", f));
  l.edits = [](std::size_t) {
    std::vector<Edit> edits;
    for (int c = 0; c < 10; ++c)
      for (int m = 0; m < 20; ++m) {
        std::string dir = numbered("comp%02d/", c) + numbered("mod%02d/", m);
        for (int f = 0; f < 100; ++f)
          if (f < 3 || f >= 12)
            edits.push_back({f < 3 ? Edit::remove : Edit::modify, dir + numbered("f%03d.txt", f)});
        for (int n = 0; n < 10; ++n) edits.push_back({Edit::add, dir + numbered("added%d.txt", n)});
      }
    return edits;
  };
  return l;
}

void data(std::string& out, const std::string& bytes) {
  out += "data " + std::to_string(bytes.size()) + "\n" + bytes + "\n";
}

void commit_header(std::string& out, const std::string& ref, int mark, const std::string& msg) {
  out += "commit " + ref + "\nmark :" + std::to_string(mark) +
         "\ncommitter Bench <bench@example.com> 1767225600 +0000\n";
  data(out, msg);
}

// A head commit on `from` with the edits of a range of `size` files.
void range_commit(std::string& out, const Layout& l, const std::string& tag, int from, int mark,
                  std::size_t size) {
  commit_header(out, "refs/tags/" + tag, mark, "change " + std::to_string(size));
  out += "from :" + std::to_string(from) + "\n";
  for (const Edit& e : l.edits(size)) {
    if (e.kind == Edit::remove) {
      out += "D " + e.path + "\n";
      continue;
    }
    out += "M 100644 inline " + e.path + "\n";
    data(out, e.kind == Edit::add ? "added beside\n" + e.path + "\n" + std::to_string(size) + "\n"
                                  : edited_text(e.path, l.lines));
  }
}

// The fast-import stream of the base commit, one head commit per range, and the
// ranges again from a base with a root .gitattributes that can mark files generated
// (which makes the gate ask libgit2 for every changed path's attributes).
std::string import_stream(const Layout& l) {
  std::string out;
  commit_header(out, "refs/heads/main", 1, "base");
  out += "M 100644 inline policy.toml\n";
  data(out, kPolicy);
  out += "M 100644 inline .gitattributes\n";
  data(out, "*.txt text eol=lf\n");
  for (const std::string& path : l.files) {
    out += "M 100644 inline " + path + "\n";
    data(out, base_text(path, l.lines));
  }
  out += "reset refs/tags/bench-base\nfrom :1\n\n";
  int mark = 2;
  for (std::size_t size : l.sizes)
    range_commit(out, l, "bench-" + std::to_string(size), 1, mark++, size);
  if (l.attribute_sizes.empty()) return out;
  int attr_base = mark++;
  commit_header(out, "refs/tags/bench-attr-base", attr_base, "attributes");
  out += "from :1\nM 100644 inline .gitattributes\n";
  data(out, "*.txt text eol=lf\n*.png binary\n*.min.js linguist-generated\n");
  for (std::size_t size : l.attribute_sizes)
    range_commit(out, l, "bench-attr-" + std::to_string(size), attr_base, mark++, size);
  return out;
}

RunResult git(const fs::path& dir, std::vector<std::string> args, const std::string& input = {}) {
  args.insert(args.begin(), {"git", "-C", dir.string()});
  RunOptions options;
  options.input = input;
  RunResult r = run(args, options);
  if (r.exit_code != 0) throw std::runtime_error("git " + args[3] + " failed: " + r.err);
  return r;
}

void build_repository(const fs::path& dir, const Layout& l) {
  std::printf("building %s (%s) in %s ...\n", l.name.c_str(), l.description.c_str(), dir.c_str());
  std::fflush(stdout);
  fs::remove_all(dir);
  fs::create_directories(dir);
  git(dir, {"init", "-q", "-b", "main"});
  git(dir, {"fast-import", "--quiet"}, import_stream(l));
  git(dir, {"repack", "-adfq"});  // a clone's objects are packed, with deltas
  git(dir, {"pack-refs", "--all"});
}

// CPU time (user + system) and peak RSS of one child, as wait4() reports them.
struct Usage {
  double cpu_ms = 1e18;
  long peak_kib = 0;
  int exit_code = -1;
};

Usage fork_and_wait(const std::string& cwd, const std::vector<std::string>& argv) {
  pid_t pid = fork();
  if (pid < 0) return {};
  if (pid == 0) {
    if (chdir(cwd.c_str()) != 0) _exit(127);
    int null = open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(null, 2);
    for (const char* name : {"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY"})
      unsetenv(name);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  if (wait4(pid, &status, 0, &usage) != pid) return {};
  auto ms = [](const timeval& t) { return t.tv_sec * 1e3 + t.tv_usec / 1e3; };
  return {ms(usage.ru_utime) + ms(usage.ru_stime), usage.ru_maxrss,
          WIFEXITED(status) ? WEXITSTATUS(status) : -1};
}

// A child's ru_maxrss counts the memory of the process it was forked from (Linux
// keeps the high-water mark across exec), and this process grows to hundreds of MiB
// building fixtures. So a small process forked at startup runs every measured command:
// requests are NUL-separated "cwd, argv..." blocks preceded by their length.
class Spawner {
 public:
  void start() {
    int to[2], from[2];
    if (pipe(to) != 0 || pipe(from) != 0) throw std::runtime_error("pipe failed");
    pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
      close(to[1]);
      close(from[0]);
      serve(to[0], from[1]);
      _exit(0);
    }
    close(to[0]);
    close(from[1]);
    out_ = to[1];
    in_ = from[0];
  }

  Usage measure(const fs::path& cwd, const std::vector<std::string>& argv) {
    std::string request = cwd.string() + '\0';
    for (const std::string& a : argv) request += a + '\0';
    std::uint32_t size = static_cast<std::uint32_t>(request.size());
    Usage usage;
    if (!write_all(out_, &size, sizeof size) || !write_all(out_, request.data(), size) ||
        !read_all(in_, &usage, sizeof usage))
      throw std::runtime_error("the spawner process failed");
    return usage;
  }

 private:
  static bool write_all(int fd, const void* data, std::size_t n) {
    const char* p = static_cast<const char*>(data);
    while (n > 0) {
      ssize_t w = write(fd, p, n);
      if (w <= 0) return false;
      p += w;
      n -= static_cast<std::size_t>(w);
    }
    return true;
  }
  static bool read_all(int fd, void* data, std::size_t n) {
    char* p = static_cast<char*>(data);
    while (n > 0) {
      ssize_t r = read(fd, p, n);
      if (r <= 0) return false;
      p += r;
      n -= static_cast<std::size_t>(r);
    }
    return true;
  }
  static void serve(int in, int out) {
    std::uint32_t size = 0;
    while (read_all(in, &size, sizeof size)) {
      std::string request(size, '\0');
      if (!read_all(in, request.data(), size)) return;
      std::vector<std::string> fields;
      for (std::size_t pos = 0; pos < request.size();) {
        std::size_t end = request.find('\0', pos);
        fields.push_back(request.substr(pos, end - pos));
        pos = end + 1;
      }
      std::string cwd = fields.front();
      fields.erase(fields.begin());
      Usage usage = fork_and_wait(cwd, fields);
      if (!write_all(out, &usage, sizeof usage)) return;
    }
  }

  int out_ = -1;
  int in_ = -1;
};

Spawner spawner;

Usage measure_child(const fs::path& cwd, const std::vector<std::string>& argv) {
  return spawner.measure(cwd, argv);
}

// Best CPU time and lowest peak RSS of `runs` runs of each command, run alternately
// so that load which comes and goes on the machine falls on both alike.
std::pair<Usage, Usage> alternate(int runs, const fs::path& dir, const std::vector<std::string>& a,
                                  const std::vector<std::string>& b) {
  Usage best_a, best_b;
  best_a.peak_kib = best_b.peak_kib = 1L << 40;
  for (int i = 0; i < runs; ++i)
    for (auto [argv, best] : {std::pair{&a, &best_a}, std::pair{&b, &best_b}}) {
      Usage u = measure_child(dir, *argv);
      best->cpu_ms = std::min(best->cpu_ms, u.cpu_ms);
      best->peak_kib = std::min(best->peak_kib, u.peak_kib);
      best->exit_code = u.exit_code;
    }
  return {best_a, best_b};
}

std::string joined(const std::vector<std::string>& argv) {
  std::string out;
  for (const std::string& a : argv) out += (out.empty() ? "" : " ") + a;
  return out;
}

// numstat rows and their line total.
std::pair<std::size_t, long long> numstat_totals(const std::string& out) {
  std::size_t rows = 0;
  long long lines = 0;
  std::size_t pos = 0;
  while (pos < out.size()) {
    std::size_t end = out.find('\n', pos);
    std::string line = out.substr(pos, end - pos);
    pos = end == std::string::npos ? out.size() : end + 1;
    ++rows;
    if (line[0] != '-') lines += std::stoll(line) + std::stoll(line.substr(line.find('\t') + 1));
  }
  return {rows, lines};
}

struct Row {
  std::string layout;
  std::size_t changed = 0;
  Usage git, check;
};

Row measure(const fs::path& dir, const std::string& label, const std::string& prefix,
            std::size_t size) {
  std::string base = prefix + "base", head = prefix + std::to_string(size);
  std::vector<std::string> numstat = {"git", "diff", "--numstat", base, head};
  std::vector<std::string> check = {
      gate::test::cli_path(), "check", "--base", base, "--head", head, "--format", "json"};
  auto [rows, lines] = numstat_totals(git(dir, {"diff", "--numstat", base, head}).out);
  gate::ChangeSet change = gate::Repository::open(dir.string()).diff(base, head);
  long long got_lines = 0;
  for (const auto& f : change.files) got_lines += f.added + f.deleted;
  bool agree = change.files.size() == rows && got_lines == lines;
  Usage warm = measure_child(dir, check);  // also warms the page cache
  if (warm.exit_code != 0 && warm.exit_code != 1)
    throw std::runtime_error(joined(check) + " exited " + std::to_string(warm.exit_code));
  auto [git_u, check_u] = alternate(size >= 50000 ? 5 : 9, dir, numstat, check);
  std::printf(
      "%s %zu files (numstat rows %zu, lines %lld, gate %s): git cpu %.0f ms, %.1f MiB; "
      "check cpu %.0f ms, %.1f MiB (exit %d); cpu_ratio=%.2f mem_ratio=%.2f\n"
      "  reproduce: cd %s && %s ; %s\n",
      label.c_str(), size, rows, lines, agree ? "agrees" : "DISAGREES", git_u.cpu_ms,
      git_u.peak_kib / 1024.0, check_u.cpu_ms, check_u.peak_kib / 1024.0, check_u.exit_code,
      check_u.cpu_ms / git_u.cpu_ms, static_cast<double>(check_u.peak_kib) / git_u.peak_kib,
      dir.c_str(), joined(numstat).c_str(), joined(check).c_str());
  std::fflush(stdout);
  return {label, rows, git_u, check_u};
}

bool ready(const fs::path& dir, const Layout& l) {
  if (!fs::exists(dir)) return false;
  std::string last = l.attribute_sizes.empty()
                         ? "bench-" + std::to_string(l.sizes.back())
                         : "bench-attr-" + std::to_string(l.attribute_sizes.back());
  return run({"git", "-C", dir.string(), "rev-parse", "-q", "--verify", last}).exit_code == 0;
}

void print_scaling(const std::vector<Row>& rows) {
  std::printf("\nscaling of check, deep layout (per changed file relative to the first row):\n");
  std::printf(
      "| changed files | check CPU ms | check peak MiB | git CPU ms | git peak MiB |"
      " CPU us/file |\n|---|---|---|---|---|---|\n");
  for (const Row& r : rows) {
    if (r.layout != "deep") continue;
    std::printf("| %zu | %.0f | %.1f | %.0f | %.1f | %.1f |\n", r.changed, r.check.cpu_ms,
                r.check.peak_kib / 1024.0, r.git.cpu_ms, r.git.peak_kib / 1024.0,
                r.check.cpu_ms * 1000 / static_cast<double>(r.changed));
  }
}

}  // namespace

int main(int argc, char** argv) {
  spawner.start();  // first, while this process is small
  std::optional<gate::test::TempDir> tmp;
  fs::path root;
  if (argc > 1) {
    root = fs::absolute(argv[1]);
  } else {
    tmp.emplace();
    root = tmp->path();
  }
  std::vector<std::string> only;
  for (int i = 2; i < argc; ++i) only.push_back(argv[i]);
  std::vector<Row> rows;
  try {
    for (const Layout& l : {deep_layout(), wide_layout(), shallow_layout()}) {
      if (!only.empty() && std::find(only.begin(), only.end(), l.name) == only.end()) continue;
      fs::path dir = root / l.name;
      if (!ready(dir, l)) build_repository(dir, l);
      for (std::size_t size : l.sizes) rows.push_back(measure(dir, l.name, "bench-", size));
      for (std::size_t size : l.attribute_sizes)
        rows.push_back(measure(dir, l.name + "+attributes", "bench-attr-", size));
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 2;
  }
  print_scaling(rows);
  std::printf(
      "targets: cpu_ratio <= 1.5 at 10k and 50k (deep, wide), <= 1.1 on shallow; "
      "mem_ratio <= 2\n");
  return 0;
}
