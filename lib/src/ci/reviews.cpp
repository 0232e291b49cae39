#include "gate/reviews.hpp"

#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>

#include "ci/json_input.hpp"
#include "gate/error.hpp"
#include "handles.hpp"

namespace gate {

namespace {

ReviewState state_of(const std::string& text, std::string_view source, std::size_t index) {
  if (text == "APPROVED") return ReviewState::approved;
  if (text == "CHANGES_REQUESTED") return ReviewState::changes_requested;
  if (text == "DISMISSED") return ReviewState::dismissed;
  if (text == "COMMENTED") return ReviewState::commented;
  if (text == "PENDING") return ReviewState::pending;
  throw UsageError(
      fmt::format("{}: review [{}] has unknown state '{}'", source, index, quote_input(text)));
}

Review github_review(const nlohmann::json& r, std::string_view source, std::size_t i) {
  const nlohmann::json* login =
      r.is_object() && r.contains("user") && r["user"].is_object() && r["user"].contains("login")
          ? &r["user"]["login"]
          : nullptr;
  if (!login || !login->is_string() || !r.contains("state") || !r["state"].is_string())
    throw UsageError(fmt::format("{}: review [{}] lacks user.login or state", source, i));
  Review review;
  review.reviewer = "@" + login->get<std::string>();
  review.state = state_of(r["state"].get<std::string>(), source, i);
  if (r.contains("commit_id") && r["commit_id"].is_string())
    review.commit_id = r["commit_id"].get<std::string>();
  return review;
}

std::vector<Review> github_reviews(const nlohmann::json& doc, std::string_view source) {
  if (!doc.is_array())
    throw UsageError(
        fmt::format("{}: expected a JSON array of reviews (GitHub's \"list reviews\" "
                    "response)",
                    source));
  std::vector<Review> reviews;
  std::size_t index = 0;
  for (const nlohmann::json& item : doc) {
    if (item.is_array()) {  // one page of `gh api --paginate --slurp`
      for (const nlohmann::json& r : item) reviews.push_back(github_review(r, source, index++));
    } else {
      reviews.push_back(github_review(item, source, index++));
    }
  }
  return reviews;
}

std::vector<Review> gitlab_approvals(const nlohmann::json& doc, std::string_view source,
                                     const std::string& head) {
  if (!doc.is_object() || !doc.contains("approved_by") || !doc["approved_by"].is_array())
    throw UsageError(
        fmt::format("{}: expected GitLab's merge request approvals object, with an "
                    "\"approved_by\" array",
                    source));
  std::vector<Review> reviews;
  const nlohmann::json& list = doc["approved_by"];
  for (std::size_t i = 0; i < list.size(); ++i) {
    std::optional<std::string> username =
        list[i].is_object() ? optional_string(list[i], "/user/username", source) : std::nullopt;
    if (!username || username->empty())
      throw UsageError(fmt::format("{}: approved_by[{}] lacks user.username", source, i));
    reviews.push_back({"@" + *username, ReviewState::approved, head});
  }
  return reviews;
}

}  // namespace

std::vector<Review> parse_github_reviews(std::string_view json, std::string_view source) {
  return github_reviews(parse_json_input(json, source), source);
}

std::vector<Review> parse_gitlab_approvals(std::string_view json, std::string_view source,
                                           const std::string& head) {
  return gitlab_approvals(parse_json_input(json, source), source, head);
}

std::vector<Review> parse_reviews(std::string_view json, std::string_view source,
                                  const std::string& head) {
  nlohmann::json doc = parse_json_input(json, source);
  if (doc.is_object()) return gitlab_approvals(doc, source, head);
  return github_reviews(doc, source);
}

std::vector<Review> approvals_from_list(const std::vector<std::string>& handles,
                                        const std::string& head) {
  std::vector<Review> reviews;
  for (const std::string& raw : handles) {
    // "--approved-by '@a, @b'": the space after the comma is not part of a handle.
    std::size_t first = raw.find_first_not_of(" \t");
    if (first == std::string::npos) continue;
    std::string h = raw.substr(first, raw.find_last_not_of(" \t") - first + 1);
    reviews.push_back({h.front() == '@' ? h : "@" + h, ReviewState::approved, head});
  }
  return reviews;
}

void merge_teams(std::string_view json, std::string_view source,
                 std::map<std::string, std::vector<std::string>, std::less<>>& teams) {
  // Not parse(json, nullptr, false): that still throws out_of_range for `1e999`.
  nlohmann::json doc = parse_json_input(json, source);
  if (!doc.is_object())
    throw UsageError(fmt::format("{}: expected a JSON object of team -> array of members", source));
  for (const auto& [team, members] : doc.items()) {
    if (!members.is_array())
      throw UsageError(
          fmt::format("{}: members of '{}' must be an array", source, quote_input(team)));
    std::vector<std::string> list;
    for (const auto& m : members) {
      if (!m.is_string())
        throw UsageError(
            fmt::format("{}: members of '{}' must be strings", source, quote_input(team)));
      list.push_back(m.get<std::string>());
    }
    // Team names compare case-insensitively: `@ACME/web` replaces `@acme/web`.
    // Folded once, outside the lambda: clang 14 cannot capture a structured binding.
    const std::string folded = fold_handle(team);
    std::erase_if(teams, [&](const auto& entry) { return fold_handle(entry.first) == folded; });
    teams[team] = std::move(list);
  }
}

std::set<std::string> current_approvers(const std::vector<Review>& reviews, std::string_view head,
                                        bool dismiss_stale) {
  std::map<std::string, const Review*> latest;
  for (const Review& r : reviews) {
    // GitHub: comments and pending reviews do not replace a reviewer's verdict.
    if (r.state == ReviewState::commented || r.state == ReviewState::pending) continue;
    latest[fold_handle(r.reviewer)] = &r;
  }
  std::set<std::string> approvers;
  for (const auto& [who, review] : latest) {
    if (review->state != ReviewState::approved) continue;
    // An approval whose commit is unknown cannot be shown to be of the head: fail closed.
    if (dismiss_stale && review->commit_id != head) continue;
    approvers.insert(who);
  }
  return approvers;
}

}  // namespace gate
