#pragma once
// Pieces shared by the CI renderers (render_github, render_markdown, render_sarif,
// render_gitlab). Private to the library.

#include <string>
#include <string_view>

namespace gate::render_detail {

/// Where a finding that names no path is anchored in formats that need a file (GitLab
/// Code Quality, SARIF for code scanning): the policy that raised it.
inline constexpr std::string_view kPolicyFile = "policy.toml";

/// `text` with each ill-formed UTF-8 sequence replaced by U+FFFD, as the JSON writer
/// does: git paths are bytes, while annotations and job summaries are read as UTF-8.
std::string valid_utf8(std::string_view text);

}  // namespace gate::render_detail
