#pragma once
/// The version of git-gate this library was built as.

#include <string_view>

namespace gate {

/// The bare version (`0.1.0`), from the top-level `project(VERSION)`: what `git-gate
/// --version` prints after the program name, and the reports' tool version. A function
/// of the compiled library rather than a header constant, so a program linked against an
/// installed libgate reports the library it runs with.
std::string_view version();

}  // namespace gate
