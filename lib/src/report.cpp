#include "gate/report.hpp"

#include <algorithm>
#include <utility>

namespace gate {

const char* to_string(Severity severity) {
  switch (severity) {
    case Severity::info:
      return "info";
    case Severity::warn:
      return "warn";
    case Severity::block:
      return "block";
  }
  return "block";
}

Finding Finding::with_action(std::string rule_id, Severity level, const std::string& what,
                             std::string todo, std::vector<std::string> where) {
  Finding f(std::move(rule_id), level, what + " " + todo, std::move(where));
  f.action = std::move(todo);
  return f;
}

std::string Finding::what() const {
  if (action.empty() || message.size() <= action.size() ||
      message.compare(message.size() - action.size(), action.size(), action) != 0)
    return message;
  std::string out = message.substr(0, message.size() - action.size());
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

bool Report::allowed() const {
  return std::none_of(findings.begin(), findings.end(), [](const Finding& f) {
    return f.severity == Severity::block && !f.overridden_by;
  });
}

}  // namespace gate
