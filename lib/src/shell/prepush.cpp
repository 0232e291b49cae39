#include "gate/prepush.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "gate/error.hpp"
#include "gate/policy.hpp"

namespace gate {

bool is_zero_id(std::string_view id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) { return c == '0'; });
}

std::vector<PushLine> parse_push_lines(std::string_view text) {
  std::vector<PushLine> lines;
  std::size_t number = 0;
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    std::vector<std::string> fields;
    std::size_t pos = 0;
    while (pos <= line.size() && fields.size() < 5) {
      std::size_t sp = line.find(' ', pos);
      fields.emplace_back(line.substr(pos, sp == std::string_view::npos ? line.npos : sp - pos));
      if (sp == std::string_view::npos) break;
      pos = sp + 1;
    }
    if (fields.size() != 4 ||
        std::any_of(fields.begin(), fields.end(), [](const std::string& f) { return f.empty(); }))
      throw UsageError(fmt::format(
          "pre-push input line {}: expected '<local ref> <local sha> <remote ref> <remote sha>', "
          "got '{}'",
          number, line));
    lines.push_back({fields[0], fields[1], fields[2], fields[3]});
  }
  return lines;
}

namespace {

// The remotes whose tracking refs describe what the server has. git passes the URL
// as the remote name when the push names a URL; then every remote with that URL counts.
std::vector<std::string> remotes_for(const Repository& repo, std::string_view remote,
                                     std::string_view url) {
  std::vector<std::string> names = repo.remotes_with_url(url);
  if (remote != url && std::find(names.begin(), names.end(), remote) == names.end())
    names.emplace_back(remote);
  return names;
}

struct Nearest {
  std::string commit;      // the merge base
  std::string via;         // the published ref that led to it
  std::string via_commit;  // that ref's tip: its policy is the current one
};

// Of the candidate commits, the merge base with `local` that leaves the fewest new
// commits: the most recent published point the local commit builds on.
std::optional<Nearest> nearest_base(const Repository& repo, const std::string& local,
                                    const std::vector<Repository::Ref>& candidates) {
  std::optional<Nearest> best;
  std::size_t best_count = std::numeric_limits<std::size_t>::max();
  for (const Repository::Ref& ref : candidates) {
    std::optional<std::string> mb = repo.merge_base(local, ref.commit);
    if (!mb) continue;
    std::size_t count = repo.count_between(*mb, local);
    if (count < best_count) {
      best_count = count;
      best = Nearest{*mb, ref.name, ref.commit};
    }
  }
  return best;
}

// The tracking ref that mirrors `remote_ref` on remote `name` (refs/heads/x ->
// refs/remotes/<name>/x), or "" for refs that are not branches.
std::string mirror_of(std::string_view name, std::string_view remote_ref) {
  constexpr std::string_view heads = "refs/heads/";
  if (!remote_ref.starts_with(heads)) return {};
  return fmt::format("refs/remotes/{}/{}", name, remote_ref.substr(heads.size()));
}

// `skip_ref`: the pushed ref, whose own tracking ref is no base for itself after the push.
std::vector<Repository::Ref> tracking_refs(const Repository& repo, std::string_view remote,
                                           std::string_view url, std::string_view skip_ref) {
  std::vector<Repository::Ref> refs;
  for (const std::string& name : remotes_for(repo, remote, url)) {
    std::string skipped = skip_ref.empty() ? "" : mirror_of(name, skip_ref);
    auto more = repo.refs_with_prefix("refs/remotes/" + name + "/");
    for (auto& r : more)
      if (!r.name.ends_with("/HEAD") && r.name != skipped) refs.push_back(std::move(r));
  }
  return refs;
}

// The tracking ref that mirrors `remote_ref` (refs/heads/x -> refs/remotes/<r>/x), so a
// deletion whose old tip git did not pass locally is still judged by the remote's policy.
std::string tracking_tip(const Repository& repo, std::string_view remote, std::string_view url,
                         std::string_view remote_ref) {
  for (const std::string& name : remotes_for(repo, remote, url)) {
    std::string wanted = mirror_of(name, remote_ref);
    if (wanted.empty()) return {};
    for (const Repository::Ref& ref : repo.refs_with_prefix(wanted))
      if (ref.name == wanted) return ref.commit;
  }
  return {};
}

// For a protected tag: the newest earlier tag matching the same protected pattern that
// is an ancestor of the tagged commit, so a release deploys everything since the last.
void rebase_on_previous_tag(const Repository& repo, const PushLine& line, Plan& plan) {
  if (!line.remote_ref.starts_with("refs/tags/") || plan.range.trusted.empty()) return;
  std::optional<Policy> policy = read_trusted_policy(repo, plan.range.trusted).policy;
  if (!policy) return;
  for (const std::string& pattern : policy->protected_refs) {
    if (!ref_glob_matches(pattern, line.remote_ref)) continue;
    std::vector<Repository::Ref> earlier;
    for (auto& tag : repo.refs_with_prefix("refs/tags/")) {
      if (tag.name == line.remote_ref || tag.commit == plan.range.head) continue;
      if (ref_glob_matches(pattern, tag.name) && repo.is_ancestor(tag.commit, plan.range.head))
        earlier.push_back(std::move(tag));
    }
    std::optional<Nearest> previous = nearest_base(repo, plan.range.head, earlier);
    plan.range.base = previous ? previous->commit : std::string();
    plan.notices.push_back(previous ? fmt::format("release tag: judged since the previous "
                                                  "release {}",
                                                  previous->via)
                                    : "release tag: no earlier release tag matches " + pattern +
                                          ", so everything up to the tag is judged");
    return;
  }
}

}  // namespace

Plan plan_push(const Repository& repo, const PushLine& line, std::string_view remote,
               std::string_view url, PushTiming timing, std::string_view base_ref) {
  Plan plan;
  std::optional<std::string> old_tip;
  if (!is_zero_id(line.remote_sha)) old_tip = repo.find_commit(line.remote_sha);

  if (is_zero_id(line.local_sha)) {
    plan.deletion = true;
    plan.range.trusted = old_tip ? *old_tip : tracking_tip(repo, remote, url, line.remote_ref);
    return plan;
  }
  plan.range.head = repo.resolve_commit(line.local_sha);
  if (old_tip) {
    plan.range.trusted = *old_tip;
    plan.range.base = repo.merge_base(*old_tip, plan.range.head).value_or("");
  } else {
    std::string_view skip;
    if (timing == PushTiming::after_push) skip = line.remote_ref;
    std::vector<Repository::Ref> candidates;
    if (base_ref.empty())
      candidates = tracking_refs(repo, remote, url, skip);
    else
      for (Repository::Ref& r : repo.refs_with_prefix(base_ref))
        if (r.name == base_ref && r.name != mirror_of(remote, skip))
          candidates.push_back(std::move(r));
    std::optional<Nearest> nearest = nearest_base(repo, plan.range.head, candidates);
    if (nearest) {
      plan.range.base = nearest->commit;
      plan.range.trusted = nearest->via_commit;
      plan.notices.push_back(fmt::format("new ref on the remote: judged since {} ({})",
                                         nearest->via, nearest->commit.substr(0, 12)));
    } else {
      plan.notices.push_back(
          "no tracking ref of this remote shares history with the pushed "
          "commit, so everything is judged as new");
    }
  }
  rebase_on_previous_tag(repo, line, plan);
  return plan;
}

}  // namespace gate
