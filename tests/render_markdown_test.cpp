// The Markdown job summary, read back as GitHub Flavored Markdown reads tables: a cell
// ends at a '|' that no backslash escapes. Cells are un-escaped and compared with the
// report; the byte budget is checked against the unlimited rendering of the same report.

#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "gate/render.hpp"
#include "render_fixture.hpp"

namespace gate {
namespace {

constexpr std::size_t kUnlimited = std::numeric_limits<std::size_t>::max();

struct Table {
  std::string section;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::optional<std::size_t> omitted;  // from the note after the table
};

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = std::min(text.find('\n', start), text.size());
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// GFM: a backslash takes the next character with it, so "\|" and "\\" never end a cell.
std::vector<std::string> split_row(const std::string& line) {
  REQUIRE(line.size() >= 2);
  REQUIRE(line.front() == '|');
  REQUIRE(line.back() == '|');
  std::vector<std::string> cells(1);
  for (std::size_t i = 1; i + 1 < line.size(); ++i) {
    if (line[i] == '\\' && i + 2 < line.size()) {
      cells.back() += line.substr(i, 2);
      ++i;
    } else if (line[i] == '|') {
      cells.emplace_back();
    } else {
      cells.back() += line[i];
    }
  }
  for (std::string& c : cells) {
    auto first = c.find_first_not_of(' '), last = c.find_last_not_of(' ');
    c = first == std::string::npos ? "" : c.substr(first, last - first + 1);
  }
  return cells;
}

std::optional<std::size_t> omitted_count(const std::string& line) {
  if (line.rfind("*", 0) != 0 || line.find("not shown here") == std::string::npos) return {};
  CHECK(line.find("JSON report") != std::string::npos);
  return std::stoul(line.substr(1));
}

std::vector<Table> parse_tables(const std::string& md) {
  std::vector<Table> tables;
  std::string section;
  bool in_table = false;
  for (const std::string& line : lines_of(md)) {
    if (line.rfind("#", 0) == 0) section = line;
    if (auto n = omitted_count(line); n && !tables.empty() && tables.back().section == section)
      tables.back().omitted = n;
    bool row = !line.empty() && line.front() == '|';
    if (row && !in_table) {
      tables.push_back({section, split_row(line), {}, std::nullopt});
    } else if (row && split_row(line).front() != "---") {
      tables.back().rows.push_back(split_row(line));
    }
    in_table = row;
  }
  return tables;
}

const Table& table(const std::vector<Table>& tables, const std::string& section) {
  for (const Table& t : tables)
    if (t.section == section) return t;
  FAIL("no table under " << section);
  throw 0;
}

// Back from the summary's escapes to the text: backslash escapes, the three entities,
// and the control pictures U+2400..U+241F and U+2421 that stand for control bytes.
std::string unescape(const std::string& cell) {
  std::string out;
  for (std::size_t i = 0; i < cell.size(); ++i) {
    if (cell[i] == '\\' && i + 1 < cell.size()) {
      out += cell[++i];
    } else if (cell.compare(i, 5, "&amp;") == 0) {
      out += '&';
      i += 4;
    } else if (cell.compare(i, 4, "&lt;") == 0 || cell.compare(i, 4, "&gt;") == 0) {
      out += cell[i + 1] == 'l' ? '<' : '>';
      i += 3;
    } else if (cell.compare(i, 2, "\xE2\x90") == 0 && i + 2 < cell.size()) {
      auto c = static_cast<unsigned char>(cell[i + 2]);
      out += static_cast<char>(c == 0xA1 ? 0x7F : c - 0x80);
      i += 2;
    } else {
      out += cell[i];
    }
  }
  return out;
}

// True when one of `chars` appears in `cell` other than escaped by a backslash: code
// spans, emphasis, links and HTML would change how a path reads.
bool has_bare(const std::string& cell, std::string_view chars) {
  for (std::size_t i = 0; i < cell.size(); ++i) {
    if (cell[i] == '\\')
      ++i;
    else if (chars.find(cell[i]) != std::string_view::npos)
      return true;
  }
  return false;
}

std::vector<std::string> split(const std::string& text, const std::string& sep) {
  std::vector<std::string> parts;
  std::size_t start = 0, at;
  while ((at = text.find(sep, start)) != std::string::npos) {
    parts.push_back(text.substr(start, at - start));
    start = at + sep.size();
  }
  parts.push_back(text.substr(start));
  return parts;
}

std::string shown(const std::string& raw) {
  for (const auto& p : test::hostile_paths())
    if (p.raw == raw) return p.shown;
  return raw;
}

std::map<std::string, std::string> inputs(const std::string& md) {
  std::map<std::string, std::string> out;
  auto tables = parse_tables(md);
  REQUIRE_FALSE(tables.empty());
  for (const auto& row : tables.front().rows) out[row[0]] = unescape(row[1]);
  return out;
}

// 50,000 files in 20,000 components and 10,000 owner sets: more than 1 MiB of tables.
Report huge_report() {
  Report r = test::hostile_report();
  r.files.clear();
  r.components.clear();
  std::vector<std::string> paths;
  for (int i = 0; i < 50000; ++i) {
    std::string component = "component-\xC3\xA9-" + std::to_string(i % 20000);
    std::string path =
        component + "/deeply/nested/directory/\xE6\x97\xA5-" + std::to_string(i) + ".cfg";
    r.files.push_back(
        test::file_entry(path, component, {"@acme/team-" + std::to_string(i % 10000)}));
    paths.push_back(path);
  }
  for (int c = 0; c < 20000; ++c) {
    ComponentEntry e;
    e.name = "component-\xC3\xA9-" + std::to_string(c);
    e.files = 10;
    e.lines = 40;
    e.max_files = 5;
    r.components.push_back(e);
  }
  r.findings[0].paths = paths;
  for (int i = 0; i < 3000; ++i) r.notices.push_back("notice \xE2\x9C\x93 " + std::to_string(i));
  return r;
}

}  // namespace

TEST_CASE("the heading carries the verdict") {
  Report r = test::hostile_report();
  CHECK(render_markdown(r).rfind("## git-gate: blocked\n", 0) == 0);
  r.findings.erase(r.findings.begin());  // the only blocking finding
  REQUIRE(r.allowed());
  CHECK(render_markdown(r).rfind("## git-gate: allowed\n", 0) == 0);
}

TEST_CASE("the inputs table shows the run's effective inputs and omits empty ones") {
  Report r = test::hostile_report();
  auto in = inputs(render_markdown(r));
  CHECK(in["provider"] == r.run->provider);
  CHECK(in["event"] == r.run->event);
  CHECK(in["request"] == r.run->request);
  CHECK(in["opener"] == r.run->opener);
  CHECK(in["repository"] == r.run->repository);
  CHECK(in["target ref"] == r.change.ref);
  CHECK(in["protected"] == "yes");
  CHECK(in["trusted commit"] == r.run->trusted);
  CHECK(in["base"] == r.change.base);
  CHECK(in["head"] == r.change.head);
  CHECK(in["merge queue"] == "no");
  CHECK(in["clock"] == "system");
  CHECK(in["evaluated_at"] == format_utc(r.evaluated_at));
  CHECK(in["valid_until"] == format_utc(*r.valid_until));

  r.run->opener.clear();
  r.run->request.clear();
  r.change.base.clear();
  r.valid_until.reset();
  r.clock_overridden = true;
  in = inputs(render_markdown(r));
  for (const char* gone : {"opener", "request", "base", "valid_until"}) CHECK(in.count(gone) == 0);
  CHECK(in["clock"].rfind("overridden", 0) == 0);
  for (const auto& [name, value] : in) CHECK_FALSE(value.empty());
}

TEST_CASE("hostile paths, messages and notices stay inside their cells and read back whole") {
  Report r = test::hostile_report();
  // Each hostile path first in a finding's cell, and as a component and an owner name.
  for (const test::HostilePath& p : test::hostile_paths()) {
    r.findings.push_back({"owners.unowned", Severity::warn, p.raw, {p.raw}});
    ComponentEntry c;
    c.name = p.raw;
    r.components.push_back(c);
  }
  std::string md = render_markdown(r);
  CHECK(test::is_utf8(md));
  auto tables = parse_tables(md);
  for (const Table& t : tables)
    for (const auto& row : t.rows) {
      CAPTURE(t.section);
      CHECK(row.size() == t.header.size());  // a '|' in a path adds no column
    }
  const Table& findings = table(tables, "### Findings");
  REQUIRE(findings.rows.size() == r.findings.size());
  for (std::size_t i = 0; i < r.findings.size(); ++i) {
    const Finding& f = r.findings[i];
    const auto& row = findings.rows[i];
    CHECK(row[0] == to_string(f.severity));
    CHECK(unescape(row[1]) == f.rule);
    CHECK(unescape(row[2]) == shown(f.message));  // a newline shown as a control picture
    if (f.paths.empty()) continue;
    auto parts = split(row[3], "<br>");
    std::size_t listed = std::min<std::size_t>(f.paths.size(), 3);
    for (std::size_t k = 0; k < listed; ++k) CHECK(unescape(parts[k]) == shown(f.paths[k]));
    if (f.paths.size() > 3)
      CHECK(parts.back() == "and " + std::to_string(f.paths.size() - 3) + " more");
    for (const std::string& p : parts) CHECK_FALSE(has_bare(p, "`<>*_["));
  }
  const Table& components = table(tables, "### Components");
  REQUIRE(components.rows.size() == r.components.size());
  for (std::size_t i = 0; i < r.components.size(); ++i)
    CHECK(unescape(components.rows[i][0]) == shown(r.components[i].name));
}

TEST_CASE("notices are list items that read back whole") {
  Report r = test::hostile_report();
  std::string md = render_markdown(r);
  std::vector<std::string> notices;
  std::string section;
  for (const std::string& line : lines_of(md)) {
    if (line.rfind("#", 0) == 0) section = line;
    if (section == "### Notices" && line.rfind("- ", 0) == 0)
      notices.push_back(unescape(line.substr(2)));
  }
  CHECK(notices == r.notices);
}

// The hostile report plus a second component with two owners and no limits.
Report two_components() {
  Report r = test::hostile_report();
  r.files.push_back(test::file_entry("web/index.html", "web", {"@acme/web", "@wendy"}));
  ComponentEntry web;
  web.name = "web";
  web.files = 1;
  web.lines = 4;
  r.components.push_back(web);
  return r;
}

TEST_CASE("the components table shows sizes, limits and whether a limit is passed") {
  Report r = two_components();
  auto tables = parse_tables(render_markdown(r));
  const Table& components = table(tables, "### Components");
  REQUIRE(components.rows.size() == r.components.size());
  for (std::size_t i = 0; i < r.components.size(); ++i) {
    const ComponentEntry& c = r.components[i];
    const auto& row = components.rows[i];
    CHECK(unescape(row[0]) == c.name);
    CHECK(row[1] == std::to_string(c.files));
    CHECK(row[2] == std::to_string(c.lines));
    CHECK(row[3] == (c.max_files ? std::to_string(*c.max_files) : "—"));
    CHECK(row[4] == (c.max_lines ? std::to_string(*c.max_lines) : "—"));
    bool over = (c.max_files && c.files > *c.max_files) || (c.max_lines && c.lines > *c.max_lines);
    CHECK((row[5].find("yes") != std::string::npos) == over);
  }
}

TEST_CASE("owners: files counted per owner set, approvers, or that reviews were not supplied") {
  Report r = two_components();
  std::string md = render_markdown(r);
  std::map<std::string, std::size_t> by_owners;
  for (const FileEntry& f : r.files) {
    std::string key;
    for (const std::string& o : f.owners) key += (key.empty() ? "" : ", ") + o;
    ++by_owners[key.empty() ? "*(no owner)*" : key];
  }
  auto tables = parse_tables(md);
  const Table& owners = table(tables, "### Owners and approvals");
  REQUIRE(owners.rows.size() == by_owners.size());
  for (const auto& row : owners.rows) {
    std::string key = row[0] == "*(no owner)*" ? row[0] : unescape(row[0]);
    CHECK(std::to_string(by_owners[key]) == row[1]);
  }
  for (const std::string& a : *r.approvers) CHECK(md.find(a) != std::string::npos);
  r.approvers.reset();
  CHECK(render_markdown(r).find("reviews not supplied") != std::string::npos);
}

TEST_CASE("the window state shows valid_until and the window findings") {
  Report r = test::hostile_report();
  std::string md = render_markdown(r);
  CHECK(md.find("- valid until: " + format_utc(*r.valid_until) + "\n") != std::string::npos);
  CHECK(md.find("window.freeze (info)") != std::string::npos);
  r.findings.pop_back();  // the freeze
  r.valid_until.reset();
  md = render_markdown(r);
  CHECK(md.find("- valid until: no limit\n") != std::string::npos);
  CHECK(md.find("- window findings: none\n") != std::string::npos);
}

TEST_CASE("50,000 files fit in 1 MiB: rows dropped from the end, each cut table counted") {
  Report r = huge_report();
  std::string full = render_markdown(r, kUnlimited);
  REQUIRE(full.size() > (1u << 20));  // the budget really binds
  std::string md = render_markdown(r);
  CHECK(md.size() <= (1u << 20));
  CHECK(md.size() > (1u << 20) - 4096);  // and little of it is wasted
  CHECK(test::is_utf8(md));
  auto all = parse_tables(full), cut = parse_tables(md);
  REQUIRE(all.size() == cut.size());
  bool cutting = false;
  for (std::size_t i = 0; i < all.size(); ++i) {
    CAPTURE(all[i].section);
    std::size_t omitted = cut[i].omitted.value_or(0);
    CHECK(cut[i].rows.size() + omitted == all[i].rows.size());
    for (std::size_t k = 0; k < cut[i].rows.size(); ++k) CHECK(cut[i].rows[k] == all[i].rows[k]);
    if (cutting) CHECK(cut[i].rows.empty());  // every table after a cut one is emptied first
    cutting = cutting || omitted > 0;
  }
  CHECK(table(cut, "### Findings").rows.size() == r.findings.size());
  // The notices, last in the summary, went first.
  CHECK(md.find("*" + std::to_string(r.notices.size()) + " more rows not shown here") !=
        std::string::npos);
}

TEST_CASE("any budget: never over it, never inside a UTF-8 character, whole when it fits") {
  Report r = test::hostile_report();
  for (int i = 0; i < 20; ++i)
    r.notices.push_back("\xE2\x9C\x93 \xF0\x9F\x98\x80 " + std::to_string(i));
  std::string full = render_markdown(r, kUnlimited);
  for (std::size_t max = 0; max <= full.size() + 2; ++max) {
    CAPTURE(max);
    std::string md = render_markdown(r, max);
    REQUIRE(md.size() <= max);
    REQUIRE(test::is_utf8(md));
    if (max >= full.size()) CHECK(md == full);
  }
  CHECK(full.find("not shown here") == std::string::npos);
}

}  // namespace gate
