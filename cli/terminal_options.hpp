#pragma once
// --color and --quiet, for the commands whose output goes to a person: when to color the
// text report, and a run whose only output is its exit code.

#include <CLI/CLI.hpp>
#include <string>

#include "gate/render.hpp"

namespace gate::cli {

/// --color WHEN and -q/--quiet as given.
struct TerminalOptions {
  std::string color = "auto";  ///< auto, always or never
  bool quiet = false;          ///< nothing on stdout; errors still on stderr
};

/// Adds --color (auto, always, never).
void add_color_option(CLI::App& app, TerminalOptions& o);

/// Adds -q/--quiet.
void add_quiet_option(CLI::App& app, TerminalOptions& o);

/// Whether text written to `fd` is colored: `always` and `never` say so, and `auto`
/// colors a terminal unless NO_COLOR is set (gate::use_color). So NO_COLOR means never,
/// except with --color=always.
bool wants_color(const TerminalOptions& o, int fd);

/// The text style of a report on stdout: its color, and the width of the terminal (or
/// COLUMNS, else 80).
TextStyle stdout_style(const TerminalOptions& o);

}  // namespace gate::cli
