#include <fmt/format.h>

#include <algorithm>

#include "gate/render.hpp"

namespace gate {

namespace {

struct Palette {
  bool on;
  std::string paint(std::string_view code, std::string_view text) const {
    return on ? fmt::format("\x1b[{}m{}\x1b[0m", code, text) : std::string(text);
  }
};

std::string severity_label(Severity s, const Palette& p) {
  switch (s) {
    case Severity::block:
      return p.paint("1;31", "BLOCK");
    case Severity::warn:
      return p.paint("33", "warn ");
    case Severity::info:
      return p.paint("36", "info ");
  }
  return {};
}

// A path as git prints it with core.quotePath off: as it is, unless it holds a
// control character, a quote or a backslash; then C-quoted, so that a newline in a
// file name cannot forge a line of the report.
std::string quoted_path(const std::string& path) {
  bool plain = std::none_of(path.begin(), path.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f || c == '"' || c == '\\';
  });
  if (plain) return path;
  std::string out = "\"";
  for (char c : path) {
    auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (u < 0x20 || u == 0x7f)
          out += fmt::format("\\{:03o}", u);
        else
          out += c;
    }
  }
  return out + "\"";
}

std::string short_id(const std::string& id) {
  return id.empty() ? "(empty tree)" : id.substr(0, 12);
}

// The effective CI inputs, so a reader sees what was judged and by which policy.
std::string run_line(const RunInfo& run) {
  std::string out = fmt::format("  ci: {}", run.provider);
  if (!run.event.empty()) out += " " + run.event;
  if (!run.request.empty()) out += " " + run.request;
  if (!run.repository.empty()) out += " in " + run.repository;
  if (!run.opener.empty()) out += " opened by " + run.opener;
  if (run.merge_queue) out += " (merge queue)";
  out += fmt::format("\n  policy and CODEOWNERS from {}; reviews {}\n", short_id(run.trusted),
                     run.reviews_known ? "supplied" : "not supplied");
  return out;
}

std::string header(const Report& r, const Palette& p) {
  std::string verdict = r.allowed() ? p.paint("1;32", "ALLOWED") : p.paint("1;31", "BLOCKED");
  std::string target =
      r.change.ref.empty() ? std::string("a protected ref (no --ref given)") : r.change.ref;
  std::string out = fmt::format("git-gate: {} {} to {}{}\n", verdict,
                                r.change.deletion ? "deletion of" : "deploy", target,
                                r.change.is_protected ? " (protected)" : " (not protected)");
  if (r.run) out += run_line(*r.run);
  if (!r.change.deletion)
    out += fmt::format("  range {}..{}\n", short_id(r.change.base), short_id(r.change.head));
  out += fmt::format("  evaluated at {}{}\n", format_utc(r.evaluated_at),
                     r.clock_overridden ? " (clock overridden by --at or GATE_NOW)" : "");
  if (r.valid_until) out += fmt::format("  valid until {}\n", format_utc(*r.valid_until));
  return out;
}

std::string limit_text(const ComponentEntry& c) {
  std::vector<std::string> parts;
  if (c.max_lines) parts.push_back(fmt::format("max {} lines", *c.max_lines));
  if (c.max_files) parts.push_back(fmt::format("max {} files", *c.max_files));
  if (c.max_binary_bytes)
    parts.push_back(fmt::format("max {} bytes of binary files", *c.max_binary_bytes));
  return parts.empty() ? "no limit" : fmt::format("{}", fmt::join(parts, ", "));
}

}  // namespace

std::string render_text(const Report& r, TextStyle style) {
  Palette p{style.color};
  std::string out = header(r, p);
  if (!r.components.empty()) {
    out += "components:\n";
    for (const ComponentEntry& c : r.components)
      out += fmt::format(
          "  {:<20} {:>5} files {:>7} lines{}   ({})\n", c.name, c.files, c.lines,
          c.binary_bytes > 0 ? fmt::format(", {} bytes of binary files", c.binary_bytes) : "",
          limit_text(c));
  }
  std::size_t uncounted = 0;
  for (const FileEntry& f : r.files) uncounted += f.counted ? 0 : 1;
  if (uncounted) out += fmt::format("  ({} files listed but not counted)\n", uncounted);
  if (!r.findings.empty()) out += "findings:\n";
  for (const Finding& f : r.findings) {
    out +=
        fmt::format("  {} {}: {}\n",
                    f.overridden_by ? p.paint("33", "OVERRIDDEN") : severity_label(f.severity, p),
                    f.rule, f.message);
    if (f.overridden_by)
      out += fmt::format("        {} overridden by {} until {}: {}\n", f.rule,
                         f.overridden_by->principal, format_utc(f.overridden_by->expires_at),
                         f.overridden_by->reason);
    constexpr std::size_t shown = 10;
    for (std::size_t i = 0; i < f.paths.size() && i < shown; ++i)
      out += fmt::format("        {}\n", quoted_path(f.paths[i]));
    if (f.paths.size() > shown)
      out += fmt::format("        … and {} more\n", f.paths.size() - shown);
  }
  for (const OverrideStatus& o : r.overrides)
    out += fmt::format("  override {} by {}: {} ({})\n", o.id.empty() ? "(not a record)" : o.id,
                       o.principal.empty() ? "?" : o.principal, o.applied ? "applied" : "rejected",
                       o.why);
  for (const std::string& n : r.notices) out += fmt::format("  note: {}\n", n);
  return out;
}

std::string render_error_text(const Error& error) {
  if (const auto* config = dynamic_cast<const ConfigError*>(&error))
    return "git-gate: error:\n" + format_diagnostics(config->diagnostics());
  return fmt::format("git-gate: error: {}\n", error.what());
}

}  // namespace gate
