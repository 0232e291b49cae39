// A push's text output (README, The pre-push hook): an allowed push is one line, a blocked
// one the reports of its blocked refs and why the push is refused.
#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "gate/render.hpp"

#include "gate/local_time.hpp"
#include "gate/text_layout.hpp"

namespace gate {
namespace {

std::string plural(std::size_t n, std::string_view word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

void add_once(std::vector<std::string>& list, const std::string& item) {
  if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(item);
}

// What a person may want to look at: warnings, and findings an override lifted.
struct Warnings {
  std::size_t count = 0;
  std::vector<std::string> names;
};

Warnings warnings_of(const std::vector<Report>& reports) {
  Warnings w;
  for (const Report& r : reports)
    for (const Finding& f : r.findings) {
      if (f.overridden_by) {
        ++w.count;
        add_once(w.names, f.rule + " overridden");
      } else if (f.severity == Severity::warn) {
        ++w.count;
        add_once(w.names, f.label.empty() ? f.rule : f.label);
      }
    }
  return w;
}

// "3 files in api, web", over the protected refs.
std::string files_part(const std::vector<const Report*>& judged) {
  std::size_t files = 0, deletions = 0;
  std::vector<std::string> components;
  for (const Report* r : judged) {
    files += r->files.size();
    deletions += r->change.deletion ? 1 : 0;
    for (const ComponentEntry& c : r->components)
      if (c.files > 0) add_once(components, c.name);
  }
  std::string out = files == 0 ? std::string("no changed files") : plural(files, "file");
  if (!components.empty()) out += fmt::format(" in {}", fmt::join(components, ", "));
  if (deletions) out += ", " + plural(deletions, "deletion");
  return out;
}

// The earliest "valid until" of the protected refs, with its report's zone.
std::string valid_until_part(const std::vector<const Report*>& judged) {
  const Report* first = nullptr;
  for (const Report* r : judged)
    if (r->valid_until && (!first || *r->valid_until < *first->valid_until)) first = r;
  if (!first) return {};
  return "; valid until " + format_utc_and_local(*first->valid_until, first->timezone);
}

std::string allowed_line(const std::vector<Report>& reports) {
  std::vector<const Report*> judged;
  for (const Report& r : reports)
    if (r.change.is_protected) judged.push_back(&r);
  Warnings w = warnings_of(reports);
  if (judged.empty() && w.count == 0) return {};
  std::string out = judged.empty() ? "git-gate: allowed (no protected ref)"
                                   : "git-gate: allowed, " + files_part(judged);
  if (w.count)
    out += fmt::format(", {} ({}): `git-gate check` for details", plural(w.count, "warning"),
                       fmt::join(w.names, ", "));
  return out + valid_until_part(judged) + "\n";
}

}  // namespace

std::string render_push_text(const std::vector<Report>& reports, TextStyle style) {
  bool allowed =
      std::all_of(reports.begin(), reports.end(), [](const Report& r) { return r.allowed(); });
  if (allowed && !style.verbose) return allowed_line(reports);
  std::string out;
  bool may_lift = false;
  for (const Report& r : reports) {
    if (r.allowed() && !style.verbose) continue;
    out += render_text(r, style);
    for (const Finding& f : r.findings) may_lift = may_lift || !f.lifted_by.empty();
  }
  if (!allowed)
    out += wrap_text(fmt::format("git-gate: push refused: fix the findings above{}.",
                                 may_lift ? ", or ask an override approver" : ""),
                     {style.width, "", "  ", {}});
  return out;
}

}  // namespace gate
