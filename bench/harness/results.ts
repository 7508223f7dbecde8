import type { EngineName } from './engines.js';
import type { Better, CaseInfo } from './protocol.js';
import { spread, type Spread } from './stats.js';

/** Above this many cores of foreign CPU during a run, the run counts as disturbed. */
export const foreignCoresLimit = 0.25;

/** The fewest undisturbed runs a figure needs before disturbed ones are left out. */
const minCleanRuns = 3;

/** One case run once in one round of one engine. */
export interface Sample {
  readonly engine: EngineName;
  readonly round: number;
  readonly caseId: string;
  /** Wall time of the whole run seen from Node, setup included. */
  readonly wallMs: number;
  /** Cores of CPU used by processes other than ours meanwhile; undefined without /proc. */
  readonly foreignCores?: number;
  readonly metrics?: Readonly<Record<string, { value: number; better: Better; compare: boolean }>>;
  readonly notes?: readonly string[];
  readonly error?: string;
}

/** A metric of a case summarised over the rounds of one engine. */
export interface SummaryRow {
  readonly engine: EngineName;
  readonly caseId: string;
  readonly metric: string;
  readonly better: Better;
  readonly value: Spread;
  /** Runs left out because other processes loaded the CPU (see {@link foreignCoresLimit}). */
  readonly disturbedLeftOut: number;
  /** Whether the metric gets ratio columns at all. */
  readonly compared: boolean;
  /** Column title → ours ÷ baseline, computed within each round, over the rounds. */
  readonly ratios: Readonly<Record<string, Spread>>;
}

/** Every summary row, with lookups. */
export class Summary {
  readonly rows: readonly SummaryRow[];

  constructor(rows: readonly SummaryRow[]) {
    this.rows = rows;
  }

  /** The row of `caseId`'s `metric` on `engine`, if measured. */
  find(engine: EngineName, caseId: string, metric: string): SummaryRow | undefined {
    return this.rows.find((r) => r.engine === engine && r.caseId === caseId && r.metric === metric);
  }
}

/** Summarises the samples of each case and metric, with ratios against baselines per round. */
export function summarise(cases: readonly CaseInfo[], samples: readonly Sample[]): Summary {
  const rows: SummaryRow[] = [];
  const engines = [...new Set(samples.map((s) => s.engine))];
  for (const engine of engines) {
    const ofEngine = samples.filter((s) => s.engine === engine && s.metrics !== undefined);
    for (const info of cases) {
      const own = ofEngine.filter((s) => s.caseId === info.id);
      const first = own[0]?.metrics;
      if (first === undefined) continue;
      for (const [metric, { better, compare }] of Object.entries(first)) {
        const used = preferUndisturbed(own);
        rows.push({
          engine,
          caseId: info.id,
          metric,
          better,
          value: spread(used.map((s) => s.metrics?.[metric]?.value ?? NaN)),
          disturbedLeftOut: own.length - used.length,
          compared: compare,
          ratios: compare ? ratiosOf(info, metric, own, ofEngine) : {},
        });
      }
    }
  }
  return new Summary(rows);
}

function ratiosOf(
  info: CaseInfo,
  metric: string,
  own: readonly Sample[],
  ofEngine: readonly Sample[],
): Record<string, Spread> {
  const ratios: Record<string, Spread> = {};
  for (const [column, baselineId] of Object.entries(info.baselines ?? {})) {
    const pairs = own.flatMap((sample) => {
      const base = ofEngine.find((s) => s.caseId === baselineId && s.round === sample.round);
      const ours = sample.metrics?.[metric]?.value;
      const theirs = base?.metrics?.[metric]?.value;
      if (base === undefined || ours === undefined || theirs === undefined || theirs === 0) {
        return [];
      }
      const disturbed = isDisturbed(sample) || isDisturbed(base);
      return [{ ratio: ours / theirs, disturbed }];
    });
    const clean = pairs.filter((p) => !p.disturbed);
    const used = clean.length >= minCleanRuns ? clean : pairs;
    if (used.length > 0) ratios[column] = spread(used.map((p) => p.ratio));
  }
  return ratios;
}

function preferUndisturbed(samples: readonly Sample[]): readonly Sample[] {
  const clean = samples.filter((s) => !isDisturbed(s));
  return clean.length >= minCleanRuns ? clean : samples;
}

/** True when other processes took more than {@link foreignCoresLimit} cores during the run. */
export function isDisturbed(sample: Sample): boolean {
  return (sample.foreignCores ?? 0) > foreignCoresLimit;
}
