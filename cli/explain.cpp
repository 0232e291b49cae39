// `git-gate explain PATH…`: the CODEOWNERS line that owns each path, its owners, section
// and component. Matching is about patterns, so the paths need not exist.

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <exception>
#include <optional>
#include <semaphore>
#include <span>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>

#include "commands.hpp"
#include "common_options.hpp"
#include "gate/components.hpp"
#include "gate/files.hpp"
#include "gate/gather.hpp"
#include "gate/json_writer.hpp"
#include "gate/owners_index.hpp"
#include "gate/repository.hpp"
#include "terminal_options.hpp"

namespace gate::cli {

namespace {

struct ExplainOptions {
  std::string rev = "HEAD";
  CommonOptions common;
  std::optional<std::string> paths_from;
  std::vector<std::string> paths;
  TerminalOptions terminal;
};

// Paths are repository-relative; "./a" and "/a" name the same path as "a".
std::string_view normalise(std::string_view path) {
  while (path.starts_with("./")) path.remove_prefix(2);
  while (path.starts_with("/")) path.remove_prefix(1);
  return path;
}

/// The non-empty lines of `listed` (a trailing CR dropped), as views into it.
void add_lines(const MappedText& listed, std::vector<std::string_view>& out) {
  out.reserve(out.size() + listed.newline_count() + 1);
  std::string_view text = listed.text();
  while (!text.empty()) {
    std::size_t end = std::min(text.find('\n'), text.size());
    std::string_view line = text.substr(0, end);
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (!line.empty()) out.push_back(line);
    text.remove_prefix(std::min(end + 1, text.size()));
  }
}

/// What explain reads: the policy and CODEOWNERS of the revision, either may be absent.
struct Sources {
  const Policy* policy;
  const Codeowners* file;
  const OwnersIndex* index;
};

/// What explain says about one path. Reused from path to path, so that a long list
/// costs no allocation per path beyond the lookup's.
struct Explanation {
  std::vector<const std::string*> owners;  // every deciding line's, first seen first
  const OwnerRule* decisive = nullptr;     // the last section's line
  const std::string* section = nullptr;    // its section's name, when it has one
  std::optional<std::string> component;    // with a policy only
};

void explain(const Sources& s, std::string_view path, Explanation& e) {
  e.owners.clear();
  e.decisive = nullptr;
  e.section = nullptr;
  e.component.reset();
  Ownership o;
  if (s.file && s.index) {
    o = s.index->match(path);
    for (const OwnerRule* rule : o.rules)
      for (const std::string& owner : s.index->owners_of(*rule))
        if (std::none_of(e.owners.begin(), e.owners.end(),
                         [&](const std::string* seen) { return *seen == owner; }))
          e.owners.push_back(&owner);
    if (!o.rules.empty()) {
      e.decisive = o.rules.back();
      const std::string& name = s.file->sections.at(e.decisive->section).name;
      if (!name.empty()) e.section = &name;
    }
  }
  if (!s.policy) return;
  e.component = s.file && s.index ? component_name(*s.policy, *s.file, *s.index, o, path)
                                  : component_name(*s.policy, nullptr, nullptr, path);
}

/// "FILE:LINE" of the deciding line.
void owner_line(const Sources& s, const Explanation& e, std::string& out) {
  char number[16];
  auto [end, error] = std::to_chars(number, number + sizeof number, e.decisive->line);
  out.assign(s.file->source).append(1, ':').append(number, end);
}

// The layout of nlohmann's dump(2), which JsonWriter keeps: the output did not change
// when explain stopped building a tree (tests/e2e/explain_output_test.cpp).
void write_json(JsonWriter& w, const Sources& s, std::string_view path, const Explanation& e,
                std::string& line) {
  w.begin_object();
  w.key("path").value(path);
  w.key("owners").begin_array();
  for (const std::string* owner : e.owners) w.value(*owner);
  w.end_array();
  w.key("owner_line");
  if (e.decisive) {
    owner_line(s, e, line);
    w.value(line);
  } else {
    w.null();
  }
  w.key("section");
  if (e.section)
    w.value(*e.section);
  else
    w.null();
  w.key("component").value(e.component);
  w.end_object();
}

// Paths are written as they are, bytes and all.
void write_text(std::string& out, const Sources& s, std::string_view path, const Explanation& e,
                std::string& line) {
  out.append(path).append("\n  owners:    ");
  if (e.owners.empty()) out += "(none)";
  for (std::size_t i = 0; i < e.owners.size(); ++i) {
    if (i > 0) out += ' ';
    out += *e.owners[i];
  }
  out += "\n  line:      ";
  if (e.decisive) owner_line(s, e, line);
  out.append(e.decisive ? std::string_view(line) : "(no line matches: unowned)").append("\n");
  if (e.section) out.append("  section:   ").append(*e.section).append("\n");
  if (e.component) out.append("  component: ").append(*e.component).append("\n");
}

/// Formats `paths` into `out`; `first` when they start the whole list.
void format_chunk(const Sources& s, std::span<const std::string_view> paths, bool json, bool first,
                  std::string& out) {
  out.clear();
  Explanation e;
  std::string line;
  JsonWriter w(out);
  if (json) w.resume_array(!first);
  for (std::string_view path : paths) {
    explain(s, path, e);
    if (json)
      write_json(w, s, path, e, line);
    else
      write_text(out, s, path, e, line);
  }
}

void write_out(std::string_view bytes) {
  if (std::fwrite(bytes.data(), 1, bytes.size(), stdout) != bytes.size())
    throw std::system_error(errno, std::generic_category(), "cannot write to standard output");
}

/// Paths per chunk: enough to pay for a handoff, small enough to keep memory flat. Each
/// chunk's output is ~250 KB of JSON; at 4,096 paths the two buffers were 2 MB, and the
/// 750 more pages faulted in cost kibana x 100k paths 5 ms (median of 30 runs).
constexpr std::size_t chunk_paths = 1024;

/// A second thread that formats one chunk at a time, on request. It lives for the whole
/// list: a thread per pair of chunks cost ~35 us to start each time, on the main thread.
class ChunkWorker {
 public:
  ChunkWorker(const Sources& s, bool json) : s_(s), json_(json), thread_([this] { loop(); }) {}
  ChunkWorker(const ChunkWorker&) = delete;
  ChunkWorker& operator=(const ChunkWorker&) = delete;
  ~ChunkWorker() {
    // A chunk still in hand is finished first (its failure dropped: whatever unwinds
    // this worker failed earlier); the semaphores order `stop_` before the worker reads it.
    if (busy_) done_.acquire();
    stop_ = true;
    go_.release();
    thread_.join();
  }

  /// Starts formatting `paths` (never the start of the list).
  void start(std::span<const std::string_view> paths) {
    paths_ = paths;
    busy_ = true;
    go_.release();
  }

  /// The started chunk's output, once formatted; its exception, if formatting failed.
  const std::string& finish() {
    done_.acquire();
    busy_ = false;
    if (failed_) std::rethrow_exception(std::exchange(failed_, nullptr));
    return out_;
  }

 private:
  void loop() {
    for (;;) {
      go_.acquire();
      if (stop_) return;
      try {
        format_chunk(s_, paths_, json_, false, out_);
      } catch (...) {
        failed_ = std::current_exception();
      }
      done_.release();
    }
  }

  const Sources& s_;
  bool json_;
  std::span<const std::string_view> paths_;
  std::string out_;
  std::exception_ptr failed_;
  bool busy_ = false;  // the main thread's own: a chunk started and not finished
  bool stop_ = false;
  std::binary_semaphore go_{0}, done_{0};
  std::thread thread_;  // last: starts once the members it uses exist
};

/// Explains and prints every path in order, in chunks: the worker formats every other
/// chunk while this thread formats and writes the one before it. Output is the same
/// whatever the number of threads.
void print_all(const Sources& s, const std::vector<std::string_view>& paths, bool json) {
  std::string mine;
  std::optional<ChunkWorker> worker;
  if (paths.size() > chunk_paths) worker.emplace(s, json);
  if (json) write_out("[");
  std::span<const std::string_view> all(paths);
  for (std::size_t at = 0; at < all.size();) {
    std::size_t n = std::min(chunk_paths, all.size() - at);
    std::size_t m = std::min(chunk_paths, all.size() - at - n);
    if (m > 0) worker->start(all.subspan(at + n, m));
    format_chunk(s, all.subspan(at, n), json, at == 0, mine);
    write_out(mine);  // while the worker still formats
    if (m > 0) write_out(worker->finish());
    at += n + m;
  }
  if (json) write_out("\n]\n");
  if (std::fflush(stdout) != 0)
    throw std::system_error(errno, std::generic_category(), "cannot write to standard output");
}

void add_options(CLI::App& app, ExplainOptions& o) {
  app.add_option("--rev", o.rev, "revision whose CODEOWNERS and policy are read")
      ->type_name("REV")
      ->capture_default_str();
  add_format_option(app, o.common, "text or json", {"text", "json"}, "text");
  app.add_option("--paths-from", o.paths_from,
                 "read more paths from this file, one per line (- for stdin)")
      ->type_name("FILE");
  add_quiet_option(app, o.terminal);
  add_directory_option(app, o.common);
  app.add_option("paths", o.paths, "paths to explain (need not exist)")->type_name("PATH");
}

/// The revision's policy and CODEOWNERS.
struct Loaded {
  std::optional<Policy> policy;
  LoadedCodeowners codeowners;
};

/// `lookups`: the paths, when known before reading (load_codeowners keeps only the rules
/// that decide a few of them).
Loaded load(const ExplainOptions& o, const std::vector<std::string_view>* lookups) {
  Repository repo = o.common.repository();
  std::string commit = repo.resolve_commit(o.rev);
  Loaded out;
  out.policy = read_policy_at(repo, commit);
  out.codeowners = load_codeowners(repo, commit, out.policy ? &*out.policy : nullptr, lookups);
  return out;
}

}  // namespace

int run_explain(int argc, char** argv, Session& session) {
  ExplainOptions o;
  CLI::App app{"Show the CODEOWNERS line, owners, section and component of each path.",
               "git-gate explain"};
  add_options(app, o);
  if (std::optional<int> code = parse_args(app, argc, argv)) return *code;
  session.format = o.common.format == "json" ? Format::json : Format::text;
  session.quiet = o.terminal.quiet;
  // --paths-from's text; `paths` views into it and into o.paths.
  std::optional<MappedText> listed;
  if (o.paths_from) listed.emplace(o.common.path(*o.paths_from), "--paths-from");
  std::vector<std::string_view> paths(o.paths.begin(), o.paths.end());
  for (std::string_view& path : paths) path = normalise(path);
  // Splitting a long --paths-from list overlaps opening the repository (libgit2's start
  // alone is milliseconds) and parsing CODEOWNERS; a usage error still comes first.
  // Paths named on the command line are known before CODEOWNERS is read.
  std::optional<Loaded> read;
  std::exception_ptr failed;
  {
    std::jthread splitter;
    if (listed) {
      splitter = std::jthread([&] {
        std::size_t named = paths.size();
        add_lines(*listed, paths);
        for (std::size_t i = named; i < paths.size(); ++i) paths[i] = normalise(paths[i]);
      });
    }
    try {
      read = load(o, listed ? nullptr : &paths);
    } catch (...) {
      failed = std::current_exception();
    }
  }
  if (paths.empty()) throw UsageError("explain: name at least one path (or --paths-from FILE)");
  if (failed) std::rethrow_exception(failed);
  std::optional<Policy>& policy = read->policy;
  LoadedCodeowners& loaded = read->codeowners;
  for (const std::string& n : loaded.notices) fmt::print(stderr, "git-gate: note: {}\n", n);
  if (!loaded.file) fmt::print(stderr, "git-gate: note: {} has no CODEOWNERS file\n", o.rev);
  std::optional<OwnersIndex> index;
  if (loaded.file) index.emplace(*loaded.file, paths.size());

  if (session.quiet) return 0;
  // Paths and policy strings are bytes: bad UTF-8 becomes U+FFFD in JSON (JsonWriter).
  Sources sources{policy ? &*policy : nullptr, loaded.file ? &*loaded.file : nullptr,
                  index ? &*index : nullptr};
  print_all(sources, paths, session.format == Format::json);
  return 0;
}

}  // namespace gate::cli
