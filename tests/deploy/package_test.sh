#!/usr/bin/env bash
# The Debian package as an operator gets it: build it with CPack, unpack it (dpkg-deb -x) into a
# temp dir, run the binary from there, check the unit, the conffile and the files it installs, and
# let systemd-analyze verify the unit where systemd is present.
# Usage: package_test.sh BUILD_DIR
set -uo pipefail
build="${1:?usage: package_test.sh BUILD_DIR}"
work="$(mktemp -d "${TMPDIR:-/tmp}/cpt-package.XXXXXX")"
trap 'rm -rf "$work"' EXIT
. "$(dirname "${BASH_SOURCE[0]}")/check.sh"

if ! timeout 300 cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/pkg" >"$work/cpack.log" 2>&1; then
  echo "FAIL: cpack"; cat "$work/cpack.log"; exit 1
fi
deb=$(ls "$work"/pkg/*.deb 2>/dev/null | head -n1)
[ -n "$deb" ] || { echo "FAIL: no .deb written"; cat "$work/cpack.log"; exit 1; }
echo "package: $(basename "$deb") ($(du -h "$deb" | cut -f1))"

check "control names the package" sh -c "dpkg-deb -f '$deb' Package | grep -qx car-pulse-tracker"
check "dependencies come from the binary's libraries" sh -c "dpkg-deb -f '$deb' Depends | grep -q libcurl"
check "the config is a conffile" sh -c "dpkg-deb --ctrl-tarfile '$deb' | tar -xO ./conffiles | grep -qx /etc/cpt/cpt.toml"
mkdir -p "$work/root"
check "unpacks" dpkg-deb -x "$deb" "$work/root"
for f in usr/bin/cpt lib/systemd/system/cpt-serve.service etc/cpt/cpt.toml \
         usr/share/car-pulse-tracker/nginx/cpt.conf usr/share/doc/car-pulse-tracker/service.md; do
  check "installs /$f" test -s "$work/root/$f"
done
check "the unpacked binary runs" sh -c "'$work/root/usr/bin/cpt' version | grep -q ."
check "the unpacked binary knows serve" sh -c "'$work/root/usr/bin/cpt' serve --help | grep -q -- --config"
# The example config is read to its end: serve stops only at what an operator must still provide
# (the secret files the unit hands in as credentials), never at its syntax.
check "the example config reads up to its secret files" sh -c \
  "'$work/root/usr/bin/cpt' serve --config '$work/root/etc/cpt/cpt.toml' 2>&1 | grep -q 'Cannot read the token_key file /run/credentials/cpt-serve.service/token_key'"

if command -v systemd-analyze >/dev/null 2>&1; then
  sed "s|^ExecStart=/usr/bin/cpt|ExecStart=$work/root/usr/bin/cpt|" \
    "$work/root/lib/systemd/system/cpt-serve.service" >"$work/cpt-serve.service"
  check "systemd-analyze verify accepts the unit" sh -c \
    "out=\$(systemd-analyze verify --man=no '$work/cpt-serve.service' 2>&1); [ -z \"\$out\" ] || { echo \"\$out\"; exit 1; }"
  check "the unit is hardened" sh -c "grep -q '^ProtectSystem=strict' '$work/cpt-serve.service' && grep -q '^DynamicUser=yes' '$work/cpt-serve.service' && grep -q '^NoNewPrivileges=yes' '$work/cpt-serve.service'"
else
  echo "systemd-analyze not present: unit verification left out"
fi

finish
