#!/usr/bin/env bash
# The size of one wasm build as the package ships it, without building the
# whole package: cargo (with the given feature flags), wasm-bindgen, wasm-opt
# with scripts/build-pkg.sh's flags; prints raw and gzip -9 bytes of the
# shipped .wasm, and keeps cargo's named output for bench/wasm-functions.mjs.
#   bench/wasm-size.sh validate --no-default-features --features call-arena
set -euo pipefail
cd "$(dirname "$0")/.."
name=$1
shift
out=${WASM_SIZE_DIR:-target/wasm-size}
mkdir -p "$out"
profile=${PROFILE:-release}
cargo build --quiet --profile "$profile" --lib --target wasm32-unknown-unknown "$@"
dir=$profile
[ "$profile" = dev ] && dir=debug
cp "${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/$dir/heymilo_ingest.wasm" "$out/$name.raw.wasm"
wasm-bindgen --target web --no-typescript --omit-default-module-path --out-dir "$out" --out-name "$name" "$out/$name.raw.wasm"
node_modules/.bin/wasm-opt -Oz --converge --low-memory-unused --strip-debug --strip-producers --strip-target-features \
  --enable-bulk-memory --enable-sign-ext --enable-mutable-globals \
  --enable-nontrapping-float-to-int --enable-reference-types --enable-multivalue \
  "$out/${name}_bg.wasm" -o "$out/$name.opt.wasm"
raw=$(stat -c %s "$out/$name.opt.wasm")
gz=$(gzip -9 -c "$out/$name.opt.wasm" | wc -c)
printf '%s: %d bytes raw, %d bytes gzip (%.1f KB)\n' "$name" "$raw" "$gz" "$(echo "$gz / 1024" | bc -l)"
