#!/usr/bin/env bash
# Puts Redis 7.0's own test suite (tests/ of Debian bookworm's redis source package) in
# tests/EndToEnd.Tests/RedisTcl/redis-tests, for RedisTclSuiteSpecs. Needs apt (run as root) and network to Debian.
# Idempotent: does nothing when the folder is already there.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
target="$here/redis-tests"
[[ -f "$target/unit/pubsub.tcl" ]] && exit 0

# A deb-src entry of its own, so the machine's other sources stay as they are.
sources=/etc/apt/sources.list.d/actorrooms-redis-src.sources
if [[ ! -f "$sources" ]]; then
  cat > "$sources" <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
fi
apt-get update -o Dir::Etc::sourcelist="$sources" -o Dir::Etc::sourceparts=- -o APT::Get::List-Cleanup=0 >/dev/null

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get source --download-only redis >/dev/null 2>&1)
tar -xzf "$work"/redis_*.orig.tar.gz -C "$work" --wildcards '*/tests/*'
mkdir -p "$target"
cp -r "$work"/redis-*/tests/. "$target"/
echo "Redis test suite in $target"
