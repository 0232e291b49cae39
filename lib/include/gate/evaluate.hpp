#pragma once
/// The pure core: evaluate() reads no clock, environment, file or working directory.

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "gate/changeset.hpp"
#include "gate/policy.hpp"
#include "gate/report.hpp"
#include "gate/timeutil.hpp"

namespace gate {

/// Who and when: everything about the evaluation that is not in git or the policy.
struct Context {
  Instant now{};
  bool clock_overridden = false;  ///< --at or GATE_NOW was used
  /// Target ref. Empty: judged as a deploy to a protected ref (`git-gate check`
  /// without `--ref`).
  std::string ref;
  bool deletion = false;  ///< the push deletes `ref`
};

/// Everything evaluate() judges. Gathered by gather() from git, or built by tests.
struct Inputs {
  std::optional<Policy> policy;  ///< nullopt: the base revision has no policy.toml
  ChangeSet change;
  std::set<std::string, std::less<>> generated;  ///< paths the base .gitattributes marks generated/-diff
  Context context;
  std::vector<std::string> notices;  ///< carried into the report
};

/// Judges the change. A breach is a Finding; evaluate() throws only on inputs that
/// cannot be judged at all.
Report evaluate(const Inputs& inputs);

}  // namespace gate
