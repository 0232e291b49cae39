// Unit tests of lint's overrides.approver-handle (docs/commands.md, `git-gate lint`): an override
// approver whose principal [owners.people] does not map to a handle is named, once.

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "gate/lint.hpp"
#include "lint_helpers.hpp"

namespace {

const std::string check = "overrides.approver-handle";

std::vector<gate::LintFinding> approver_findings(const std::string& policy_text) {
  return gate::test::policy_findings_of(policy_text, check);
}

const std::string overrides =
    "[overrides]\nrepository = \"acme/voice\"\n"
    "\n[[overrides.approver]]\nprincipal = \"vp@acme.example\"\nrules = [\"size.*\"]\n"
    "\n[[overrides.approver]]\nprincipal = \"vp@acme.example\"\nrules = [\"window.*\"]\n"
    "\n[[overrides.approver]]\nprincipal = \"cto@acme.example\"\nrules = [\"*\"]\n"
    "\n[[overrides.approver]]\nprincipal = \"@sre\"\nrules = [\"*\"]\n";

}  // namespace

TEST_CASE("an approver principal without a handle is a warning, one per principal") {
  std::vector<gate::LintFinding> found = approver_findings(
      "version = 1\n\n[owners.people]\n\"cto@acme.example\" = \"@cto\"\n\n" + overrides);
  REQUIRE(found.size() == 1);
  CHECK(found[0].severity == gate::Severity::warn);
  CHECK(found[0].where.file == "policy.toml");
  CHECK(found[0].message.find("\"vp@acme.example\" has no handle in [owners.people]") !=
        std::string::npos);
  CHECK(found[0].message.find("pull request's opener") != std::string::npos);
  const auto& ids = gate::lint_checks();
  CHECK(std::find(ids.begin(), ids.end(), check) != ids.end());
}

TEST_CASE("approvers with handles, or no [overrides] table, are clean") {
  CHECK(approver_findings("version = 1\n\n[owners.people]\n\"vp@acme.example\" = \"@vp\"\n"
                          "\"CTO@acme.example\" = \"@cto\"\n\n" +
                          overrides)
            .empty());
  CHECK(approver_findings("version = 1\n").empty());
  CHECK(approver_findings("version = 1\n\n" + overrides).size() == 2);
}
