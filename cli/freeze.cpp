// `git-gate freeze start|end|list`: incident freezes (docs/freezes.md). A record is a signed
// commit on `[freezes] ref`, appended, never rewritten; check, ci and the hook honour the
// ones that verify against the base's policy.

#include "gate/freeze.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <nlohmann/json.hpp>
#include <string_view>

#include "commands.hpp"
#include "gate/clock.hpp"
#include "gate/error.hpp"
#include "gate/freeze_gather.hpp"
#include "gate/gather.hpp"
#include "gate/override.hpp"
#include "gate/ssh_signature.hpp"
#include "gate/suggest.hpp"
#include "override_common.hpp"

namespace gate::cli {
namespace {

// How many records of the ref are put back on the remote's after a refused push.
constexpr std::size_t kMaxEntries = 4096;

// What start and end share: who signs, and where the record goes.
struct SignOptions {
  std::string reason;
  std::optional<std::string> key;
  std::optional<std::string> principal;
  std::optional<std::string> push_remote;
  OverrideScope scope;
};

void add_sign_options(CLI::App& app, SignOptions& o) {
  app.add_option("--reason", o.reason, "why, in one line (e.g. the incident)")
      ->type_name("REASON")
      ->required();
  app.add_option("--key", o.key, "SSH key to sign with (default: git's user.signingkey)")
      ->type_name("FILE");
  app.add_option("--principal", o.principal, "as in allowed_signers (default: git's user.email)")
      ->type_name("EMAIL");
  app.add_option("--push", o.push_remote, "publish the record with `git push` to REMOTE")
      ->type_name("REMOTE")
      ->expected(0, 1)
      ->default_str("origin");
  add_scope_options(app, o.scope);
}

// The base's policy, which must have [freezes].
Policy freezes_policy(const Repository& repo, const OverrideScope& scope) {
  std::string commit = scope_commit(repo, scope);
  std::optional<Policy> policy = read_policy_at(repo, commit);
  if (!policy || !policy->freezes.configured)
    throw UsageError(fmt::format(
        "the policy of {} has no [freezes] table, so no incident freeze can be started, ended "
        "or listed (see --base)",
        commit.substr(0, 12)));
  return *policy;
}

// Signs `r` and checks it verifies as check will, before anything is written.
void sign(const Repository& repo, const SignOptions& o, const FreezesPolicy& f, FreezeRecord& r) {
  if (std::find(f.principals.begin(), f.principals.end(), r.principal) == f.principals.end())
    throw UsageError(
        fmt::format("{} is not in the policy's [freezes] principals", quote_input(r.principal)));
  std::string base = scope_commit(repo, o.scope);
  std::optional<std::string> signers = repo.read_file(base, f.allowed_signers);
  if (!signers)
    throw UsageError(fmt::format("the base revision {} has no allowed-signers file {}",
                                 base.substr(0, 12), f.allowed_signers));
  std::string key = signing_key(repo, o.key, o.scope.common);
  r.signature = ssh_sign(freeze_payload(r), key, f.name_space);
  SignatureCheck check =
      ssh_verify(freeze_payload(r), r.signature, *signers, r.principal, f.name_space, r.start);
  if (!check.valid)
    throw UsageError(fmt::format(
        "a record signed with {} would not verify as {} under the base's {} (namespace {}): "
        "{}; nothing was written",
        quote_input(key), quote_input(r.principal), f.allowed_signers, f.name_space, check.detail));
}

// `git push REMOTE ref:ref`, appending again on the remote's tip every local record it
// lacks when it moved on, so concurrent records lose nothing.
void push_ref(const Repository& repo, const std::string& directory, const std::string& remote,
              const std::string& ref, const std::string& principal) {
  auto keep_local = [&]() -> Reapply {
    return [&, local = repo.log_entries(ref, kMaxEntries)] {
      auto remote_entries = repo.log_entries(ref, kMaxEntries);
      for (auto it = local.rbegin(); it != local.rend(); ++it) {
        const std::string& message = it->second;
        bool present = std::any_of(remote_entries.begin(), remote_entries.end(),
                                   [&](const auto& e) { return e.second == message; });
        if (!present) repo.append_log_entry(ref, message, note_identity(repo, principal));
      }
    };
  };
  push_appending(directory, remote, ref, keep_local, "local ref");
}

void write(const Repository& repo, const SignOptions& o, const FreezesPolicy& f,
           const FreezeRecord& r, bool push) {
  repo.append_log_entry(f.ref, freeze_message(r), note_identity(repo, r.principal));
  if (push)
    push_ref(repo, o.scope.common.directory, o.push_remote.value_or("origin"), f.ref, r.principal);
}

FreezeRecord new_record(const Repository& repo, const SignOptions& o, const FreezesPolicy& f,
                        FreezeKind kind) {
  FreezeRecord r;
  r.kind = kind;
  r.id = random_record_id();
  r.repository = f.repository;
  r.start = o.scope.common.clock().now;
  r.reason = o.reason;
  r.principal = o.principal ? *o.principal : repo.config_value("user.email").value_or("");
  if (r.principal.empty()) throw UsageError("no --principal given and git has no user.email");
  return r;
}

// The end --for or --until asks for, refused when not after `start` or beyond max_duration.
Instant requested_end(Instant start, const std::optional<std::string>& duration,
                      const std::optional<std::string>& until, const FreezesPolicy& f) {
  Instant end{};
  if (duration) {
    std::optional<std::chrono::seconds> d = parse_duration(*duration);
    if (!d)
      throw UsageError(fmt::format("--for {}: give N followed by s, m, h or d (e.g. 90m, 4h)",
                                   quote_input(*duration)));
    end = start + *d;
  } else {
    end = parse_rfc3339(*until, "--until");
  }
  if (end <= start)
    throw UsageError(
        fmt::format("--until {} is not after now ({})", format_utc(end), format_utc(start)));
  if (end - start > f.max_duration)
    throw UsageError(
        fmt::format("the freeze would end at {}, beyond the policy's max_duration ({}s from now)",
                    format_utc(end), f.max_duration.count()));
  return end;
}

// A freeze scoped to a component the policy lacks would freeze every change (readers fail
// closed), which is not what was asked: refuse it before signing.
void check_components(const Policy& policy, const std::vector<std::string>& names) {
  std::vector<std::string> known;
  for (const Component& c : policy.components) known.push_back(c.name);
  for (const std::string& name : names)
    if (std::find(known.begin(), known.end(), name) == known.end())
      throw UsageError(fmt::format("--component: the policy has no component '{}'{}",
                                   quote_input(name), did_you_mean(name, known)));
}

int run_start(int argc, char** argv) {
  SignOptions o;
  std::optional<std::string> duration, until;
  std::vector<std::string> components;
  CLI::App app{"Start a signed incident freeze: deploys are refused until it ends.",
               "git-gate freeze start"};
  add_sign_options(app, o);
  auto* for_option =
      app.add_option("--for", duration, "how long: 90m, 4h, 2d")->type_name("DURATION");
  app.add_option("--until", until, "when it ends: an RFC 3339 instant")
      ->type_name("TIME")
      ->excludes(for_option);
  app.add_option("--component", components,
                 "freeze only changes touching this [[component]] (repeatable; default: all)")
      ->type_name("NAME");
  if (std::optional<int> code = parse_args(app, argc, argv)) return *code;
  if (!duration && !until) throw UsageError("git-gate freeze start: give --for or --until");
  Repository repo = o.scope.common.repository();
  Policy policy = freezes_policy(repo, o.scope);
  const FreezesPolicy& f = policy.freezes;
  FreezeRecord r = new_record(repo, o, f, FreezeKind::start);
  r.end = requested_end(r.start, duration, until, f);
  check_components(policy, components);
  r.components = components;
  sign(repo, o, f, r);
  write(repo, o, f, r, app.count("--push") > 0);
  fmt::print("freeze {} started: {} until {} (by {})\n", r.id, r.reason, format_utc(r.end),
             r.principal);
  return 0;
}

// The ids an end record names: `id` when given (it must be a freeze not yet over), else
// every freeze active now.
std::vector<std::string> ids_to_end(const Repository& repo, const SignOptions& o,
                                    const Policy& policy, const std::optional<std::string>& id,
                                    Instant now) {
  FreezeScan scan = scan_freezes(repo, policy, scope_commit(repo, o.scope), now, now,
                                 now + std::chrono::days(366));
  std::vector<std::string> ids;
  for (const FoundFreeze& found : scan.freezes) {
    bool open = found.state == FreezeState::active || found.state == FreezeState::scheduled;
    if (open && (id ? found.record.id == *id : found.state == FreezeState::active))
      ids.push_back(found.record.id);
  }
  if (ids.empty() && id)
    throw UsageError(fmt::format("no verified freeze {} is active or scheduled", quote_input(*id)));
  if (ids.empty()) throw UsageError("no verified freeze is active: nothing to end");
  return ids;
}

int run_end(int argc, char** argv) {
  SignOptions o;
  std::optional<std::string> id;
  CLI::App app{"End incident freezes early with a signed end record.", "git-gate freeze end"};
  app.add_option("id", id, "the freeze to end (default: every active one)")->type_name("ID");
  add_sign_options(app, o);
  if (std::optional<int> code = parse_args(app, argc, argv)) return *code;
  Repository repo = o.scope.common.repository();
  Policy policy = freezes_policy(repo, o.scope);
  const FreezesPolicy& f = policy.freezes;
  FreezeRecord r = new_record(repo, o, f, FreezeKind::end);
  r.ends = ids_to_end(repo, o, policy, id, r.start);
  sign(repo, o, f, r);
  write(repo, o, f, r, app.count("--push") > 0);
  fmt::print("ended freeze{} {} at {} (by {})\n", r.ends.size() == 1 ? "" : "s",
             fmt::join(r.ends, ", "), format_utc(r.start), r.principal);
  return 0;
}

int run_list(int argc, char** argv, Session& session) {
  OverrideScope scope;
  CLI::App app{"List incident freezes, active and past, with their status.",
               "git-gate freeze list"};
  add_format_option(app, scope.common, "text or json", {"text", "json"}, "text");
  add_scope_options(app, scope);
  if (std::optional<int> code = parse_args(app, argc, argv)) return *code;
  session.format = scope.common.format == "json" ? Format::json : Format::text;
  Repository repo = scope.common.repository();
  Policy policy = freezes_policy(repo, scope);
  Instant now = scope.common.clock().now;
  FreezeScan scan = scan_freezes(repo, policy, scope_commit(repo, scope), now, Instant{},
                                 now + std::chrono::days(366));
  for (const std::string& notice : scan.notices) fmt::print(stderr, "notice: {}\n", notice);
  for (const FoundFreeze& found : scan.freezes)
    fmt::print("{}", format_freeze(found, session.format == Format::json));
  return 0;
}

}  // namespace

int run_freeze(int argc, char** argv, Session& session) {
  std::string_view sub = argc > 1 ? argv[1] : "";
  if (sub == "start") return run_start(argc - 1, argv + 1);
  if (sub == "end") return run_end(argc - 1, argv + 1);
  if (sub == "list") return run_list(argc - 1, argv + 1, session);
  const bool help = sub.empty() || sub == "--help" || sub == "-h";
  if (!help) {
    constexpr std::string_view actions[] = {"start", "end", "list"};
    fmt::print(stderr, "git-gate freeze: '{}' is not a freeze action{}\n", quote_input(sub),
               did_you_mean(sub, actions));
  }
  fmt::print(help ? stdout : stderr,
             "usage: git-gate freeze start|end|list ...\n"
             "  start  start a signed incident freeze (--for or --until)\n"
             "  end    end a freeze, or every active one, with a signed end record\n"
             "  list   list incident freezes, active and past, with their status\n");
  return help && !sub.empty() ? 0 : 2;
}

}  // namespace gate::cli
