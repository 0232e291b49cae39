// notes_guard(): the append-only rule of the override notes ref (docs/overrides.md), over
// note texts built from records written by note_entry().

#include "gate/notes_guard.hpp"

#include <doctest/doctest.h>

#include <string>

#include "gate/override.hpp"

using gate::notes_guard;
using gate::NotesByObject;
using gate::NotesGuardProblem;

namespace {

const std::string commit_a(40, 'a');
const std::string commit_b(40, 'b');

// A record as a note holds it; the signature block is never verified here.
std::string record(const std::string& id, const std::string& commit,
                   const std::string& reason = "hotfix INC-965") {
  gate::OverrideRecord r;
  r.id = id;
  r.repository = "acme/voice";
  r.commit = commit;
  r.rules = {"size.component"};
  r.reason = reason;
  r.principal = "vp@acme.example";
  r.issued_at = gate::parse_rfc3339("2026-07-08T09:00:00Z", "test");
  r.expires_at = gate::parse_rfc3339("2026-07-08T11:00:00Z", "test");
  r.signature = "-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n-----END SSH SIGNATURE-----\n";
  return gate::note_entry(r);
}

const std::string first = record("0123456789abcdef", commit_a);
const std::string second = record("fedcba9876543210", commit_a);

// The only problem, which must name commit_a.
NotesGuardProblem only_problem(const NotesByObject& before, const NotesByObject& after) {
  std::vector<NotesGuardProblem> problems = notes_guard(before, after);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].object == commit_a);
  return problems[0];
}

}  // namespace

TEST_CASE("appending records, or notes on other objects, passes") {
  CHECK(notes_guard({}, {}).empty());
  CHECK(notes_guard({}, {{commit_a, first}}).empty());
  CHECK(notes_guard({{commit_a, first}}, {{commit_a, first}}).empty());
  CHECK(notes_guard({{commit_a, first}}, {{commit_a, first + "\n" + second}}).empty());
  CHECK(notes_guard({{commit_a, first}}, {{commit_a, first}, {commit_b, second}}).empty());
  // A note without its last newline gains one before the next record (as git notes append).
  std::string unterminated = first.substr(0, first.size() - 1);
  CHECK(notes_guard({{commit_a, unterminated}}, {{commit_a, unterminated + "\n\n" + second}})
            .empty());
  // Text that is no record is kept as it is, and may be appended to as well.
  CHECK(notes_guard({{commit_a, "LGTM\n"}}, {{commit_a, "LGTM\n" + first}}).empty());
}

TEST_CASE("a rewritten record is named with its commit") {
  std::string edited = record("0123456789abcdef", commit_a, "hotfix INC-966");
  REQUIRE(edited != first);
  NotesGuardProblem p =
      only_problem({{commit_a, first + "\n" + second}}, {{commit_a, edited + "\n" + second}});
  CHECK(p.message == "record 0123456789abcdef by vp@acme.example was rewritten or removed");
  // Replaced by junk, or the second record edited while the first stays.
  CHECK(only_problem({{commit_a, first}}, {{commit_a, "junk\n"}}).message ==
        "record 0123456789abcdef by vp@acme.example was rewritten or removed");
  CHECK(only_problem({{commit_a, first + "\n" + second}}, {{commit_a, first + "\n" + first}})
            .message == "record fedcba9876543210 by vp@acme.example was rewritten or removed");
}

TEST_CASE("a removed record, a reordered note and a removed note fail") {
  CHECK(only_problem({{commit_a, first + "\n" + second}}, {{commit_a, first}}).message ==
        "record fedcba9876543210 by vp@acme.example was removed");
  CHECK(only_problem({{commit_a, first + "\n" + second}}, {{commit_a, second + "\n" + first}})
            .message == "record 0123456789abcdef by vp@acme.example was rewritten or removed");
  CHECK(only_problem({{commit_a, first}}, {{commit_b, first}}).message ==
        "its note was removed, and with it record 0123456789abcdef by vp@acme.example");
  CHECK(only_problem({{commit_a, ""}}, {}).message == "its note was removed");
  // Each object is judged: two broken notes are two problems, in object order.
  std::vector<NotesGuardProblem> two =
      notes_guard({{commit_b, second}, {commit_a, first}}, {{commit_a, "x\n"}});
  REQUIRE(two.size() == 2);
  CHECK(two[0].object == commit_a);
  CHECK(two[1].object == commit_b);
}

TEST_CASE("the old text must end at a line boundary of the new one") {
  std::string unterminated = first.substr(0, first.size() - 1);
  // "-----END SSH SIGNATURE-----" extended in place, though the old text is a prefix.
  std::string extended = unterminated + "x\n";
  REQUIRE(extended.starts_with(unterminated));
  CHECK(only_problem({{commit_a, unterminated}}, {{commit_a, extended}}).message ==
        "record 0123456789abcdef by vp@acme.example was rewritten or removed");
  // Only blank lines changed: every record is intact, but the text was edited.
  CHECK(only_problem({{commit_a, first + "\n\n"}}, {{commit_a, first + "\n" + second}}).message ==
        "its note was edited, not appended to: the earlier text no longer begins it");
}

TEST_CASE("text that is no record is quoted, at most 200 bytes of it") {
  std::string long_line(500, 'z');
  NotesGuardProblem p = only_problem({{commit_a, long_line + "\n"}}, {{commit_a, "y\n"}});
  CHECK(p.message.starts_with("the text \"" + std::string(200, 'z') + "…\""));
  CHECK(p.message.find(std::string(201, 'z')) == std::string::npos);
}
