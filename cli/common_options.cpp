#include "common_options.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "gate/files.hpp"
#include "value_checks.hpp"

namespace gate::cli {

std::string CommonOptions::path(const std::string& given) const {
  if (directory.empty() || given == "-" || std::filesystem::path(given).is_absolute()) return given;
  return (std::filesystem::path(directory) / given).string();
}

std::string CommonOptions::read(const std::string& given, std::string_view what) const {
  return read_text_file(path(given), what);
}

Clock CommonOptions::clock() const { return resolve_clock(at, std::getenv("GATE_NOW")); }

Repository CommonOptions::repository() const { return Repository::open(directory); }

void add_directory_option(CLI::App& app, CommonOptions& o) {
  app.add_option("-C", o.directory, "run as if started in this directory (as git -C)")
      ->type_name("DIR");
}

void add_at_option(CLI::App& app, CommonOptions& o, const std::string& help) {
  app.add_option("--at", o.at, help)->type_name("TIME");
}

void add_format_option(CLI::App& app, CommonOptions& o, const std::string& help,
                       const std::vector<std::string>& allowed,
                       const std::optional<std::string>& fallback,
                       const std::vector<ValueAlias>& aliases) {
  o.format = fallback;
  CLI::Option* option = app.add_option("--format", o.format, help)->type_name("FORMAT");
  if (!allowed.empty()) option->check(one_of(allowed, aliases));
  if (fallback) option->default_str(*fallback);
}

bool is_zero_id(const std::string& id) {
  return (id.size() == 40 || id.size() == 64) &&
         std::all_of(id.begin(), id.end(), [](char c) { return c == '0'; });
}

}  // namespace gate::cli
