#pragma once
// GitHub and GitLab handles and e-mail addresses compare case-insensitively.

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

namespace gate {

/// ASCII lower-case copy, the key handles and e-mails are compared by.
inline std::string fold_handle(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace gate
