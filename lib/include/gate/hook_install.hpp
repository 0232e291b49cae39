#pragma once
/// Installing git-gate as a repository's pre-push hook (docs/hook.md): a small script that
/// runs the installed hook program by absolute path, after the hook it replaced.

#include <string>
#include <string_view>
#include <vector>

#include "gate/repository.hpp"

namespace gate {

/// The name a pre-push hook that was there before keeps, beside git-gate's: it still runs,
/// first, with the same standard input.
inline constexpr std::string_view chained_hook_name = "pre-push.local";

/// The pre-push script that runs `program` (an absolute path) with git's arguments and
/// standard input, after `pre-push.local` beside it when that is executable; the first to
/// fail refuses the push with its exit code.
std::string pre_push_script(std::string_view program);

/// `text` as one word for sh: as it is when it holds only characters sh takes literally,
/// else in single quotes (a `'` written as `'\''`).
std::string shell_word(std::string_view text);

/// True when `text` is a script pre_push_script wrote, whatever program it names.
bool is_gate_script(std::string_view text);

/// What install_pre_push did.
enum class HookChange {
  installed,  ///< there was no pre-push hook
  chained,    ///< the one there was is now pre-push.local and still runs
  updated,    ///< git-gate's script was there, naming another program (or not executable)
  unchanged,  ///< exactly this script was there: nothing was written
};

/// The outcome of install_pre_push.
struct HookInstall {
  HookChange change = HookChange::unchanged;
  std::string hook;     ///< the pre-push hook's path
  std::string chained;  ///< the kept hook's path, when there is one
};

/// Installs the script that runs `program` as `hooks_dir`/pre-push, creating the directory
/// if needed. Never removes a hook: one that is not git-gate's becomes pre-push.local
/// (renamed, so bytes and mode stay). Refuses (UsageError) when both exist. Every file is
/// written to a temporary and renamed into place: a failure leaves what was there.
HookInstall install_pre_push(const std::string& hooks_dir, const std::string& program);

/// What uninstall_pre_push did.
enum class HookRemoval {
  removed,   ///< git-gate's script is gone; there was nothing to restore
  restored,  ///< pre-push.local is pre-push again, exactly as it was
  absent,    ///< there was no pre-push hook: nothing was changed
};

/// The outcome of uninstall_pre_push.
struct HookUninstall {
  HookRemoval change = HookRemoval::absent;
  std::string hook;  ///< the pre-push hook's path
};

/// Removes git-gate's pre-push script from `hooks_dir` and puts back the hook it chained.
/// Refuses (UsageError) to touch a pre-push hook that is not git-gate's.
HookUninstall uninstall_pre_push(const std::string& hooks_dir);

/// True when the hooks directory lies in the work tree (a relative core.hooksPath, say)
/// rather than in the git directory: such a directory is often committed, and the script
/// names a program of this machine by absolute path.
bool hooks_dir_in_work_tree(const HooksLocation& where);

/// Where the hook program may be for a git-gate at `program` (its real path), in order:
/// `../libexec/git-gate/pre-push` (an installed tree), `../hooks/pre-push` (the build
/// tree: build/dev/cli/git-gate beside build/dev/hooks/pre-push).
std::vector<std::string> hook_program_candidates(const std::string& program);

/// The first of hook_program_candidates that is an executable file. Throws UsageError
/// naming every candidate when none is.
std::string find_hook_program(const std::string& program);

/// The real path of the running program (/proc/self/exe). Throws UsageError.
std::string running_program();

}  // namespace gate
