#!/usr/bin/env bash
# `make fuzz`: fuzzes each target in turn and prints its executions.
#   FUZZ_SECONDS=60      time per target (default 60)
#   FUZZ_RUNS=10000000   or a number of executions per target instead
#   FUZZ_TARGETS="phone edge"   only these (default: all four)
#   FUZZ_SANITIZER=address      to build with ASan (default none)
# The corpora grow in fuzz/work/ (kept between runs, not in git); crashes
# land in fuzz/artifacts/<target>/ with the command that reproduces them.
source "$(dirname "$0")/common.sh"
seconds=${FUZZ_SECONDS:-60}
read -r -a targets <<<"${FUZZ_TARGETS:-${TARGETS[*]}}"
logs=$fuzz_dir/work/logs
mkdir -p "$logs"

say "building ${targets[*]}"
cargo_fuzz build -s "$SANITIZER" >&2

if [ -n "${FUZZ_RUNS:-}" ]; then
  limit=(-runs="$FUZZ_RUNS") budget="$FUZZ_RUNS executions"
else
  limit=(-max_total_time="$seconds") budget="$seconds s"
fi
failed=0
for target in "${targets[@]}"; do
  say "fuzzing $target ($budget)"
  run_target "$target" "$logs/$target-$(date +%Y%m%dT%H%M%S).log" "${limit[@]}" || failed=1
done
exit "$failed"
