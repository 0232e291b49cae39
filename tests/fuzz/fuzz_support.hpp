// Shared by the libFuzzer targets: turn the fuzzer's bytes into text and fields, and the
// properties every target checks (only gate::Error escapes; messages stay bounded).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "gate/error.hpp"

namespace gate::fuzz {

/// An error message may quote at most 200 bytes of each input it names (docs/rules.md,
/// "Exit codes"); with its fixed text and a location it stays well under this.
inline constexpr std::size_t max_message_bytes = 1024;

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

/// Fields separated by NUL: the seed files use the same layout, so a seed is readable.
inline std::vector<std::string_view> split_fields(std::string_view text, std::size_t max_fields) {
  std::vector<std::string_view> fields;
  while (fields.size() + 1 < max_fields) {
    std::size_t nul = text.find('\0');
    if (nul == std::string_view::npos) break;
    fields.push_back(text.substr(0, nul));
    text.remove_prefix(nul + 1);
  }
  fields.push_back(text);
  return fields;
}

/// Aborts, so that libFuzzer records the input, when a property does not hold.
inline void require(bool holds, const char* property) {
  if (holds) return;
  std::fprintf(stderr, "fuzz property violated: %s\n", property);
  std::abort();
}

inline void require_bounded(std::string_view message) {
  if (message.size() <= max_message_bytes) return;
  std::fprintf(stderr, "message of %zu bytes: %.300s...\n", message.size(),
               std::string(message).c_str());
  std::abort();
}

/// A ConfigError's what() lists every problem; each problem, and its caret line, is bounded.
inline void require_bounded(const gate::Error& error) {
  if (const auto* config = dynamic_cast<const gate::ConfigError*>(&error)) {
    for (const gate::Diagnostic& d : config->diagnostics()) {
      require_bounded(d.message);
      require_bounded(d.source_line);
    }
    return;
  }
  require_bounded(std::string_view(error.what()));
}

}  // namespace gate::fuzz
