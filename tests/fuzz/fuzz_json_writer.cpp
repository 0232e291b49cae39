// JsonWriter and append_json_string: whatever bytes go in (git paths are bytes), the
// output parses as JSON, and text that was valid UTF-8 comes back unchanged.
// Input: NUL-separated strings, written as an object of key/value pairs and an array.
#include "gate/json_writer.hpp"

#include <nlohmann/json.hpp>

#include "fuzz_support.hpp"

namespace {

bool parses(const std::string& json) { return nlohmann::json::accept(json); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using gate::fuzz::require;
  std::string_view text = gate::fuzz::as_text(data, size);

  std::string literal;
  gate::append_json_string(literal, text);
  require(parses(literal), "a string literal parses");
  // The writer keeps valid UTF-8 as it is: nlohmann validates it on dump.
  std::string reference;
  try {
    reference = nlohmann::json(std::string(text)).dump();
  } catch (const nlohmann::json::exception&) {
    reference.clear();  // not UTF-8: the writer repairs what nlohmann refuses
  }
  if (!reference.empty())
    require(nlohmann::json::parse(literal).get<std::string>() == text,
            "valid UTF-8 survives unchanged");

  std::vector<std::string_view> fields = gate::fuzz::split_fields(text, 64);
  for (int indent : {0, 2}) {
    std::string out;
    gate::JsonWriter w(out, indent);
    w.begin_object();
    for (std::size_t i = 0; i + 1 < fields.size(); i += 2) w.key(fields[i]).value(fields[i + 1]);
    w.key("list").begin_array();
    for (std::string_view f : fields) w.value(f);
    w.value(static_cast<std::int64_t>(size));
    w.null();
    w.end_array();
    w.end_object();
    require(parses(out), "JsonWriter output parses");
  }
  return 0;
}
