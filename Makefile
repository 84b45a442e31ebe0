# linkgate: the two commands a fresh machine needs are `make demo` and `make test` (see README).
SHELL := /bin/bash
CARGO ?= cargo

.PHONY: test sample lint rust-test wasm-check bench tools-rust

# Rust toolchain pieces the build needs (rustup honours rust-toolchain.toml; targets may still be missing).
tools-rust:
	@rustup target list --installed 2>/dev/null | grep -q wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown

lint: tools-rust
	$(CARGO) fmt --all --check
	$(CARGO) clippy --all-targets -- -D warnings

rust-test: tools-rust
	$(CARGO) test

wasm-check: tools-rust
	$(CARGO) build --lib --target wasm32-unknown-unknown --release

# Every test.
test: lint rust-test wasm-check
	@echo "make test: all checks passed"

# The CLI on the sample chat text shipped in the repo.
sample:
	$(CARGO) run --release --quiet -- scan --context group examples/chat.txt

bench:
	$(CARGO) bench --bench classify
