// Zones without date's database. date::locate_zone() first builds the whole database, and
// with the OS tz database even one zone's first use does (date reads the leap seconds from
// it): a walk over some 600 files under /usr/share/zoneinfo that cost a push more than the
// rest of its judgement (bench_hook). A policy names a handful of zones, so each is read
// alone from its compiled file, with date's semantics (tz_zone_test holds every zone of
// this machine to date's intervals). date's database is consulted only for a name that
// does not look like a plain zone name, so that the set of zones stays date's.
#include "gate/tz.hpp"

#include <date/tz.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>

#include "windows/tz_zone.hpp"

namespace gate::windows_detail {

namespace {

using Seconds = std::chrono::seconds;

// date's range: its sys_info for the first interval begins at year::min()/January/1 and
// the last one ends at year::max()/December/31.
const Instant kBeginningOfTime{date::sys_days{date::year::min() / date::January / 1}};
const Instant kEndOfTime{date::sys_days{date::year::max() / date::December / 31}};

class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  std::string_view take(std::size_t n) {
    if (n > bytes_.size() - pos_) throw std::runtime_error("truncated TZif file");
    std::string_view out = bytes_.substr(pos_, n);
    pos_ += n;
    return out;
  }
  std::int64_t big_endian(std::size_t n) {
    std::string_view b = take(n);
    std::uint64_t v = 0;
    for (char c : b) v = (v << 8) | static_cast<unsigned char>(c);
    if (n == 4) return static_cast<std::int32_t>(static_cast<std::uint32_t>(v));
    return static_cast<std::int64_t>(v);
  }

 private:
  std::string_view bytes_;
  std::size_t pos_ = 0;
};

struct Type {
  Seconds offset;
  bool dst = false;
  std::string abbreviation;
  bool operator==(const Type&) const = default;
};

struct Counts {
  std::int64_t isut, isstd, leap, time, type, chars;
};

Counts header(Reader& r, char& version) {
  if (r.take(4) != "TZif") throw std::runtime_error("not a TZif file");
  version = r.take(1)[0];
  r.take(15);
  Counts c{r.big_endian(4), r.big_endian(4), r.big_endian(4),
           r.big_endian(4), r.big_endian(4), r.big_endian(4)};
  for (std::int64_t n : {c.isut, c.isstd, c.leap, c.time, c.type, c.chars})
    if (n < 0 || n > 1'000'000) throw std::runtime_error("bad TZif counts");
  if (c.type == 0) throw std::runtime_error("TZif file without local time types");
  return c;
}

std::size_t block_size(const Counts& c, std::size_t time_size) {
  return static_cast<std::size_t>(c.time * (time_size + 1) + c.type * 6 + c.chars +
                                  c.leap * (time_size + 4) + c.isstd + c.isut);
}

}  // namespace

Zone::Zone(std::string_view tzif) {
  Reader r(tzif);
  char version = 0;
  Counts c = header(r, version);
  std::size_t time_size = 4;
  if (version != '\0') {  // version 2+: skip the 32-bit block for the 64-bit one
    r.take(block_size(c, 4));
    c = header(r, version);
    time_size = 8;
  }
  std::vector<std::int64_t> times;
  for (std::int64_t i = 0; i < c.time; ++i) times.push_back(r.big_endian(time_size));
  std::string_view indices = r.take(static_cast<std::size_t>(c.time));
  std::vector<Type> types;
  std::vector<std::size_t> abbreviation_at;
  for (std::int64_t i = 0; i < c.type; ++i) {
    Seconds offset{r.big_endian(4)};
    bool dst = r.take(1)[0] != 0;
    abbreviation_at.push_back(static_cast<unsigned char>(r.take(1)[0]));
    types.push_back({offset, dst, {}});
  }
  std::string_view chars = r.take(static_cast<std::size_t>(c.chars));
  for (std::size_t i = 0; i < types.size(); ++i) {
    if (abbreviation_at[i] >= chars.size()) throw std::runtime_error("bad TZif abbreviation");
    std::string_view rest = chars.substr(abbreviation_at[i]);
    types[i].abbreviation = std::string(rest.substr(0, rest.find('\0')));
  }
  // As date: unless the file starts at the beginning of time, a first transition there
  // carries the first standard-time type (else the first type) ...
  auto first_std = std::find_if(types.begin(), types.end(), [](auto& t) { return !t.dst; });
  if (first_std == types.end()) first_std = types.begin();
  std::vector<std::pair<Instant, const Type*>> all;
  for (std::size_t i = 0; i < times.size(); ++i) {
    auto type = static_cast<unsigned char>(indices[i]);
    if (type >= types.size()) throw std::runtime_error("bad TZif type index");
    all.emplace_back(Instant{Seconds{times[i]}}, &types[type]);
  }
  if (all.empty() || all.front().first != kBeginningOfTime)
    all.insert(all.begin(), {kBeginningOfTime, &*first_std});
  // ... and a transition to the same offset, abbreviation and DST flag as the one before
  // is no transition (Debian's files repeat the last one at 2038-01-19).
  for (std::size_t i = 0; i < all.size(); ++i) {
    const Type* type = all[i].second;
    if (i > 0 && *type == *all[i - 1].second) continue;
    transitions_.push_back({all[i].first, type->offset});
  }
}

ZoneInterval Zone::interval_at(Instant t) const {
  auto next = std::upper_bound(transitions_.begin(), transitions_.end(), t,
                               [](Instant x, const Transition& tr) { return x < tr.at; });
  if (next == transitions_.begin()) {  // before the beginning of time: date's first interval
    Instant end = next + 1 != transitions_.end() ? next[1].at : kEndOfTime;
    return {kBeginningOfTime, end, next->offset};
  }
  return {next[-1].at, next != transitions_.end() ? next->at : kEndOfTime, next[-1].offset};
}

namespace {

// The directory date reads (its discover_tz_dir(): buildroot's uclibc copy, if present).
const std::string& tz_dir() {
  static const std::string dir = [] {
    struct stat sb {};
    const char* uclibc = "/usr/share/zoneinfo/uclibc";
    if (stat(uclibc, &sb) == 0 && S_ISDIR(sb.st_mode)) return std::string(uclibc);
    return std::string("/usr/share/zoneinfo");
  }();
  return dir;
}

bool name_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '+';
}

// A name made of plain components, outside the trees and files date's walk skips
// ("right/" and "posix/" are copies of the tree, Factory a placeholder).
bool plain_zone_name(std::string_view name) {
  if (name.empty() || name.size() > 128) return false;
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t end = std::min(name.find('/', start), name.size());
    std::string_view part = name.substr(start, end - start);
    if (part.empty() || part.front() == '.' || !std::all_of(part.begin(), part.end(), name_char))
      return false;
    if (start == 0 && (part == "right" || part == "posix" || part == "Factory" ||
                       part == "posixrules" || part == "localtime"))
      return false;
    start = end + 1;
  }
  return true;
}

bool listed_by_date(std::string_view name) {
  try {
    return date::locate_zone(std::string(name)) != nullptr;
  } catch (const std::exception&) {
    return false;
  }
}

std::unique_ptr<Zone> read_zone(std::string_view name) {
  std::ifstream in(tz_dir() + "/" + std::string(name), std::ios::binary);
  if (!in) return nullptr;
  std::string bytes(std::istreambuf_iterator<char>(in), {});
  if (bytes.compare(0, 4, "TZif") != 0) return nullptr;  // a directory or a table
  return std::make_unique<Zone>(bytes);
}

}  // namespace

const Zone* find_zone(std::string_view name) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<const Zone>, std::less<>> zones;
  std::lock_guard<std::mutex> lock(mutex);
  if (auto it = zones.find(name); it != zones.end()) return it->second.get();
  std::unique_ptr<Zone> zone;
  try {
    if (plain_zone_name(name) || listed_by_date(name)) zone = read_zone(name);
  } catch (const std::runtime_error&) {
    return nullptr;  // a damaged file is no zone, as date would fail to read it
  }
  if (!zone) return nullptr;
  return zones.emplace(std::string(name), std::move(zone)).first->second.get();
}

}  // namespace gate::windows_detail

std::optional<gate::ZoneInterval> gate::zone_interval_at(std::string_view zone, Instant t) {
  const windows_detail::Zone* z = windows_detail::find_zone(zone);
  if (z == nullptr) return std::nullopt;
  return z->interval_at(t);
}
