#!/bin/sh
# install.deb: `cpack -G DEB` of this build (its install rules: programs, man pages,
# headers, libgate; never the tests), unpack the package with dpkg-deb -x and check it:
# its name, its files, that the packaged programs run and print this build's version,
# and that Depends names the package of every shared library they link, tzdata and
# openssh-client. Skipped (77) without cpack, dpkg-deb, dpkg or readelf.
# usage: deb_test.sh CMAKE SOURCE_DIR WORK_DIR GIT_GATE BINARY_DIR
set -eu
cmake=$1 source=$2 work=$3 cli=$4 binary=$5
cpack=${cmake%/*}/cpack
[ -x "$cpack" ] || cpack=$(command -v cpack || true)

fail() { echo "install.deb: $*" >&2; exit 1; }
[ -n "$cpack" ] || { echo "install.deb: skipped: cpack is missing"; exit 77; }
for tool in dpkg-deb dpkg readelf ldd; do
  command -v "$tool" >/dev/null || { echo "install.deb: skipped: $tool is missing"; exit 77; }
done

want=$("$cli" --version)
version=${want#git-gate }
build=$work/pkg
mkdir -p "$build"
# Package the build under test rather than building a second, Release one: packaging is
# `cmake --install` into a staging tree, seconds instead of a full compile.
rm -f "$build"/*.deb
"$cpack" -G DEB --config "$binary/CPackConfig.cmake" -B "$build" >"$work/cpack.log" 2>&1 ||
  { cat "$work/cpack.log"; fail "cpack -G DEB failed"; }

deb=$build/git-gate_${version}_$(dpkg --print-architecture).deb
[ -f "$deb" ] || fail "no $deb; cpack made: $(ls "$build"/*.deb 2>/dev/null)"
[ "$(dpkg-deb -f "$deb" Package)" = git-gate ] || fail "Package is not git-gate"
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail "Version is not $version"
root=$work/root
rm -rf "$root"
dpkg-deb -x "$deb" "$root"

for f in usr/bin/git-gate usr/libexec/git-gate/pre-push usr/lib/cmake/gate/gateConfig.cmake \
         usr/lib/pkgconfig/gate.pc usr/share/doc/git-gate/LICENSE; do
  [ -f "$root/$f" ] || fail "the package lacks /$f"
done
[ -e "$root/usr/lib/libgate.a" ] || [ -e "$root/usr/lib/libgate.so" ] || fail "no libgate"
for header in "$source"/lib/include/gate/*.hpp; do
  [ -f "$root/usr/include/gate/${header##*/}" ] || fail "no /usr/include/gate/${header##*/}"
done
# The man pages come with cmake/docs.cmake, where it exists.
if [ -f "$source/cmake/docs.cmake" ] && [ -z "$(find "$root/usr/share/man" -type f 2>/dev/null)" ]; then
  fail "cmake/docs.cmake exists but the package has no man pages"
fi

for program in usr/bin/git-gate usr/libexec/git-gate/pre-push; do
  got=$(env -u LD_LIBRARY_PATH "$root/$program" --version) || fail "/$program --version failed"
  [ "$got" = "$want" ] || fail "/$program --version printed '$got', the build '$want'"
done

depends=$(dpkg-deb -f "$deb" Depends)
echo "install.deb: Depends: $depends"
listed() { echo "$depends" | tr ',|' '\n\n' | sed 's/^ *//; s/[ :(].*//' | grep -qx "$1"; }
for needed in tzdata openssh-client; do
  listed "$needed" || fail "Depends lacks $needed"
done
# Each library a packaged program names (NEEDED), by the Debian package that holds it.
for program in usr/bin/git-gate usr/libexec/git-gate/pre-push; do
  for soname in $(readelf -d "$root/$program" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
    path=$(ldd "$root/$program" | sed -n "s|^[[:space:]]*$soname => \([^ ]*\).*|\1|p")
    [ -n "$path" ] || fail "ldd does not resolve $soname of /$program"
    owner=""
    for candidate in "$path" "$(readlink -f "$path")" "/usr$path"; do
      owner=$(dpkg -S "$candidate" 2>/dev/null | head -1 | cut -d: -f1) && [ -n "$owner" ] && break
    done
    [ -n "$owner" ] || fail "no Debian package holds $path ($soname)"
    listed "$owner" || fail "Depends lacks $owner, which holds $soname that /$program links"
  done
done
echo "install.deb: ok ($deb)"
