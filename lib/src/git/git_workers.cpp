#include "git/git_workers.hpp"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <thread>

namespace gate::git {
namespace {

// Below this many items, starting threads and opening handles costs more than it saves.
constexpr std::size_t kParallelThreshold = 48;
constexpr std::size_t kChunk = 16;

// A second handle on the same repository for another thread. Handles that share
// one git_odb contend on its locks (two threads ran slower than one on a
// 20,000-file diff), so each worker opens the objects directory again, which brings
// its info/alternates too. Objects added through GIT_OBJECT_DIRECTORY or
// GIT_ALTERNATE_OBJECT_DIRECTORIES are reachable only through main's own odb; with
// those set, the worker wraps that (libgit2 documents a git_odb as thread-safe).
RepoHandle open_worker_handle(git_repository* main) {
  git_odb* odb = nullptr;
  if (std::getenv("GIT_OBJECT_DIRECTORY") || std::getenv("GIT_ALTERNATE_OBJECT_DIRECTORIES")) {
    check(git_repository_odb(&odb, main), "reading the object database");
  } else {
    git_buf objects = GIT_BUF_INIT;
    check(git_repository_item_path(&objects, main, GIT_REPOSITORY_ITEM_OBJECTS),
          "finding the object database");
    std::string path = take_buf(objects);
    check(git_odb_open(&odb, path.c_str()), "opening the object database at '" + path + "'");
  }
  OdbHandle owned(odb);
  git_repository* raw = nullptr;
  check(git_repository_wrap_odb(&raw, odb), "opening a second repository handle");
  return RepoHandle(raw);
}

}  // namespace

Workers::Workers(git_repository* main, unsigned threads)
    : main_(main), threads_(std::max(1u, threads)) {}

git_repository* Workers::handle(unsigned worker) {
  if (worker == 0) return main_;
  return extra_[worker - 1].get();
}

void Workers::for_each(std::size_t n,
                       const std::function<void(std::size_t, git_repository*)>& body) {
  unsigned threads = threads_;
  if (n < kParallelThreshold) threads = 1;
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, (n + kChunk - 1) / kChunk));
  if (threads <= 1) {
    for (std::size_t i = 0; i < n; ++i) body(i, main_);
    return;
  }
  while (extra_.size() + 1 < threads) extra_.push_back(open_worker_handle(main_));

  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr error;
  std::mutex error_mutex;
  auto run = [&](unsigned worker) {
    git_repository* repo = handle(worker);
    try {
      for (;;) {
        std::size_t begin = next.fetch_add(kChunk);
        if (begin >= n || failed.load()) return;
        for (std::size_t i = begin; i < std::min(n, begin + kChunk); ++i) body(i, repo);
      }
    } catch (...) {
      std::lock_guard<std::mutex> lock(error_mutex);
      if (!error) error = std::current_exception();
      failed = true;
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(run, t);
  run(0);
  for (std::thread& t : pool) t.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace gate::git
