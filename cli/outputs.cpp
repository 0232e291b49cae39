#include "outputs.hpp"

#include <fmt/format.h>

#include <utility>

#include "gate/error.hpp"
#include "gate/files.hpp"
#include "gate/render.hpp"
#include "gate/suggest.hpp"
#include "gate/terminal.hpp"

namespace gate::cli {
namespace {

constexpr std::pair<std::string_view, Format> formats[] = {
    {"text", Format::text},         {"json", Format::json},   {"github", Format::github},
    {"markdown", Format::markdown}, {"sarif", Format::sarif}, {"gitlab", Format::gitlab},
};

}  // namespace

std::string format_list() {
  std::string out;
  for (const auto& [name, format] : formats) out += (out.empty() ? "" : ", ") + std::string(name);
  return out;
}

std::optional<Format> format_named(std::string_view name) {
  for (const auto& [known, format] : formats)
    if (known == name) return format;
  return std::nullopt;
}

bool is_machine_format(Format format) {
  return format == Format::json || format == Format::sarif || format == Format::gitlab;
}

std::string render_as(Format format, const Report& report, TextStyle style) {
  switch (format) {
    case Format::text:
      return render_text(report, style);
    case Format::json:
      return render_json(report);
    case Format::github:
      return render_github(report);
    case Format::markdown:
      return render_markdown(report);
    case Format::sarif:
      return render_sarif(report);
    case Format::gitlab:
      return render_gitlab(report);
  }
  return render_text(report, style);
}

void print_as(Format format, const Report& report, TextStyle style) {
  if (format == Format::json)
    render_json(report, [](std::string_view piece) { write_out(stdout, piece); });
  else
    write_out(stdout, render_as(format, report, style));
}

std::vector<std::string> format_names() {
  std::vector<std::string> names;
  for (const auto& [name, format] : formats) names.emplace_back(name);
  return names;
}

namespace {

// What is wrong with a `FORMAT=FILE` spec, or "" when nothing is. Checked when the run
// starts, not by CLI11, so that the error takes the --format of the run (README, Exit
// codes).
std::string output_spec_problem(std::string_view spec) {
  std::size_t eq = spec.find('=');
  if (eq == std::string_view::npos || eq + 1 >= spec.size())
    return fmt::format("{}: expected FORMAT=FILE with FORMAT one of {}", quote_input(spec),
                       format_list());
  std::string_view name = spec.substr(0, eq);
  if (format_named(name)) return {};
  return fmt::format("{}: '{}' is not a format: use one of {}{}", quote_input(spec),
                     quote_input(name), format_list(), did_you_mean(name, format_names()));
}

}  // namespace

OutputSpec parse_output_spec(std::string_view spec) {
  if (std::string problem = output_spec_problem(spec); !problem.empty())
    throw UsageError("--output " + problem);
  std::size_t eq = spec.find('=');
  return {*format_named(spec.substr(0, eq)), std::string(spec.substr(eq + 1)), std::string(spec)};
}

std::vector<OutputSpec> output_specs(const std::vector<std::string>& specs,
                                     const CommonOptions& common) {
  std::vector<OutputSpec> outputs;
  for (const std::string& spec : specs) {
    OutputSpec o = parse_output_spec(spec);
    o.path = common.path(o.path);
    outputs.push_back(std::move(o));
  }
  return outputs;
}

void write_outputs(const std::vector<OutputSpec>& outputs, const Report& report) {
  std::vector<FileToWrite> files;
  for (const OutputSpec& o : outputs)
    files.push_back({o.path, render_as(o.format, report), "--output " + o.spec});
  write_files_atomic(files);
}

}  // namespace gate::cli
