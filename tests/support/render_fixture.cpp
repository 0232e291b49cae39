#include "render_fixture.hpp"

#include <nlohmann/json.hpp>

namespace gate::test {

std::vector<HostilePath> hostile_paths() {
  std::vector<HostilePath> paths = {
      {"plain/file.txt", ""},
      {"dir with space/a,b:c%d.txt", ""},
      {"new\nline\r.cfg", ""},
      {"pipe|table|path.md", ""},
      {"\xC3\xBCn\xC3\xAF/\xE6\x97\xA5\xE6\x9C\xAC.txt", ""},  // ünï/日本.txt
      {"emoji/\xF0\x9F\x98\x80.txt", ""},                      // a 4-byte character
      {"q#a?b&c<d>`e`*f_[g]~h\\i.md", ""},
      {"%41%2C::already%escaped", ""},
      {"caf\xE9.bin", "caf\xEF\xBF\xBD.bin"},  // Latin-1, not UTF-8
  };
  for (HostilePath& p : paths)
    if (p.shown.empty()) p.shown = p.raw;
  return paths;
}

FileEntry file_entry(const std::string& path, const std::string& component,
                     const std::vector<std::string>& owners) {
  FileEntry e;
  e.change.path = path;
  e.change.added = 3;
  e.change.deleted = 1;
  e.component = component;
  e.owners = owners;
  return e;
}

Report hostile_report() {
  Report r;
  r.evaluated_at = parse_rfc3339("2026-07-10T12:30:00Z", "t");
  r.valid_until = parse_rfc3339("2026-07-10T15:00:00Z", "t");
  r.change.base = "1111111111111111111111111111111111111111";
  r.change.head = "2222222222222222222222222222222222222222";
  r.change.ref = "refs/heads/main";
  r.change.is_protected = true;
  std::vector<std::string> raw;
  for (const HostilePath& p : hostile_paths()) {
    raw.push_back(p.raw);
    r.files.push_back(file_entry(p.raw, "voice", {"@acme/voice"}));
  }
  r.files.back().owners.clear();
  ComponentEntry voice;
  voice.name = "voice";
  voice.files = static_cast<std::int64_t>(r.files.size());
  voice.lines = 4 * voice.files;
  voice.max_lines = 10;
  r.components.push_back(voice);
  r.findings.push_back({"size.component", Severity::block, "voice: too big, split it", raw});
  r.findings.push_back({"owners.cross-team",
                        Severity::warn,
                        "touches @acme/voice's code, 100%: ok?",
                        {raw[1], raw[2]}});
  r.findings.push_back({"window.freeze", Severity::info, "freeze until 15:00Z,\nthen open", {}});
  r.notices.push_back("no [owners] table | defaults used");
  RunInfo run;
  run.provider = "github";
  run.event = "pull_request";
  run.trusted = "3333333333333333333333333333333333333333";
  run.opener = "@alice";
  run.request = "#12";
  run.repository = "acme/voice";
  run.reviews_known = true;
  r.run = run;
  r.approvers = std::vector<std::string>{"@bob", "@carol"};
  return r;
}

bool is_utf8(const std::string& text) {
  try {
    (void)nlohmann::json(text).dump();
    return true;
  } catch (const nlohmann::json::exception&) {
    return false;
  }
}

}  // namespace gate::test
