#include "e2e_fixtures.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <fstream>
#include <iterator>

namespace gate::test {
namespace fs = std::filesystem;

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

std::string unwrapped(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\n') {
      out += text[i];
      continue;
    }
    out += ' ';
    while (i + 1 < text.size() && text[i + 1] == ' ') ++i;
  }
  return out;
}

std::string lines_of(int count, const std::string& tag) {
  std::string out;
  for (int i = 0; i < count; ++i) out += tag + " line " + std::to_string(i) + "\n";
  return out;
}

std::string binary_blob(std::size_t bytes) {
  std::string out(bytes, '\0');
  for (std::size_t i = 0; i < bytes; ++i) out[i] = static_cast<char>((i * 37 + 11) % 256);
  out[0] = '\0';
  return out;
}

std::string rev_parse(const fs::path& dir, const std::string& rev, bool peel) {
  return trimmed(git(dir, {"rev-parse", "--verify", peel ? rev + "^{commit}" : rev}));
}

std::string merge_base(const fs::path& dir, const std::string& a, const std::string& b) {
  return trimmed(git(dir, {"merge-base", a, b}));
}

std::vector<NumstatEntry> numstat(const fs::path& dir, const std::string& from,
                                  const std::string& to, bool bare) {
  std::vector<std::string> args = {
      "-c", "core.quotepath=false", "diff", "-M", "--numstat", "-z", from, to};
  if (bare) args.insert(args.begin(), "--bare");
  std::string out = git(bare ? dir / ".git" : dir, args);
  std::vector<NumstatEntry> entries;
  std::size_t pos = 0;
  auto next_field = [&](char sep) {
    std::size_t end = out.find(sep, pos);
    if (end == std::string::npos) end = out.size();
    std::string field = out.substr(pos, end - pos);
    pos = end + 1;
    return field;
  };
  while (pos < out.size()) {
    NumstatEntry e;
    std::string added = next_field('\t');
    std::string deleted = next_field('\t');
    if (added == "-") {
      e.binary = true;
    } else {
      e.added = std::stol(added);
      e.deleted = std::stol(deleted);
    }
    // With -z, a rename is "\0old\0new\0"; otherwise "path\0".
    if (pos < out.size() && out[pos] == '\0') {
      ++pos;
      e.old_path = next_field('\0');
      e.path = next_field('\0');
    } else {
      e.path = next_field('\0');
    }
    entries.push_back(e);
  }
  return entries;
}

Tally tally(const std::vector<NumstatEntry>& entries,
            const std::function<bool(const std::string&)>& keep) {
  Tally t;
  for (const auto& e : entries) {
    if (!keep(e.path)) continue;
    t.lines += e.added + e.deleted;
    t.files += 1;
    t.paths.push_back(e.path);
  }
  std::sort(t.paths.begin(), t.paths.end());
  return t;
}

bool under(const std::string& path, const std::string& prefix) {
  return path.rfind(prefix, 0) == 0;
}

nlohmann::json parse_json(const std::string& text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  INFO("not JSON: " << text);
  CHECK_FALSE(j.is_discarded());
  if (j.is_discarded()) return nullptr;
  return j;
}

const nlohmann::json* find_file(const nlohmann::json& report, const std::string& path) {
  if (!report.is_object() || !report.contains("files") || !report["files"].is_array())
    return nullptr;
  for (const auto& f : report["files"])
    if (f.is_object() && str(f, "path") == path) return &f;
  return nullptr;
}

const nlohmann::json* find_component(const nlohmann::json& report, const std::string& name) {
  if (!report.is_object() || !report.contains("components") || !report["components"].is_array())
    return nullptr;
  for (const auto& c : report["components"])
    if (c.is_object() && str(c, "name") == name) return &c;
  return nullptr;
}

std::vector<nlohmann::json> findings_with_rule(const nlohmann::json& report,
                                               const std::string& rule) {
  std::vector<nlohmann::json> out;
  if (!report.is_object() || !report.contains("findings") || !report["findings"].is_array())
    return out;
  for (const auto& f : report["findings"])
    if (f.is_object() && str(f, "rule") == rule) out.push_back(f);
  return out;
}

std::vector<std::string> sorted_paths(const nlohmann::json& finding) {
  std::vector<std::string> out;
  if (finding.is_object() && finding.contains("paths") && finding["paths"].is_array())
    for (const auto& p : finding["paths"])
      if (p.is_string()) out.push_back(p.get<std::string>());
  std::sort(out.begin(), out.end());
  return out;
}

std::string str(const nlohmann::json& object, const std::string& key) {
  if (!object.is_object() || !object.contains(key) || !object[key].is_string()) return {};
  return object[key].get<std::string>();
}

long num(const nlohmann::json& object, const std::string& key) {
  if (!object.is_object() || !object.contains(key) || !object[key].is_number_integer()) return -1;
  return object[key].get<long>();
}

std::string two_component_policy(int max_lines, int max_files, const std::string& protected_line,
                                 const std::string& size_extra) {
  std::string limits = "max_lines = " + std::to_string(max_lines) +
                       "\nmax_files = " + std::to_string(max_files) + "\n";
  return "version = 1\n" + protected_line + (protected_line.empty() ? "" : "\n") +
         "\n[size]\nmax_components = 1\n" + size_extra + (size_extra.empty() ? "" : "\n") +
         "\n[[component]]\nname = \"api\"\npaths = [\"/api/\"]\n" + limits +
         "\n[[component]]\nname = \"web\"\npaths = [\"/web/\"]\n" + limits;
}

RunResult gate_cli(const fs::path& dir, const std::vector<std::string>& args, const Env& env) {
  std::vector<std::string> argv = {cli_path()};
  argv.insert(argv.end(), args.begin(), args.end());
  RunOptions options;
  options.cwd = dir;
  options.env = env;
  return run(argv, options);
}

RunResult gate_check(const fs::path& dir, const std::vector<std::string>& args, const Env& env) {
  std::vector<std::string> argv = {"check"};
  argv.insert(argv.end(), args.begin(), args.end());
  return gate_cli(dir, argv, env);
}

JsonRun gate_check_json(const fs::path& dir, const std::vector<std::string>& args, const Env& env) {
  std::vector<std::string> full = {"--format", "json"};
  full.insert(full.end(), args.begin(), args.end());
  JsonRun r;
  r.result = gate_check(dir, full, env);
  INFO("exit " << r.result.exit_code << "\nstderr: " << r.result.err);
  r.json = parse_json(r.result.out);
  return r;
}

namespace {

std::string read_text(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

void append_text(const fs::path& p, const std::string& text) {
  std::ofstream f(p, std::ios::binary | std::ios::app);
  f << text;
}

/// Like init_repo, with the configuration written directly (spawning git is slow).
void quick_init_repo(const fs::path& dir) {
  fs::create_directories(dir);
  git(dir, {"init", "-q", "-b", "main"});
  append_text(dir / ".git" / "config",
              "[user]\n\tname = Test Author\n\temail = author@example.com\n"
              "[commit]\n\tgpgsign = false\n[core]\n\tautocrlf = false\n");
}

/// Like commit_all, reading the new id from the ref files where it can.
std::string quick_commit(const fs::path& dir, const std::string& message) {
  git(dir, {"add", "-A"});
  git(dir, {"commit", "-q", "--allow-empty", "-m", message});
  if (fs::is_directory(dir / ".git")) {
    std::string head = trimmed(read_text(dir / ".git" / "HEAD"));
    if (head.rfind("ref: ", 0) == 0) {
      std::string sha = trimmed(read_text(dir / ".git" / head.substr(5)));
      if (sha.size() == 40) return sha;
    } else if (head.size() == 40) {
      return head;
    }
  }
  return rev_parse(dir, "HEAD");
}

void write_base_files(const fs::path& dir, const std::string& policy) {
  if (!policy.empty()) write_file(dir, "policy.toml", policy);
  write_file(dir, "README.md", lines_of(5, "readme"));
  write_file(dir, "api/server.c", lines_of(20, "server"));
  write_file(dir, "web/index.js", lines_of(20, "index"));
}

}  // namespace

CheckRepo::CheckRepo(const std::string& policy) : dir(tmp.path() / "repo") {
  quick_init_repo(dir);
  write_base_files(dir, policy);
  base = quick_commit(dir, "base");
}

void CheckRepo::write(const std::string& relative, const std::string& content) const {
  write_file(dir, relative, content);
}

std::string CheckRepo::commit(const std::string& message) const {
  return quick_commit(dir, message);
}

void install_hook(const fs::path& git_dir) {
  fs::path hooks = git_dir / "hooks";
  fs::create_directories(hooks);
  fs::path target = hooks / "pre-push";
  fs::copy_file(hook_path(), target, fs::copy_options::overwrite_existing);
  fs::permissions(target, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                              fs::perms::others_read | fs::perms::others_exec);
}

PushRepo::PushRepo(const std::string& policy, bool install)
    : work(tmp.path() / "work"), remote(tmp.path() / "remote.git") {
  // Equivalent to `git init --bare` + `git remote add origin` + `git push -u origin main`,
  // with fewer processes.
  quick_init_repo(work);
  write_base_files(work, policy);
  initial = quick_commit(work, "base");
  git(tmp.path(), {"clone", "-q", "--bare", work.string(), remote.string()});
  append_text(work / ".git" / "config",
              "[remote \"origin\"]\n\turl = " + remote.string() +
                  "\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n"
                  "[branch \"main\"]\n\tremote = origin\n\tmerge = refs/heads/main\n");
  write_file(work, ".git/refs/remotes/origin/main", initial + "\n");
  if (install) install_hook(work / ".git");
}

void PushRepo::write(const std::string& relative, const std::string& content) const {
  write_file(work, relative, content);
}

std::string PushRepo::commit(const std::string& message) const {
  return quick_commit(work, message);
}

RunResult PushRepo::push(const std::vector<std::string>& args, const Env& env,
                         const fs::path& cwd) const {
  std::vector<std::string> argv = {"git", "push"};
  argv.insert(argv.end(), args.begin(), args.end());
  RunOptions options;
  options.cwd = cwd.empty() ? work : cwd;
  options.env = env;
  return run(argv, options);
}

std::string PushRepo::remote_ref(const std::string& ref) const {
  std::string out = git(work, {"ls-remote", remote.string(), ref});
  std::size_t pos = 0;
  while (pos < out.size()) {
    std::size_t end = out.find('\n', pos);
    if (end == std::string::npos) end = out.size();
    std::string line = out.substr(pos, end - pos);
    pos = end + 1;
    std::size_t tab = line.find('\t');
    if (tab != std::string::npos && line.substr(tab + 1) == ref) return line.substr(0, tab);
  }
  return {};
}

JsonRun PushRepo::hook_json(const std::string& input, const std::vector<std::string>& extra,
                            const std::string& remote_name, const std::string& url, const Env& env,
                            const fs::path& cwd) const {
  std::vector<std::string> argv = {hook_path(), "--format", "json"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  argv.push_back(remote_name);
  argv.push_back(url.empty() ? remote_url() : url);
  RunOptions options;
  options.cwd = cwd.empty() ? work : cwd;
  options.env = env;
  options.input = input;
  JsonRun r;
  r.result = run(argv, options);
  INFO("hook exit " << r.result.exit_code << "\nstdin:\n" << input << "stderr: " << r.result.err);
  r.json = parse_json(r.result.out);
  return r;
}

std::string push_line(const std::string& local_ref, const std::string& local_sha,
                      const std::string& remote_ref, const std::string& remote_sha) {
  return local_ref + " " + local_sha + " " + remote_ref + " " + remote_sha + "\n";
}

void expect_files_match(const nlohmann::json& report, const std::vector<NumstatEntry>& oracle) {
  REQUIRE(report.contains("files"));
  REQUIRE(report["files"].is_array());
  CHECK(report["files"].size() == oracle.size());
  for (const NumstatEntry& e : oracle) {
    INFO("path " << e.path);
    const nlohmann::json* f = find_file(report, e.path);
    REQUIRE(f != nullptr);
    CHECK((*f)["binary"] == e.binary);
    if (!e.binary) {
      CHECK(num(*f, "added") == e.added);
      CHECK(num(*f, "deleted") == e.deleted);
    }
    if (e.old_path.empty())
      CHECK((*f)["old_path"].is_null());
    else
      CHECK(str(*f, "old_path") == e.old_path);
  }
}

std::string utc_now() {
  std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string line_col(const std::string& text, const std::string& needle) {
  std::size_t at = text.find(needle);
  REQUIRE(at != std::string::npos);
  int line = 1, col = 1;
  for (std::size_t i = 0; i < at; ++i) {
    if (text[i] == '\n')
      ++line, col = 1;
    else
      ++col;
  }
  return std::to_string(line) + ":" + std::to_string(col);
}

}  // namespace gate::test
