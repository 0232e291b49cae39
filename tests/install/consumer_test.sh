#!/bin/sh
# install.consumer: `cmake --install` this build into a scratch prefix, check the tree
# has what docs/library.md promises, then build docs/examples/consumer against
# it twice (find_package, and pkg-config --static) and check both programs print the
# version the installed git-gate prints.
# usage: consumer_test.sh CMAKE BUILD_DIR SOURCE_DIR WORK_DIR LIBDIR LIBEXECDIR
set -eu
cmake=$1 build=$2 source=$3 work=$4 libdir=$5 libexecdir=$6
example=$source/docs/examples/consumer
prefix=$work/prefix

fail() { echo "install.consumer: $*" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$work"
"$cmake" --install "$build" --prefix "$prefix" >"$work/install.log" ||
  { cat "$work/install.log"; fail "cmake --install failed"; }

for f in bin/git-gate "$libexecdir/git-gate/pre-push" "$libdir/cmake/gate/gateConfig.cmake" \
         "$libdir/cmake/gate/gateConfigVersion.cmake" "$libdir/cmake/gate/gateTargets.cmake" \
         "$libdir/pkgconfig/gate.pc" share/doc/git-gate/LICENSE; do
  [ -f "$prefix/$f" ] || fail "the installed tree lacks $f"
done
[ -e "$prefix/$libdir/libgate.a" ] || [ -e "$prefix/$libdir/libgate.so" ] ||
  fail "the installed tree lacks $libdir/libgate.a (or .so with BUILD_SHARED_LIBS)"
for header in "$source"/lib/include/gate/*.hpp; do
  [ -f "$prefix/include/gate/${header##*/}" ] || fail "include/gate/${header##*/} not installed"
done

want=$("$prefix/bin/git-gate" --version)
echo "installed git-gate --version: $want"
case $want in "git-gate "?*) ;; *) fail "git-gate --version printed '$want'" ;; esac
hook=$("$prefix/$libexecdir/git-gate/pre-push" --version)
[ "$hook" = "$want" ] || fail "pre-push --version printed '$hook', git-gate '$want'"

# The printed version and verdict of one consumer program.
check_run() {
  out=$("$1") || fail "$2: the consumer exited $?"
  echo "$out" | sed "s/^/  $2: /"
  got=$(echo "$out" | sed -n 's/^version: //p')
  [ "git-gate $got" = "$want" ] || fail "$2: consumer printed version '$got', git-gate '$want'"
  echo "$out" | grep -q '^verdict: \(allow\|block\)$' || fail "$2: no verdict printed"
}

# Through the CMake package (and only this prefix's: CMAKE_PREFIX_PATH comes first).
"$cmake" -S "$example" -B "$work/cmake-build" -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_BUILD_TYPE=Release >"$work/cmake.log" 2>&1 ||
  { cat "$work/cmake.log"; fail "configuring the example with find_package(gate) failed"; }
found=$(sed -n 's/^gate_DIR:PATH=//p' "$work/cmake-build/CMakeCache.txt")
[ "$found" = "$prefix/$libdir/cmake/gate" ] || fail "find_package(gate) found '$found'"
"$cmake" --build "$work/cmake-build" >"$work/cmake-build.log" 2>&1 ||
  { cat "$work/cmake-build.log"; fail "building the example with find_package(gate) failed"; }
check_run "$work/cmake-build/consumer" find_package

# Through pkg-config --static alone.
mkdir -p "$work/pc-build"
PKG_CONFIG_PATH="$prefix/$libdir/pkgconfig" make -s -C "$example" O="$work/pc-build" \
  >"$work/pc-build.log" 2>&1 ||
  { cat "$work/pc-build.log"; fail "building the example with pkg-config --static failed"; }
check_run "$work/pc-build/consumer" pkg-config
echo "install.consumer: ok"
