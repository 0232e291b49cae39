// The [overrides] table: every key read, every mistake located.

#include <doctest/doctest.h>

#include "gate/policy.hpp"
#include "policy_helpers.hpp"

using gate::parse_policy;
using namespace gate::test::policy;

TEST_CASE("[overrides] with approvers reads every key") {
  gate::Policy p = parse_policy(R"(version = 1
[overrides]
repository = "acme/voice"
namespace = "gate@acme.example"
allowed_signers = "ops/allowed_signers"
notes_ref = "refs/notes/overrides"
max_duration = "90m"
two_approvers = ["ref.delete"]
[[overrides.approver]]
principal = "vp@acme.example"
rules = ["window.*", "size.component"]
[[overrides.approver]]
principal = "cto@acme.example"
rules = ["*"]
)");
  const gate::OverridesPolicy& o = p.overrides;
  CHECK(o.configured);
  CHECK(o.repository == "acme/voice");
  CHECK(o.name_space == "gate@acme.example");
  CHECK(o.allowed_signers == "ops/allowed_signers");
  CHECK(o.notes_ref == "refs/notes/overrides");
  CHECK(o.max_duration == std::chrono::minutes(90));
  CHECK(o.two_approvers == std::vector<std::string>{"ref.delete"});
  REQUIRE(o.approvers.size() == 2);
  CHECK(o.approvers[0].principal == "vp@acme.example");
  CHECK(o.approvers[0].rules == std::vector<std::string>{"window.*", "size.component"});
}

TEST_CASE("without [overrides], overrides are off, defaults otherwise") {
  gate::Policy none = parse_policy("version = 1\n");
  CHECK_FALSE(none.overrides.configured);
  gate::Policy minimal = parse_policy("version = 1\n[overrides]\nrepository = \"a/b\"\n");
  CHECK(minimal.overrides.configured);
  CHECK(minimal.overrides.notes_ref == "refs/notes/gate");
  CHECK(minimal.overrides.allowed_signers == ".gate/allowed_signers");
  CHECK(minimal.overrides.max_duration == std::chrono::hours(24));
  CHECK(minimal.overrides.approvers.empty());
}

TEST_CASE("[overrides] mistakes are located") {
  const std::string head = "version = 1\n[overrides]\nrepository = \"a/b\"\n";
  expect_single_error("version = 1\n[overrides]\nnamespace = \"x\"\n", "[overrides]",
                      "needs 'repository'");
  expect_single_error(head + "max_duration = \"10y\"\n", "\"10y\"", "'max_duration' must be");
  expect_single_error(head + "notes_ref = \"refs/heads/gate\"\n", "[overrides]",
                      "must start with refs/notes/");
  expect_single_error(
      head + "[[overrides.approver]]\nprincipal = \"vp\"\nrules = [\"window.frezze\"]\n",
      "[\"window.frezze\"]", "names no rule: 'window.frezze'");
  expect_single_error(head + "[[overrides.approver]]\nrules = [\"*\"]\n", "[[overrides.approver]]",
                      "needs 'principal' and 'rules'");
  expect_single_error(
      head + "[[overrides.approver]]\nprincipal = \"vp\"\nrules = [\"*\"]\nrole = 1\n", "role",
      "unknown key 'role' in [[overrides.approver]]");
  expect_single_error(head + "repository2 = 1\n", "repository2",
                      "unknown key 'repository2' in [overrides]");
}
