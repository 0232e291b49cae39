#include "support.hpp"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <stdexcept>

extern char** environ;

namespace gate::test {
namespace fs = std::filesystem;

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string templ = std::string(base && *base ? base : "/tmp") + "/gate-test-XXXXXX";
  if (!mkdtemp(templ.data())) throw std::runtime_error("mkdtemp failed");
  // Resolve symlinks so paths compare equal to what git reports.
  path_ = fs::canonical(templ);
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

namespace {

std::vector<std::string> child_environment(const RunOptions& options) {
  std::map<std::string, std::string> env;
  for (char** e = environ; *e; ++e) {
    std::string kv = *e;
    auto eq = kv.find('=');
    if (eq == std::string::npos) continue;
    std::string key = kv.substr(0, eq);
    if (key.rfind("GIT_", 0) == 0 || key == "GATE_NOW") continue;
    env[key] = kv.substr(eq + 1);
  }
  env["GIT_CONFIG_NOSYSTEM"] = "1";
  env["GIT_AUTHOR_NAME"] = "Test Author";
  env["GIT_AUTHOR_EMAIL"] = "author@example.com";
  env["GIT_COMMITTER_NAME"] = "Test Author";
  env["GIT_COMMITTER_EMAIL"] = "author@example.com";
  env["GIT_AUTHOR_DATE"] = "2026-01-01T00:00:00Z";
  env["GIT_COMMITTER_DATE"] = "2026-01-01T00:00:00Z";
  env["NO_COLOR"] = "1";
  for (const auto& [key, value] : options.env) {
    if (value)
      env[key] = *value;
    else
      env.erase(key);
  }
  std::vector<std::string> out;
  for (const auto& [k, v] : env) out.push_back(k + "=" + v);
  return out;
}

}  // namespace

RunResult run(const std::vector<std::string>& argv, const RunOptions& options) {
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (pipe2(in_pipe, O_CLOEXEC) || pipe2(out_pipe, O_CLOEXEC) || pipe2(err_pipe, O_CLOEXEC))
    throw std::runtime_error("pipe failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_pipe[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  if (!options.cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, options.cwd.c_str());

  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  auto env_strings = child_environment(options);
  std::vector<char*> envp;
  for (auto& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);

  pid_t pid = 0;
  int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  close(in_pipe[0]);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (rc != 0) {
    close(in_pipe[1]);
    close(out_pipe[0]);
    close(err_pipe[0]);
    throw std::runtime_error("cannot run " + argv[0] + ": " + std::strerror(rc));
  }

  RunResult result;
  std::size_t written = 0;
  int in_fd = in_pipe[1];
  if (options.input.empty()) {
    close(in_fd);
    in_fd = -1;
  } else {
    fcntl(in_fd, F_SETFL, O_NONBLOCK);
  }
  int fds[2] = {out_pipe[0], err_pipe[0]};
  std::string* sinks[2] = {&result.out, &result.err};
  bool open_fd[2] = {true, true};
  while (open_fd[0] || open_fd[1] || in_fd >= 0) {
    pollfd pfds[3];
    int n = 0;
    int map[3];
    for (int i = 0; i < 2; ++i)
      if (open_fd[i]) {
        pfds[n] = {fds[i], POLLIN, 0};
        map[n++] = i;
      }
    if (in_fd >= 0) {
      pfds[n] = {in_fd, POLLOUT, 0};
      map[n++] = 2;
    }
    if (poll(pfds, n, -1) < 0) break;
    for (int k = 0; k < n; ++k) {
      if (!pfds[k].revents) continue;
      if (map[k] == 2) {
        ssize_t w = write(in_fd, options.input.data() + written, options.input.size() - written);
        if (w > 0) written += static_cast<std::size_t>(w);
        if (w < 0 || written == options.input.size()) {
          close(in_fd);
          in_fd = -1;
        }
      } else {
        char buf[65536];
        ssize_t r = read(pfds[k].fd, buf, sizeof buf);
        if (r <= 0) {
          close(pfds[k].fd);
          open_fd[map[k]] = false;
        } else
          sinks[map[k]]->append(buf, static_cast<std::size_t>(r));
      }
    }
  }
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string git(const fs::path& dir, const std::vector<std::string>& args,
                const RunOptions& options) {
  std::vector<std::string> argv = {"git", "-C", dir.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  RunResult r = run(argv, options);
  std::string cmd;
  for (const auto& a : args) cmd += " " + a;
  INFO("git" << cmd << "\n" << r.err);
  REQUIRE(r.exit_code == 0);
  return r.out;
}

void write_file(const fs::path& dir, const std::string& relative, const std::string& content) {
  fs::path p = dir / relative;
  fs::create_directories(p.parent_path());
  std::ofstream f(p, std::ios::binary | std::ios::trunc);
  f << content;
  if (!f) throw std::runtime_error("cannot write " + p.string());
}

void init_repo(const fs::path& dir) {
  fs::create_directories(dir);
  git(dir, {"init", "-q", "-b", "main"});
  git(dir, {"config", "user.name", "Test Author"});
  git(dir, {"config", "user.email", "author@example.com"});
  git(dir, {"config", "commit.gpgsign", "false"});
  git(dir, {"config", "core.autocrlf", "false"});
}

std::string commit_all(const fs::path& dir, const std::string& message, const RunOptions& options) {
  git(dir, {"add", "-A"}, options);
  git(dir, {"commit", "-q", "--allow-empty", "-m", message}, options);
  std::string sha = git(dir, {"rev-parse", "HEAD"});
  while (!sha.empty() && (sha.back() == '\n' || sha.back() == '\r')) sha.pop_back();
  return sha;
}

std::string cli_path() { return GATE_CLI; }
std::string hook_path() { return GATE_HOOK; }

}  // namespace gate::test
