// `--format github` errors: git-gate prints the failure as the library's one `::error`
// workflow command (render_error_github), so bytes from the command line or from git
// reach GitHub escaped and as valid UTF-8.

#include <doctest/doctest.h>

#include "e2e_fixtures.hpp"
#include "gate/error.hpp"
#include "gate/render.hpp"

using namespace gate::test;

TEST_CASE("check --format github reports an error with invalid UTF-8 as one escaped line") {
  CheckRepo r(two_component_policy());
  const std::string bad_rev = "caf\xE9 100%";  // Latin-1, not UTF-8
  RunResult run = gate_check(r.dir, {"--format", "github", "--base", bad_rev});
  INFO("stdout: " << run.out << "\nstderr: " << run.err);
  CHECK(run.exit_code == 2);
  // stderr holds the text rendering, "git-gate: error: <message>\n".
  const std::string lead = "git-gate: error: ";
  REQUIRE(run.err.rfind(lead, 0) == 0);
  REQUIRE(run.err.find(bad_rev) != std::string::npos);
  std::string message = run.err.substr(lead.size(), run.err.size() - lead.size() - 1);
  CHECK(run.out == gate::render_error_github(gate::UsageError(message)));
  CHECK(run.out.find('\xE9') == std::string::npos);
  CHECK(run.out.find("100%25") != std::string::npos);
}
