// Output files: written whole or not at all, and a run's files all or none.

#include "gate/files.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "gate/error.hpp"
#include "support.hpp"

namespace fs = std::filesystem;
using gate::FileToWrite;
using gate::test::TempDir;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::size_t entries(const fs::path& dir) {
  return static_cast<std::size_t>(
      std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

}  // namespace

TEST_CASE("write_files_atomic writes every file, replacing old ones") {
  TempDir tmp;
  std::ofstream(tmp.path() / "old.json") << "old";
  gate::write_files_atomic({{(tmp.path() / "old.json").string(), "new", "--output json"},
                            {(tmp.path() / "b.sarif").string(), "sarif", "--output sarif"}});
  CHECK(slurp(tmp.path() / "old.json") == "new");
  CHECK(slurp(tmp.path() / "b.sarif") == "sarif");
  CHECK(entries(tmp.path()) == 2);  // no temporaries left behind
}

TEST_CASE("when one file cannot be written, none is, and nothing is left behind") {
  TempDir tmp;
  std::ofstream(tmp.path() / "keep.json") << "before";
  std::vector<FileToWrite> files = {
      {(tmp.path() / "keep.json").string(), "after", "--output json"},
      {(tmp.path() / "fresh.md").string(), "summary", "--output markdown"},
      {(tmp.path() / "no/such/dir/x.sarif").string(), "sarif",
       "--output sarif=no/such/dir/x.sarif"}};
  std::string message;
  try {
    gate::write_files_atomic(files);
  } catch (const gate::UsageError& e) {
    message = e.what();
  }
  CHECK(message.find("--output sarif=no/such/dir/x.sarif") != std::string::npos);
  CHECK(message.find("No such file or directory") != std::string::npos);
  CHECK(slurp(tmp.path() / "keep.json") == "before");
  CHECK_FALSE(fs::exists(tmp.path() / "fresh.md"));
  CHECK(entries(tmp.path()) == 1);

  fs::create_directory(tmp.path() / "a-dir");
  files = {{(tmp.path() / "fresh.md").string(), "summary", "--output markdown"},
           {(tmp.path() / "a-dir").string(), "x", "--output json=a-dir"}};
  CHECK_THROWS_AS(gate::write_files_atomic(files), gate::UsageError);
  CHECK_FALSE(fs::exists(tmp.path() / "fresh.md"));
}

TEST_CASE("append_file adds to what is there, as GitHub's step summary expects") {
  TempDir tmp;
  fs::path summary = tmp.path() / "summary.md";
  std::ofstream(summary) << "earlier step\n";
  gate::append_file(summary.string(), "## git-gate\n", "GITHUB_STEP_SUMMARY");
  CHECK(slurp(summary) == "earlier step\n## git-gate\n");
  CHECK_THROWS_AS(
      gate::append_file((tmp.path() / "no/dir/s.md").string(), "x", "GITHUB_STEP_SUMMARY"),
      gate::UsageError);
}

TEST_CASE("MappedText counts the newlines of what it mapped, as a byte count does") {
  TempDir tmp;
  for (const std::string& text :
       {std::string(), std::string("one"), std::string("a\nb\r\n\n"), std::string("\n\n\n"),
        std::string(100000, 'x') + "\n" + std::string(3, '\n') + "tail"}) {
    fs::path file = tmp.path() / "list.txt";
    std::ofstream(file, std::ios::binary) << text;
    gate::MappedText mapped(file.string(), "--paths-from");
    CHECK(mapped.text() == text);
    CHECK(mapped.newline_count() ==
          static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')));
  }
}
