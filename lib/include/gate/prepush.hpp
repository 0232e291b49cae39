#pragma once
/// Which commits a `git push` deploys (docs/hook.md), decided from the lines git
/// passes to the pre-push hook.

#include <string>
#include <string_view>
#include <vector>

#include "gate/gather.hpp"
#include "gate/repository.hpp"

namespace gate {

/// One line of pre-push standard input.
struct PushLine {
  std::string local_ref;
  std::string local_sha;
  std::string remote_ref;
  std::string remote_sha;
};

/// True for git's null object id of any length ("0000…").
bool is_zero_id(std::string_view id);

/// Parses pre-push standard input. Throws UsageError naming the line on bad input.
std::vector<PushLine> parse_push_lines(std::string_view text);

/// When the push is judged: before it reaches the remote (the hook), or after (CI,
/// whose clone's tracking ref of the pushed ref already points at the pushed commit
/// and so must not serve as its base).
enum class PushTiming { before_push, after_push };

/// A branch of the remote as this clone last fetched it.
struct PublishedBranch {
  Repository::Ref tracking;  ///< refs/remotes/<name>/x and its tip
  std::string branch;        ///< refs/heads/x, its name on the remote
};

/// What judging a push reads once, whatever the number of pushed refs: the remotes whose
/// tracking refs describe the server, their branches and the default branch. Looking the
/// remotes up again for every stdin line cost libgit2 1.5 about 165 KB a time (it leaks
/// PCRE2 match data in git_remote_list), so a mirror push of 2,000 refs took 1.5 GB.
struct PushContext {
  std::string remote;  ///< the hook's first argument (a URL when git was given one)
  std::string url;     ///< the hook's second argument
  PushTiming timing = PushTiming::before_push;
  std::vector<std::string> remotes;        ///< remotes with that URL, and `remote` itself
  std::vector<PublishedBranch> published;  ///< every branch of those remotes but HEAD
  std::string default_name;                ///< the default branch's tracking ref, or ""
};

/// Reads the context of a push once. `remote` and `url` are the hook's two arguments;
/// `remote` may itself be a URL when git was given one. `default_ref`, when given (CI: the
/// default branch's tracking ref), names the default branch instead of
/// refs/remotes/<remote>/HEAD.
PushContext read_push_context(const Repository& repo, std::string_view remote, std::string_view url,
                              PushTiming timing = PushTiming::before_push,
                              std::string_view default_ref = {});

/// Decides what one pushed ref deploys: base and trusted revision for one line (docs/hook.md, The
/// pre-push hook). A ref whose old tip is known is judged from it. A new ref is
/// judged by another published branch: the remote's default branch if its policy protects
/// it, else the first `protected` entry of that policy with a tracking ref; never by an
/// unprotected branch (the hook still judges a new unprotected ref since the nearest tracking
/// ref). After the push (CI), an existing ref whose
/// old tip is not in the clone is an error when it is protected: only that tip may judge it.
/// A protected tag starts at the newest earlier tag of its pattern, else at what the
/// protected branches hold, else at the empty tree.
Plan plan_push(const Repository& repo, const PushLine& line, const PushContext& push);

/// plan_push for a single line: reads the push's context first (read_push_context).
Plan plan_push(const Repository& repo, const PushLine& line, std::string_view remote,
               std::string_view url, PushTiming timing = PushTiming::before_push,
               std::string_view default_ref = {});

}  // namespace gate
