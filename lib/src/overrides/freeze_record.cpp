// The freeze record format (docs/freezes.md). Like an override record, a freeze record is
// a fixed sequence of lines; parsing reads the fields, writes the record again and
// requires the very same text, so no field can be spelt two ways under one signature.

#include "gate/freeze.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "gate/error.hpp"

namespace gate {
namespace {

constexpr std::string_view kHeader = "git-gate freeze v1";
constexpr std::string_view kBegin = "-----BEGIN SSH SIGNATURE-----";
constexpr std::string_view kEnd = "-----END SSH SIGNATURE-----";
constexpr std::string_view kAll = "*";  // `components` of a freeze of every component
constexpr std::size_t kMaxReason = 1000;
constexpr std::size_t kMaxList = 64;  // components of a freeze, ids an end record names

// One word of printable ASCII or UTF-8: no space, no control character.
bool word(std::string_view text) {
  if (text.empty() || text.size() > 200) return false;
  for (unsigned char c : text)
    if (c <= 0x20 || c == 0x7f) return false;
  return true;
}

bool is_id(std::string_view text) {
  return text.size() == 16 && text.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

bool one_line(std::string_view text) {
  if (text.empty() || text.size() > kMaxReason || text.front() == ' ' || text.back() == ' ')
    return false;
  for (unsigned char c : text)
    if (c < 0x20 || c == 0x7f) return false;
  return true;
}

std::string invalid_list(const std::vector<std::string>& list, std::string_view what) {
  if (list.size() > kMaxList) return fmt::format("at most {} {}", kMaxList, what);
  for (const std::string& item : list)
    if (!word(item) || item == kAll) return fmt::format("{} must be words", what);
  return {};
}

// Why `r` cannot be written canonically, or "".
std::string invalid_field(const FreezeRecord& r) {
  if (!is_id(r.id)) return "id must be 16 lower-case hex digits";
  if (!word(r.repository)) return "repository must be one word";
  if (!one_line(r.reason))
    return fmt::format(
        "the reason must be one line of 1 to {} bytes, without control characters or "
        "leading/trailing spaces",
        kMaxReason);
  if (!word(r.principal)) return "principal must be one word";
  if (r.kind == FreezeKind::end) {
    if (r.ends.empty()) return "an end record names at least one freeze";
    for (const std::string& id : r.ends)
      if (!is_id(id)) return "ends must be freeze ids";
    return invalid_list(r.ends, "ids");
  }
  if (r.end <= r.start) return "the end must be after the start";
  return invalid_list(r.components, "components");
}

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

std::vector<std::string> split(std::string_view text) {
  std::vector<std::string> out;
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t space = std::min(text.find(' ', pos), text.size());
    out.emplace_back(text.substr(pos, space - pos));
    pos = space + 1;
  }
  return out;
}

// The value of the line "`key`: value" at `text`'s front, which it then drops.
std::optional<std::string> take(std::string_view& text, std::string_view key) {
  std::string prefix = std::string(key) + ": ";
  std::size_t nl = text.find('\n');
  if (!text.starts_with(prefix) || nl == std::string_view::npos) return std::nullopt;
  std::string value(text.substr(prefix.size(), nl - prefix.size()));
  text.remove_prefix(nl + 1);
  return value;
}

std::optional<Instant> instant(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  try {
    return parse_rfc3339(*text, "time");
  } catch (const Error&) {
    return std::nullopt;
  }
}

// The fields of `text` (after the header), in the order freeze_payload writes them; the
// caller compares the record written again with the text, so a value read loosely here
// (a time in another spelling) is refused there.
std::optional<FreezeRecord> read_fields(std::string_view text, std::string& error) {
  FreezeRecord r;
  std::optional<std::string> kind = take(text, "kind");
  if (kind != "start" && kind != "end") {
    error = "expected the line 'kind: start' or 'kind: end'";
    return std::nullopt;
  }
  r.kind = *kind == "start" ? FreezeKind::start : FreezeKind::end;
  std::optional<std::string> id = take(text, "id"), repository = take(text, "repository");
  std::optional<Instant> start = instant(take(text, r.kind == FreezeKind::start ? "start" : "at"));
  std::optional<Instant> end = r.kind == FreezeKind::start ? instant(take(text, "end")) : start;
  std::optional<std::string> list = take(text, r.kind == FreezeKind::start ? "components" : "ends");
  std::optional<std::string> reason = take(text, "reason"), principal = take(text, "principal");
  if (!id || !repository || !start || !end || !list || !reason || !principal) {
    error = "a field is missing, misplaced or malformed";
    return std::nullopt;
  }
  r.id = *id;
  r.repository = *repository;
  r.start = *start;
  r.end = *end;
  (r.kind == FreezeKind::start ? r.components : r.ends) =
      *list == kAll ? std::vector<std::string>{} : split(*list);
  r.reason = *reason;
  r.principal = *principal;
  if (!text.starts_with(kBegin) || text.find(kEnd) == std::string_view::npos) {
    error = "the record has no signature";
    return std::nullopt;
  }
  r.signature = std::string(text.substr(0, text.find(kEnd) + kEnd.size())) + "\n";
  return r;
}

}  // namespace

std::string freeze_payload(const FreezeRecord& r) {
  if (std::string why = invalid_field(r); !why.empty())
    throw UsageError("cannot write the freeze record: " + why);
  std::string out = fmt::format("{}\nkind: {}\nid: {}\nrepository: {}\n", kHeader,
                                r.kind == FreezeKind::start ? "start" : "end", r.id, r.repository);
  if (r.kind == FreezeKind::start)
    out +=
        fmt::format("start: {}\nend: {}\ncomponents: {}\n", format_utc(r.start), format_utc(r.end),
                    r.components.empty() ? std::string(kAll) : joined(r.components));
  else
    out += fmt::format("at: {}\nends: {}\n", format_utc(r.start), joined(r.ends));
  return out + fmt::format("reason: {}\nprincipal: {}\n", r.reason, r.principal);
}

std::string freeze_message(const FreezeRecord& r) {
  std::string signature = r.signature;
  if (!signature.empty() && signature.back() != '\n') signature += '\n';
  return freeze_payload(r) + signature;
}

ParsedFreeze parse_freeze(std::string_view message) {
  ParsedFreeze parsed;
  if (message.size() > max_freeze_message) {
    parsed.error = fmt::format("longer than {} bytes", max_freeze_message);
    return parsed;
  }
  std::string_view text = message;
  if (!text.starts_with(std::string(kHeader) + "\n")) {
    parsed.error = fmt::format("not a freeze record (records start with '{}')", kHeader);
    return parsed;
  }
  text.remove_prefix(kHeader.size() + 1);
  std::optional<FreezeRecord> r = read_fields(text, parsed.error);
  if (!r) return parsed;
  if (std::string why = invalid_field(*r); !why.empty()) {
    parsed.error = why;
    return parsed;
  }
  std::string canonical = freeze_message(*r);
  std::string_view trimmed = message;
  while (trimmed.ends_with("\n\n")) trimmed.remove_suffix(1);
  if (trimmed != canonical) {
    parsed.error = "the record is not written canonically (times as UTC seconds with Z)";
    return parsed;
  }
  parsed.record = std::move(r);
  return parsed;
}

const char* to_string(FreezeState state) {
  switch (state) {
    case FreezeState::scheduled:
      return "scheduled";
    case FreezeState::active:
      return "active";
    case FreezeState::ended:
      return "ended";
    case FreezeState::expired:
      return "expired";
  }
  return "?";
}

Instant clipped_end(const FreezeRecord& start, std::chrono::seconds max_duration) {
  return std::min(start.end, start.start + max_duration);
}

void settle_freezes(std::vector<FoundFreeze>& freezes, const std::vector<FreezeRecord>& ends,
                    Instant now) {
  for (const FreezeRecord& end : ends)
    for (FoundFreeze& found : freezes) {
      bool named = std::find(end.ends.begin(), end.ends.end(), found.record.id) != end.ends.end();
      if (!named || end.start < found.record.start || end.start >= found.end) continue;
      found.end = end.start;
      found.ended_by = end;
    }
  for (FoundFreeze& found : freezes) {
    if (found.end <= now)
      found.state = found.ended_by ? FreezeState::ended : FreezeState::expired;
    else
      found.state = found.record.start > now ? FreezeState::scheduled : FreezeState::active;
  }
}

}  // namespace gate
