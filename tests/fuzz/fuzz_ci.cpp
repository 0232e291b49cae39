// CI inputs: a GitHub event payload under each supported event name, and the reviews
// and teams files. Each gives a result or a bounded gate::Error, never another exception.
// Input: the JSON text; its first byte picks the event name.
#include "gate/ci.hpp"
#include "gate/error.hpp"
#include "gate/reviews.hpp"

#include <array>
#include <map>

#include "fuzz_support.hpp"

namespace {

constexpr std::array<const char*, 6> events = {
    "pull_request", "pull_request_target", "pull_request_review", "merge_group",
    "push",         "workflow_dispatch"};

template <typename Read>
void read_or_error(Read read) {
  try {
    read();
  } catch (const gate::Error& e) {
    gate::fuzz::require_bounded(e);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view json = gate::fuzz::as_text(data, size);
  const char* event = events[size == 0 ? 0 : data[0] % events.size()];
  gate::Environment env = [&](std::string_view name) -> std::optional<std::string> {
    if (name == "GITHUB_EVENT_NAME") return event;
    if (name == "GITHUB_REPOSITORY") return "acme/voice";
    return std::nullopt;
  };
  const std::string head(40, 'a');
  read_or_error([&] { (void)gate::github_request(env, json, "event.json"); });
  read_or_error([&] { (void)gate::parse_reviews(json, "reviews.json", head); });
  read_or_error([&] { (void)gate::parse_github_reviews(json, "reviews.json"); });
  read_or_error([&] { (void)gate::parse_gitlab_approvals(json, "approvals.json", head); });
  read_or_error([&] {
    std::map<std::string, std::vector<std::string>, std::less<>> teams;
    gate::merge_teams(json, "teams.json", teams);
  });
  return 0;
}
