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

}  // namespace gate
