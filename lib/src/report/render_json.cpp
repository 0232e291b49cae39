#include <functional>

#include "gate/json_writer.hpp"
#include "gate/render.hpp"
#include "gate/version.hpp"
#include "report/render_util.hpp"

namespace gate {

namespace {

// Absent values are null rather than missing, so scripts can rely on every key.
void write_file(JsonWriter& w, const FileEntry& f) {
  w.begin_object();
  w.key("path").value(f.change.path);
  w.key("old_path").value(f.change.old_path);
  w.key("status").value(to_string(f.change.status));
  w.key("added").value(f.change.added);
  w.key("deleted").value(f.change.deleted);
  w.key("binary").value(f.change.binary);
  w.key("bytes").value(f.change.bytes);
  w.key("component").value(f.component);
  w.key("counted").value(f.counted);
  w.key("excluded_by").string_or_null(f.excluded_by);
  w.key("owners").value(f.owners);
  w.key("owner_line").string_or_null(f.owner_line);
  w.end_object();
}

void write_component(JsonWriter& w, const ComponentEntry& c) {
  w.begin_object();
  w.key("name").value(c.name);
  w.key("files").value(c.files);
  w.key("lines").value(c.lines);
  w.key("max_lines").value(c.max_lines);
  w.key("max_files").value(c.max_files);
  w.key("binary_bytes").value(c.binary_bytes);
  w.key("max_binary_bytes").value(c.max_binary_bytes);
  w.end_object();
}

void write_finding(JsonWriter& w, const Finding& f) {
  w.begin_object();
  w.key("rule").value(f.rule);
  w.key("severity").value(to_string(f.severity));
  w.key("message").value(f.message);
  w.key("paths").value(f.paths);
  w.key("overridden_by");
  if (f.overridden_by) {
    w.begin_object();
    w.key("override_id").value(f.overridden_by->id);
    w.key("principal").value(f.overridden_by->principal);
    w.key("reason").value(f.overridden_by->reason);
    w.key("expires_at").value(format_utc(f.overridden_by->expires_at));
    w.end_object();
  } else {
    w.null();
  }
  w.end_object();
}

void write_instant(JsonWriter& w, const std::optional<Instant>& at) {
  if (at)
    w.value(format_utc(*at));
  else
    w.null();
}

}  // namespace

void write_override_status(JsonWriter& w, const OverrideStatus& s) {
  w.begin_object();
  w.key("override_id").string_or_null(s.id);
  w.key("commit").value(s.commit);
  w.key("principal").string_or_null(s.principal);
  w.key("rules").value(s.rules);
  w.key("reason").string_or_null(s.reason);
  w.key("issued_at");
  write_instant(w, s.issued_at);
  w.key("expires_at");
  write_instant(w, s.expires_at);
  w.key("status").value(s.applied ? "applied" : "rejected");
  w.key("why").value(s.why);
  w.end_object();
}

namespace {

template <typename T, typename Write>
void write_array(JsonWriter& w, const std::vector<T>& items, Write write) {
  w.begin_array();
  for (const T& item : items) write(w, item);
  w.end_array();
}

void write_report(JsonWriter& w, const Report& r) {
  w.begin_object();
  w.key("schema_version").value(1);
  // Which build judged: a report kept as evidence says what produced it.
  w.key("tool").begin_object();
  w.key("name").value("git-gate");
  w.key("version").value(version());
  w.end_object();
  render_detail::write_verdict(w, r);
  w.key("change");
  render_detail::write_change(w, r.change);
  w.key("files");
  write_array(w, r.files, write_file);
  w.key("components");
  write_array(w, r.components, write_component);
  w.key("findings");
  write_array(w, r.findings, write_finding);
  w.key("notices").value(r.notices);
  w.key("policy");
  if (r.policy) {
    w.begin_object();
    w.key("revision").value(r.policy->revision);
    w.key("fallback_from").string_or_null(r.policy->fallback_from);
    w.key("error").string_or_null(r.policy->error);
    w.end_object();
  } else {
    w.null();
  }
  w.key("ci");
  render_detail::write_run(w, r.run);
  w.key("approvers").value(r.approvers);
  w.key("overrides");
  write_array(w, r.overrides, write_override_status);
  w.end_object();
}

}  // namespace

void render_json(const Report& report, const std::function<void(std::string_view)>& write) {
  // Big enough that a write is cheap, small enough to stay in the cache: a 50k-file
  // report held whole is 15 MB of pages to fault in, and twice the peak memory.
  constexpr std::size_t kPiece = 64 * 1024;
  std::string out;
  out.reserve(kPiece + 4096);
  JsonWriter w(out);
  w.spill_to(kPiece, write);
  write_report(w, report);
  out += '\n';
  write(out);
}

std::string render_json(const Report& report) {
  // A file's entry is ~250 bytes besides its path, and findings list paths again: sized
  // so that a 50k-file report is written without growing (a doubling costs a copy).
  std::size_t size = 512;
  for (const FileEntry& file : report.files) size += 288 + 2 * file.change.path.size();
  std::string out;
  out.reserve(size);
  JsonWriter w(out);
  write_report(w, report);
  out += '\n';
  return out;
}

std::string render_json(const std::vector<Report>& reports) {
  std::string out;
  JsonWriter w(out);
  write_array(w, reports, write_report);
  out += '\n';
  return out;
}

std::string render_override_status_json(const OverrideStatus& status) {
  std::string out;
  JsonWriter w(out, 0);
  write_override_status(w, status);
  return out;
}

std::string render_error_json(const Error& error) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.key("schema_version").value(1);
  w.key("error").begin_object();
  w.key("message").value(error.what());
  w.key("location").string_or_null(error.location().to_string());
  w.end_object();
  w.end_object();
  out += '\n';
  return out;
}

}  // namespace gate
