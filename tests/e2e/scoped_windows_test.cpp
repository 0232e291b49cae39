// End-to-end tests of scoped windows (docs/windows.md, Scoped windows) through the built
// programs: a Friday freeze and team hours scoped to voice let an infra-only change
// through `git-gate check` and a real `git push` on Friday while a voice change is
// refused by both; `git-gate window --component` and `lint` say which windows apply to
// which component; an unknown component is a located policy error.
//
// Offsets are fixed in July 2026 (no DST change near): Europe/Berlin CEST = UTC+2,
// Asia/Singapore = UTC+8.

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "e2e_fixtures.hpp"

namespace gate::test {
namespace {

namespace chr = std::chrono;

static_assert(chr::weekday{chr::sys_days{chr::year{2026} / 7 / 9}} == chr::Thursday);
static_assert(chr::weekday{chr::sys_days{chr::year{2026} / 7 / 10}} == chr::Friday);

const std::string friday_1300_berlin = "2026-07-10T11:00:00Z";    // 19:00 in Singapore
const std::string thursday_2000_berlin = "2026-07-09T18:00:00Z";  // after voice's hours
const std::string thursday_1000_berlin = "2026-07-09T08:00:00Z";  // inside them

const std::string policy = R"(version = 1
timezone = "Europe/Berlin"

[[freeze]]
id = "friday-voice"
weekly = "Fri 12:00 - Mon 06:00"
reason = "voice rests on weekends"
components = ["voice"]

[[allow]]
id = "voice-hours"
weekly = "Mon-Thu 09:00-17:00"
zone = "Europe/Berlin"
components = ["voice"]

[[component]]
name = "voice"
paths = ["/voice/"]
zones = ["Asia/Singapore"]

[[component]]
name = "infra"
paths = ["/infra/"]
)";

const Env no_env_clock = {{"GATE_NOW", std::nullopt}};

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// A repository whose base holds the policy and whose head changes `path`.
struct ScopedRepo {
  explicit ScopedRepo(const std::string& path, const std::string& text = policy) : repo(text) {
    repo.write(path, lines_of(3, "changed"));
    repo.commit();
  }
  JsonRun check(const std::string& at) const {
    return gate_check_json(repo.dir, {"--base", repo.base, "--ref", "refs/heads/main", "--at", at},
                           no_env_clock);
  }
  CheckRepo repo;
};

std::string messages(const nlohmann::json& report, const std::string& rule) {
  std::string out;
  for (const nlohmann::json& f : findings_with_rule(report, rule)) out += str(f, "message") + "\n";
  return out;
}

// `git-gate window --format json --policy FILE args...` outside any repository.
JsonRun window_json(const std::filesystem::path& file, std::vector<std::string> args) {
  std::vector<std::string> argv = {cli_path(), "window",   "--format",
                                   "json",     "--policy", file.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  RunOptions options;
  options.cwd = file.parent_path();
  options.env = no_env_clock;
  JsonRun r;
  r.result = run(argv, options);
  INFO("exit " << r.result.exit_code << "\nstderr: " << r.result.err);
  r.json = parse_json(r.result.out);
  return r;
}

}  // namespace

TEST_CASE("on Friday an infra-only change passes check while a voice change is frozen") {
  ScopedRepo infra("infra/deploy.sh");
  auto passed = infra.check(friday_1300_berlin);
  INFO("infra stdout: " << passed.result.out);
  CHECK(passed.result.exit_code == 0);
  CHECK(str(passed.json, "verdict") == "allow");
  CHECK(findings_with_rule(passed.json, "window.freeze").empty());
  CHECK(findings_with_rule(passed.json, "window.outside-allowed").empty());

  ScopedRepo voice("voice/dialplan.conf");
  auto frozen = voice.check(friday_1300_berlin);
  INFO("voice stdout: " << frozen.result.out);
  CHECK(frozen.result.exit_code == 1);
  CHECK(str(frozen.json, "verdict") == "block");
  const std::string freeze = messages(frozen.json, "window.freeze");
  // Judged in the policy's zone and voice's zone, each naming the component it applied to.
  CHECK(contains(freeze, "friday-voice (for voice; voice rests on weekends) in Asia/Singapore"));
  CHECK(contains(freeze, "friday-voice (for voice; voice rests on weekends) in Europe/Berlin"));
  CHECK(contains(messages(frozen.json, "window.outside-allowed"), "(for voice in "));
  // The freeze ends Monday 06:00 in both zones, voice's hours open Monday 09:00 in Berlin.
  CHECK(str(frozen.json, "valid_until") == "2026-07-13T07:00:00Z");
}

TEST_CASE("a change touching voice and infra is judged by voice's scoped windows") {
  CheckRepo repo(policy);
  repo.write("voice/dialplan.conf", lines_of(2, "v"));
  repo.write("infra/deploy.sh", lines_of(2, "i"));
  repo.commit();
  auto r = gate_check_json(
      repo.dir, {"--base", repo.base, "--ref", "refs/heads/main", "--at", friday_1300_berlin},
      no_env_clock);
  CHECK(r.result.exit_code == 1);
  CHECK(contains(messages(r.json, "window.freeze"), "for voice"));
}

TEST_CASE("a scoped allow window constrains only its component") {
  ScopedRepo voice("voice/dialplan.conf");
  ScopedRepo infra("infra/deploy.sh");
  auto late = voice.check(thursday_2000_berlin);
  CHECK(late.result.exit_code == 1);
  CHECK(findings_with_rule(late.json, "window.freeze").empty());
  const std::string outside = messages(late.json, "window.outside-allowed");
  CHECK(contains(outside, "for voice in Asia/Singapore, Europe/Berlin"));
  CHECK(str(late.json, "valid_until") == "2026-07-13T07:00:00Z");  // Monday 09:00 Berlin
  CHECK(infra.check(thursday_2000_berlin).result.exit_code == 0);
  CHECK(voice.check(thursday_1000_berlin).result.exit_code == 0);
}

TEST_CASE("the pre-push hook lets infra through on Friday and refuses voice") {
  PushRepo p(policy);
  p.write("infra/deploy.sh", lines_of(4, "infra"));
  const std::string infra_head = p.commit("infra");
  auto accepted = p.push({"origin", "main"}, {{"GATE_NOW", friday_1300_berlin}});
  INFO("infra push stderr: " << accepted.err);
  CHECK(accepted.exit_code == 0);
  CHECK(p.remote_ref("refs/heads/main") == infra_head);

  p.write("voice/dialplan.conf", lines_of(4, "voice"));
  p.commit("voice");
  auto refused = p.push({"origin", "main"}, {{"GATE_NOW", friday_1300_berlin}});
  INFO("voice push stderr: " << refused.err);
  CHECK(refused.exit_code != 0);
  CHECK(contains(unwrapped(refused.err), "friday-voice"));
  CHECK(p.remote_ref("refs/heads/main") == infra_head);
}

TEST_CASE("git-gate window --component shows which windows apply to voice and to infra") {
  TempDir dir;
  write_file(dir.path(), "policy.toml", policy);
  const auto file = dir.path() / "policy.toml";

  auto voice = window_json(file, {"--component", "voice", "--at", friday_1300_berlin});
  CHECK(voice.result.exit_code == 1);
  CHECK(voice.json["active"] == nlohmann::json::array({"friday-voice"}));
  REQUIRE(voice.json["scoped"].size() == 1);
  CHECK(str(voice.json["scoped"][0], "component") == "voice");
  // The policy's order of windows is toml++'s (key order: [[allow]] before [[freeze]]).
  std::vector<std::string> ids = voice.json["scoped"][0]["windows"].get<std::vector<std::string>>();
  std::sort(ids.begin(), ids.end());
  CHECK(ids == std::vector<std::string>{"friday-voice", "voice-hours"});
  CHECK(voice.json["scoped"][0]["applied"] == true);
  bool voice_entries = false;
  for (const nlohmann::json& o : voice.json["calendar"]) {
    CHECK(str(o, "component") == "voice");  // every window of this policy is scoped
    voice_entries = true;
  }
  CHECK(voice_entries);

  auto infra = window_json(file, {"--component", "infra", "--at", friday_1300_berlin});
  CHECK(infra.result.exit_code == 0);
  CHECK(infra.json["active"].empty());
  CHECK(infra.json["scoped"][0]["applied"] == false);
  CHECK(infra.json["calendar"].empty());

  std::vector<std::string> argv = {cli_path(), "window",           "--policy",    file.string(),
                                   "--at",     friday_1300_berlin, "--component", "voice"};
  RunOptions options;
  options.env = no_env_clock;
  RunResult text = run(argv, options);
  CHECK(text.exit_code == 1);
  CHECK(contains(text.out, "Frozen by: friday-voice (voice)"));
  CHECK(contains(text.out, "Scoped windows:\n  voice: "));
  CHECK(contains(text.out, "friday-voice (freeze)"));
  CHECK(contains(text.out, "voice-hours (allow)"));
  CHECK(contains(text.out, "; applied, in Asia/Singapore, Europe/Berlin"));
}

TEST_CASE("lint notes the scoped windows of each component without failing for them") {
  CheckRepo repo(policy);
  write_file(repo.dir, ".github/CODEOWNERS", "* @acme/all\n");
  repo.commit("codeowners");
  std::vector<std::string> argv = {cli_path(), "lint", "--format",
                                   "json",     "--at", thursday_1000_berlin};
  RunOptions options;
  options.cwd = repo.dir;
  options.env = no_env_clock;
  RunResult r = run(argv, options);
  INFO("lint stdout: " << r.out << "\nstderr: " << r.err);
  nlohmann::json json = parse_json(r.out);
  std::vector<nlohmann::json> notes;
  for (const nlohmann::json& f : json["findings"])
    if (str(f, "check") == "policy.scoped-window") notes.push_back(f);
  REQUIRE(notes.size() == 1);
  CHECK(str(notes[0], "severity") == "info");
  CHECK(contains(str(notes[0], "message"), "component voice"));
  CHECK(contains(str(notes[0], "message"), "friday-voice (freeze)"));
  CHECK(contains(str(notes[0], "message"), "voice-hours (allow)"));
  CHECK(str(notes[0], "location") == "policy.toml:" + line_col(policy, "[[component]]"));
  bool only_notes =
      std::all_of(json["findings"].begin(), json["findings"].end(),
                  [](const nlohmann::json& f) { return str(f, "severity") == "info"; });
  if (only_notes) CHECK(r.exit_code == 0);
}

TEST_CASE("an unknown component in a window is a located policy error") {
  TempDir dir;
  const std::string bad = policy +
                          "\n[[freeze]]\nid = \"x\"\nweekly = \"Sat 00:00-23:00\"\n"
                          "components = [\"infar\"]\n";
  write_file(dir.path(), "policy.toml", bad);
  std::vector<std::string> argv = {cli_path(), "window", "--policy",
                                   (dir.path() / "policy.toml").string()};
  RunResult r = run(argv);
  CHECK(r.exit_code == 2);
  CHECK(contains(r.err, line_col(bad, "\"infar\"")));
  CHECK(contains(r.err, "did you mean 'infra'?"));
}

}  // namespace gate::test
