#pragma once
// Kibana-like paths for the CODEOWNERS benchmarks (bench_owners, bench_explain): files
// below the literal directories of kibana's own CODEOWNERS patterns, a few elsewhere.

#include <cstddef>
#include <random>
#include <string>
#include <vector>

#include "gate/codeowners.hpp"

namespace gate::bench {

/// The leading literal directories of a pattern: `/x-pack/plugins/ml/*.ts` -> x-pack/plugins/ml.
inline std::string literal_prefix(const std::string& pattern) {
  std::string out;
  std::size_t start = pattern.front() == '/' ? 1 : 0;
  while (start < pattern.size()) {
    std::size_t slash = pattern.find('/', start);
    std::string segment =
        pattern.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    if (segment.empty() || segment.find_first_of("*?\\[") != std::string::npos) break;
    if (!out.empty()) out += '/';
    out += segment;
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return out;
}

inline const char* const dir_words[] = {
    "src",   "public", "server", "common", "components", "utils",    "test",  "__tests__", "lib",
    "hooks", "api",    "types",  "views",  "routes",     "services", "state", "config",    "e2e"};
inline const char* const extensions[] = {".ts",   ".tsx", ".js",   ".json", ".md",  ".test.ts",
                                         ".scss", ".yml", ".snap", ".d.ts", ".mjs", ".txt"};

/// A random file name below `prefix`, with 0-3 further directories.
inline std::string random_path_below(std::mt19937& rng, const std::string& prefix) {
  auto pick = [&](std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
  };
  std::string path = prefix;
  for (std::size_t depth = pick(4); depth > 0; --depth) {
    if (!path.empty()) path += '/';
    path += dir_words[pick(std::size(dir_words))];
  }
  if (!path.empty()) path += '/';
  path += "file_";
  path += std::to_string(pick(5000));
  path += extensions[pick(std::size(extensions))];
  return path;
}

/// (b) 100,000 kibana-like paths: kibana's own literal prefixes plus random files, and a
/// few percent elsewhere (root files, unowned trees).
inline std::vector<std::string> kibana_paths(const Codeowners& c, std::size_t count) {
  std::vector<std::string> prefixes;
  for (const OwnerRule& rule : c.rules) {
    std::string prefix = literal_prefix(rule.pattern.text());
    if (!prefix.empty()) prefixes.push_back(prefix);
  }
  prefixes.push_back("");
  prefixes.push_back("scripts");
  std::mt19937 rng(4242);
  std::uniform_int_distribution<std::size_t> which(0, prefixes.size() - 1);
  std::vector<std::string> paths;
  paths.reserve(count);
  while (paths.size() < count) paths.push_back(random_path_below(rng, prefixes[which(rng)]));
  return paths;
}

}  // namespace gate::bench
