// What every run of a program built on Debian's libgit2 pays before it does any work: the
// dynamic loader maps libgit2 and its ~20 dependencies (OpenSSL's libcrypto among them),
// and git_libgit2_init() parses the system CA bundle (Debian builds libgit2 with mbedTLS
// and a fixed certificate path). Built twice: `startup_floor` as any libgit2 program, and
// `startup_floor_programs` linked like git-gate and pre-push with
// lib/program/no_tls_roots.cpp, which skips the bundle: the floor under their startup.
// date's tz database is not part of it: the gate reads only the zones a policy names
// (ARCHITECTURE.md, Time zones). bench_diff and bench_hook run both.
// It is a measurement, not part of the gate: this file, not lib/, includes git2.h.

#include <git2.h>

int main() {
  bool ok = git_libgit2_init() > 0;
  git_libgit2_shutdown();
  return ok ? 0 : 1;
}
