// The key table is data, not code, so that the parser, the suggestions and docs/policy.md
// cannot disagree: the parser refuses any key missing here (policy_toml.hpp, known_key),
// and docs_policy_test compares docs/policy.md with this table.

#include "gate/policy_keys.hpp"

#include <array>

namespace gate {

namespace {

constexpr std::string_view severity_type = "string: \"block\", \"warn\" or \"off\"";

constexpr std::array keys = std::to_array<PolicyKey>({
    {"", "version", "integer", "required", "1", "the format version; only 1 exists"},
    {"", "timezone", "string (IANA zone)", "\"UTC\"", "\"Europe/Bratislava\"",
     "default zone of windows and of local times in reports"},
    {"", "protected", "array of strings", "[\"refs/heads/main\"]",
     "[\"refs/heads/main\", \"refs/tags/v*\"]",
     "refs whose changes are deploys; `*` matches any characters, `/` included"},
    {"", "rules", "table", "none", "{ \"owners.cross-team\" = \"warn\" }",
     "per-rule severity, see [rules]"},
    {"", "size", "table", "none", "{ max_lines = 1000 }", "size limits, see [size]"},
    {"", "component", "array of tables", "none", "[{ name = \"voice\", paths = [\"/voice/\"] }]",
     "named groups of paths, see [[component]]"},
    {"", "freeze", "array of tables", "none",
     "[{ id = \"f\", weekly = \"Fri 12:00 - Mon 06:00\" }]",
     "windows in which deploys are refused, see [[freeze]]"},
    {"", "allow", "array of tables", "none", "[{ id = \"a\", weekly = \"Mon-Fri 09:00-17:00\" }]",
     "windows outside which deploys are refused, see [[allow]]"},
    {"", "owners", "table", "none", "{ severity = \"block\" }", "CODEOWNERS rules, see [owners]"},
    {"", "overrides", "table", "none", "{ repository = \"acme/voice\" }",
     "signed overrides, see [overrides]"},
    {"", "freezes", "table", "none", "{ principals = [\"sre@acme.example\"] }",
     "signed incident freezes, see [freezes]"},

    {"[rules]", "<rule id>", severity_type, "the rule's default", "\"warn\"",
     "severity of one rule; quote ids that contain a dot"},

    {"[size]", "severity", severity_type, "\"block\"", "\"warn\"",
     "severity of size.component and size.components"},
    {"[size]", "max_components", "integer ≥ 1", "1", "2",
     "components one change may touch; (other) is not counted"},
    {"[size]", "max_lines", "integer ≥ 0", "none", "1000",
     "lines added + deleted, for (other) and components without their own"},
    {"[size]", "max_files", "integer ≥ 0", "none", "100", "files changed, likewise"},
    {"[size]", "max_binary_bytes", "integer ≥ 0", "none", "1048576",
     "bytes of binary files changed, likewise"},
    {"[size]", "exclude", "array of patterns", "[]", "[\"**/package-lock.json\", \"vendor/**\"]",
     "paths listed but not counted"},
    {"[size]", "components_from", "string: \"none\", \"owners\" or \"sections\"", "\"none\"",
     "\"owners\"", "components for paths no [[component]] matches"},

    {"[[component]]", "name", "string", "required", "\"voice\"", "the component's name"},
    {"[[component]]", "paths", "array of patterns", "required", "[\"/kamailio/\"]",
     "CODEOWNERS-style patterns; the last matching component wins"},
    {"[[component]]", "zones", "array of strings (IANA zones)", "[]",
     "[\"Asia/Singapore\", \"Australia/Sydney\"]", "regions it runs in"},
    {"[[component]]", "max_lines", "integer ≥ 0", "[size] max_lines", "400",
     "lines added + deleted"},
    {"[[component]]", "max_files", "integer ≥ 0", "[size] max_files", "50", "files changed"},
    {"[[component]]", "max_binary_bytes", "integer ≥ 0", "[size] max_binary_bytes", "65536",
     "bytes of binary files changed"},

    {"[[freeze]]", "id", "string", "required", "\"friday-afternoon\"",
     "names the window in reports and overrides"},
    {"[[freeze]]", "weekly", "string or array of strings", "none", "\"Fri 12:00 - Mon 06:00\"",
     "recurring spans (docs/windows.md)"},
    {"[[freeze]]", "from", "local date-time", "none", "2026-12-20T00:00:00",
     "start of a one-off window, in the window's zone"},
    {"[[freeze]]", "until", "local date-time", "none", "2027-01-04T08:00:00",
     "end of a one-off window"},
    {"[[freeze]]", "zone", "string (IANA zone)", "the change's zones", "\"UTC\"",
     "judge the window in this zone only"},
    {"[[freeze]]", "reason", "string", "\"\"", "\"No deploys on Friday afternoon\"",
     "shown in reports"},
    {"[[freeze]]", "components", "array of strings", "every change", "[\"voice\"]",
     "applies only to changes touching these components"},
    {"[[freeze]]", "calendar", "string (path)", "none", "\".gate/holidays.ics\"",
     "iCalendar file of freezes, read from the base revision (docs/windows.md)"},

    {"[[allow]]", "id", "string", "required", "\"working-hours\"",
     "names the window in reports and overrides"},
    {"[[allow]]", "weekly", "string or array of strings", "none",
     "[\"Mon-Thu 09:00-17:00\", \"Fri 09:00-12:00\"]", "recurring spans (docs/windows.md)"},
    {"[[allow]]", "from", "local date-time", "none", "2026-12-28T09:00:00",
     "start of a one-off window, in the window's zone"},
    {"[[allow]]", "until", "local date-time", "none", "2026-12-28T12:00:00",
     "end of a one-off window"},
    {"[[allow]]", "zone", "string (IANA zone)", "the change's zones", "\"Europe/Bratislava\"",
     "judge the window in this zone only"},
    {"[[allow]]", "reason", "string", "\"\"", "\"Team hours\"", "shown in reports"},
    {"[[allow]]", "components", "array of strings", "every change", "[\"voice\"]",
     "constrains only changes touching these components"},

    {"[owners]", "severity", severity_type, "\"block\"", "\"warn\"",
     "severity of owners.unowned and owners.approval"},
    {"[owners]", "cross_team", severity_type, "\"warn\"", "\"block\"",
     "severity of owners.cross-team"},
    {"[owners]", "syntax", "string: \"github\" or \"gitlab\"", "by location", "\"gitlab\"",
     "CODEOWNERS dialect; gitlab for a file only in .gitlab/"},
    {"[owners]", "dismiss_stale", "boolean", "false", "true",
     "approvals of older commits do not count"},
    {"[owners]", "teams", "table", "none", "{ \"@acme/voice\" = [\"@carol\"] }",
     "team membership, see [owners.teams]"},
    {"[owners]", "people", "table", "none", "{ \"bob@acme.example\" = \"@bob\" }",
     "commit e-mail to handle, see [owners.people]"},

    {"[owners.teams]", "<team handle>", "array of strings", "none", "[\"@carol\", \"@dave\"]",
     "members of a team, as written in CODEOWNERS"},
    {"[owners.people]", "<commit e-mail>", "string (handle)", "none", "\"@bob\"",
     "the handle of a commit author"},

    {"[overrides]", "repository", "string", "required", "\"acme/voice\"",
     "bound into every record"},
    {"[overrides]", "namespace", "string", "\"git-gate-override\"", "\"acme-override\"",
     "ssh-keygen -n namespace of signatures"},
    {"[overrides]", "allowed_signers", "string (path)", "\".gate/allowed_signers\"",
     "\".gate/signers\"", "allowed-signers file, read from the base revision"},
    {"[overrides]", "notes_ref", "string", "\"refs/notes/gate\"", "\"refs/notes/deploy\"",
     "where records are stored; must start with refs/notes/"},
    {"[overrides]", "max_duration", "string (duration)", "\"24h\"", "\"4h\"",
     "longest validity a record may have"},
    {"[overrides]", "two_approvers", "array of rule ids or globs", "[]", "[\"window.*\"]",
     "rules that need two approvers"},
    {"[overrides]", "approver", "array of tables", "none",
     "[{ principal = \"vp@acme.example\", rules = [\"window.*\"] }]",
     "who may lift which rules, see [[overrides.approver]]"},

    {"[[overrides.approver]]", "principal", "string", "required", "\"vp@acme.example\"",
     "as in the allowed-signers file"},
    {"[[overrides.approver]]", "rules", "array of rule ids or globs", "required",
     "[\"window.freeze\", \"size.*\"]", "the rules this principal may lift"},

    {"[freezes]", "repository", "string", "[overrides] repository", "\"acme/voice\"",
     "bound into every record; one of the two is required"},
    {"[freezes]", "namespace", "string", "\"git-gate-freeze\"", "\"acme-freeze\"",
     "ssh-keygen -n namespace of signatures"},
    {"[freezes]", "allowed_signers", "string (path)", "\".gate/allowed_signers\"",
     "\".gate/signers\"", "allowed-signers file, read from the base revision"},
    {"[freezes]", "ref", "string", "\"refs/gate/freezes\"", "\"refs/gate/incidents\"",
     "where records are stored, one a commit"},
    {"[freezes]", "max_duration", "string (duration)", "\"72h\"", "\"24h\"",
     "longest freeze; longer records are clipped"},
    {"[freezes]", "principals", "array of strings", "required", "[\"sre@acme.example\"]",
     "who may start and end a freeze, as in the allowed-signers file"},
});

bool is_placeholder(std::string_view key) { return key.starts_with('<'); }

}  // namespace

std::span<const PolicyKey> policy_keys() { return keys; }

std::vector<std::string_view> policy_keys_of(std::string_view table) {
  std::vector<std::string_view> out;
  for (const PolicyKey& k : keys)
    if (k.table == table && !is_placeholder(k.key)) out.push_back(k.key);
  return out;
}

bool is_policy_key(std::string_view table, std::string_view key) {
  for (const PolicyKey& k : keys)
    if (k.table == table && (k.key == key || is_placeholder(k.key))) return true;
  return false;
}

}  // namespace gate
