#include "owners_fixture.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <utility>

#include "gate/timeutil.hpp"

namespace gate::test {

const char* const owners_policy = R"(
version = 1
protected = ["refs/heads/main"]
[owners.teams]
"@acme/voice" = ["@carol", "@dave"]
"@acme/web" = ["@wendy"]
[owners.people]
"carol@acme.example" = "@carol"
"dave@acme.example" = "@dave"
"wendy@acme.example" = "@wendy"
"olga@acme.example" = "@olga"
)";

const char* const owners_codeowners =
    "# owners of the tree\n"
    "*            @acme/ops\n"
    "/kamailio/   @acme/voice\n"
    "/web/        @acme/web\n"
    "/web/generated/\n"
    "/billing/    billing-lead@acme.example\n"
    "/docs/       @Carol\n";

const char* const repo_owners_policy = R"(version = 1
protected = ["refs/heads/main"]
[owners.teams]
"@acme/api" = ["@carol", "@dave"]
"@acme/web" = ["@wendy"]
[owners.people]
"author@example.com" = "@tess"
"carol@acme.example" = "@carol"
"olga@acme.example" = "@olga"
)";

const char* const repo_owners_codeowners =
    "# Who reviews what\n"
    "/api/          @acme/api\n"
    "/web/          @acme/web\n"
    "/web/vendor/\n"
    "/.github/      @acme/ops\n"
    "/policy.toml   @acme/ops\n";

int line_of(std::string_view text, std::string_view needle, bool whole) {
  int number = 0, found = 0, count = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = std::min(text.find('\n', start), text.size());
    ++number;
    std::string_view line = text.substr(start, end - start);
    if (whole ? line == needle : line.find(needle) != std::string_view::npos) {
      found = number;
      ++count;
    }
    if (end == text.size()) break;
    start = end + 1;
  }
  REQUIRE_MESSAGE(count == 1, "needle '" << needle << "' is on " << count << " lines");
  return found;
}

FileChange modified(std::string path) {
  FileChange f;
  f.path = std::move(path);
  f.added = 1;
  return f;
}

FileChange renamed(std::string from, std::string to) {
  FileChange f = modified(std::move(to));
  f.old_path = std::move(from);
  f.status = FileStatus::renamed;
  return f;
}

FileChange deleted(std::string path) {
  FileChange f = modified(std::move(path));
  f.status = FileStatus::deleted;
  f.added = 0;
  f.deleted = 3;
  return f;
}

CommitInfo commit_by(const std::string& author, const std::string& committer) {
  CommitInfo c;
  c.id = "c0ffee";
  c.author = {"A", author};
  c.committer = {"C", committer};
  c.summary = "change";
  return c;
}

Review review(std::string who, ReviewState state, std::string commit) {
  Review r;
  r.reviewer = std::move(who);
  r.state = state;
  r.commit_id = std::move(commit);
  return r;
}

Inputs OwnersCase::inputs() const {
  Inputs in;
  in.policy = parse_policy(policy);
  if (codeowners) in.codeowners = parse_codeowners(*codeowners, ".github/CODEOWNERS", syntax);
  in.change.base = "b";
  in.change.head = "h";
  in.change.files = files;
  in.change.commits = commits;
  in.context.ref = ref;
  in.context.now = parse_rfc3339("2026-07-08T10:00:00Z", "test");
  return in;
}

Report evaluate_with(const OwnersCase& c, std::optional<std::vector<Review>> reviews,
                     bool required) {
  Inputs in = c.inputs();
  in.context.reviews = std::move(reviews);
  in.context.reviews_required = required;
  return evaluate(in);
}

std::vector<const Finding*> with_rule(const Report& r, std::string_view rule) {
  std::vector<const Finding*> out;
  for (const Finding& f : r.findings)
    if (f.rule == rule) out.push_back(&f);
  return out;
}

std::vector<const Finding*> with_rule(const Report& r, std::string_view rule, Severity severity) {
  std::vector<const Finding*> out;
  for (const Finding* f : with_rule(r, rule))
    if (f->severity == severity) out.push_back(f);
  return out;
}

std::size_t count_of(const Report& r, std::string_view rule) {
  return static_cast<std::size_t>(std::count_if(r.findings.begin(), r.findings.end(),
                                                [&](const Finding& f) { return f.rule == rule; }));
}

const FileEntry* entry(const Report& r, std::string_view path) {
  for (const FileEntry& f : r.files)
    if (f.change.path == path) return &f;
  return nullptr;
}

}  // namespace gate::test
