// End-to-end tests of `git-gate window` with incident freezes (docs/freezes.md,
// docs/commands.md): the freezes of the local ref, active and scheduled within the days shown,
// listed in text and JSON and judged as check judges them; records that freeze nothing are
// notices, and a freeze past the days shown is not listed.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "freeze_fixtures.hpp"

namespace gate::test {
namespace {

RunResult window(const FreezeRepo& r, const std::vector<std::string>& args, const std::string& at) {
  std::vector<std::string> argv = {"window"};
  argv.insert(argv.end(), args.begin(), args.end());
  return r.gate(argv, at);
}

const nlohmann::json* listed(const nlohmann::json& doc, const std::string& id) {
  for (const nlohmann::json& f : doc["incident_freezes"])
    if (f["id"] == "incident/" + id) return &f;
  return nullptr;
}

TEST_CASE("window lists active and scheduled incident freezes and is judged by them") {
  FreezeRepo r;
  const std::string at = "2026-07-08T11:00:00Z";  // a Wednesday: no [[freeze]] holds
  RunResult open = window(r, {"--format", "json", "--days", "3"}, at);
  INFO(open.err);
  REQUIRE(open.exit_code == 0);
  CHECK(parse_json(open.out)["incident_freezes"].empty());

  const std::string active = r.start({"--for", "4h", "--component", "api"}, "2026-07-08T10:00:00Z");
  r.append_signed(cto_email, "cto", "00000000000000d1", "2026-07-09T08:00:00Z",
                  "2026-07-09T10:00:00Z");  // tomorrow: scheduled
  r.append_signed(cto_email, "cto", "00000000000000d2", "2026-07-20T08:00:00Z",
                  "2026-07-20T10:00:00Z");  // beyond the 3 days shown
  r.append_signed(vp_email, "mallory", "00000000000000d3", "2026-07-08T10:00:00Z",
                  "2026-07-08T12:00:00Z");  // a key not in the allowed signers

  RunResult json = window(r, {"--format", "json", "--days", "3", "--component", "api"}, at);
  INFO((json.out + json.err));
  CHECK(json.exit_code == 1);  // the active freeze holds for api, as check would say
  nlohmann::json doc = parse_json(json.out);
  CHECK(doc["allowed"] == false);
  CHECK(doc["incident_freezes"].size() == 2);
  const nlohmann::json* now = listed(doc, active);
  REQUIRE(now != nullptr);
  CHECK(str(*now, "status") == "active");
  CHECK(str(*now, "principal") == vp_email);
  CHECK(str(*now, "reason") == incident);
  CHECK(str(*now, "start") == "2026-07-08T10:00:00Z");
  CHECK(str(*now, "end") == "2026-07-08T14:00:00Z");
  CHECK((*now)["components"] == nlohmann::json::array({"api"}));
  const nlohmann::json* later = listed(doc, "00000000000000d1");
  REQUIRE(later != nullptr);
  CHECK(str(*later, "status") == "scheduled");
  CHECK(listed(doc, "00000000000000d2") == nullptr);
  CHECK(listed(doc, "00000000000000d3") == nullptr);
  CHECK(contains(doc["notices"].dump(), "00000000000000d3"));
  CHECK(contains(json.err, "00000000000000d3"));

  // Scoped to api: a change to web only is not frozen by it, nor by the scheduled one yet.
  RunResult web = window(r, {"--days", "3", "--component", "web"}, at);
  INFO((web.out + web.err));
  CHECK(web.exit_code == 0);
  CHECK(contains(web.out, "Incident freezes (" + freezes_ref + "):"));
  CHECK(contains(web.out, "incident/" + active));
  CHECK(contains(web.out, "scheduled"));
  CHECK(contains(web.err, "freezes nothing"));
  RunResult after = window(r, {"--format", "json", "--days", "3"}, "2026-07-09T09:00:00Z");
  CHECK(after.exit_code == 1);  // the scheduled one has begun, for every component
  CHECK(parse_json(after.out)["active"].dump().find("incident/00000000000000d1") !=
        std::string::npos);
}

}  // namespace
}  // namespace gate::test
