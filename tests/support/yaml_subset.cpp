#include "yaml_subset.hpp"

#include <stdexcept>
#include <vector>

namespace gate::test {
namespace {

using nlohmann::json;

struct Line {
  std::string raw;   ///< the whole line
  int indent = 0;    ///< leading spaces
  std::string text;  ///< the line after its indentation
  int number = 0;    ///< 1-based
};

bool is_item(const std::string& text) { return text == "-" || text.rfind("- ", 0) == 0; }

std::string trim(const std::string& s) {
  std::size_t b = s.find_first_not_of(' ');
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(' ') - b + 1);
}

class Reader {
 public:
  explicit Reader(const std::string& text) {
    std::size_t start = 0;
    for (int number = 1; start <= text.size(); ++number) {
      std::size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      Line l;
      l.raw = text.substr(start, end - start);
      l.number = number;
      std::size_t first = l.raw.find_first_not_of(' ');
      l.indent = first == std::string::npos ? static_cast<int>(l.raw.size()) : int(first);
      l.text = first == std::string::npos ? "" : l.raw.substr(first);
      if (!l.text.empty() && l.text.front() == '\t') fail(l.number, "a tab in the indentation");
      lines_.push_back(l);
      start = end + 1;
    }
  }

  json document() {
    skip();
    if (done()) return nullptr;
    if (current().text.rfind("---", 0) == 0 || current().indent != 0)
      fail(current().number, "expected a mapping or sequence at column 1");
    json doc = node(0);
    skip();
    if (!done()) fail(current().number, "unexpected indentation");
    return doc;
  }

 private:
  std::vector<Line> lines_;
  std::size_t pos_ = 0;

  [[noreturn]] static void fail(int number, const std::string& why) {
    throw std::runtime_error("line " + std::to_string(number) + ": " + why);
  }
  bool done() const { return pos_ >= lines_.size(); }
  Line& current() { return lines_[pos_]; }
  // Blank and comment-only lines (outside block scalars, which read raw lines).
  void skip() {
    while (!done() && (current().text.empty() || current().text.front() == '#')) ++pos_;
  }

  json node(int indent) { return is_item(current().text) ? sequence(indent) : mapping(indent); }

  json mapping(int indent) {
    json m = json::object();
    for (skip(); !done() && current().indent >= indent; skip()) {
      const Line& l = current();
      if (l.indent > indent) fail(l.number, "unexpected indentation");
      std::string key, rest;
      if (!split_key(l.text, key, rest, l.number)) fail(l.number, "expected `key: value`");
      if (m.contains(key)) fail(l.number, "duplicate key " + key);
      ++pos_;
      m[key] = value(rest, indent, l.number, true);
    }
    return m;
  }

  json sequence(int indent) {
    json a = json::array();
    for (skip(); !done() && current().indent == indent && is_item(current().text); skip()) {
      Line& l = current();
      std::string after = l.text.substr(1);
      std::string rest = trim(after);
      std::string key, ignored;
      if (!rest.empty() && rest.front() != '#' && split_key(rest, key, ignored, l.number)) {
        // "- key: value" starts a mapping whose keys line up with this first one.
        l.indent = indent + 1 + static_cast<int>(after.find_first_not_of(' '));
        l.text = rest;
        a.push_back(mapping(l.indent));
        continue;
      }
      if (is_item(rest)) fail(l.number, "a sequence inside a sequence on one line");
      ++pos_;
      a.push_back(value(rest, indent, l.number, false));
    }
    if (!done() && current().indent > indent) fail(current().number, "unexpected indentation");
    return a;
  }

  // The value after `key:` or `- ` at `indent`: inline, a block below, or a block scalar.
  json value(const std::string& rest, int indent, int number, bool of_key) {
    if (rest.empty() || rest.front() == '#') {
      skip();
      if (done()) return nullptr;
      if (current().indent > indent) return node(current().indent);
      if (of_key && current().indent == indent && is_item(current().text))
        return sequence(indent);  // "key:" then "- item" at the key's column
      return nullptr;
    }
    if (rest.front() == '|') return block_scalar(rest, indent, number);
    json v = rest.front() == '[' ? flow_sequence(rest, number) : scalar(rest, number);
    skip();
    if (!done() && current().indent > indent)
      fail(current().number, "a multi-line plain scalar or an unexpected indentation");
    return v;
  }

  json block_scalar(const std::string& header, int indent, int number) {
    std::string h = header.substr(0, header.find(" #"));
    h = trim(h);
    if (h != "|" && h != "|-" && h != "|+") fail(number, "block scalar header " + h);
    std::vector<std::string> body;
    int content = -1;
    for (; !done(); ++pos_) {
      const Line& l = current();
      if (l.text.empty()) {
        body.push_back("");
        continue;
      }
      if (content < 0) content = l.indent;
      if (l.indent < content || content <= indent) break;
      body.push_back(l.raw.substr(static_cast<std::size_t>(content)));
    }
    std::size_t kept = body.size();
    if (h != "|+")
      while (kept > 0 && body[kept - 1].empty()) --kept;
    std::string out;
    for (std::size_t i = 0; i < kept; ++i) out += body[i] + (i + 1 < kept || h != "|-" ? "\n" : "");
    if (h == "|+" && kept > 0 && out.empty()) out = "\n";
    return out;
  }

  // A quoted or plain scalar followed by nothing but an optional comment.
  static json scalar(const std::string& text, int number) {
    std::size_t end = 0;
    std::string s = scalar_text(text, end, number, "");
    std::string tail = trim(text.substr(end));
    if (!tail.empty() && tail.front() != '#') fail(number, "text after a quoted scalar");
    if (text.front() != '"' && text.front() != '\'' && (s == "~" || s == "null")) return nullptr;
    return s;
  }

  // Reads one scalar at the start of `text`; `end` is where it stops. Plain scalars end at
  // a comment or at one of `stops` (",]" inside a flow sequence).
  static std::string scalar_text(const std::string& text, std::size_t& end, int number,
                                 const std::string& stops) {
    const char q = text.empty() ? '\0' : text.front();
    if (q == '\'' || q == '"') return quoted(text, end, number);
    if (!text.empty() && std::string("&*!%@`{>").find(q) != std::string::npos)
      fail(number, std::string("unsupported YAML: ") + q);
    end = text.size();
    for (std::size_t i = 0; i < text.size(); ++i)
      if (stops.find(text[i]) != std::string::npos ||
          (text[i] == '#' && i > 0 && text[i - 1] == ' ')) {
        end = i;
        break;
      }
    std::string s = trim(text.substr(0, end));
    if (s.find(": ") != std::string::npos || (!s.empty() && s.back() == ':'))
      fail(number, "a colon in a plain scalar: quote it");
    return s;
  }

  static std::string quoted(const std::string& text, std::size_t& end, int number) {
    const char q = text.front();
    std::string out;
    for (std::size_t i = 1; i < text.size(); ++i) {
      char c = text[i];
      if (q == '\'' && c == '\'') {
        if (i + 1 < text.size() && text[i + 1] == '\'') {
          out += '\'';
          ++i;
          continue;
        }
        end = i + 1;
        return out;
      }
      if (q == '"' && c == '"') {
        end = i + 1;
        return out;
      }
      if (q == '"' && c == '\\' && i + 1 < text.size()) {
        const std::string from = "\\\"/nt", to = "\\\"/\n\t";
        std::size_t k = from.find(text[++i]);
        if (k == std::string::npos) fail(number, "unsupported escape in a quoted scalar");
        out += to[k];
        continue;
      }
      out += c;
    }
    fail(number, "a quoted scalar must end on its line");
  }

  static json flow_sequence(const std::string& text, int number) {
    json a = json::array();
    std::size_t i = 1;
    for (;;) {
      while (i < text.size() && text[i] == ' ') ++i;
      if (i < text.size() && text[i] == ']' && a.empty()) break;
      std::size_t end = 0;
      std::string rest = text.substr(i);
      if (!rest.empty() && rest.front() == '[') fail(number, "nested flow sequences");
      a.push_back(scalar_text(rest, end, number, ",]"));
      i += end;
      while (i < text.size() && text[i] == ' ') ++i;
      if (i >= text.size()) fail(number, "unclosed flow sequence");
      if (text[i++] == ']') break;
    }
    std::string tail = trim(text.substr(i));
    if (!tail.empty() && tail.front() != '#') fail(number, "text after a flow sequence");
    return a;
  }

  // "key: rest" or "key:" (the key plain or quoted). False when `text` is not a key line.
  static bool split_key(const std::string& text, std::string& key, std::string& rest, int number) {
    std::size_t colon = std::string::npos;
    if (text.front() == '"' || text.front() == '\'') {
      std::size_t end = 0;
      if (text.find(':') == std::string::npos) return false;
      key = quoted(text, end, number);
      colon = end;
      if (colon >= text.size() || text[colon] != ':') return false;
    } else {
      for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '#' && i > 0 && text[i - 1] == ' ') return false;
        if (text[i] == ':' && (i + 1 == text.size() || text[i + 1] == ' ')) {
          colon = i;
          break;
        }
      }
      if (colon == std::string::npos || colon == 0) return false;
      key = trim(text.substr(0, colon));
      if (std::string("-?:,[]{}#&*!|>%@`").find(key.front()) != std::string::npos)
        fail(number, "unsupported key " + key);
    }
    if (colon + 1 < text.size() && text[colon + 1] != ' ') return false;
    rest = trim(text.substr(colon + 1));
    return true;
  }
};

}  // namespace

nlohmann::json parse_yaml_subset(const std::string& text) { return Reader(text).document(); }

}  // namespace gate::test
