/** Median, min and max of a sample. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/** The median, min and max of `values` (non-empty). */
export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  const median =
    sorted.length % 2 === 1
      ? (sorted[Math.floor(middle)] ?? NaN)
      : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
  return { median, min: sorted[0] ?? NaN, max: sorted.at(-1) ?? NaN };
}

/** Per case, the per-round medians of its operation times (ms), in round order. */
export type Rounds = ReadonlyMap<string, readonly number[]>;

/** A ratio of two cases, computed round by round so that drift cancels. */
export interface Ratio {
  readonly label: string;
  readonly numerator: string;
  readonly denominator: string;
}

function format(value: number, digits = 2): string {
  return value.toLocaleString('en-US', {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  });
}

/** A Markdown table of the cases: ms per operation and µs per event (100 events an operation). */
export function caseTable(rounds: Rounds, names: readonly string[]): string {
  const lines = [
    '| case | ms per op (min / **median** / max over rounds) | µs per event (median) |',
    '|---|---:|---:|',
  ];
  for (const name of names) {
    const s = spread(rounds.get(name) ?? []);
    lines.push(
      `| ${name} | ${format(s.min)} / **${format(s.median)}** / ${format(s.max)} | ${format((s.median * 1000) / 100, 1)} |`,
    );
  }
  return lines.join('\n');
}

/** A Markdown table of ratios, each the median (min–max) of its per-round ratios. */
export function ratioTable(rounds: Rounds, ratios: readonly Ratio[]): string {
  const lines = ['| ratio | median (min – max over rounds) |', '|---|---:|'];
  for (const ratio of ratios) {
    const top = rounds.get(ratio.numerator) ?? [];
    const bottom = rounds.get(ratio.denominator) ?? [];
    const perRound = top.map((value, i) => value / (bottom[i] ?? NaN));
    const s = spread(perRound);
    lines.push(
      `| ${ratio.label} | **${format(s.median)}×** (${format(s.min)} – ${format(s.max)}) |`,
    );
  }
  return lines.join('\n');
}
