// Linked into git-gate and pre-push only, never into libgate: a library must not change
// how its host process trusts TLS.
//
// The programs read local repositories only: they never fetch, push or open a socket
// through libgit2 (the hook's push is git's own). Yet Debian builds libgit2 with mbedTLS
// and a fixed CA bundle path, and git_libgit2_init() parses that whole bundle (~140
// certificates) with no option to skip it: about 7 ms of this VM's 18 ms startup floor,
// paid by every hook run before any work (tests/bench/bench_hook.cpp prints both floors).
//
// Defining mbedTLS's certificate file loader in the program makes the dynamic linker
// bind libgit2's call to this one (the executable comes first in symbol lookup), and it
// refuses as for an unreadable file, which libgit2's init tolerates. libgit2 then trusts
// no CA: were a TLS connection ever made, its certificate check would fail, closed.
// tests/no_tls_roots_test.cpp checks its effect, tests/e2e/tls_roots_test.cpp that the
// built programs bind to it.
// ARCHITECTURE.md, Startup, has the measurements.

struct mbedtls_x509_crt;

extern "C" int mbedtls_x509_crt_parse_file(mbedtls_x509_crt* /*chain*/, const char* /*path*/) {
  constexpr int file_io_error = -0x2900;  // MBEDTLS_ERR_X509_FILE_IO_ERROR
  return file_io_error;
}
