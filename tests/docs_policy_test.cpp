// docs/policy.md against the parser's key table (gate::policy_keys): every key the parser
// accepts is documented in its table's section and every documented key is accepted, with
// the same type, default and example; each documented example parses, and so does the
// whole policy the page opens with. The page is written by hand; this keeps it honest.

#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "gate/policy.hpp"
#include "gate/policy_keys.hpp"

#include "e2e/docs_helpers.hpp"  // read_text, lines_of: the docs tests read pages alike

namespace {

namespace fs = std::filesystem;

const fs::path page = fs::path(GATE_SOURCE_DIR) / "docs/policy.md";
const std::string key_header = "| key | type | default | example | meaning |";

std::string read_page() { return gate::test::read_text(page); }
using gate::test::lines_of;

std::string trim(std::string s) {
  while (!s.empty() && s.back() == ' ') s.pop_back();
  while (!s.empty() && s.front() == ' ') s.erase(0, 1);
  return s;
}

// A cell as written, without one pair of surrounding backticks.
std::string unquote(std::string cell) {
  cell = trim(cell);
  if (cell.size() >= 2 && cell.front() == '`' && cell.back() == '`')
    cell = cell.substr(1, cell.size() - 2);
  return cell;
}

// The cells of a Markdown table row "| a | b |" (cells hold no `|`).
std::vector<std::string> cells_of(const std::string& row) {
  std::vector<std::string> cells;
  std::istringstream in(row.substr(1));
  for (std::string cell; std::getline(in, cell, '|');) cells.push_back(unquote(cell));
  return cells;
}

struct DocKey {
  std::string type, default_value, example, meaning;
  int line = 0;
};
using Keys = std::map<std::pair<std::string, std::string>, DocKey>;

// The table a `## ` heading introduces: "## `[size]`" is "[size]", "## Top level" is "";
// any other heading ends the key tables (a key table under it is an error).
std::string table_of_heading(const std::string& heading) {
  if (heading == "## Top level") return "";
  const std::size_t open = heading.find('`');
  const std::size_t close = heading.rfind('`');
  if (open == std::string::npos || close <= open) return "?";
  return heading.substr(open + 1, close - open - 1);
}

// Every row of every key table of the page, by (table, key).
Keys documented_keys(const std::string& text) {
  Keys keys;
  std::string table = "?";
  bool in_keys = false;
  const std::vector<std::string> lines = lines_of(text);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (line.starts_with("## ")) table = table_of_heading(line);
    if (line == key_header) {
      REQUIRE_MESSAGE(table != "?", "docs/policy.md:" << i + 1 << ": a key table outside a "
                                                      << "table's section");
      in_keys = true;
      continue;
    }
    if (!line.starts_with("|")) in_keys = false;
    if (!in_keys || line.starts_with("|---")) continue;
    const std::vector<std::string> cells = cells_of(line);
    REQUIRE_MESSAGE(cells.size() == 5, "docs/policy.md:" << i + 1 << ": " << line);
    const bool fresh =
        keys.emplace(std::make_pair(table, cells[0]),
                     DocKey{cells[1], cells[2], cells[3], cells[4], static_cast<int>(i + 1)})
            .second;
    CHECK_MESSAGE(fresh, "docs/policy.md:" << i + 1 << ": " << cells[0] << " twice");
  }
  return keys;
}

// A concrete key for a documented placeholder, as a user would write it.
std::string sample_key(const std::string& table, const std::string& key) {
  if (!key.starts_with('<')) return key;
  if (table == "[rules]") return "\"size.component\"";
  if (table == "[owners.teams]") return "\"@acme/voice\"";
  return "\"bob@acme.example\"";
}

// The parser's complaints about `key = example` alone in its table ("" when none).
std::string complaints(const std::string& table, const std::string& key,
                       const std::string& example) {
  std::string text = "version = 1\n";
  if (!table.empty()) text += table + "\n";
  if (key != "version") text += sample_key(table, key) + " = " + example + "\n";
  try {
    gate::parse_policy(text, "policy.toml");
  } catch (const gate::ConfigError& e) {
    std::string out;
    for (const gate::Diagnostic& d : e.diagnostics()) out += d.message + "\n";
    return out;
  }
  return "";
}

// The first ```toml block of the page.
std::string first_toml_block(const std::string& text) {
  const std::size_t start = text.find("```toml\n");
  REQUIRE(start != std::string::npos);
  const std::size_t body = start + 8;
  const std::size_t end = text.find("\n```", body);
  REQUIRE(end != std::string::npos);
  return text.substr(body, end - body + 1);
}

}  // namespace

TEST_CASE("docs/policy.md documents exactly the keys the parser accepts") {
  const Keys documented = documented_keys(read_page());
  REQUIRE(documented.size() > 30);
  std::set<std::pair<std::string, std::string>> accepted;
  for (const gate::PolicyKey& k : gate::policy_keys()) {
    const std::pair<std::string, std::string> id{std::string(k.table), std::string(k.key)};
    accepted.insert(id);
    const auto found = documented.find(id);
    const std::string name = id.first + " " + id.second;
    CHECK_MESSAGE(found != documented.end(), "docs/policy.md lacks " << name);
    if (found == documented.end()) continue;
    const DocKey& doc = found->second;
    CHECK_MESSAGE(doc.type == k.type, name << ": type '" << doc.type << "', parser '" << k.type
                                           << "' (docs/policy.md:" << doc.line << ")");
    CHECK_MESSAGE(doc.default_value == k.default_value,
                  name << ": default '" << doc.default_value << "', parser '" << k.default_value
                       << "' (docs/policy.md:" << doc.line << ")");
    CHECK_MESSAGE(doc.example == k.example, name << ": example '" << doc.example << "', parser '"
                                                 << k.example << "' (docs/policy.md:" << doc.line
                                                 << ")");
    CHECK_MESSAGE(!doc.meaning.empty(), name << " has no meaning in docs/policy.md");
  }
  for (const auto& entry : documented)  // named: clang 14 cannot capture a binding
    CHECK_MESSAGE(accepted.count(entry.first) == 1,
                  "docs/policy.md:" << entry.second.line << " documents " << entry.first.first
                                    << " " << entry.first.second << ", which the parser refuses");
}

TEST_CASE("every example of docs/policy.md parses in its table") {
  const Keys documented = documented_keys(read_page());
  REQUIRE_FALSE(documented.empty());
  for (const auto& entry : documented) {
    const std::string found =
        complaints(entry.first.first, entry.first.second, entry.second.example);
    const std::string where = "docs/policy.md:" + std::to_string(entry.second.line) + ": " + found;
    // Only these complaints concern the key itself; a missing `name` or `paths` of the
    // table's other keys does not.
    CHECK_MESSAGE(found.find("unknown key") == std::string::npos, where);
    CHECK_MESSAGE(found.find("must be") == std::string::npos, where);
  }
}

TEST_CASE("the whole policy docs/policy.md opens with parses") {
  const std::string policy = first_toml_block(read_page());
  INFO(policy);
  try {
    const gate::Policy p = gate::parse_policy(policy, "policy.toml");
    CHECK(p.components.size() == 1);
  } catch (const gate::ConfigError& e) {
    std::string messages;
    for (const gate::Diagnostic& d : e.diagnostics()) messages += d.message + "\n";
    FAIL("docs/policy.md's policy does not parse:\n" << messages);
  }
}

TEST_CASE("the key-table reader sees a row missing and a row too many") {
  // The reader itself must be able to fail: a page with one key dropped and one added.
  const std::string text = "## `[size]`\n\n" + key_header +
                           "\n|---|---|---|---|---|\n"
                           "| `max_lines` | integer ≥ 0 | none | `1000` | lines |\n"
                           "| `colour` | string | none | `\"red\"` | no such key |\n";
  const Keys keys = documented_keys(text);
  CHECK(keys.size() == 2);
  CHECK(keys.count({"[size]", "max_lines"}) == 1);
  CHECK(keys.count({"[size]", "max_files"}) == 0);
  CHECK_FALSE(gate::is_policy_key("[size]", "colour"));
  CHECK(complaints("[size]", "colour", "\"red\"").find("unknown key") != std::string::npos);
}
