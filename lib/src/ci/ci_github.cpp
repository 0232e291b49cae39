// GitHub Actions: which change a run judges, read from GITHUB_EVENT_NAME and the
// event payload. Only the fields needed are read; others may be absent or change.

#include <fmt/format.h>

#include "ci/json_input.hpp"
#include "gate/ci.hpp"
#include "gate/error.hpp"

namespace gate {
namespace {

// pull_request, pull_request_target and pull_request_review carry the same object.
// base.sha is the target branch's tip when the event fired, so its policy judges.
void read_pull_request(const nlohmann::json& doc, std::string_view source, CiRequest& out) {
  out.trusted = required_string(doc, "/pull_request/base/sha", source);
  out.ref = branch_ref(required_string(doc, "/pull_request/base/ref", source));
  out.head = required_string(doc, "/pull_request/head/sha", source);
  if (auto login = optional_string(doc, "/pull_request/user/login", source))
    out.opener = "@" + *login;
  const nlohmann::json* number = nullptr;
  if (doc.contains("pull_request") && doc["pull_request"].is_object() &&
      doc["pull_request"].contains("number"))
    number = &doc["pull_request"]["number"];
  if (number && number->is_number_integer())
    out.request = fmt::format("#{}", number->get<long long>());
}

// The queue's temporary branch: base_sha is the target's tip the queue builds on,
// head_sha the tip with the queued pull requests merged.
void read_merge_group(const nlohmann::json& doc, std::string_view source, CiRequest& out) {
  out.trusted = required_string(doc, "/merge_group/base_sha", source);
  out.head = required_string(doc, "/merge_group/head_sha", source);
  out.ref = branch_ref(required_string(doc, "/merge_group/base_ref", source));
  out.merge_queue = true;
}

// A push is judged as the pre-push hook judges the same push: `before` is the ref's
// old tip, zeros for a new ref.
void read_push(const nlohmann::json& doc, std::string_view source, CiRequest& out) {
  out.push = true;
  out.ref = required_string(doc, "/ref", source);
  out.trusted = required_string(doc, "/before", source);
  out.head = required_string(doc, "/after", source);
  out.deletion =
      doc.contains("deleted") && doc["deleted"].is_boolean() && doc["deleted"].get<bool>();
  out.default_branch = optional_string(doc, "/repository/default_branch", source).value_or("");
}

}  // namespace

CiRequest github_request(const Environment& env, std::string_view payload,
                         std::string_view payload_source) {
  CiRequest out;
  out.provider = Provider::github;
  std::optional<std::string> event = env("GITHUB_EVENT_NAME");
  if (!event) throw UsageError("GITHUB_EVENT_NAME is not set: is this a GitHub Actions run?");
  out.event = *event;
  nlohmann::json doc = parse_json_input(payload, payload_source);
  if (!doc.is_object())
    throw UsageError(fmt::format("{}: the event payload is not a JSON object", payload_source));
  if (out.event == "pull_request" || out.event == "pull_request_target" ||
      out.event == "pull_request_review")
    read_pull_request(doc, payload_source, out);
  else if (out.event == "merge_group")
    read_merge_group(doc, payload_source, out);
  else if (out.event == "push")
    read_push(doc, payload_source, out);
  else
    throw UsageError(fmt::format(
        "GitHub event '{}' is not one git-gate judges (pull_request, pull_request_target, "
        "pull_request_review, merge_group, push); for others run `git-gate ci --provider "
        "generic --base <target tip> --head <commit> --ref <target ref>`",
        quote_input(out.event)));
  out.repository = optional_string(doc, "/repository/full_name", payload_source)
                       .value_or(env("GITHUB_REPOSITORY").value_or(""));
  return out;
}

}  // namespace gate
