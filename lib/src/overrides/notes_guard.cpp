// The append-only rule of the notes ref (docs/overrides.md). A prefix test alone decides;
// the records parsed from both texts only name, for the message, the first record that
// the update rewrote or removed.

#include "gate/notes_guard.hpp"

#include <fmt/format.h>

#include <string_view>

#include "gate/error.hpp"
#include "gate/override.hpp"

namespace gate {
namespace {

// The first line of `text`, cut to what a message may quote.
std::string quoted_line(std::string_view text) {
  return quote_input(text.substr(0, text.find('\n')));
}

std::string shown(const NoteEntry& entry) {
  if (entry.record)
    return fmt::format("record {} by {}", entry.record->id, quoted_line(entry.record->principal));
  return fmt::format("the text \"{}\"", quoted_line(entry.text));
}

// `after` begins with `before`, and `before` ends at a line boundary of `after`: so a
// record's last line cannot be extended in place ("-----END SSH SIGNATURE-----x").
bool appended(std::string_view before, std::string_view after) {
  if (!after.starts_with(before)) return false;
  return before.empty() || before.back() == '\n' || after.size() == before.size() ||
         after[before.size()] == '\n';
}

// Why `after` is not `before` appended to, or "" when it is.
std::string problem(std::string_view before, const std::string* after) {
  std::vector<NoteEntry> old_entries = parse_note(before);
  if (!after)
    return old_entries.empty()
               ? std::string("its note was removed")
               : fmt::format("its note was removed, and with it {}", shown(old_entries.front()));
  if (appended(before, *after)) return {};
  std::vector<NoteEntry> new_entries = parse_note(*after);
  for (std::size_t i = 0; i < old_entries.size(); ++i) {
    if (i >= new_entries.size()) return fmt::format("{} was removed", shown(old_entries[i]));
    if (new_entries[i].text != old_entries[i].text)
      return fmt::format("{} was rewritten or removed", shown(old_entries[i]));
  }
  return "its note was edited, not appended to: the earlier text no longer begins it";
}

}  // namespace

std::vector<NotesGuardProblem> notes_guard(const NotesByObject& old_notes,
                                           const NotesByObject& new_notes) {
  std::vector<NotesGuardProblem> problems;
  for (const auto& [object, before] : old_notes) {
    auto found = new_notes.find(object);
    std::string why = problem(before, found == new_notes.end() ? nullptr : &found->second);
    if (!why.empty()) problems.push_back({object, std::move(why)});
  }
  return problems;
}

}  // namespace gate
