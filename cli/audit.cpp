// `git-gate audit`: every override ever recorded in the notes ref, who granted what,
// when and why, with counts by rule, approver and weekday, e.g. how many Friday
// deploys were forced through this quarter.

#include <date/tz.h>
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <map>

#include "commands.hpp"
#include "gate/clock.hpp"
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

void print_table(const Policy& policy, const std::vector<OverrideStatus>& records) {
  fmt::print("{:<20}  {:<20}  {:<12}  {:<24}  {:<28}  {:<8}  {}\n", "issued at", "expires at",
             "commit", "approver", "rules", "status", "reason");
  std::map<std::string, int> by_rule, by_approver, by_weekday;
  for (const OverrideStatus& r : records) {
    std::string issued = r.issued_at ? format_utc(*r.issued_at) : "-";
    fmt::print("{:<20}  {:<20}  {:<12}  {:<24}  {:<28}  {:<8}  {}\n", issued,
               r.expires_at ? format_utc(*r.expires_at) : "-", r.commit.substr(0, 12),
               r.principal.empty() ? "?" : r.principal, fmt::join(r.rules, ","), state(r),
               r.id.empty() || !was_granted(r) ? r.why : r.reason);
    if (!was_granted(r)) continue;  // forged or broken records are listed, not counted
    for (const std::string& rule : r.rules) ++by_rule[rule];
    ++by_approver[r.principal];
    ++by_weekday[weekday(policy, *r.issued_at)];
  }
  fmt::print("\n{} records, {} granted in good order (counted below; weekdays in {})\n",
             records.size(), std::count_if(records.begin(), records.end(), was_granted),
             policy.timezone);
  print_counts("rule", by_rule);
  print_counts("approver", by_approver);
  print_counts("weekday", by_weekday);
}

}  // namespace

int run_audit(int argc, char** argv, Session& session) {
  OverrideScope scope;
  std::optional<std::string> since;
  CLI::App app{
      "List every override recorded in the notes, with counts by rule, approver and weekday.",
      "git-gate audit"};
  app.add_option("--since", since,
                 "only records issued from this date (2026-01-01) or RFC 3339 time");
  add_format_option(app, scope.common, "table, or json (one record per line)", {"table", "json"},
                    "table");
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
  return 0;
}

}  // namespace gate::cli
