#include "report/render_util.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <nlohmann/json.hpp>

namespace gate::render_detail {

std::string valid_utf8(std::string_view text) {
  if (std::all_of(text.begin(), text.end(), [](char c) { return (c & 0x80) == 0; }))
    return std::string(text);
  // One UTF-8 judge in the project: the JSON writer's. Its string literal holds the
  // repaired text, and nlohmann reads JSON escapes back exactly.
  std::string literal;
  append_json_string(literal, text);
  return nlohmann::json::parse(literal).get<std::string>();
}

// Absent values are null rather than missing, so scripts can rely on every key.
Severity shown_severity(const Finding& f) {
  return f.overridden_by && f.severity == Severity::block ? Severity::warn : f.severity;
}

std::string shown_message(const Finding& f) {
  if (!f.overridden_by) return f.message;
  return fmt::format("{} (overridden by {} until {}: {})", f.message, f.overridden_by->principal,
                     format_utc(f.overridden_by->expires_at), f.overridden_by->reason);
}

void write_verdict(JsonWriter& w, const Report& r) {
  w.key("verdict").value(r.allowed() ? "allow" : "block");
  w.key("evaluated_at").value(format_utc(r.evaluated_at));
  w.key("clock").value(r.clock_overridden ? "overridden" : "system");
  w.key("valid_until");
  if (r.valid_until)
    w.value(format_utc(*r.valid_until));
  else
    w.null();
}

void write_change(JsonWriter& w, const ChangeInfo& c) {
  w.begin_object();
  w.key("base").string_or_null(c.base);
  w.key("head").string_or_null(c.head);
  w.key("ref").string_or_null(c.ref);
  w.key("protected").value(c.is_protected);
  w.key("deletion").value(c.deletion);
  w.end_object();
}

void write_run(JsonWriter& w, const std::optional<RunInfo>& run) {
  if (!run) {
    w.null();
    return;
  }
  w.begin_object();
  w.key("provider").value(run->provider);
  w.key("event").string_or_null(run->event);
  w.key("trusted").string_or_null(run->trusted);
  w.key("opener").string_or_null(run->opener);
  w.key("request").string_or_null(run->request);
  w.key("repository").string_or_null(run->repository);
  w.key("merge_queue").value(run->merge_queue);
  w.key("reviews_known").value(run->reviews_known);
  w.end_object();
}

namespace {

__extension__ typedef unsigned __int128 Hash128;

template <typename Hash>
std::string fnv1a(std::initializer_list<std::string_view> parts, Hash hash, Hash prime) {
  bool first = true;
  for (std::string_view part : parts) {
    if (!first) hash *= prime;  // the NUL separator: hash ^= 0 changes nothing
    first = false;
    for (char c : part) {
      hash ^= static_cast<unsigned char>(c);
      hash *= prime;
    }
  }
  static constexpr char hex[] = "0123456789abcdef";
  std::string out(sizeof(Hash) * 2, '0');
  for (std::size_t i = out.size(); i-- > 0; hash >>= 4)
    out[i] = hex[static_cast<unsigned>(hash & 0xF)];
  return out;
}

}  // namespace

std::string fnv1a_hex(std::initializer_list<std::string_view> parts, int bits) {
  if (bits == 64) return fnv1a<std::uint64_t>(parts, 0xcbf29ce484222325ULL, 0x100000001b3ULL);
  const Hash128 prime = (Hash128{1} << 88) | 0x13B;
  const Hash128 offset = (Hash128{0x6c62272e07bb0142ULL} << 64) | 0x62b821756295c58dULL;
  return fnv1a<Hash128>(parts, offset, prime);
}

}  // namespace gate::render_detail
