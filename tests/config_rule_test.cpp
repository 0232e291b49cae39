// The gate's own configuration, judged purely: policy.invalid on the texts a change
// leaves behind, the fallback policy's report and its refusal of overrides, and the
// allowed-signers syntax check.

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "gate/evaluate.hpp"
#include "gate/render.hpp"
#include "gate/rule_table.hpp"

namespace gate {
namespace {

constexpr const char* base_policy = "version = 1\nprotected = [\"refs/heads/main\"]\n";

// A change to `path` whose new text is `text` (and whose trusted text is `trusted`).
Inputs edit_inputs(std::string path, ConfigKind kind, std::optional<std::string> text,
                   std::optional<std::string> trusted, std::string ref = "refs/heads/main") {
  Inputs in;
  in.policy = parse_policy(base_policy);
  in.change.base = "b";
  in.change.head = "h";
  FileChange f;
  f.path = path;
  in.change.files.push_back(f);
  in.config_edits.push_back({std::move(path), kind, std::move(text), std::move(trusted)});
  in.context.ref = std::move(ref);
  in.context.now = parse_rfc3339("2026-07-09T10:00:00Z", "test");
  return in;
}

std::vector<const Finding*> invalid(const Report& r) {
  std::vector<const Finding*> out;
  for (const Finding& f : r.findings)
    if (f.rule == rule::policy_invalid) out.push_back(&f);
  return out;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("a typo in the change's policy.toml blocks with policy.invalid at its line") {
  const std::string text = "version = 1\nmax_line = 300\n";
  Report r = evaluate(edit_inputs("policy.toml", ConfigKind::policy, text, base_policy));
  auto found = invalid(r);
  REQUIRE(found.size() == 1);
  CHECK(found[0]->severity == Severity::block);
  CHECK(found[0]->paths == std::vector<std::string>{"policy.toml"});
  // The location is the parser's own for the same text.
  std::string where;
  try {
    parse_policy(text, "policy.toml");
  } catch (const ConfigError& e) {
    where = e.diagnostics().at(0).where.to_string();
  }
  REQUIRE_FALSE(where.empty());
  CHECK(contains(found[0]->message, where));
  CHECK_FALSE(r.allowed());
}

TEST_CASE("a valid new policy, a deleted one, or an unrelated edit is no finding") {
  CHECK(invalid(evaluate(edit_inputs("policy.toml", ConfigKind::policy,
                                     "version = 1\ntimezone = \"Europe/Berlin\"\n", base_policy)))
            .empty());
  CHECK(invalid(evaluate(edit_inputs("policy.toml", ConfigKind::policy, std::nullopt, base_policy)))
            .empty());
}

TEST_CASE("an unknown zone in the new policy is policy.invalid") {
  Report r = evaluate(edit_inputs("policy.toml", ConfigKind::policy,
                                  "version = 1\ntimezone = \"Europe/Berlinn\"\n", base_policy));
  REQUIRE(invalid(r).size() == 1);
  CHECK(contains(invalid(r)[0]->message, "policy.toml:2"));
}

TEST_CASE("CODEOWNERS: only syntax errors the trusted version lacks count") {
  const std::string good = "/api/ @acme/api\n";
  const std::string old_bad = "/api/ @acme/api\n/x/ not-an-owner\n";
  const std::string new_bad = old_bad + "/y/ also-not-an-owner\n";
  CHECK(invalid(evaluate(edit_inputs(".github/CODEOWNERS", ConfigKind::codeowners,
                                     good + "/docs/ @acme/docs\n", good)))
            .empty());
  CHECK(invalid(evaluate(edit_inputs(".github/CODEOWNERS", ConfigKind::codeowners,
                                     old_bad + "/docs/ @acme/docs\n", old_bad)))
            .empty());
  Report r = evaluate(edit_inputs(".github/CODEOWNERS", ConfigKind::codeowners, new_bad, old_bad));
  REQUIRE(invalid(r).size() == 1);
  CHECK(contains(invalid(r)[0]->message, ".github/CODEOWNERS:3"));
  CHECK_FALSE(contains(invalid(r)[0]->message, ".github/CODEOWNERS:2"));
}

TEST_CASE("allowed signers and .gitattributes: a broken new line is policy.invalid") {
  const std::string key = "AAAAC3NzaC1lZDI1NTE5AAAAIGQ1bUF0a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5";
  const std::string good = "lead@acme.example ssh-ed25519 " + key + "\n";
  Report signers = evaluate(edit_inputs(".gate/allowed_signers", ConfigKind::signers,
                                        good + "vp@acme.example ssh-ed25519\n", good));
  REQUIRE(invalid(signers).size() == 1);
  CHECK(contains(invalid(signers)[0]->message, ".gate/allowed_signers:2"));
  Report attributes = evaluate(edit_inputs(".gitattributes", ConfigKind::attributes,
                                           "*.pb.go linguist-generated\n!vendor/** -diff\n",
                                           "*.pb.go linguist-generated\n"));
  REQUIRE(invalid(attributes).size() == 1);
  CHECK(contains(invalid(attributes)[0]->message, ".gitattributes:2:1"));
}

TEST_CASE("policy.invalid cannot be configured off, and no override record may name it") {
  CHECK_THROWS_AS(parse_policy("version = 1\n[rules]\n\"policy.invalid\" = \"off\"\n"),
                  ConfigError);
  const RuleInfo* info = find_rule(rule::policy_invalid);
  REQUIRE(info);
  CHECK_FALSE(info->overridable);
  CHECK_FALSE(info->configurable);
}

TEST_CASE("off protected refs policy.invalid warns") {
  Report r = evaluate(edit_inputs("policy.toml", ConfigKind::policy, "version = 2\n", base_policy,
                                  "refs/heads/feature"));
  REQUIRE(invalid(r).size() == 1);
  CHECK(invalid(r)[0]->severity == Severity::warn);
  CHECK(r.allowed());
}

TEST_CASE("a fallback policy is said in the report and its JSON, and honours no override") {
  Inputs in = edit_inputs("README.md", ConfigKind::policy, std::nullopt, std::nullopt);
  in.config_edits.clear();
  in.policy_source = PolicySource{"def456", "abc123", "policy.toml:2:12"};
  Report r = evaluate(in);
  REQUIRE(r.policy);
  CHECK(r.policy->fallback());
  CHECK(std::any_of(r.notices.begin(), r.notices.end(), [](const std::string& n) {
    return contains(n, "policy.toml:2:12 at abc123") && contains(n, "at def456");
  }));
  const std::string json = render_json(r);
  CHECK(contains(json, "\"fallback_from\": \"abc123\""));
  CHECK(contains(json, "\"revision\": \"def456\""));
}

TEST_CASE("check_allowed_signers: ssh-keygen's line shapes") {
  const std::string key = "AAAAC3NzaC1lZDI1NTE5AAAAIGQ1bUF0a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5";
  const std::vector<std::string> fine = {
      "",
      "# comment",
      "lead@acme.example ssh-ed25519 " + key,
      "lead@acme.example,vp@acme.example ssh-ed25519 " + key + " laptop",
      "*@acme.example namespaces=\"git,gate\" ssh-ed25519 " + key,
      "lead@acme.example valid-after=\"20260101\",valid-before=\"20270101\" ssh-ed25519 " + key,
      "lead@acme.example cert-authority sk-ssh-ed25519@openssh.com " + key,
  };
  for (const std::string& line : fine) {
    INFO(line);
    CHECK(check_allowed_signers(line + "\n", "signers").empty());
  }
  const std::vector<std::string> broken = {
      "lead@acme.example",
      "lead@acme.example ssh-ed25519",
      "lead@acme.example ssh-ed25519 not*base64",
      "lead@acme.example frobnicate ssh-ed25519 " + key,
      "lead@acme.example namespaces=\"git\" ssh-ed25519",
  };
  for (const std::string& line : broken) {
    INFO(line);
    auto d = check_allowed_signers("# first\n" + line + "\n", "signers");
    REQUIRE(d.size() == 1);
    CHECK(d[0].where.line == 2);
    CHECK(d[0].where.file == "signers");
  }
  // A hostile line is quoted in at most 200 bytes.
  auto long_line = check_allowed_signers("x " + std::string(5000, 'y') + "\n", "signers");
  REQUIRE(long_line.size() == 1);
  CHECK(long_line[0].message.size() < 400);
  CHECK(long_line[0].source_line.size() <= 203);
}

}  // namespace gate
