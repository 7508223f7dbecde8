import {
  pageApiGlobal,
  type CaseInfo,
  type CaseOutcome,
  type Metric,
  type PageApi,
  type PageInfo,
} from './protocol.js';

/** A case as a benchmark page defines it: its description plus the code that measures. */
export interface PageCase extends CaseInfo {
  /** Measures once. Prepares and cleans up its own data; only the measured part is timed. */
  run?: () => Promise<Measured>;
}

/** What one run of a case measured. */
export interface Measured {
  readonly metrics: readonly Metric[];
  readonly notes?: readonly string[];
}

/** What a benchmark page hands {@link exposeSuite}. */
export interface PageSuite {
  readonly cases: readonly PageCase[];
  readonly warmUp: () => Promise<void>;
  readonly setups?: Readonly<Record<string, () => Promise<void>>>;
}

/** The pause between cases, so that one case's background work (compaction) ends first. */
const settleMs = 200;

/**
 * Installs the suite as `globalThis.__bench` for the Node side of the harness to drive.
 * A case that throws is reported as a failed outcome with the error's message and stack.
 */
export function exposeSuite(suite: PageSuite): void {
  const byId = new Map(suite.cases.map((c) => [c.id, c]));
  const api: PageApi = {
    info: pageInfo,
    cases: () => suite.cases.map(describe),
    warmUp: () => suite.warmUp(),
    setup: async (name) => {
      const setup = suite.setups?.[name];
      if (setup === undefined) throw new Error(`This page has no setup named "${name}".`);
      await setup();
    },
    run: async (id) => runCase(byId.get(id), id),
    settle,
  };
  (globalThis as Record<string, unknown>)[pageApiGlobal] = api;
}

async function runCase(pageCase: PageCase | undefined, id: string): Promise<CaseOutcome> {
  if (pageCase?.run === undefined) return { ok: false, error: `No runnable case "${id}".` };
  try {
    const measured = await pageCase.run();
    return { ok: true, metrics: measured.metrics, notes: measured.notes ?? [] };
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const stack = error instanceof Error ? `\n${error.stack ?? ''}` : '';
    return { ok: false, error: message + stack };
  }
}

function describe(pageCase: PageCase): CaseInfo {
  // Only the JSON-safe description crosses to Node; `run` stays here.
  return JSON.parse(JSON.stringify(pageCase)) as CaseInfo;
}

/** Collects garbage when the engine exposes `gc` (Chromium with --expose-gc), then pauses. */
export async function settle(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  await new Promise((resolve) => setTimeout(resolve, settleMs));
}

function pageInfo(): PageInfo {
  return {
    userAgent: navigator.userAgent,
    crossOriginIsolated: globalThis.crossOriginIsolated,
    hardwareConcurrency: navigator.hardwareConcurrency,
    timerStepUs: timerStepUs(),
  };
}

/** The smallest non-zero step between successive `performance.now()` readings. */
function timerStepUs(): number {
  let smallest = Infinity;
  let last = performance.now();
  for (let i = 0; i < 100_000 && smallest > 0.001; i++) {
    const now = performance.now();
    if (now > last) smallest = Math.min(smallest, now - last);
    last = now;
  }
  return Math.round(smallest * 1000 * 10) / 10;
}

/** A metric where a bigger value is better; `compare: false` gives it no ratio columns. */
export function higher(name: string, value: number, compare = true): Metric {
  return { name, value, better: 'higher', compare };
}

/** A metric where a smaller value is better; `compare: false` gives it no ratio columns. */
export function lower(name: string, value: number, compare = true): Metric {
  return { name, value, better: 'lower', compare };
}

/** Deletes a database, waiting while other connections close. */
export function deleteDatabase(name: string, factory: IDBFactory = indexedDB): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = factory.deleteDatabase(name);
    request.onsuccess = () => {
      resolve();
    };
    request.onerror = () => {
      reject(request.error ?? new Error(`Deleting ${name} failed.`));
    };
  });
}

/** The `q`-quantile (0..1) of `values` by nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? NaN;
}
