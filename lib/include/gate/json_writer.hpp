#pragma once
// A streaming JSON writer. The report's `files` array has one object per changed
// file; building it as an nlohmann tree and dumping it cost more than the diff on a
// 20,000-file change, so renderers write straight into a string instead. The layout
// is nlohmann's dump(2) (two-space indent, `"key": value`, `[]`/`{}` when empty), so
// output did not change when the renderer moved over.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gate {

/// Appends `text` to `out` as a JSON string literal. Bytes that are not well-formed
/// UTF-8 (git paths are bytes) become U+FFFD, so the output is always valid JSON.
void append_json_string(std::string& out, std::string_view text);

/// Writes one JSON value, pretty-printed, into a caller's string.
class JsonWriter {
 public:
  /// `indent` spaces per level; 0 writes everything on one line with no spaces.
  explicit JsonWriter(std::string& out, int indent = 2) : out_(out), indent_(indent) {}

  /// From now on, whenever `limit` bytes or more are written, hands them to `write` and
  /// starts the string afresh before the next value: a report of any size is written
  /// through a buffer of about `limit` bytes plus one value.
  void spill_to(std::size_t limit, std::function<void(std::string_view)> write) {
    spill_limit_ = limit;
    spill_ = std::move(write);
  }

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  /// Continues an array whose `[` another writer wrote, so that a long array can be
  /// written in chunks by several writers and the chunks joined in order: what follows
  /// are its items, the first after a comma when `has_items`. Nothing is written.
  void resume_array(bool has_items) { has_items_.push_back(has_items); }
  void end_array() { close(']'); }
  /// The next value is this member of the enclosing object.
  JsonWriter& key(std::string_view name);

  void value(std::string_view text);
  void value(const char* text) { value(std::string_view(text)); }
  void value(const std::string& text) { value(std::string_view(text)); }
  void value(std::int64_t number);
  void value(int number) { value(static_cast<std::int64_t>(number)); }
  void value(bool flag);
  void null();
  /// null when empty, else the string: absent values keep their key.
  void string_or_null(std::string_view text);
  template <typename T>
  void value(const std::optional<T>& maybe) {
    if (maybe)
      value(*maybe);
    else
      null();
  }
  /// An array of strings.
  void value(const std::vector<std::string>& items);

 private:
  void open(char bracket);
  void close(char bracket);
  void before_value();
  void newline(std::size_t depth);

  std::string& out_;
  int indent_;
  std::vector<bool> has_items_;  // one per open container
  std::function<void(std::string_view)> spill_;
  std::size_t spill_limit_ = 0;
  bool after_key_ = false;
};

}  // namespace gate
