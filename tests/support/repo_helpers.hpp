#pragma once
// Helpers for the git adapter's tests (repository_test.cpp, repository_state_test.cpp):
// the `git diff` oracle, file builders, a scoped environment variable. `using namespace
// gate::test::repo` also brings the names both tests use from gate and gate::test.

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "gate/changeset.hpp"
#include "gate/error.hpp"
#include "gate/repository.hpp"
#include "support.hpp"

namespace gate::test::repo {

namespace fs = std::filesystem;
using gate::FileStatus;
using gate::GitError;
using gate::Repository;
using gate::test::commit_all;
using gate::test::git;
using gate::test::init_repo;
using gate::test::RunOptions;
using gate::test::TempDir;
using gate::test::write_file;

inline std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

inline std::string git_line(const fs::path& dir, const std::vector<std::string>& args) {
  return trimmed(git(dir, args));
}

inline std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(sep, start);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// One row of `git diff -M --numstat -z` joined with its --name-status letter.
struct OracleRow {
  std::string path;
  std::optional<std::string> old_path;
  std::string added, deleted;  // "-" for binary
  char status = '?';
};

inline std::vector<OracleRow> oracle(const fs::path& dir, const std::string& base,
                                     const std::string& head) {
  std::vector<std::string> fields =
      split(git(dir, {"diff", "-M", "--numstat", "-z", base, head}), '\0');
  std::vector<OracleRow> rows;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    std::vector<std::string> cols = split(fields[i], '\t');
    OracleRow row;
    row.added = cols.at(0);
    row.deleted = cols.at(1);
    if (cols.size() > 2 && !cols[2].empty()) {
      row.path = fields[i].substr(cols[0].size() + cols[1].size() + 2);
    } else {  // a rename: "a\td\t\0old\0new\0"
      row.old_path = fields.at(i + 1);
      row.path = fields.at(i + 2);
      i += 2;
    }
    rows.push_back(row);
  }
  std::vector<std::string> status =
      split(git(dir, {"diff", "-M", "--name-status", "-z", base, head}), '\0');
  std::size_t r = 0;
  for (std::size_t i = 0; i < status.size() && r < rows.size(); ++r) {
    rows[r].status = status[i][0];
    i += (status[i][0] == 'R' || status[i][0] == 'C') ? 3 : 2;
  }
  return rows;
}

inline char letter(FileStatus status) {
  switch (status) {
    case FileStatus::added:
      return 'A';
    case FileStatus::modified:
      return 'M';
    case FileStatus::deleted:
      return 'D';
    case FileStatus::renamed:
      return 'R';
    case FileStatus::copied:
      return 'C';
    case FileStatus::type_changed:
      return 'T';
  }
  return '?';
}

// Compares Repository::diff with git's output row by row, on one thread (the default)
// and on four (each with its own handle); returns the one-thread change.
inline gate::ChangeSet check_against_git(const fs::path& dir, const std::string& base,
                                         const std::string& head) {
  Repository repo = Repository::open(dir.string());
  std::vector<OracleRow> expected = oracle(
      dir, base.empty() ? git_line(dir, {"hash-object", "-t", "tree", "/dev/null"}) : base, head);
  auto compare = [&](const gate::ChangeSet& change, unsigned threads) {
    INFO("threads: " << threads);
    REQUIRE(change.files.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
      const gate::FileChange& got = change.files[i];
      const OracleRow& want = expected[i];
      INFO("row " << i << ": " << want.path);
      CHECK(got.path == want.path);
      CHECK(got.old_path == want.old_path);
      CHECK(letter(got.status) == want.status);
      CHECK(got.binary == (want.added == "-"));
      if (!got.binary) {
        CHECK(std::to_string(got.added) == want.added);
        CHECK(std::to_string(got.deleted) == want.deleted);
      }
    }
  };
  gate::ChangeSet change = repo.diff(base, head);
  compare(change, 1);
  compare(repo.diff(base, head, 4), 4);
  return change;
}

inline const gate::FileChange* find(const gate::ChangeSet& change, const std::string& path) {
  for (const auto& f : change.files)
    if (f.path == path) return &f;
  return nullptr;
}

inline std::string numbered_lines(int from, int to, const std::string& tag = "line") {
  std::string out;
  for (int i = from; i < to; ++i) out += tag + " " + std::to_string(i) + " of some text\n";
  return out;
}

// Sets an environment variable for the life of the object.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (old_)
      setenv(name_, old_->c_str(), 1);
    else
      unsetenv(name_);
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

// Makes `dir` the process's working directory for the life of the object.
class ScopedCwd {
 public:
  explicit ScopedCwd(const fs::path& dir) : saved_(fs::current_path()) { fs::current_path(dir); }
  ~ScopedCwd() { fs::current_path(saved_); }
  ScopedCwd(const ScopedCwd&) = delete;
  ScopedCwd& operator=(const ScopedCwd&) = delete;

 private:
  fs::path saved_;
};

inline std::string error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const GitError& e) {
    return e.what();
  }
  return "(no GitError thrown)";
}

}  // namespace gate::test::repo
