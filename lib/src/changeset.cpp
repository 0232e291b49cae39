#include "gate/changeset.hpp"

namespace gate {

const char* to_string(FileStatus status) {
  switch (status) {
    case FileStatus::added:
      return "added";
    case FileStatus::modified:
      return "modified";
    case FileStatus::deleted:
      return "deleted";
    case FileStatus::renamed:
      return "renamed";
    case FileStatus::copied:
      return "copied";
    case FileStatus::type_changed:
      return "type_changed";
  }
  return "modified";
}

std::size_t touched_path_count(const ChangeSet& change) {
  std::size_t count = 0;
  for (const FileChange& f : change.files) count += f.old_path && *f.old_path != f.path ? 2 : 1;
  return count;
}

std::vector<std::string_view> touched_paths(const ChangeSet& change) {
  std::vector<std::string_view> paths;
  paths.reserve(touched_path_count(change));
  for (const FileChange& f : change.files) {
    paths.push_back(f.path);
    if (f.old_path && *f.old_path != f.path) paths.push_back(*f.old_path);
  }
  return paths;
}

}  // namespace gate
