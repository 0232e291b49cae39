#pragma once
/// Renderers: a Report in, text out. They compute nothing the report does not hold.

#include <string>
#include <vector>

#include "gate/error.hpp"
#include "gate/report.hpp"

namespace gate {

/// Output styling for the text renderer.
struct TextStyle {
  bool color = false;
};

/// Human-readable report.
std::string render_text(const Report& report, TextStyle style = {});

/// The stable JSON report (schema_version 1), pretty-printed, with a trailing newline.
std::string render_json(const Report& report);

/// Several reports (one per pushed ref) as a top-level JSON array.
std::string render_json(const std::vector<Report>& reports);

/// `{"schema_version": 1, "error": {"message": ..., "location": ...}}`.
std::string render_error_json(const Error& error);

/// One-line-per-problem text for an error, with carets for config diagnostics.
std::string render_error_text(const Error& error);

}  // namespace gate
