// `git-gate explain PATH…`: the CODEOWNERS line that owns each path, its owners, section
// and component. Matching is about patterns, so the paths need not exist.

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <optional>

#include "commands.hpp"
#include "common_options.hpp"
#include "gate/components.hpp"
#include "gate/gather.hpp"
#include "gate/owners_index.hpp"
#include "gate/repository.hpp"
#include "terminal_options.hpp"

namespace gate::cli {

namespace {

struct ExplainOptions {
  std::string rev = "HEAD";
  CommonOptions common;
  std::optional<std::string> paths_from;
  std::vector<std::string> paths;
  TerminalOptions terminal;
};

// Paths are repository-relative; "./a" and "/a" name the same path as "a".
std::string normalise(std::string path) {
  while (path.starts_with("./")) path.erase(0, 2);
  while (path.starts_with("/")) path.erase(0, 1);
  return path;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) out.push_back(std::move(line));
    start = end + 1;
  }
  return out;
}

nlohmann::ordered_json explain_one(const std::string& path, const std::optional<Policy>& policy,
                                   const Codeowners* file, const OwnersIndex* index) {
  nlohmann::ordered_json owners = nlohmann::ordered_json::array();
  nlohmann::ordered_json line = nullptr, section = nullptr;
  if (file && index) {
    Ownership o = index->match(path);
    for (const OwnerRule* rule : o.rules)
      for (const std::string& owner : index->owners_of(*rule))
        if (std::find(owners.begin(), owners.end(), owner) == owners.end()) owners.push_back(owner);
    if (!o.rules.empty()) {
      const OwnerRule& decisive = *o.rules.back();
      line = fmt::format("{}:{}", file->source, decisive.line);
      const std::string& name = file->sections.at(decisive.section).name;
      if (!name.empty()) section = name;
    }
  }
  nlohmann::ordered_json component = nullptr;
  if (policy) component = component_name(*policy, file, index, path);
  return {{"path", path},
          {"owners", owners},
          {"owner_line", line},
          {"section", section},
          {"component", component}};
}

void print_text(const nlohmann::ordered_json& results) {
  for (const auto& r : results) {
    std::string owners = r["owners"].empty() ? "(none)" : "";
    for (const auto& o : r["owners"]) owners += (owners.empty() ? "" : " ") + o.get<std::string>();
    fmt::print("{}\n  owners:    {}\n  line:      {}\n", r["path"].get<std::string>(), owners,
               r["owner_line"].is_null() ? "(no line matches: unowned)"
                                         : r["owner_line"].get<std::string>());
    if (!r["section"].is_null()) fmt::print("  section:   {}\n", r["section"].get<std::string>());
    if (!r["component"].is_null())
      fmt::print("  component: {}\n", r["component"].get<std::string>());
  }
}

void add_options(CLI::App& app, ExplainOptions& o) {
  app.add_option("--rev", o.rev, "revision whose CODEOWNERS and policy are read")
      ->type_name("REV")
      ->capture_default_str();
  add_format_option(app, o.common, "text or json", {"text", "json"}, "text");
  app.add_option("--paths-from", o.paths_from,
                 "read more paths from this file, one per line (- for stdin)")
      ->type_name("FILE");
  add_quiet_option(app, o.terminal);
  add_directory_option(app, o.common);
  app.add_option("paths", o.paths, "paths to explain (need not exist)")->type_name("PATH");
}

}  // namespace

int run_explain(int argc, char** argv, Session& session) {
  ExplainOptions o;
  CLI::App app{"Show the CODEOWNERS line, owners, section and component of each path.",
               "git-gate explain"};
  add_options(app, o);
  if (std::optional<int> code = parse_args(app, argc, argv)) return *code;
  session.format = o.common.format == "json" ? Format::json : Format::text;
  session.quiet = o.terminal.quiet;
  if (o.paths_from)
    for (std::string& p : lines_of(o.common.read(*o.paths_from, "--paths-from")))
      o.paths.push_back(std::move(p));
  if (o.paths.empty()) throw UsageError("explain: name at least one path (or --paths-from FILE)");

  Repository repo = o.common.repository();
  std::string commit = repo.resolve_commit(o.rev);
  std::optional<Policy> policy = read_policy_at(repo, commit);
  LoadedCodeowners loaded = load_codeowners(repo, commit, policy ? &*policy : nullptr);
  for (const std::string& n : loaded.notices) fmt::print(stderr, "git-gate: note: {}\n", n);
  if (!loaded.file) fmt::print(stderr, "git-gate: note: {} has no CODEOWNERS file\n", o.rev);
  std::optional<OwnersIndex> index;
  if (loaded.file) index.emplace(*loaded.file);

  nlohmann::ordered_json results = nlohmann::ordered_json::array();
  for (const std::string& raw : o.paths)
    results.push_back(explain_one(normalise(raw), policy, loaded.file ? &*loaded.file : nullptr,
                                  index ? &*index : nullptr));
  // Paths and policy strings are bytes: bad UTF-8 becomes U+FFFD, as in JsonWriter.
  if (session.quiet) return 0;
  if (session.format == Format::json)
    fmt::print("{}\n",
               results.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
  else
    print_text(results);
  return 0;
}

}  // namespace gate::cli
