#include "rules/authors.hpp"

#include <algorithm>
#include <map>

#include "handles.hpp"

namespace gate {

// Authors and committers of every commit, plus the extra authors (the PR opener). GitHub's
// web-flow committer signs web merges and edits for everyone; it is nobody's identity.
std::vector<Author> change_authors(const Policy& policy, const Inputs& inputs) {
  std::vector<Identity> ids = inputs.context.extra_authors;
  for (const CommitInfo& c : inputs.change.commits) {
    ids.push_back(c.author);
    if (fold_handle(c.committer.email) != "noreply@github.com") ids.push_back(c.committer);
  }
  std::map<std::string, Author> by_key;
  for (const Identity& id : ids) {
    // A forge handle (the opener, `--author @alice`) has no e-mail: it is its own alias,
    // and [owners.people] ties it to the e-mails of the same person.
    bool is_handle = id.email.empty() && id.name.size() > 1 && id.name.front() == '@';
    if (id.email.empty() && !is_handle) continue;
    Author a;
    std::string key = fold_handle(is_handle ? id.name : id.email);
    a.aliases.insert(key);
    a.shown = is_handle ? id.name : id.email;
    for (const auto& [email, handle] : policy.owners.people) {
      if (fold_handle(is_handle ? handle : email) != key) continue;
      a.aliases.insert(fold_handle(handle));
      a.aliases.insert(fold_handle(email));
      a.shown = handle;
    }
    auto [it, added] = by_key.emplace(a.shown, a);
    if (!added) it->second.aliases.insert(a.aliases.begin(), a.aliases.end());
  }
  std::vector<Author> out;
  for (auto& [key, a] : by_key) out.push_back(std::move(a));
  return out;
}

bool has_handle(const Policy& policy, const std::string& who) {
  if (who.size() > 1 && who.front() == '@') return true;
  const std::string key = fold_handle(who);
  return std::any_of(policy.owners.people.begin(), policy.owners.people.end(),
                     [&](const auto& person) { return fold_handle(person.first) == key; });
}

bool is_author(const std::vector<Author>& authors, const Policy& policy, const std::string& who) {
  std::set<std::string> names = {fold_handle(who)};
  for (const auto& [email, handle] : policy.owners.people)
    if (fold_handle(email) == fold_handle(who) || fold_handle(handle) == fold_handle(who)) {
      names.insert(fold_handle(email));
      names.insert(fold_handle(handle));
    }
  return std::any_of(authors.begin(), authors.end(), [&](const Author& a) {
    return std::any_of(names.begin(), names.end(),
                       [&](const std::string& n) { return a.aliases.count(n) > 0; });
  });
}

}  // namespace gate
