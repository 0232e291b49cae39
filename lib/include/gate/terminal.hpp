#pragma once
/// Facts about where output goes, for the programs (not the pure core).

namespace gate {

/// Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org).
bool use_color(int fd);

}  // namespace gate
