// Zones that parse but name no place (docs/commands.md, `git-gate lint`): a fixed offset (`EST`,
// `Etc/GMT+5`) never follows a city's daylight-saving time, so a window written in it is
// an hour off half the year; a legacy alias (`US/Eastern`) works but hides the zone meant.
#include "gate/lint_zones.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <map>

namespace gate {

namespace {

std::string zoneinfo_file(std::string_view name) {
  const char* dir = std::getenv("TZDIR");
  return std::string(dir && *dir ? dir : "/usr/share/zoneinfo") + "/" + std::string(name);
}

// date/tz reads the system's zoneinfo, and that tzdb keeps no links, so they come from the
// same directory: tzdata.zi's `L TARGET LINK` lines, less the links zone.tab lists as its
// country's zone (Europe/Bratislava): those are current names, not legacy ones.
const std::map<std::string, std::string, std::less<>>& legacy_links() {
  static const std::map<std::string, std::string, std::less<>> links = [] {
    std::map<std::string, std::string, std::less<>> out;
    std::ifstream zi(zoneinfo_file("tzdata.zi"));
    for (std::string line; std::getline(zi, line);) {
      std::size_t space = line.find(' ', 2);
      if (line.starts_with("L ") && space != std::string::npos)
        out.emplace(line.substr(space + 1), line.substr(2, space - 2));
    }
    std::ifstream tab(zoneinfo_file("zone.tab"));
    for (std::string line; std::getline(tab, line);) {
      std::size_t first = line.find('\t'), second = line.find('\t', first + 1);
      if (line.starts_with("#") || second == std::string::npos) continue;
      out.erase(line.substr(second + 1, line.find('\t', second + 1) - second - 1));
    }
    return out;
  }();
  return links;
}

bool names_a_place(std::string_view zone) {
  return !zone.starts_with("Etc/") && zone.find('/') != std::string_view::npos;
}

}  // namespace

std::optional<std::string> zone_advice(std::string_view zone) {
  if (zone == "UTC" || zone == "Etc/UTC") return std::nullopt;  // deliberate, and the default
  const auto& links = legacy_links();
  auto link = links.find(zone);
  std::string_view canonical = link == links.end() ? zone : std::string_view(link->second);
  if (!names_a_place(canonical))
    return fmt::format(
        "zone \"{}\" is a fixed offset or a legacy zone, not a place (a fixed offset keeps "
        "no daylight-saving time, so windows in it drift an hour from local time); name a "
        "city zone (Area/City, e.g. \"America/New_York\"){}",
        zone, canonical == "Etc/GMT" ? ", or \"UTC\"" : "");
  if (link != links.end())
    return fmt::format("zone \"{}\" is a legacy alias: its canonical name is \"{}\"", zone,
                       canonical);
  return std::nullopt;
}

}  // namespace gate
