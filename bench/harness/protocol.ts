/**
 * What the Node side of the harness and a benchmark page say to each other. Only plain,
 * JSON-safe data crosses: the page describes its cases, runs one when asked, and answers
 * with metrics. Nothing here touches the DOM or Node, so both sides import it.
 */

/** Which way a metric improves; ratios are always printed as ours ÷ baseline of the value. */
export type Better = 'higher' | 'lower';

/** One figure a case measured in one round. */
export interface Metric {
  /** Short and unique within the case, e.g. `events/s` or `p99 ms`. */
  readonly name: string;
  readonly value: number;
  readonly better: Better;
  /** False for a supporting figure that gets no ratio columns (events per transaction, say). */
  readonly compare?: boolean;
}

/**
 * Where a case runs. `shared`: in the round's browser, after the warm-up, in shuffled order.
 * `fresh-browser`: alone in a newly launched browser with an empty profile (storage sizes).
 * `persistent-profile`: alone in a newly launched browser on the profile that the case's
 * `setup` filled once per run (cold opens of a large database).
 */
export type Isolation = 'shared' | 'fresh-browser' | 'persistent-profile';

/** A case as the page describes it. */
export interface CaseInfo {
  readonly id: string;
  /** Cases of one group share a table in the report. */
  readonly group: string;
  /** The row's parameter, e.g. `100 events/call`. Baselines share it. */
  readonly param: string;
  /** What is measured, e.g. `ours: IndexedDBApplicationRecorder`. */
  readonly label: string;
  /** Ratio columns: column title → id of the baseline case measured in the same round. */
  readonly baselines?: Readonly<Record<string, string>>;
  readonly isolation?: Isolation;
  /** For `persistent-profile`: the setup the page runs once per run before the rounds. */
  readonly setup?: string;
  /** Runs in the first this-many rounds only: for figures that do not depend on timing. */
  readonly maxRounds?: number;
  /** Set when the case cannot run in this build (a layer that has not landed, say). */
  readonly unavailable?: string;
}

/** What the page reports about itself. */
export interface PageInfo {
  readonly userAgent: string;
  readonly crossOriginIsolated: boolean;
  readonly hardwareConcurrency: number;
  /** The smallest step of `performance.now()` seen, in microseconds. */
  readonly timerStepUs: number;
}

/** The result of running one case once. */
export type CaseOutcome =
  | { readonly ok: true; readonly metrics: readonly Metric[]; readonly notes?: readonly string[] }
  | { readonly ok: false; readonly error: string };

/** The object a benchmark page installs as `globalThis.__bench`. */
export interface PageApi {
  info(): PageInfo;
  cases(): readonly CaseInfo[];
  /** Runs the warm-up; its figures are thrown away. */
  warmUp(): Promise<void>;
  /** Runs a setup named by a case's `setup` (building a large database, say). */
  setup(name: string): Promise<void>;
  run(id: string): Promise<CaseOutcome>;
  /** Lets the page settle between cases: garbage collection if exposed, then a pause. */
  settle(): Promise<void>;
}

/** The global a benchmark page installs its {@link PageApi} under. */
export const pageApiGlobal = '__bench';
