// Holiday calendars into the policy (docs/windows.md, Holiday calendars): the shell reads
// each `[[freeze]] calendar` file from the policy's own revision and adds its occurrences
// as one-off freezes, so evaluate() stays pure and judges them like any other window.
#include <fmt/format.h>

#include <algorithm>

#include "gate/gather.hpp"

namespace gate {

void load_calendars(Policy& policy, const CalendarReader& read, CalendarRange range) {
  // Occurrences of an earlier load are replaced, so loading twice changes nothing.
  std::erase_if(policy.windows, [](const Window& w) { return w.calendar && (w.from || w.until); });
  std::vector<Window> occurrences;
  for (const Window& w : policy.windows) {
    if (!w.calendar) continue;
    std::optional<std::string> text = read(*w.calendar);
    if (!text)
      throw ConfigError(w.where, fmt::format("window '{}': its calendar \"{}\" does not exist "
                                             "in the policy's revision",
                                             quote_input(w.id), quote_input(*w.calendar)));
    std::vector<Window> expanded = expand_calendar(*text, w, range.from, range.to);
    occurrences.insert(occurrences.end(), std::make_move_iterator(expanded.begin()),
                       std::make_move_iterator(expanded.end()));
  }
  // The calendar windows themselves stay: they never hold (no times), and they keep the
  // calendar's path in the policy for gate_config_kind (policy.invalid).
  policy.windows.insert(policy.windows.end(), std::make_move_iterator(occurrences.begin()),
                        std::make_move_iterator(occurrences.end()));
}

void load_calendars(Policy& policy, const Repository& repo, const std::string& commit,
                    CalendarRange range) {
  load_calendars(
      policy, [&](const std::string& path) { return repo.read_file(commit, path); }, range);
}

}  // namespace gate
