// The man pages (docs/man) against the built git-gate: every command of its table has a
// page that git-gate(1) lists, every option a command's --help prints is in its page and
// nothing else is, the pages render without warnings, `git gate --help` and `git help gate`
// show them, and an install puts them (and the completion) where man and bash look. The
// commands and options are read from the binary, never from a list written here.

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "docs_helpers.hpp"
#include "support.hpp"

namespace gate::test {
namespace {

namespace fs = std::filesystem;

fs::path page_of(const std::string& command) { return man_dir / ("git-gate-" + command + ".1"); }

// Roff source as read: font changes, \% and \& dropped, \- as -, \e as \.
std::string plain(std::string text) {
  text = std::regex_replace(text, std::regex(R"(\\f[BIRP])"), "");
  text = std::regex_replace(text, std::regex(R"(\\[%&])"), "");
  text = std::regex_replace(text, std::regex(R"(\\-)"), "-");
  return std::regex_replace(text, std::regex(R"(\\e)"), "\\");
}

// The source lines of section `name` (between `.SH name` and the next `.SH`).
std::vector<std::string> section(const fs::path& page, const std::string& name) {
  std::vector<std::string> out;
  bool inside = false;
  for (const std::string& line : lines_of(read_text(page))) {
    if (line.starts_with(".SH ")) {
      inside = line == ".SH " + name || line == ".SH \"" + name + "\"";
      continue;
    }
    if (inside) out.push_back(line);
  }
  return out;
}

// Options written in `text`: -X or --word after a space, comma, bracket or bar.
Words option_words(const std::string& text) {
  Words out;
  const std::regex option(R"((?:^|[\s,\[|])(--?[A-Za-z][A-Za-z0-9-]*))");
  for (std::sregex_iterator it(text.begin(), text.end(), option), end; it != end; ++it)
    out.insert((*it)[1]);
  return out;
}

// The options a page documents: the tags of the .TP items under OPTIONS.
Words page_options(const fs::path& page) {
  std::vector<std::string> lines = section(page, "OPTIONS");
  Words out;
  for (std::size_t i = 0; i + 1 < lines.size(); ++i)
    if (lines[i] == ".TP")
      for (const std::string& o : option_words(plain(lines[i + 1]))) out.insert(o);
  return out;
}

std::string synopsis(const fs::path& page) {
  std::string text;
  for (const std::string& line : section(page, "SYNOPSIS")) text += plain(line) + "\n";
  return text;
}

// The NAME line, e.g. "git-gate-check - judge ...".
std::string name_line(const fs::path& page) {
  for (const std::string& line : section(page, "NAME"))
    if (!line.starts_with(".")) return plain(line);
  return "";
}

Words pages_in_docs() {
  Words commands;
  const std::regex name(R"(git-gate-(.+)\.1)");
  for (const auto& entry : fs::directory_iterator(man_dir)) {
    std::smatch m;
    std::string file = entry.path().filename().string();
    if (std::regex_match(file, m, name)) commands.insert(m[1]);
  }
  return commands;
}

// `man --warnings -l -E UTF-8 PAGE` at 80 columns.
RunResult render(const fs::path& page) {
  RunOptions options;
  options.env = {{"MANWIDTH", "80"}, {"MANPAGER", "cat"}, {"PAGER", "cat"}};
  return run({"man", "--warnings", "-l", "-E", "UTF-8", page.string()}, options);
}

bool have_man() {
  for (const char* dir : {"/usr/bin/man", "/bin/man", "/usr/local/bin/man"})
    if (fs::exists(dir)) return true;
  return false;
}

// The rendered NAME line of `page`, as a reader sees it.
std::string rendered_name(const fs::path& page) {
  std::vector<std::string> lines = lines_of(render(page).out);
  for (std::size_t i = 0; i + 1 < lines.size(); ++i)
    if (lines[i] == "NAME") return lines[i + 1];
  return "";
}

}  // namespace

TEST_CASE("every command of git-gate's table has a page that git-gate(1) lists") {
  std::string main_page = plain(read_text(man_dir / "git-gate.1"));
  Words pages = pages_in_docs();
  for (const Command& c : table_commands()) {
    INFO(c.name);
    CHECK(fs::exists(page_of(c.name)));
    CHECK(main_page.find("git-gate-" + c.name + "(1)") != std::string::npos);
    // The page's NAME says what the table says, so `git-gate --help` and whatis agree.
    CHECK(name_line(page_of(c.name)) == "git-gate-" + c.name + " - " + c.summary);
  }
  Words commands = command_names();
  for (const std::string& page : pages) {
    INFO(page);
    CHECK(main_page.find("git-gate-" + page + "(1)") != std::string::npos);
    if (commands.count(page)) continue;
    CHECK_MESSAGE(pending_commands.count(page), "a page for a command git-gate does not have");
    MESSAGE("git-gate has no '" << page << "' command yet: its page waits for it");
  }
}

TEST_CASE("each page documents exactly the options of its command's --help") {
  Words commands = command_names();
  for (const std::string& command : pages_in_docs()) {
    INFO(command);
    if (!commands.count(command)) {
      MESSAGE("skipped the options of git-gate-" << command << ".1: no such command yet");
      continue;
    }
    Words help = command_options(command);
    help.erase("-h");  // -h,--help is every command's, and git-gate(1) documents it once
    help.erase("--help");
    Words documented = page_options(page_of(command));
    CHECK(join(documented) == join(help));
    for (const std::string& o : option_words(synopsis(page_of(command)))) {
      INFO("SYNOPSIS: " << o);
      CHECK(help.count(o));
    }
  }
}

TEST_CASE("the options git-gate(1) documents are the program's own") {
  Words documented = page_options(man_dir / "git-gate.1");
  REQUIRE(documented.count("--help"));
  for (const std::string& option : documented) {
    INFO(option);
    // -C takes a directory and goes before a command: with one, it leads to --help.
    std::vector<std::string> args = {cli_path(), option};
    if (option == "-C") args = {cli_path(), "-C", man_dir.string(), "--help"};
    RunResult r = run(args);
    CHECK(r.exit_code == 0);
    CHECK(!r.out.empty());
  }
}

TEST_CASE("every page has git's sections and man renders it without a warning") {
  if (!have_man()) {
    MESSAGE("skipped: man is not installed (Debian: man-db)");
    return;
  }
  int pages = 0;
  for (const auto& entry : fs::directory_iterator(man_dir)) {
    if (entry.path().extension() != ".1") continue;
    ++pages;
    INFO(entry.path().filename().string());
    for (const char* name :
         {"NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "EXIT STATUS", "EXAMPLES", "SEE ALSO"})
      CHECK_MESSAGE(!section(entry.path(), name).empty(), "no section " << name);
    RunResult r = render(entry.path());
    CHECK(r.exit_code == 0);
    CHECK(r.err == "");
    CHECK(rendered_name(entry.path()).find("git-gate") != std::string::npos);
  }
  CHECK(pages == static_cast<int>(pages_in_docs().size()) + 1);
}

TEST_CASE("git gate --help and git help gate show git-gate(1)") {
  if (!have_man()) {
    MESSAGE("skipped: man is not installed (Debian: man-db)");
    return;
  }
  TempDir tmp;
  fs::create_directories(tmp.path() / "man1");
  fs::create_directories(tmp.path() / "bin");
  for (const auto& entry : fs::directory_iterator(man_dir))
    fs::copy_file(entry.path(), tmp.path() / "man1" / entry.path().filename());
  fs::create_symlink(cli_path(), tmp.path() / "bin/git-gate");
  const char* path = std::getenv("PATH");
  RunOptions options;
  options.env = {{"MANPATH", tmp.str()},
                 {"PAGER", "cat"},
                 {"MANPAGER", "cat"},
                 {"GIT_PAGER", "cat"},
                 {"MANWIDTH", "80"},
                 {"HOME", tmp.str()},  // no help.format or man.viewer from the user's config
                 {"PATH", (tmp.path() / "bin").string() + ":" + (path ? path : "/usr/bin:/bin")}};
  std::string name = rendered_name(man_dir / "git-gate.1");
  REQUIRE(name.find("git-gate - ") != std::string::npos);
  for (const std::vector<std::string>& argv : {std::vector<std::string>{"git", "gate", "--help"},
                                               std::vector<std::string>{"git", "help", "gate"}}) {
    RunResult r = run(argv, options);
    INFO(argv[1] << " " << argv[2] << ":\n" << r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find(name) != std::string::npos);
  }
  // A command's page, by its full name.
  RunResult check = run({"git", "help", "git-gate-check"}, options);
  CHECK(check.out.find(rendered_name(page_of("check"))) != std::string::npos);
}

TEST_CASE("an install puts the pages and the completion where man and git and bash look") {
  TempDir prefix;
  RunResult install = run({GATE_CMAKE, "--install", GATE_BUILD_DIR, "--prefix", prefix.str()});
  INFO(install.out << install.err);
  REQUIRE(install.exit_code == 0);
  int pages = 0;
  for (const auto& entry : fs::directory_iterator(man_dir)) {
    ++pages;
    INFO(entry.path().filename().string());
    fs::path installed = prefix.path() / "share/man/man1" / entry.path().filename();
    CHECK(fs::exists(installed));
    if (fs::exists(installed)) CHECK(read_text(installed) == read_text(entry.path()));
  }
  CHECK(pages == static_cast<int>(pages_in_docs().size()) + 1);
  // bash-completion loads completions/<command> on the first <TAB> after <command>.
  fs::path completion = prefix.path() / "share/bash-completion/completions/git-gate";
  REQUIRE(fs::exists(completion));
  CHECK(read_text(completion) == read_text(completion_script));
  if (!have_man()) {
    MESSAGE("skipped git help gate: man is not installed (Debian: man-db)");
    return;
  }
  // man finds share/man beside a bin directory on PATH: no MANPATH is needed.
  const char* path = std::getenv("PATH");
  RunOptions options;
  options.env = {
      {"MANPATH", std::nullopt},
      {"PAGER", "cat"},
      {"MANPAGER", "cat"},
      {"GIT_PAGER", "cat"},
      {"MANWIDTH", "80"},
      {"HOME", prefix.str()},
      {"PATH", (prefix.path() / "bin").string() + ":" + (path ? path : "/usr/bin:/bin")}};
  RunResult help = run({"git", "help", "gate"}, options);
  INFO(help.out << help.err);
  CHECK(help.exit_code == 0);
  CHECK(help.out.find(rendered_name(man_dir / "git-gate.1")) != std::string::npos);
}

}  // namespace gate::test
