#include "gate/terminal.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <string_view>

namespace gate {

bool use_color(int fd) {
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  return isatty(fd) == 1;
}

std::size_t output_width(int fd) {
  if (const char* env = std::getenv("COLUMNS"); env && *env) {
    std::string_view text = env;
    std::size_t columns = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), columns);
    if (ec == std::errc() && end == text.data() + text.size() && columns > 0) return columns;
  }
  winsize size{};
  if (isatty(fd) == 1 && ::ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  return 80;
}

bool verbose_from_env() {
  const char* env = std::getenv("GATE_VERBOSE");
  return env && *env && std::string_view(env) != "0";
}

}  // namespace gate

namespace gate {

void write_out(std::FILE* stream, std::string_view text) {
  std::fwrite(text.data(), 1, text.size(), stream);
}

}  // namespace gate
