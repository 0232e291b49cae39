// End-to-end tests of git-gate under hook frameworks (docs/hook.md): `git-gate pre-push`
// against the `pre-push` program, then the real pre-commit (Debian's 3.0.4, through this
// repository's .pre-commit-hooks.yaml), lefthook and husky (from npm) each installing the
// gate into a repository with a bare remote, where a Friday push is refused.
//
// A framework that cannot be installed (no network for npm, no apt-get for pre-commit) makes
// its test print "SKIPPED: <reason>", which ctest reports as skipped (tests/CMakeLists.txt).
// npm installs once into the build tree (GATE_HOOK_TOOLS_DIR), so reruns are fast.

#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "ci_fixtures.hpp"

namespace gate::test {
namespace {

namespace fs = std::filesystem;

const std::string lefthook_version = "2.2.1";
const std::string husky_version = "9.1.7";

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

/// True when one line of `text` contains every one of `parts`.
bool has_line(const std::string& text, const std::vector<std::string>& parts) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    bool all = true;
    for (const std::string& part : parts) all = all && contains(line, part);
    if (all) return true;
  }
  return false;
}

void skip(const std::string& reason) { std::printf("SKIPPED: %s\n", reason.c_str()); }

/// Holds an exclusive lock on `path` while alive: the test cases run in parallel processes
/// and share one npm install.
class FileLock {
 public:
  explicit FileLock(const fs::path& path)
      : fd_(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644)) {
    if (fd_ >= 0) ::flock(fd_, LOCK_EX);
  }
  ~FileLock() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_;
};

/// The npm tools' bin directory, installing lefthook and husky (exact versions) on first
/// use; nullopt, with the reason printed, when npm cannot install them.
std::optional<fs::path> npm_tools() {
  fs::path dir = GATE_HOOK_TOOLS_DIR;
  fs::create_directories(dir);
  FileLock lock(dir / ".lock");
  fs::path bin = dir / "node_modules" / ".bin";
  RunOptions in_dir, outside_git;
  in_dir.cwd = dir;
  outside_git.cwd = "/";
  auto installed = [&] {
    return fs::exists(bin / "husky") &&
           trimmed(run({(bin / "lefthook").string(), "version"}, outside_git).out) ==
               lefthook_version;
  };
  if (installed()) return bin;
  if (!fs::exists(dir / "package.json")) write_file(dir, "package.json", "{\"private\": true}\n");
  // --ignore-scripts: lefthook's postinstall would install hooks into the repository that
  // holds the build tree (this project's own). Its binary comes as a dependency anyway.
  RunResult npm =
      run({"npm", "install", "--save-exact", "--ignore-scripts", "--no-audit", "--no-fund",
           "--fetch-retries=1", "lefthook@" + lefthook_version, "husky@" + husky_version},
          in_dir);
  if (npm.exit_code != 0 || !installed()) {
    skip("npm could not install lefthook and husky (no network?): " + trimmed(npm.err));
    return std::nullopt;
  }
  return bin;
}

/// True when pre-commit runs, installing Debian's package first when it is missing (as root,
/// or through sudo without a password); false, with the reason printed, when it cannot.
bool have_pre_commit() {
  if (run({"sh", "-c", "command -v pre-commit"}).exit_code == 0) return true;
  std::string sudo = ::geteuid() == 0 ? "" : "sudo -n ";
  RunResult apt = run({"sh", "-c",
                       sudo + "apt-get install -y -qq pre-commit || (" + sudo +
                           "apt-get update -qq && " + sudo + "apt-get install -y -qq pre-commit)"},
                      RunOptions{{}, {{"DEBIAN_FRONTEND", "noninteractive"}}, {}});
  if (apt.exit_code == 0 && run({"sh", "-c", "command -v pre-commit"}).exit_code == 0) return true;
  skip("pre-commit is not installed and apt-get could not install it: " + trimmed(apt.err));
  return false;
}

/// A PushRepo under the Friday-freeze policy without any hook, with a small change to main
/// committed; its runs see an empty HOME (no global git, husky or pre-commit configuration)
/// and find git-gate (and `extra_path`) on PATH.
struct FrameworkRepo {
  explicit FrameworkRepo(const fs::path& extra_path = {})
      : repo(ci_policy(), false), home(repo.tmp.path() / "home") {
    fs::create_directories(home);
    path = fs::path(cli_path()).parent_path().string() + ":" + std::getenv("PATH");
    if (!extra_path.empty()) path = extra_path.string() + ":" + path;
    write_file(repo.work, "api/change.c", lines_of(3, "change"));
    head = commit_all(repo.work, "change");
  }
  PushRepo repo;
  fs::path home;
  std::string path;
  std::string head;

  Env env(const std::string& now = ci_wednesday) const {
    return {{"HOME", home.string()},
            {"XDG_CONFIG_HOME", home.string()},
            {"PATH", path},
            {"PRE_COMMIT_HOME", (home / "pre-commit").string()},
            {"GATE_NOW", now}};
  }
  /// Runs `argv` in the work tree; fails the test unless it exits 0.
  void setup(const std::vector<std::string>& argv) const {
    RunOptions options;
    options.cwd = repo.work;
    options.env = env();
    RunResult r = run(argv, options);
    INFO(argv[0] << ": " << r.out << r.err);
    REQUIRE(r.exit_code == 0);
  }
  /// A Friday push of main is refused by the gate, a Wednesday one goes through. Frameworks
  /// print the hook's output on either stream, pre-commit only when it fails; one line of
  /// the Wednesday push's output holds every one of `passed` (the gate allowed it).
  void expect_friday_refused(const std::vector<std::string>& passed = {"git-gate: allowed"}) const {
    RunResult friday = repo.push({"origin", "main"}, env(ci_friday));
    INFO(friday.out << friday.err);
    CHECK(friday.exit_code != 0);
    CHECK(contains(friday.out + friday.err, "window.freeze"));
    CHECK(repo.remote_ref("refs/heads/main") == repo.initial);
    RunResult wednesday = repo.push({"origin", "main"}, env(ci_wednesday));
    INFO(wednesday.out << wednesday.err);
    CHECK(wednesday.exit_code == 0);
    CHECK(has_line(wednesday.out + wednesday.err, passed));
    CHECK(repo.remote_ref("refs/heads/main") == head);
  }
};

/// `git-gate pre-push --format json` with `input` on stdin, `args` and `env`.
JsonRun subcommand(const FrameworkRepo& f, const std::string& input,
                   const std::vector<std::string>& args, Env env) {
  std::vector<std::string> argv = {cli_path(), "pre-push", "--format", "json"};
  argv.insert(argv.end(), args.begin(), args.end());
  RunOptions options;
  options.cwd = f.repo.work;
  options.env = std::move(env);
  options.input = input;
  RunResult r = run(argv, options);
  return {r, parse_json(r.out)};
}

/// What pre-commit 3.0.4 sets for a push of `local_sha` to a ref the remote lacks: the
/// parent of the first commit no tracking ref of `origin` has (its hook_impl.py).
std::string pre_commit_from_ref(const fs::path& dir, const std::string& local_sha) {
  std::string ancestors =
      git(dir, {"rev-list", local_sha, "--topo-order", "--reverse", "--not", "--remotes=origin"});
  return rev_parse(dir, ancestors.substr(0, ancestors.find('\n')) + "^");
}

}  // namespace

TEST_CASE("git-gate pre-push with pre-commit's variables reaches the hook program's verdict") {
  FrameworkRepo f;
  git(f.repo.work, {"checkout", "-q", "-b", "feature"});
  write_file(f.repo.work, "web/feature.js", lines_of(2, "feature"));
  std::string feature = commit_all(f.repo.work, "feature");
  struct Case {
    std::string ref, local_sha, remote_sha, from_ref;
  };
  const std::vector<Case> cases = {
      {"refs/heads/main", f.head, f.repo.initial, f.repo.initial},
      {"refs/heads/feature", feature, zero_id_40, pre_commit_from_ref(f.repo.work, feature)},
  };
  for (const Case& c : cases) {
    for (const std::string& now : {ci_friday, ci_wednesday}) {
      INFO(c.ref << " at " << now);
      std::string line = push_line(c.ref, c.local_sha, c.ref, c.remote_sha);
      JsonRun hook = f.repo.hook_json(line, {}, "origin", {}, {{"GATE_NOW", now}});
      REQUIRE(hook.json.is_array());
      REQUIRE(hook.json.size() == 1);
      Env env = {{"GATE_NOW", now},
                 {"PRE_COMMIT_FROM_REF", c.from_ref},
                 {"PRE_COMMIT_TO_REF", c.local_sha},
                 {"PRE_COMMIT_LOCAL_BRANCH", c.ref},
                 {"PRE_COMMIT_REMOTE_NAME", "origin"},
                 {"PRE_COMMIT_REMOTE_BRANCH", c.ref},
                 {"PRE_COMMIT_REMOTE_URL", f.repo.remote_url()}};
      JsonRun from_env = subcommand(f, "", {}, env);
      CHECK(from_env.result.exit_code == hook.result.exit_code);
      CHECK(from_env.json == hook.json);
      // Given git's own line and arguments, as lefthook and husky pass them: the same again.
      JsonRun from_stdin =
          subcommand(f, line, {"origin", f.repo.remote_url()}, {{"GATE_NOW", now}});
      CHECK(from_stdin.result.exit_code == hook.result.exit_code);
      CHECK(from_stdin.json == hook.json);
    }
  }
  // The verdicts differ, so the comparison above could fail.
  JsonRun main_friday =
      f.repo.hook_json(push_line("refs/heads/main", f.head, "refs/heads/main", f.repo.initial), {},
                       "origin", {}, {{"GATE_NOW", ci_friday}});
  CHECK(main_friday.result.exit_code == 1);
}

TEST_CASE("git-gate pre-push with nothing pushed judges nothing") {
  FrameworkRepo f;
  JsonRun r = subcommand(f, "", {}, {{"PRE_COMMIT_REMOTE_BRANCH", std::nullopt}});
  CHECK(r.result.exit_code == 0);
  CHECK(r.json == nlohmann::json::array());
  // Said, so that a framework keeping git's lines to itself does not pass pushes silently.
  CHECK(contains(r.result.err, "nothing judged"));
}

TEST_CASE("pre-commit runs the gate from .pre-commit-hooks.yaml and refuses a Friday push") {
  if (!have_pre_commit()) return;
  FrameworkRepo f;
  // pre-commit clones the hook's repository at a revision: one holding this source tree's
  // .pre-commit-hooks.yaml, as a user's config names git-gate's repository.
  fs::path hooks_repo = f.repo.tmp.path() / "git-gate-hooks";
  init_repo(hooks_repo);
  write_file(hooks_repo, ".pre-commit-hooks.yaml",
             read_bytes(fs::path(GATE_SOURCE_DIR) / ".pre-commit-hooks.yaml"));
  std::string rev = commit_all(hooks_repo, "hooks");
  write_file(f.repo.work, ".pre-commit-config.yaml",
             "repos:\n  - repo: " + hooks_repo.string() + "\n    rev: " + rev +
                 "\n    hooks:\n      - id: git-gate\n");
  f.setup({"pre-commit", "install", "--hook-type", "pre-push"});
  f.expect_friday_refused({"git-gate deployment policy gate", "Passed"});
}

TEST_CASE("lefthook runs the gate with git's standard input and refuses a Friday push") {
  std::optional<fs::path> bin = npm_tools();
  if (!bin) return;
  FrameworkRepo f(*bin);
  // The snippet of docs/hook.md.
  write_file(f.repo.work, "lefthook.yml",
             "pre-push:\n"
             "  jobs:\n"
             "    - name: git-gate\n"
             "      run: git-gate pre-push {1} {2}\n"
             "      use_stdin: true\n");
  f.setup({(*bin / "lefthook").string(), "install"});
  f.expect_friday_refused();
}

TEST_CASE("husky runs the gate from .husky/pre-push and refuses a Friday push") {
  std::optional<fs::path> bin = npm_tools();
  if (!bin) return;
  FrameworkRepo f(*bin);
  f.setup({(*bin / "husky").string()});
  // The snippet of docs/hook.md.
  write_file(f.repo.work, ".husky/pre-push", "git-gate pre-push \"$@\"\n");
  f.expect_friday_refused();
}

}  // namespace gate::test
