#pragma once
/// Facts about where output goes, for the programs (not the pure core).

#include <cstddef>
#include <cstdio>
#include <string_view>

namespace gate {

/// Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org).
bool use_color(int fd);

/// Columns the text report fills: `COLUMNS` when set to a number, else the width of the
/// terminal `fd` is, else 80 (README, The pre-push hook).
std::size_t output_width(int fd);

/// True when GATE_VERBOSE is set to anything but "" or "0".
bool verbose_from_env();

/// Writes `text` as it is. A report can be megabytes; fmt::print("{}", ...) would
/// first copy it into a buffer of its own.
void write_out(std::FILE* stream, std::string_view text);

}  // namespace gate
