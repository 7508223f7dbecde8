/// <reference types="node" />
import { mkdir, writeFile } from 'node:fs/promises';
import { format, resolveConfig } from 'prettier';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CpuLoad } from './cpu-load.js';
import { engineInstalled, type EngineName } from './engines.js';
import { machineInfo } from './machine.js';
import type { CaseInfo } from './protocol.js';
import { renderConsole, renderMarkdown, type RunReport } from './report.js';
import { summarise, type Sample } from './results.js';
import { runEngine, type EngineRun } from './runner.js';
import { servePage } from './serve.js';
import type { SuiteDefinition } from './suite.js';

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** Versions printed in every report. */
const reportedPackages = ['vite', 'puppeteer-core', 'dexie', 'comlink', 'typescript'];

/** Command-line options: `--rounds N`, `--engines a,b`, `--only REGEX`, `--out DIR`. */
interface CliOptions {
  readonly rounds?: number;
  readonly engines?: readonly EngineName[];
  readonly only?: RegExp;
  readonly out?: string;
}

/**
 * Runs a suite from the command line: builds and serves its page, runs every engine that is
 * installed, writes `latest.json` and `latest.md`, prints the tables. Sets a non-zero exit
 * code only when a case failed (wrong count, exception), never because of a timing.
 */
export async function runCli(suite: SuiteDefinition, argv: readonly string[]): Promise<void> {
  const options = parseArgs(argv);
  const log = (line: string) => {
    process.stdout.write(`${line}\n`);
  };
  const startedAt = new Date();
  const foreignCoresAtStart = await backgroundLoad();
  const machine = machineInfo(repoRoot, reportedPackages);
  const served = await servePage(suite.pageRoot);
  const engines: EngineRun[] = [];
  const samples: Sample[] = [];
  let cases: readonly CaseInfo[] = [];
  try {
    for (const engine of options.engines ?? suite.engines) {
      const rounds = options.rounds ?? suite.rounds[engine];
      if (!engineInstalled(engine)) {
        engines.push({ engine, status: 'not installed', rounds: 0 });
        continue;
      }
      try {
        const only = options.only;
        const select = (c: CaseInfo) => only === undefined || only.test(c.id);
        const outcome = await runEngine(engine, served.url, rounds, select, log);
        engines.push(outcome.run);
        samples.push(...outcome.samples);
        if (cases.length === 0) cases = outcome.cases.filter(select);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        log(`[${engine}] failed: ${message}`);
        engines.push({ engine, status: 'failed', rounds: 0, error: message.split('\n')[0] ?? '' });
      }
    }
  } finally {
    await served.close();
  }
  const summary = summarise(cases, samples);
  const report: RunReport = {
    suite: suite.name,
    command: suite.command,
    startedAt: startedAt.toISOString(),
    wallSeconds: (Date.now() - startedAt.getTime()) / 1000,
    machine,
    ...(foreignCoresAtStart === undefined ? {} : { foreignCoresAtStart }),
    engines,
    cases,
    summary: summary.rows,
    targets: suite.targets?.(summary) ?? [],
    samples,
  };
  const out = options.out ?? suite.resultsDir;
  await mkdir(out, { recursive: true });
  await writeFormatted(join(out, 'latest.json'), JSON.stringify(report));
  await writeFormatted(join(out, 'latest.md'), renderMarkdown(report, suite, summary));
  log(`\n${renderConsole(report, suite, summary)}\n`);
  log(`Wrote ${join(out, 'latest.md')} and latest.json in ${Math.round(report.wallSeconds)} s.`);
  if (samples.some((s) => s.error !== undefined) || engines.every((e) => e.status !== 'measured')) {
    process.exitCode = 1;
  }
}

/** Writes `text` as Prettier would format it there, so `npm run format:check` stays clean. */
async function writeFormatted(path: string, text: string): Promise<void> {
  const config = (await resolveConfig(path)) ?? {};
  await writeFile(path, await format(text, { ...config, filepath: path }));
}

/** Cores of CPU other processes use over two seconds, before we start. */
async function backgroundLoad(): Promise<number | undefined> {
  const cpu = new CpuLoad();
  const before = cpu.sample();
  await new Promise((r) => setTimeout(r, 2000));
  return CpuLoad.foreignCores(before, cpu.sample());
}

function parseArgs(argv: readonly string[]): CliOptions {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const rounds = value('--rounds');
  const engines = value('--engines');
  const only = value('--only');
  const out = value('--out');
  return {
    ...(rounds === undefined ? {} : { rounds: positiveInteger(rounds) }),
    ...(engines === undefined ? {} : { engines: engines.split(',').map(engineName) }),
    ...(only === undefined ? {} : { only: new RegExp(only) }),
    ...(out === undefined ? {} : { out: resolve(out) }),
  };
}

function positiveInteger(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1)
    throw new Error(`--rounds needs a positive integer, not ${text}.`);
  return n;
}

function engineName(text: string): EngineName {
  if (text === 'chromium' || text === 'firefox') return text;
  throw new Error(`--engines takes chromium and/or firefox, not ${text}.`);
}
