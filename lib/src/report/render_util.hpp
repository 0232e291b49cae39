#pragma once
// Pieces shared by the CI renderers (render_github, render_markdown, render_sarif,
// render_gitlab). Private to the library.

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "gate/json_writer.hpp"
#include "gate/report.hpp"

namespace gate::render_detail {

/// Each format's word for a severity: `block`, `warn` or `info`, as `s` is.
constexpr const char* by_severity(Severity s, const char* block, const char* warn,
                                  const char* info) {
  return s == Severity::block ? block : s == Severity::warn ? warn : info;
}

/// The severity a finding is shown with: an overridden finding no longer blocks, so
/// it is shown as a warning (its override named in shown_message).
Severity shown_severity(const Finding& f);

/// The finding's message, with "(overridden by P until T: reason)" when overridden.
std::string shown_message(const Finding& f);

/// `text` with each ill-formed UTF-8 sequence replaced by U+FFFD, as the JSON writer
/// does: git paths are bytes, while annotations and job summaries are read as UTF-8.
std::string valid_utf8(std::string_view text);

/// FNV-1a over `parts` joined by NUL bytes (which neither a rule id nor a git path can
/// hold, so ("a", "bc") and ("ab", "c") differ), as lower-case hex: 16 digits for 64
/// bits (SARIF), 32 for 128 bits (GitLab). For fingerprints, not for security.
std::string fnv1a_hex(std::initializer_list<std::string_view> parts, int bits);

/// The JSON report's "verdict", "evaluated_at", "clock" and "valid_until" members, into
/// the object being written.
void write_verdict(JsonWriter& w, const Report& r);

/// The JSON report's "change" object: base, head, ref, protected, deletion.
void write_change(JsonWriter& w, const ChangeInfo& change);

/// The JSON report's "ci" value: the run's inputs, or null outside `git-gate ci`.
void write_run(JsonWriter& w, const std::optional<RunInfo>& run);

}  // namespace gate::render_detail
