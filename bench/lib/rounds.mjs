// Interleaved throughput rounds with nothing runtime-specific (no node:
// modules), so Node, Deno, Bun and a Chromium page run the same loop: every
// round runs each implementation once for `roundMs`, in a rotated order, and
// the ratio of a round is taken between implementations of that round.

/** Operations per second of `one(items[i])` for i = 0, 1, … over `roundMs`. */
function rate(one, items, roundMs, state) {
  const start = performance.now();
  let calls = 0;
  let elapsed = 0;
  do {
    for (let k = 0; k < 4; k++) state.sink ^= one(items[state.i++ % items.length]) ? 1 : 2;
    calls += 4;
    elapsed = performance.now() - start;
  } while (elapsed < roundMs);
  return (calls * 1000) / elapsed;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * `impls`: name → one(candidate) returning whether it is valid. Every
 * implementation must find every item valid before it is timed (the same
 * verdicts). Returns per name { opsPerSec, samples } and, against `ref`,
 * the median of the per-round ratios ref ÷ name (> 1: ref is faster).
 */
export function measureRounds(impls, items, { roundMs, rounds, ref }) {
  const names = Object.keys(impls);
  for (const name of names) {
    const valid = items.filter((item) => impls[name](item)).length;
    if (valid !== items.length) throw new Error(`${name} judged ${valid}/${items.length} valid`);
  }
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  const state = { i: 0, sink: 0 };
  for (let round = -1; round < rounds; round++) {
    const shift = (round + names.length) % names.length;
    for (const name of names.slice(shift).concat(names.slice(0, shift))) {
      const ops = rate(impls[name], items, roundMs, state);
      if (round >= 0) samples[name].push(ops);
    }
  }
  return Object.fromEntries(
    names.map((name) => [
      name,
      {
        opsPerSec: median(samples[name]),
        usPerOp: 1e6 / median(samples[name]),
        oursFasterBy: median(samples[ref].map((x, i) => x / samples[name][i])),
        samples: samples[name],
      },
    ]),
  );
}
