// The house rules of the source tree (ARCHITECTURE.md, Rules of the structure), checked on
// the files themselves: where libgit2 and toml++ may be included, the layers of lib/src,
// the size of a file, the words the sources use, and where rule ids may be spelled. Each
// check lists every offender, so one run shows all there is to fix.

#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

const fs::path root = GATE_SOURCE_DIR;

/// `path` relative to the source root, with '/' separators.
std::string from_root(const fs::path& path) {
  return path.lexically_relative(root).generic_string();
}

std::vector<std::string> lines_of(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

bool is_source(const fs::path& path) {
  return path.extension() == ".cpp" || path.extension() == ".hpp";
}

/// Every file below each of `dirs` (relative to the root) that `keep` accepts, sorted.
template <typename Keep>
std::vector<fs::path> files_below(const std::vector<std::string>& dirs, Keep keep) {
  std::vector<fs::path> files;
  for (const std::string& dir : dirs) {
    REQUIRE_MESSAGE(fs::is_directory(root / dir), (root / dir).string() << " is not a folder");
    for (const auto& entry : fs::recursive_directory_iterator(root / dir))
      if (entry.is_regular_file() && keep(entry.path())) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<fs::path> sources_below(const std::vector<std::string>& dirs) {
  return files_below(dirs, is_source);
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

/// The offenders, one a line, after a count: the message of a failed check.
std::string listing(const std::vector<std::string>& offenders) {
  std::string out = std::to_string(offenders.size()) + " offender(s):";
  for (const std::string& o : offenders) out += "\n  " + o;
  return out;
}

/// The target of an `#include "..."` line (empty for any other line).
std::string quoted_include(const std::string& line) {
  static const std::regex include(R"re(^\s*#\s*include\s*"([^"]+)")re");
  std::smatch m;
  if (line.find("include") == std::string::npos || !std::regex_search(line, m, include)) return "";
  return m[1].str();
}

// ---------------------------------------------------------------- layers of lib/src

/// A layer of lib/src: a folder, or a root file of the table. Lower ranks are lower layers.
struct Layer {
  std::string name;
  int rank = 0;
};

std::string describe(const Layer& layer) {
  return layer.name + " (rank " + std::to_string(layer.rank) + ")";
}

// Bottom first. The gaps leave room for the root files that sit between two folders.
const std::map<std::string, int> folder_ranks = {{"owners", 10}, {"windows", 20}, {"overrides", 30},
                                                 {"policy", 40}, {"git", 50},     {"ci", 60},
                                                 {"rules", 70},  {"report", 80},  {"shell", 90}};

// Root files of lib/src by stem: the base, usable by everyone; inputs between ci and
// rules; evaluate and lint between rules and report.
const std::map<std::string, int> root_ranks = {
    {"error", 0},      {"changeset", 0}, {"report", 0},    {"timeutil", 0}, {"handles", 0},
    {"rule_table", 0}, {"inputs", 65},   {"evaluate", 75}, {"lint", 75},    {"lint_zones", 75}};

std::optional<Layer> root_layer(const std::string& file_name) {
  std::string stem = fs::path(file_name).stem().string();
  auto it = root_ranks.find(stem);
  if (it == root_ranks.end()) return std::nullopt;
  return Layer{"root file " + stem, it->second};
}

std::optional<Layer> folder_layer(const std::string& folder) {
  auto it = folder_ranks.find(folder);
  if (it == folder_ranks.end()) return std::nullopt;
  return Layer{folder + "/", it->second};
}

/// The layer of a file of lib/src, `rel` relative to lib/src ("ci/reviews.cpp", "lint.cpp").
std::optional<Layer> source_layer(const std::string& rel) {
  std::size_t slash = rel.find('/');
  return slash == std::string::npos ? root_layer(rel) : folder_layer(rel.substr(0, slash));
}

/// The layers of lib/src: which .cpp files claim each public header (own header first).
class Layering {
 public:
  Layering() {
    for (const fs::path& file : sources_below({"lib/src"})) {
      if (file.extension() != ".cpp") continue;
      for (const std::string& line : lines_of(file)) {
        std::string target = quoted_include(line);
        if (target.empty()) continue;
        if (starts_with(target, "gate/")) claims_[target].push_back(from_root(file));
        break;  // only the first quoted include claims
      }
    }
  }

  /// The rank of public header `name` ("gate/x.hpp"), or why it has none.
  std::optional<Layer> public_layer(const std::string& name, std::string& why) const {
    auto it = claims_.find(name);
    if (it == claims_.end()) {
      std::optional<Layer> layer = root_layer(name.substr(5));
      if (!layer) why = name + ": no lib/src .cpp includes it first and no root file is named so";
      return layer;
    }
    std::map<std::string, Layer> by_name;
    std::string files;
    for (const std::string& file : it->second) {
      std::optional<Layer> layer = source_layer(file.substr(std::string("lib/src/").size()));
      if (!layer) continue;  // reported as a file of no layer
      by_name.emplace(layer->name, *layer);
      files += (files.empty() ? "" : ", ") + file;
    }
    if (by_name.size() == 1) return by_name.begin()->second;
    why = name +
          (by_name.empty() ? " is claimed by no ranked file: "
                           : " is claimed by more than one layer: ") +
          files;
    return std::nullopt;
  }

  /// The rank of an `#include "target"` in lib/src or lib/include, or why it has none.
  std::optional<Layer> include_layer(const std::string& target, std::string& why) const {
    if (starts_with(target, "gate/")) return public_layer(target, why);
    std::optional<Layer> layer = source_layer(target);
    if (!layer) why = "\"" + target + "\" is neither a folder of lib/src nor a root file";
    return layer;
  }

 private:
  std::map<std::string, std::vector<std::string>> claims_;
};

/// Every quoted include of `file` (whose layer is `own`) above `own`, or unrankable.
void check_includes(const Layering& layering, const fs::path& file, const Layer& own,
                    std::vector<std::string>& offenders) {
  std::vector<std::string> lines = lines_of(file);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string target = quoted_include(lines[i]);
    if (target.empty()) continue;
    std::string where = from_root(file) + ":" + std::to_string(i + 1);
    std::string why;
    std::optional<Layer> layer = layering.include_layer(target, why);
    // A public header that cannot be ranked is reported once, as a file of lib/include.
    bool reported = starts_with(target, "gate/") && fs::exists(root / "lib/include" / target);
    if (!layer && !reported)
      offenders.push_back(where + ": cannot rank: " + why);
    else if (layer && layer->rank > own.rank)
      offenders.push_back(where + ": \"" + target + "\" is " + describe(*layer) +
                          ", above the including file's " + describe(own));
  }
}

std::vector<std::string> layering_offenders() {
  Layering layering;
  std::vector<std::string> offenders;
  for (const fs::path& file : sources_below({"lib/src"})) {
    std::optional<Layer> own = source_layer(from_root(file).substr(std::string("lib/src/").size()));
    if (own)
      check_includes(layering, file, *own, offenders);
    else
      offenders.push_back(from_root(file) + ": in no layer (a root file missing from the table?)");
  }
  for (const fs::path& file : sources_below({"lib/include/gate"})) {
    std::string why;
    std::optional<Layer> own = layering.public_layer("gate/" + file.filename().string(), why);
    if (own)
      check_includes(layering, file, *own, offenders);
    else
      offenders.push_back(from_root(file) + ": cannot rank: " + why);
  }
  return offenders;
}

// ---------------------------------------------------------------- rule ids

/// The rule ids: the string literals of the rule table when it exists, else the known list.
std::vector<std::string> rule_ids(const fs::path& table) {
  if (!fs::exists(table))
    return {"window.freeze",     "window.outside-allowed", "owners.unowned",  "owners.approval",
            "owners.cross-team", "size.component",         "size.components", "ref.delete"};
  static const std::regex id(R"re("([a-z][a-z0-9]*\.[a-z][a-z0-9-]*)")re");
  std::set<std::string> ids;
  for (const std::string& line : lines_of(table))
    for (std::sregex_iterator it(line.begin(), line.end(), id), end; it != end; ++it)
      ids.insert((*it)[1].str());
  return {ids.begin(), ids.end()};
}

}  // namespace

TEST_CASE(
    "git2.h only in lib/src/git, toml++ only in lib/src/policy, libical only in "
    "lib/src/windows/ical_library.hpp (and the tests)") {
  static const std::regex git2(R"re(^\s*#\s*include\s*[<"]git2(\.h|/))re");
  static const std::regex toml(R"re(^\s*#\s*include\s*[<"]toml\+\+/)re");
  static const std::regex ical(R"re(^\s*#\s*include\s*[<"]libical/)re");
  std::vector<std::string> offenders;
  for (const fs::path& file : sources_below({"lib", "cli", "hooks", "tests"})) {
    const std::string rel = from_root(file);
    const bool test = starts_with(rel, "tests/");
    std::vector<std::string> lines = lines_of(file);
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (lines[i].find("include") == std::string::npos) continue;
      const std::string where = rel + ":" + std::to_string(i + 1);
      if (std::regex_search(lines[i], git2) && !test && !starts_with(rel, "lib/src/git/"))
        offenders.push_back(where + ": libgit2 outside lib/src/git/");
      if (std::regex_search(lines[i], toml) && !test && !starts_with(rel, "lib/src/policy/"))
        offenders.push_back(where + ": toml++ outside lib/src/policy/");
      if (std::regex_search(lines[i], ical) && !test && rel != "lib/src/windows/ical_library.hpp")
        offenders.push_back(where + ": libical outside lib/src/windows/ical_library.hpp");
    }
  }
  CHECK_MESSAGE(offenders.empty(), listing(offenders));
}

TEST_CASE("lib/src is in layers: no file includes a header of a layer above its own") {
  std::vector<std::string> offenders = layering_offenders();
  CHECK_MESSAGE(offenders.empty(), listing(offenders));

  int root_files = 0, folders = 0;
  std::string root_names;
  for (const auto& entry : fs::directory_iterator(root / "lib/src")) {
    if (entry.is_directory()) ++folders;
    if (entry.is_regular_file() && is_source(entry.path())) {
      ++root_files;
      root_names += " " + entry.path().filename().string();
    }
  }
  CHECK_MESSAGE(root_files <= 8, "lib/src holds " << root_files << " files:" << root_names);
  CHECK_MESSAGE(folders >= 6, "lib/src holds only " << folders << " folders");
}

TEST_CASE("no source file is over 500 lines") {
  std::vector<std::string> offenders;
  for (const fs::path& file : sources_below({"lib", "cli", "hooks", "tests"})) {
    std::size_t count = lines_of(file).size();
    if (count > 500) offenders.push_back(from_root(file) + ": " + std::to_string(count) + " lines");
  }
  CHECK_MESSAGE(offenders.empty(), listing(offenders));
}

TEST_CASE("the sources cite the README, not the old requirements document") {
  // The word is built from pieces so that this file does not spell it.
  const std::string word = std::string("bri") + "ef";
  const std::regex whole("\\b" + word + "(ly)?\\b", std::regex::icase);
  auto keep = [](const fs::path& p) { return is_source(p) || p.filename() == "CMakeLists.txt"; };
  std::vector<std::string> offenders;
  for (const fs::path& file : files_below({"lib", "cli", "hooks", "tests"}, keep)) {
    std::vector<std::string> lines = lines_of(file);
    for (std::size_t i = 0; i < lines.size(); ++i) {
      std::string lower = lines[i];
      std::transform(lower.begin(), lower.end(), lower.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      if (lower.find(word) != std::string::npos && std::regex_search(lines[i], whole))
        offenders.push_back(from_root(file) + ":" + std::to_string(i + 1) + ": " + lines[i]);
    }
  }
  CHECK_MESSAGE(offenders.empty(), listing(offenders));
}

TEST_CASE("rule ids are spelled as string literals only in the rule table") {
  const fs::path table = root / "lib/include/gate/rule_table.hpp";
  const std::vector<std::string> ids = rule_ids(table);
  REQUIRE_MESSAGE(!ids.empty(), "no rule id found in " << from_root(table));
  std::vector<std::string> offenders;
  for (const fs::path& file : sources_below({"lib", "cli", "hooks"})) {
    if (file == table) continue;
    std::vector<std::string> lines = lines_of(file);
    for (std::size_t i = 0; i < lines.size(); ++i)
      for (const std::string& id : ids)
        if (lines[i].find('"' + id + '"') != std::string::npos)
          offenders.push_back(from_root(file) + ":" + std::to_string(i + 1) + ": \"" + id + "\"");
  }
  CHECK_MESSAGE(offenders.empty(), listing(offenders));
}
