// SARIF 2.1.0 (OASIS), as GitHub code scanning reads it: one run of the tool "git-gate",
// one reportingDescriptor per rule id, one result per finding with a location per path.

#include <algorithm>
#include <cstdint>
#include <map>
#include <string_view>
#include <utility>
#include <vector>

#include "gate/json_writer.hpp"
#include "gate/policy.hpp"
#include "gate/render.hpp"
#include "gate/version.hpp"
#include "report/render_util.hpp"

namespace gate {

namespace {

// Every rule of rule_table, always listed and in its order, so a rule keeps its
// ruleIndex from one report to the next; an id outside the table follows them.
std::vector<std::string> rule_ids(const Report& r) {
  std::vector<std::string> ids;
  for (const RuleInfo& rule : rule_table) ids.emplace_back(rule.id);
  for (const Finding& f : r.findings)
    if (std::find(ids.begin(), ids.end(), f.rule) == ids.end()) ids.push_back(f.rule);
  return ids;
}

std::string description(std::string_view id) {
  if (const RuleInfo* rule = find_rule(id)) return std::string(rule->description);
  return "git-gate rule " + std::string(id) + ".";
}

// A relative reference (RFC 3986 4.2) naming the path: unreserved bytes and '/' stay,
// every other byte is percent-encoded, so a ':' in the first segment cannot read as a
// scheme and spaces, '%', '#', '?', controls and non-ASCII survive a URI parser.
std::string to_uri(std::string_view path) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(path.size());
  for (char ch : path) {
    auto c = static_cast<unsigned char>(ch);
    bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    if (keep) {
      out += ch;
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 0xF];
    }
  }
  return out;
}

void write_driver(JsonWriter& w, const std::vector<std::string>& ids) {
  w.key("driver").begin_object();
  w.key("name").value("git-gate");
  w.key("version").value(version());
  w.key("rules").begin_array();
  for (const std::string& id : ids) {
    w.begin_object();
    w.key("id").value(id);
    w.key("shortDescription").begin_object();
    w.key("text").value(description(id));
    w.end_object();
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

void write_location(JsonWriter& w, std::string_view path) {
  w.begin_object();
  w.key("physicalLocation").begin_object();
  w.key("artifactLocation").begin_object();
  w.key("uri").value(to_uri(path));
  w.end_object();
  w.end_object();
  w.end_object();
}

// Code scanning keeps an alert open across runs by matching partialFingerprints, so the
// hash covers what names the finding: its rule, the path it is shown on (its first, or
// the policy) and, among the run's results sharing both, its place. Never the message,
// which carries counts and times that change while the finding stays the same one.
std::string fingerprint(std::string_view rule, std::string_view path, std::int64_t occurrence) {
  return render_detail::fnv1a_hex({rule, path, std::to_string(occurrence)}, 64);
}

void write_result(JsonWriter& w, const Finding& f, const std::vector<std::string>& ids,
                  std::int64_t occurrence) {
  w.begin_object();
  w.key("ruleId").value(f.rule);
  auto index = std::find(ids.begin(), ids.end(), f.rule) - ids.begin();
  w.key("ruleIndex").value(static_cast<std::int64_t>(index));
  w.key("level").value(
      render_detail::by_severity(render_detail::shown_severity(f), "error", "warning", "note"));
  w.key("message").begin_object();
  w.key("text").value(render_detail::shown_message(f));
  w.end_object();
  if (f.overridden_by) {  // an accepted exception, granted outside the code
    w.key("suppressions").begin_array();
    w.begin_object();
    w.key("kind").value("external");
    w.key("status").value("accepted");
    w.key("justification").value(f.overridden_by->reason);
    w.end_object();
    w.end_array();
  }
  const std::string_view primary = f.paths.empty() ? policy_path : f.paths.front();
  w.key("partialFingerprints").begin_object();
  w.key("gateFinding/v1").value(fingerprint(f.rule, primary, occurrence));
  w.end_object();
  // Code scanning refuses a result without a file; a rule about the whole change
  // (a freeze, a deletion) points at the policy that raised it.
  w.key("locations").begin_array();
  if (f.paths.empty()) write_location(w, policy_path);
  for (const std::string& path : f.paths) write_location(w, path);
  w.end_array();
  w.end_object();
}

// The verdict and what it was judged on, under the JSON report's key names.
void write_properties(JsonWriter& w, const Report& r) {
  w.key("properties").begin_object();
  render_detail::write_verdict(w, r);
  w.key("change");
  render_detail::write_change(w, r.change);
  w.key("ci");
  render_detail::write_run(w, r.run);
  w.key("approvers").value(r.approvers);
  w.end_object();
}

}  // namespace

std::string render_sarif(const Report& report) {
  const std::vector<std::string> ids = rule_ids(report);
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.key("$schema").value("https://json.schemastore.org/sarif-2.1.0.json");
  w.key("version").value("2.1.0");
  w.key("runs").begin_array();
  w.begin_object();
  w.key("tool").begin_object();
  write_driver(w, ids);
  w.end_object();
  w.key("results").begin_array();
  // How many results before this one share its rule and primary path.
  std::map<std::pair<std::string_view, std::string_view>, std::int64_t> seen;
  for (const Finding& f : report.findings) {
    std::string_view primary = f.paths.empty() ? policy_path : f.paths.front();
    write_result(w, f, ids, seen[{f.rule, primary}]++);
  }
  w.end_array();
  write_properties(w, report);
  w.end_object();
  w.end_array();
  w.end_object();
  out += '\n';
  return out;
}

}  // namespace gate
