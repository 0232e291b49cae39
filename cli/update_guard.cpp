#include "update_guard.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>

#include "commands.hpp"

namespace gate::cli {

std::optional<int> parse_guard_args(const GuardSpec& spec, int argc, char** argv, GuardArgs& out) {
  CLI::App app{spec.summary, std::string("git-gate ") + spec.name};
  app.add_option("old", out.old_id,
                 fmt::format("{}'s commit before the update (all zeros: created)", spec.ref))
      ->required();
  app.add_option("new", out.new_id, "its commit after the update (all zeros: deleted)")->required();
  add_directory_option(app, out.common);
  if (std::optional<int> code = parse_args(app, argc, argv)) return code;
  if (is_zero_id(out.new_id)) {
    fmt::print(stderr, "git-gate {}: {} cannot be deleted: {}\n", spec.name, spec.ref,
               spec.why_kept);
    return 1;
  }
  return std::nullopt;
}

}  // namespace gate::cli
