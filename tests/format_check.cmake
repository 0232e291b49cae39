# ctest unit.format: every .cpp/.hpp under lib/, cli/, hooks/ and tests/ is formatted as
# the project's .clang-format says. Fails listing the files clang-format-14 would change,
# or saying that clang-format-14 is missing (`make deps` installs it).
# Run: cmake -DSOURCE_DIR=<source root> -P tests/format_check.cmake
if(NOT SOURCE_DIR)
  message(FATAL_ERROR "format_check: pass -DSOURCE_DIR=<source root>")
endif()
find_program(CLANG_FORMAT NAMES clang-format-14)
if(NOT CLANG_FORMAT)
  message(FATAL_ERROR "format_check: clang-format-14 is not installed (run `make deps`)")
endif()

set(patterns)
foreach(dir lib cli hooks tests)
  list(APPEND patterns "${SOURCE_DIR}/${dir}/*.cpp" "${SOURCE_DIR}/${dir}/*.hpp")
endforeach()
file(GLOB_RECURSE files LIST_DIRECTORIES false ${patterns})
list(SORT files)

set(unformatted)
foreach(file IN LISTS files)
  execute_process(COMMAND "${CLANG_FORMAT}" --style=file --dry-run --Werror "${file}"
                  RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
  if(NOT rc EQUAL 0)
    file(RELATIVE_PATH rel "${SOURCE_DIR}" "${file}")
    list(APPEND unformatted "${rel}")
  endif()
endforeach()

list(LENGTH files checked)
list(LENGTH unformatted count)
if(count GREATER 0)
  list(JOIN unformatted "\n  " listing)
  message(FATAL_ERROR "${count} of ${checked} files are not formatted "
                      "(clang-format-14 -i FILE...):\n  ${listing}")
endif()
message(STATUS "format_check: ${checked} files formatted")
