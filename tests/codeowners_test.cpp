// Unit tests of parse_codeowners (docs/rules.md). Expected positions are computed from each
// test's own input text; columns are 1-based bytes, lines 1-based.
#include "gate/codeowners.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "corpus.hpp"

namespace {

using gate::Codeowners;
using gate::OwnerRule;
using gate::OwnersSyntax;
using gate::parse_codeowners;
using Owners = std::vector<std::string>;

Codeowners github(std::string_view text) {
  return parse_codeowners(text, ".github/CODEOWNERS", OwnersSyntax::github);
}
Codeowners gitlab(std::string_view text) {
  return parse_codeowners(text, ".gitlab/CODEOWNERS", OwnersSyntax::gitlab);
}

struct Position {
  int line = 0;
  int column = 0;
};

// Line and byte column of the `nth` occurrence of `needle` in `text`.
Position position_of(std::string_view text, std::string_view needle, int nth = 0) {
  std::size_t at = text.find(needle);
  for (; nth > 0 && at != std::string_view::npos; --nth) at = text.find(needle, at + 1);
  REQUIRE_MESSAGE(at != std::string_view::npos, "test input lacks: " << needle);
  Position p{1, 1};
  for (std::size_t i = 0; i < at; ++i) {
    p.column = text[i] == '\n' ? 1 : p.column + 1;
    if (text[i] == '\n') ++p.line;
  }
  return p;
}

std::string listing(const Codeowners& co) {
  std::string out;
  for (const auto& d : co.errors) out += "  " + d.where.to_string() + ": " + d.message + "\n";
  return out;
}

// Asserts one of `co.errors` is at `where` and mentions `message`.
void expect_error(const Codeowners& co, Position where, std::string_view message) {
  for (const auto& d : co.errors) {
    if (d.where.line == where.line && d.where.column == where.column &&
        d.message.find(message) != std::string::npos) {
      CHECK(d.where.file == co.source);
      CHECK_FALSE(d.source_line.empty());
      return;
    }
  }
  FAIL_CHECK("no error at " << where.line << ":" << where.column << " containing '" << message
                            << "'; got:\n"
                            << listing(co));
}

// --- GitHub: lines that parse ------------------------------------------------------

struct GoodLine {
  const char* line;
  const char* pattern;  // as written, escapes kept
  Owners owners;
  const char* why;
};

// clang-format off
const GoodLine github_good[] = {
    {"*.js @a @org/team x@example.com", "*.js", {"@a", "@org/team", "x@example.com"}, "forms"},
    {"/apps/github", "/apps/github", {}, "no owners: explicitly ownerless"},
    {"docs/ # owned by nobody", "docs/", {}, "inline comment after the pattern"},
    {"peps/pep-0584.rst  @brandtbucher  # @stevendaprano", "peps/pep-0584.rst",
     {"@brandtbucher"}, "an owner inside a comment is not an owner"},
    {"path\\ with\\ spaces/ @a", "path\\ with\\ spaces/", {"@a"}, "escaped spaces"},
    {"trailing\\  @a", "trailing\\ ", {"@a"}, "an escaped space may end the pattern"},
    {"a\\\\ @b", "a\\\\", {"@b"}, "an escaped backslash leaves the blank after it"},
    {"a\\\\\\ b @c", "a\\\\\\ b", {"@c"}, "three backslashes: the third escapes the blank"},
    {"foo#bar @a", "foo#bar", {"@a"}, "# inside a pattern is not a comment"},
    {"  \t/indented\t@a\t\t@b  ", "/indented", {"@a", "@b"}, "blanks around tokens"},
    {"[abc] @a", "[abc]", {"@a"}, "brackets are a GitHub pattern, not a section"},
    {"!foo @a", "!foo", {"@a"}, "GitHub has no negation: ! is literal"},
    {"/x @tobias- @octo_emu @A-1", "/x", {"@tobias-", "@octo_emu", "@A-1"}, "legacy/EMU names"},
    {"/x @org/team_name-2", "/x", {"@org/team_name-2"}, "team slug with _ and -"},
    {"/x jösé@example.com user@exämple.com", "/x", {"jösé@example.com", "user@exämple.com"},
     "unicode e-mail local part and IDN domain"},
    {"/x first.last+tag@sub.example.co.uk", "/x", {"first.last+tag@sub.example.co.uk"},
     "e-mail with dots and plus"},
    {"/x @a @a", "/x", {"@a", "@a"}, "owners kept as written"},
};
// clang-format on

TEST_CASE("github: good lines") {
  for (const GoodLine& c : github_good) {
    CAPTURE(c.why);
    Codeowners co = github(c.line);
    INFO(listing(co));
    CHECK(co.errors.empty());
    REQUIRE(co.rules.size() == 1);
    CHECK(co.rules[0].pattern.text() == c.pattern);
    CHECK(co.rules[0].owners == c.owners);
    CHECK(co.rules[0].line == 1);
    CHECK(co.rules[0].section == 0);
    CHECK_FALSE(co.rules[0].exclusion);
    CHECK_FALSE(co.rules[0].owners_from_section);
  }
}

TEST_CASE("github: comments, blank lines, line numbers and the implicit section") {
  const std::string text = "# comment\n\n   \n  # indented comment\n*.md @docs\n\t\n/src/ @dev\n";
  Codeowners co = github(text);
  CHECK(co.errors.empty());
  CHECK(co.source == ".github/CODEOWNERS");
  CHECK(co.syntax == OwnersSyntax::github);
  REQUIRE(co.sections.size() == 1);
  CHECK(co.sections[0].name.empty());
  REQUIRE(co.rules.size() == 2);
  CHECK(co.rules[0].line == position_of(text, "*.md").line);
  CHECK(co.rules[1].line == position_of(text, "/src/").line);
}

TEST_CASE("github: escaped spaces reach the matcher") {
  Codeowners co = github("path\\ with\\ spaces/ @a\n");
  REQUIRE(co.rules.size() == 1);
  CHECK(co.rules[0].pattern.matches("path with spaces/file"));
  CHECK_FALSE(co.rules[0].pattern.matches("path/file"));
}

// --- GitHub: bad lines -------------------------------------------------------------

struct BadLine {
  std::string text;
  std::string at;  // the error's column is where this first occurs
  const char* message;
  std::size_t rules;  // rules left from this one line
};

// clang-format off
const BadLine github_bad[] = {
    {"* foo", "foo", "invalid owner `foo`: expected @user, @org/team or an e-mail", 0},
    {"* @a foo", "foo", "the owner is ignored", 1},
    {"* @", "@", "invalid owner `@`", 0},
    {"/x @a/b/c @ok", "@a/b/c", "exactly one `/`", 1},
    {"/x @org/ @ok", "@org/", "organization and team names", 1},
    {"/x @josé @ok", "@josé", "letters, digits", 1},
    {"/x a@b@c @ok", "a@b@c", "not a valid e-mail", 1},
    {"/x user@ @ok", "user@", "not a valid e-mail", 1},
    {"/x user@-bad.com @ok", "user@-bad.com", "not a valid e-mail", 1},
    {"/x @a#b @ok", "@a#b", "invalid owner", 1},
    {"***.js @a", "***", "invalid pattern: `***`", 0},
    {"  src/***/x @a", "***", "invalid pattern", 0},
    {"foo\\", "\\", "escapes nothing", 0},
    {"/ @a", "/", "never matches", 0},
    {"\\#foo @a", "\\#", "does not escape `#`", 0},
    {"a\x01" "b @a", "\x01", "control character byte 0x01", 0},
    {std::string("a\0b @a", 6), std::string(1, '\0'), "control character byte 0x00", 0},
    {"a\xff" "b @a", "\xff", "invalid UTF-8 byte 0xFF", 0},
    {"ok \xe2\x82", "\xe2", "invalid UTF-8 byte 0xE2", 0},
    {"x \xed\xa0\x80", "\xed", "invalid UTF-8", 0},  // a surrogate
    {"x \xc0\xaf", "\xc0", "invalid UTF-8", 0},      // overlong `/`
    {"a\rb @a", "\r", "control character byte 0x0D", 0},
};
// clang-format on

TEST_CASE("github: bad lines are reported at their column") {
  for (const BadLine& c : github_bad) {
    CAPTURE(c.text);
    Codeowners co = github(c.text);
    CHECK(co.errors.size() == 1);
    expect_error(co, position_of(c.text, c.at), c.message);
    CHECK(co.rules.size() == c.rules);
  }
}

TEST_CASE("github: the good lines around bad ones still apply") {
  const std::string text =
      "* @default\n"
      "***.txt @x\n"
      "/docs/ @docs nobody\n"
      "/bin/ \xff\n"
      "/lib/ wrong\n"
      "/src/ @dev\n";
  Codeowners co = github(text);
  CHECK(co.errors.size() == 4);
  expect_error(co, position_of(text, "***"), "invalid pattern");
  expect_error(co, position_of(text, "nobody"), "invalid owner `nobody`");
  expect_error(co, position_of(text, "\xff"), "invalid UTF-8");
  expect_error(co, position_of(text, "wrong"), "so the line is ignored");
  REQUIRE(co.rules.size() == 3);
  CHECK(co.rules[0].pattern.text() == "*");
  CHECK(co.rules[1].pattern.text() == "/docs/");
  CHECK(co.rules[1].owners == Owners{"@docs"});
  CHECK(co.rules[1].line == 3);
  CHECK(co.rules[2].pattern.text() == "/src/");
  CHECK(co.rules[2].line == 6);
}

TEST_CASE("github: CRLF line endings and a UTF-8 BOM") {
  Codeowners co = github("\xEF\xBB\xBF* @a\r\n/docs/ @b @c\r\n# c\r\n/x\r\n");
  CHECK(co.errors.empty());
  REQUIRE(co.rules.size() == 3);
  CHECK(co.rules[0].pattern.text() == "*");
  CHECK(co.rules[0].owners == Owners{"@a"});
  CHECK(co.rules[1].owners == Owners{"@b", "@c"});
  CHECK(co.rules[2].pattern.text() == "/x");
  CHECK(co.rules[2].owners.empty());

  // Columns on the first line do not count the BOM.
  Codeowners bad = github("\xEF\xBB\xBF* foo\r\n");
  REQUIRE(bad.errors.size() == 1);
  CHECK(bad.errors[0].where.line == 1);
  CHECK(bad.errors[0].where.column == 3);
  CHECK(bad.errors[0].source_line == "* foo");
}

TEST_CASE("github: a huge line is quoted in short and parsed in linear time") {
  const std::string pattern(1'000'000, 'a');
  auto started = std::chrono::steady_clock::now();
  Codeowners co = github(pattern + " @x\n" + pattern + " bad\n");
  // Bad owners by the hundred thousand: reported up to the cap, then only counted.
  std::string owners;
  for (int i = 0; i < 200'000; ++i) owners += " x";
  Codeowners many = github("/x" + owners + "\n");
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started);
  CHECK(seconds.count() < 5.0);  // a quadratic scan of 1 MB would take hours

  REQUIRE(co.rules.size() == 1);
  CHECK(co.rules[0].pattern.text().size() == pattern.size());
  CHECK(co.rules[0].pattern.matches(pattern));
  REQUIRE(co.errors.size() == 1);
  CHECK(co.errors[0].where.column == static_cast<int>(pattern.size()) + 2);
  CHECK(co.errors[0].source_line.size() <= 210);

  CHECK(many.rules.empty());
  REQUIRE(many.errors.size() == 1001);
  CHECK(many.errors.back().message == "199000 more problems not listed");
  CHECK(many.errors.back().where.line == 0);
}

TEST_CASE("github: megabytes of random bytes end quickly in diagnostics") {
  std::mt19937 random(20260710);  // fixed seed: the same garbage on every run
  std::string garbage(2'900'000, '\0');
  for (char& c : garbage) c = static_cast<char>(random() & 0xFF);
  auto started = std::chrono::steady_clock::now();
  Codeowners co = github(garbage);
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started);
  CHECK(seconds.count() < 5.0);
  CHECK_FALSE(co.errors.empty());
  CHECK(co.errors.size() <= 1001);
  std::size_t long_quotes = 0, raw_bytes = 0;  // no raw binary is echoed back into a report
  for (const auto& d : co.errors) {
    long_quotes += d.source_line.size() > 210 ? 1 : 0;
    for (char c : d.source_line) raw_bytes += static_cast<unsigned char>(c) < 0x20 && c != '\t';
  }
  CHECK(long_quotes == 0);
  CHECK(raw_bytes == 0);
  Codeowners lab = gitlab(garbage);
  CHECK_FALSE(lab.errors.empty());
}

TEST_CASE("both dialects: random lines of CODEOWNERS characters keep the invariants") {
  static constexpr std::string_view alphabet = "ab/*?\\#!@[]^ \t.-_0\xC3\xA9";
  std::mt19937 random(7);
  std::vector<std::string> lines(3000);
  std::string text;
  for (std::string& line : lines) {
    for (std::size_t n = random() % 24; n > 0; --n) line += alphabet[random() % alphabet.size()];
    text += line + "\n";
  }
  for (OwnersSyntax syntax : {OwnersSyntax::github, OwnersSyntax::gitlab}) {
    Codeowners co = parse_codeowners(text, "CODEOWNERS", syntax);
    for (const OwnerRule& rule : co.rules) {
      REQUIRE(rule.section < co.sections.size());
      REQUIRE((rule.line >= 1 && rule.line <= static_cast<int>(lines.size())));
      CHECK_FALSE((rule.owners_from_section && !rule.owners.empty()));
      CHECK_FALSE((rule.exclusion && (rule.owners_from_section || !rule.owners.empty())));
    }
    for (const auto& d : co.errors) {
      if (d.where.line == 0) continue;  // the "more problems" summary
      REQUIRE((d.where.line >= 1 && d.where.line <= static_cast<int>(lines.size())));
      const std::string& line = lines[static_cast<std::size_t>(d.where.line - 1)];
      CHECK((d.where.column >= 1 && d.where.column <= static_cast<int>(line.size()) + 1));
    }
  }
}

// --- GitLab ------------------------------------------------------------------------

TEST_CASE("gitlab: sections, optional sections, approvals and default owners") {
  const std::string text =
      "* @all\n"                     // implicit section
      "[Docs] @docs @org/writers\n"  // defaults
      "docs/\n"                      // inherits
      "README.md @someone\n"         // own owners
      "^[Database]\n"                // optional, no defaults
      "db/ @dba\n"
      "[Security][2] @sec @@maintainer\n"
      "/auth/\n";
  Codeowners co = gitlab(text);
  INFO(listing(co));
  CHECK(co.errors.empty());
  REQUIRE(co.sections.size() == 4);
  CHECK(co.sections[0].name.empty());
  CHECK(co.sections[1].name == "Docs");
  CHECK(co.sections[1].default_owners == Owners{"@docs", "@org/writers"});
  CHECK(co.sections[1].line == 2);
  CHECK_FALSE(co.sections[1].optional);
  CHECK(co.sections[2].name == "Database");
  CHECK(co.sections[2].optional);
  CHECK(co.sections[3].approvals_required == 2);
  CHECK(co.sections[3].default_owners == Owners{"@sec", "@@maintainer"});

  REQUIRE(co.rules.size() == 5);
  CHECK(co.rules[0].section == 0);
  CHECK(co.rules[1].section == 1);
  CHECK(co.rules[1].owners_from_section);
  CHECK(co.rules[1].owners.empty());
  CHECK(co.rules[2].owners == Owners{"@someone"});
  CHECK_FALSE(co.rules[2].owners_from_section);
  CHECK(co.rules[3].section == 2);
  CHECK(co.rules[4].section == 3);
  CHECK(co.rules[4].owners_from_section);
  // A GitLab pattern without a leading `/` matches at any depth.
  CHECK(co.rules[1].pattern.matches("a/docs/x.md"));
}

TEST_CASE("gitlab: duplicate sections are combined, case-insensitively") {
  // Default owners belong to the header line, as in GitLab: a repeated header without
  // defaults gives its rules none.
  const std::string text =
      "^[Docs] @docs\n"
      "a\n"
      "[Other]\n"
      "b @o\n"
      "[docs] @docs\n"
      "c\n"
      "[DOCS][3] @elsewhere\n"
      "d\n"
      "[Docs]\n"
      "extra/\n";
  Codeowners co = gitlab(text);
  REQUIRE(co.errors.size() == 1);
  expect_error(co, position_of(text, "extra/"), "zero owners");
  REQUIRE(co.sections.size() == 3);
  CHECK(co.sections[1].name == "Docs");
  CHECK(co.sections[1].line == 1);
  CHECK_FALSE(co.sections[1].optional);  // one required header makes the section required
  CHECK(co.sections[1].approvals_required == 3);
  CHECK(co.sections[1].default_owners == Owners{"@docs"});
  REQUIRE(co.rules.size() == 5);
  CHECK(co.rules[0].owners_from_section);
  CHECK(co.rules[1].section == 2);
  CHECK(co.rules[2].section == 1);  // c, under [docs]
  CHECK(co.rules[2].owners_from_section);
  CHECK(co.rules[3].section == 1);  // d, under a header with defaults of its own
  CHECK_FALSE(co.rules[3].owners_from_section);
  CHECK(co.rules[3].owners == Owners{"@elsewhere"});
  CHECK(co.rules[4].section == 1);  // extra/: no owners at all
  CHECK_FALSE(co.rules[4].owners_from_section);
  CHECK(co.rules[4].owners.empty());
}

TEST_CASE("gitlab: exclusions, nested groups, roles, e-mail and escapes") {
  const std::string text =
      "* @grp/sub/team @user.name @@developers @@Owner jane@gitlab.com\n"
      "!/doc/*.md\n"
      "\\#file_with_pound.rb @owner\n"
      "[Docs] @docs\n"
      "!*.png\n";
  Codeowners co = gitlab(text);
  INFO(listing(co));
  CHECK(co.errors.empty());
  REQUIRE(co.rules.size() == 4);
  CHECK(co.rules[0].owners ==
        Owners{"@grp/sub/team", "@user.name", "@@developers", "@@Owner", "jane@gitlab.com"});
  CHECK(co.rules[1].exclusion);
  CHECK(co.rules[1].pattern.text() == "/doc/*.md");
  CHECK(co.rules[1].pattern.matches("doc/index.md"));
  CHECK(co.rules[1].owners.empty());
  CHECK_FALSE(co.rules[1].owners_from_section);
  CHECK(co.rules[2].pattern.matches("#file_with_pound.rb"));  // GitLab documents `\#`
  CHECK(co.rules[3].exclusion);
  CHECK(co.rules[3].section == 1);
  CHECK_FALSE(co.rules[3].owners_from_section);
}

TEST_CASE("gitlab: bad lines") {
  // clang-format off
  const BadLine cases[] = {
      {"[Docs][0]\nx @a", "0", "at least 1 approval", 1},
      {"[Docs][x]\nx @a", "x]", "must be a number", 1},
      {"^[Docs][2]\nx @a", "2", "optional section ignores", 1},
      {"[] @a\nx", "[", "needs a name", 1},
      {"[Docs\nx @a", "[", "no `]` closes the name", 1},
      {"[Docs][2\nx @a", "[2", "no `]` closes the approval count", 1},
      {"[Docs] oops\nx", "oops", "invalid owner `oops`", 1},
      {"[Docs]glued @a\nx", "glued", "invalid owner `glued`", 1},
      {"/x @a # a note", "#", "invalid owner `#`", 1},  // no inline comments in GitLab
      {"/x @@guest", "@@guest", "a GitLab role is", 0},
      {"/x @grp//team", "@grp//team", "between single `/`", 0},
      {"/x @-grp", "@-grp", "do not start with `-`", 0},
      {"!/x @a", "@a", "takes no owners", 1},
      {"/x", "/x", "zero owners", 1},
      {"!", "!", "empty pattern", 0},
      {"a/***", "***", "invalid pattern", 0},
  };
  // clang-format on
  for (const BadLine& c : cases) {
    CAPTURE(c.text);
    Codeowners co = gitlab(c.text);
    expect_error(co, position_of(c.text, c.at), c.message);
    CHECK(co.rules.size() == c.rules);
  }
  // The extra words of a GitLab inline comment are malformed owners, each reported.
  CHECK(gitlab("/x @a # a note").errors.size() == 3);
}

TEST_CASE("codeowners_locations: the order each forge looks in") {
  CHECK(gate::codeowners_locations(OwnersSyntax::github) ==
        Owners{".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"});
  CHECK(gate::codeowners_locations(OwnersSyntax::gitlab) ==
        Owners{"CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS"});
}

// --- The corpus of real files ------------------------------------------------------

TEST_CASE("corpus: real CODEOWNERS files parse with the expected rule counts") {
  auto entries = gate::test::corpus_entries();
  if (!entries) {
    MESSAGE("corpus not found at " << gate::test::corpus_dir() << "; skipped");
    return;
  }
  int files = 0;
  for (const gate::test::CorpusEntry& e : *entries) {
    CAPTURE(e.file);
    std::ifstream in(gate::test::corpus_dir() / e.file, std::ios::binary);
    REQUIRE(in);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    Codeowners co = parse_codeowners(text, e.file, e.syntax);
    INFO(listing(co));
    CHECK(co.rules.size() == e.rules);
    CHECK(co.errors.empty());
    ++files;
  }
  CHECK(files >= 7);
}

}  // namespace

TEST_CASE("codeowners_size_problem names the place and the limit it passes, else nothing") {
  CHECK(gate::codeowners_size_problem("* @a\n/b/ @c", "CODEOWNERS").empty());
  std::string lines(2 * gate::max_codeowners_lines, '\n');
  CHECK(gate::codeowners_size_problem(lines.substr(0, gate::max_codeowners_lines), "X").empty());
  std::string over = gate::codeowners_size_problem(lines.substr(0, gate::max_codeowners_lines + 1),
                                                   ".github/CODEOWNERS");
  CHECK(over.find(".github/CODEOWNERS") == 0);
  CHECK(over.find(std::to_string(gate::max_codeowners_lines + 1) + " lines") != std::string::npos);
  std::string big(gate::max_codeowners_bytes + 1, 'x');
  CHECK(gate::codeowners_size_problem(big, "CODEOWNERS").find("bytes") != std::string::npos);
  // A last line without a newline counts.
  std::string unterminated = lines.substr(0, gate::max_codeowners_lines) + "a";
  CHECK(!gate::codeowners_size_problem(unterminated, "CODEOWNERS").empty());
}
