#pragma once
/// Renderers: a Report in, text out. They compute nothing the report does not hold.

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "gate/error.hpp"
#include "gate/json_writer.hpp"
#include "gate/report.hpp"

namespace gate {

/// Output styling for the text renderer. The programs fill it from the terminal and the
/// environment (shell/terminal.cpp); the renderers read nothing else.
struct TextStyle {
  bool color = false;
  std::size_t width = 80;  ///< columns to fill; 80 when the output is not a terminal
  bool verbose = false;    ///< a push's full reports even when it is allowed
};

/// Human-readable report: a header, the components, the findings grouped by rule (the
/// blocking rules first), each as what is wrong and what to do, and who can help.
std::string render_text(const Report& report, TextStyle style = {});

/// A push's text output, one report per pushed ref (README, The pre-push hook): allowed,
/// exactly one line for the whole push (files and warnings of its protected refs, the
/// earliest "valid until"), or nothing when only unprotected refs without warnings were
/// pushed; blocked, the report of each blocked ref and the line saying the push is refused.
/// `style.verbose` shows every report in full.
std::string render_push_text(const std::vector<Report>& reports, TextStyle style = {});

/// The stable JSON report (schema_version 1), pretty-printed, with a trailing newline.
std::string render_json(const Report& report);

/// The same bytes given to `write` in pieces of about 64 KB, so that a report of tens of
/// thousands of files is never held whole.
void render_json(const Report& report, const std::function<void(std::string_view)>& write);

/// Writes one override status object (shared by the JSON renderers).
void write_override_status(JsonWriter& w, const OverrideStatus& status);

/// Several reports (one per pushed ref) as a top-level JSON array.
std::string render_json(const std::vector<Report>& reports);

/// GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` annotation
/// per finding and path (block/warn/info), within GitHub's limits (10 per type per
/// step, 50 per job); what does not fit is summarised in the last annotation of its type.
std::string render_github(const Report& report);

/// The Markdown job summary: effective inputs, verdict, findings, components and
/// sizes, owners and approvals, window state and valid_until. At most `max_bytes`
/// (GitHub's step summary limit is 1 MiB); long tables are cut with a note.
std::string render_markdown(const Report& report, std::size_t max_bytes = 1u << 20);

/// SARIF 2.1.0: one run of tool "git-gate", one rule per rule id, one result per finding.
std::string render_sarif(const Report& report);

/// GitLab Code Quality JSON: an array of issues, one per finding and path.
std::string render_gitlab(const Report& report);

/// One override record's status as a one-line JSON object (the report's `overrides`
/// entries; `git-gate override list --format json` and `audit --format json`).
std::string render_override_status_json(const OverrideStatus& status);

/// `{"schema_version": 1, "error": {"message": ..., "location": ...}}`.
std::string render_error_json(const Error& error);

/// One-line-per-problem text for an error, with carets for config diagnostics.
std::string render_error_text(const Error& error);

/// The error as one GitHub `::error` workflow command (title "git-gate error"), so the
/// failure shows on the run's page, not only in its log: render_error_text's lines,
/// escaped and made valid UTF-8 as render_github does, with a trailing newline.
std::string render_error_github(const Error& error);

}  // namespace gate
