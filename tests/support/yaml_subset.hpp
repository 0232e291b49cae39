#pragma once
/// A reader for the YAML the repository's CI files are written in (action.yml,
/// ci/git-gate.gitlab-ci.yml), so that the tests can run their steps without a YAML
/// library: block mappings and sequences, plain and quoted one-line scalars, literal block
/// scalars (`|`, `|-`, `|+`), one-line flow sequences of scalars, and comments. Anything
/// else (anchors, tags, folded or multi-line plain scalars, flow mappings) is refused with
/// the line number, so a file that leaves the subset fails its test instead of being
/// misread. Where PyYAML is installed the tests compare both readings.

#include <nlohmann/json.hpp>
#include <string>

namespace gate::test {

/// The document as JSON: mappings are objects, sequences arrays, scalars strings (their
/// text as written: `true` and `3` stay strings) except `~`, `null` and an empty value,
/// which are null. Throws std::runtime_error "line N: why" outside the subset.
nlohmann::json parse_yaml_subset(const std::string& text);

}  // namespace gate::test
