#include "override_common.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <functional>
#include <random>

#include "gate/clock.hpp"
#include "gate/error.hpp"
#include "gate/evaluate.hpp"
#include "gate/gather.hpp"
#include "gate/render.hpp"
#include "gate/subprocess.hpp"

namespace gate::cli {
namespace {

constexpr int kPushAttempts = 5;

std::string env_or(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

std::string home_expanded(const std::string& path) {
  const char* home = std::getenv("HOME");
  if (path.starts_with("~/") && home) return std::string(home) + path.substr(1);
  return path;
}

}  // namespace

Identity note_identity(const Repository& repo, const std::string& principal) {
  Identity who;
  who.name = repo.config_value("user.name").value_or(env_or("GIT_COMMITTER_NAME", principal));
  who.email = repo.config_value("user.email").value_or(env_or("GIT_COMMITTER_EMAIL", principal));
  return who;
}

std::string random_record_id() {
  std::random_device device;
  std::uniform_int_distribution<unsigned> nibble(0, 15);
  std::string id;
  for (int i = 0; i < 16; ++i) id += "0123456789abcdef"[nibble(device)];
  return id;
}

// The key file: --key (a relative name taken from -C, as every file option), else git's
// user.signingkey.
std::string signing_key(const Repository& repo, const std::optional<std::string>& key_option,
                        const CommonOptions& common) {
  if (key_option) return common.path(home_expanded(*key_option));
  std::optional<std::string> key = repo.config_value("user.signingkey");
  if (!key) throw UsageError("no --key given and git has no user.signingkey");
  if (key->starts_with("key::"))
    throw UsageError("user.signingkey holds a literal key; give the key file with --key");
  return home_expanded(*key);
}

ProcessResult git_command(const std::string& directory, std::vector<std::string> args) {
  std::vector<std::string> argv = {"git"};
  if (!directory.empty()) argv.insert(argv.end(), {"-C", directory});
  argv.insert(argv.end(), args.begin(), args.end());
  // git push and fetch talk to a remote, which may take longer than a local helper, and
  // may ask the person for a password or a host key.
  return run_process(argv, "", "git", std::chrono::minutes(5), Prompt::terminal);
}

void add_scope_options(CLI::App& app, OverrideScope& scope) {
  app.add_option(
         "--base", scope.base,
         "revision whose policy and allowed-signers apply (default: the upstream, else HEAD)")
      ->type_name("REV");
  add_at_option(app, scope.common, "judge at this RFC 3339 time instead of now (or GATE_NOW)");
  add_directory_option(app, scope.common);
}

std::string scope_commit(const Repository& repo, const OverrideScope& scope) {
  if (scope.base) return repo.resolve_commit(*scope.base);
  // A detached HEAD or a branch without upstream falls back to HEAD; a git failure is
  // reported, not hidden behind the fallback.
  if (std::optional<std::string> upstream = repo.upstream()) return *upstream;
  return repo.resolve_commit("HEAD");
}

Policy scope_policy(const Repository& repo, const OverrideScope& scope) {
  std::string commit = scope_commit(repo, scope);
  std::optional<Policy> policy = read_policy_at(repo, commit);
  if (!policy || !policy->overrides.configured)
    throw UsageError(
        fmt::format("the policy of {} has no [overrides] table, so no override can be "
                    "granted or judged (see --base)",
                    commit.substr(0, 12)));
  return *policy;
}

void append_record(const Repository& repo, const std::string& notes_ref,
                   const OverrideRecord& record) {
  std::string note = repo.read_note(notes_ref, record.commit).value_or("");
  if (!note.empty() && note.back() != '\n') note += '\n';
  if (!note.empty()) note += '\n';
  note += note_entry(record);
  repo.write_note(notes_ref, record.commit, note, note_identity(repo, record.principal));
}

// Appends each record of `local` (commit, note text) that the notes ref now lacks;
// returns how many.
int reapply(const Repository& repo, const std::string& notes_ref,
            const std::vector<std::pair<std::string, std::string>>& local) {
  int appended = 0;
  for (const auto& [commit, text] : local) {
    for (const NoteEntry& entry : parse_note(text)) {
      if (!entry.record) continue;
      std::string now = repo.read_note(notes_ref, commit).value_or("");
      if (now.find(entry.record->signature) != std::string::npos) continue;
      append_record(repo, notes_ref, *entry.record);
      ++appended;
    }
  }
  return appended;
}

// The first line of a program's message, for an error.
std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

void push_appending(const std::string& directory, const std::string& remote, const std::string& ref,
                    const std::function<Reapply()>& keep_local, std::string_view where) {
  std::string refspec = ref + ":" + ref;
  for (int attempt = 1; attempt <= kPushAttempts; ++attempt) {
    ProcessResult push = git_command(directory, {"push", "-q", remote, refspec});
    if (push.exit_code == 0) {
      fmt::print("pushed {} to {}\n", ref, remote);
      return;
    }
    if (push.err.find("rejected") == std::string::npos)
      throw UsageError(fmt::format("git push {} {} failed: {}", remote, refspec, push.err));
    // Someone else appended meanwhile: take the remote's ref and append again every local
    // record it lacks (this one, and any written earlier without --push).
    Reapply reapply_local = keep_local();
    ProcessResult fetch = git_command(directory, {"fetch", "-q", remote, "+" + refspec});
    if (fetch.exit_code != 0)
      throw UsageError(fmt::format("git fetch {} +{} failed: {}", remote, refspec, fetch.err));
    reapply_local();
  }
  throw UsageError(fmt::format(
      "could not push {} to {} after {} attempts; the record is in the {}: push again later", ref,
      remote, kPushAttempts, where));
}

void push_notes(const Repository& repo, const std::string& directory, const std::string& remote,
                const std::string& notes_ref) {
  auto keep_local = [&]() -> Reapply {
    return [&repo, &notes_ref, local = repo.list_notes(notes_ref)] {
      reapply(repo, notes_ref, local);
    };
  };
  push_appending(directory, remote, notes_ref, keep_local, "local notes");
}

bool fetch_ref(const std::string& directory, const std::string& remote, const std::string& ref) {
  std::string refspec = "+" + ref + ":" + ref;
  ProcessResult fetch = git_command(directory, {"fetch", "-q", remote, refspec});
  if (fetch.exit_code == 0) return true;
  // Before the first record is pushed the remote has no such ref, and git fetch fails;
  // ls-remote's exit code 2 (no such ref) says so without reading git's words.
  ProcessResult listed = git_command(directory, {"ls-remote", "--exit-code", remote, ref});
  if (listed.exit_code != 2)
    throw UsageError(
        fmt::format("git fetch {} {} failed: {}", remote, refspec, first_line(fetch.err)));
  return false;
}

void fetch_notes(const Repository& repo, const std::string& directory, const std::string& remote,
                 const std::string& notes_ref) {
  std::vector<std::pair<std::string, std::string>> local = repo.list_notes(notes_ref);
  if (!fetch_ref(directory, remote, notes_ref)) {
    fmt::print("{} has no {} yet: no override records to fetch\n", remote, notes_ref);
    return;
  }
  int kept = reapply(repo, notes_ref, local);
  std::size_t records = 0, commits = 0;
  for (const auto& [commit, text] : repo.list_notes(notes_ref)) {
    ++commits;
    for (const NoteEntry& entry : parse_note(text)) records += entry.record ? 1 : 0;
  }
  fmt::print("fetched {} from {}: {} record{} on {} commit{}\n", notes_ref, remote, records,
             records == 1 ? "" : "s", commits, commits == 1 ? "" : "s");
  if (kept > 0)
    fmt::print("kept {} local record(s) that {} lacks: publish them with `git push {} {}`\n", kept,
               remote, remote, notes_ref);
}

std::vector<OverrideStatus> judge_records(const Repository& repo, const OverrideScope& scope,
                                          const Policy& policy,
                                          const std::vector<std::string>& commits) {
  Range range;
  range.trusted = scope_commit(repo, scope);
  Clock clock = scope.common.clock();
  std::vector<OverrideStatus> statuses;
  for (const std::string& commit : commits) {
    Inputs inputs;
    inputs.policy = policy;
    inputs.context.now = clock.now;
    inputs.context.clock_overridden = clock.overridden;
    // The commit's author and committer, as check sees them: an approver who wrote or
    // committed it may not override it (docs/overrides.md).
    inputs.change.head = commit;
    inputs.change.commits = {repo.commit_info(commit)};
    inputs.override_commits = {commit};
    range.head = commit;
    gather_overrides(repo, range, inputs);
    std::vector<OverrideStatus> judged = evaluate(inputs).overrides;
    statuses.insert(statuses.end(), judged.begin(), judged.end());
  }
  return statuses;
}

std::vector<OverrideStatus> judge_commit_records(const Repository& repo, const OverrideScope& scope,
                                                 const std::string& commit) {
  return judge_records(repo, scope, scope_policy(repo, scope), {commit});
}

void print_statuses(const std::vector<OverrideStatus>& statuses, bool json) {
  for (const OverrideStatus& s : statuses) {
    if (!json) {
      fmt::print("{} {} {} by {} [{}] until {}: {}\n  {}\n", s.applied ? "valid  " : "INVALID",
                 s.id.empty() ? "(not a record)" : s.id, s.commit.substr(0, 12), s.principal,
                 fmt::join(s.rules, ","), s.expires_at ? format_utc(*s.expires_at) : "-", s.reason,
                 s.why);
      continue;
    }
    fmt::print("{}\n", render_override_status_json(s));
  }
}

std::string format_freeze(const FoundFreeze& found, bool json, bool tagged) {
  const FreezeRecord& r = found.record;
  if (!json) {
    std::string text = fmt::format(
        "{:<9} {} {} - {} by {}{}: {}\n", to_string(found.state), r.id, format_utc(r.start),
        format_utc(found.end), r.principal,
        r.components.empty() ? "" : fmt::format(" [{}]", fmt::join(r.components, ",")), r.reason);
    if (found.ended_by)
      text += fmt::format("          ended by {} ({}): {}\n", found.ended_by->principal,
                          found.ended_by->id, found.ended_by->reason);
    return text;
  }
  nlohmann::json j = {{"id", r.id},
                      {"status", to_string(found.state)},
                      {"start", format_utc(r.start)},
                      {"end", format_utc(found.end)},
                      {"principal", r.principal},
                      {"reason", r.reason},
                      {"components", r.components},
                      {"commit", found.commit}};
  if (found.ended_by)
    j["ended_by"] = {{"id", found.ended_by->id},
                     {"principal", found.ended_by->principal},
                     {"reason", found.ended_by->reason}};
  if (tagged) j["type"] = "freeze";
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace gate::cli
