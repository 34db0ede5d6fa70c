# Shared by scripts/fuzz/run.sh and scripts/fuzz/smoke.sh (sourced).
# Makes sure cargo-fuzz is there (installing it from crates.io once, about
# 5 minutes), picks the toolchain, and defines cargo_fuzz and run_target.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
fuzz_dir=$root/fuzz
TARGETS=(validate_candidate phone responses edge)
# Safe Rust only (the crate forbids unsafe code), so no AddressSanitizer:
# it would halve the executions and double the build for nothing.
SANITIZER=${FUZZ_SANITIZER:-none}

say() { printf '\033[2m[fuzz] %s\033[0m\n' "$*" >&2; }

# cargo-fuzz needs nightly's -Z flags: the nightly toolchain when there is
# one (this machine's image has it), else the stable one told to allow them.
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  toolchain=(+nightly)
else
  say "no nightly toolchain: using the default one with RUSTC_BOOTSTRAP=1"
  export RUSTC_BOOTSTRAP=1
  toolchain=()
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  say "installing cargo-fuzz from crates.io (about 5 minutes, once)"
  cargo install cargo-fuzz --version 0.13.2
fi

# cargo_fuzz ARGS…: `cargo fuzz ARGS…` in fuzz/ with that toolchain.
cargo_fuzz() {
  (cd "$fuzz_dir" && cargo "${toolchain[@]}" fuzz "$@")
}

# Maximum input length per target: phone numbers are short, JSON is not.
max_len() {
  case $1 in
    phone) echo 128 ;;
    *) echo 4096 ;;
  esac
}

# run_target TARGET LOGFILE LIBFUZZER-ARGS…: fuzzes TARGET with its seed
# corpus (fuzz/corpus/TARGET, read only) and a working corpus that grows in
# fuzz/work/TARGET (not in git); a crash lands in fuzz/artifacts/TARGET/.
# Prints "TARGET: N executions in S s" (or the failure) and returns its status.
run_target() {
  local target=$1 log=$2
  shift 2
  mkdir -p "$fuzz_dir/work/$target" "$fuzz_dir/artifacts/$target"
  local status=0
  (cargo_fuzz run -s "$SANITIZER" "$target" \
    "work/$target" "corpus/$target" -- \
    -dict="dict/$target.dict" -max_len="$(max_len "$target")" \
    -artifact_prefix="artifacts/$target/" -print_final_stats=1 "$@") >"$log" 2>&1 || status=$?
  local runs seconds
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  seconds=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -1)
  if [ "$status" -eq 0 ]; then
    printf '%-20s %12s executions in %s s\n' "$target:" "${runs:-?}" "${seconds:-?}"
  else
    printf '%-20s FAILED after %s executions (exit %s); log: %s\n' "$target:" "${runs:-?}" "$status" "$log"
    grep -m1 -A3 -E 'panicked at|ERROR: libFuzzer' "$log" >&2 || tail -20 "$log" >&2
    ls -t "$fuzz_dir/artifacts/$target/" 2>/dev/null | head -1 | sed "s|^|  reproduce: cd fuzz \&\& cargo ${toolchain[*]} fuzz run -s $SANITIZER $target artifacts/$target/|" >&2
  fi
  return "$status"
}
