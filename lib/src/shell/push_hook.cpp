// The pre-push hook's judgement and output, shared by the `pre-push` program and
// `git-gate pre-push` (docs/hook.md).

#include "gate/push_hook.hpp"

#include <unistd.h>

#include <utility>

#include "gate/evaluate.hpp"
#include "gate/gather.hpp"
#include "gate/render.hpp"
#include "gate/terminal.hpp"

namespace gate {

std::vector<Report> judge_push(const Repository& repo, const std::vector<PushLine>& lines,
                               std::string_view remote, std::string_view url, const Clock& clock) {
  std::vector<Report> reports;
  if (lines.empty()) return reports;
  // Once per push, not per line: a mirror push sends thousands of lines.
  PushContext push = read_push_context(repo, remote, url);
  for (const PushLine& line : lines) {
    Plan plan = plan_push(repo, line, push);
    Context context;
    context.now = clock.now;
    context.clock_overridden = clock.overridden;
    context.ref = line.remote_ref;
    context.deletion = plan.deletion;
    Inputs inputs = gather(repo, plan.range, std::move(context));
    inputs.notices.insert(inputs.notices.begin(), plan.notices.begin(), plan.notices.end());
    reports.push_back(evaluate(inputs));
  }
  return reports;
}

int print_push_verdict(const std::vector<Report>& reports, bool json, bool verbose) {
  bool allowed = true;
  for (const Report& r : reports) allowed = allowed && r.allowed();
  if (json) {
    write_out(stdout, render_json(reports));
  } else {
    TextStyle style{use_color(STDERR_FILENO), output_width(STDERR_FILENO), verbose};
    write_out(stderr, render_push_text(reports, style));
  }
  return allowed ? 0 : 1;
}

namespace {

bool has_value(const std::optional<std::string>& value) { return value && !value->empty(); }

// refs/heads/x pushed to `remote` is tracked as refs/remotes/<remote>/x; nothing else is.
std::optional<std::string> tracking_ref(const std::string& remote, const std::string& ref) {
  const std::string_view heads = "refs/heads/";
  if (ref.compare(0, heads.size(), heads) != 0) return std::nullopt;
  return "refs/remotes/" + remote + "/" + ref.substr(heads.size());
}

// Looked up by listing, not by parsing a revision: the remote may be a URL, which makes no
// valid ref name.
bool has_ref(const Repository& repo, const std::string& name) {
  for (const Repository::Ref& ref : repo.refs_with_prefix(name))
    if (ref.name == name) return true;
  return false;
}

}  // namespace

std::optional<PushLine> pre_commit_push_line(const Repository& repo, const PreCommitPush& push) {
  if (!has_value(push.remote_branch)) return std::nullopt;
  PushLine line;
  line.remote_ref = *push.remote_branch;
  line.local_ref = has_value(push.local_branch) ? *push.local_branch : *push.remote_branch;
  if (has_value(push.to_ref))
    line.local_sha = *push.to_ref;  // as git sent it: a tag's own id, not peeled
  else if (std::optional<std::string> tip = repo.find_commit(line.local_ref))
    line.local_sha = *tip;
  else
    return std::nullopt;
  line.remote_sha = std::string(line.local_sha.size(), '0');
  if (has_value(push.from_ref) && has_value(push.remote_name)) {
    std::optional<std::string> tracking = tracking_ref(*push.remote_name, line.remote_ref);
    if (tracking && has_ref(repo, *tracking)) line.remote_sha = *push.from_ref;
  }
  return line;
}

}  // namespace gate
