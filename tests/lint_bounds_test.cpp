// lint() on hostile CODEOWNERS: a file of many bad lines lists a bounded number of findings
// per check and counts the rest in one last finding, so its memory does not grow with them.
#include "gate/lint.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace gate {

TEST_CASE("lint lists at most max_lint_findings_per_check findings of a check, then counts") {
  const std::size_t lines = 2 * max_lint_findings_per_check + 1;
  std::string text;
  for (std::size_t i = 0; i < lines; ++i) text += "/same/ @acme/voice\n";
  Codeowners file = parse_codeowners(text, "CODEOWNERS", OwnersSyntax::github);
  LintInputs in;
  in.codeowners = &file;
  in.files = {"same/a.c"};
  std::vector<LintFinding> found = lint(in);

  std::size_t listed = 0, summaries = 0;
  for (std::size_t i = 0; i < found.size(); ++i) {
    if (found[i].check != "codeowners.duplicate") continue;
    if (found[i].where.line == 0) {
      ++summaries;
      CHECK(found[i].message.find("more codeowners.duplicate findings not listed") !=
            std::string::npos);
      CHECK(i + 1 == found.size());  // last, after the listed ones
    } else {
      ++listed;
    }
  }
  CHECK(listed == max_lint_findings_per_check);
  CHECK(summaries == 1);
}

TEST_CASE("lint below the bound lists every finding and no summary") {
  std::string text = "/same/ @acme/voice\n/same/ @acme/voice\n";
  Codeowners file = parse_codeowners(text, "CODEOWNERS", OwnersSyntax::github);
  LintInputs in;
  in.codeowners = &file;
  in.files = {"same/a.c"};
  for (const LintFinding& f : lint(in)) CHECK(f.where.line != 0);
}

}  // namespace gate
