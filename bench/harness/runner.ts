/// <reference types="node" />
import type { Page } from 'puppeteer-core';
import { CpuLoad } from './cpu-load.js';
import { launchEngine, newProfileDir, removeProfileDir, type EngineName } from './engines.js';
import {
  pageApiGlobal,
  type CaseInfo,
  type CaseOutcome,
  type PageApi,
  type PageInfo,
} from './protocol.js';
import type { Sample } from './results.js';
import { shuffled } from './stats.js';

/** How one engine fared in a run. */
export interface EngineRun {
  readonly engine: EngineName;
  readonly status: 'measured' | 'not installed' | 'failed';
  readonly version?: string;
  readonly page?: PageInfo;
  readonly rounds: number;
  readonly error?: string;
}

/** What running a suite on one engine produced. */
export interface EngineOutcome {
  readonly run: EngineRun;
  readonly cases: readonly CaseInfo[];
  readonly samples: readonly Sample[];
}

/** Prints a progress line; the runner never writes anywhere else. */
export type Log = (line: string) => void;

/**
 * Runs every case of the page at `url` for `rounds` rounds in `engine`. Each round launches
 * a fresh browser with an empty profile, warms up, then runs the shared cases in a new random
 * order; isolated cases get a browser of their own. Case errors become samples, never throws.
 */
export async function runEngine(
  engine: EngineName,
  url: string,
  rounds: number,
  select: (info: CaseInfo) => boolean,
  log: Log,
): Promise<EngineOutcome> {
  const cpu = new CpuLoad();
  const samples: Sample[] = [];
  const first = await launchEngine(engine);
  let cases: readonly CaseInfo[];
  let page: PageInfo;
  try {
    await openPage(first.page, url);
    page = await first.page.evaluate(
      (g) => (globalThis[g as never] as PageApi).info(),
      pageApiGlobal,
    );
    cases = await first.page.evaluate(
      (g) => (globalThis[g as never] as PageApi).cases(),
      pageApiGlobal,
    );
  } finally {
    await first.close();
  }
  const runnable = cases.filter((c) => c.unavailable === undefined && select(c));
  const shared = runnable.filter((c) => (c.isolation ?? 'shared') === 'shared');
  const isolated = runnable.filter((c) => (c.isolation ?? 'shared') !== 'shared');
  const profile = await prepareProfile(engine, url, isolated, log);
  try {
    for (let round = 1; round <= rounds; round++) {
      const roundLog: Log = (line) => {
        log(`[${engine} ${round}/${rounds}] ${line}`);
      };
      const inRound = (c: CaseInfo) => c.maxRounds === undefined || round <= c.maxRounds;
      const context = { cpu, samples, log: roundLog };
      await runShared(engine, url, round, shared.filter(inRound), context);
      for (const info of inShuffledBlocks(isolated.filter(inRound))) {
        const dir = info.isolation === 'persistent-profile' ? profile : undefined;
        const session = await launchEngine(engine, dir);
        try {
          await openPage(session.page, url);
          samples.push(await runCase(session.page, engine, round, info, cpu, roundLog));
        } finally {
          await session.close();
        }
      }
    }
  } finally {
    if (profile !== undefined) await removeProfileDir(profile);
  }
  return {
    run: { engine, status: 'measured', version: first.version, page, rounds },
    cases,
    samples,
  };
}

interface RoundContext {
  readonly cpu: CpuLoad;
  readonly samples: Sample[];
  readonly log: Log;
}

async function runShared(
  engine: EngineName,
  url: string,
  round: number,
  shared: readonly CaseInfo[],
  { cpu, samples, log }: RoundContext,
): Promise<void> {
  if (shared.length === 0) return;
  const session = await launchEngine(engine);
  try {
    await openPage(session.page, url);
    await session.page.evaluate((g) => (globalThis[g as never] as PageApi).warmUp(), pageApiGlobal);
    for (const info of inShuffledBlocks(shared)) {
      samples.push(await runCase(session.page, engine, round, info, cpu, log));
      await session.page.evaluate(
        (g) => (globalThis[g as never] as PageApi).settle(),
        pageApiGlobal,
      );
    }
  } finally {
    await session.close();
  }
}

/**
 * A new random order that keeps the cases of one table row block (same group and parameter:
 * ours and its baselines) next to each other, themselves shuffled. On a shared machine the
 * load drifts over minutes; cases compared within a round then see nearly the same load.
 */
export function inShuffledBlocks(cases: readonly CaseInfo[]): CaseInfo[] {
  const blocks = new Map<string, CaseInfo[]>();
  for (const info of cases) {
    const key = `${info.group}\u0000${info.param}`;
    blocks.set(key, [...(blocks.get(key) ?? []), info]);
  }
  return shuffled([...blocks.values()]).flatMap((block) => shuffled(block));
}

/** Runs the setups of persistent-profile cases once, in a profile kept for the whole run. */
async function prepareProfile(
  engine: EngineName,
  url: string,
  isolated: readonly CaseInfo[],
  log: Log,
): Promise<string | undefined> {
  const setups = [
    ...new Set(
      isolated.flatMap((c) => (c.isolation === 'persistent-profile' && c.setup ? [c.setup] : [])),
    ),
  ];
  if (setups.length === 0) return undefined;
  const dir = await newProfileDir(engine);
  const session = await launchEngine(engine, dir);
  try {
    await openPage(session.page, url);
    for (const name of setups) {
      const started = performance.now();
      await session.page.evaluate(
        (g, n) => (globalThis[g as never] as PageApi).setup(n),
        pageApiGlobal,
        name,
      );
      log(`[${engine}] setup ${name}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
  } catch (error) {
    await removeProfileDir(dir);
    throw error;
  } finally {
    await session.close();
  }
  return dir;
}

async function runCase(
  page: Page,
  engine: EngineName,
  round: number,
  info: CaseInfo,
  cpu: CpuLoad,
  log: Log,
): Promise<Sample> {
  const before = cpu.sample();
  const started = performance.now();
  let outcome: CaseOutcome;
  try {
    outcome = await page.evaluate(
      (g, id) => (globalThis[g as never] as PageApi).run(id),
      pageApiGlobal,
      info.id,
    );
  } catch (error) {
    outcome = { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  const wallMs = performance.now() - started;
  const foreign = CpuLoad.foreignCores(before, cpu.sample());
  const base = {
    engine,
    round,
    caseId: info.id,
    wallMs,
    ...(foreign === undefined ? {} : { foreignCores: foreign }),
  };
  const load = foreign === undefined ? '' : ` (other processes: ${foreign.toFixed(2)} cores)`;
  if (!outcome.ok) {
    log(`${info.id}: FAILED ${outcome.error.split('\n')[0] ?? ''}`);
    return { ...base, error: outcome.error };
  }
  const metrics = Object.fromEntries(
    outcome.metrics.map((m) => [
      m.name,
      { value: m.value, better: m.better, compare: m.compare ?? true },
    ]),
  );
  const shown = outcome.metrics.map((m) => `${formatNumber(m.value)} ${m.name}`).join(', ');
  log(`${info.id}: ${shown}${load}`);
  return { ...base, metrics, ...(outcome.notes?.length ? { notes: outcome.notes } : {}) };
}

async function openPage(page: Page, url: string): Promise<void> {
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction((g) => g in globalThis, {}, pageApiGlobal);
}

/** A figure with about three significant digits and thousands separators. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '–';
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}
