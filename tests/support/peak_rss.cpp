#include "peak_rss.hpp"

#include <sys/resource.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace gate::test {

MeasuredRun run_measured(const std::vector<std::string>& argv, const RunOptions& options) {
  MeasuredRun measured;
  const std::filesystem::path time_program = "/usr/bin/time";
  if (std::filesystem::exists(time_program)) {
    TempDir tmp;
    std::filesystem::path figure = tmp.path() / "peak";
    std::vector<std::string> timed = {time_program.string(), "-f", "%M", "-o", figure.string()};
    timed.insert(timed.end(), argv.begin(), argv.end());
    measured.result = run(timed, options);
    // The figure is the last line; a non-zero exit adds "Command exited with ..." before it.
    std::ifstream in(figure);
    for (std::string line; std::getline(in, line);)
      if (!line.empty() && line.find_first_not_of("0123456789") == std::string::npos)
        measured.peak_kib = std::stol(line);
    return measured;
  }
  measured.result = run(argv, options);
  rusage usage{};
  if (getrusage(RUSAGE_CHILDREN, &usage) == 0) measured.peak_kib = usage.ru_maxrss;
  return measured;
}

}  // namespace gate::test
