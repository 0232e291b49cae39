#pragma once
// git notes (override records live in them) and git's configured identity.

#include <git2.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gate/changeset.hpp"

namespace gate::git {

/// The note `notes_ref` attaches to `commit`; nullopt when there is none (or no ref).
std::optional<std::string> read_note(git_repository* repo, std::string_view notes_ref,
                                     const git_oid& commit);

/// Every (annotated object id, note text) under `notes_ref`.
std::vector<std::pair<std::string, std::string>> list_notes(git_repository* repo,
                                                            std::string_view notes_ref);

/// Every (annotated object id, note text) in the notes commit `notes_commit` itself (not a
/// ref): what the notes ref held at that commit.
std::vector<std::pair<std::string, std::string>> notes_at(git_repository* repo,
                                                          const git_oid& notes_commit);

/// Replaces the note on `commit` with `text`, committing to `notes_ref` as `who`.
void write_note(git_repository* repo, std::string_view notes_ref, const git_oid& commit,
                std::string_view text, const Identity& who);

/// A string from the repository's configuration (all levels); nullopt when unset.
std::optional<std::string> config_value(git_repository* repo, std::string_view key);

}  // namespace gate::git
