#!/bin/sh
# Installs the Debian packages forkcheck needs, when run as root; otherwise
# prints the exact command and stops.
set -eu
pkgs="cmake make gcc libclang-19-dev clang-19 llvm-19-tools libjson-c-dev libyaml-dev python3-dev pkg-config neovim groff-base git pre-commit python3-yaml libicu72"
# libFuzzer (fuzz/) and lit's per-test time limit
pkgs="$pkgs libclang-rt-19-dev python3-psutil"
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    missing="$missing $p"
done
# npm installs the SARIF validator (a .NET program: it needs ICU, libicu72)
# for the tests; any npm will do (a NodeSource nodejs brings its own).
command -v npm >/dev/null 2>&1 || missing="$missing nodejs npm"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "forkcheck needs these Debian packages:$missing" >&2
  echo "install them with: sudo apt-get update && sudo apt-get install -y$missing" >&2
  exit 1
fi
echo "installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing >/dev/null
