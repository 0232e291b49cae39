// The [freezes] table: every key read, defaults, the repository's fallback to [overrides],
// and each mistake located.

#include <doctest/doctest.h>

#include "gate/policy.hpp"
#include "policy_helpers.hpp"

using gate::parse_policy;
using namespace gate::test::policy;

TEST_CASE("[freezes] reads every key") {
  gate::Policy p = parse_policy(R"(version = 1
[freezes]
repository = "acme/voice"
namespace = "acme-freeze"
allowed_signers = ".gate/signers"
ref = "refs/gate/incidents"
max_duration = "24h"
principals = ["sre@acme.example", "cto@acme.example"]
)");
  const gate::FreezesPolicy& f = p.freezes;
  CHECK(f.configured);
  CHECK(f.repository == "acme/voice");
  CHECK(f.name_space == "acme-freeze");
  CHECK(f.allowed_signers == ".gate/signers");
  CHECK(f.ref == "refs/gate/incidents");
  CHECK(f.max_duration == std::chrono::hours(24));
  CHECK(f.principals == std::vector<std::string>{"sre@acme.example", "cto@acme.example"});
}

TEST_CASE("[freezes] defaults, and the repository of [overrides] when it names none") {
  gate::Policy p = parse_policy(R"(version = 1
[freezes]
principals = ["sre@acme.example"]
[overrides]
repository = "acme/voice"
)");
  const gate::FreezesPolicy& f = p.freezes;
  CHECK(f.repository == p.overrides.repository);
  CHECK(f.name_space == "git-gate-freeze");
  CHECK(f.allowed_signers == p.overrides.allowed_signers);
  CHECK(f.ref == "refs/gate/freezes");
  CHECK(f.max_duration == std::chrono::hours(72));
  CHECK_FALSE(parse_policy("version = 1\n").freezes.configured);
}

TEST_CASE("[freezes] mistakes are located") {
  expect_single_error("version = 1\n[freezes]\nprincipals = [\"a@b\"]\n", "[freezes]",
                      "needs 'repository'");
  expect_single_error("version = 1\n[freezes]\nrepository = \"x\"\n", "[freezes]",
                      "needs 'principals'");
  expect_single_error(
      "version = 1\n[freezes]\nrepository = \"x\"\nprincipals = [\"a\"]\nmax_duration = \"3w\"\n",
      "\"3w\"", "'max_duration' must be N");
  expect_single_error(
      "version = 1\n[freezes]\nrepository = \"x\"\nprincipals = [\"a\"]\nrefs = \"refs/x\"\n",
      "refs =", "did you mean 'ref'");
}
