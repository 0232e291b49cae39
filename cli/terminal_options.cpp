#include "terminal_options.hpp"

#include <unistd.h>

#include "gate/terminal.hpp"
#include "value_checks.hpp"

namespace gate::cli {

void add_color_option(CLI::App& app, TerminalOptions& o) {
  app.add_option("--color", o.color,
                 "color the text report: auto (a terminal, unless NO_COLOR is set), always or "
                 "never")
      ->type_name("WHEN")
      ->check(one_of({"auto", "always", "never"}))
      ->capture_default_str();
}

void add_quiet_option(CLI::App& app, TerminalOptions& o) {
  app.add_flag("-q,--quiet", o.quiet,
               "print nothing on stdout: the exit code is the answer (errors still go to stderr)");
}

bool wants_color(const TerminalOptions& o, int fd) {
  if (o.color == "always") return true;
  if (o.color == "never") return false;
  return use_color(fd);
}

TextStyle stdout_style(const TerminalOptions& o) {
  TextStyle style;
  style.color = wants_color(o, STDOUT_FILENO);
  style.width = output_width(STDOUT_FILENO);
  return style;
}

}  // namespace gate::cli
