/** Timing helpers: medians of repeated calls after warm ones. */
import { lower, type Measured } from '../harness/page.js';

/** The median time of `read` over `timed` calls after `warm` ones; `check` validates each result. */
export async function medianMs<T>(
  read: () => Promise<T>,
  check: (result: T) => void,
  options: { readonly warm: number; readonly timed: number },
): Promise<Measured> {
  for (let i = 0; i < options.warm; i++) check(await read());
  const times: number[] = [];
  for (let i = 0; i < options.timed; i++) {
    const started = performance.now();
    const result = await read();
    times.push(performance.now() - started);
    check(result);
  }
  times.sort((a, b) => a - b);
  return { metrics: [lower('ms', times[Math.floor(times.length / 2)] ?? NaN)] };
}
