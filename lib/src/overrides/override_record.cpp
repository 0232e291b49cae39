// The record format. A record is a fixed sequence of lines; anything else (another
// order, an unknown or repeated key, trailing spaces, a missing signature) is not a
// record. A strict format leaves nothing for a signature to mean twice: the payload
// ssh-keygen verifies is rebuilt from the parsed fields, so an edited field, however
// written, fails the signature.

#include "gate/override.hpp"

#include <fmt/format.h>

#include <charconv>

#include "gate/error.hpp"

namespace gate {
namespace {

constexpr std::string_view kHeader = "git-gate override v1";
constexpr std::string_view kBegin = "-----BEGIN SSH SIGNATURE-----";
constexpr std::string_view kEnd = "-----END SSH SIGNATURE-----";
constexpr const char* kKeys[] = {"id",     "repository", "commit",    "rules",
                                 "reason", "principal",  "issued-at", "expires-at"};
constexpr std::size_t kMaxReason = 1000;

// Printable ASCII or UTF-8 beyond it; no control characters, so every field is one line.
bool printable(std::string_view text) {
  for (unsigned char c : text)
    if (c < 0x20 || c == 0x7f) return false;
  return true;
}

bool is_hex(std::string_view text, std::size_t length) {
  return text.size() == length &&
         text.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

bool valid_rule(std::string_view rule) {
  return !rule.empty() &&
         rule.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789.-") == std::string_view::npos;
}

// Why `r` cannot be written canonically, or "".
std::string invalid_field(const OverrideRecord& r) {
  if (!is_hex(r.id, 16)) return "id must be 16 lower-case hex digits";
  if (r.repository.empty() || !printable(r.repository) ||
      r.repository.find(' ') != std::string::npos)
    return "repository must be one word";
  if (!is_hex(r.commit, 40) && !is_hex(r.commit, 64)) return "commit must be a full commit id";
  if (r.rules.empty()) return "at least one rule is needed";
  for (const std::string& rule : r.rules)
    if (!valid_rule(rule)) return "rule '" + rule + "' is not a rule id";
  if (r.reason.empty() || r.reason.size() > kMaxReason || !printable(r.reason) ||
      r.reason.front() == ' ' || r.reason.back() == ' ')
    return fmt::format(
        "the reason must be one line of 1 to {} bytes, without control "
        "characters or leading/trailing spaces",
        kMaxReason);
  if (r.principal.empty() || !printable(r.principal) || r.principal.find(' ') != std::string::npos)
    return "principal must be one word";
  if (r.expires_at <= r.issued_at) return "expires-at must be after issued-at";
  return {};
}

std::string join_rules(const std::vector<std::string>& rules) {
  std::string out;
  for (const std::string& r : rules) out += (out.empty() ? "" : " ") + r;
  return out;
}

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    std::size_t nl = text.find('\n');
    lines.push_back(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
  }
  return lines;
}

}  // namespace

std::string canonical_payload(const OverrideRecord& r) {
  if (std::string why = invalid_field(r); !why.empty())
    throw UsageError("cannot write the override record: " + why);
  std::string values[] = {r.id,
                          r.repository,
                          r.commit,
                          join_rules(r.rules),
                          r.reason,
                          r.principal,
                          format_utc(r.issued_at),
                          format_utc(r.expires_at)};
  std::string out = std::string(kHeader) + "\n";
  for (std::size_t i = 0; i < std::size(kKeys); ++i)
    out += fmt::format("{}: {}\n", kKeys[i], values[i]);
  return out;
}

std::string note_entry(const OverrideRecord& r) {
  std::string signature = r.signature;
  if (!signature.empty() && signature.back() != '\n') signature += '\n';
  return canonical_payload(r) + signature;
}

namespace {

// Reads the fields of one record from `lines[at..]` (just after the header line);
// advances `at` past the signature. Returns the record, or sets `error`.
std::optional<OverrideRecord> read_record(const std::vector<std::string_view>& lines,
                                          std::size_t& at, std::string& error) {
  std::string values[std::size(kKeys)];
  for (std::size_t k = 0; k < std::size(kKeys); ++k, ++at) {
    std::string prefix = std::string(kKeys[k]) + ": ";
    if (at >= lines.size() || !lines[at].starts_with(prefix)) {
      error = fmt::format("expected the line '{}…'", prefix);
      return std::nullopt;
    }
    values[k] = std::string(lines[at].substr(prefix.size()));
  }
  OverrideRecord r;
  r.id = values[0];
  r.repository = values[1];
  r.commit = values[2];
  for (std::size_t pos = 0; pos <= values[3].size();) {
    std::size_t space = std::min(values[3].find(' ', pos), values[3].size());
    r.rules.push_back(values[3].substr(pos, space - pos));
    pos = space + 1;
  }
  r.reason = values[4];
  r.principal = values[5];
  try {
    r.issued_at = parse_rfc3339(values[6], "issued-at");
    r.expires_at = parse_rfc3339(values[7], "expires-at");
  } catch (const Error& e) {
    error = e.what();
    return std::nullopt;
  }
  if (std::string why = invalid_field(r); !why.empty()) {
    error = why;
    return std::nullopt;
  }
  if (format_utc(r.issued_at) != values[6] || format_utc(r.expires_at) != values[7]) {
    error = "times must be written as UTC seconds with Z";
    return std::nullopt;
  }
  if (at >= lines.size() || lines[at] != kBegin) {
    error = "the record has no signature";
    return std::nullopt;
  }
  for (std::size_t end = at; end < lines.size(); ++end) {
    if (lines[end] != kEnd) continue;
    for (; at <= end; ++at) r.signature += std::string(lines[at]) + "\n";
    return r;
  }
  error = "the signature is truncated (no END SSH SIGNATURE line)";
  at = lines.size();
  return std::nullopt;
}

std::string joined(const std::vector<std::string_view>& lines, std::size_t from, std::size_t to) {
  std::string out;
  for (std::size_t i = from; i < to && i < lines.size(); ++i) out += std::string(lines[i]) + "\n";
  return out;
}

}  // namespace

std::vector<NoteEntry> parse_note(std::string_view note) {
  std::vector<std::string_view> lines = lines_of(note);
  std::vector<NoteEntry> entries;
  std::size_t at = 0;
  while (at < lines.size()) {
    if (lines[at].empty()) {
      ++at;
      continue;
    }
    std::size_t start = at;
    NoteEntry entry;
    if (lines[at] == kHeader) {
      ++at;
      entry.record = read_record(lines, at, entry.error);
    } else {
      entry.error = "not an override record (records start with '" + std::string(kHeader) + "')";
    }
    if (!entry.record) {  // skip to the next record
      at = std::max(at, start + 1);
      while (at < lines.size() && lines[at] != kHeader) ++at;
    }
    entry.text = joined(lines, start, at);
    entries.push_back(std::move(entry));
  }
  return entries;
}

std::optional<std::chrono::seconds> parse_duration(std::string_view text) {
  if (text.size() < 2) return std::nullopt;
  long long n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size() - 1, n);
  if (ec != std::errc() || end != text.data() + text.size() - 1 || n <= 0 || n > 10LL * 365 * 86400)
    return std::nullopt;
  switch (text.back()) {
    case 's':
      return std::chrono::seconds(n);
    case 'm':
      return std::chrono::minutes(n);
    case 'h':
      return std::chrono::hours(n);
    case 'd':
      return std::chrono::days(n);
    default:
      return std::nullopt;
  }
}

Instant parse_expiry(std::string_view text, Instant now) {
  if (std::optional<std::chrono::seconds> d = parse_duration(text)) return now + *d;
  if (text.find('T') != std::string_view::npos) return parse_rfc3339(text, "--expires");
  throw UsageError(
      fmt::format("--expires {}: give N followed by s, m, h or d (e.g. 90m, 2h, "
                  "1d) or an RFC 3339 instant",
                  quote_input(text)));
}

// Iterative with a single backtrack point (the last `*`), so O(n*m) at worst: a policy's
// approver globs are matched while it is parsed, and a hostile glob of many stars must
// not stall every command (exponential with a recursive matcher). Exact because every
// other pattern character consumes exactly one text character.
bool star_glob_matches(std::string_view pattern, std::string_view text) {
  constexpr std::size_t none = std::string_view::npos;
  std::size_t p = 0, t = 0, star = none, resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != none) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool rule_pattern_matches(std::string_view pattern, std::string_view rule) {
  return star_glob_matches(pattern, rule);
}

}  // namespace gate
