// End-to-end tests of install-hook's offer of the freezes refspec (docs/hook.md, docs/freezes.md):
// the built git-gate installs the hook in a clone of a bare remote and, with --fetch-freezes,
// adds `+refs/gate/freezes:refs/gate/freezes` to remote.origin.fetch once; without a flag and
// without a terminal it prints the command instead. A plain `git fetch` then brings a freeze
// started and pushed from another clone, and the clone's hook refuses a push under it.

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "freeze_fixtures.hpp"

namespace gate::test {
namespace {

namespace fs = std::filesystem;

const std::string refspec = "+" + freezes_ref + ":" + freezes_ref;

// The values of remote.origin.fetch in `dir`, one a line.
std::vector<std::string> fetch_refspecs(const fs::path& dir) {
  RunResult got = run({"git", "-C", dir.string(), "config", "--get-all", "remote.origin.fetch"});
  std::vector<std::string> out;
  std::string line;
  for (char c : got.out) {
    if (c != '\n') {
      line += c;
      continue;
    }
    out.push_back(line);
    line.clear();
  }
  return out;
}

long count_of(const std::vector<std::string>& values, const std::string& value) {
  return std::count(values.begin(), values.end(), value);
}

RunResult install(const FreezeRepo& r, const fs::path& clone,
                  const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"install-hook"};
  argv.insert(argv.end(), args.begin(), args.end());
  return r.gate(argv, ci_wednesday, clone);
}

TEST_CASE(
    "install-hook without a flag or a terminal prints the refspec command, changing nothing") {
  FreezeRepo r;
  const fs::path clone = r.repo.clone("other");
  const std::vector<std::string> before = fetch_refspecs(clone);
  REQUIRE(count_of(before, refspec) == 0);

  RunResult offered = install(r, clone, {});
  INFO((offered.out + offered.err));
  REQUIRE(offered.exit_code == 0);
  CHECK(contains(offered.out, "installed the pre-push hook"));
  CHECK(contains(offered.out, "git config --add remote.origin.fetch " + refspec));
  CHECK(fetch_refspecs(clone) == before);

  RunResult declined = install(r, clone, {"--no-fetch-freezes"});
  CHECK(declined.exit_code == 0);
  CHECK_FALSE(contains(declined.out, "git config"));
  CHECK(fetch_refspecs(clone) == before);

  // The printed command is the one --fetch-freezes stands for: run, it makes the offer moot.
  git(clone, {"config", "--add", "remote.origin.fetch", refspec});
  RunResult again = install(r, clone, {});
  CHECK(contains(again.out, "already fetches " + freezes_ref));
  CHECK(count_of(fetch_refspecs(clone), refspec) == 1);
}

TEST_CASE("install-hook --fetch-freezes adds the refspec once, and fetch brings a pushed freeze") {
  FreezeRepo r;
  const fs::path clone = r.repo.clone("other");
  const std::size_t before = fetch_refspecs(clone).size();
  for (int run_number = 0; run_number < 2; ++run_number) {
    RunResult added = install(r, clone, {"--fetch-freezes"});
    INFO((added.out + added.err));
    REQUIRE(added.exit_code == 0);
    CHECK(contains(added.out, run_number == 0 ? "added " + refspec : "already fetches"));
  }
  std::vector<std::string> after = fetch_refspecs(clone);
  CHECK(count_of(after, refspec) == 1);
  CHECK(after.size() == before + 1);

  // A freeze started and pushed from the fixture's work tree, a plain fetch in the clone.
  const std::string id = r.start({"--for", "4h"}, "2026-07-08T10:00:00Z");
  git(r.work, {"push", "-q", "origin", freezes_ref + ":" + freezes_ref});
  RunOptions options;
  options.cwd = clone;
  options.env = r.env("2026-07-08T11:00:00Z");
  RunResult fetched = run({"git", "fetch", "-q"}, options);
  INFO(fetched.err);
  REQUIRE(fetched.exit_code == 0);
  CHECK(trimmed(git(clone, {"rev-parse", freezes_ref})) ==
        trimmed(git(r.repo.remote, {"rev-parse", freezes_ref})));

  // The hook install-hook put in the clone honours it.
  write_file(clone, "web/notes.txt", "one line\n");
  commit_all(clone, "small");
  RunResult refused = run({"git", "push", "origin", "HEAD:main"}, options);
  CHECK(refused.exit_code != 0);
  CHECK(contains(refused.err, "window.freeze"));
  CHECK(contains(refused.err, id));
}

TEST_CASE(
    "install-hook --uninstall names the freezes refspec it leaves, with a command that works") {
  FreezeRepo r;
  const fs::path clone = r.repo.clone("other");
  const std::vector<std::string> before = fetch_refspecs(clone);
  REQUIRE(install(r, clone, {"--fetch-freezes"}).exit_code == 0);
  REQUIRE(count_of(fetch_refspecs(clone), refspec) == 1);

  RunResult removed = install(r, clone, {"--uninstall"});
  INFO((removed.out + removed.err));
  REQUIRE(removed.exit_code == 0);
  CHECK(contains(removed.out, "removed the pre-push hook"));
  const std::string command = "git config --unset-all --fixed-value remote.origin.fetch ";
  REQUIRE(contains(removed.out, command + refspec));
  CHECK(count_of(fetch_refspecs(clone), refspec) == 1);  // named, not removed

  // The command as printed removes that refspec and nothing else.
  git(clone, {"config", "--unset-all", "--fixed-value", "remote.origin.fetch", refspec});
  CHECK(fetch_refspecs(clone) == before);
  RunResult again = install(r, clone, {"--uninstall"});
  CHECK(again.exit_code == 0);
  CHECK_FALSE(contains(again.out, "git config"));
}

TEST_CASE("install-hook --uninstall removes the hook even when the policy does not parse") {
  FreezeRepo r;
  const fs::path clone = r.repo.clone("other");
  REQUIRE(install(r, clone, {"--fetch-freezes"}).exit_code == 0);
  write_file(clone, "policy.toml", "version = [\n");
  commit_all(clone, "break the policy");
  git(clone, {"update-ref", "-d", "refs/remotes/origin/HEAD"});    // judge by HEAD's policy
  REQUIRE(install(r, clone, {"--fetch-freezes"}).exit_code == 2);  // what install reads

  RunResult removed = install(r, clone, {"--uninstall"});
  INFO((removed.out + removed.err));
  CHECK(removed.exit_code == 0);
  CHECK(contains(removed.out, "removed the pre-push hook"));
  const std::string hooks = trimmed(git(clone, {"rev-parse", "--git-path", "hooks"}));
  CHECK_FALSE(fs::exists(clone / hooks / "pre-push"));
}

// `git-gate install-hook` on a terminal made by script(1), answering `answer`.
RunResult install_on_terminal(const FreezeRepo& r, const fs::path& clone,
                              const std::string& answer) {
  RunOptions options;
  options.cwd = clone;
  options.env = r.env(ci_wednesday);
  options.input = answer + "\n";
  return run({"script", "-qec", cli_path() + " install-hook", "/dev/null"}, options);
}

TEST_CASE("install-hook on a terminal asks, and adds the refspec only on yes") {
  if (!fs::exists("/usr/bin/script")) {
    MESSAGE("skipped: script(1) is not installed (Debian: util-linux)");
    return;
  }
  FreezeRepo r;
  const fs::path clone = r.repo.clone("other");
  RunResult declined = install_on_terminal(r, clone, "n");
  INFO(declined.out);
  CHECK(declined.exit_code == 0);
  CHECK(contains(declined.out, "[y/N]"));
  CHECK(count_of(fetch_refspecs(clone), refspec) == 0);
  RunResult accepted = install_on_terminal(r, clone, "y");
  INFO(accepted.out);
  CHECK(accepted.exit_code == 0);
  CHECK(contains(accepted.out, "added " + refspec));
  CHECK(count_of(fetch_refspecs(clone), refspec) == 1);
}

TEST_CASE("install-hook --fetch-freezes with no such remote is exit 2 and writes nothing") {
  FreezeRepo r;
  const fs::path clone = r.repo.clone("other");
  const std::vector<std::string> before = fetch_refspecs(clone);
  RunResult refused = install(r, clone, {"--fetch-freezes", "--remote", "upstream"});
  CHECK(refused.exit_code == 2);
  CHECK(contains(refused.err, "no remote 'upstream'"));
  const std::string hooks = trimmed(git(clone, {"rev-parse", "--git-path", "hooks"}));
  CHECK_FALSE(fs::exists(clone / hooks / "pre-push"));
  CHECK(fetch_refspecs(clone) == before);

  RunResult both = install(r, clone, {"--fetch-freezes", "--no-fetch-freezes"});
  CHECK(both.exit_code == 2);
}

}  // namespace
}  // namespace gate::test
