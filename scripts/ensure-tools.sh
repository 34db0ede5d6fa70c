#!/usr/bin/env bash
# Installs what the build and the tests need, skipping whatever is already there.
#   scripts/ensure-tools.sh build   Rust wasm target, wasm-bindgen-cli, npm dev tools
#   scripts/ensure-tools.sh test    the same, plus Chromium and ChromeDriver
set -euo pipefail
cd "$(dirname "$0")/.."
need=${1:-build}

say() { printf '\033[2m[tools] %s\033[0m\n' "$*" >&2; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding Rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# The CLI must match the wasm-bindgen crate exactly (pinned with "=" in Cargo.toml).
bindgen_version=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)"/\1/p' Cargo.toml)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$bindgen_version" ]; then
  say "installing wasm-bindgen-cli $bindgen_version (takes about 10 minutes, once)"
  # No --locked: the registry here lacks one of its locked dependencies.
  cargo install wasm-bindgen-cli --version "$bindgen_version"
fi

# npm packages from each lock file (root: wasm-opt, runtimes, wrangler,
# playwright-core, fast-check, ajv; tests/phone: libphonenumber-js;
# tests/types/forms: the form libraries the types are checked against;
# tests/toolchains: the bundlers and frameworks the toolchain suite builds
# with, publint and attw), reinstalled only when the lock file changed since
# the last install.
npm_install() { # directory
  local stamp=$1/node_modules/.installed-from-lock
  if [ ! -f "$stamp" ] || ! cmp -s "$1/package-lock.json" "$stamp"; then
    say "installing npm packages in $1"
    npm ci --prefix "$1" --no-audit --no-fund --loglevel=error
    cp "$1/package-lock.json" "$stamp"
  fi
}
npm_install .
if [ "$need" = test ]; then
  npm_install tests/phone
  npm_install tests/types/forms
  npm_install tests/toolchains
fi

if [ "$need" = test ]; then
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    say "installing Chromium and ChromeDriver from Debian"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
fi
