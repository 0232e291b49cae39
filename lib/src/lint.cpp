// lint(): mistakes in CODEOWNERS and the policy (docs/commands.md, `git-gate lint`).
//
// Most checks ask "which files of the tree does this pattern match". Trying every pattern
// on every file is rules x files (3,443 x ~100k for kibana), so Tree narrows it: an
// anchored pattern whose first segments are literals (`/docs/api/*.md`) can only match
// `docs/api` or paths below it, one contiguous run of the sorted list found by binary
// search. Floating patterns (`*.md`, `**/test/`) try every file, but stop at the first
// match when only existence is asked. OwnersIndex says which line decides a file.
//
// Each check is a function in `checks` below; a new check is one more entry there and
// an id in lint_checks().

#include "gate/lint.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstddef>
#include <map>
#include <set>
#include <string_view>
#include <tuple>
#include <utility>

#include "gate/deploy_windows.hpp"
#include "gate/lint_zones.hpp"
#include "gate/owners_index.hpp"
#include "gate/windows.hpp"
#include "rules/authors.hpp"

namespace gate {

namespace {

/// Paths listed per finding; the message carries the full count.
constexpr std::size_t max_example_paths = 10;

/// The tree's file list, sorted, with pattern matching narrowed by literal prefix.
class Tree {
 public:
  explicit Tree(const std::vector<std::string>& files) {
    if (std::is_sorted(files.begin(), files.end())) {
      files_ = &files;
      return;
    }
    sorted_ = files;
    std::sort(sorted_.begin(), sorted_.end());
    sorted_.erase(std::unique(sorted_.begin(), sorted_.end()), sorted_.end());
    files_ = &sorted_;
  }

  Tree(const Tree&) = delete;  // files_ may point into sorted_
  Tree& operator=(const Tree&) = delete;

  const std::vector<std::string>& files() const { return *files_; }

  /// Calls visit(i) for each file i that `pattern` matches, in order, until it returns false.
  template <class Visit>
  void for_each_match(const Pattern& pattern, Visit visit) const {
    auto [begin, end] = candidates(pattern);
    const std::vector<std::string>& f = *files_;
    for (std::size_t i = begin; i < end; ++i)
      if (pattern.matches(f[i]) && !visit(i)) return;
  }

  bool matches_any(const Pattern& pattern) const {
    bool found = false;
    for_each_match(pattern, [&](std::size_t) { return !(found = true); });
    return found;
  }

  /// Indexes of the files `pattern` matches, ascending.
  std::vector<std::size_t> matching(const Pattern& pattern) const {
    std::vector<std::size_t> out;
    for_each_match(pattern, [&](std::size_t i) { return out.push_back(i), true; });
    return out;
  }

 private:
  // The run of files a pattern can match: for an anchored pattern with leading literal
  // segments, the names starting with them (`docs/api` and `docs/api/...`; the few names
  // sorted in between, like `docs/api-v2`, are left to the matcher); else every file.
  std::pair<std::size_t, std::size_t> candidates(const Pattern& pattern) const {
    const std::vector<std::string>& f = *files_;
    std::string prefix;
    std::vector<Pattern::SegmentKey> keys = pattern.segment_keys();
    if (keys.empty()) return {0, 0};  // matches nothing (`/`)
    for (const Pattern::SegmentKey& key : keys) {
      if (key.kind != Pattern::SegmentKey::Kind::literal) break;
      if (!prefix.empty()) prefix += '/';
      prefix += key.text;
    }
    if (prefix.empty()) return {0, f.size()};
    // Every candidate starts with `prefix` followed by nothing or '/', and '0' is the
    // character after '/', so `prefix + '0'` bounds the run from above.
    auto begin = std::lower_bound(f.begin(), f.end(), prefix);
    auto end = std::lower_bound(begin, f.end(), prefix + '0');
    return {static_cast<std::size_t>(begin - f.begin()), static_cast<std::size_t>(end - f.begin())};
  }

  const std::vector<std::string>* files_ = nullptr;
  std::vector<std::string> sorted_;
};

/// What the checks share: the inputs, the tree and the findings so far.
struct Linter {
  const Policy* policy;
  const Codeowners* codeowners;
  std::optional<Instant> now;
  Tree tree;
  std::vector<LintFinding> findings;
  /// Findings of each check, listed or not: a hostile file of a million bad lines must not
  /// cost a million findings' memory (max_lint_findings_per_check are listed).
  std::map<std::string, std::size_t, std::less<>> counts;

  void add(std::string check, Severity severity, SourceLocation where, std::string message,
           std::vector<std::string> paths = {}) {
    if (++counts[check] > max_lint_findings_per_check) return;
    findings.push_back(
        {std::move(check), severity, std::move(where), std::move(message), std::move(paths)});
  }

  /// One finding per check that found more than it lists, saying how many more; last.
  void add_omitted() {
    for (const auto& entry : counts) {
      // Named, not a structured binding: clang 14 cannot capture one in the lambda below.
      const std::string& check = entry.first;
      const std::size_t count = entry.second;
      if (count <= max_lint_findings_per_check) continue;
      auto first = std::find_if(findings.begin(), findings.end(),
                                [&](const LintFinding& f) { return f.check == check; });
      findings.push_back(
          {check,
           first->severity,
           {first->where.file, 0, 0},
           fmt::format("{} more {} findings not listed (the first {} are)",
                       count - max_lint_findings_per_check, check, max_lint_findings_per_check),
           {}});
    }
  }

  SourceLocation owners_line(int line) const { return {codeowners->source, line, 0}; }

  /// Up to max_example_paths of the files at `indexes`.
  std::vector<std::string> examples(const std::vector<std::size_t>& indexes) const {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < indexes.size() && i < max_example_paths; ++i)
      out.push_back(tree.files()[indexes[i]]);
    return out;
  }
};

/// "3, 9 and 12" or "3, 9, 12, 20, 31 and 4 more".
std::string line_list(const std::vector<int>& lines) {
  constexpr std::size_t shown = 5;
  std::string out;
  for (std::size_t i = 0; i < lines.size() && i < shown; ++i) {
    if (i > 0) out += (i + 1 == lines.size()) ? " and " : ", ";
    out += std::to_string(lines[i]);
  }
  if (lines.size() > shown) out += fmt::format(" and {} more", lines.size() - shown);
  return out;
}

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

/// " in section [Name]" for a named GitLab section, else "".
std::string in_section(const Codeowners& file, std::size_t section) {
  const std::string& name = file.sections.at(section).name;
  return name.empty() ? std::string() : fmt::format(" in section [{}]", name);
}

/// The pattern as written, with GitLab's `!` for an exclusion.
std::string shown_pattern(const OwnerRule& rule) {
  return (rule.exclusion ? "!" : "") + rule.pattern.text();
}

/// Two lines with this key do the same thing: same section, same kind, same pattern.
using RuleKey = std::tuple<std::size_t, bool, std::string_view>;
RuleKey rule_key(const OwnerRule& rule) {
  return {rule.section, rule.exclusion, rule.pattern.text()};
}

// --- CODEOWNERS ------------------------------------------------------------------------

void check_missing_and_syntax(Linter& l) {
  if (!l.codeowners) {
    l.add("codeowners.missing", Severity::warn, {},
          "no CODEOWNERS file applies (none at the forge's locations, or it is ignored): "
          "the ownership rules are skipped");
    return;
  }
  for (const Diagnostic& d : l.codeowners->errors)
    l.add("codeowners.syntax", Severity::block, d.where, d.message);
}

// A team owner (`@org/team`, `@grp/sub/team`) that the membership map does not know
// can never be resolved to its members, so no approval counts for it: usually a typo.
// Judged only when the map is given at all; one finding per team, at its first line.
void check_unknown_teams(Linter& l) {
  if (!l.codeowners || !l.policy || l.policy->owners.teams.empty()) return;
  std::map<std::string, std::vector<int>> unknown;  // team -> lines, in file order
  std::vector<std::string> order;
  auto note = [&](const std::vector<std::string>& owners, int line) {
    for (const std::string& owner : owners) {
      if (!owner.starts_with('@') || owner.find('/') == std::string::npos) continue;
      if (l.policy->owners.teams.count(owner)) continue;
      std::vector<int>& lines = unknown[owner];
      if (lines.empty()) order.push_back(owner);
      if (lines.empty() || lines.back() != line) lines.push_back(line);
    }
  };
  // Section headers come before their lines, so visiting both in line order keeps "first".
  std::size_t next_section = 0;
  const auto& sections = l.codeowners->sections;
  for (const OwnerRule& rule : l.codeowners->rules) {
    for (; next_section < sections.size() && sections[next_section].line < rule.line;
         ++next_section)
      note(sections[next_section].default_owners, sections[next_section].line);
    note(rule.owners, rule.line);
  }
  for (; next_section < sections.size(); ++next_section)
    note(sections[next_section].default_owners, sections[next_section].line);
  for (const std::string& team : order) {
    const std::vector<int>& lines = unknown[team];
    l.add("owners.unknown-team", Severity::warn, l.owners_line(lines.front()),
          fmt::format("{} is not in [owners.teams] ({} {}), so its members' approvals "
                      "cannot be recognised: a typo, or a team missing from the map?",
                      team, lines.size() == 1 ? "line" : "lines", line_list(lines)));
  }
}

// A later line with the same pattern in the same section replaces the earlier one for
// every path; the later line is reported, since that is where the two meet.
void check_duplicates(Linter& l) {
  if (!l.codeowners) return;
  std::map<RuleKey, int> first_line;  // key -> its latest line
  for (const OwnerRule& rule : l.codeowners->rules) {
    auto [it, fresh] = first_line.emplace(rule_key(rule), rule.line);
    if (fresh) continue;
    l.add("codeowners.duplicate", Severity::warn, l.owners_line(rule.line),
          fmt::format("`{}` repeats line {}{}: only this later line applies, so line {} has "
                      "no effect",
                      shown_pattern(rule), it->second, in_section(*l.codeowners, rule.section),
                      it->second));
    it->second = rule.line;  // a third copy names the second
  }
}

/// For each rule: does it match any file, does it decide any; and the files no rule matches.
struct Coverage {
  std::vector<char> matches;
  std::vector<char> decides;
  std::vector<std::size_t> unowned;  // file indexes
};

Coverage coverage(const Linter& l, const OwnersIndex& index) {
  const Codeowners& file = *l.codeowners;
  Coverage c;
  c.matches.resize(file.rules.size());
  c.decides.resize(file.rules.size());
  const std::vector<std::string>& files = l.tree.files();
  for (std::size_t i = 0; i < files.size(); ++i) {
    Ownership o = index.match(files[i]);
    if (o.unmatched()) c.unowned.push_back(i);
    for (const OwnerRule* rule : o.rules) {
      auto r = static_cast<std::size_t>(rule - file.rules.data());
      c.decides[r] = c.matches[r] = 1;
    }
  }
  // A rule that decides nothing may still match something; ask the tree.
  for (std::size_t r = 0; r < file.rules.size(); ++r)
    if (!c.matches[r]) c.matches[r] = l.tree.matches_any(file.rules[r].pattern);
  return c;
}

void report_no_match(Linter& l, const Coverage& c) {
  const Codeowners& file = *l.codeowners;
  for (std::size_t r = 0; r < file.rules.size(); ++r) {
    if (c.matches[r]) continue;
    const OwnerRule& rule = file.rules[r];
    l.add("codeowners.no-match", Severity::warn, l.owners_line(rule.line),
          fmt::format("`{}` matches no file of the tree: a typo, or a path that moved?",
                      shown_pattern(rule)));
  }
}

// A line that matches files but decides none of them: in its section, a later line (or
// an exclusion) wins for every one of them, so its owners never apply. A shadow that is
// only the same pattern again is codeowners.duplicate's finding, not repeated here.
void report_shadowed(Linter& l, const Coverage& c, const OwnersIndex& index) {
  const Codeowners& file = *l.codeowners;
  for (std::size_t r = 0; r < file.rules.size(); ++r) {
    if (!c.matches[r] || c.decides[r]) continue;
    const OwnerRule& rule = file.rules[r];
    std::vector<std::size_t> matched = l.tree.matching(rule.pattern);
    std::set<int> lines;
    bool only_duplicates = true;
    for (std::size_t i : matched)
      for (const OwnerRule* decider : index.match(l.tree.files()[i]).rules) {
        if (decider->section != rule.section) continue;
        lines.insert(decider->line);
        only_duplicates = only_duplicates && rule_key(*decider) == rule_key(rule);
      }
    if (only_duplicates) continue;
    std::vector<int> sorted(lines.begin(), lines.end());
    std::string files = matched.size() == 1
                            ? std::string("the 1 file it matches is")
                            : fmt::format("all {} files it matches are", matched.size());
    std::string by = fmt::format("{}{} {}", sorted.front() > rule.line ? "later " : "",
                                 sorted.size() == 1 ? "line" : "lines", line_list(sorted));
    l.add("codeowners.shadowed", Severity::warn, l.owners_line(rule.line),
          fmt::format("`{}` is shadowed: {} decided by {}{}, so {}", shown_pattern(rule), files, by,
                      in_section(file, rule.section),
                      rule.exclusion ? "it has no effect" : "its owners never apply"),
          l.examples(matched));
  }
}

/// The directory a file is summarised under: its first two segments, or a top-level name.
std::string unowned_group(std::string_view path) {
  std::size_t first = path.find('/');
  if (first == std::string_view::npos) return std::string(path);
  std::size_t second = path.find('/', first + 1);
  return std::string(path.substr(0, (second == std::string_view::npos ? first : second) + 1));
}

void report_unowned(Linter& l, const Coverage& c) {
  if (c.unowned.empty()) return;
  std::map<std::string, std::size_t> groups;
  for (std::size_t i : c.unowned) ++groups[unowned_group(l.tree.files()[i])];
  std::vector<std::pair<std::string, std::size_t>> by_count(groups.begin(), groups.end());
  std::stable_sort(by_count.begin(), by_count.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::vector<std::string> paths, shown;
  for (const auto& [group, count] : by_count) {
    if (shown.size() < 5) shown.push_back(fmt::format("{} ({})", group, count));
    paths.push_back(group);
  }
  std::string more = by_count.size() > shown.size()
                         ? fmt::format(" and {} more", by_count.size() - shown.size())
                         : std::string();
  l.add("codeowners.unowned", Severity::warn, {l.codeowners->source, 0, 0},
        fmt::format("{} matched by no line, so {} no owner: {}{}",
                    plural(c.unowned.size(), "file is", "files are"),
                    c.unowned.size() == 1 ? "it has" : "they have", fmt::join(shown, ", "), more),
        std::move(paths));
}

void check_coverage(Linter& l) {
  if (!l.codeowners) return;
  OwnersIndex index(*l.codeowners);
  Coverage c = coverage(l, index);
  report_no_match(l, c);
  report_shadowed(l, c, index);
  report_unowned(l, c);
}

// --- The policy ------------------------------------------------------------------------

// The policy accepts e-mail members (they match commit authors), but reviews name
// handles, so an e-mail member's approval never counts for the team.
void check_team_members(Linter& l) {
  if (!l.policy) return;
  for (const auto& [team, members] : l.policy->owners.teams)
    for (const std::string& member : members) {
      if (member.starts_with('@')) continue;
      auto mapped = l.policy->owners.people.find(member);
      std::string hint =
          mapped == l.policy->owners.people.end()
              ? std::string("write the handle, e.g. \"@carol\"")
              : fmt::format("write \"{}\", its handle in [owners.people]", mapped->second);
      l.add("owners.team-member", Severity::warn, {l.policy->source, 0, 0},
            fmt::format("member \"{}\" of {} in [owners.teams] is not a handle: reviews name "
                        "handles, so its approvals never count for {}; {}",
                        member, team, team, hint));
    }
}

// Where two components both match a file, the later one wins (docs/rules.md, Size rule); that is
// legal, but more often an oversight than a design, so it is named with an example.
void check_component_overlap(Linter& l) {
  if (!l.policy) return;
  const std::vector<Component>& components = l.policy->components;
  std::vector<std::vector<std::size_t>> files(components.size());
  for (std::size_t c = 0; c < components.size(); ++c) {
    for (const Pattern& p : components[c].paths)
      for (std::size_t i : l.tree.matching(p)) files[c].push_back(i);
    std::sort(files[c].begin(), files[c].end());
    files[c].erase(std::unique(files[c].begin(), files[c].end()), files[c].end());
  }
  for (std::size_t later = 0; later < components.size(); ++later)
    for (std::size_t earlier = 0; earlier < later; ++earlier) {
      std::vector<std::size_t> both;
      std::set_intersection(files[earlier].begin(), files[earlier].end(), files[later].begin(),
                            files[later].end(), std::back_inserter(both));
      if (both.empty()) continue;
      const Component& a = components[earlier];
      const Component& b = components[later];
      l.add("policy.component-overlap", Severity::warn, b.where,
            fmt::format("components \"{}\" ({}) and \"{}\" overlap: {} both, e.g. {}; there "
                        "\"{}\" wins, as the last matching component does",
                        a.name, a.where.to_string(), b.name,
                        plural(both.size(), "file matches", "files match"),
                        l.tree.files()[both.front()], b.name),
            l.examples(both));
    }
}

// Far-apart zones can leave no common allowed hour (docs/windows.md); scoped windows apply
// to their components only, listed at each [[component]] as a note (lint still exits 0).
void check_window_policy(Linter& l) {
  if (!l.policy) return;
  for (const WindowGroup& g : scoped_groups(*l.policy))
    for (const Component& c : l.policy->components)
      if (c.name == g.component)
        l.add("policy.scoped-window", Severity::info, c.where,
              fmt::format("component {}: scoped windows {}, judged in {}", g.component,
                          describe_windows(g), fmt::join(g.zones, ", ")));
  if (!l.now || l.policy->windows.empty()) return;
  constexpr auto span = std::chrono::hours{24 * 28};
  Instant until = std::min(*l.now + span, windows_horizon());
  if (until <= *l.now) return;
  auto hours = std::chrono::duration_cast<std::chrono::hours>(until - *l.now);
  for (const std::string& name : components_without_allowed_hours(*l.policy, *l.now, hours))
    l.add("policy.allow-no-hour", Severity::warn, {l.policy->source, 0, 0},
          fmt::format("no allowed hour in the next 28 days for component {}: its zones share no "
                      "allowed time. Pin allow windows to the team's zone (zone = \"...\").",
                      name));
}

// In CI an override's principal needs a handle (docs/overrides.md): an approver known by
// e-mail only cannot be shown not to be the pull request's opener, so every record it
// signs is rejected there. One finding per approver principal.
void check_approver_handles(Linter& l) {
  if (!l.policy || !l.policy->overrides.configured) return;
  std::set<std::string> seen;
  for (const OverrideApprover& approver : l.policy->overrides.approvers) {
    const std::string& who = approver.principal;
    if (has_handle(*l.policy, who) || !seen.insert(who).second) continue;
    l.add("overrides.approver-handle", Severity::warn, {l.policy->source, 0, 0},
          fmt::format("override approver \"{}\" has no handle in [owners.people]: in CI its "
                      "overrides are rejected, since it cannot be shown not to be the pull "
                      "request's opener; map it, e.g. \"{}\" = \"@name\"",
                      who, who));
  }
}

// Zones that parse but name no place, or only an old alias of one (lint_zones.cpp).
void check_zones(Linter& l) {
  if (!l.policy) return;
  std::set<std::string> seen;  // a calendar's occurrences repeat their event's zone and line
  auto check = [&](const std::string& zone, const SourceLocation& where) {
    if (!seen.insert(zone + '\n' + where.to_string()).second) return;
    if (std::optional<std::string> advice = zone_advice(zone))
      l.add("policy.zone", Severity::warn, where, *advice);
  };
  check(l.policy->timezone, {l.policy->source, 0, 0});
  for (const Component& c : l.policy->components)
    for (const std::string& zone : c.zones) check(zone, c.where);
  for (const Window& w : l.policy->windows)
    if (w.zone) check(*w.zone, w.where);
}

using Check = void (*)(Linter&);

constexpr Check checks[] = {
    check_missing_and_syntax, check_unknown_teams,    check_duplicates,
    check_coverage,           check_team_members,     check_component_overlap,
    check_window_policy,      check_approver_handles, check_zones,
};

}  // namespace

const std::vector<std::string>& lint_checks() {
  static const std::vector<std::string> ids = {
      "codeowners.missing",   "codeowners.syntax",         "codeowners.no-match",
      "codeowners.shadowed",  "codeowners.duplicate",      "codeowners.unowned",
      "owners.unknown-team",  "owners.team-member",        "policy.component-overlap",
      "policy.allow-no-hour", "overrides.approver-handle", "policy.zone",
      "policy.scoped-window",
  };
  return ids;
}

std::vector<LintFinding> lint(const LintInputs& inputs) {
  Linter l{inputs.policy, inputs.codeowners, inputs.now, Tree(inputs.files), {}, {}};
  for (Check check : checks) check(l);
  std::stable_sort(l.findings.begin(), l.findings.end(),
                   [](const LintFinding& a, const LintFinding& b) {
                     return std::tie(a.where.file, a.where.line, a.where.column) <
                            std::tie(b.where.file, b.where.line, b.where.column);
                   });
  l.add_omitted();
  return std::move(l.findings);
}

}  // namespace gate
