#!/usr/bin/env bash
# `make release`: the files to publish, from a clean commit, into dist/release/:
#   linkgate-<version>-chrome.zip    the Chrome Web Store upload (dist/chrome)
#   linkgate-<version>-firefox.zip   the addons.mozilla.org upload (dist/firefox)
#   linkgate-<version>-source.zip    the source of that commit (git archive), with BUILDING.md at its top: Mozilla's
#                                    review asks for the source and build steps of any add-on that ships generated
#                                    or compiled code (here the WebAssembly module and its wasm-bindgen glue)
# The version is Cargo.toml's (scripts/manifest.mjs writes it into both manifests; package.json must agree).
# Refuses a working tree with uncommitted changes (the source archive would not be what was built), unless
# LINKGATE_ALLOW_DIRTY=1.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -n "$(git status --porcelain)" && "${LINKGATE_ALLOW_DIRTY:-}" != 1 ]]; then
  echo "release: the working tree has uncommitted changes; commit them first (or LINKGATE_ALLOW_DIRTY=1)" >&2
  exit 1
fi
version=$(node -e "import('./scripts/manifest.mjs').then(async (m) => console.log(await m.crateVersion()))")
package_version=$(node -p "require('./package.json').version")
if [[ "$version" != "$package_version" ]]; then
  echo "release: Cargo.toml says $version but package.json says $package_version" >&2
  exit 1
fi

bash scripts/build.sh
out=dist/release
rm -rf "$out" && mkdir -p "$out"
cp dist/linkgate-chrome.zip "$out/linkgate-$version-chrome.zip"
cp dist/linkgate-firefox.zip "$out/linkgate-$version-firefox.zip"
git archive --format=zip --prefix="linkgate-$version/" \
  --add-file=docs/BUILDING.md -o "$out/linkgate-$version-source.zip" HEAD
(cd "$out" && sha256sum -- *.zip > SHA256SUMS)
echo "release $version ($(git rev-parse --short HEAD)):"
ls -l "$out" | tail -n +2
