#!/usr/bin/env bash
# For `make test`: builds every fuzz target and runs each briefly (its seed
# corpus, then FUZZ_SMOKE_SECONDS of mutation, default 5), so they keep
# compiling and their invariants keep holding. Fails on any finding.
source "$(dirname "$0")/common.sh"
seconds=${FUZZ_SMOKE_SECONDS:-5}
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
started=$SECONDS
# --dev: an unoptimized build compiles in a fraction of the time, and a few
# seconds of fuzzing need no speed. It has its own directory under fuzz/target.
if ! cargo_fuzz build --dev -s "$SANITIZER" >"$logs/build.log" 2>&1; then
  tail -40 "$logs/build.log" >&2
  echo "fuzz smoke: the fuzz targets do not build" >&2
  exit 1
fi
say "built in $((SECONDS - started)) s"
failed=0
for target in "${TARGETS[@]}"; do
  # A fresh working corpus each time: the smoke must not depend on earlier runs.
  rm -rf "$fuzz_dir/work/smoke-$target"
  mkdir -p "$fuzz_dir/work/smoke-$target" "$fuzz_dir/artifacts/$target"
  status=0
  (cargo_fuzz run --dev -s "$SANITIZER" "$target" \
    "work/smoke-$target" "corpus/$target" -- \
    -dict="dict/$target.dict" -max_len="$(max_len "$target")" -seed=1 \
    -artifact_prefix="artifacts/$target/" -print_final_stats=1 \
    -max_total_time="$seconds") >"$logs/$target.log" 2>&1 || status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$logs/$target.log" | tail -1)
  if [ "$status" -eq 0 ]; then
    printf 'fuzz smoke %-20s %10s executions\n' "$target:" "${runs:-?}"
  else
    failed=1
    printf 'fuzz smoke %-20s FAILED (exit %s)\n' "$target:" "$status"
    grep -m1 -A6 -E 'panicked at|ERROR: libFuzzer' "$logs/$target.log" || tail -30 "$logs/$target.log"
  fi
  rm -rf "$fuzz_dir/work/smoke-$target"
done
echo "fuzz smoke: $((SECONDS - started)) s in all"
exit "$failed"
