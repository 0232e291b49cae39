#pragma once
// Shared by the policy_*.cpp readers: diagnostics collection and typed access to toml++
// nodes. Private to lib/src; toml++ never reaches a public header.

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gate/error.hpp"
#include "gate/pattern.hpp"
#include "gate/policy.hpp"
#include "gate/policy_keys.hpp"
#include "gate/suggest.hpp"
#include "gate/windows.hpp"

namespace gate::policy_toml {

// Collects diagnostics, each with the text of its line for a caret display.
class Reporter {
 public:
  Reporter(std::string_view text, std::string_view source) : text_(text), source_(source) {
    line_starts_.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n') line_starts_.push_back(i + 1);
  }

  // Hostile input is normal input: a message quotes at most 200 bytes of its line, and
  // past max_diagnostics problems only a count is kept.
  void error(int line, int column, std::string message) {
    if (diagnostics_.size() >= max_diagnostics) {
      ++suppressed_;
      return;
    }
    diagnostics_.push_back(
        {{source_, line, column}, std::move(message), quote_input(line_text(line))});
  }
  void error(const toml::source_region& where, std::string message) {
    error(static_cast<int>(where.begin.line), static_cast<int>(where.begin.column),
          std::move(message));
  }

  // The text of 1-based `line` without its line break; empty when out of range.
  std::string_view line_text(int line) const {
    if (line <= 0 || static_cast<std::size_t>(line) > line_starts_.size()) return {};
    std::size_t begin = line_starts_[static_cast<std::size_t>(line - 1)];
    std::size_t end = text_.find('\n', begin);
    std::string_view text = text_.substr(begin, end == std::string_view::npos ? end : end - begin);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    return text;
  }

  const std::string& source() const { return source_; }
  bool has_errors() const { return !diagnostics_.empty(); }

  [[noreturn]] void raise() {
    // toml++ tables iterate in key order; report in file order instead.
    std::stable_sort(diagnostics_.begin(), diagnostics_.end(), [](const auto& a, const auto& b) {
      return std::pair(a.where.line, a.where.column) < std::pair(b.where.line, b.where.column);
    });
    if (suppressed_ > 0)
      diagnostics_.push_back(
          {{source_, 0, 0}, fmt::format("{} more problems not listed", suppressed_), {}});
    throw ConfigError(std::move(diagnostics_));
  }

  static constexpr std::size_t max_diagnostics = 1000;

 private:
  std::string_view text_;
  std::string source_;
  std::vector<std::size_t> line_starts_;
  std::vector<Diagnostic> diagnostics_;
  std::size_t suppressed_ = 0;
};

inline const char* type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table:
      return "table";
    case toml::node_type::array:
      return "array";
    case toml::node_type::string:
      return "string";
    case toml::node_type::integer:
      return "integer";
    case toml::node_type::floating_point:
      return "float";
    case toml::node_type::boolean:
      return "boolean";
    case toml::node_type::date:
      return "date";
    case toml::node_type::time:
      return "time";
    case toml::node_type::date_time:
      return "date-time";
    default:
      return "nothing";
  }
}

// Typed accessors: each reports a wrong type and returns nothing, so validation goes on
// and every problem is reported at once.
class TomlReader {
 public:
  explicit TomlReader(Reporter& reporter) : rep_(reporter) {}
  Reporter& reporter() { return rep_; }

  void wrong_type(const toml::node& node, std::string_view what, std::string_view expected) {
    // `what` is a key name, or an already quoted description such as "'zones' entries".
    const std::string subject = !what.empty() && what.front() == '\''
                                    ? quote_input(what)
                                    : fmt::format("'{}'", quote_input(what));
    rep_.error(node.source(),
               fmt::format("{} must be {}, got {}", subject, expected, type_name(node)));
  }

  std::optional<std::string> string(const toml::node& node, std::string_view what) {
    if (const auto* s = node.as_string()) return s->get();
    wrong_type(node, what, "a string");
    return std::nullopt;
  }

  std::optional<std::int64_t> integer(const toml::node& node, std::string_view what,
                                      std::optional<std::int64_t> minimum) {
    const auto* i = node.as_integer();
    if (!i) {
      wrong_type(node, what, "an integer");
      return std::nullopt;
    }
    if (minimum && i->get() < *minimum) {
      rep_.error(node.source(), fmt::format("'{}' must be at least {}, got {}", quote_input(what),
                                            *minimum, i->get()));
      return std::nullopt;
    }
    return i->get();
  }

  std::optional<RuleSeverity> severity(const toml::node& node, std::string_view what) {
    auto text = string(node, what);
    if (!text) return std::nullopt;
    if (*text == "block") return RuleSeverity::block;
    if (*text == "warn") return RuleSeverity::warn;
    if (*text == "off") return RuleSeverity::off;
    rep_.error(node.source(), fmt::format("'{}' must be \"block\", \"warn\" or \"off\", got "
                                          "\"{}\"",
                                          quote_input(what), quote_input(*text)));
    return std::nullopt;
  }

  const toml::array* array_of(const toml::node& node, std::string_view what) {
    if (const auto* a = node.as_array()) return a;
    wrong_type(node, what, "an array");
    return nullptr;
  }

  const toml::table* table_of(const toml::node& node, std::string_view what) {
    if (const auto* t = node.as_table()) return t;
    wrong_type(node, what, "a table");
    return nullptr;
  }

  std::vector<Pattern> patterns(const toml::node& node, std::string_view what) {
    std::vector<Pattern> out;
    const toml::array* array = array_of(node, what);
    if (!array) return out;
    const std::string entries = fmt::format("'{}' entries", quote_input(what));
    for (const toml::node& element : *array) {
      auto text = string(element, entries);
      if (!text) continue;
      try {
        out.push_back(Pattern::compile(*text, Dialect::github));
      } catch (const PatternError& e) {
        auto begin = element.source().begin;
        rep_.error(static_cast<int>(begin.line), pattern_column(element, *text, e.column()),
                   fmt::format("invalid pattern '{}': {}", quote_input(*text), e.reason()));
      }
    }
    return out;
  }

  // The column of a pattern error inside its string. Exact when the string is written
  // as a plain "..." or '...' with no escapes; else the string's own column.
  int pattern_column(const toml::node& node, std::string_view text, int error_column) {
    const auto begin = node.source().begin;
    const int string_column = static_cast<int>(begin.column);
    std::string_view line = rep_.line_text(static_cast<int>(begin.line));
    std::size_t at = 0;  // code-point column -> byte offset
    for (int col = 1; at < line.size() && col < string_column; ++col) {
      ++at;
      while (at < line.size() && (static_cast<unsigned char>(line[at]) & 0xC0) == 0x80) ++at;
    }
    if (at >= line.size() || (line[at] != '"' && line[at] != '\'')) return string_column;
    const char quote = line[at];
    if (line.substr(at + 1, text.size()) != text || line.size() <= at + 1 + text.size() ||
        line[at + 1 + text.size()] != quote ||
        (quote == '"' && text.find('\\') != std::string_view::npos))
      return string_column;
    int offset = 1;  // the opening quote
    const auto prefix = text.substr(0, static_cast<std::size_t>(std::max(0, error_column - 1)));
    for (char ch : prefix)
      if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) ++offset;
    return string_column + offset;
  }

  /// An array of strings, each checked; wrong entries are reported and skipped.
  std::vector<std::string> strings(const toml::node& node, std::string_view what) {
    std::vector<std::string> out;
    const toml::array* array = array_of(node, what);
    if (!array) return out;
    const std::string entries = fmt::format("'{}' entries", quote_input(what));
    for (const toml::node& element : *array)
      if (auto s = string(element, entries)) out.push_back(*s);
    return out;
  }

  std::optional<bool> boolean(const toml::node& node, std::string_view what) {
    if (const auto* b = node.as_boolean()) return b->get();
    wrong_type(node, what, "a boolean");
    return std::nullopt;
  }

  /// Reports a key of `table` ("" for the top level) that the parser does not know.
  void unknown_key(const toml::key& key, std::string_view table) {
    const std::string where = table.empty() ? "" : fmt::format(" in {}", table);
    rep_.error(key.source(), fmt::format("unknown key '{}'{}{}", quote_input(key.str()), where,
                                         did_you_mean(key.str(), policy_keys_of(table))));
  }

  /// False, after reporting it, when `key` is not in gate::policy_keys() for `table`: that
  /// table is the parser's whitelist, so docs/policy.md cannot miss a key it accepts.
  bool known_key(const toml::key& key, std::string_view table) {
    if (is_policy_key(table, key.str())) return true;
    unknown_key(key, table);
    return false;
  }

 private:
  Reporter& rep_;
};

/// A zone name, checked against the tz database ("localtime" refused); reports and
/// returns nothing when invalid (policy_windows.cpp).
std::optional<std::string> read_zone(TomlReader& reader, const toml::node& node,
                                     std::string_view what);

/// Appends the windows of one `[[freeze]]` or `[[allow]]` array (policy_windows.cpp).
/// `ids` collects window ids across both arrays, to refuse duplicates.
void read_windows(TomlReader& reader, std::string_view name, const toml::array& array,
                  std::vector<Window>& out, std::set<std::string, std::less<>>& ids);

/// Reads the `[owners]` table (policy_owners.cpp).
void read_owners(TomlReader& reader, const toml::node& node, OwnersPolicy& owners);

/// A duration such as "24h" (override.hpp, parse_duration); reports and returns nothing
/// when malformed (policy_overrides.cpp).
std::optional<std::chrono::seconds> read_duration(TomlReader& reader, const toml::node& node,
                                                  std::string_view what);

/// Sets `out` to a string that must be one non-empty word, else reports it
/// (policy_overrides.cpp).
void non_empty(TomlReader& reader, const toml::node& node, std::string_view what, std::string& out);

/// Reads the `[freezes]` table (policy_freezes.cpp).
void read_freezes(TomlReader& reader, const toml::node& node, FreezesPolicy& freezes);

/// After the whole policy is read: `[freezes] repository` falls back to `[overrides]`'s, and
/// one of them is required (policy_freezes.cpp).
void finish_freezes(Reporter& reporter, const toml::table& root, Policy& policy);

// The [overrides] table and its [[overrides.approver]] entries.
void read_overrides(TomlReader& reader, const toml::node& node, OverridesPolicy& overrides);

}  // namespace gate::policy_toml
