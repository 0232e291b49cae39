#pragma once
// Incident freeze fixtures (docs/freezes.md) shared by the e2e tests: a policy with
// [freezes], and an OverrideRepo that starts freezes with the built git-gate or appends
// records signed by ssh-keygen itself.

#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "override_fixtures.hpp"

namespace gate::test {

inline const std::string freezes_ref = "refs/gate/freezes";
inline const std::string incident = "INC-1203: database failover";

// [freezes] signing in the overrides' namespace, so the fixture's allowed-signers file
// (the overrides' one) serves both; vp and cto may freeze, olga (a listed signer) may not.
inline std::string freeze_policy() {
  return override_policy(override_repository, "",
                         "\n[freezes]\nnamespace = \"" + override_namespace +
                             "\"\nprincipals = [\"" + vp_email + "\", \"" + cto_email + "\"]\n");
}

struct FreezeRepo : OverrideRepo {
  FreezeRepo() : OverrideRepo(freeze_policy()) {}

  RunResult freeze(const std::vector<std::string>& args, const std::string& now,
                   const std::string& who = "vp", const std::filesystem::path& dir = {}) const {
    std::vector<std::string> argv = {"freeze"};
    argv.insert(argv.end(), args.begin(), args.end());
    if (args.front() != "list")
      argv.insert(argv.end(),
                  {"--principal", who == "vp" ? vp_email : cto_email, "--key", key(who)});
    argv.insert(argv.end(), {"--base", trusted});
    return gate(argv, now, dir);
  }

  // Starts a freeze; returns its id from "freeze <id> started: ...".
  std::string start(const std::vector<std::string>& args, const std::string& now) const {
    std::vector<std::string> all = {"start", "--reason", incident};
    all.insert(all.end(), args.begin(), args.end());
    RunResult r = freeze(all, now);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    REQUIRE(r.out.starts_with("freeze "));
    return r.out.substr(7, 16);
  }

  // A start record for `principal` signed with the key `key_name` by ssh-keygen itself and
  // appended to the ref with git: what a writer bypassing `freeze start` can do.
  void append_signed(const std::string& principal, const std::string& key_name,
                     const std::string& id, const std::string& from,
                     const std::string& until) const {
    const std::string payload = "git-gate freeze v1\nkind: start\nid: " + id +
                                "\nrepository: " + override_repository + "\nstart: " + from +
                                "\nend: " + until + "\ncomponents: *\nreason: " + incident +
                                "\nprincipal: " + principal + "\n";
    RunOptions options;
    options.input = payload;
    RunResult signature = run(
        {"ssh-keygen", "-q", "-Y", "sign", "-f", key(key_name), "-n", override_namespace}, options);
    REQUIRE(signature.exit_code == 0);
    RunOptions empty;
    empty.input = "";
    const std::string tree = trimmed(git(work, {"mktree"}, empty));
    RunResult tip = run({"git", "-C", work.string(), "rev-parse", "-q", "--verify", freezes_ref});
    std::vector<std::string> args = {"commit-tree", tree, "-m", payload + signature.out};
    if (tip.exit_code == 0) args.insert(args.end(), {"-p", trimmed(tip.out)});
    const std::string commit = trimmed(git(work, args));
    git(work, {"update-ref", freezes_ref, commit});
  }

  // A small change on a branch from trusted, which nothing but a freeze blocks.
  std::string small_change() const { return change("small", {{"web/notes.txt", "one line\n"}}); }
};

}  // namespace gate::test
