#include "policy_calendars.hpp"

#include <filesystem>

#include "gate/files.hpp"

namespace gate::cli {

void add_calendars(Policy& policy, const CommonOptions& common,
                   const std::optional<std::string>& policy_file, const Repository* repo,
                   const std::string& commit, CalendarRange range) {
  if (policy_file) {
    std::filesystem::path dir = std::filesystem::path(common.path(*policy_file)).parent_path();
    load_calendars(
        policy,
        [&](const std::string& path) -> std::optional<std::string> {
          std::filesystem::path file = dir / path;
          std::error_code ec;
          if (!std::filesystem::is_regular_file(file, ec)) return std::nullopt;
          return read_text_file(file.string(), "calendar");
        },
        range);
  } else if (repo) {
    load_calendars(policy, *repo, commit, range);
  }
}

}  // namespace gate::cli
