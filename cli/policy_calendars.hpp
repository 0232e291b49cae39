#pragma once
// Holiday calendars for the commands that read a policy outside `gather` (`window`,
// `lint`): from the policy's revision, or beside a --policy file on disk.

#include <optional>
#include <string>

#include "common_options.hpp"
#include "gate/gather.hpp"

namespace gate::cli {

/// Adds the occurrences of `policy`'s calendars within `range` (load_calendars): read from
/// `commit` of `repo`, or, for a policy read from disk (`policy_file`, as given on the
/// command line), from files relative to that file's directory, as they would be relative
/// to the repository root.
void add_calendars(Policy& policy, const CommonOptions& common,
                   const std::optional<std::string>& policy_file, const Repository* repo,
                   const std::string& commit, CalendarRange range);

}  // namespace gate::cli
