// End-to-end tests of a note flooded with records (docs/overrides.md): anyone who can push
// notes can fill one, so junk must cost no ssh-keygen run each, never end the judgement in
// an error, and only records that may apply are verified, at most 64 per commit. The
// ssh-keygen runs are counted by a wrapper placed first on PATH.

#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "override_fixtures.hpp"

namespace gate::test {
namespace {

namespace fs = std::filesystem;

const std::string reason = Grant{}.reason;

/// The real ssh-keygen, found on PATH.
std::string real_ssh_keygen() {
  std::string path = std::getenv("PATH") ? std::getenv("PATH") : "";
  for (std::size_t start = 0; start <= path.size();) {
    std::size_t end = std::min(path.find(':', start), path.size());
    fs::path candidate = fs::path(path.substr(start, end - start)) / "ssh-keygen";
    if (end > start && fs::exists(candidate)) return candidate.string();
    start = end + 1;
  }
  FAIL("no ssh-keygen on PATH");
  return {};
}

/// A directory holding an `ssh-keygen` that logs each run to `log` and execs the real one.
struct CountingKeygen {
  TempDir dir;
  fs::path log = dir.path() / "runs";
  CountingKeygen() {
    fs::path script = dir.path() / "ssh-keygen";
    std::ofstream(script) << "#!/bin/sh\necho run >> '" << log.string() << "'\nexec '"
                          << real_ssh_keygen() << "' \"$@\"\n";
    fs::permissions(script, fs::perms::owner_exec, fs::perm_options::add);
  }
  Env env() const { return {{"PATH", dir.str() + ":" + std::getenv("PATH")}}; }
  /// Runs so far, and starts counting again.
  int take() const {
    std::ifstream in(log);
    int runs = 0;
    for (std::string line; std::getline(in, line);) ++runs;
    fs::remove(log);
    return runs;
  }
};

JsonRun counted_check(const OverrideRepo& r, const CountingKeygen& keygen,
                      const std::string& head) {
  JsonRun out;
  out.result = r.gate({"check", "--format", "json", "--base", r.trusted, "--head", head, "--ref",
                       "refs/heads/main"},
                      ci_wednesday, {}, keygen.env());
  INFO("check exit " << out.result.exit_code << "\nstderr: " << out.result.err.substr(0, 2000));
  out.json = parse_json(out.result.out);
  return out;
}

/// `genuine` with its reason edited: names this commit, repository and approver, but the
/// signature no longer verifies.
std::string forged(const std::string& genuine, int i) {
  return replaced(genuine, "\nreason: " + reason + "\n",
                  "\nreason: junk " + std::to_string(i) + "\n");
}

int count_status(const nlohmann::json& report, const std::string& status) {
  int n = 0;
  for (const auto& o : report["overrides"]) n += str(o, "status") == status;
  return n;
}

}  // namespace

TEST_CASE("a note with 2,000 junk records and one genuine record judges as the genuine alone") {
  OverrideRepo r;
  CountingKeygen keygen;
  const std::string head = r.oversized_change();
  approved(r, head);
  const std::string genuine = r.note(head);
  JsonRun alone = counted_check(r, keygen, head);
  int alone_runs = keygen.take();
  REQUIRE(alone.result.exit_code == 0);

  // Records for another repository, another commit, a principal no approver, text that is
  // no record, and (fewer than the limit) forgeries that may apply.
  std::string note;
  const std::string other_commit(40, 'a');
  for (int i = 0; i < 2000; ++i) {
    std::string junk = forged(genuine, i);
    if (i % 5 == 0) junk = replaced(junk, "\nrepository: acme/voice\n", "\nrepository: evil/x\n");
    if (i % 5 == 1)
      junk = replaced(junk, "\ncommit: " + head + "\n", "\ncommit: " + other_commit + "\n");
    if (i % 5 == 2)
      junk = replaced(junk, "\nprincipal: " + vp_email + "\n", "\nprincipal: m@evil\n");
    if (i % 5 == 3) junk = "git-gate override v1\nnot a record " + std::to_string(i) + "\n";
    if (i % 5 == 4 && i >= 200)
      junk = replaced(junk, "\nprincipal: " + vp_email + "\n", "\nprincipal: n@evil\n");
    note += junk + (junk.ends_with("\n") ? "" : "\n");
  }
  r.set_note(head, note + genuine);
  REQUIRE(record_count(r.note(head)) == 2001);

  JsonRun flooded = counted_check(r, keygen, head);
  int flooded_runs = keygen.take();
  MESSAGE("ssh-keygen runs: " << alone_runs << " for the genuine record alone, " << flooded_runs
                              << " with 2,000 junk records");
  CHECK(flooded.result.exit_code == alone.result.exit_code);
  CHECK(flooded.json["verdict"] == alone.json["verdict"]);
  CHECK(flooded.json["overrides"].size() == 2001);
  CHECK(count_status(flooded.json, "applied") == 1);
  CHECK(count_status(flooded.json, "rejected") == 2000);
  CHECK(flooded_runs <= 64);
  CHECK(flooded_runs == alone_runs + 40);  // the 40 forgeries that may apply
}

TEST_CASE("more than 64 records that may apply: the first 64 are verified, the rest rejected") {
  OverrideRepo r;
  CountingKeygen keygen;
  const std::string head = r.oversized_change();
  approved(r, head);
  const std::string genuine = r.note(head);
  std::string note;
  for (int i = 0; i < 100; ++i) note += forged(genuine, i) + "\n";
  r.set_note(head, note);

  JsonRun flooded = counted_check(r, keygen, head);
  CHECK(keygen.take() == 64);
  CHECK(flooded.result.exit_code == 1);
  REQUIRE(flooded.json["overrides"].size() == 100);
  int too_many = 0;
  for (const auto& o : flooded.json["overrides"]) {
    CHECK(str(o, "status") == "rejected");
    too_many += str(o, "why").find("too many records") != std::string::npos;
  }
  CHECK(too_many == 36);
}

}  // namespace gate::test
