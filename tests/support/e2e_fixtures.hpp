#pragma once
/// Fixture builders for the end-to-end tests of the built programs: repositories with a
/// policy.toml and components, bare remotes with the pre-push hook installed, and git
/// oracles (`git diff -M --numstat`, merge-base) to compare the reports against.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "support.hpp"

namespace gate::test {

using Env = std::map<std::string, std::optional<std::string>>;

/// The 40-hex zero id, and the 64-hex one of SHA-256 repositories.
inline const std::string zero_id_40(40, '0');
inline const std::string zero_id_64(64, '0');

/// `s` without trailing newlines and spaces.
std::string trimmed(std::string s);

/// A text report with each line break and the indentation after it made one space, so
/// a sentence the report wrapped at the terminal's width is found whole.
std::string unwrapped(const std::string& text);

/// `count` distinct lines, each mentioning `tag`, newline-terminated.
std::string lines_of(int count, const std::string& tag);

/// Content git treats as binary (contains NUL bytes).
std::string binary_blob(std::size_t bytes);

/// `git rev-parse --verify rev^{commit}` (or the object itself for `peel == false`).
std::string rev_parse(const std::filesystem::path& dir, const std::string& rev, bool peel = true);

/// `git merge-base a b`.
std::string merge_base(const std::filesystem::path& dir, const std::string& a,
                       const std::string& b);

/// The well-known empty tree id of SHA-1 repositories.
inline const std::string empty_tree_id = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

/// One line of `git diff -M --numstat -z from to`.
struct NumstatEntry {
  std::string path;
  std::string old_path;  ///< empty unless renamed or copied
  long added = 0;
  long deleted = 0;
  bool binary = false;
};

/// The oracle: `git diff -M --numstat -z from to`. With `bare`, git runs as on a bare
/// repository in `dir/.git`, so the work tree's .gitattributes do not apply (only
/// `.git/info/attributes` would).
std::vector<NumstatEntry> numstat(const std::filesystem::path& dir, const std::string& from,
                                  const std::string& to, bool bare = false);

/// Lines (added + deleted, binary = 0), files and paths of the entries `keep` accepts.
struct Tally {
  long lines = 0;
  long files = 0;
  std::vector<std::string> paths;  ///< sorted
};
Tally tally(const std::vector<NumstatEntry>& entries,
            const std::function<bool(const std::string&)>& keep);

/// True when `path` starts with `prefix`.
bool under(const std::string& path, const std::string& prefix);

/// Every oracle entry is in the report's files with the same numbers (and old path),
/// and nothing else is.
void expect_files_match(const nlohmann::json& report, const std::vector<NumstatEntry>& oracle);

/// The system clock now, as RFC 3339 UTC seconds.
std::string utc_now();

/// Parses `text` as JSON; fails the current test (CHECK) and returns null when it is not.
nlohmann::json parse_json(const std::string& text);

/// Lookups in a report; null / empty when absent.
const nlohmann::json* find_file(const nlohmann::json& report, const std::string& path);
const nlohmann::json* find_component(const nlohmann::json& report, const std::string& name);
std::vector<nlohmann::json> findings_with_rule(const nlohmann::json& report,
                                               const std::string& rule);
/// The sorted "paths" of a finding.
std::vector<std::string> sorted_paths(const nlohmann::json& finding);
/// The string at `key`, or "" when absent or not a string.
std::string str(const nlohmann::json& object, const std::string& key);
/// The integer at `key`, or -1 when absent or not a number.
long num(const nlohmann::json& object, const std::string& key);

/// A policy.toml with two components, api (/api/) and web (/web/), each limited to
/// `max_lines` lines and `max_files` files. `protected_line` is inserted verbatim at the top
/// level (e.g. `protected = ["refs/heads/main"]`, or "" for the default); `size_extra` is
/// appended inside [size].
std::string two_component_policy(int max_lines = 50, int max_files = 5,
                                 const std::string& protected_line = "",
                                 const std::string& size_extra = "");

/// Runs `git-gate args...` in `dir` (empty: the test's own directory).
RunResult gate_cli(const std::filesystem::path& dir, const std::vector<std::string>& args,
                   const Env& env = {});

/// Runs `git-gate check args...` in `dir`.
RunResult gate_check(const std::filesystem::path& dir, const std::vector<std::string>& args,
                     const Env& env = {});

/// A command's outcome with its stdout parsed as JSON (null when it is not JSON).
struct JsonRun {
  RunResult result;
  nlohmann::json json;
};

/// Runs `git-gate check --format json args...` in `dir`.
JsonRun gate_check_json(const std::filesystem::path& dir, const std::vector<std::string>& args,
                        const Env& env = {});

/// A repository whose first commit (`base`) holds `policy` as policy.toml (none when empty),
/// a README.md, api/server.c and web/index.js (20 lines each).
struct CheckRepo {
  explicit CheckRepo(const std::string& policy);
  TempDir tmp;
  std::filesystem::path dir;
  std::string base;
  /// Writes a file in the work tree.
  void write(const std::string& relative, const std::string& content) const;
  /// Commits everything; returns the commit id.
  std::string commit(const std::string& message = "change") const;
};

/// Copies the built hook to `git_dir/hooks/pre-push` and makes it executable.
void install_hook(const std::filesystem::path& git_dir);

/// A work repository `work` (main: `policy` as policy.toml plus the files of CheckRepo)
/// pushed without the hook to the bare repository `remote` as `origin`, then the hook
/// installed in `work`.
struct PushRepo {
  explicit PushRepo(const std::string& policy, bool install = true);
  TempDir tmp;
  std::filesystem::path work;
  std::filesystem::path remote;
  std::string initial;  ///< the first commit on main
  std::string remote_url() const { return remote.string(); }
  void write(const std::string& relative, const std::string& content) const;
  std::string commit(const std::string& message = "change") const;
  /// `git push args...` from `work` (or `cwd` when given); the outcome, whatever it is.
  RunResult push(const std::vector<std::string>& args, const Env& env = {},
                 const std::filesystem::path& cwd = {}) const;
  /// The id `ref` has on the remote, or "" when it has none.
  std::string remote_ref(const std::string& ref) const;
  /// Runs the hook by hand in `work` (or `cwd`): `pre-push --format json extra... remote url`
  /// with `input` on stdin.
  JsonRun hook_json(const std::string& input, const std::vector<std::string>& extra = {},
                    const std::string& remote_name = "origin", const std::string& url = {},
                    const Env& env = {}, const std::filesystem::path& cwd = {}) const;
};

/// "L:C" (1-based) of the first `needle` in `text`, as a located message names it.
std::string line_col(const std::string& text, const std::string& needle);

/// One pre-push stdin line.
std::string push_line(const std::string& local_ref, const std::string& local_sha,
                      const std::string& remote_ref, const std::string& remote_sha);

}  // namespace gate::test
