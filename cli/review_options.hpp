#pragma once
// The ownership inputs `check` and `ci` both take: reviews, approvers, team membership.

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common_options.hpp"
#include "gate/evaluate.hpp"

namespace gate::cli {

/// --reviews, --approved-by, --teams.
struct ReviewOptions {
  std::optional<std::string> reviews_file;
  std::vector<std::string> approved_by;
  std::optional<std::string> teams_file;
};

/// Adds the three options to `app`.
void add_review_options(CLI::App& app, ReviewOptions& o);

/// Reads the files (relative names from -C) into `inputs`: reviews of the head, and
/// team membership merged over the policy's [owners.teams].
void apply_review_options(const ReviewOptions& o, const CommonOptions& common, Inputs& inputs);

}  // namespace gate::cli
