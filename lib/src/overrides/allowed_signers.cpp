// The allowed-signers file's syntax, as ssh-keygen(1) reads it ("ALLOWED SIGNERS"): one
// key per line, `principals [options] keytype base64-key [comment]`; `#` comments and
// blank lines are skipped. Only the shape is checked here: whether a key verifies is
// ssh-keygen's business at verification time.
#include "gate/override.hpp"

#include <fmt/format.h>

#include <array>

#include "gate/error.hpp"

namespace gate {

namespace {

constexpr std::array<std::string_view, 6> key_types = {
    "ssh-ed25519",         "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521", "ssh-dss",
};

// ssh-keygen also takes security-key and certificate types, which all carry an `@`.
bool is_key_type(std::string_view t) {
  for (std::string_view k : key_types)
    if (t == k) return true;
  return t.starts_with("sk-") || t.find("-cert-v01@openssh.com") != std::string_view::npos;
}

bool is_base64(std::string_view s) {
  if (s.empty() || s.size() % 4 != 0) return false;
  for (char c : s) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '+' || c == '/' || c == '=';
    if (!ok) return false;
  }
  return true;
}

bool is_option_list(std::string_view field) {
  std::size_t start = 0;
  while (start <= field.size()) {
    std::size_t end = field.find(',', start);
    // A comma inside quotes belongs to the value (namespaces="git,file").
    std::size_t quote = field.find('"', start);
    if (quote < end) end = field.find(',', field.find('"', quote + 1));
    std::string_view option = field.substr(start, end - start);
    std::string_view name = option.substr(0, option.find('='));
    if (name != "cert-authority" && name != "namespaces" && name != "valid-after" &&
        name != "valid-before")
      return false;
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return true;
}

// Whitespace-separated fields, a double-quoted stretch kept whole; the column of each.
std::vector<std::pair<std::string_view, int>> fields_of(std::string_view line) {
  std::vector<std::pair<std::string_view, int>> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i == line.size()) break;
    std::size_t start = i;
    bool quoted = false;
    while (i < line.size() && (quoted || (line[i] != ' ' && line[i] != '\t'))) {
      if (line[i] == '"') quoted = !quoted;
      ++i;
    }
    out.emplace_back(line.substr(start, i - start), static_cast<int>(start) + 1);
  }
  return out;
}

std::string quoted(std::string_view s) { return quote_input(s); }

// Why the line is not an allowed-signers entry, with the column, or "" when it is one.
std::pair<std::string, int> line_problem(std::string_view line) {
  auto fields = fields_of(line);
  if (fields.empty() || fields[0].first.starts_with("#")) return {};
  std::size_t type = 1;
  if (fields.size() > 1 && !is_key_type(fields[1].first)) {
    if (!is_option_list(fields[1].first))
      return {fmt::format("'{}' is neither a key type nor signer options (cert-authority, "
                          "namespaces=, valid-after=, valid-before=)",
                          quoted(fields[1].first)),
              fields[1].second};
    type = 2;
  }
  if (fields.size() <= type)
    return {"expected `principals [options] keytype key`: the key type is missing",
            static_cast<int>(line.size()) + 1};
  if (!is_key_type(fields[type].first))
    return {fmt::format("unknown key type '{}'", quoted(fields[type].first)), fields[type].second};
  if (fields.size() <= type + 1)
    return {"the key is missing after its type", static_cast<int>(line.size()) + 1};
  if (!is_base64(fields[type + 1].first)) return {"the key is not base64", fields[type + 1].second};
  return {};
}

}  // namespace

std::vector<Diagnostic> check_allowed_signers(std::string_view text, std::string_view source) {
  std::vector<Diagnostic> out;
  int number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (line.ends_with('\r')) line.remove_suffix(1);
    ++number;
    if (auto [why, column] = line_problem(line); !why.empty())
      out.push_back({{std::string(source), number, column}, why, quoted(line)});
    start = end + 1;
  }
  return out;
}

}  // namespace gate
