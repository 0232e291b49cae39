#pragma once
// The options every subcommand shares, parsed and applied in one place: -C, --at,
// --format, and every option that names a file. Like `git -C`, -C moves the whole run:
// the repository is found from that directory, and a relative file named on the command
// line is taken from it too ("-" stays standard input, absolute names stay as they are).

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gate/clock.hpp"
#include "gate/repository.hpp"
#include "value_checks.hpp"

namespace gate::cli {

/// -C, --at and --format as one subcommand was given them.
struct CommonOptions {
  std::string directory;              ///< -C; empty: the working directory
  std::optional<std::string> at;      ///< --at
  std::optional<std::string> format;  ///< --format, when the command has one

  /// Where to open a file named on the command line as `given`: taken from -C.
  std::string path(const std::string& given) const;

  /// The text of the file named `given` (see path()); `what` names the option in errors.
  std::string read(const std::string& given, std::string_view what) const;

  /// The evaluation time: --at, else GATE_NOW, else the system clock.
  Clock clock() const;

  /// The repository containing -C's directory (or the working directory).
  Repository repository() const;
};

/// git's null id, in SHA-1 or SHA-256 length: what an update hook gets for a ref that is
/// created (OLD) or deleted (NEW).
bool is_zero_id(const std::string& id);

/// Adds -C.
void add_directory_option(CLI::App& app, CommonOptions& o);

/// Adds --at, described by `help`.
void add_at_option(
    CLI::App& app, CommonOptions& o,
    const std::string& help = "evaluate at this RFC 3339 time instead of now (or GATE_NOW)");

/// Adds --format. With `allowed`, CLI11 refuses any other value (exit 2, "did you mean");
/// without, the command checks the value itself. `fallback` is the value when none is
/// given; an alias is accepted and becomes the value it stands for.
void add_format_option(CLI::App& app, CommonOptions& o, const std::string& help,
                       const std::vector<std::string>& allowed = {},
                       const std::optional<std::string>& fallback = std::nullopt,
                       const std::vector<ValueAlias>& aliases = {});

}  // namespace gate::cli
