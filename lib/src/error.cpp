#include "gate/error.hpp"

#include <fmt/format.h>

namespace gate {

std::string SourceLocation::to_string() const {
  if (file.empty()) return {};
  if (line <= 0) return file;
  if (column <= 0) return fmt::format("{}:{}", file, line);
  return fmt::format("{}:{}:{}", file, line, column);
}

namespace {
std::string summary(const std::vector<Diagnostic>& diagnostics) {
  if (diagnostics.empty()) return "invalid configuration";
  const Diagnostic& first = diagnostics.front();
  std::string where = first.where.to_string();
  std::string text = where.empty() ? first.message : where + ": " + first.message;
  if (diagnostics.size() > 1) text += fmt::format(" (and {} more)", diagnostics.size() - 1);
  return text;
}
}  // namespace

ConfigError::ConfigError(std::vector<Diagnostic> diagnostics)
    : Error(summary(diagnostics)), diagnostics_(std::move(diagnostics)) {}

ConfigError::ConfigError(SourceLocation where, std::string message)
    : ConfigError(std::vector<Diagnostic>{{std::move(where), std::move(message), {}}}) {}

SourceLocation ConfigError::location() const {
  return diagnostics_.empty() ? SourceLocation{} : diagnostics_.front().where;
}

std::string quote_input(std::string_view text, std::size_t max) {
  if (text.size() <= max) return std::string(text);
  std::size_t cut = max;
  // Back up over continuation bytes (10xxxxxx) so no character is split.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "…";
}

std::string format_diagnostics(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const Diagnostic& d : diagnostics) {
    std::string where = d.where.to_string();
    out += where.empty() ? d.message : where + ": " + d.message;
    out += '\n';
    if (!d.source_line.empty() && d.where.column > 0) {
      out += "    " + d.source_line + "\n";
      // Tabs in the source keep their width so the caret lines up.
      std::string pad;
      for (int i = 0; i + 1 < d.where.column && i < static_cast<int>(d.source_line.size()); ++i)
        pad += d.source_line[static_cast<std::size_t>(i)] == '\t' ? '\t' : ' ';
      out += "    " + pad + "^\n";
    }
  }
  return out;
}

}  // namespace gate
