#!/usr/bin/env bash
# `make bench`: every engine in every runtime on one corpus, then one table (scripts/bench-report.mjs).
#
#   bash scripts/bench.sh            the full run: 100,000 links, 5 runs each; writes target/bench/results.json,
#                                    BENCHMARKS.md and docs/benchmarks.svg
#   bash scripts/bench.sh --smoke    the harness on a tiny corpus, one run each (`make test` runs it so the harness
#                                    keeps working); writes only under target/bench-smoke/; its numbers mean nothing
#
# Installs what is missing first (scripts/tools.sh). Steps: corpus -> the extension build (dist/) -> the peers built
# for wasm (benches/wasm) and bundled for the browser (esbuild) -> native (criterion, benches/compare.rs) -> Node
# (benches/node.mjs) -> Chromium (benches/chromium.mjs, benches/page.mjs, benches/guard.mjs) -> size
# (scripts/size.mjs) -> report.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools.sh

SMOKE=0
[[ "${1:-}" == "--smoke" ]] && SMOKE=1
if ((SMOKE)); then
  export BENCH_DIR="$PWD/target/bench-smoke" BENCH_RUNS=1 BENCH_PAGE_LINKS=200 BENCH_SCROLL_LINKS=200 BENCH_PATH_LINKS=500 BENCH_GUARD_CLICKS=5
  CORPUS=(--links 2000 --messages 200)
  CRITERION_ARGS=(--quick)
else
  export BENCH_DIR="$PWD/target/bench" BENCH_RUNS="${BENCH_RUNS:-5}"
  CORPUS=()
  CRITERION_ARGS=()
fi
export CRITERION_HOME="$BENCH_DIR/criterion"
step() { printf '\n== %s (%s)\n' "$1" "$(date +%T)"; }

ensure_rust_wasm
ensure_wasm_bindgen
ensure_npm
ensure_chromium
mkdir -p "$BENCH_DIR"

step "corpus"
node scripts/corpus.mjs "${CORPUS[@]}" --out "$BENCH_DIR"

step "the extension (dist/)"
bash scripts/build.sh

step "the peers for wasm and the browser"
PEERS="$BENCH_DIR/peers"
CARGO_TARGET_DIR=target/bench-wasm cargo build --quiet --manifest-path benches/wasm/Cargo.toml \
  --target wasm32-unknown-unknown --profile release-wasm
rm -rf "$PEERS" && mkdir -p "$PEERS"
wasm-bindgen --target web --no-typescript --out-dir "$PEERS" --out-name linkgate_bench_wasm \
  target/bench-wasm/wasm32-unknown-unknown/release-wasm/linkgate_bench_wasm.wasm
node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
  --enable-reference-types --enable-multivalue \
  "$PEERS/linkgate_bench_wasm_bg.wasm" -o "$PEERS/linkgate_bench_wasm_bg.wasm"
node_modules/.bin/esbuild benches/chromium/peers-entry.js --bundle --format=esm --minify --log-level=warning \
  --outfile="$PEERS/js-peers.js"

step "native: criterion"
cargo bench --quiet --bench classify -- "${CRITERION_ARGS[@]}" | grep -E '^classify/|time:' || true
step "native: the comparison"
cargo bench --quiet --bench compare

step "Node"
node benches/node.mjs
step "Chromium: the engines in a page, the extension path, cold start, memory"
node benches/chromium.mjs
step "Chromium: the demo chat"
node benches/page.mjs
step "Chromium: the navigation guard, click to request"
node benches/guard.mjs

step "size"
node scripts/size.mjs dist/pkg/linkgate_bg.wasm target/wasm32-unknown-unknown/release-wasm/linkgate.wasm \
  --json "$BENCH_DIR/size.json"

step "report"
if ((SMOKE)); then
  node scripts/bench-report.mjs --dir "$BENCH_DIR" --smoke
else
  node scripts/bench-report.mjs --dir "$BENCH_DIR" --markdown BENCHMARKS.md --svg docs/benchmarks.svg
fi
