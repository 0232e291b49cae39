#pragma once
// The subcommands of git-gate. Each takes its own argv (argv[0] is the subcommand
// name) and returns the exit code; failures are thrown as gate::Error and reported once
// by main.

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

namespace gate::cli {

/// Output format chosen by the running command, so main can report an error in it.
enum class Format { text, json, github, markdown, sarif, gitlab };

/// State a command shares with main.
struct Session {
  Format format = Format::text;
  bool quiet = false;  ///< --quiet: an error goes to stderr only, whatever the format
};

/// Parses a subcommand's arguments. Returns the exit code when the command must stop
/// here (0 after --help, 2 for bad arguments, with CLI11's message printed after the
/// command's name, "git-gate check: ...").
std::optional<int> parse_args(CLI::App& app, int argc, char** argv);

int run_check(int argc, char** argv, Session& session);
int run_explain(int argc, char** argv, Session& session);
int run_window(int argc, char** argv, Session& session);
int run_lint(int argc, char** argv, Session& session);
int run_ci(int argc, char** argv, Session& session);
int run_override(int argc, char** argv, Session& session);
int run_freeze(int argc, char** argv, Session& session);
int run_audit(int argc, char** argv, Session& session);
int run_notes_guard(int argc, char** argv, Session& session);
int run_freeze_guard(int argc, char** argv, Session& session);
int run_install_hook(int argc, char** argv, Session& session);
int run_pre_push(int argc, char** argv, Session& session);

}  // namespace gate::cli
