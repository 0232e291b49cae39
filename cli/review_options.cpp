#include "review_options.hpp"

#include "gate/reviews.hpp"

namespace gate::cli {

void add_review_options(CLI::App& app, ReviewOptions& o) {
  app.add_option("--reviews", o.reviews_file,
                 "reviews: GitHub's \"list reviews\" JSON or GitLab's approvals JSON")
      ->type_name("FILE");
  app.add_option("--approved-by", o.approved_by, "handles that approved the head commit")
      ->type_name("HANDLE")
      ->delimiter(',');
  app.add_option("--teams", o.teams_file,
                 "JSON object of team -> members, merged over [owners.teams]")
      ->type_name("FILE");
}

void apply_review_options(const ReviewOptions& o, const CommonOptions& common, Inputs& inputs) {
  if (o.reviews_file || !o.approved_by.empty()) {
    std::vector<Review> reviews;
    if (o.reviews_file)
      reviews = parse_reviews(common.read(*o.reviews_file, "--reviews"), *o.reviews_file,
                              inputs.change.head);
    for (Review& r : approvals_from_list(o.approved_by, inputs.change.head))
      reviews.push_back(std::move(r));
    inputs.context.reviews = std::move(reviews);
  }
  if (o.teams_file && inputs.policy)
    merge_teams(common.read(*o.teams_file, "--teams"), *o.teams_file, inputs.policy->owners.teams);
}

}  // namespace gate::cli
