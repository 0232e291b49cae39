// lib/program/no_tls_roots.cpp: in a program linked with it, libgit2's CA loading goes to
// the refusing loader, so no certificate is trusted and the init parses no bundle.
// libgit2 loads CA files through the same mbedTLS call when told a location, which makes
// the binding observable: a real, valid certificate file is refused.

#include <doctest/doctest.h>
#include <git2.h>

#include <string>

#include "support.hpp"

namespace {

struct Libgit2 {
  Libgit2() { git_libgit2_init(); }
  ~Libgit2() { git_libgit2_shutdown(); }
  Libgit2(const Libgit2&) = delete;
  Libgit2& operator=(const Libgit2&) = delete;
};

}  // namespace

TEST_CASE("a program linked with no_tls_roots loads no CA certificate, even a valid one") {
  Libgit2 libgit2;
  // Generated once with openssl req -x509 (EC P-256, 100 years): mbedTLS's own loader
  // accepts it, so only the program's loader can refuse it.
  std::string valid = std::string(GATE_SOURCE_DIR) + "/tests/data/tls/self-signed.pem";
  int rc = git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, valid.c_str(), nullptr);
  CHECK(rc < 0);
  const git_error* e = git_error_last();
  REQUIRE(e != nullptr);
  CHECK(std::string(e->message).find("failed to load CA certificates") != std::string::npos);
}
