#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <csignal>

// A program under test may exit before reading the input a test gives it (pre-push
// --version): the write must fail with EPIPE, which run() handles, not kill the test.
int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);
  return doctest::Context(argc, argv).run();
}
