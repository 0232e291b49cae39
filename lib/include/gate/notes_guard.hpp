#pragma once
/// The override notes ref is an append-only audit trail (docs/overrides.md): an update may
/// add notes and append to them, never rewrite or remove a record. Pure: the caller reads
/// the notes of both notes commits (`git-gate notes-guard OLD NEW`).

#include <map>
#include <string>
#include <vector>

namespace gate {

/// Note texts by the id of the object each annotates.
using NotesByObject = std::map<std::string, std::string, std::less<>>;

/// One annotated object whose note was not only appended to.
struct NotesGuardProblem {
  std::string object;   ///< the annotated object (a commit id)
  std::string message;  ///< which record was rewritten or removed, or how the text changed
};

/// Checks that `new_notes` only appends to `old_notes`: for every object `old_notes`
/// annotates, its note in `new_notes` begins with the old text, ending at a line boundary,
/// so every record parsed from the old note is still there, byte-identical and in order.
/// Notes of other objects may be added freely. Empty: the update is append-only.
/// Problems come in object order; messages quote at most 200 bytes of a note.
std::vector<NotesGuardProblem> notes_guard(const NotesByObject& old_notes,
                                           const NotesByObject& new_notes);

}  // namespace gate
