#include "git/git_notes.hpp"

#include <memory>

#include "gate/error.hpp"
#include "git/git_handle.hpp"

namespace gate::git {

std::optional<std::string> read_note(git_repository* repo, std::string_view notes_ref,
                                     const git_oid& commit) {
  std::string ref(notes_ref);
  git_note* raw = nullptr;
  int rc = git_note_read(&raw, repo, ref.c_str(), &commit);
  if (rc == GIT_ENOTFOUND) {
    git_error_clear();
    return std::nullopt;
  }
  check(rc, "reading the note of " + to_hex(commit) + " in " + ref);
  NoteHandle note(raw);
  const char* text = git_note_message(note.get());
  return std::string(text ? text : "");
}

std::vector<std::pair<std::string, std::string>> list_notes(git_repository* repo,
                                                            std::string_view notes_ref) {
  std::string ref(notes_ref);
  std::vector<std::pair<git_oid, git_oid>> ids;  // (note blob, annotated object)
  auto collect = [](const git_oid* blob, const git_oid* object, void* payload) {
    static_cast<std::vector<std::pair<git_oid, git_oid>>*>(payload)->emplace_back(*blob, *object);
    return 0;
  };
  int rc = git_note_foreach(repo, ref.c_str(), collect, &ids);
  if (rc == GIT_ENOTFOUND) {
    git_error_clear();
    return {};
  }
  check(rc, "listing the notes in " + ref);
  std::vector<std::pair<std::string, std::string>> notes;
  for (const auto& [blob_id, object] : ids) {
    if (std::optional<std::string> text = read_note(repo, notes_ref, object))
      notes.emplace_back(to_hex(object), std::move(*text));
  }
  return notes;
}

std::vector<std::pair<std::string, std::string>> notes_at(git_repository* repo,
                                                          const git_oid& notes_commit) {
  const std::string what = "the notes commit " + to_hex(notes_commit);
  git_commit* commit_raw = nullptr;
  check(git_commit_lookup(&commit_raw, repo, &notes_commit), "reading " + what);
  CommitHandle commit(commit_raw);
  git_note_iterator* it_raw = nullptr;
  check(git_note_commit_iterator_new(&it_raw, commit.get()), "listing the notes of " + what);
  std::unique_ptr<git_note_iterator, decltype(&git_note_iterator_free)> it(it_raw,
                                                                           git_note_iterator_free);
  std::vector<std::pair<std::string, std::string>> notes;
  git_oid blob, object;
  int rc = 0;
  while ((rc = git_note_next(&blob, &object, it.get())) == 0) {
    git_note* raw = nullptr;
    check(git_note_commit_read(&raw, repo, commit.get(), &object),
          "reading the note of " + to_hex(object) + " in " + what);
    NoteHandle note(raw);
    const char* text = git_note_message(note.get());
    notes.emplace_back(to_hex(object), text ? text : "");
  }
  if (rc != GIT_ITEROVER) check(rc, "listing the notes of " + what);
  git_error_clear();
  return notes;
}

void write_note(git_repository* repo, std::string_view notes_ref, const git_oid& commit,
                std::string_view text, const Identity& who) {
  git_signature* raw = nullptr;
  check(git_signature_now(&raw, who.name.c_str(), who.email.c_str()),
        "making the notes commit's signature");
  SignatureHandle sig(raw);
  std::string ref(notes_ref), note(text);
  git_oid out;
  check(git_note_create(&out, repo, ref.c_str(), sig.get(), sig.get(), &commit, note.c_str(), 1),
        "writing the note of " + to_hex(commit) + " in " + ref);
}

std::optional<std::string> config_value(git_repository* repo, std::string_view key) {
  git_config* raw = nullptr;
  check(git_repository_config_snapshot(&raw, repo), "reading the git configuration");
  ConfigHandle config(raw);
  git_buf value = GIT_BUF_INIT;
  std::string name(key);
  if (git_config_get_string_buf(&value, config.get(), name.c_str()) < 0) {
    git_error_clear();
    return std::nullopt;
  }
  return take_buf(value);
}

}  // namespace gate::git
