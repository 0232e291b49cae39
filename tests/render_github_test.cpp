// GitHub workflow commands, read back the way the runner reads them: split at the first
// "::" after the properties, properties at ',', then each value un-escaped. What comes
// back must be the report's own paths and messages.

#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include "gate/render.hpp"
#include "render_fixture.hpp"

namespace gate {
namespace {

struct Annotation {
  std::string command;
  std::optional<std::string> file;
  std::string title;
  std::string message;
};

std::string unescape(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%') {  // the writer escapes every '%', so each one starts an escape
      REQUIRE(i + 2 < text.size());
      std::string hex(text.substr(i + 1, 2));
      REQUIRE(std::isxdigit(static_cast<unsigned char>(hex[0])));
      REQUIRE(std::isxdigit(static_cast<unsigned char>(hex[1])));
      out += static_cast<char>(std::stoi(hex, nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

Annotation parse_line(const std::string& line) {
  REQUIRE(line.rfind("::", 0) == 0);
  auto space = line.find(' ');
  auto sep = line.find("::", 2);
  REQUIRE(space != std::string::npos);
  REQUIRE(sep != std::string::npos);
  REQUIRE(space < sep);
  Annotation a;
  a.command = line.substr(2, space - 2);
  a.message = unescape(line.substr(sep + 2));
  std::string props = line.substr(space + 1, sep - space - 1);
  std::size_t start = 0;
  while (start <= props.size()) {
    std::size_t comma = std::min(props.find(',', start), props.size());
    std::string prop = props.substr(start, comma - start);
    auto eq = prop.find('=');
    REQUIRE(eq != std::string::npos);
    std::string key = prop.substr(0, eq), value = unescape(prop.substr(eq + 1));
    if (key == "file")
      a.file = value;
    else if (key == "title")
      a.title = value;
    else
      FAIL("unexpected property " << key);
    start = comma + 1;
  }
  return a;
}

std::vector<Annotation> parse(const std::string& out) {
  std::vector<Annotation> all;
  std::size_t start = 0;
  while (start < out.size()) {
    auto end = out.find('\n', start);
    REQUIRE(end != std::string::npos);  // every line ends with a newline
    all.push_back(parse_line(out.substr(start, end - start)));
    start = end + 1;
  }
  return all;
}

const char* command_of(Severity s) {
  return s == Severity::block ? "error" : s == Severity::warn ? "warning" : "notice";
}

std::size_t count(const std::vector<Annotation>& all, const std::string& command) {
  return static_cast<std::size_t>(std::count_if(
      all.begin(), all.end(), [&](const Annotation& a) { return a.command == command; }));
}

Report with_paths(Severity s, std::size_t n) {
  Report r;
  std::vector<std::string> paths;
  for (std::size_t i = 0; i < n; ++i) paths.push_back("dir/file" + std::to_string(i) + ".txt");
  r.findings.push_back({"size.component", s, "too big", paths});
  return r;
}

}  // namespace

TEST_CASE("each finding and path comes back whole: hostile paths, messages and titles") {
  Report r = test::hostile_report();
  std::vector<Annotation> got = parse(render_github(r));
  // What the runner must see, in order: block, warn, info; report order within each.
  std::vector<Annotation> want;
  std::vector<test::HostilePath> shown = test::hostile_paths();
  auto display = [&](const std::string& raw) {
    for (const auto& p : shown)
      if (p.raw == raw) return p.shown;
    return raw;
  };
  for (Severity s : {Severity::block, Severity::warn, Severity::info})
    for (const Finding& f : r.findings) {
      if (f.severity != s) continue;
      if (f.paths.empty())
        want.push_back({command_of(s), std::nullopt, "git-gate: " + f.rule, f.message});
      for (const std::string& p : f.paths)
        want.push_back({command_of(s), display(p), "git-gate: " + f.rule, f.message});
    }
  for (const char* type : {"error", "warning", "notice"})
    REQUIRE(count(want, type) <= 10);  // under the per-type limit: nothing is summarised
  REQUIRE(got.size() == want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    CAPTURE(i);
    CHECK(got[i].command == want[i].command);
    CHECK(got[i].file == want[i].file);
    CHECK(got[i].title == want[i].title);
    CHECK(got[i].message == want[i].message);
  }
}

TEST_CASE("the output is annotation lines only, valid UTF-8, with no raw separators in values") {
  std::string out = render_github(test::hostile_report());
  CHECK(test::is_utf8(out));
  CHECK(out.find('\r') == std::string::npos);
  std::size_t start = 0;
  while (start < out.size()) {
    auto end = out.find('\n', start);
    std::string line = out.substr(start, end - start);
    CHECK(line.rfind("::", 0) == 0);
    auto sep = line.find("::", 2);
    std::string props = line.substr(line.find(' ') + 1, sep - line.find(' ') - 1);
    // Exactly the commas between properties: none from inside a value.
    CHECK(std::count(props.begin(), props.end(), ',') == (props.rfind("file=", 0) == 0 ? 1 : 0));
    CHECK(props.find(':') == std::string::npos);
    start = end + 1;
  }
}

TEST_CASE("more than 10 of a type: 9 shown and a 10th without a file that counts the rest") {
  for (Severity s : {Severity::block, Severity::warn, Severity::info}) {
    for (std::size_t n : {9u, 10u, 11u, 25u, 1000u}) {
      CAPTURE(n);
      Report r = with_paths(s, n);
      std::vector<Annotation> got = parse(render_github(r));
      REQUIRE(got.size() == std::min<std::size_t>(n, 10));
      for (const Annotation& a : got) CHECK(a.command == command_of(s));
      std::size_t with_file = n <= 10 ? n : 9;
      for (std::size_t i = 0; i < with_file; ++i) CHECK(got[i].file == r.findings[0].paths[i]);
      if (n <= 10) continue;
      const Annotation& last = got.back();
      CHECK_FALSE(last.file.has_value());
      std::string more = std::to_string(n - 9) + " more";
      CHECK(last.message.find(more) != std::string::npos);
      CHECK(last.title.find(more) != std::string::npos);
      CHECK(last.message.find("JSON report") != std::string::npos);
      CHECK(last.message.find("job summary") != std::string::npos);
    }
  }
}

TEST_CASE("limits apply per type, across findings, and never exceed 50 in all") {
  Report r;
  for (Severity s : {Severity::info, Severity::warn, Severity::block})
    for (int i = 0; i < 4; ++i)
      r.findings.push_back({"owners.unowned", s, "m" + std::to_string(i), {"a", "b", "c"}});
  r.findings.push_back({"ref.delete", Severity::block, "no paths", {}});
  std::vector<Annotation> got = parse(render_github(r));
  CHECK(got.size() <= 50);
  CHECK(count(got, "error") == 10);
  CHECK(count(got, "warning") == 10);
  CHECK(count(got, "notice") == 10);
  // block first, then warn, then info, whatever the report order.
  CHECK(got.front().command == "error");
  CHECK(got[10].command == "warning");
  CHECK(got[20].command == "notice");
  CHECK(got[0].message == "m0");  // report order within a type
  CHECK(got[3].message == "m1");
  CHECK(got[9].message.find("4 more") != std::string::npos);  // 13 errors: 9 + 4
}

TEST_CASE("a finding without paths gets one annotation without a file, no findings, no output") {
  Report r;
  CHECK(render_github(r).empty());
  r.findings.push_back({"window.freeze", Severity::block, "frozen: wait until 09:00", {}});
  std::vector<Annotation> got = parse(render_github(r));
  REQUIRE(got.size() == 1);
  CHECK_FALSE(got[0].file.has_value());
  CHECK(got[0].title == "git-gate: window.freeze");
  CHECK(got[0].message == r.findings[0].message);
}

}  // namespace gate
