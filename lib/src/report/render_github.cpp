// GitHub Actions workflow commands (`::error file=...,title=...::message`), escaped as
// @actions/core escapes them, within the annotation limits GitHub applies.

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <optional>

#include "gate/render.hpp"
#include "report/render_util.hpp"

namespace gate {

namespace {

// GitHub shows at most 10 annotations of each type per step and 50 per job; the three
// types at 10 each stay under 50 on their own. Past 10, the last slot of a type says how
// many were left out, so nothing disappears without a word.
constexpr std::size_t kPerType = 10;

const char* command(Severity s) {
  return render_detail::by_severity(s, "error", "warning", "notice");
}

// @actions/core's escapeData, and for property values escapeProperty, which also
// escapes the ':' and ',' that delimit properties.
std::string escape(std::string_view text, bool property) {
  std::string out;
  out.reserve(text.size());
  for (char c : render_detail::valid_utf8(text)) {
    if (c == '%')
      out += "%25";
    else if (c == '\r')
      out += "%0D";
    else if (c == '\n')
      out += "%0A";
    else if (property && c == ':')
      out += "%3A";
    else if (property && c == ',')
      out += "%2C";
    else
      out += c;
  }
  return out;
}

void append_annotation(std::string& out, Severity s, const std::string* file,
                       std::string_view title, std::string_view message) {
  out += "::";
  out += command(s);
  out += ' ';
  if (file) out += "file=" + escape(*file, true) + ",";
  out += "title=" + escape(title, true);
  out += "::" + escape(message, false) + "\n";
}

// One annotation per finding and path; a finding without paths still gets one.
std::size_t annotation_count(const Report& r, Severity s) {
  std::size_t total = 0;
  for (const Finding& f : r.findings)
    if (render_detail::shown_severity(f) == s) total += std::max<std::size_t>(1, f.paths.size());
  return total;
}

void append_type(std::string& out, const Report& r, Severity s) {
  const std::size_t total = annotation_count(r, s);
  const std::size_t shown = total > kPerType ? kPerType - 1 : total;
  std::size_t emitted = 0;
  for (const Finding& f : r.findings) {
    if (render_detail::shown_severity(f) != s) continue;
    const std::string title = "git-gate: " + f.rule;
    const std::string message = render_detail::shown_message(f);
    if (f.paths.empty() && emitted < shown) {
      append_annotation(out, s, nullptr, title, message);
      ++emitted;
    }
    for (std::size_t i = 0; i < f.paths.size() && emitted < shown; ++i, ++emitted)
      append_annotation(out, s, &f.paths[i], title, message);
  }
  if (total == shown) return;
  append_annotation(out, s, nullptr, fmt::format("git-gate: {} more", total - shown),
                    fmt::format("{} more {} annotations are not shown: GitHub shows at most {} "
                                "of each type per step. The job summary and the JSON report "
                                "list every finding and path.",
                                total - shown, command(s), kPerType));
}

}  // namespace

std::string render_error_github(const Error& error) {
  std::string text = render_error_text(error);
  while (!text.empty() && text.back() == '\n') text.pop_back();  // no empty last line
  return "::error title=" + escape("git-gate error", true) + "::" + escape(text, false) + "\n";
}

std::string render_github(const Report& report) {
  std::string out;
  for (Severity s : std::array{Severity::block, Severity::warn, Severity::info})
    append_type(out, report, s);
  return out;
}

}  // namespace gate
