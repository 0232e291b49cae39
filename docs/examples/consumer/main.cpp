// Using libgate without git: a policy and a change made by hand, judged by the same
// evaluate() that check, ci and the pre-push hook use (docs/library.md).
#include <cstdio>
#include <string>

#include "gate/evaluate.hpp"
#include "gate/version.hpp"

int main() {
  gate::Inputs in;  // what gather() reads from git in the programs
  // A malformed policy throws gate::ConfigError, which says where.
  in.policy = gate::parse_policy(R"(
version = 1
protected = ["refs/heads/main"]
[[component]]
name = "voice"
paths = ["/kamailio/"]
max_lines = 40
)");
  gate::FileChange file;
  file.path = "kamailio/run.sh";
  file.added = 50;
  in.change.files.push_back(file);
  in.context.ref = "refs/heads/main";
  in.context.now = gate::parse_rfc3339("2026-07-09T10:00:00Z", "example");
  gate::Report report = gate::evaluate(in);
  std::printf("version: %s\n", std::string(gate::version()).c_str());
  for (const gate::Finding& f : report.findings)
    std::printf("%s: %s\n", f.rule.c_str(), f.message.c_str());
  std::printf("verdict: %s\n", report.allowed() ? "allow" : "block");  // block: 50 > 40
}
