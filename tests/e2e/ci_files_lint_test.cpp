// Checks of the CI files as files (action.yml, ci/git-gate.gitlab-ci.yml, ci/install.sh;
// docs/ci.md): YAML that the tests' reader and PyYAML read alike, shell that bash parses
// and shellcheck accepts, the documented build recipe, and the cached-build path of
// ci/install.sh, the one part of the build that runs without the network. Also the test
// tools themselves (the YAML reader, GitHub's expressions) on cases with known answers.

#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>

#include "ci_files.hpp"
#include "ci_fixtures.hpp"
#include "yaml_subset.hpp"

namespace gate::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path source_dir = GATE_SOURCE_DIR;
const std::vector<std::string> yaml_files = {"action.yml", "ci/git-gate.gitlab-ci.yml"};

// PyYAML's reading, with scalars as the text the subset reader keeps (true -> "true").
constexpr const char* kPyYaml = R"(
import json, sys, yaml
def norm(v):
    if isinstance(v, dict): return {str(norm(k)): norm(x) for k, x in v.items()}
    if isinstance(v, list): return [norm(x) for x in v]
    if v is None or isinstance(v, str): return v
    if isinstance(v, bool): return 'true' if v else 'false'
    return str(v)
print(json.dumps(norm(yaml.safe_load(open(sys.argv[1], encoding='utf-8')))))
)";

/// The lines of `text` from the first that starts with `start` up to and including the
/// first that does not end in `&&`.
std::string command_at(const std::string& text, const std::string& start) {
  std::size_t from = text.find("\n" + start);
  if (from == std::string::npos) return "";
  std::istringstream in(text.substr(from + 1));
  std::string out;
  for (std::string line; std::getline(in, line);) {
    out += line + "\n";
    if (line.size() < 2 || line.compare(line.size() - 2, 2, "&&") != 0) break;
  }
  return out;
}

}  // namespace

TEST_CASE("the CI files are in the tests' YAML subset, and PyYAML reads them the same") {
  const bool pyyaml = run({"python3", "-c", "import yaml"}).exit_code == 0;
  if (!pyyaml) MESSAGE("python3-yaml is not installed: the comparison with PyYAML is skipped");
  for (const std::string& name : yaml_files) {
    INFO(name);
    json mine;
    CHECK_NOTHROW(mine = parse_yaml_subset(file_text(source_dir / name)));
    CHECK(mine.is_object());
    if (!pyyaml) continue;
    RunResult py = run({"python3", "-c", kPyYaml, (source_dir / name).string()});
    INFO(py.err);
    REQUIRE(py.exit_code == 0);
    CHECK(parse_json(py.out) == mine);
  }
}

TEST_CASE("every shell text of the CI files parses as bash, and shellcheck accepts it") {
  const bool shellcheck = run({"shellcheck", "--version"}).exit_code == 0;
  if (!shellcheck) MESSAGE("shellcheck is not installed: only bash -n checks the CI scripts");
  std::vector<std::string> texts =
      action_run_texts(parse_yaml_subset(file_text(source_dir / "action.yml")));
  json gitlab = parse_yaml_subset(file_text(source_dir / "ci/git-gate.gitlab-ci.yml"));
  // The job's variables are set when its scripts run: declared, as GitLab exports them.
  std::string declared;
  for (const auto& [name, value] : gitlab[".git-gate"]["variables"].items())
    declared += "export " + name + "=\"${" + name + "-}\"\n";
  for (const std::string& t : gitlab_script_texts(gitlab[".git-gate"]))
    texts.push_back(declared + t);
  texts.push_back(file_text(source_dir / "ci/install.sh"));
  CHECK(texts.size() >= 5);
  TempDir tmp;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const std::string file = (tmp.path() / ("snippet" + std::to_string(i) + ".sh")).string();
    write_file(tmp.path(), "snippet" + std::to_string(i) + ".sh", texts[i]);
    INFO(texts[i]);
    RunResult syntax = run({"bash", "-n", file});
    CHECK_MESSAGE(syntax.exit_code == 0, syntax.err);
    if (!shellcheck) continue;
    // SC1091: shellcheck does not read /etc/os-release, which is the system's.
    RunResult lint =
        run({"shellcheck", "--shell=bash", "--severity=style", "--exclude=SC1091", file});
    CHECK_MESSAGE(lint.exit_code == 0, lint.out);
  }
}

TEST_CASE("the build is the documented recipe: docs/ci.md's commands are ci/install.sh's") {
  const std::string docs = file_text(source_dir / "docs/ci.md");
  const std::string recipe = command_at(docs, "cmake -S ");
  REQUIRE_FALSE(recipe.empty());
  CHECK(recipe.find("-DCMAKE_BUILD_TYPE=Release -DGATE_BUILD_TESTS=OFF") != std::string::npos);
  CHECK(recipe.find("cmake --install") != std::string::npos);
  CHECK(command_at(file_text(source_dir / "ci/install.sh"), "cmake -S ") == recipe);
}

TEST_CASE("ci/install.sh: a cached build of the same stamp is used as it is") {
  if (run({"dpkg-query", "--version"}).exit_code != 0) {
    MESSAGE("not a dpkg system: ci/install.sh is not exercised");
    return;
  }
  TempDir tmp;
  const fs::path prefix = tmp.path() / "prefix";
  fs::create_directories(prefix / "bin");
  fs::create_directories(prefix / "libexec/git-gate");
  fs::copy_file(cli_path(), prefix / "bin/git-gate");
  fs::copy_file(hook_path(), prefix / "libexec/git-gate/pre-push");
  const std::string script = (source_dir / "ci/install.sh").string();

  RunResult record = run({script, "--record", prefix.string()});
  INFO("stdout: " << record.out << "\nstderr: " << record.err);
  REQUIRE(record.exit_code == 0);
  std::vector<std::string> packages;
  std::istringstream in(file_text(prefix / "share/git-gate/runtime-packages"));
  for (std::string line; std::getline(in, line);) packages.push_back(line);
  auto has = [&](const std::string& prefix_of_name) {
    for (const std::string& p : packages)
      if (p.rfind(prefix_of_name, 0) == 0) return true;
    return false;
  };
  // The programs link libgit2 and fmt; git, ssh-keygen and the zones are run-time needs.
  CHECK(has("libgit2"));
  CHECK(has("libfmt"));
  for (const char* tool : {"git", "openssh-client", "tzdata"})
    CHECK(std::find(packages.begin(), packages.end(), tool) != packages.end());
  for (const std::string& p : packages)  // else the cached path would call apt-get
    REQUIRE_MESSAGE(run({"dpkg-query", "-W", p}).exit_code == 0, p << " is not installed");

  write_file(prefix, "share/git-gate/build-stamp", "stamp-1\n");
  RunResult cached = run({script, source_dir.string(), prefix.string(), "stamp-1"});
  INFO("stdout: " << cached.out << "\nstderr: " << cached.err);
  CHECK(cached.exit_code == 0);
  CHECK(cached.out.find("using the cached build stamp-1") != std::string::npos);
  CHECK(cached.out.find(trimmed(run({cli_path(), "--version"}).out)) != std::string::npos);
  CHECK(run({script, "only-two", "arguments"}).exit_code == 2);
}

TEST_CASE("the tests' YAML reader: the subset, and a refusal of everything outside it") {
  json doc = parse_yaml_subset(
      "a: plain text  # comment\n"
      "b: 'it''s'\n"
      "c: \"x\\ty\"\n"
      "d: [one, 'two', \"three\"]\n"
      "e:\n"
      "  - x\n"
      "  - k: v\n"
      "    l: |\n"
      "      line 1\n"
      "        # kept\n"
      "\n"
      "m:\n"
      "- same column\n"
      "n: |-\n"
      "  no newline\n"
      "o:\n"
      "p: ~\n");
  CHECK(doc["a"] == "plain text");
  CHECK(doc["b"] == "it's");
  CHECK(doc["c"] == "x\ty");
  CHECK(doc["d"] == json::array({"one", "two", "three"}));
  CHECK(doc["e"][0] == "x");
  CHECK(doc["e"][1]["k"] == "v");
  CHECK(doc["e"][1]["l"] == "line 1\n  # kept\n");
  CHECK(doc["m"] == json::array({"same column"}));
  CHECK(doc["n"] == "no newline");
  CHECK(doc["o"].is_null());
  CHECK(doc["p"].is_null());
  for (const char* outside : {"a: &anchor x\n", "a: *alias\n", "a: !tag x\n", "a: >\n  folded\n",
                              "a: {b: c}\n", "a: b: c\n", "a: x\n  continued\n", "a: 1\na: 2\n",
                              "a: \"open\n", "a: [x, [y]]\n", "\ta: x\n"})
    CHECK_THROWS_AS_MESSAGE(parse_yaml_subset(outside), std::runtime_error, outside);
}

TEST_CASE("the tests' GitHub expressions: values, comparison, status functions") {
  ActionContext c;
  c.inputs = {{"sarif", "true"}, {"reviews", ""}};
  c.outputs["gate"] = {{"sarif", "/tmp/x.sarif"}};
  CHECK(gh_evaluate("inputs.sarif == 'TRUE'", c) == true);  // strings compare without case
  CHECK(gh_evaluate("inputs.reviews || 'none'", c) == "none");
  CHECK(gh_evaluate("steps.gate.outputs.sarif != ''", c) == true);
  CHECK(gh_evaluate("steps.other.outputs.sarif", c).is_null());
  CHECK(gh_evaluate("!(inputs.sarif == 'false') && 'yes'", c) == "yes");
  CHECK(gh_evaluate("true == 'true'", c) == false);  // a bool and a string compare as numbers
  CHECK(gh_substitute("a-${{ inputs.sarif }}-${{ inputs.reviews }}", c) == "a-true-");
  CHECK_THROWS_AS(gh_evaluate("inputs.undeclared", c), std::runtime_error);
  CHECK_THROWS_AS(gh_evaluate("contains(inputs.sarif, 'x')", c), std::runtime_error);
  CHECK(gh_condition("", c));
  CHECK(gh_condition("${{ inputs.sarif == 'true' }}", c));
  c.failed = true;
  CHECK_FALSE(gh_condition("", c));
  CHECK_FALSE(gh_condition("inputs.sarif == 'true'", c));  // success() && … is implied
  CHECK(gh_condition("${{ !cancelled() && steps.gate.outputs.sarif != '' }}", c));
  CHECK(gh_condition("failure()", c));
}

}  // namespace gate::test
