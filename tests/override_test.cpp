// Override records: the canonical text, parsing notes strictly, durations, and
// signatures made and checked by the real ssh-keygen with keys made here.

#include "gate/override.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "gate/error.hpp"
#include "gate/ssh_signature.hpp"
#include "support.hpp"

namespace fs = std::filesystem;
using gate::Instant;
using gate::NoteEntry;
using gate::OverrideRecord;
using gate::parse_rfc3339;

namespace {

OverrideRecord sample() {
  OverrideRecord r;
  r.id = "0123456789abcdef";
  r.repository = "acme/voice";
  r.commit = std::string(40, 'a');
  r.rules = {"window.freeze", "size.component"};
  r.reason = "hotfix INC-965: dropped calls — café";
  r.principal = "vp@acme.example";
  r.issued_at = parse_rfc3339("2026-07-10T14:00:00Z", "t");
  r.expires_at = parse_rfc3339("2026-07-10T16:00:00Z", "t");
  r.signature = "-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n-----END SSH SIGNATURE-----\n";
  return r;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// An ed25519 key pair made by ssh-keygen in `dir`; returns the private key's path.
std::string make_key(const fs::path& dir, const std::string& name) {
  std::string key = (dir / name).string();
  auto r = gate::test::run({"ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", key});
  REQUIRE(r.exit_code == 0);
  return key;
}

std::string signer_line(const std::string& principal, const std::string& key,
                        const std::string& options = "") {
  std::string pub = slurp(key + ".pub");
  pub = pub.substr(0, pub.find('\n'));
  // Options are one comma-separated field (a space would end it).
  return principal + " " + (options.empty() ? "" : options + ",") + "namespaces=\"git-gate\" " +
         pub + "\n";
}

}  // namespace

TEST_CASE("a record round-trips through its note text, field for field") {
  OverrideRecord r = sample();
  std::string text = gate::note_entry(r) + "\n" + gate::note_entry(r);
  std::vector<NoteEntry> entries = gate::parse_note(text);
  REQUIRE(entries.size() == 2);
  for (const NoteEntry& e : entries) {
    REQUIRE(e.record);
    CHECK(e.record->id == r.id);
    CHECK(e.record->repository == r.repository);
    CHECK(e.record->commit == r.commit);
    CHECK(e.record->rules == r.rules);
    CHECK(e.record->reason == r.reason);
    CHECK(e.record->principal == r.principal);
    CHECK(e.record->issued_at == r.issued_at);
    CHECK(e.record->expires_at == r.expires_at);
    CHECK(e.record->signature == r.signature);
    CHECK(gate::canonical_payload(*e.record) == gate::canonical_payload(r));
  }
}

TEST_CASE("text that is not exactly a record is an entry with an error, not a crash") {
  std::string good = gate::note_entry(sample());
  auto error_of = [](const std::string& text) {
    std::vector<NoteEntry> entries = gate::parse_note(text);
    REQUIRE(entries.size() >= 1);
    CHECK_FALSE(entries[0].record);
    return entries[0].error;
  };
  CHECK(error_of("LGTM, ship it\n").find("not an override record") != std::string::npos);
  auto replace = [&](std::string from, std::string to) {
    std::string t = good;
    t.replace(t.find(from), from.size(), to);
    return t;
  };
  CHECK(error_of(replace("reason: ", "reason:  ")).find("reason") != std::string::npos);
  CHECK(error_of(
            replace("rules: window.freeze size.component", "rules: window.freeze  size.component"))
            .find("rule") != std::string::npos);
  CHECK(error_of(replace("2026-07-10T14:00:00Z", "2026-07-10T16:00:00+02:00")).find("UTC") !=
        std::string::npos);
  CHECK(error_of(replace("id: ", "note: x\nid: ")).find("id: ") != std::string::npos);
  CHECK(error_of(good.substr(0, good.find("-----END"))).find("truncated") != std::string::npos);
  CHECK(error_of(good.substr(0, good.find("-----BEGIN"))).find("no signature") !=
        std::string::npos);
  // A bad entry does not hide the good one after it.
  std::vector<NoteEntry> both = gate::parse_note("garbage\n" + good);
  REQUIRE(both.size() == 2);
  CHECK(both[1].record);
}

TEST_CASE("fields that cannot be written canonically are refused before signing") {
  OverrideRecord r = sample();
  r.reason = "two\nlines";
  CHECK_THROWS_AS(gate::canonical_payload(r), gate::UsageError);
  r = sample();
  r.rules = {"window freeze"};
  CHECK_THROWS_AS(gate::canonical_payload(r), gate::UsageError);
  r = sample();
  r.expires_at = r.issued_at;
  CHECK_THROWS_AS(gate::canonical_payload(r), gate::UsageError);
}

TEST_CASE("durations and expiry times") {
  Instant now = parse_rfc3339("2026-07-10T14:00:00Z", "t");
  CHECK(gate::parse_expiry("90s", now) == now + std::chrono::seconds(90));
  CHECK(gate::parse_expiry("2h", now) == now + std::chrono::hours(2));
  CHECK(gate::parse_expiry("1d", now) == now + std::chrono::hours(24));
  CHECK(gate::parse_expiry("2026-07-10T18:00:00+02:00", now) == now + std::chrono::hours(2));
  for (const char* bad : {"10y", "h", "-2h", "2", "0m", "2.5h", ""})
    CHECK_THROWS_AS(gate::parse_expiry(bad, now), gate::UsageError);
  CHECK(gate::parse_duration("24h") == std::chrono::hours(24));
  CHECK_FALSE(gate::parse_duration("24"));
}

TEST_CASE("rule patterns: exact ids and * globs") {
  CHECK(gate::rule_pattern_matches("window.*", "window.freeze"));
  CHECK(gate::rule_pattern_matches("*", "size.component"));
  CHECK(gate::rule_pattern_matches("size.component", "size.component"));
  CHECK_FALSE(gate::rule_pattern_matches("size.component", "size.components"));
  CHECK_FALSE(gate::rule_pattern_matches("window.*", "owners.approval"));
}

TEST_CASE("ssh-keygen signs, and verifies only the right key, namespace, payload and time") {
  gate::test::TempDir tmp;
  std::string vp = make_key(tmp.path(), "vp"), other = make_key(tmp.path(), "other");
  std::string signers = signer_line("vp@acme.example", vp);
  Instant now = parse_rfc3339("2026-07-10T14:00:00Z", "t");
  std::string payload = gate::canonical_payload(sample());
  std::string sig = gate::ssh_sign(payload, vp, "git-gate");
  auto verify = [&](const std::string& p, const std::string& s, const std::string& who,
                    const std::string& ns, const std::string& allowed,
                    Instant at) { return gate::ssh_verify(p, s, allowed, who, ns, at).valid; };
  CHECK(verify(payload, sig, "vp@acme.example", "git-gate", signers, now));
  CHECK_FALSE(verify(payload + "x", sig, "vp@acme.example", "git-gate", signers, now));
  CHECK_FALSE(verify(payload, sig, "vp@acme.example", "other-namespace", signers, now));
  CHECK_FALSE(verify(payload, sig, "cto@acme.example", "git-gate", signers, now));
  std::string by_other = gate::ssh_sign(payload, other, "git-gate");
  CHECK_FALSE(verify(payload, by_other, "vp@acme.example", "git-gate", signers, now));
  // A signer's key may be limited in time; judged at the evaluation time given.
  std::string limited = signer_line("vp@acme.example", vp, "valid-before=\"20260701\"");
  CHECK_FALSE(verify(payload, sig, "vp@acme.example", "git-gate", limited, now));
  CHECK(verify(payload, sig, "vp@acme.example", "git-gate", limited,
               parse_rfc3339("2026-06-30T12:00:00Z", "t")));
  std::string message =
      gate::ssh_verify(payload, by_other, signers, "vp@acme.example", "git-gate", now).detail;
  CHECK_FALSE(message.empty());
  CHECK_THROWS_AS(gate::ssh_sign(payload, (tmp.path() / "missing-key").string(), "git-gate"),
                  gate::UsageError);
}
