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
          number, quote_input(line)));
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

using Published = PublishedBranch;

// Every branch of `remotes` but their HEAD, in the order of `remotes`.
std::vector<Published> read_published(const Repository& repo,
                                      const std::vector<std::string>& remotes) {
  std::vector<Published> out;
  for (const std::string& name : remotes) {
    std::string prefix = "refs/remotes/" + name + "/";
    for (auto& r : repo.refs_with_prefix(prefix)) {
      if (r.name.ends_with("/HEAD")) continue;
      std::string branch = "refs/heads/" + r.name.substr(prefix.size());
      out.push_back({std::move(r), std::move(branch)});
    }
  }
  return out;
}

// `skip_ref`: the pushed ref, whose own tracking ref is no base for itself after the push.
std::vector<Published> published_branches(const PushContext& push, std::string_view skip_ref) {
  if (skip_ref.empty()) return push.published;
  std::vector<std::string> skipped;
  for (const std::string& name : push.remotes) skipped.push_back(mirror_of(name, skip_ref));
  std::vector<Published> out;
  for (const Published& p : push.published)
    if (std::find(skipped.begin(), skipped.end(), p.tracking.name) == skipped.end())
      out.push_back(p);
  return out;
}

std::vector<Repository::Ref> tracking_refs(const std::vector<Published>& published) {
  std::vector<Repository::Ref> refs;
  for (const Published& p : published) refs.push_back(p.tracking);
  return refs;
}

// The tracking ref that mirrors `remote_ref` (refs/heads/x -> refs/remotes/<r>/x), so a
// deletion whose old tip git did not pass locally is still judged by the remote's policy.
std::string tracking_tip(const Repository& repo, const PushContext& push,
                         std::string_view remote_ref) {
  for (const std::string& name : push.remotes) {
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
    // Without one, the base the plan holds stays: what the remote's protected branches
    // already deploy (judged_by_another_ref), or the empty tree.
    if (previous) {
      plan.range.base = previous->commit;
      plan.notices.push_back("release tag: its commits are counted since the previous release " +
                             previous->via);
    } else if (plan.range.base.empty()) {
      plan.notices.push_back("release tag: no earlier release tag matches " + pattern +
                             " and no protected branch shares history with it, so every commit "
                             "up to the tag is counted");
    } else {
      plan.notices.push_back(fmt::format(
          "release tag: no earlier release tag matches {}, so its commits are counted since {}, "
          "which the remote's protected branches already hold",
          pattern, plan.range.base.substr(0, 12)));
    }
    return;
  }
}

// The published branch whose tip judges a ref the remote has no known tip of
// (docs/hook.md), with its policy and why it was chosen.
struct Judge {
  Published source;
  std::optional<Policy> policy;
  std::string why;
};

// The remote's default branch: `default_ref` when given (CI names it), else what
// refs/remotes/<remote>/HEAD points at. "" when unknown.
std::string default_branch(const Repository& repo, const std::vector<std::string>& remotes,
                           std::string_view default_ref) {
  if (!default_ref.empty()) return std::string(default_ref);
  for (const std::string& name : remotes)
    if (auto target = repo.symbolic_target("refs/remotes/" + name + "/HEAD")) return *target;
  return {};
}

// Without a default branch (a remote's HEAD is not recorded by `git push`, only by
// `git clone` or `git remote set-head`): the branches that their own policy protects,
// the one its `protected` list names first. A policy that does not parse protects nothing.
std::optional<Judge> first_self_protected(const Repository& repo,
                                          const std::vector<Published>& published) {
  std::optional<Judge> best;
  std::size_t best_rank = std::numeric_limits<std::size_t>::max();
  for (const Published& p : published) {
    std::optional<Policy> policy;
    try {
      policy = read_trusted_policy(repo, p.tracking.commit).policy;
    } catch (const ConfigError&) {
      continue;
    }
    if (!policy) continue;
    for (std::size_t i = 0; i < policy->protected_refs.size() && i < best_rank; ++i)
      if (ref_glob_matches(policy->protected_refs[i], p.branch)) {
        best_rank = i;
        best = Judge{p, std::move(policy), "the first branch its own policy protects"};
        break;
      }
  }
  return best;
}

// The remote's default branch if its policy protects it (or it has no policy: the gate is
// not adopted yet), else the first `protected` entry of that policy with a tracking ref.
// Never an unprotected branch, which may carry a loosened policy.toml.
// Throws when the default branch's policy protects `ref` but names no judge: exit 2, never a
// push judged without its policy.
std::optional<Judge> find_judge(const Repository& repo, const std::vector<Published>& published,
                                const std::string& default_name, bool default_skipped,
                                std::string_view ref) {
  if (default_skipped) return std::nullopt;  // the default branch is the pushed ref itself
  auto is_default = [&](const Published& p) { return p.tracking.name == default_name; };
  auto found = std::find_if(published.begin(), published.end(), is_default);
  if (found == published.end()) return first_self_protected(repo, published);
  std::optional<Policy> policy = read_trusted_policy(repo, found->tracking.commit).policy;
  if (!policy || policy->is_protected(found->branch))
    return Judge{*found, std::move(policy), "the default branch"};
  for (const std::string& entry : policy->protected_refs)
    for (const Published& p : published)
      if (ref_glob_matches(entry, p.branch))
        return Judge{p, read_trusted_policy(repo, p.tracking.commit).policy,
                     "the first protected branch (" + entry + ")"};
  if (policy->is_protected(ref))
    throw GitError(fmt::format(
        "{} is protected, and new here: it is judged by the default branch {} only if that "
        "policy protects it, else by the first branch of its `protected` list that is "
        "fetched, and none is; fetch them (`git fetch`)",
        ref, found->tracking.name));
  return std::nullopt;
}

// Where a protected tag starts before any earlier tag is found: the nearest merge base
// with the branches the policy protects, i.e. what the remote already deploys.
std::string deployed_base(const Repository& repo, const std::string& head, const Policy& policy,
                          const std::vector<Published>& published) {
  std::vector<Repository::Ref> deployed;
  for (const Published& p : published)
    if (policy.is_protected(p.branch)) deployed.push_back(p.tracking);
  std::optional<Nearest> nearest = nearest_base(repo, head, deployed);
  return nearest ? nearest->commit : std::string();
}

// The hook's rule for a ref whose old tip it cannot see: since the nearest merge base with
// the tracking refs, by that ref's policy (a feature branch, or a force push over a tip
// someone else pushed).
void judge_by_nearest(const Repository& repo, const std::vector<Published>& published, Plan& plan) {
  std::optional<Nearest> nearest = nearest_base(repo, plan.range.head, tracking_refs(published));
  if (!nearest) {
    plan.notices.push_back(
        "no tracking ref of this remote shares history with the pushed commit, so everything is "
        "judged as new");
    return;
  }
  plan.range.base = nearest->commit;
  plan.range.trusted = nearest->via_commit;
  plan.notices.push_back(fmt::format("new ref on the remote: judged since {} ({})", nearest->via,
                                     nearest->commit.substr(0, 12)));
}

// A new ref, or in CI one whose old tip is not in the clone: judged by another ref
// (find_judge), never by a branch that is not protected.
void judged_by_another_ref(const Repository& repo, const PushLine& line, const PushContext& side,
                           Plan& plan) {
  bool after = side.timing == PushTiming::after_push;
  std::vector<Published> published = published_branches(side, after ? line.remote_ref : "");
  const std::string& default_name = side.default_name;
  bool default_skipped =
      after && !default_name.empty() && default_name == mirror_of(side.remote, line.remote_ref);
  std::optional<Judge> judge =
      find_judge(repo, published, default_name, default_skipped,
                 // An existing ref without a judge is refused below, naming its old tip.
                 is_zero_id(line.remote_sha) ? line.remote_ref : std::string());
  bool is_protected = judge && judge->policy && judge->policy->is_protected(line.remote_ref);
  if (!is_zero_id(line.remote_sha) && (!judge || is_protected))
    throw GitError(fmt::format(
        "{} exists on the remote, and a push to a protected ref is judged only from its "
        "previous tip {}, which is not in this clone; fetch it with `git fetch {} {}`",
        line.remote_ref, line.remote_sha, side.remote, line.remote_sha));
  if (!judge) {
    if (after) return;  // plan_ci refuses a plan without a trusted revision
    plan.notices.push_back(
        "no protected branch of this remote is known here to judge the new ref by, so "
        "everything is judged as new and no policy applies");
    return;
  }
  if (!after && !is_protected && judge->policy) return judge_by_nearest(repo, published, plan);
  plan.range.trusted = judge->source.tracking.commit;
  if (is_protected && line.remote_ref.starts_with("refs/tags/"))
    plan.range.base = deployed_base(repo, plan.range.head, *judge->policy, published);
  else
    plan.range.base = repo.merge_base(plan.range.trusted, plan.range.head).value_or("");
  std::string what = is_zero_id(line.remote_sha)
                         ? "new on the remote"
                         : "not protected, and its previous tip is not in this clone";
  plan.notices.push_back(fmt::format("{} is {}: judged by the policy and CODEOWNERS of {}, {} ({})",
                                     line.remote_ref, what, judge->source.tracking.name, judge->why,
                                     judge->source.tracking.commit.substr(0, 12)));
}

}  // namespace

PushContext read_push_context(const Repository& repo, std::string_view remote, std::string_view url,
                              PushTiming timing, std::string_view default_ref) {
  PushContext push{std::string(remote), std::string(url), timing, {}, {}, {}};
  push.remotes = remotes_for(repo, remote, url);
  push.published = read_published(repo, push.remotes);
  push.default_name = default_branch(repo, push.remotes, default_ref);
  return push;
}

Plan plan_push(const Repository& repo, const PushLine& line, std::string_view remote,
               std::string_view url, PushTiming timing, std::string_view default_ref) {
  return plan_push(repo, line, read_push_context(repo, remote, url, timing, default_ref));
}

Plan plan_push(const Repository& repo, const PushLine& line, const PushContext& push) {
  Plan plan;
  std::optional<std::string> old_tip;
  if (!is_zero_id(line.remote_sha)) old_tip = repo.find_commit(line.remote_sha);

  if (is_zero_id(line.local_sha)) {
    plan.deletion = true;
    plan.range.trusted = old_tip ? *old_tip : tracking_tip(repo, push, line.remote_ref);
    return plan;
  }
  plan.range.head = repo.resolve_commit(line.local_sha);
  if (old_tip) {
    plan.range.trusted = *old_tip;
    plan.range.base = repo.merge_base(*old_tip, plan.range.head).value_or("");
  } else if (!is_zero_id(line.remote_sha) && push.timing == PushTiming::before_push) {
    judge_by_nearest(repo, push.published, plan);
  } else {
    judged_by_another_ref(repo, line, push, plan);
  }
  rebase_on_previous_tag(repo, line, plan);
  return plan;
}

}  // namespace gate
