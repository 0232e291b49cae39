// git-gate and pre-push skip libgit2's CA bundle (ARCHITECTURE.md, Startup): the dynamic
// linker binds libgit2's call to mbedTLS's certificate file loader to the program's own
// (lib/program/no_tls_roots.cpp). glibc's LD_DEBUG=bindings reports each binding as the
// programs run, so this checks the built programs themselves, not a copy of their link.

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "e2e_fixtures.hpp"

namespace gate::test {
namespace {

/// The dynamic linker's bindings of `symbol` while `argv` runs in `dir`, one per line.
std::string bindings_of(const std::vector<std::string>& argv, const TempDir& dir,
                        const std::string& symbol) {
  RunOptions options;
  options.cwd = dir.path();
  std::filesystem::path log = dir.path() / "ld-debug";
  options.env["LD_DEBUG"] = "bindings";
  options.env["LD_DEBUG_OUTPUT"] = log.string();  // glibc appends ".PID"
  RunResult r = run(argv, options);
  CHECK(r.exit_code == 0);
  std::string found;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    if (entry.path().filename().string().rfind("ld-debug.", 0) != 0) continue;
    std::ifstream in(entry.path());
    for (std::string line; std::getline(in, line);)
      if (line.find("`" + symbol + "'") != std::string::npos) found += line + "\n";
    std::filesystem::remove(entry.path());
  }
  return found;
}

}  // namespace

TEST_CASE("the programs bind libgit2's CA file loader to their own, which parses nothing") {
  TempDir tmp;
  init_repo(tmp.path());
  write_file(tmp.path(), "file", "x\n");
  commit_all(tmp.path(), "init");
  for (const std::string& program : {cli_path(), hook_path()}) {
    INFO(program);
    std::vector<std::string> argv = program == cli_path()
                                        ? std::vector<std::string>{program, "explain", "file"}
                                        : std::vector<std::string>{program, "origin", "url"};
    std::string found = bindings_of(argv, tmp, "mbedtls_x509_crt_parse_file");
    CHECK(found.find("libgit2") != std::string::npos);        // libgit2 made the call...
    CHECK(found.find("to " + program) != std::string::npos);  // ...and got the program's
  }
}

}  // namespace gate::test
