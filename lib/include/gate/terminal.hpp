#pragma once
/// Facts about where output goes, for the programs (not the pure core).

#include <cstdio>
#include <string_view>

namespace gate {

/// Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org).
bool use_color(int fd);

/// Writes `text` as it is. A report can be megabytes; fmt::print("{}", ...) would
/// first copy it into a buffer of its own.
void write_out(std::FILE* stream, std::string_view text);

}  // namespace gate
