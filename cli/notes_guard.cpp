// `git-gate notes-guard OLD NEW`: the server-side `update` hook's check that the notes ref
// stays an append-only audit trail (docs/overrides.md). Git reads both notes commits;
// notes_guard() judges.

#include "gate/notes_guard.hpp"

#include <fmt/format.h>

#include <cstdio>

#include "commands.hpp"
#include "update_guard.hpp"

namespace gate::cli {
namespace {

NotesByObject notes_of(const Repository& repo, const std::string& notes_commit) {
  NotesByObject notes;
  for (auto& [object, text] : repo.notes_at(notes_commit))
    notes.emplace(std::move(object), std::move(text));
  return notes;
}

}  // namespace

int run_notes_guard(int argc, char** argv, Session&) {
  static const GuardSpec spec{
      "notes-guard",
      "Refuse a notes ref update that rewrites or removes an override record: exit 0 when NEW "
      "only appends to OLD, 1 when not, 2 on error (for a server-side update hook).",
      "the notes ref", "it is the audit trail of every override"};
  GuardArgs args;
  if (std::optional<int> code = parse_guard_args(spec, argc, argv, args)) return *code;
  const std::string& old_id = args.old_id;
  const std::string& new_id = args.new_id;
  Repository repo = args.common.repository();
  NotesByObject after = notes_of(repo, new_id);
  if (is_zero_id(old_id)) return 0;
  std::vector<NotesGuardProblem> problems = notes_guard(notes_of(repo, old_id), after);
  for (const NotesGuardProblem& p : problems)
    fmt::print(stderr, "git-gate notes-guard: commit {}: {}\n", p.object, p.message);
  if (!problems.empty())
    fmt::print(stderr, "git-gate notes-guard: the notes ref is append-only: {} refused\n",
               new_id.substr(0, 12));
  return problems.empty() ? 0 : 1;
}

}  // namespace gate::cli
