#pragma once
// Report formats by name, and `--output FORMAT=FILE`: every format a run writes comes
// from the same report, and files are written all or none.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "commands.hpp"
#include "common_options.hpp"
#include "gate/render.hpp"
#include "gate/report.hpp"

namespace gate::cli {

/// "text, json, github, markdown, sarif, gitlab".
std::string format_list();

/// The names of format_list(), for a check of --format.
std::vector<std::string> format_names();

/// The format called `name`; nullopt when there is none.
std::optional<Format> format_named(std::string_view name);

/// True for formats whose stdout must hold the report alone (json, sarif, gitlab).
bool is_machine_format(Format format);

/// The report in `format`; `color` applies to text only.
std::string render_as(Format format, const Report& report, TextStyle style = {});

/// render_as to standard output; JSON in pieces, never held whole (a 50k-file report
/// is 15 MB).
void print_as(Format format, const Report& report, TextStyle style = {});

/// One `--output FORMAT=FILE`.
struct OutputSpec {
  Format format = Format::json;
  std::string path;
  std::string spec;  ///< as given, for messages
};

/// Parses `FORMAT=FILE`; throws UsageError naming the spec and the known formats, with
/// "did you mean" for a mistyped format.
OutputSpec parse_output_spec(std::string_view spec);

/// Renders and writes every output, all or none (gate::write_files_atomic).
void write_outputs(const std::vector<OutputSpec>& outputs, const Report& report);

/// Parses every `--output` spec, its file taken from -C.
std::vector<OutputSpec> output_specs(const std::vector<std::string>& specs,
                                     const CommonOptions& common);

}  // namespace gate::cli
