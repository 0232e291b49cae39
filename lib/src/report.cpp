#include "gate/report.hpp"

#include <algorithm>

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

bool Report::allowed() const {
  return std::none_of(findings.begin(), findings.end(), [](const Finding& f) {
    return f.severity == Severity::block && !f.overridden_by;
  });
}

}  // namespace gate
