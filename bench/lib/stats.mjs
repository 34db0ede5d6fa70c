// Small statistics and timing helpers shared by the benchmark scripts.

export const median = (values) => {
  const sorted = [...values].filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** The q-quantile (0..1) by nearest rank. */
export const quantile = (values, q) => {
  const sorted = [...values].filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
};

import { readFileSync } from "node:fs";

/**
 * This thread's time on a CPU, in ms (Linux /proc/thread-self/schedstat), or
 * NaN elsewhere. Unlike wall time it leaves out the time other processes had
 * the CPU, which matters on a busy 2-core machine.
 */
export function threadCpuMs() {
  try {
    return Number(readFileSync("/proc/thread-self/schedstat", "latin1").split(" ")[0]) / 1e6;
  } catch {
    return NaN;
  }
}

/**
 * Runs `fn(i)` for i = 0, 1, … in batches until `ms` milliseconds have passed;
 * returns operations per second. `sink` keeps results alive.
 */
export function opsPerSecond(fn, ms, state) {
  const cpu = threadCpuMs();
  const start = performance.now();
  let calls = 0;
  let elapsed = 0;
  do {
    for (let k = 0; k < 4; k++) state.sink ^= fn(state.i++) ? 1 : 2;
    calls += 4;
    elapsed = performance.now() - start;
  } while (elapsed < ms);
  state.cpu = (calls * 1000) / (threadCpuMs() - cpu);
  return (calls * 1000) / elapsed;
}

/**
 * Interleaved rounds: in each round every candidate runs once, in a rotated
 * order, so slow drifts of the machine hit all of them alike. Returns per
 * candidate the samples of `sample(name)`.
 */
export async function interleaved(names, rounds, sample, { warmup = 1 } = {}) {
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = -warmup; round < rounds; round++) {
    const shift = ((round % names.length) + names.length) % names.length;
    const order = names.slice(shift).concat(names.slice(0, shift));
    for (const name of order) {
      const value = await sample(name);
      if (round >= 0) samples[name].push(value);
    }
  }
  return samples;
}

/** Per-round ratios a[i] / b[i] (paired samples of the same round). */
export const pairedRatios = (a, b) => a.map((x, i) => x / b[i]);

export const round = (x, digits = 1) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : null);
