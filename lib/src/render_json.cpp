#include <nlohmann/json.hpp>

#include "gate/render.hpp"

namespace gate {

namespace {

using Json = nlohmann::ordered_json;

// Absent optionals are null rather than missing, so scripts can rely on every key.
template <typename T>
Json or_null(const std::optional<T>& value) {
  return value ? Json(*value) : Json(nullptr);
}

Json or_null(const std::string& value) { return value.empty() ? Json(nullptr) : Json(value); }

Json file_json(const FileEntry& f) {
  return {{"path", f.change.path},
          {"old_path", or_null(f.change.old_path)},
          {"status", to_string(f.change.status)},
          {"added", f.change.added},
          {"deleted", f.change.deleted},
          {"binary", f.change.binary},
          {"component", f.component},
          {"counted", f.counted},
          {"excluded_by", or_null(f.excluded_by)},
          {"owners", f.owners},
          {"owner_line", or_null(f.owner_line)}};
}

Json report_json(const Report& r) {
  Json files = Json::array();
  for (const FileEntry& f : r.files) files.push_back(file_json(f));
  Json components = Json::array();
  for (const ComponentEntry& c : r.components)
    components.push_back({{"name", c.name},
                          {"files", c.files},
                          {"lines", c.lines},
                          {"max_lines", or_null(c.max_lines)},
                          {"max_files", or_null(c.max_files)}});
  Json findings = Json::array();
  for (const Finding& f : r.findings)
    findings.push_back({{"rule", f.rule},
                        {"severity", to_string(f.severity)},
                        {"message", f.message},
                        {"paths", f.paths},
                        {"overridden_by", nullptr}});
  return {{"schema_version", 1},
          {"verdict", r.allowed() ? "allow" : "block"},
          {"evaluated_at", format_utc(r.evaluated_at)},
          {"clock", r.clock_overridden ? "overridden" : "system"},
          {"valid_until", r.valid_until ? Json(format_utc(*r.valid_until)) : Json(nullptr)},
          {"change",
           {{"base", or_null(r.change.base)},
            {"head", or_null(r.change.head)},
            {"ref", or_null(r.change.ref)},
            {"protected", r.change.is_protected},
            {"deletion", r.change.deletion}}},
          {"files", files},
          {"components", components},
          {"findings", findings},
          {"notices", r.notices}};
}

}  // namespace

std::string render_json(const Report& report) { return report_json(report).dump(2) + "\n"; }

std::string render_json(const std::vector<Report>& reports) {
  Json all = Json::array();
  for (const Report& r : reports) all.push_back(report_json(r));
  return all.dump(2) + "\n";
}

std::string render_error_json(const Error& error) {
  std::string where = error.location().to_string();
  Json out = {{"schema_version", 1},
              {"error", {{"message", error.what()}, {"location", or_null(where)}}}};
  return out.dump(2) + "\n";
}

}  // namespace gate
