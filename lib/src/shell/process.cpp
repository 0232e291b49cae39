#include "gate/process.hpp"

#include <malloc.h>

namespace gate {

void tune_for_short_run() {
  constexpr int kLarge = 256 << 20;
  mallopt(M_MMAP_THRESHOLD, kLarge);
  mallopt(M_TRIM_THRESHOLD, kLarge);
}

}  // namespace gate
