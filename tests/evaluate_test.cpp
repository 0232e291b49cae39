// evaluate() is pure: these tests build Inputs by hand, with no git and no clock.

#include "gate/evaluate.hpp"

#include <doctest/doctest.h>

#include <algorithm>

namespace gate {
namespace {

constexpr const char* voice_policy = R"(
version = 1
protected = ["refs/heads/main", "refs/heads/release/*"]
[size]
max_components = 1
max_lines = 100
exclude = ["**/package-lock.json", "vendor/**"]
[[component]]
name = "voice"
paths = ["/kamailio/"]
max_lines = 40
max_files = 3
[[component]]
name = "infra"
paths = ["/terraform/"]
)";

FileChange text_file(std::string path, std::int64_t added, std::int64_t deleted) {
  FileChange f;
  f.path = std::move(path);
  f.added = added;
  f.deleted = deleted;
  return f;
}

Inputs make_inputs(std::vector<FileChange> files, std::string ref = "refs/heads/main",
                   const char* policy = voice_policy) {
  Inputs in;
  if (policy) in.policy = parse_policy(policy);
  in.change.base = "b";
  in.change.head = "h";
  in.change.files = std::move(files);
  in.context.ref = std::move(ref);
  in.context.now = parse_rfc3339("2026-07-09T10:00:00Z", "test");
  return in;
}

const Finding* find(const Report& r, std::string_view rule) {
  auto it = std::find_if(r.findings.begin(), r.findings.end(),
                         [&](const Finding& f) { return f.rule == rule; });
  return it == r.findings.end() ? nullptr : &*it;
}

const ComponentEntry* component(const Report& r, std::string_view name) {
  for (const ComponentEntry& c : r.components)
    if (c.name == name) return &c;
  return nullptr;
}

}  // namespace

TEST_CASE("a small change inside one component is allowed") {
  Report r = evaluate(make_inputs({text_file("kamailio/run.sh", 5, 2)}));
  CHECK(r.allowed());
  // No CODEOWNERS in these inputs: its warning (owners.unowned) is the only one.
  for (const Finding& f : r.findings)
    CHECK((f.severity == Severity::info || f.rule == gate::rule::owners_unowned));
  REQUIRE(component(r, "voice"));
  CHECK(component(r, "voice")->lines == 5 + 2);
  CHECK(r.change.is_protected);
}

TEST_CASE("a component over its line limit blocks on a protected ref and names the numbers") {
  Report r = evaluate(
      make_inputs({text_file("kamailio/a.cfg", 30, 0), text_file("kamailio/b.cfg", 6, 5)}));
  CHECK_FALSE(r.allowed());
  const Finding* f = find(r, "size.component");
  REQUIRE(f);
  CHECK(f->severity == Severity::block);
  CHECK(f->message.find("41 lines") != std::string::npos);
  CHECK(f->message.find("limit 40") != std::string::npos);
  CHECK(f->paths == std::vector<std::string>{"kamailio/a.cfg", "kamailio/b.cfg"});
}

TEST_CASE("the file limit counts files, binary files included, but not their lines") {
  std::vector<FileChange> files;
  for (int i = 0; i < 4; ++i) {
    FileChange f = text_file("kamailio/img" + std::to_string(i) + ".png", 0, 0);
    f.binary = true;
    files.push_back(f);
  }
  Report r = evaluate(make_inputs(files));
  REQUIRE(component(r, "voice"));
  CHECK(component(r, "voice")->files == 4);
  CHECK(component(r, "voice")->lines == 0);
  REQUIRE(find(r, "size.component"));
  CHECK(find(r, "size.component")->message.find("4 files") != std::string::npos);
}

TEST_CASE("on an unprotected ref size findings warn and the change is allowed") {
  Report r = evaluate(make_inputs({text_file("kamailio/a.cfg", 500, 0)}, "refs/heads/feature"));
  CHECK(r.allowed());
  REQUIRE(find(r, "size.component"));
  CHECK(find(r, "size.component")->severity == Severity::warn);
  CHECK_FALSE(r.change.is_protected);
}

TEST_CASE("protected globs: release/* covers nested release branches") {
  Report r =
      evaluate(make_inputs({text_file("kamailio/a.cfg", 500, 0)}, "refs/heads/release/2026/q3"));
  CHECK(r.change.is_protected);
  CHECK_FALSE(r.allowed());
}

TEST_CASE("without a ref the change is judged as a deploy to a protected ref") {
  Report r = evaluate(make_inputs({text_file("kamailio/a.cfg", 500, 0)}, ""));
  CHECK(r.change.is_protected);
  CHECK_FALSE(r.allowed());
}

TEST_CASE("two components in one change break max_components, (other) does not count") {
  Report two =
      evaluate(make_inputs({text_file("kamailio/a", 1, 0), text_file("terraform/b", 1, 0)}));
  const Finding* f = find(two, "size.components");
  REQUIRE(f);
  CHECK(f->message.find("voice") != std::string::npos);
  CHECK(f->message.find("infra") != std::string::npos);

  Report with_other =
      evaluate(make_inputs({text_file("kamailio/a", 1, 0), text_file("README.md", 1, 0)}));
  CHECK(find(with_other, "size.components") == nullptr);
  CHECK(with_other.allowed());
  REQUIRE(with_other.components.size() == 2);
  CHECK(with_other.components.back().name == "(other)");
}

TEST_CASE("(other) has the [size] default limits") {
  Report r = evaluate(make_inputs({text_file("docs/big.md", 101, 0)}));
  const ComponentEntry* other = component(r, "(other)");
  REQUIRE(other);
  CHECK(other->max_lines == 100);
  CHECK(find(r, "size.component"));
}

TEST_CASE("excluded and generated files are listed but not counted") {
  Inputs in =
      make_inputs({text_file("web/package-lock.json", 5000, 100), text_file("vendor/lib.c", 900, 0),
                   text_file("kamailio/gen.cfg", 700, 0), text_file("kamailio/a.cfg", 1, 0)});
  in.generated.insert("kamailio/gen.cfg");
  Report r = evaluate(in);
  CHECK(r.allowed());
  REQUIRE(r.files.size() == 4);
  for (const FileEntry& f : r.files) {
    INFO(f.change.path);
    CHECK(f.counted == (f.change.path == "kamailio/a.cfg"));
  }
  CHECK(component(r, "voice")->lines == 1);
  CHECK(r.files[0].excluded_by.find("package-lock.json") != std::string::npos);
}

TEST_CASE("a rename moving a file out of an excluded tree stays excluded") {
  FileChange moved = text_file("lib/x.c", 0, 0);
  moved.old_path = "vendor/x.c";
  moved.status = FileStatus::renamed;
  Report r = evaluate(make_inputs({moved}));
  REQUIRE(r.files.size() == 1);
  CHECK_FALSE(r.files[0].counted);
}

TEST_CASE("[rules] can switch a rule off or down to a warning") {
  std::string policy = std::string(voice_policy);
  policy.insert(policy.find("[size]"),
                "[rules]\n\"size.component\" = \"off\"\n\"size.components\" = \"warn\"\n");
  Report r = evaluate(make_inputs({text_file("kamailio/a", 900, 0), text_file("terraform/b", 1, 0)},
                                  "refs/heads/main", policy.c_str()));
  CHECK(find(r, "size.component") == nullptr);
  REQUIRE(find(r, "size.components"));
  CHECK(find(r, "size.components")->severity == Severity::warn);
  CHECK(r.allowed());
}

TEST_CASE("no policy at the base: allowed, with a notice") {
  Report r =
      evaluate(make_inputs({text_file("kamailio/a", 100000, 0)}, "refs/heads/main", nullptr));
  CHECK(r.allowed());
  CHECK(r.findings.empty());
  REQUIRE_FALSE(r.notices.empty());
  CHECK(r.notices.back().find("no policy.toml") != std::string::npos);
}

TEST_CASE("deleting a protected ref is ref.delete, deleting another ref is fine") {
  Inputs main = make_inputs({}, "refs/heads/main");
  main.context.deletion = true;
  Report blocked = evaluate(main);
  CHECK_FALSE(blocked.allowed());
  REQUIRE(find(blocked, "ref.delete"));

  Inputs feature = make_inputs({}, "refs/heads/feature");
  feature.context.deletion = true;
  CHECK(evaluate(feature).allowed());
}

TEST_CASE("a change to the gate's own configuration is called out") {
  Report r = evaluate(make_inputs({text_file("policy.toml", 1, 1)}));
  bool said = std::any_of(r.notices.begin(), r.notices.end(), [](const std::string& n) {
    return n.find("own configuration") != std::string::npos &&
           n.find("policy.toml") != std::string::npos;
  });
  CHECK(said);
}

TEST_CASE("the report carries the evaluation time and whether it was overridden") {
  Inputs in = make_inputs({});
  in.context.clock_overridden = true;
  Report r = evaluate(in);
  CHECK(r.evaluated_at == in.context.now);
  CHECK(r.clock_overridden);
}

}  // namespace gate

namespace gate {

TEST_CASE("components_from derives components from CODEOWNERS where no [[component]] matches") {
  const char* policy_text = R"(
version = 1
[size]
components_from = "owners"
max_components = 1
[[component]]
name = "voice"
paths = ["/kamailio/"]
)";
  const char* codeowners_text = "/web/ @acme/web @bob\n/api/ @acme/api\n/kamailio/ @acme/infra\n";
  Inputs in = make_inputs({text_file("web/a.js", 1, 0), text_file("api/b.go", 1, 0),
                           text_file("kamailio/c.cfg", 1, 0), text_file("README", 1, 0)},
                          "refs/heads/main", policy_text);
  in.codeowners = parse_codeowners(codeowners_text, ".github/CODEOWNERS", OwnersSyntax::github);
  Report r = evaluate(in);
  auto component_of = [&](std::string_view path) {
    for (const FileEntry& f : r.files)
      if (f.change.path == path) return f.component;
    return std::string("?");
  };
  CHECK(component_of("web/a.js") == "@acme/web");  // the first owner of its line
  CHECK(component_of("api/b.go") == "@acme/api");
  CHECK(component_of("kamailio/c.cfg") == "voice");  // an explicit [[component]] wins
  CHECK(component_of("README") == "(other)");        // no line owns it
  REQUIRE(find(r, "size.components"));               // three components > max 1

  std::string sections = std::string(policy_text);
  sections.replace(sections.find("\"owners\""), 8, "\"sections\"");
  Inputs gl = make_inputs({text_file("docs/x.md", 1, 0)}, "refs/heads/main", sections.c_str());
  gl.codeowners = parse_codeowners("[Documentation]\ndocs/ @docs\n", ".gitlab/CODEOWNERS",
                                   OwnersSyntax::gitlab);
  Report g = evaluate(gl);
  REQUIRE(g.files.size() == 1);
  CHECK(g.files[0].component == "Documentation");
}

}  // namespace gate
