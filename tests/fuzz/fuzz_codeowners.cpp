// The CODEOWNERS parser and matcher, differentially: for each path, OwnersIndex must pick
// the same deciding lines as match_by_scan, the last-match-wins scan it replaces, and so
// must the same file parsed with deferred patterns (PatternCompile::on_match), and the
// same file parsed for just those paths (parse_codeowners_for), which must also report
// the same bad lines.
// Input: CODEOWNERS text, NUL, then paths one per line; the first byte of the paths
// part chooses GitLab syntax when odd.
#include <algorithm>
#include <vector>

#include "gate/codeowners.hpp"
#include "gate/owners_index.hpp"

#include "fuzz_support.hpp"

namespace {

// Only paths git can produce reach the matcher: no leading or trailing '/', no empty,
// "." or ".." component.
bool is_git_path(std::string_view path) {
  if (path.empty() || path.front() == '/' || path.back() == '/') return false;
  if (path.find('\0') != std::string_view::npos) return false;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view part = path.substr(start, end - start);
    if (part.empty() || part == "." || part == "..") return false;
    start = end + 1;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto fields = gate::fuzz::split_fields(gate::fuzz::as_text(data, size), 2);
  std::string_view paths = fields.size() > 1 ? fields[1] : std::string_view("a/b.c\nsrc/x");
  bool gitlab = !paths.empty() && (static_cast<unsigned char>(paths[0]) & 1) != 0;
  gate::Codeowners file = gate::parse_codeowners(
      fields[0], "CODEOWNERS", gitlab ? gate::OwnersSyntax::gitlab : gate::OwnersSyntax::github);
  for (const gate::Diagnostic& d : file.errors) {
    gate::fuzz::require_bounded(d.message);
    gate::fuzz::require_bounded(d.source_line);
  }
  gate::OwnersIndex index(file);
  gate::Codeowners deferred =
      gate::parse_codeowners(fields[0], "CODEOWNERS", file.syntax, gate::PatternCompile::on_match);
  gate::fuzz::require(
      deferred.rules.size() == file.rules.size() && deferred.errors.size() == file.errors.size(),
      "deferred patterns keep and refuse the same lines");
  std::vector<std::string_view> listed;
  for (std::size_t start = 0; start < paths.size();) {
    std::size_t end = paths.find('\n', start);
    if (end == std::string_view::npos) end = paths.size();
    std::string_view path = paths.substr(start, end - start);
    start = end + 1;
    if (is_git_path(path)) listed.push_back(path);
  }
  gate::Codeowners kept = gate::parse_codeowners_for(fields[0], "CODEOWNERS", file.syntax, listed);
  gate::fuzz::require(
      kept.errors.size() == file.errors.size() && kept.rules.size() <= file.rules.size(),
      "a file parsed for some paths refuses the same lines");
  auto same_lines = [](const std::vector<const gate::OwnerRule*>& a,
                       const std::vector<const gate::OwnerRule*>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [](const gate::OwnerRule* x, const gate::OwnerRule* y) {
                        return x->line == y->line && x->owners == y->owners;
                      });
  };
  for (std::string_view path : listed) {
    std::vector<const gate::OwnerRule*> scanned = gate::match_by_scan(file, path).rules;
    gate::fuzz::require(index.match(path).rules == scanned,
                        "OwnersIndex agrees with match_by_scan");
    gate::fuzz::require(same_lines(scanned, gate::match_by_scan(deferred, path).rules),
                        "deferred patterns match the same lines");
    gate::fuzz::require(same_lines(scanned, gate::match_by_scan(kept, path).rules),
                        "the rules kept for the paths decide them alike");
  }
  return 0;
}
