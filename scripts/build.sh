#!/usr/bin/env bash
# Builds the extension: the release wasm (LTO, opt-level z), wasm-bindgen glue, wasm-opt -Oz, then dist/chrome and
# dist/firefox (+ .zip). Installs what is missing first. Prints the module size raw, gzip and brotli.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools.sh
ensure_rust_wasm
ensure_wasm_bindgen
ensure_npm
ensure_apt zip zip

PROFILE=release-wasm
# Panic locations name dependency sources by path: mapped to a fixed prefix, so that the module does not depend on
# where cargo keeps its registry (a reviewer's build gives the same bytes; docs/BUILDING.md).
RUSTFLAGS="${RUSTFLAGS:-} --remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}/registry/src=/cargo-registry" \
  cargo build --lib --target wasm32-unknown-unknown --features wasm --profile "$PROFILE"
rm -rf dist/pkg && mkdir -p dist/pkg
wasm-bindgen --target web --no-typescript --out-dir dist/pkg --out-name linkgate \
  "target/wasm32-unknown-unknown/$PROFILE/linkgate.wasm"
node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
  --enable-reference-types --enable-multivalue \
  dist/pkg/linkgate_bg.wasm -o dist/pkg/linkgate_bg.opt.wasm
mv dist/pkg/linkgate_bg.opt.wasm dist/pkg/linkgate_bg.wasm

node scripts/size.mjs dist/pkg/linkgate_bg.wasm

for browser in chrome firefox; do
  out="dist/$browser"
  rm -rf "$out" && mkdir -p "$out"
  cp -r extension/. "$out/"
  # The manifest from manifest.json, the version in Cargo.toml and the chat sites in rules/sites.json.
  node scripts/manifest.mjs "$out/manifest.json"
  mkdir -p "$out/pkg" && cp dist/pkg/linkgate.js dist/pkg/linkgate_bg.wasm "$out/pkg/"
  # Engine facts the pages read without the module (lib/settings.js imports it): generated from the module.
  node scripts/facts.mjs dist/pkg "$out/lib/facts.js" > /dev/null
  (cd "$out" && rm -f "../linkgate-$browser.zip" && zip -qr "../linkgate-$browser.zip" .)
done
# The demo site with what its rule playground needs: the wasm module, and the extension's page renderer, styles and
# strings, so the playground draws the warning and block pages with the extension's own code.
rm -rf dist/www && cp -r www dist/www
mkdir -p dist/www/pkg dist/www/ext/pages dist/www/ext/lib
cp dist/pkg/linkgate.js dist/pkg/linkgate_bg.wasm dist/www/pkg/
cp extension/pages/render.js extension/pages/dom.js extension/pages/ui.css extension/pages/interstitial.css dist/www/ext/pages/
cp extension/lib/i18n.js extension/lib/choices.js dist/www/ext/lib/
cp dist/chrome/lib/facts.js dist/www/ext/lib/
cp -r extension/_locales dist/www/ext/_locales
echo "built dist/chrome, dist/firefox (and .zip), dist/www (the demo site)"
