#pragma once
/// Runs the shell steps of the repository's CI files the way their CI systems would, for
/// the tests of action.yml and ci/git-gate.gitlab-ci.yml: a composite action's steps with
/// GitHub's expressions (the part of the language those files use), step outputs, step
/// summaries and `if:` conditions; a GitLab job's variables and script. Only the shell
/// runs: `uses:` steps are evaluated (their `if:` and `with:`) but not executed.

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "e2e_fixtures.hpp"

namespace gate::test {

/// The contexts a composite action's expressions read.
struct ActionContext {
  std::map<std::string, std::string> inputs;  ///< every declared input, defaults applied
  std::map<std::string, std::map<std::string, std::string>> outputs;  ///< steps.<id>.outputs
  std::map<std::string, std::string> outcomes;                        ///< steps.<id>.outcome
  std::map<std::string, std::string> github;                          ///< github.<name>
  std::map<std::string, std::string> runner;                          ///< runner.<name>
  std::map<std::string, std::string> env;                             ///< env.<name>
  bool failed = false;  ///< a step before this one failed
};

/// Evaluates one GitHub expression (without `${{ }}`): literals, contexts, `==`, `!=`,
/// `!`, `&&`, `||`, parentheses and the status functions. The result is null, a bool or
/// a string. Throws std::runtime_error on anything else, and on an input the action does
/// not declare.
nlohmann::json gh_evaluate(const std::string& expression, const ActionContext& context);
/// `text` with each `${{ expression }}` replaced by its value as text.
std::string gh_substitute(const std::string& text, const ActionContext& context);
/// An `if:` as GitHub reads it: with or without `${{ }}`, `success() && (…)` implied when
/// no status function is named; empty is `success()`.
bool gh_condition(const std::string& condition, const ActionContext& context);

/// One step of a composite action as the runner saw it.
struct StepRun {
  std::string id;
  std::string uses;                            ///< the action of a `uses:` step ("" for a run step)
  bool ran = false;                            ///< false when its `if:` was false
  RunResult result;                            ///< a run step's outcome
  std::string summary;                         ///< what it wrote to $GITHUB_STEP_SUMMARY
  nlohmann::json with;                         ///< a `uses:` step's `with:`, expressions evaluated
  nlohmann::json env;                          ///< a run step's `env:`, expressions evaluated
  std::map<std::string, std::string> outputs;  ///< what it wrote to $GITHUB_OUTPUT
};

/// How to run the steps of a composite action.
struct ActionRunOptions {
  std::string from_step;                      ///< the id of the first step to run
  std::map<std::string, std::string> inputs;  ///< given inputs; the rest take defaults
  std::filesystem::path workspace;            ///< the checkout: every step's directory
  std::filesystem::path temp;                 ///< $RUNNER_TEMP and the runner's own files
  std::string action_path;                    ///< $GITHUB_ACTION_PATH
  Env env;  ///< the job's environment (GITHUB_*, ...), applied over ci_env()
};

/// The steps, the action's outputs, and the exit code of the first failed run step (0).
struct ActionRun {
  std::vector<StepRun> steps;
  std::map<std::string, std::string> outputs;
  int exit_code = 0;
  /// The step with this id (fails the test when there is none).
  const StepRun& step(const std::string& id) const;
  /// The `uses:` step of an action whose name starts with `prefix`.
  const StepRun& uses(const std::string& prefix) const;
};

/// Runs the steps of `action` (action.yml read by parse_yaml_subset) from
/// `options.from_step` on, as `bash --noprofile --norc -eo pipefail` (GitHub's `shell:
/// bash`), each with fresh $GITHUB_OUTPUT and $GITHUB_STEP_SUMMARY files.
ActionRun run_action(const nlohmann::json& action, const ActionRunOptions& options);

/// Runs the `sections` ("before_script", "script") of a GitLab `job` in `project_dir`
/// as the runner's bash does (`-eo pipefail`): the job's `variables` exported in order
/// (expanded as GitLab expands them) unless `env` gives the variable, which takes
/// precedence as a pipeline variable does, and CI_PROJECT_DIR set.
RunResult run_gitlab_job(const nlohmann::json& job, const std::vector<std::string>& sections,
                         const std::filesystem::path& project_dir, const Env& env);

/// Every shell text of a CI file: each `run:` of action.yml, each line of a GitLab job's
/// before_script/script. For syntax and lint checks.
std::vector<std::string> action_run_texts(const nlohmann::json& action);
std::vector<std::string> gitlab_script_texts(const nlohmann::json& job);

}  // namespace gate::test
