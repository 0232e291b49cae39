#include "gate/ssh_signature.hpp"

#include <date/date.h>
#include <fmt/format.h>

#include "gate/error.hpp"
#include "gate/subprocess.hpp"

namespace gate {
namespace {

constexpr std::string_view kPackage = "openssh-client";

// ssh-keygen ends its lines with "\r\n"; a report must not carry the carriage return.
std::string first_line(const std::string& text) {
  std::string line = text.substr(0, text.find_first_of("\r\n"));
  return line.empty() ? "no message" : line;
}

}  // namespace

std::string ssh_sign(std::string_view payload, const std::string& key_file,
                     const std::string& name_space) {
  // Signing may ask for the key's passphrase: a person types it, so minutes, not seconds.
  ProcessResult r =
      run_process({"ssh-keygen", "-q", "-Y", "sign", "-f", key_file, "-n", name_space}, payload,
                  kPackage, std::chrono::minutes(5), Prompt::terminal);
  if (r.exit_code != 0 || r.out.find("-----BEGIN SSH SIGNATURE-----") == std::string::npos)
    throw UsageError(
        fmt::format("ssh-keygen could not sign with {}: {}", key_file, first_line(r.err)));
  return r.out;
}

SignatureCheck ssh_verify(std::string_view payload, std::string_view signature,
                          std::string_view allowed_signers, const std::string& principal,
                          const std::string& name_space, Instant at) {
  TempFile signers(allowed_signers), sig(signature);
  std::string when = date::format("%Y%m%d%H%M%SZ", at);
  ProcessResult r =
      run_process({"ssh-keygen", "-Y", "verify", "-f", signers.path(), "-I", principal, "-n",
                   name_space, "-s", sig.path(), "-Overify-time=" + when},
                  payload, kPackage);
  SignatureCheck check;
  check.valid = r.exit_code == 0;
  if (!check.valid) check.detail = first_line(r.err.empty() ? r.out : r.err);
  return check;
}

}  // namespace gate
