# linkgate. A fresh machine needs two commands (README): `make demo` and `make test`.
# Every target installs what it is missing (scripts/tools.sh).
SHELL := /bin/bash
CARGO ?= cargo
PORT ?= 8080

.PHONY: demo dist release test lint rust-test wasm-check wasm-test js-lint js-test e2e e2e-firefox sample bench bench-smoke tools-rust

tools-rust:
	@source scripts/tools.sh && ensure_rust_wasm

# Build the extension (dist/chrome, dist/firefox and their .zip files).
dist:
	bash scripts/build.sh

# The files to publish, from a clean commit: the Chrome and Firefox zips and the source archive Mozilla's review
# asks for (with docs/BUILDING.md), in dist/release/ (scripts/release.sh).
release:
	bash scripts/release.sh

# Build, then serve the demo site (dist/www: www/ plus the playground's wasm and renderer) on
# http://127.0.0.1:$(PORT) and say how to load the extension.
demo: dist
	@echo
	@echo "Load the extension: chrome://extensions -> Developer mode -> Load unpacked -> $(CURDIR)/dist/chrome"
	@echo "  (Firefox: about:debugging -> This Firefox -> Load Temporary Add-on -> $(CURDIR)/dist/firefox/manifest.json)"
	@echo "Demo: http://127.0.0.1:$(PORT)/ (every scenario), chat.html (the chat), playground.html (the rule playground)   (Ctrl-C to stop)"
	python3 -m http.server $(PORT) --bind 127.0.0.1 --directory dist/www

lint: tools-rust
	$(CARGO) fmt --all --check
	$(CARGO) clippy --all-targets -- -D warnings
	$(CARGO) clippy --lib --target wasm32-unknown-unknown --features wasm -- -D warnings

# (The real-link corpus runs first, on its own, so its numbers are printed: platform accuracy, share-code recall,
# share codes found in ordinary chat text.)
rust-test: tools-rust
	$(CARGO) test --test real_links -- --nocapture
	$(CARGO) test -- --skip real_links_

# The bare core builds for wasm32 with no bindings.
wasm-check: tools-rust
	$(CARGO) build --lib --target wasm32-unknown-unknown --release

# The core's tests again, compiled to wasm32 and run in headless Chromium (wasm-bindgen-test).
wasm-test: tools-rust
	@source scripts/tools.sh && ensure_wasm_bindgen && ensure_chromium
	WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER=/usr/bin/chromedriver \
	  $(CARGO) test --target wasm32-unknown-unknown --test fixtures --test errors --test controls

# ESLint on the extension, the demo site, the tests and scripts; web-ext lint on the Firefox build (errors fail it;
# the one expected warning is that Firefox ignores background.service_worker, which Chrome needs).
js-lint: dist
	node_modules/.bin/eslint extension www tests scripts benches eslint.config.js
	node_modules/.bin/web-ext lint --source-dir dist/firefox --self-hosted --warnings-as-errors=false

# In Node: the extension's message validator, and the shipped wasm module as the worker calls it (dist/pkg).
js-test: dist
	@source scripts/tools.sh && ensure_npm
	node --test tests/js/

# End-to-end: Chromium (Playwright) with dist/chrome against the demo chat, a real chat (Prosody + Converse.js), the
# navigation guard's attack pages, and real mouse and keyboard input (headful under Xvfb, xdotool);
# screenshots in target/screenshots/.
e2e: dist
	@source scripts/tools.sh && ensure_chromium && ensure_fonts && ensure_apt prosody prosody && ensure_apt Xvfb xvfb && ensure_apt xdotool xdotool
	node --test --test-concurrency=1 --test-timeout=180000 tests/e2e/

# End-to-end: Firefox ESR (selenium-webdriver + geckodriver) with dist/firefox installed as a temporary add-on.
e2e-firefox: dist
	@source scripts/tools.sh && ensure_firefox
	node --test --test-concurrency=1 --test-timeout=180000 tests/e2e-firefox/

# The benchmark harness on a tiny corpus, one run each: it keeps `make bench` from rotting. Checks nothing about speed.
bench-smoke:
	bash scripts/bench.sh --smoke

# Every test.
test: lint rust-test wasm-check wasm-test js-lint js-test e2e e2e-firefox bench-smoke
	@echo "make test: all checks passed"

# The CLI on the sample chat text shipped in the repo.
sample:
	$(CARGO) run --release --quiet -- scan --context group examples/chat.txt

# Every engine in every runtime on one 100,000-link corpus, one table with PASS/MISS against the targets:
# target/bench/results.json, BENCHMARKS.md and docs/benchmarks.svg (scripts/bench.sh says what runs).
bench:
	bash scripts/bench.sh
