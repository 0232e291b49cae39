// GitLab Code Quality report: a JSON array of issues, one per finding and path.

#include <cstdint>
#include <string_view>
#include <unordered_set>

#include "gate/json_writer.hpp"
#include "gate/policy.hpp"
#include "gate/render.hpp"
#include "report/render_util.hpp"

namespace gate {

namespace {

// GitLab matches issues across pipelines by fingerprint, so it must depend on nothing
// but what the issue says: FNV-1a (128 bits) over rule, path and message.
std::string fingerprint(std::string_view rule, std::string_view path, std::string_view message) {
  return render_detail::fnv1a_hex({rule, path, message}, 128);
}

void write_issue(JsonWriter& w, const Finding& f, std::string_view path, const std::string& print) {
  w.begin_object();
  w.key("description").value(render_detail::shown_message(f));
  w.key("check_name").value(f.rule);
  w.key("fingerprint").value(print);
  w.key("severity")
      .value(
          render_detail::by_severity(render_detail::shown_severity(f), "blocker", "major", "info"));
  w.key("location").begin_object();
  w.key("path").value(path);
  w.key("lines").begin_object();
  w.key("begin").value(1);
  w.end_object();
  w.end_object();
  w.end_object();
}

}  // namespace

std::string render_gitlab(const Report& report) {
  std::string out;
  JsonWriter w(out);
  // The same rule, path and message twice would be one issue to GitLab anyway (same
  // fingerprint); it is written once.
  std::unordered_set<std::string> seen;
  auto issue = [&](const Finding& f, std::string_view path) {
    std::string print = fingerprint(f.rule, path, f.message);
    if (seen.insert(print).second) write_issue(w, f, path, print);
  };
  w.begin_array();
  for (const Finding& f : report.findings) {
    // Code Quality needs a file: a finding that names no path is anchored on the policy.
    if (f.paths.empty()) issue(f, policy_path);
    for (const std::string& path : f.paths) issue(f, path);
  }
  w.end_array();
  out += '\n';
  return out;
}

}  // namespace gate
