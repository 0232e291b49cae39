// The bash completion (cli/completion/git-gate.bash) against the built git-gate: it offers
// the commands of the binary's table, each command's options as its --help lists them,
// the values some options take, and works as `git-gate <TAB>` and, through git's own
// completion, as `git gate <TAB>`. Each case runs bash on the script, as bash would when
// the user presses TAB.

#include <doctest/doctest.h>

#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "docs_helpers.hpp"
#include "gate/rule_table.hpp"
#include "support.hpp"

namespace gate::test {
namespace {

namespace fs = std::filesystem;

// Non-empty lines of `text`, one a reply, joined by newlines as doctest shows them.
std::string replies_of(const std::string& text) {
  std::string out;
  for (const std::string& line : lines_of(text))
    if (!line.empty()) out += (out.empty() ? "" : "\n") + line;
  return out;
}

// The replies of `git-gate words... <TAB>` (the last word is the one completed), as bash
// would offer them, one a line: the script sourced, COMP_WORDS and COMP_CWORD set, then
// _git_gate_complete.
std::string complete(const std::vector<std::string>& words) {
  std::vector<std::string> argv = {
      "bash", "-c",
      R"(source "$1" && shift && COMP_WORDS=("$@") && COMP_CWORD=$(($# - 1)) &&)"
      R"( _git_gate_complete && printf '%s\n' "${COMPREPLY[@]}")",
      "bash", completion_script.string()};
  argv.insert(argv.end(), words.begin(), words.end());
  RunResult r = run(argv);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return replies_of(r.out);
}

Words completed(const std::vector<std::string>& words) {
  Words out;
  for (const std::string& line : lines_of(complete(words))) out.insert(line);
  return out;
}

// git's own completion script, which calls _git_gate for `git gate`; empty if none.
fs::path git_completion() {
  for (const char* p : {"/usr/share/bash-completion/completions/git",
                        "/usr/share/git-core/contrib/completion/git-completion.bash"})
    if (fs::exists(p)) return p;
  return {};
}

// The replies of `git words... <TAB>` through git's completion and this script.
std::string complete_git(const fs::path& git_script, const std::vector<std::string>& words) {
  std::vector<std::string> argv = {
      "bash",
      "-c",
      R"(source "$1" && source "$2" && shift 2 && COMP_WORDS=("$@") &&)"
      R"( COMP_CWORD=$(($# - 1)) && COMP_LINE="$*" && COMP_POINT=${#COMP_LINE} &&)"
      R"( __git_wrap__git_main && printf '%s\n' "${COMPREPLY[@]}")",
      "bash",
      git_script.string(),
      completion_script.string()};
  argv.insert(argv.end(), words.begin(), words.end());
  RunResult r = run(argv);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return replies_of(r.out);
}

}  // namespace

TEST_CASE("the completion offers the commands of git-gate's table") {
  Words commands = command_names();
  Words offered = completed({"git-gate", ""});
  for (const std::string& c : pending_commands)
    if (!commands.count(c)) {
      MESSAGE("git-gate has no '" << c << "' command yet: the completion offers it already");
      CHECK(offered.erase(c) == 1);
    }
  CHECK(join(offered) == join(commands));
  CHECK(complete({"git-gate", "ch"}) == "check");
  CHECK(complete({"git-gate", "no"}) == "notes-guard");
  CHECK(join(completed({"git-gate", "--"})) == "--help --version");
  Words actions;
  for (const std::string& a : command_actions("override")) actions.insert(a);
  CHECK(join(completed({"git-gate", "override", ""})) == join(actions));
  Words freeze_actions;
  for (const std::string& a : command_actions("freeze")) freeze_actions.insert(a);
  CHECK(join(completed({"git-gate", "freeze", ""})) == join(freeze_actions));
}

TEST_CASE("the completion offers exactly the options of each command's --help") {
  CHECK(complete({"git-gate", "check", "--f"}) == "--format");
  CHECK(complete({"git-gate", "ci", "--prov"}) == "--provider");
  Words commands = command_names();
  std::vector<std::vector<std::string>> cases;
  for (const std::string& c : commands)
    if (c != "override" && c != "freeze") cases.push_back({c});
  for (const std::string& a : command_actions("override")) cases.push_back({"override", a});
  for (const std::string& a : command_actions("freeze")) cases.push_back({"freeze", a});
  for (const std::string& c : pending_commands)
    if (!commands.count(c))
      MESSAGE("skipped the options of '" << c << "' in the completion: no such command yet");
  for (const std::vector<std::string>& args : cases) {
    INFO(args.back());
    Words help = help_options(args);
    help.erase("-h");  // the completion offers the long spellings only
    help.erase("-q");
    std::vector<std::string> words = {"git-gate"};
    words.insert(words.end(), args.begin(), args.end());
    words.push_back("-");
    CHECK(join(completed(words)) == join(help));
  }
}

TEST_CASE("the completion offers the values an option takes") {
  // --format: each value the completion offers is one the command's --help names.
  for (const std::string command : {"check", "ci", "explain", "window", "lint", "audit"}) {
    INFO(command);
    RunResult r = run({cli_path(), command, "--help"});
    std::smatch m;
    REQUIRE(std::regex_search(r.out, m, std::regex(R"(--format [^\n]*\n?[^\n]*)")));
    Words values = completed({"git-gate", command, "--format", ""});
    CHECK(values.size() >= 2);
    for (const std::string& v : values) CHECK(m[0].str().find(v) != std::string::npos);
  }
  // --rule: the rules an override may lift, from the rule table.
  Words liftable;
  for (const RuleInfo& rule : rule_table)
    if (rule.overridable) liftable.insert(std::string(rule.id));
  CHECK(join(completed({"git-gate", "override", "approve", "HEAD", "--rule", ""})) ==
        join(liftable));
  CHECK(join(completed({"git-gate", "ci", "--provider", "g"})) == "generic github gitlab");
  // --output FORMAT=FILE: the format, then the file (bash's own completion after "=").
  CHECK(complete({"git-gate", "check", "--output", "sa"}) == "sarif=");
}

TEST_CASE("the completion offers the branches of the repository -C names") {
  TempDir tmp;
  init_repo(tmp.path());
  write_file(tmp.path(), "a.txt", "a\n");
  commit_all(tmp.path(), "first");
  git(tmp.path(), {"branch", "release/2026"});
  CHECK(join(completed({"git-gate", "check", "-C", tmp.str(), "--base", ""})) ==
        "HEAD main release/2026");
  CHECK(join(completed({"git-gate", "check", "-C", tmp.str(), "--ref", "refs/heads/r"})) ==
        "refs/heads/release/2026");
}

TEST_CASE("git gate <TAB> completes through git's completion") {
  fs::path git_script = git_completion();
  if (git_script.empty()) {
    MESSAGE("skipped: git's bash completion script is not installed");
    return;
  }
  // git's completion is registered with -o nospace: a finished word carries its space.
  CHECK(complete_git(git_script, {"git", "gate", "ch"}) == "check ");
  CHECK(complete_git(git_script, {"git", "gate", "check", "--f"}) == "--format ");
  CHECK(complete_git(git_script, {"git", "gate", "override", "ver"}) == "verify ");
  TempDir tmp;
  init_repo(tmp.path());
  write_file(tmp.path(), "a.txt", "a\n");
  commit_all(tmp.path(), "first");
  // `git -C DIR gate`: the refs are DIR's.
  CHECK(complete_git(git_script, {"git", "-C", tmp.str(), "gate", "check", "--base", "ma"}) ==
        "main ");
}

}  // namespace gate::test
