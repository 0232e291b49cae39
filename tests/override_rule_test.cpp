// evaluate() judging override records (signatures already checked by the shell): every
// reason a record lifts nothing, and that a good one lifts exactly its rules.

#include <doctest/doctest.h>

#include "gate/evaluate.hpp"
#include "gate/policy.hpp"

using namespace gate;

namespace {

constexpr const char* policy_text = R"(version = 1
protected = ["refs/heads/main"]
[size]
max_lines = 5
max_components = 1
[[component]]
name = "a"
paths = ["/a/"]
[[component]]
name = "b"
paths = ["/b/"]
[owners.people]
"olga@acme.example" = "@olga"
[overrides]
repository = "acme/voice"
max_duration = "4h"
two_approvers = ["ref.delete"]
[[overrides.approver]]
principal = "vp@acme.example"
rules = ["size.*", "ref.delete"]
[[overrides.approver]]
principal = "cto@acme.example"
rules = ["*"]
[[overrides.approver]]
principal = "olga@acme.example"
rules = ["*"]
)";

const std::string head(40, 'h');
const Instant now = parse_rfc3339("2026-07-10T14:00:00Z", "t");

OverrideRecord record(std::string principal = "vp@acme.example",
                      std::vector<std::string> rules = {"size.component"}) {
  OverrideRecord r;
  r.id = "0123456789abcdef";
  r.repository = "acme/voice";
  r.commit = head;
  r.rules = std::move(rules);
  r.reason = "hotfix";
  r.principal = std::move(principal);
  r.issued_at = now - std::chrono::hours(1);
  r.expires_at = now + std::chrono::hours(1);
  return r;
}

FoundOverride found(OverrideRecord r, bool signature_valid = true) {
  FoundOverride f;
  f.note_commit = r.commit;
  f.entry.record = std::move(r);
  f.signature_valid = signature_valid;
  f.signature_problem = signature_valid ? "" : "Could not verify signature.";
  return f;
}

FileChange file(std::string path, int lines) {
  FileChange f;
  f.path = std::move(path);
  f.added = lines;
  return f;
}

// A change too large for component a (size.component) that also spans two components
// (size.components), committed by dev@acme.example.
Inputs inputs(std::vector<FoundOverride> overrides) {
  Inputs in;
  in.policy = parse_policy(policy_text);
  in.change.head = head;
  in.change.files = {file("a/x.c", 20), file("b/y.c", 1)};
  CommitInfo c;
  c.id = head;
  c.author = {"Dev", "dev@acme.example"};
  c.committer = c.author;
  in.change.commits = {c};
  in.context.now = now;
  in.context.ref = "refs/heads/main";
  in.overrides = std::move(overrides);
  in.override_commits = {head};
  return in;
}

const Finding* finding(const Report& r, std::string_view rule) {
  for (const Finding& f : r.findings)
    if (f.rule == rule) return &f;
  return nullptr;
}

std::string why_rejected(FoundOverride f, Inputs in = inputs({})) {
  in.overrides = {std::move(f)};
  Report r = evaluate(in);
  REQUIRE(r.overrides.size() == 1);
  CHECK_FALSE(r.overrides[0].applied);
  CHECK_FALSE(r.allowed());
  REQUIRE(finding(r, "size.component"));
  CHECK_FALSE(finding(r, "size.component")->overridden_by);
  return r.overrides[0].why;
}

}  // namespace

TEST_CASE("a valid record lifts exactly its rules, the rest still blocks") {
  Report r = evaluate(inputs({found(record())}));
  REQUIRE(r.overrides.size() == 1);
  CHECK(r.overrides[0].applied);
  REQUIRE(finding(r, "size.component"));
  REQUIRE(finding(r, "size.component")->overridden_by);
  CHECK(finding(r, "size.component")->overridden_by->principal == "vp@acme.example");
  CHECK_FALSE(finding(r, "size.components")->overridden_by);
  CHECK_FALSE(r.allowed());
  Report both =
      evaluate(inputs({found(record("vp@acme.example", {"size.component", "size.components"}))}));
  CHECK(both.allowed());
}

TEST_CASE("every reason a record lifts nothing") {
  OverrideRecord r = record();
  CHECK(why_rejected(found(r, false)).find("does not verify") != std::string::npos);
  r.repository = "acme/web";
  CHECK(why_rejected(found(r)).find("repository acme/web") != std::string::npos);
  r = record();
  FoundOverride copied = found(r);
  copied.note_commit = std::string(40, 'c');
  CHECK(why_rejected(copied).find("was found on") != std::string::npos);
  r.commit = copied.note_commit;
  CHECK(why_rejected(found(r)).find("not the head") != std::string::npos);
  r = record();
  r.issued_at = now + std::chrono::minutes(1);
  r.expires_at = now + std::chrono::hours(2);
  CHECK(why_rejected(found(r)).find("not valid before") != std::string::npos);
  r = record();
  r.expires_at = now;  // exclusive
  CHECK(why_rejected(found(r)).find("expired at") != std::string::npos);
  r = record();
  r.expires_at = r.issued_at + std::chrono::hours(5);
  CHECK(why_rejected(found(r)).find("max_duration") != std::string::npos);
  CHECK(why_rejected(found(record("vp@acme.example", {"size.component", "window.freeze"})))
            .find("not an override approver for window.freeze") != std::string::npos);
  CHECK(why_rejected(found(record("mallory@acme.example"))).find("not an override approver") !=
        std::string::npos);
  r = record();
  r.rules = {"size.everything"};
  CHECK(why_rejected(found(r)).find("unknown rule") != std::string::npos);
  NoteEntry garbage;
  garbage.error = "not an override record";
  FoundOverride text;
  text.note_commit = head;
  text.entry = garbage;
  CHECK(why_rejected(text) == "not an override record");
}

TEST_CASE("no self-approval: authors, committers and the opener, by e-mail or handle") {
  Inputs in = inputs({});
  in.change.commits[0].committer = {"Olga", "Olga@acme.example"};
  CHECK(why_rejected(found(record("olga@acme.example")), in).find("author or committer") !=
        std::string::npos);
  // Commits forged as someone else; CI knows the opener's handle.
  in = inputs({});
  in.context.extra_authors = {{"@olga", ""}};
  CHECK(why_rejected(found(record("olga@acme.example")), in).find("author or committer") !=
        std::string::npos);
  in.context.extra_authors = {};
  in.overrides = {found(record("olga@acme.example"))};
  CHECK(evaluate(in).overrides[0].applied);
}

TEST_CASE("a rule that needs two approvers is lifted by two different principals only") {
  Inputs in = inputs({});
  in.context.deletion = true;
  in.change.files.clear();
  in.override_commits = {head};
  in.overrides = {found(record("vp@acme.example", {"ref.delete"}))};
  Report one = evaluate(in);
  REQUIRE(finding(one, "ref.delete"));
  CHECK_FALSE(finding(one, "ref.delete")->overridden_by);
  CHECK_FALSE(one.allowed());
  in.overrides.push_back(found(record("vp@acme.example", {"ref.delete"})));
  CHECK_FALSE(evaluate(in).allowed());  // the same approver twice is one approver
  in.overrides.push_back(found(record("cto@acme.example", {"ref.delete"})));
  CHECK(evaluate(in).allowed());
}

TEST_CASE("without [overrides] in the base policy, records lift nothing") {
  Inputs in = inputs({found(record())});
  in.policy = parse_policy("version = 1\n[size]\nmax_lines = 5\n");
  Report r = evaluate(in);
  REQUIRE(r.overrides.size() == 1);
  CHECK(r.overrides[0].why.find("no [overrides]") != std::string::npos);
  CHECK_FALSE(r.allowed());
}
