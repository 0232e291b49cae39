// parse_policy: refuses hostile input, parses with toml++, then validates every key of
// policy.toml version 1, collecting all problems before throwing one ConfigError.
// This is the only file that includes toml++.
#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <utility>

#include "gate/policy.hpp"

namespace gate {
namespace {

// toml++ 3.3 recurses per key segment and crashes on tens of thousands of them; no
// real policy comes near these bounds.
constexpr int max_key_segments = 32;
constexpr int max_nesting = 64;

// Collects diagnostics, each with the text of its line for a caret display.
class Reporter {
 public:
  Reporter(std::string_view text, std::string_view source) : text_(text), source_(source) {
    line_starts_.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n') line_starts_.push_back(i + 1);
  }

  void error(int line, int column, std::string message) {
    diagnostics_.push_back(
        {{source_, line, column}, std::move(message), std::string(line_text(line))});
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
    throw ConfigError(std::move(diagnostics_));
  }

 private:
  std::string_view text_;
  std::string source_;
  std::vector<std::size_t> line_starts_;
  std::vector<Diagnostic> diagnostics_;
};

// One linear pass over the raw text that follows TOML's lexical states just far enough
// to see what toml++ will treat as structure: dots in keys and bracket depth. Text in
// strings and comments is skipped, so a long dotted URL in a string is harmless.
class Prescan {
 public:
  explicit Prescan(Reporter& reporter) : reporter_(reporter) {}

  // Returns false (after reporting) when the text must not reach toml++.
  bool run(std::string_view text) {
    text_ = text;
    while (i_ < text_.size()) {
      if (text_[i_] == '\0') return fail(line_, column_, "NUL byte in policy file");
      if (state_ == State::code) {
        if (!code()) return false;
      } else if (state_ == State::comment) {
        if (text_[i_] == '\n') state_ = State::code;
        advance();
      } else {
        string_char();
      }
    }
    return true;
  }

 private:
  enum class State { code, comment, string };

  bool code() {
    const char c = text_[i_];
    if (c == '#') {
      state_ = State::comment;
    } else if (c == '"' || c == '\'') {
      mark_key_start();
      state_ = State::string;
      quote_ = c;
      multi_line_ = text_.substr(i_, 3) == std::string(3, c);
      if (multi_line_) advance(2);
    } else if (c == '[' || c == '{') {
      if (++depth_ > max_nesting)
        return fail(line_, column_,
                    fmt::format("arrays, inline tables or header brackets nested more than {} "
                                "deep; refused before parsing",
                                max_nesting));
      reset_key();
    } else if (c == ']' || c == '}') {
      depth_ = std::max(0, depth_ - 1);
      reset_key();
    } else if (c == '=' || c == ',' || c == '\n') {
      reset_key();
    } else if (c == '.') {
      if (++segments_ > max_key_segments)
        return fail(key_line_ ? key_line_ : line_, key_line_ ? key_column_ : column_,
                    fmt::format("key or table header has more than {} dotted segments; "
                                "refused before parsing",
                                max_key_segments));
    } else if (c != ' ' && c != '\t' && c != '\r') {
      mark_key_start();
    }
    advance();
    return true;
  }

  // One character inside a string. Multi-line strings may end with up to two extra
  // quotes that belong to the content ("""a""""" is `a""`), as toml++ reads them.
  void string_char() {
    const char c = text_[i_];
    if (escaped_) {
      escaped_ = false;
    } else if (quote_ == '"' && c == '\\') {  // only basic strings have escapes
      escaped_ = true;
    } else if (!multi_line_ && (c == quote_ || c == '\n')) {
      // An unterminated single-line string is toml++'s syntax error; resume as code.
      state_ = State::code;
      if (c == '\n') reset_key();
    } else if (multi_line_ && text_.substr(i_, 3) == std::string(3, quote_)) {
      std::size_t run = 0;
      while (i_ + run < text_.size() && text_[i_ + run] == quote_ && run < 5) ++run;
      advance(run);
      state_ = State::code;
      return;
    }
    advance();
  }

  void mark_key_start() {
    if (key_line_ != 0) return;
    key_line_ = line_;
    key_column_ = column_;
  }
  void reset_key() {
    segments_ = 1;
    key_line_ = 0;
  }

  // Columns count code points, as toml++ does, so both kinds of diagnostic agree.
  void advance(std::size_t count = 1) {
    for (; count > 0 && i_ < text_.size(); --count, ++i_) {
      const auto byte = static_cast<unsigned char>(text_[i_]);
      if (byte == '\n') {
        ++line_;
        column_ = 1;
      } else if ((byte & 0xC0) != 0x80) {
        ++column_;
      }
    }
  }

  bool fail(int line, int column, std::string message) {
    reporter_.error(line, column, std::move(message));
    return false;
  }

  Reporter& reporter_;
  std::string_view text_;
  std::size_t i_ = 0;
  int line_ = 1, column_ = 1;
  State state_ = State::code;
  char quote_ = '"';         // of the string being read: '"' basic, '\'' literal
  bool multi_line_ = false;  // """ or '''
  bool escaped_ = false;
  int depth_ = 0;
  int segments_ = 1;
  int key_line_ = 0, key_column_ = 0;
};

const char* type_name(const toml::node& node) {
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

// Checks one table after another, reporting each problem and carrying on.
class Validator {
 public:
  Validator(Reporter& reporter, Policy& policy) : rep_(reporter), policy_(policy) {}

  void root(const toml::table& root) {
    for (auto&& [key, node] : root) {
      const std::string_view name = key.str();
      if (name == "version")
        version(node);
      else if (name == "timezone")
        timezone(node);
      else if (name == "protected")
        protected_refs(node);
      else if (name == "rules")
        rules(node);
      else if (name == "size")
        size(node);
      else if (name == "component")
        components(node);
      else if (name == "freeze" || name == "allow")
        array_of_tables(name, node);
      else if (name == "owners" || name == "overrides")
        reserved_table(name, node);
      else
        rep_.error(key.source(), fmt::format("unknown key '{}'", name));
    }
    if (!root.contains("version"))
      rep_.error(0, 0, "missing required key 'version' (write `version = 1` first)");
  }

 private:
  void version(const toml::node& node) {
    if (auto v = integer(node, "version", std::nullopt); v && *v != 1)
      rep_.error(node.source(),
                 fmt::format("unsupported policy version {}; this gate reads version 1", *v));
  }

  void timezone(const toml::node& node) {
    auto zone = string(node, "timezone");
    if (!zone) return;
    if (zone->empty())
      rep_.error(node.source(), "'timezone' must not be empty");
    else if (*zone == "localtime")
      rep_.error(node.source(),
                 "timezone \"localtime\" depends on the machine running the gate; "
                 "name a zone such as \"Europe/Bratislava\"");
    else
      policy_.timezone = *zone;
  }

  void protected_refs(const toml::node& node) {
    const toml::array* array = array_of(node, "protected");
    if (!array) return;
    std::vector<std::string> refs;
    for (const toml::node& element : *array) {
      auto ref = string(element, "'protected' entries");
      if (!ref) continue;
      if (ref->rfind("refs/", 0) != 0)
        rep_.error(element.source(), fmt::format("protected ref '{}' must be a full ref name "
                                                 "starting with \"refs/\", e.g. \"refs/heads/{}\"",
                                                 *ref, *ref));
      else
        refs.push_back(*ref);
    }
    policy_.protected_refs = std::move(refs);
  }

  void rules(const toml::node& node) {
    const toml::table* table = table_of(node, "rules");
    if (!table) return;
    const auto& known = known_rules();
    for (auto&& [key, value] : *table) {
      const std::string_view rule = key.str();
      if (std::find(known.begin(), known.end(), rule) == known.end()) {
        // An unquoted `owners.cross-team = ...` is a dotted key: a nested table.
        const char* hint = value.is_table() ? "; quote rule ids that contain a dot, e.g. "
                                              "\"owners.cross-team\" = \"warn\""
                                            : "";
        rep_.error(key.source(), fmt::format("unknown rule id '{}' in [rules] (known: {}){}", rule,
                                             fmt::join(known, ", "), hint));
        continue;
      }
      if (auto s = severity(value, rule)) policy_.rules.emplace(std::string(rule), *s);
    }
  }

  void size(const toml::node& node) {
    const toml::table* table = table_of(node, "size");
    if (!table) return;
    SizePolicy& size = policy_.size;
    for (auto&& [key, value] : *table) {
      const std::string_view name = key.str();
      if (name == "severity") {
        size.severity = severity(value, name);
      } else if (name == "max_components") {
        if (auto v = integer(value, name, 1)) size.max_components = *v;
      } else if (name == "max_lines" || name == "max_files") {
        auto& limit = name == "max_lines" ? size.limits.max_lines : size.limits.max_files;
        limit = integer(value, name, 0);
      } else if (name == "exclude") {
        size.exclude = patterns(value, name);
      } else {
        rep_.error(key.source(), fmt::format("unknown key '{}' in [size]", name));
      }
    }
  }

  void components(const toml::node& node) {
    if (!array_of_tables("component", node)) return;
    for (const toml::node& element : *node.as_array()) component(*element.as_table());
  }

  void component(const toml::table& table) {
    Component c;
    c.where = {rep_.source(), static_cast<int>(table.source().begin.line),
               static_cast<int>(table.source().begin.column)};
    bool has_name = false, has_paths = false;
    for (auto&& [key, value] : table) {
      const std::string_view name = key.str();
      if (name == "name") {
        has_name = true;
        component_name(value, c.name);
      } else if (name == "paths") {
        has_paths = true;
        c.paths = patterns(value, name);
        if (value.is_array() && value.as_array()->empty())
          rep_.error(value.source(), "'paths' must list at least one pattern");
      } else if (name == "zones") {
        if (const toml::array* zones = array_of(value, name))
          for (const toml::node& zone : *zones)
            if (auto z = string(zone, "'zones' entries")) c.zones.push_back(*z);
      } else if (name == "max_lines") {
        c.limits.max_lines = integer(value, name, 0);
      } else if (name == "max_files") {
        c.limits.max_files = integer(value, name, 0);
      } else {
        rep_.error(key.source(), fmt::format("unknown key '{}' in [[component]]", name));
      }
    }
    if (!has_name) rep_.error(table.source(), "[[component]] is missing required key 'name'");
    if (!has_paths) rep_.error(table.source(), "[[component]] is missing required key 'paths'");
    policy_.components.push_back(std::move(c));
  }

  void component_name(const toml::node& value, std::string& out) {
    auto name = string(value, "name");
    if (!name) return;
    const int line = static_cast<int>(value.source().begin.line);
    if (name->empty()) {
      rep_.error(value.source(), "component 'name' must not be empty");
    } else if (*name == other_component) {
      rep_.error(value.source(),
                 "component name \"(other)\" is reserved for paths in no component");
    } else if (auto [it, fresh] = names_.emplace(*name, line); !fresh) {
      rep_.error(value.source(), fmt::format("duplicate component name '{}' (first defined "
                                             "on line {})",
                                             *name, it->second));
    }
    out = *name;
  }

  // [[freeze]] and [[allow]] contents are defined by later issues: only the shape is checked.
  bool array_of_tables(std::string_view name, const toml::node& node) {
    // toml++ does not count an empty array as an array of tables; `name = []` is fine.
    const toml::array* array = node.as_array();
    if (array && (array->empty() || array->is_array_of_tables())) return true;
    rep_.error(node.source(), fmt::format("'{}' must be an array of tables ([[{}]]), got {}", name,
                                          name, type_name(node)));
    return false;
  }
  void reserved_table(std::string_view name, const toml::node& node) { table_of(node, name); }

  // --- typed accessors: each reports a wrong type and returns nothing ---

  void wrong_type(const toml::node& node, std::string_view what, std::string_view expected) {
    // `what` is a key name, or an already quoted description such as "'zones' entries".
    const std::string subject =
        !what.empty() && what.front() == '\'' ? std::string(what) : fmt::format("'{}'", what);
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
      rep_.error(node.source(),
                 fmt::format("'{}' must be at least {}, got {}", what, *minimum, i->get()));
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
                                          what, *text));
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
    const std::string entries = fmt::format("'{}' entries", what);
    for (const toml::node& element : *array) {
      auto text = string(element, entries);
      if (!text) continue;
      try {
        out.push_back(Pattern::compile(*text, Dialect::github));
      } catch (const PatternError& e) {
        auto begin = element.source().begin;
        rep_.error(static_cast<int>(begin.line), pattern_column(element, *text, e.column()),
                   fmt::format("invalid pattern '{}': {}", *text, e.reason()));
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

  Reporter& rep_;
  Policy& policy_;
  std::map<std::string, int, std::less<>> names_;  // component name -> line first defined
};

}  // namespace

Policy parse_policy(std::string_view text, std::string_view source) {
  if (text.size() > max_policy_bytes)
    throw ConfigError(SourceLocation{std::string(source), 0, 0},
                      fmt::format("policy file is {} bytes; the limit is {} bytes (1 MiB)",
                                  text.size(), max_policy_bytes));
  Reporter reporter(text, source);
  if (!Prescan(reporter).run(text)) reporter.raise();

  toml::table root;
  try {
    root = toml::parse(text, std::string(source));
  } catch (const toml::parse_error& e) {
    reporter.error(e.source(), std::string(e.description()));
    reporter.raise();
  }

  Policy policy;
  policy.source = std::string(source);
  Validator(reporter, policy).root(root);
  if (reporter.has_errors()) reporter.raise();
  return policy;
}

}  // namespace gate
