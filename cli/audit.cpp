// `git-gate audit`: every override ever recorded in the notes ref, who granted what,
// when and why, with counts by rule, approver and weekday, e.g. how many Friday
// deploys were forced through this quarter; and beside them every incident freeze
// (docs/freezes.md) with its status.

#include <date/tz.h>
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <map>

#include "commands.hpp"
#include "gate/clock.hpp"
#include "gate/freeze_gather.hpp"
#include "gate/render.hpp"
#include "override_common.hpp"

namespace gate::cli {
namespace {

std::vector<OverrideStatus> all_records(const Repository& repo, const OverrideScope& scope,
                                        const Policy& policy) {
  std::vector<std::string> commits;
  for (const auto& [commit, text] : repo.list_notes(policy.overrides.notes_ref))
    commits.push_back(commit);
  std::vector<OverrideStatus> records = judge_records(repo, scope, policy, commits);
  std::stable_sort(records.begin(), records.end(), [](const auto& a, const auto& b) {
    return a.issued_at.value_or(Instant{}) < b.issued_at.value_or(Instant{});
  });
  return records;
}

// Weekdays in the policy's zone: "Friday afternoon" is a local notion.
std::string weekday(const Policy& policy, Instant at) {
  auto local = date::make_zoned(policy.timezone, at).get_local_time();
  return date::format("%a", date::weekday(date::floor<date::days>(local)));
}

void print_counts(const char* title, const std::map<std::string, int>& counts) {
  fmt::print("\nby {}:\n", title);
  for (const auto& [key, n] : counts) fmt::print("  {:<28} {}\n", key, n);
}

// Granted in good order: valid now, or rejected only because its time has passed (the
// time checks come last, so every other check held).
bool was_granted(const OverrideStatus& r) { return r.applied || r.why.starts_with("expired at"); }

const char* state(const OverrideStatus& r) {
  return r.applied ? "valid" : was_granted(r) ? "expired" : "invalid";
}

using Row = std::array<std::string, 7>;

// A column is as wide as its widest cell, so a row with several rules, a long approver or
// an invalid record keeps the columns in line; a cell beyond kMaxColumn (a hostile
// record's approver) overflows its column rather than widening every row. Every rule an
// override may lift, in one row, fits.
constexpr std::size_t kMaxColumn = 160;

void print_rows(const std::vector<Row>& rows) {
  std::array<std::size_t, 7> width{};
  for (const Row& row : rows)
    for (std::size_t c = 0; c + 1 < row.size(); ++c)
      width[c] = std::max(width[c], std::min(row[c].size(), kMaxColumn));
  for (const Row& row : rows) {
    std::string line;
    for (std::size_t c = 0; c + 1 < row.size(); ++c)
      line += fmt::format("{:<{}}  ", row[c], width[c]);
    fmt::print("{}{}\n", line, row.back());
  }
}

Row table_row(const OverrideStatus& r) {
  return {r.issued_at ? format_utc(*r.issued_at) : "-",
          r.expires_at ? format_utc(*r.expires_at) : "-",
          r.commit.substr(0, 12),
          r.principal.empty() ? "?" : r.principal,
          r.rules.empty() ? "-" : fmt::format("{}", fmt::join(r.rules, ",")),
          state(r),
          r.id.empty() || !was_granted(r) ? r.why : r.reason};
}

void print_table(const Policy& policy, const std::vector<OverrideStatus>& records) {
  std::vector<Row> rows = {
      {"issued at", "expires at", "commit", "approver", "rules", "status", "reason"}};
  std::map<std::string, int> by_rule, by_approver, by_weekday;
  for (const OverrideStatus& r : records) {
    rows.push_back(table_row(r));
    if (!was_granted(r)) continue;  // forged or broken records are listed, not counted
    for (const std::string& rule : r.rules) ++by_rule[rule];
    ++by_approver[r.principal];
    ++by_weekday[weekday(policy, *r.issued_at)];
  }
  print_rows(rows);
  fmt::print("\n{} records, {} granted in good order (counted below; weekdays in {})\n",
             records.size(), std::count_if(records.begin(), records.end(), was_granted),
             policy.timezone);
  print_counts("rule", by_rule);
  print_counts("approver", by_approver);
  print_counts("weekday", by_weekday);
}

// The incident freezes of the policy, as `freeze list` shows them, started from `from` on;
// nothing when the policy has no [freezes].
void print_freezes(const Repository& repo, const OverrideScope& scope, const Policy& policy,
                   std::optional<Instant> from, bool json) {
  if (!policy.freezes.configured) return;
  Instant now = scope.common.clock().now;
  FreezeScan scan = scan_freezes(repo, policy, scope_commit(repo, scope), now, Instant{},
                                 now + std::chrono::days(366));
  for (const std::string& notice : scan.notices) fmt::print(stderr, "notice: {}\n", notice);
  std::erase_if(scan.freezes, [&](const FoundFreeze& f) { return from && f.record.start < *from; });
  if (!json) fmt::print("\nincident freezes ({}): {}\n", policy.freezes.ref, scan.freezes.size());
  for (const FoundFreeze& found : scan.freezes) fmt::print("{}", format_freeze(found, json, true));
}

}  // namespace

int run_audit(int argc, char** argv, Session& session) {
  OverrideScope scope;
  std::optional<std::string> since;
  CLI::App app{
      "List every override recorded in the notes, with counts by rule, approver and weekday, "
      "and every incident freeze with its status.",
      "git-gate audit"};
  app.add_option("--since", since,
                 "only records issued from this date (2026-01-01) or RFC 3339 time")
      ->type_name("DATE|TIME");
  add_format_option(app, scope.common,
                    "text (a table; table is another name for it) or json (one record per line)",
                    {"text", "json"}, "text", {{"table", "text"}});
  add_scope_options(app, scope);
  if (std::optional<int> code = parse_args(app, argc, argv)) return *code;
  const bool json = scope.common.format == "json";
  session.format = json ? Format::json : Format::text;
  std::optional<Instant> from;
  if (since) from = parse_rfc3339(since->size() == 10 ? *since + "T00:00:00Z" : *since, "--since");
  Repository repo = scope.common.repository();
  Policy policy = scope_policy(repo, scope);
  std::vector<OverrideStatus> records = all_records(repo, scope, policy);
  std::erase_if(records, [&](const OverrideStatus& r) {
    return from && r.issued_at && *r.issued_at < *from;
  });
  if (json)
    for (const OverrideStatus& r : records) fmt::print("{}\n", render_override_status_json(r));
  else
    print_table(policy, records);
  print_freezes(repo, scope, policy, from, json);
  return 0;
}

}  // namespace gate::cli
