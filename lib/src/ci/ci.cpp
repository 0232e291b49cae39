#include "gate/ci.hpp"

#include "gate/error.hpp"
#include "gate/suggest.hpp"

namespace gate {

const char* to_string(Provider provider) {
  switch (provider) {
    case Provider::github:
      return "github";
    case Provider::gitlab:
      return "gitlab";
    case Provider::generic:
      return "generic";
  }
  return "generic";
}

Provider parse_provider(std::string_view name) {
  for (Provider p : {Provider::github, Provider::gitlab, Provider::generic})
    if (name == to_string(p)) return p;
  throw UsageError("unknown provider '" + quote_input(name) +
                   "': use --provider github, gitlab or generic" +
                   did_you_mean(name, {"github", "gitlab", "generic"}));
}

Provider detect_provider(const Environment& env) {
  if (env("GITHUB_ACTIONS") == "true") return Provider::github;
  if (env("GITLAB_CI") == "true") return Provider::gitlab;
  return Provider::generic;
}

std::string branch_ref(std::string_view name) {
  if (name.substr(0, 5) == "refs/") return std::string(name);
  return "refs/heads/" + std::string(name);
}

}  // namespace gate
