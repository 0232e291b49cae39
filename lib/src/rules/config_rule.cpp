// policy.invalid: a change that edits the gate's own configuration has the new texts
// checked as the next change will read them, so a typo cannot lock everyone out once it
// lands (docs/rules.md, The gate's own configuration). policy.toml must parse and each
// calendar it names must exist and expand; in CODEOWNERS,
// the allowed-signers file and .gitattributes only errors the trusted version lacks
// count, since those files skip bad lines rather than fail.
#include <fmt/format.h>

#include <algorithm>

#include "rules/facts.hpp"
// facts.hpp first: the first quoted include names this file's own header (layers).
#include "gate/calendar.hpp"

namespace gate {

namespace {

// .gitattributes lines git refuses: negative patterns ("Negative patterns are ignored in
// git attributes") and a quoted pattern without its closing quote.
std::vector<Diagnostic> check_gitattributes(std::string_view text, std::string_view source) {
  std::vector<Diagnostic> out;
  int number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = std::min(text.find('\n', start), text.size());
    std::string_view line = text.substr(start, end - start);
    ++number;
    std::size_t first = line.find_first_not_of(" \t");
    if (first != std::string_view::npos && line[first] != '#') {
      std::string excerpt(line.substr(0, 200));
      SourceLocation where{std::string(source), number, static_cast<int>(first) + 1};
      if (line[first] == '!')
        out.push_back({where, "negative patterns are ignored in git attributes", excerpt});
      else if (line[first] == '"' && line.find('"', first + 1) == std::string_view::npos)
        out.push_back({where, "the quoted pattern has no closing quote", excerpt});
    }
    start = end + 1;
  }
  return out;
}

// The dialect the next change reads CODEOWNERS in: the new policy's, if it parses.
OwnersSyntax syntax_for(const Inputs& inputs, const ConfigEdit& edit) {
  for (const ConfigEdit& e : inputs.config_edits) {
    if (e.kind != ConfigKind::policy || !e.text) continue;
    try {
      if (auto s = parse_policy(*e.text, e.path).owners.syntax) return *s;
    } catch (const ConfigError&) {
    }
  }
  if (inputs.policy && inputs.policy->owners.syntax) return *inputs.policy->owners.syntax;
  return edit.path.starts_with(".gitlab/") ? OwnersSyntax::gitlab : OwnersSyntax::github;
}

// A calendar must expand over the range the next verdicts read it in.
std::vector<Diagnostic> check_calendar(const Inputs& inputs, const ConfigEdit& edit,
                                       std::string_view text) {
  Window probe;
  probe.id = "calendar";
  probe.calendar = edit.path;
  CalendarRange range = calendar_range(inputs.context.now);
  try {
    expand_calendar(text, probe, range.from, range.to);
    return {};
  } catch (const ConfigError& e) {
    return e.diagnostics();
  }
}

// Whether the policy the next change reads names `path` as a calendar: the change's own
// policy.toml when it edits it, else the trusted one, which named it to make it an edit.
bool next_policy_names(const Inputs& inputs, const std::string& path) {
  for (const ConfigEdit& e : inputs.config_edits) {
    if (e.kind != ConfigKind::policy) continue;
    if (!e.text) return false;
    try {
      return gate_config_kind(parse_policy(*e.text, e.path), path) == ConfigKind::calendar;
    } catch (const ConfigError&) {
      return false;  // reported as the policy's own problem
    }
  }
  return true;
}

std::vector<Diagnostic> problems_of(const Inputs& inputs, const ConfigEdit& edit,
                                    std::string_view text) {
  switch (edit.kind) {
    case ConfigKind::policy:
      try {
        parse_policy(text, edit.path);
        return {};
      } catch (const ConfigError& e) {
        return e.diagnostics();
      }
    case ConfigKind::codeowners:
      return parse_codeowners(text, edit.path, syntax_for(inputs, edit)).errors;
    case ConfigKind::signers:
      return check_allowed_signers(text, edit.path);
    case ConfigKind::attributes:
      return check_gitattributes(text, edit.path);
    case ConfigKind::calendar:
      return check_calendar(inputs, edit, text);
  }
  return {};
}

// The problems of the new text that the trusted text does not have (same message on the
// same line text): an old bad line is no reason to refuse an unrelated edit.
std::vector<Diagnostic> new_problems(const Inputs& inputs, const ConfigEdit& edit) {
  if (!edit.text) {  // only a calendar still named may not go
    if (edit.kind != ConfigKind::calendar || !next_policy_names(inputs, edit.path)) return {};
    return {{{edit.path, 0, 0},
             fmt::format("it {}, but policy.toml names it as a [[freeze]] calendar",
                         edit.trusted_text ? "is deleted" : "does not exist"),
             {}}};
  }
  std::vector<Diagnostic> found = problems_of(inputs, edit, *edit.text);
  // policy.toml and calendars fail whole, so every problem counts, old or new.
  bool whole = edit.kind == ConfigKind::policy || edit.kind == ConfigKind::calendar;
  if (whole || !edit.trusted_text || found.empty()) return found;
  std::vector<Diagnostic> old = problems_of(inputs, edit, *edit.trusted_text);
  std::erase_if(found, [&](const Diagnostic& d) {
    return std::any_of(old.begin(), old.end(), [&](const Diagnostic& o) {
      return o.message == d.message && o.source_line == d.source_line;
    });
  });
  return found;
}

}  // namespace

std::vector<Finding> judge_policy_invalid(const RuleInput& in) {
  std::vector<Finding> findings;
  for (const ConfigEdit& edit : in.inputs.config_edits) {
    std::vector<Diagnostic> problems = new_problems(in.inputs, edit);
    if (problems.empty()) continue;
    std::vector<std::string> lines;
    for (const Diagnostic& d : problems)
      lines.push_back(fmt::format("{}: {}", d.where.to_string(), d.message));
    findings.push_back(
        {std::string(rule::policy_invalid),
         in.severity,
         fmt::format("the change leaves {} unreadable for the changes after it: {}. Fix it in "
                     "this change; no override can lift this.",
                     edit.path, fmt::join(lines, "; ")),
         {edit.path}});
  }
  return findings;
}

}  // namespace gate
