// Hostile input to the programs: an oversized malformed line or argument is an error
// (exit 2) whose message quotes at most 200 bytes of it, not the whole input.

#include <doctest/doctest.h>

#include <string>

#include "e2e_fixtures.hpp"

namespace gate::test {

TEST_CASE("the hook refuses a 1 MB malformed stdin line without echoing it") {
  PushRepo repo(two_component_policy());
  RunOptions options;
  options.cwd = repo.work;
  options.input = std::string(1 << 20, 'x') + "\n";
  RunResult text = run({hook_path(), "origin", repo.remote_url()}, options);
  CHECK(text.exit_code == 2);
  CHECK(text.err.find("pre-push input line 1") != std::string::npos);
  CHECK(text.err.size() < 1024);

  JsonRun json = repo.hook_json(options.input);
  CHECK(json.result.exit_code == 2);
  CHECK(json.result.out.size() + json.result.err.size() < 2048);
}

TEST_CASE("check quotes at most 200 bytes of an unknown 100 KB revision") {
  CheckRepo repo(two_component_policy());
  RunResult r = gate_check(repo.dir, {"--base", std::string(100'000, 'x')});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("xxxxxxxx") != std::string::npos);
  CHECK(r.err.size() < 1024);
}

}  // namespace gate::test
