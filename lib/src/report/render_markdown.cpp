// The Markdown job summary (GitHub's $GITHUB_STEP_SUMMARY, GitLab's MR note): the
// verdict, what was judged, and the tables behind it, within a byte budget.

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <string_view>
#include <utility>
#include <vector>

#include "gate/render.hpp"
#include "report/render_util.hpp"

namespace gate {

namespace {

// A section of the summary: fixed text, then rows (table rows or list items, each with
// its newline) that may be dropped from the end when the summary would not fit.
struct Block {
  std::string head;
  std::vector<std::string> rows;
  std::string tail = "\n";  // the blank line that ends a table or list
};

// Text for a table cell or list item. A cell is one line, so control bytes become their
// Unicode control pictures (a newline shows as U+240A); '|' would start a new column,
// and backticks, emphasis and HTML would change what a path looks like.
std::string cell(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (char ch : render_detail::valid_utf8(text)) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7F) {
      out += "\xE2\x90";
      out += static_cast<char>(c == 0x7F ? 0xA1 : 0x80 + c);
    } else if (c == '&') {
      out += "&amp;";
    } else if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else if (std::string_view("|\\`*_[]~").find(ch) != std::string_view::npos) {
      out += '\\';
      out += ch;
    } else {
      out += ch;
    }
  }
  return out;
}

std::string row(std::initializer_list<std::string> cells) {
  return fmt::format("| {} |\n", fmt::join(cells, " | "));
}

std::string table_header(std::initializer_list<std::string> names) {
  std::vector<std::string> rule(names.size(), "---");
  return row(names) + fmt::format("| {} |\n", fmt::join(rule, " | "));
}

const char* yes_no(bool b) { return b ? "yes" : "no"; }

Block inputs_block(const Report& r) {
  Block b;
  b.head = fmt::format("## git-gate: {}\n\n", r.allowed() ? "allowed" : "blocked") +
           table_header({"input", "value"});
  auto add = [&](std::string_view name, std::string_view value) {
    if (!value.empty()) b.rows.push_back(row({std::string(name), cell(value)}));
  };
  if (r.run) {
    add("provider", r.run->provider);
    add("event", r.run->event);
    add("request", r.run->request);
    add("opener", r.run->opener);
    add("repository", r.run->repository);
  }
  add("target ref", r.change.ref);
  add("protected", yes_no(r.change.is_protected));
  if (r.change.deletion) add("deletion", "yes");
  if (r.run) add("trusted commit", r.run->trusted);
  add("base", r.change.base);
  add("head", r.change.head);
  if (r.run) {
    add("merge queue", yes_no(r.run->merge_queue));
    add("reviews", r.run->reviews_known ? "supplied" : "not supplied");
  }
  add("clock", r.clock_overridden ? "overridden (--at or GATE_NOW)" : "system");
  add("evaluated_at", format_utc(r.evaluated_at));
  if (r.valid_until) add("valid_until", format_utc(*r.valid_until));
  return b;
}

// A finding may name thousands of paths; the cell shows the first few.
std::string paths_cell(const std::vector<std::string>& paths) {
  constexpr std::size_t shown = 3;
  std::vector<std::string> parts;
  for (std::size_t i = 0; i < paths.size() && i < shown; ++i) parts.push_back(cell(paths[i]));
  if (paths.size() > shown) parts.push_back(fmt::format("and {} more", paths.size() - shown));
  return fmt::format("{}", fmt::join(parts, "<br>"));
}

Block findings_block(const Report& r) {
  Block b;
  b.head = "### Findings\n\n";
  if (r.findings.empty()) {
    b.head += "No findings.\n\n";
    b.tail.clear();
    return b;
  }
  b.head += table_header({"severity", "rule", "message", "paths"});
  for (const Finding& f : r.findings) {
    std::string level = f.overridden_by ? std::string(to_string(f.severity)) + " (overridden)"
                                        : to_string(f.severity);
    b.rows.push_back(
        row({level, cell(f.rule), cell(render_detail::shown_message(f)), paths_cell(f.paths)}));
  }
  return b;
}

// Every record found, so the forge keeps who overrode what even where the notes ref
// itself is not protected (docs/overrides.md).
Block overrides_block(const Report& r) {
  Block b;
  if (r.overrides.empty()) {
    b.tail.clear();
    return b;
  }
  b.head = "### Overrides\n\n" +
           table_header({"status", "id", "approver", "rules", "until", "reason", "why"});
  for (const OverrideStatus& o : r.overrides)
    b.rows.push_back(
        row({o.applied ? "applied" : "rejected", cell(o.id), cell(o.principal),
             cell(fmt::format("{}", fmt::join(o.rules, ", "))),
             o.expires_at ? format_utc(*o.expires_at) : "", cell(o.reason), cell(o.why)}));
  return b;
}

std::string limit(const std::optional<std::int64_t>& max) {
  return max ? std::to_string(*max) : "—";
}

Block components_block(const Report& r) {
  Block b;
  auto uncounted =
      std::count_if(r.files.begin(), r.files.end(), [](const FileEntry& f) { return !f.counted; });
  b.head =
      fmt::format("### Components\n\n{} changed files, {} of them not counted toward size.\n\n",
                  r.files.size(), uncounted);
  if (r.components.empty()) {
    b.tail.clear();
    return b;
  }
  b.head += table_header({"component", "files", "lines", "max files", "max lines", "over limit"});
  for (const ComponentEntry& c : r.components) {
    bool over = (c.max_files && c.files > *c.max_files) || (c.max_lines && c.lines > *c.max_lines);
    b.rows.push_back(row({cell(c.name), std::to_string(c.files), std::to_string(c.lines),
                          limit(c.max_files), limit(c.max_lines), over ? "**yes**" : "no"}));
  }
  return b;
}

std::string approvers_line(const Report& r) {
  if (!r.approvers) return "Approvals: reviews not supplied.";
  if (r.approvers->empty()) return "Approvers: none.";
  std::vector<std::string> names;
  for (const std::string& a : *r.approvers) names.push_back(cell(a));
  return fmt::format("Approvers: {}.", fmt::join(names, ", "));
}

Block owners_block(const Report& r) {
  Block b;
  b.head = "### Owners and approvals\n\n" + approvers_line(r) + "\n\n";
  std::map<std::vector<std::string>, std::size_t> groups;
  for (const FileEntry& f : r.files) ++groups[f.owners];
  if (groups.empty()) {
    b.tail.clear();
    return b;
  }
  std::vector<std::pair<std::vector<std::string>, std::size_t>> sorted(groups.begin(),
                                                                       groups.end());
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& x, const auto& y) { return x.second > y.second; });
  b.head += table_header({"owners", "files"});
  for (const auto& [owners, count] : sorted) {
    std::vector<std::string> names;
    for (const std::string& o : owners) names.push_back(cell(o));
    std::string who = owners.empty() ? "*(no owner)*" : fmt::format("{}", fmt::join(names, ", "));
    b.rows.push_back(row({who, std::to_string(count)}));
  }
  return b;
}

Block window_block(const Report& r) {
  std::vector<std::string> found;
  for (const Finding& f : r.findings)
    if (f.rule.rfind("window.", 0) == 0)
      found.push_back(fmt::format("{} ({})", cell(f.rule), to_string(f.severity)));
  Block b;
  b.head =
      fmt::format("### Change window\n\n- valid until: {}\n- window findings: {}\n",
                  r.valid_until ? format_utc(*r.valid_until) : "no limit",
                  found.empty() ? std::string("none") : fmt::format("{}", fmt::join(found, ", ")));
  return b;
}

Block notices_block(const Report& r) {
  Block b;
  if (r.notices.empty()) {
    b.tail.clear();
    return b;
  }
  b.head = "### Notices\n\n";
  for (const std::string& n : r.notices) b.rows.push_back("- " + cell(n) + "\n");
  return b;
}

std::string omitted_note(std::size_t omitted) {
  if (omitted == 0) return {};
  return fmt::format("*{} more {} not shown here: the JSON report lists them all.*\n\n", omitted,
                     omitted == 1 ? "row" : "rows");
}

// How many rows of each block fit in `max_bytes`, dropping rows from the end of the
// summary first: the verdict, the inputs and the findings come first and stay longest.
std::vector<std::size_t> rows_that_fit(const std::vector<Block>& blocks, std::size_t max_bytes) {
  std::vector<std::size_t> kept;
  std::vector<std::size_t> row_bytes;
  std::size_t total = 0;
  for (const Block& b : blocks) {
    kept.push_back(b.rows.size());
    std::size_t bytes = 0;
    for (const std::string& r : b.rows) bytes += r.size();
    row_bytes.push_back(bytes);
    total += b.head.size() + bytes + b.tail.size();
  }
  for (std::size_t i = blocks.size(); i-- > 0 && total > max_bytes;) {
    const Block& b = blocks[i];
    const std::size_t fixed = b.head.size() + b.tail.size();
    total -= fixed + row_bytes[i];
    std::size_t& k = kept[i];
    while (k > 0 &&
           total + fixed + row_bytes[i] + omitted_note(b.rows.size() - k).size() > max_bytes)
      row_bytes[i] -= b.rows[--k].size();
    total += fixed + row_bytes[i] + omitted_note(b.rows.size() - k).size();
  }
  return kept;
}

// Only when even the fixed text does not fit: keep the whole lines that do, so no
// character (and no table row) is cut in two.
void cut_to(std::string& text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return;
  std::size_t end = max_bytes == 0 ? std::string::npos : text.rfind('\n', max_bytes - 1);
  text.resize(end == std::string::npos ? 0 : end + 1);
}

}  // namespace

std::string render_markdown(const Report& report, std::size_t max_bytes) {
  const std::vector<Block> blocks{inputs_block(report),    findings_block(report),
                                  overrides_block(report), components_block(report),
                                  owners_block(report),    window_block(report),
                                  notices_block(report)};
  const std::vector<std::size_t> kept = rows_that_fit(blocks, max_bytes);
  std::string out;
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    out += blocks[i].head;
    for (std::size_t k = 0; k < kept[i]; ++k) out += blocks[i].rows[k];
    out += blocks[i].tail;
    out += omitted_note(blocks[i].rows.size() - kept[i]);
  }
  cut_to(out, max_bytes);
  return out;
}

}  // namespace gate
