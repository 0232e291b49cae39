// Incident freezes, the shell side (docs/freezes.md): records from the local freezes ref,
// signatures from ssh-keygen, and one-off windows for evaluate(), which judges them like
// any [[freeze]] (overrides and the next opening included).

#include <fmt/format.h>

#include <algorithm>

#include "gate/freeze_gather.hpp"
#include "gate/ssh_signature.hpp"

namespace gate {
namespace {

// How many commits of the ref are read: a bound on the work a flooded ref can cause.
constexpr std::size_t kMaxEntries = 4096;
// How far ahead a scheduled freeze is honoured: the reach of the window engine's search.
constexpr std::chrono::days kAhead{366};

struct Verifier {
  const Policy& policy;
  const std::optional<std::string>& signers;
  Instant now;
  std::size_t runs = 0;
  std::vector<std::string> notices;

  // Why `r` freezes (or ends) nothing, or "" when it verifies.
  std::string problem(const FreezeRecord& r) {
    const FreezesPolicy& f = policy.freezes;
    if (std::find(f.principals.begin(), f.principals.end(), r.principal) == f.principals.end())
      return fmt::format("{} is not in the base policy's [freezes] principals",
                         quote_input(r.principal));
    if (!signers)
      return fmt::format("the base revision has no allowed-signers file {}",
                         quote_input(f.allowed_signers));
    if (runs >= max_verified_freezes)
      return fmt::format("not checked: only {} records are verified", max_verified_freezes);
    ++runs;
    std::string payload;
    try {
      payload = freeze_payload(r);
    } catch (const UsageError& e) {
      return e.what();
    }
    SignatureCheck check =
        ssh_verify(payload, r.signature, *signers, r.principal, f.name_space, now);
    return check.valid ? "" : "the signature does not verify: " + check.detail;
  }

  bool verified(const FreezeRecord& r, const std::string& commit) {
    std::string why = problem(r);
    if (why.empty()) return true;
    notices.push_back(
        fmt::format("incident freeze record {} ({} {}, commit {} of {}) freezes nothing: {}", r.id,
                    r.kind == FreezeKind::start ? "start" : "end", quote_input(r.reason),
                    commit.substr(0, 12), quote_input(policy.freezes.ref), why));
    return false;
  }
};

struct Entry {
  std::string commit;
  FreezeRecord record;
};

// The records of the ref naming the policy's repository, newest first; the rest counted.
std::vector<Entry> read_records(const Repository& repo, const FreezesPolicy& f,
                                std::vector<std::string>& notices) {
  std::vector<Entry> records;
  std::size_t junk = 0;
  for (auto& [commit, message] : repo.log_entries(f.ref, kMaxEntries)) {
    ParsedFreeze parsed = parse_freeze(message);
    if (!parsed.record)
      ++junk;
    else if (parsed.record->repository == f.repository)
      records.push_back({commit, std::move(*parsed.record)});
  }
  if (junk > 0)
    notices.push_back(fmt::format("{} commit(s) on {} are not freeze records and are ignored", junk,
                                  quote_input(f.ref)));
  return records;
}

}  // namespace

FreezeScan scan_freezes(const Repository& repo, const Policy& policy, const std::string& trusted,
                        Instant now, Instant from, Instant to) {
  const FreezesPolicy& f = policy.freezes;
  FreezeScan scan;
  std::vector<Entry> records = read_records(repo, f, scan.notices);
  std::optional<std::string> signers = records.empty() || trusted.empty()
                                           ? std::nullopt
                                           : repo.read_file(trusted, f.allowed_signers);
  Verifier verifier{policy, signers, now, 0, {}};
  for (const Entry& e : records) {
    if (e.record.kind != FreezeKind::start) continue;
    Instant end = clipped_end(e.record, f.max_duration);
    if (e.record.start >= to || end <= from || !verifier.verified(e.record, e.commit)) continue;
    scan.freezes.push_back({e.record, e.commit, end, std::nullopt, FreezeState::active});
  }
  // Oldest end record first, so the first one to end a freeze is the one shown.
  std::vector<FreezeRecord> ends;
  for (auto it = records.rbegin(); it != records.rend(); ++it) {
    const FreezeRecord& r = it->record;
    bool relevant =
        r.kind == FreezeKind::end &&
        std::any_of(scan.freezes.begin(), scan.freezes.end(), [&](const FoundFreeze& x) {
          return std::find(r.ends.begin(), r.ends.end(), x.record.id) != r.ends.end();
        });
    if (relevant && verifier.verified(r, it->commit)) ends.push_back(r);
  }
  settle_freezes(scan.freezes, ends, now);
  scan.notices.insert(scan.notices.end(), verifier.notices.begin(), verifier.notices.end());
  return scan;
}

std::vector<FoundFreeze> add_freeze_windows(const Repository& repo, const std::string& trusted,
                                            Policy& policy, Instant now,
                                            std::vector<std::string>& notices) {
  if (!policy.freezes.configured) return {};
  FreezeScan scan = scan_freezes(repo, policy, trusted, now, now, now + kAhead);
  notices.insert(notices.end(), scan.notices.begin(), scan.notices.end());
  for (const FoundFreeze& found : scan.freezes) {
    if (found.end <= now || found.end <= found.record.start) continue;
    const FreezeRecord& r = found.record;
    Window w;
    w.id = "incident/" + r.id;
    w.kind = WindowKind::freeze;
    w.zone = "UTC";
    w.from = LocalTime(r.start.time_since_epoch());
    w.until = LocalTime(found.end.time_since_epoch());
    w.reason = fmt::format("{}, by {}", r.reason, r.principal);  // the id names the record
    // Scoped like a [[freeze]] with `components`. A record naming no component the
    // policy knows (renamed since, or a typo) freezes everything: failing closed.
    for (const std::string& c : r.components)
      if (std::any_of(policy.components.begin(), policy.components.end(),
                      [&c](const Component& known) { return known.name == c; }))
        w.components.push_back(c);
    if (!r.components.empty() && w.components.empty())
      notices.push_back(fmt::format(
          "incident freeze {} names no component of the policy ({}); it freezes every change",
          quote_input(r.id), quote_input(fmt::format("{}", fmt::join(r.components, " ")))));
    policy.windows.push_back(std::move(w));
  }
  return std::move(scan.freezes);
}

void gather_freezes(const Repository& repo, const std::string& trusted, Inputs& inputs) {
  if (inputs.policy)
    add_freeze_windows(repo, trusted, *inputs.policy, inputs.context.now, inputs.notices);
}

}  // namespace gate
