// The incident freeze record (docs/freezes.md): the canonical text, parsing it back, and
// every text that is not exactly a record refused with a reason, never an exception.

#include <doctest/doctest.h>

#include <string>

#include "gate/error.hpp"
#include "gate/freeze.hpp"

using gate::FreezeKind;
using gate::FreezeRecord;
using gate::parse_freeze;

namespace {

const std::string signature =
    "-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n-----END SSH SIGNATURE-----\n";

FreezeRecord start_record() {
  FreezeRecord r;
  r.kind = FreezeKind::start;
  r.id = "0123456789abcdef";
  r.repository = "acme/voice";
  r.start = gate::parse_rfc3339("2026-07-08T10:00:00Z", "start");
  r.end = gate::parse_rfc3339("2026-07-08T14:00:00Z", "end");
  r.components = {"api", "web"};
  r.reason = "INC-1203: failover";
  r.principal = "sre@acme.example";
  r.signature = signature;
  return r;
}

FreezeRecord end_record() {
  FreezeRecord r = start_record();
  r.kind = FreezeKind::end;
  r.id = "fedcba9876543210";
  r.end = r.start;
  r.components.clear();
  r.ends = {"0123456789abcdef", "00000000000000aa"};
  r.reason = "resolved";
  return r;
}

// `text` with the first `from` replaced by `to`.
std::string replaced(std::string text, const std::string& from, const std::string& to) {
  std::size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("a start record is its fields in a fixed order, then the signature") {
  const std::string text = gate::freeze_message(start_record());
  CHECK(text.starts_with("git-gate freeze v1\nkind: start\nid: 0123456789abcdef\n"));
  CHECK(text.find("start: 2026-07-08T10:00:00Z\nend: 2026-07-08T14:00:00Z\ncomponents: api "
                  "web\n") != std::string::npos);
  CHECK(text.ends_with("principal: sre@acme.example\n" + signature));
  CHECK(gate::freeze_payload(start_record()) + signature == text);
}

TEST_CASE("start and end records read back field for field") {
  for (const FreezeRecord& written : {start_record(), end_record()}) {
    gate::ParsedFreeze parsed = parse_freeze(gate::freeze_message(written) + "\n");
    const std::string error = parsed.error;
    INFO(error);
    REQUIRE(parsed.record);
    const FreezeRecord& r = *parsed.record;
    CHECK(r.kind == written.kind);
    CHECK(r.id == written.id);
    CHECK(r.repository == written.repository);
    CHECK(r.start == written.start);
    CHECK(r.end == written.end);
    CHECK(r.components == written.components);
    CHECK(r.ends == written.ends);
    CHECK(r.reason == written.reason);
    CHECK(r.principal == written.principal);
    CHECK(r.signature == written.signature);
  }
}

TEST_CASE("a freeze of every component is written with *") {
  FreezeRecord r = start_record();
  r.components.clear();
  const std::string text = gate::freeze_message(r);
  CHECK(text.find("components: *\n") != std::string::npos);
  gate::ParsedFreeze parsed = parse_freeze(text);
  REQUIRE(parsed.record);
  CHECK(parsed.record->components.empty());
}

TEST_CASE("fields that cannot be written canonically are refused before signing") {
  struct Case {
    const char* name;
    void (*edit)(FreezeRecord&);
  };
  const Case cases[] = {
      {"short id", [](FreezeRecord& r) { r.id = "abc"; }},
      {"reason with a newline", [](FreezeRecord& r) { r.reason = "a\nb"; }},
      {"empty reason", [](FreezeRecord& r) { r.reason.clear(); }},
      {"principal with a space", [](FreezeRecord& r) { r.principal = "a b"; }},
      {"end not after start", [](FreezeRecord& r) { r.end = r.start; }},
      {"component *", [](FreezeRecord& r) { r.components = {"*"}; }},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    FreezeRecord r = start_record();
    c.edit(r);
    CHECK_THROWS_AS(gate::freeze_payload(r), gate::UsageError);
  }
  FreezeRecord end = end_record();
  end.ends.clear();
  CHECK_THROWS_AS(gate::freeze_payload(end), gate::UsageError);
}

TEST_CASE("texts that are not exactly a record are refused with a reason") {
  const std::string good = gate::freeze_message(start_record());
  struct Case {
    std::string name, text, why;
  };
  const Case cases[] = {
      {"another header", replaced(good, "freeze v1", "freeze v2"), "not a freeze record"},
      {"unknown kind", replaced(good, "kind: start", "kind: pause"), "kind"},
      {"fields reordered",
       replaced(good, "id: 0123456789abcdef\nrepository: acme/voice",
                "repository: acme/voice\nid: 0123456789abcdef"),
       "missing, misplaced"},
      {"time in another spelling", replaced(good, "10:00:00Z", "10:00:00+00:00"), "canonically"},
      {"no signature", good.substr(0, good.find("-----BEGIN")), "no signature"},
      {"trailing text", good + "extra\n", "canonically"},
      {"end before start", replaced(good, "end: 2026-07-08T14", "end: 2026-07-08T09"),
       "after the start"},
      {"oversized", good + std::string(gate::max_freeze_message, 'x'), "longer than"},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    gate::ParsedFreeze parsed = parse_freeze(c.text);
    CHECK_FALSE(parsed.record);
    const std::string error = parsed.error;
    CHECK(error.find(c.why) != std::string::npos);
  }
}

namespace {

gate::Instant at(const char* text) { return gate::parse_rfc3339(text, "time"); }

gate::FoundFreeze found(const std::string& id, const char* from, const char* until) {
  gate::FoundFreeze f;
  f.record = start_record();
  f.record.id = id;
  f.record.start = at(from);
  f.record.end = at(until);
  f.end = gate::clipped_end(f.record, std::chrono::hours(72));
  return f;
}

FreezeRecord ending(const std::vector<std::string>& ids, const char* when) {
  FreezeRecord r = end_record();
  r.ends = ids;
  r.start = r.end = at(when);
  return r;
}

}  // namespace

TEST_CASE("a record longer than max_duration is clipped to it") {
  gate::FoundFreeze f = found("a", "2026-07-06T00:00:00Z", "2026-07-20T00:00:00Z");
  CHECK(f.end == at("2026-07-09T00:00:00Z"));
  CHECK(gate::clipped_end(f.record, std::chrono::hours(800)) == f.record.end);
}

TEST_CASE("end records end the freezes they name that started before them, nothing else") {
  struct Case {
    const char* name;
    std::vector<FreezeRecord> ends;
    const char* now;
    const char* state;  // of freeze "a", 10:00 - 14:00
    const char* end;
  };
  const Case cases[] = {
      {"no end record, during", {}, "2026-07-08T11:00:00Z", "active", "2026-07-08T14:00:00Z"},
      {"no end record, before", {}, "2026-07-08T09:00:00Z", "scheduled", "2026-07-08T14:00:00Z"},
      {"no end record, after", {}, "2026-07-08T14:00:00Z", "expired", "2026-07-08T14:00:00Z"},
      {"ended at 11:30",
       {ending({"a"}, "2026-07-08T11:30:00Z")},
       "2026-07-08T11:30:00Z",
       "ended",
       "2026-07-08T11:30:00Z"},
      {"an end signed before it started is for an earlier freeze",
       {ending({"a"}, "2026-07-08T09:00:00Z")},
       "2026-07-08T11:00:00Z",
       "active",
       "2026-07-08T14:00:00Z"},
      {"an end naming another freeze",
       {ending({"b"}, "2026-07-08T11:00:00Z")},
       "2026-07-08T12:00:00Z",
       "active",
       "2026-07-08T14:00:00Z"},
      {"an end after it expired changes nothing",
       {ending({"a"}, "2026-07-08T15:00:00Z")},
       "2026-07-08T16:00:00Z",
       "expired",
       "2026-07-08T14:00:00Z"},
      {"the first of two ends counts",
       {ending({"a"}, "2026-07-08T11:00:00Z"), ending({"a"}, "2026-07-08T12:00:00Z")},
       "2026-07-08T12:30:00Z",
       "ended",
       "2026-07-08T11:00:00Z"},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    std::vector<gate::FoundFreeze> freezes = {
        found("a", "2026-07-08T10:00:00Z", "2026-07-08T14:00:00Z")};
    gate::settle_freezes(freezes, c.ends, at(c.now));
    CHECK(std::string(gate::to_string(freezes[0].state)) == c.state);
    CHECK(gate::format_utc(freezes[0].end) == c.end);
  }
}
