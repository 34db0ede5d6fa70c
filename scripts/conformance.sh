#!/usr/bin/env bash
# `make conformance`: the reference libraries' own test inputs, run against
# the package as a user installs it. Packs pkg/ (built by `make pkg`), installs
# the tarball by name in an empty directory, and runs the two runners that
# come with the data (email against email-validator 2.4.0, surrounding white
# space trimmed counting as agreement; phone against libphonenumber-js max).
# The data lives outside the repository (CONFORMANCE_DIR, by default
# ../shared/conformance) and is never copied in; `make test` never reads it.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
data=${CONFORMANCE_DIR:-$repo/../shared/conformance}
if [ ! -d "$data" ]; then
  echo "make conformance: no conformance data at $data (set CONFORMANCE_DIR)" >&2
  exit 1
fi
data=$(cd "$data" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack "$repo/pkg" --silent >/dev/null
npm init -y >/dev/null
npm i ./heymilo-ingest-*.tgz --silent --no-audit --no-fund
status=0
node "$data/email-upstream.mjs" "$data/email-upstream-suites.json" --trim-ok || status=1
node "$data/phone-upstream.mjs" "$data/phone-upstream-suites.json" || status=1
exit $status
