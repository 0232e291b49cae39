#!/usr/bin/env bash
# Builds and installs git-gate's programs for CI jobs (action.yml and
# ci/git-gate.gitlab-ci.yml; docs/ci.md, "Building the gate"): the Debian/Ubuntu packages
# it needs, then a Release build without the test suite, installed into PREFIX
# (PREFIX/bin/git-gate, PREFIX/libexec/git-gate/pre-push).
#
#   ci/install.sh SOURCE PREFIX STAMP
#
# STAMP names the build (the source's version and the system it is built on). When PREFIX
# already holds a build with the same STAMP, restored from a CI cache, nothing is built:
# only the run-time packages recorded next to it are installed, if missing.
#   ci/install.sh --record PREFIX
# only writes that record, for the programs installed in PREFIX.
set -euo pipefail

# Runtime and build packages; the test-only tools of the Makefile's PACKAGES are left out.
build_packages=(build-essential cmake pkg-config git openssh-client tzdata ca-certificates
  libgit2-dev libtomlplusplus-dev libhowardhinnant-date-dev libfmt-dev nlohmann-json3-dev
  libcli11-dev)
# Run-time needs besides the shared libraries: git (override fetch), ssh-keygen (override
# signatures), the time zone database (change windows).
tool_packages=(git openssh-client tzdata ca-certificates)

usage() {
  echo "usage: $0 SOURCE PREFIX STAMP | $0 --record PREFIX" >&2
  exit 2
}

# Installs those of the packages that are not installed yet (with sudo when not root).
apt_install() {
  local missing=() p sudo=
  for p in "$@"; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' ||
      missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" = 0 ] || sudo=sudo
  echo "git-gate: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# The package that holds a shared library, trying the names merged-/usr systems give it.
owner_of() {
  local candidate
  for candidate in "$1" "$(readlink -f "$1")" "/usr$1" "${1#/usr}"; do
    dpkg-query -S "$candidate" 2>/dev/null | head -n 1 | cut -d: -f1 && return 0
  done
  return 1
}

# Records the packages of the shared libraries the installed programs load, so that a
# cached build needs only those. A library no package claims records the build packages
# instead, which pull in every library the build linked.
record_runtime() {
  local prefix=$1 libs lib owner
  local record="$prefix/share/git-gate/runtime-packages"
  local packages=("${tool_packages[@]}")
  libs=$(ldd "$prefix/bin/git-gate" "$prefix/libexec/git-gate/pre-push" |
    awk '$2 == "=>" && $3 ~ /^\// { print $3 }' | sort -u)
  mkdir -p "$(dirname "$record")"
  for lib in $libs; do
    if ! owner=$(owner_of "$lib") || [ -z "$owner" ]; then
      echo "git-gate: no package holds $lib; recording the build packages" >&2
      packages=("${build_packages[@]}")
      break
    fi
    packages+=("$owner")
  done
  printf '%s\n' "${packages[@]}" | sort -u >"$record"
}

if [ "${1:-}" = --record ]; then
  [ $# -eq 2 ] || usage
  record_runtime "$2"
  exit 0
fi
[ $# -eq 3 ] || usage
source_dir=$1 prefix=$2 stamp=$3
stamp_file="$prefix/share/git-gate/build-stamp"

if [ -x "$prefix/bin/git-gate" ] && [ -f "$stamp_file" ] && [ "$(cat "$stamp_file")" = "$stamp" ]; then
  echo "git-gate: using the cached build $stamp"
  mapfile -t runtime <"$prefix/share/git-gate/runtime-packages"
  apt_install "${runtime[@]}"
  # A cache restored onto another system would not start: build instead.
  "$prefix/bin/git-gate" --version && exit 0
  echo "git-gate: the cached build does not run here; building" >&2
fi

apt_install "${build_packages[@]}"
build=$(mktemp -d)
export CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}
cmake -S "$source_dir" -B "$build" -DCMAKE_BUILD_TYPE=Release -DGATE_BUILD_TESTS=OFF &&
  cmake --build "$build" && cmake --install "$build" --prefix "$prefix"
rm -rf "$build"
record_runtime "$prefix"
printf '%s\n' "$stamp" >"$stamp_file"
"$prefix/bin/git-gate" --version
