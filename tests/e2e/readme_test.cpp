// The README's quick start is a test: the block marked `quick-start-script` runs with
// `sh -e` in a scratch directory, with the built git-gate and pre-push first on PATH, a
// fresh HOME and a Friday afternoon as GATE_NOW. Its last `git push` must be refused by
// the gate, and every line of the output the README shows after it must be in what the
// hook really printed, so the README cannot drift. The README also keeps its shape: at
// most 300 lines, the quick start near the top, a 10-line policy.toml.

#include <doctest/doctest.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include "docs_helpers.hpp"
#include "e2e_fixtures.hpp"

namespace gate::test {
namespace {

namespace fs = std::filesystem;

const fs::path readme_path = fs::path(GATE_SOURCE_DIR) / "README.md";

std::string read_readme() { return read_text(readme_path); }

// The body of the first fenced block opened by `fence` (e.g. "```sh") at or after `from`;
// `from` moves past the block. Empty when there is none.
std::string fenced_block(const std::string& text, const std::string& fence, std::size_t& from) {
  const std::size_t open = text.find("\n" + fence + "\n", from);
  if (open == std::string::npos) return {};
  const std::size_t body = open + fence.size() + 2;
  const std::size_t close = text.find("\n```", body - 1);
  if (close == std::string::npos) return {};
  from = close + 4;
  return text.substr(body, close + 1 - body);
}

// The quick-start script and the output the README shows after it.
struct QuickStart {
  std::string script;
  std::string shown;
};

QuickStart quick_start(const std::string& readme) {
  const std::size_t marker = readme.find("<!-- quick-start-script");
  REQUIRE_MESSAGE(marker != std::string::npos, "README.md has no <!-- quick-start-script --> mark");
  std::size_t at = marker;
  QuickStart q;
  q.script = fenced_block(readme, "```sh", at);
  REQUIRE_MESSAGE(!q.script.empty(), "no ```sh block after the quick-start mark");
  // The script block must be the one right after the mark.
  CHECK(readme.find("```", marker) == readme.find("\n```sh\n", marker) + 1);
  q.shown = fenced_block(readme, "```text", at);
  REQUIRE_MESSAGE(!q.shown.empty(), "no ```text block of output after the quick-start script");
  return q;
}

// GitHub's anchor of a Markdown heading: lower case, punctuation dropped, spaces to '-'.
std::string anchor_of(const std::string& heading) {
  std::string out;
  for (unsigned char c : heading.substr(heading.find(' ') + 1)) {
    if (std::isalnum(c) || c == '-' || c == '_')
      out += static_cast<char>(std::tolower(c));
    else if (c == ' ')
      out += '-';
  }
  return out;
}

// Every relative link of `page` whose file (or heading, after '#') does not exist.
std::vector<std::string> broken_links(const fs::path& page) {
  const std::string body = read_text(page);
  std::vector<std::string> broken;
  const std::regex link(R"(\]\(([^)\s]+)\))");
  for (std::sregex_iterator it(body.begin(), body.end(), link), end; it != end; ++it) {
    const std::string target = (*it)[1];
    if (target.starts_with("http") || target.starts_with("mailto:")) continue;
    const std::size_t hash = target.find('#');
    const std::string file = target.substr(0, hash);
    const fs::path resolved = file.empty() ? page : page.parent_path() / file;
    if (!fs::exists(resolved)) {
      broken.push_back(page.filename().string() + ": " + target);
      continue;
    }
    if (hash == std::string::npos) continue;
    std::ifstream doc(resolved);
    bool found = false;
    for (std::string line; std::getline(doc, line) && !found;)
      found = line.starts_with("#") && anchor_of(line) == target.substr(hash + 1);
    if (!found) broken.push_back(page.filename().string() + ": " + target + " (no such heading)");
  }
  return broken;
}

// A directory holding git-gate and pre-push as symlinks to the built programs: install-hook
// finds the hook program beside git-gate's real path, as in an installed tree.
fs::path program_dir(const fs::path& root) {
  const fs::path bin = root / "bin";
  fs::create_directories(bin);
  fs::create_symlink(cli_path(), bin / "git-gate");
  fs::create_symlink(hook_path(), bin / "pre-push");
  return bin;
}

// A fresh HOME with nothing but a git identity.
fs::path fresh_home(const fs::path& root) {
  const fs::path home = root / "home";
  write_file(home, ".gitconfig", "[user]\n\tname = Ada\n\temail = ada@example.com\n");
  return home;
}

RunResult run_quick_start(const fs::path& root, const std::string& script) {
  const fs::path work = root / "work";
  fs::create_directories(work);
  write_file(root, "quick-start.sh", script);
  RunOptions options;
  options.cwd = work;
  const char* path = std::getenv("PATH");
  options.env["PATH"] = program_dir(root).string() + ":" + (path ? path : "/usr/bin:/bin");
  options.env["HOME"] = fresh_home(root).string();
  options.env["XDG_CONFIG_HOME"] = std::nullopt;
  options.env["GATE_NOW"] = "2026-07-10T13:00:00Z";  // a Friday afternoon, also in the script
  options.env["GATE_FORMAT"] = std::nullopt;
  for (const char* name : {"GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME",
                           "GIT_COMMITTER_EMAIL", "NO_COLOR"})
    options.env[name] = std::nullopt;
  return run({"sh", "-e", (root / "quick-start.sh").string()}, options);
}

}  // namespace

TEST_CASE("README: at most 300 lines, the quick start within the first 60") {
  const std::vector<std::string> lines = lines_of(read_readme());
  CHECK_MESSAGE(lines.size() <= 300, "README.md has " << lines.size() << " lines");
  std::size_t quick = lines.size();
  for (std::size_t i = 0; i < lines.size() && quick == lines.size(); ++i)
    if (lines[i] == "## Quick start") quick = i;
  CHECK_MESSAGE(quick < 60, "## Quick start is at line " << quick + 1);
}

TEST_CASE("README and docs/*.md: every relative link names a file and heading that exist") {
  std::vector<fs::path> pages = {readme_path, fs::path(GATE_SOURCE_DIR) / "ARCHITECTURE.md"};
  for (const auto& entry : fs::directory_iterator(fs::path(GATE_SOURCE_DIR) / "docs"))
    if (entry.path().extension() == ".md") pages.push_back(entry.path());
  REQUIRE(pages.size() >= 10);
  std::string broken;
  for (const fs::path& page : pages)
    for (const std::string& b : broken_links(page)) broken += b + "\n";
  CHECK_MESSAGE(broken.empty(), "broken links:\n" << broken);
  CHECK(anchor_of("## `git-gate ci`: what it reads and prints") ==
        "git-gate-ci-what-it-reads-and-prints");
  CHECK(anchor_of("## The gate's own configuration") == "the-gates-own-configuration");
}

TEST_CASE("README: the quick start's policy.toml has 10 lines and installs the hook") {
  const QuickStart q = quick_start(read_readme());
  const std::size_t open = q.script.find("cat > policy.toml <<'EOF'\n");
  REQUIRE(open != std::string::npos);
  const std::size_t body = q.script.find('\n', open) + 1;
  const std::size_t close = q.script.find("\nEOF\n", body);
  REQUIRE(close != std::string::npos);
  CHECK(lines_of(q.script.substr(body, close + 1 - body)).size() == 10);
  CHECK(q.script.find("git-gate install-hook") != std::string::npos);
}

TEST_CASE("README: the quick start runs, its last push is refused, and it shows what it printed") {
  const QuickStart q = quick_start(read_readme());
  TempDir tmp;
  const RunResult r = run_quick_start(tmp.path(), q.script);
  INFO("stdout:\n" << r.out << "\nstderr:\n" << r.err);
  CHECK(r.exit_code == 1);  // sh -e stops at the refused push, with git's exit code
  CHECK(r.err.find("BLOCK window.freeze") != std::string::npos);
  CHECK(r.err.find("git-gate: push refused") != std::string::npos);
  CHECK(r.err.find("failed to push some refs") != std::string::npos);

  // The refusal kept the commit off the remote: it has the adopting commit only.
  const fs::path shop = tmp.path() / "work/shop";
  const std::string local = rev_parse(shop, "main");
  const std::string remote = trimmed(
      run({"git", "--git-dir", (tmp.path() / "work/shop.git").string(), "rev-parse", "main"}).out);
  CHECK(remote == rev_parse(shop, "main~1"));
  CHECK(remote != local);

  const std::vector<std::string> printed = lines_of(r.out + r.err);
  for (const std::string& line : lines_of(q.shown)) {
    if (line.empty()) continue;
    bool found = false;
    for (const std::string& p : printed) found = found || p == line;
    CHECK_MESSAGE(found, "the README shows a line the quick start did not print:\n" << line);
  }
}

}  // namespace gate::test
