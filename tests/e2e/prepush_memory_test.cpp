// The pre-push hook's memory on a large push: `git push --mirror` of a clone with thousands
// of branches sends one stdin line per ref, and the hook must stay within a bound that does
// not grow with the number of refs (docs/hook.md).

#include <doctest/doctest.h>

#include <cstdio>
#include <string>

#include "e2e_fixtures.hpp"
#include "peak_rss.hpp"

namespace gate::test {
namespace {

constexpr int ref_count = 2000;
constexpr long limit_kib = 120 * 1024;

std::string branch(int i) {
  char name[32];
  std::snprintf(name, sizeof name, "refs/heads/b%04d", i);
  return name;
}

}  // namespace

TEST_CASE("pre-push: 2,000 new refs in one push stay under 120 MB") {
  PushRepo repo(two_component_policy(50, 5, "protected = [\"refs/heads/main\"]"));
  repo.write("api/small.c", lines_of(5, "small"));
  std::string head = repo.commit();
  std::string updates, input;
  for (int i = 0; i < ref_count; ++i) {
    updates += "create " + branch(i) + " " + head + "\n";
    input += push_line(branch(i), head, branch(i), zero_id_40);
  }
  RunOptions git_input;
  git_input.input = updates;
  git(repo.work, {"update-ref", "--stdin"}, git_input);

  RunOptions options;
  options.cwd = repo.work;
  options.input = input;
  MeasuredRun m =
      run_measured({hook_path(), "--format", "json", "origin", repo.remote_url()}, options);
  INFO(m.result.err.substr(0, 2000));
  REQUIRE(m.result.exit_code == 0);
  nlohmann::json reports = parse_json(m.result.out);
  CHECK(reports.size() == static_cast<std::size_t>(ref_count));
  MESSAGE("pre-push peak RSS for " << ref_count << " new refs: " << m.peak_kib / 1024 << " MB");
  REQUIRE(m.peak_kib > 0);
  if (!sanitized_build) CHECK(m.peak_kib < limit_kib);
}

}  // namespace gate::test
