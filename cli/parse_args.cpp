// Parsing a subcommand's arguments, the same way for all of them.

#include <fmt/format.h>

#include <string>
#include <vector>

#include "commands.hpp"
#include "gate/error.hpp"
#include "gate/suggest.hpp"

namespace gate::cli {
namespace {

// A positional argument names what it takes ("paths", "commit"); CLI11 would add "TEXT"
// to one whose command gave it no value name.
void name_positionals(CLI::App& app) {
  for (CLI::Option* option : app.get_options())
    if (option->get_positional() && option->get_type_name() == "TEXT") option->type_name("");
}

// "unknown option '--fromat'; did you mean '--format'?" for the first unknown option
// that is a typo of a known one, or "". It wins over CLI11's own message, which may
// instead complain of what the typo displaced ("commit is required").
std::string option_typo(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::Option* option : app.get_options())
    for (const std::string& name : option->get_lnames()) names.push_back("--" + name);
  for (const std::string& arg : app.remaining()) {
    if (!arg.starts_with("--")) continue;
    std::string hint = did_you_mean(arg.substr(0, arg.find('=')), names);
    if (!hint.empty()) return fmt::format("unknown option '{}'{}", quote_input(arg), hint);
  }
  return {};
}

}  // namespace

std::optional<int> parse_args(CLI::App& app, int argc, char** argv) {
  name_positionals(app);
  // As git does: the program and command first, so a script's log says which one failed.
  app.failure_message([](const CLI::App* command, const CLI::Error& e) {
    std::string typo = option_typo(*command);
    return fmt::format("{}: {}\nRun '{} --help' for its options.\n", command->get_name(),
                       typo.empty() ? std::string(e.what()) : typo, command->get_name());
  });
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  return std::nullopt;
}

}  // namespace gate::cli
