// `git-gate override approve|list|verify|fetch`: granting signed, time-limited exceptions
// (docs/overrides.md) and inspecting them. Records live in git notes; the signature, not the
// notes commit, is what counts.

#include "gate/override.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <string_view>

#include "commands.hpp"
#include "gate/clock.hpp"
#include "gate/error.hpp"
#include "gate/evaluate.hpp"
#include "gate/gather.hpp"
#include "gate/rule_table.hpp"
#include "gate/ssh_signature.hpp"
#include "gate/subprocess.hpp"
#include "gate/suggest.hpp"
#include "override_common.hpp"
#include "value_checks.hpp"

namespace gate::cli {
namespace {

struct ApproveOptions {
  std::string commit;
  std::vector<std::string> rules;
  std::string reason;
  std::string expires;
  std::optional<std::string> key;
  std::optional<std::string> principal;
  std::optional<std::string> push_remote;
  bool push = false;
  OverrideScope scope;
};

// Checks what the base policy will check, so an approver learns now, not at deploy time.
void check_grant(const OverridesPolicy& o, const OverrideRecord& r) {
  for (const std::string& rule : r.rules) {
    const RuleInfo* info = find_rule(rule);
    if (!info)
      throw UsageError(fmt::format("--rule {}: unknown rule id (rules are {})", quote_input(rule),
                                   fmt::join(known_rules(), ", ")));
    if (!info->overridable)
      throw UsageError(fmt::format("--rule {}: no override may lift this rule", quote_input(rule)));
    if (!o.may_lift(r.principal, rule))
      throw UsageError(
          fmt::format("{} is not an override approver for {} in the policy's "
                      "[[overrides.approver]]",
                      quote_input(r.principal), rule));
  }
  if (r.expires_at - r.issued_at > o.max_duration)
    throw UsageError(fmt::format("--expires: {} is beyond the policy's max_duration ({}s from now)",
                                 format_utc(r.expires_at), o.max_duration.count()));
}

// The commit must be here: the record names its full id, and the approver should be able
// to look at what they approve.
std::string local_commit(const Repository& repo, const std::string& rev) {
  if (std::optional<std::string> id = repo.find_commit(rev)) return *id;
  throw UsageError(fmt::format(
      "commit {} is not in this repository, so it cannot be approved: fetch it first (`git "
      "fetch origin BRANCH` for the branch that holds it; on GitHub `git fetch origin "
      "pull/N/head` for pull request N), or, if it is only on its author's machine, have them "
      "push it to a branch",
      quote_input(rev)));
}

// The base's allowed-signers file, which every check of the record will read.
std::string base_signers(const Repository& repo, const ApproveOptions& o,
                         const OverridesPolicy& ov) {
  std::string base = scope_commit(repo, o.scope);
  std::optional<std::string> signers = repo.read_file(base, ov.allowed_signers);
  if (!signers)
    throw UsageError(fmt::format(
        "the base revision {} has no allowed-signers file {}, so no record could verify (see "
        "--base)",
        base.substr(0, 12), ov.allowed_signers));
  return *signers;
}

// Verifies the new record as check will: a key the file does not list for the principal,
// or not for the policy's namespace, is refused before anything is written.
void check_verifies(const OverridesPolicy& ov, const OverrideRecord& r, const std::string& signers,
                    const std::string& key) {
  SignatureCheck check = ssh_verify(canonical_payload(r), r.signature, signers, r.principal,
                                    ov.name_space, r.issued_at);
  if (!check.valid)
    throw UsageError(fmt::format(
        "a record signed with {} would not verify as {} under the base's {} (namespace {}): "
        "{}; nothing was written",
        quote_input(key), quote_input(r.principal), ov.allowed_signers, ov.name_space,
        check.detail));
}

OverrideRecord signed_record(const Repository& repo, const ApproveOptions& o,
                             const Policy& policy) {
  const OverridesPolicy& ov = policy.overrides;
  Clock clock = o.scope.common.clock();
  OverrideRecord r;
  r.id = random_record_id();
  r.repository = ov.repository;
  r.commit = local_commit(repo, o.commit);
  r.rules = o.rules;
  r.reason = o.reason;
  r.principal = o.principal ? *o.principal : repo.config_value("user.email").value_or("");
  if (r.principal.empty()) throw UsageError("no --principal given and git has no user.email");
  r.issued_at = clock.now;
  r.expires_at = parse_expiry(o.expires, clock.now);
  check_grant(ov, r);
  std::string signers = base_signers(repo, o, ov);
  std::string key = signing_key(repo, o.key, o.scope.common);
  r.signature = ssh_sign(canonical_payload(r), key, ov.name_space);
  check_verifies(ov, r, signers, key);
  return r;
}

int run_approve(int argc, char** argv) {
  ApproveOptions o;
  CLI::App app{"Grant a signed, time-limited override of named rules for one commit.",
               "git-gate override approve"};
  app.add_option("commit", o.commit, "the commit to override (resolved to its full id)")
      ->type_name("REV")
      ->required();
  app.add_option("--rule", o.rules, "a rule id to lift (repeatable)")
      ->type_name("RULE")
      ->check(rule_id())
      ->required();
  app.add_option("--reason", o.reason, "why, in one line (e.g. the incident)")
      ->type_name("REASON")
      ->required();
  app.add_option("--expires", o.expires, "90s, 30m, 2h, 1d, or an RFC 3339 instant")
      ->type_name("DURATION|TIME")
      ->required();
  app.add_option("--key", o.key, "SSH key to sign with (default: git's user.signingkey)")
      ->type_name("FILE");
  app.add_option("--principal", o.principal, "as in allowed_signers (default: git's user.email)")
      ->type_name("PRINCIPAL");
  app.add_option("--push", o.push_remote, "publish the notes with your own `git push` to REMOTE")
      ->type_name("REMOTE")
      ->expected(0, 1)
      ->default_str("origin");
  add_scope_options(app, o.scope);
  if (std::optional<int> code = parse_args(app, argc, argv)) return *code;
  o.push = app.count("--push") > 0;
  Repository repo = o.scope.common.repository();
  Policy policy = scope_policy(repo, o.scope);
  OverrideRecord record = signed_record(repo, o, policy);
  append_record(repo, policy.overrides.notes_ref, record);
  fmt::print("override {} of {} for {}: {} until {} (signed by {})\n", record.id,
             fmt::join(record.rules, ", "), record.commit, record.reason,
             format_utc(record.expires_at), record.principal);
  if (o.push)
    push_notes(repo, o.scope.common.directory, o.push_remote.value_or("origin"),
               policy.overrides.notes_ref);
  return 0;
}

// Records of one commit, judged as check would judge them for a change of that commit alone
// (its author and committer may not override it).
int run_list_or_verify(int argc, char** argv, bool verify, Session& session) {
  std::string commit;
  OverrideScope scope;
  CLI::App app{verify ? "Verify the override records of a commit: exit 0 all valid, 1 not, 2 error."
                      : "List the override records of a commit and whether each holds.",
               verify ? "git-gate override verify" : "git-gate override list"};
  app.add_option("commit", commit, "the commit whose note holds the records")
      ->type_name("REV")
      ->required();
  add_format_option(app, scope.common, "text or json", {"text", "json"}, "text");
  add_scope_options(app, scope);
  if (std::optional<int> code = parse_args(app, argc, argv)) return *code;
  session.format = scope.common.format == "json" ? Format::json : Format::text;
  Repository repo = scope.common.repository();
  std::vector<OverrideStatus> statuses =
      judge_commit_records(repo, scope, repo.resolve_commit(commit));
  print_statuses(statuses, session.format == Format::json);
  if (!verify) return 0;
  bool all_valid = !statuses.empty();
  for (const OverrideStatus& s : statuses) all_valid = all_valid && s.applied;
  return all_valid ? 0 : 1;
}

int run_fetch(int argc, char** argv) {
  std::string remote = "origin";
  OverrideScope scope;
  CLI::App app{"Fetch the override notes from REMOTE, keeping local records it lacks.",
               "git-gate override fetch"};
  app.add_option("remote", remote, "the remote to fetch from")
      ->type_name("REMOTE")
      ->capture_default_str();
  app.add_option("--base", scope.base,
                 "revision whose policy names the notes ref (default: the upstream, else HEAD)")
      ->type_name("REV");
  add_directory_option(app, scope.common);
  if (std::optional<int> code = parse_args(app, argc, argv)) return *code;
  Repository repo = scope.common.repository();
  Policy policy = scope_policy(repo, scope);
  fetch_notes(repo, scope.common.directory, remote, policy.overrides.notes_ref);
  return 0;
}

}  // namespace

int run_override(int argc, char** argv, Session& session) {
  std::string_view sub = argc > 1 ? argv[1] : "";
  if (sub == "approve") return run_approve(argc - 1, argv + 1);
  if (sub == "list") return run_list_or_verify(argc - 1, argv + 1, false, session);
  if (sub == "verify") return run_list_or_verify(argc - 1, argv + 1, true, session);
  if (sub == "fetch") return run_fetch(argc - 1, argv + 1);
  const bool help = sub.empty() || sub == "--help" || sub == "-h";
  if (!help) {
    constexpr std::string_view actions[] = {"approve", "list", "verify", "fetch"};
    fmt::print(stderr, "git-gate override: '{}' is not an override action{}\n", quote_input(sub),
               did_you_mean(sub, actions));
  }
  fmt::print(help ? stdout : stderr,
             "usage: git-gate override approve|list|verify|fetch ...\n"
             "  approve  grant a signed, time-limited override of named rules for a commit\n"
             "  list     list a commit's override records and whether each holds\n"
             "  verify   exit 0 when every record of a commit is valid, 1 when not\n"
             "  fetch    fetch the notes of REMOTE (none there yet: no records)\n");
  return help && !sub.empty() ? 0 : 2;
}

}  // namespace gate::cli
