#include <fmt/format.h>

#include <algorithm>

#include "gate/render.hpp"

#include "gate/local_time.hpp"
#include "gate/text_layout.hpp"

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
      return p.paint("33", "WARN");
    case Severity::info:
      return p.paint("36", "INFO");
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

std::string plural(std::size_t n, std::string_view word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

std::string header(const Report& r, const Palette& p) {
  std::string verdict = r.allowed() ? p.paint("1;32", "ALLOWED") : p.paint("1;31", "BLOCKED");
  const bool named = !r.change.ref.empty();
  std::string target = named ? r.change.ref : std::string("a protected ref (no --ref given)");
  std::string out = fmt::format("git-gate: {} {} {}{}\n", verdict,
                                r.change.deletion ? "deletion of" : "deploy to", target,
                                !named                  ? ""
                                : r.change.is_protected ? " (protected)"
                                                        : " (not protected)");
  if (r.run) out += run_line(*r.run);
  if (!r.change.deletion)
    out += fmt::format("  range {}..{}\n", short_id(r.change.base), short_id(r.change.head));
  out += fmt::format("  evaluated at {}{}\n", format_utc(r.evaluated_at),
                     r.clock_overridden ? " (clock overridden by --at or GATE_NOW)" : "");
  if (r.valid_until)
    out += fmt::format("  valid until {}\n", format_utc_and_local(*r.valid_until, r.timezone));
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

std::string components_text(const Report& r) {
  std::string out;
  if (!r.components.empty()) out += "components:\n";
  for (const ComponentEntry& c : r.components)
    out += fmt::format(
        "  {:<20} {:>11} {:>13}{}   ({})\n", c.name,
        plural(static_cast<std::size_t>(c.files), "file"),
        plural(static_cast<std::size_t>(c.lines), "line"),
        c.binary_bytes > 0 ? fmt::format(", {} bytes of binary files", c.binary_bytes) : "",
        limit_text(c));
  std::size_t uncounted = 0;
  for (const FileEntry& f : r.files) uncounted += f.counted ? 0 : 1;
  if (uncounted) out += fmt::format("  ({} listed but not counted)\n", plural(uncounted, "file"));
  return out;
}

// A finding still blocking; a lifted one shows as overridden, no longer blocking.
bool blocks(const Finding& f) { return f.severity == Severity::block && !f.overridden_by; }

// The rules with findings, each once: those still blocking first, then the rest, each part
// in table order (the order of the findings).
std::vector<std::string> rules_in_order(const Report& r) {
  std::vector<std::string> blocking, rest;
  for (const Finding& f : r.findings) {
    bool b = std::any_of(r.findings.begin(), r.findings.end(),
                         [&](const Finding& g) { return g.rule == f.rule && blocks(g); });
    std::vector<std::string>& list = b ? blocking : rest;
    if (std::find(list.begin(), list.end(), f.rule) == list.end()) list.push_back(f.rule);
  }
  blocking.insert(blocking.end(), rest.begin(), rest.end());
  return blocking;
}

std::string paragraph(std::string_view text, const TextStyle& style, std::string first,
                      std::string indent) {
  return wrap_text(text, {style.width, std::move(first), std::move(indent), kept_spans(text)});
}

// Lines already laid out (the header, the component table) as they are when they fit, else
// filled to the width under their own indentation.
// Where a table row wider than `width` may break: the last gap between its columns (two
// spaces or more) that leaves the first part within `width`; npos when there is none.
std::size_t column_break(std::string_view line, std::size_t text_at, std::size_t width) {
  std::size_t gap = line.rfind("  ");
  while (gap != std::string_view::npos && gap > text_at) {
    std::size_t begin = gap;
    while (begin > 0 && line[begin - 1] == ' ') --begin;  // the start of the run of spaces
    if (begin > text_at && columns(line.substr(0, begin)) <= width) return begin;
    if (begin == 0) break;
    gap = line.rfind("  ", begin - 1);
  }
  return std::string_view::npos;
}

// Fills the header and the components table to the width: a table row keeps its columns
// and moves what does not fit to a line of its own.
std::string fit(const std::string& block, const TextStyle& style) {
  std::string out;
  std::size_t start = 0;
  while (start < block.size()) {
    std::size_t end = block.find('\n', start);
    if (end == std::string::npos) end = block.size();
    std::string_view line(block.data() + start, end - start);
    const std::size_t text_at = std::min(line.find_first_not_of(' '), line.size());
    const std::size_t split = column_break(line, text_at, style.width);
    const std::string indent(text_at, ' ');
    if (columns(line) <= style.width) {
      out.append(line) += '\n';
    } else if (split != std::string_view::npos) {
      out.append(line.substr(0, split)) += '\n';
      out += paragraph(line.substr(line.find_first_not_of(' ', split)), style, indent + "    ",
                       indent + "      ");
    } else {
      out += paragraph(line.substr(text_at), style, indent, indent + "  ");
    }
    start = end + 1;
  }
  return out;
}

std::string paths_text(const Finding& f) {
  constexpr std::size_t shown = 10;
  std::string out;
  for (std::size_t i = 0; i < f.paths.size() && i < shown; ++i)
    out += fmt::format("      {}\n", quoted_path(f.paths[i]));
  if (f.paths.size() > shown) out += fmt::format("      and {} more\n", f.paths.size() - shown);
  return out;
}

// One line (wrapped) for what is wrong, one for what to do, then the paths.
std::string finding_text(const Finding& f, const Report& r, const TextStyle& style) {
  std::string out = paragraph(f.what(), style, "  ", "    ");
  if (!f.action.empty()) out += paragraph(f.action, style, "  → ", "    ");
  if (f.overridden_by)
    out += paragraph(fmt::format("overridden by {} until {}: {}", f.overridden_by->principal,
                                 format_utc_and_local(f.overridden_by->expires_at, r.timezone),
                                 f.overridden_by->reason),
                     style, "  → ", "    ");
  return out + paths_text(f);
}

std::string severity_heading(const Report& r, const std::string& rule, const Palette& p) {
  bool any_block = false, any_warn = false, any_lifted = false;
  for (const Finding& f : r.findings) {
    if (f.rule != rule) continue;
    any_block = any_block || blocks(f);
    any_lifted = any_lifted || f.overridden_by.has_value();
    any_warn = any_warn || f.severity == Severity::warn;
  }
  if (any_block) return severity_label(Severity::block, p);
  if (any_lifted) return p.paint("33", "OVERRIDDEN");
  return severity_label(any_warn ? Severity::warn : Severity::info, p);
}

// Who may lift the rule's blocking findings by override (set only under [overrides]).
std::string helpers_text(const Report& r, const std::string& rule, const TextStyle& style) {
  std::vector<std::string> who;
  for (const Finding& f : r.findings)
    if (f.rule == rule && blocks(f))
      for (const std::string& w : f.lifted_by)
        if (std::find(who.begin(), who.end(), w) == who.end()) who.push_back(w);
  if (who.empty()) return {};
  return paragraph(fmt::format("who can lift it: an override by {}", fmt::join(who, " or ")), style,
                   "  ", "    ");
}

std::string findings_text(const Report& r, const TextStyle& style, const Palette& p) {
  std::string out;
  for (const std::string& rule : rules_in_order(r)) {
    std::size_t n = static_cast<std::size_t>(std::count_if(
        r.findings.begin(), r.findings.end(), [&](const Finding& f) { return f.rule == rule; }));
    out += fmt::format("{} {}{}\n", severity_heading(r, rule, p), rule,
                       n > 1 ? fmt::format(" ({} findings)", n) : "");
    for (const Finding& f : r.findings)
      if (f.rule == rule) out += finding_text(f, r, style);
    out += helpers_text(r, rule, style);
  }
  return out;
}

}  // namespace

std::string render_text(const Report& r, TextStyle style) {
  Palette p{style.color};
  std::string out = fit(header(r, p) + components_text(r), style) + findings_text(r, style, p);
  for (const OverrideStatus& o : r.overrides)
    out +=
        paragraph(fmt::format("override {} by {}: {} ({})", o.id.empty() ? "(not a record)" : o.id,
                              o.principal.empty() ? "?" : o.principal,
                              o.applied ? "applied" : "rejected", o.why),
                  style, "  ", "    ");
  for (const std::string& n : r.notices) out += paragraph(n, style, "  note: ", "    ");
  return out;
}

std::string render_error_text(const Error& error) {
  if (const auto* config = dynamic_cast<const ConfigError*>(&error))
    return "git-gate: error:\n" + format_diagnostics(config->diagnostics());
  return fmt::format("git-gate: error: {}\n", error.what());
}

}  // namespace gate
