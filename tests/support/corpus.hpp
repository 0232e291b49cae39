#pragma once
// The shared corpus (../shared/corpus): real CODEOWNERS files and path lists, described
// by SOURCES.tsv. Tests skip, saying so, where the folder is absent.

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "gate/codeowners.hpp"

namespace gate::test {

/// One row of SOURCES.tsv.
struct CorpusEntry {
  std::string file;  ///< the CODEOWNERS file, in corpus_dir()
  OwnersSyntax syntax = OwnersSyntax::github;
  std::size_t rules = 0;   ///< pattern lines, as counted when the corpus was made
  std::string paths_file;  ///< the repository's path list, "" when there is none
};

/// The corpus folder (GATE_CORPUS_DIR).
inline std::filesystem::path corpus_dir() { return GATE_CORPUS_DIR; }

/// The rows of SOURCES.tsv, found by column name; nullopt when the corpus is absent.
inline std::optional<std::vector<CorpusEntry>> corpus_entries() {
  std::ifstream tsv(corpus_dir() / "SOURCES.tsv");
  if (!tsv) return std::nullopt;
  auto split = [](const std::string& line) {
    std::vector<std::string> fields;
    std::istringstream in(line);
    for (std::string f; std::getline(in, f, '\t');) fields.push_back(f);
    return fields;
  };
  std::string header;
  std::getline(tsv, header);
  const std::vector<std::string> columns = split(header);
  auto column = [&](const char* name) {
    return static_cast<std::size_t>(std::find(columns.begin(), columns.end(), name) -
                                    columns.begin());
  };
  const std::size_t file = column("file"), syntax = column("syntax"), rules = column("rules"),
                    notes = column("notes");
  std::vector<CorpusEntry> entries;
  for (std::string row; std::getline(tsv, row);) {
    std::vector<std::string> f = split(row);
    if (f.size() <= std::max({file, syntax, rules})) continue;
    CorpusEntry e{f[file],
                  f[syntax] == "gitlab" ? OwnersSyntax::gitlab : OwnersSyntax::github,
                  static_cast<std::size_t>(std::stoul(f[rules])),
                  {}};
    if (notes < f.size()) {
      auto at = f[notes].find("paths: ");
      if (at != std::string::npos) {
        e.paths_file = f[notes].substr(at + 7);
        e.paths_file = e.paths_file.substr(0, e.paths_file.find_first_of(" ;,"));
      }
    }
    entries.push_back(std::move(e));
  }
  return entries;
}

}  // namespace gate::test
