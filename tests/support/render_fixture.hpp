#pragma once
/// Reports for the renderer tests (render_github, render_markdown, render_sarif,
/// render_gitlab): paths that break naive escaping, every severity, CI run facts.

#include <string>
#include <vector>

#include "gate/report.hpp"

namespace gate::test {

/// A path as git may hold it and as a UTF-8 reader must be shown it (the two differ
/// only where the path is not UTF-8: each ill-formed byte becomes U+FFFD).
struct HostilePath {
  std::string raw;
  std::string shown;
};

/// Paths holding the separators of each output format (`,` `:` `|` `%` `#` `?`,
/// newlines), Markdown and HTML syntax, multi-byte UTF-8, and bytes that are not UTF-8.
std::vector<HostilePath> hostile_paths();

/// One changed file of the report, fields set one by one.
FileEntry file_entry(const std::string& path, const std::string& component,
                     const std::vector<std::string>& owners);

/// A blocked report: a finding of each severity over the hostile paths, one without
/// paths, components, owners, notices, run info, approvers and valid_until.
Report hostile_report();

/// True when `text` is well-formed UTF-8 (nlohmann refuses to dump anything else).
bool is_utf8(const std::string& text);

}  // namespace gate::test
