// ctest learns the test cases from doctest's list and splits it at ';' (a CMake list),
// so a test case whose name holds ';' would become pieces that match nothing and pass
// without running. This keeps every name runnable.

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace fs = std::filesystem;

TEST_CASE("no test case name holds a semicolon, which ctest would split") {
  const std::regex test_case(R"re(TEST_CASE\("([^"]*)")re");
  int files = 0;
  for (const fs::path& dir :
       {fs::path(GATE_SOURCE_DIR) / "tests", fs::path(GATE_SOURCE_DIR) / "tests/e2e"}) {
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (entry.path().extension() != ".cpp") continue;
      ++files;
      std::ifstream in(entry.path());
      std::stringstream text;
      text << in.rdbuf();
      std::string s = text.str();
      for (std::sregex_iterator it(s.begin(), s.end(), test_case), end; it != end; ++it) {
        INFO(entry.path().filename().string() << ": " << (*it)[1].str());
        CHECK((*it)[1].str().find(';') == std::string::npos);
      }
    }
  }
  CHECK(files > 20);
}
