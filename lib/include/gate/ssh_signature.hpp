#pragma once
/// Signing and verifying override records with `ssh-keygen -Y`, as git signs commits
/// with SSH keys. ssh-keygen runs from an argument vector (no shell) with LC_ALL=C.

#include <string>
#include <string_view>

#include "gate/timeutil.hpp"

namespace gate {

/// `ssh-keygen -Y sign -f KEY -n NAMESPACE`: the armored signature of `payload`.
/// `key_file` may be a private key, or a public key whose private half is in the
/// agent. Throws UsageError with ssh-keygen's message (missing key, missing program).
std::string ssh_sign(std::string_view payload, const std::string& key_file,
                     const std::string& name_space);

/// The outcome of one verification.
struct SignatureCheck {
  bool valid = false;
  std::string detail;  ///< ssh-keygen's own words, on failure
};

/// `ssh-keygen -Y verify` of `signature` over `payload` for `principal` against the
/// text of an allowed-signers file, at `at` (so keys' valid-after/valid-before apply
/// at the evaluation time, not the machine's clock). A bad signature is a result,
/// not an error; a missing ssh-keygen throws UsageError.
SignatureCheck ssh_verify(std::string_view payload, std::string_view signature,
                          std::string_view allowed_signers, const std::string& principal,
                          const std::string& name_space, Instant at);

}  // namespace gate
