# heymilo-ingest: the two commands a newcomer needs are `make demo` and `make test`.
# Each installs what it needs first (scripts/ensure-tools.sh) and skips what is there.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
export WRANGLER_SEND_METRICS := false
export CLOUDFLARE_CF_FETCH_ENABLED := false
export NEXT_TELEMETRY_DISABLED := 1

.PHONY: tools test-tools pkg test test-rust test-phone test-wasm test-js test-demo test-packaging test-toolchains demo sandbox bench fuzz soak test-reliability conformance lint clean

tools:
	@scripts/ensure-tools.sh build

test-tools:
	@scripts/ensure-tools.sh test

## pkg: build the npm package in pkg/ (wasm-bindgen --target web + wasm-opt -Oz) and print its size
pkg: tools
	@scripts/build-pkg.sh

## test: every test (native Rust, wasm in Node and Chromium, JS API and client,
## edge handler in Node and workerd, demo in Chromium, packaging in six runtimes,
## the README's apps built by every bundler and framework)
test: test-tools lint test-rust test-phone test-wasm pkg test-js test-demo test-packaging test-toolchains test-reliability
	@echo "make test: all suites passed"

## a short smoke of every fuzz target, and a 500-call soak through the edge in workerd
test-reliability: pkg
	bash scripts/fuzz/smoke.sh
	SOAK_COUNT=500 node tests/soak/soak.mjs

## fuzz: every fuzz target for FUZZ_SECONDS (default 60) each; counts and findings → RELIABILITY.md
fuzz:
	bash scripts/fuzz/run.sh

## soak: 10 000 candidates through the edge in workerd to the sandbox, with faults (bounded, loopback only)
soak: pkg
	node tests/soak/soak.mjs

lint: test-tools
	cargo fmt --all --check
	node_modules/.bin/tsc -p tests/types
	node_modules/.bin/tsc -p tests/types/forms
	cargo clippy --quiet --workspace --all-targets -- -D warnings
	RUSTDOCFLAGS='-D warnings' cargo doc --quiet --no-deps
	cargo clippy --quiet --lib --target wasm32-unknown-unknown -- -D warnings
	cargo clippy --quiet --lib --target wasm32-unknown-unknown --no-default-features --features client,call-arena -- -D warnings
	cargo clippy --quiet --lib --target wasm32-unknown-unknown --no-default-features --features edge -- -D warnings
	cargo clippy --quiet --lib --target wasm32-unknown-unknown --no-default-features --features call-arena,utf16-rows -- -D warnings
	cargo clippy --quiet -p call-arena --target wasm32-unknown-unknown -- -D warnings

test-rust:
	HEYMILO_SKIP_PHONE_DIFF=1 cargo test --quiet

## the phone differential against libphonenumber-js (generates cases, then runs the Rust check)
test-phone:
	node tests/phone/differential.mjs

test-demo:
	node --test --test-reporter=spec tests/demo/

test-wasm:
	cargo test --target wasm32-unknown-unknown --test wasm
	CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_USE_BROWSER=1 \
	  cargo test --target wasm32-unknown-unknown --test wasm

test-js:
	node --test --test-reporter=spec --test-concurrency=1 tests/js/

test-packaging: test-tools pkg
	node tests/packaging/run.mjs

## conformance: the reference libraries' own test inputs (../shared/conformance, or
## CONFORMANCE_DIR) against the packed tarball; not part of make test, which never reads them
conformance: pkg
	scripts/conformance.sh

## test-toolchains: the README's snippets built by Vite, webpack, Rollup, esbuild,
## bun build, Next.js and wrangler against the packed tarball, and run
## (TOOLCHAINS=vite,next for a subset)
test-toolchains: test-tools pkg
	node tests/toolchains/run.mjs

## sandbox: serve the HeyMilo sandbox on 127.0.0.1 (PORT=4010 by default)
sandbox: pkg
	node scripts/sandbox.mjs --port $${PORT:-4010}

## demo: serve the demo page on 127.0.0.1 (no HeyMilo account needed)
demo: pkg
	node www/serve.mjs

## bench: throughput vs zod v4 / valibot / libphonenumber-js, sizes, cold start, edge and
## client overhead → BENCHMARKS.md (~8–13 min; never part of make test)
bench: pkg
	@cmp -s bench/package-lock.json bench/node_modules/.installed-from-lock 2>/dev/null || \
	  { npm ci --prefix bench --no-audit --no-fund --loglevel=error && cp bench/package-lock.json bench/node_modules/.installed-from-lock; }
	node bench/run.mjs

clean:
	rm -rf target pkg/dist node_modules bench/out bench/node_modules tests/toolchains/node_modules tests/toolchains/.work
