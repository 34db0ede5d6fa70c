#!/usr/bin/env bash
# Builds the npm package in pkg/: four wasm builds (validate: validation
# only; browser: plus the client; edge: validation plus the edge handler, for
# heymilo-ingest/edge in Workers; server: client, sandbox and edge handler; the
# first two with the per-call arena allocator), each through
# wasm-bindgen --target web and wasm-opt -Oz (binaryen from npm), loaded once
# after every step; then bundles the Node entries and prints the sizes.
set -euo pipefail
cd "$(dirname "$0")/.."

crate=heymilo_ingest
target_dir=${CARGO_TARGET_DIR:-target}
raw=$target_dir/wasm32-unknown-unknown/release/$crate.wasm
staging=$target_dir/pkg-staging
mkdir -p "$staging"
rm -rf pkg/dist

build() { # name, cargo feature flags…
  local name=$1 out=pkg/dist/$1
  shift
  cargo build --quiet --release --lib --target wasm32-unknown-unknown "$@"
  cp "$raw" "$staging/$name.wasm"
  wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name "$crate" "$staging/$name.wasm"
  node scripts/check-wasm-loads.mjs "$out/${crate}_bg.wasm"
  # Feature flags match what rustc enables by default for wasm32-unknown-unknown.
  # --low-memory-unused lets wasm-opt fold constant offsets into loads and
  # stores: rustc puts the stack first, growing down from 1 MiB, and nothing
  # here recurses deeper than a few kilobytes (JSON nesting stops at 64), so
  # the lowest 1 KiB is never used.
  node_modules/.bin/wasm-opt -Oz --converge --low-memory-unused --strip-debug --strip-producers \
    --enable-bulk-memory --enable-sign-ext --enable-mutable-globals \
    --enable-nontrapping-float-to-int --enable-reference-types --enable-multivalue \
    "$out/${crate}_bg.wasm" -o "$staging/$name.opt.wasm"
  mv "$staging/$name.opt.wasm" "$out/${crate}_bg.wasm"
  node scripts/check-wasm-loads.mjs "$out/${crate}_bg.wasm"
}

build validate --no-default-features --features call-arena
build browser --no-default-features --features client,call-arena
build edge --no-default-features --features edge
build server

# The Node/Deno/Bun entries as one ES module each (esbuild, not minified): a
# module graph of a dozen files costs Node several milliseconds at import,
# one file does not. They sit in pkg/dist/, so their `../dist/<build>/…`
# wasm URLs resolve as they do from pkg/src/.
for entry in entry-node entry-validate-node entry-edge-node; do
  node_modules/.bin/esbuild "pkg/src/$entry.js" --bundle --format=esm --platform=node \
    --log-level=error --outfile="pkg/dist/$entry.js"
done

node scripts/report-size.mjs
