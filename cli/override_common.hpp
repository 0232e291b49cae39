#pragma once
// What `override` and `audit` share: which revision's policy and allowed-signers file
// apply, writing a record into a note, publishing notes, and judging found records.

#include <CLI/CLI.hpp>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common_options.hpp"
#include "gate/freeze.hpp"
#include "gate/override.hpp"
#include "gate/policy.hpp"
#include "gate/report.hpp"
#include "gate/repository.hpp"
#include "gate/subprocess.hpp"

namespace gate::cli {

/// The options that say where and when records are judged.
struct OverrideScope {
  std::optional<std::string> base;  ///< revision whose policy applies
  CommonOptions common;             ///< -C, --at (and --format, for list, verify, audit)
};

/// git's identity for a commit of records: the config's user.name/user.email, else
/// GIT_COMMITTER_*, else `principal`.
Identity note_identity(const Repository& repo, const std::string& principal);

/// A record id: 16 random lower-case hex digits.
std::string random_record_id();

/// The key file to sign with: --key (taken from -C, `~/` expanded), else git's
/// user.signingkey. Throws UsageError when neither is usable.
std::string signing_key(const Repository& repo, const std::optional<std::string>& key_option,
                        const CommonOptions& common);

/// `git [-C directory] args...` in the terminal's process group (it may prompt).
ProcessResult git_command(const std::string& directory, std::vector<std::string> args);

/// Adds --at, --base and -C.
void add_scope_options(CLI::App& app, OverrideScope& scope);

/// The commit whose policy applies: --base, else the upstream of HEAD, else HEAD.
std::string scope_commit(const Repository& repo, const OverrideScope& scope);

/// That commit's policy; throws UsageError when it has none or no [overrides] table.
Policy scope_policy(const Repository& repo, const OverrideScope& scope);

/// Appends `record` to the note of its commit on `notes_ref`, as git's identity (the
/// config's user.name/user.email, else GIT_COMMITTER_*, else the principal).
void append_record(const Repository& repo, const std::string& notes_ref,
                   const OverrideRecord& record);

/// What puts local records back on top of a fetched ref.
using Reapply = std::function<void()>;

/// `git push REMOTE ref:ref`; when the remote moved on, calls `keep_local` (which reads the
/// local records), fetches `+ref:ref` and runs what it returned, then retries, a few times.
/// `where` names the local copy in the final error.
void push_appending(const std::string& directory, const std::string& remote, const std::string& ref,
                    const std::function<Reapply()>& keep_local, std::string_view where);

/// `git push REMOTE notes_ref`; when the remote moved on, fetches its notes, appends
/// every local record they lack and retries, so concurrent approvals lose nothing.
void push_notes(const Repository& repo, const std::string& directory, const std::string& remote,
                const std::string& notes_ref);

/// `git fetch REMOTE +ref:ref`: true when fetched, false when the remote has no such ref.
/// Throws UsageError when the fetch fails otherwise (remote unreachable ...).
bool fetch_ref(const std::string& directory, const std::string& remote, const std::string& ref);

/// `git fetch REMOTE +notes_ref:notes_ref`, then appends again every local record the
/// remote's notes lack, so nothing approved here is lost. A remote without the notes ref
/// (no approval pushed yet) holds no records: said, not an error.
void fetch_notes(const Repository& repo, const std::string& directory, const std::string& remote,
                 const std::string& notes_ref);

/// Every record on the notes of `commits`, in that order, judged at the scope's time
/// against `policy` (the scope's), each as a change of its own commit: its author and
/// committer may not override it.
std::vector<OverrideStatus> judge_records(const Repository& repo, const OverrideScope& scope,
                                          const Policy& policy,
                                          const std::vector<std::string>& commits);

/// Every record on `commit`'s note, judged at the scope's time against its policy.
std::vector<OverrideStatus> judge_commit_records(const Repository& repo, const OverrideScope& scope,
                                                 const std::string& commit);

/// Prints statuses as text lines or one JSON object per line.
void print_statuses(const std::vector<OverrideStatus>& statuses, bool json);

/// One incident freeze as `freeze list` and `audit` print it: a text line (two when it was
/// ended), or one JSON object per line; `tagged` adds "type": "freeze", which tells audit's
/// freeze lines from its override lines.
std::string format_freeze(const FoundFreeze& found, bool json, bool tagged = false);

}  // namespace gate::cli
