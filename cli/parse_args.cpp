// Parsing a subcommand's arguments, the same way for all of them.

#include <fmt/format.h>

#include "commands.hpp"

namespace gate::cli {
namespace {

// A positional argument names what it takes ("paths", "commit"); CLI11 would add "TEXT"
// to one whose command gave it no value name.
void name_positionals(CLI::App& app) {
  for (CLI::Option* option : app.get_options())
    if (option->get_positional() && option->get_type_name() == "TEXT") option->type_name("");
}

}  // namespace

std::optional<int> parse_args(CLI::App& app, int argc, char** argv) {
  name_positionals(app);
  // As git does: the program and command first, so a script's log says which one failed.
  app.failure_message([](const CLI::App* command, const CLI::Error& e) {
    return fmt::format("{}: {}\nRun '{} --help' for its options.\n", command->get_name(), e.what(),
                       command->get_name());
  });
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  return std::nullopt;
}

}  // namespace gate::cli
