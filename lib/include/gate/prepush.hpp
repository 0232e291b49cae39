#pragma once
/// Which commits a `git push` deploys (README, The pre-push hook), decided from the lines git
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

/// Decides what one pushed ref deploys: base and trusted revision for one line. `remote` and `url`
/// are the hook's two arguments; `remote` may itself be a URL when git was given one. `base_ref`,
/// when given (CI: the default branch's tracking ref), is the only published ref a new
/// ref is judged against: after the push every branch is published, including ones
/// whose own policy was never judged.
Plan plan_push(const Repository& repo, const PushLine& line, std::string_view remote,
               std::string_view url, PushTiming timing = PushTiming::before_push,
               std::string_view base_ref = {});

}  // namespace gate
