// What every run of a program built on Debian's libgit2 and date's OS tz database
// pays before it does any work: the dynamic loader maps libgit2 and its ~20
// dependencies (OpenSSL's libcrypto among them), git_libgit2_init() parses the
// system CA bundle (Debian builds libgit2 with mbedTLS and a fixed certificate path,
// with no option to skip it), and date::get_tzdb() scans /usr/share/zoneinfo.
// bench_diff runs this to print the floor under git-gate's startup.
// It is a measurement, not part of the gate: this file, not lib/, includes git2.h.

#include <date/tz.h>
#include <git2.h>

int main() {
  git_libgit2_init();
  bool ok = !date::get_tzdb().zones.empty();
  git_libgit2_shutdown();
  return ok ? 0 : 1;
}
