/// <reference types="node" />
/**
 * The mapper bench: `npm run bench:mapper [-- --rounds N --max-rounds M]`. Serves bench/mapper
 * through a Vite dev server, runs every case in a fresh headless Chromium per round until N
 * rounds (default 5) ran with little foreign CPU load or M rounds (default 3N) ran in all, and
 * writes bench/mapper/results.md. A benchmark, not a test: it never fails on timing.
 */
import { randomInt } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, getPriority, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import puppeteer from 'puppeteer-core';
import type { Browser, Page } from 'puppeteer-core';
import { createServer } from 'vite';
import type { CaseResult, CaseSpec, MapperBenchPage, SweepRow } from './protocol.js';
import { cpuMark, foreignPercent } from './cpu-monitor.js';
import { label, report } from './report.js';
import type { BenchSetup, RoundResult } from './report.js';

const here = dirname(fileURLToPath(import.meta.url));
function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
}
/** Rounds under the foreign-load limit to collect; rounds over it do not count towards it. */
const CLEAN_ROUNDS = option('--rounds', 5);
/** The most rounds to run in all, clean or not. */
const MAX_ROUNDS = option('--max-rounds', 3 * CLEAN_ROUNDS);
const EVENTS = 2000;
const SWEEP_SIZES = [64, 128, 192, 256, 320, 384, 448, 512, 768, 1024, 2048, 4096];
/** Rounds with more foreign CPU than this (% of one core) are left out of the medians. */
const MAX_FOREIGN = 25;
/** How long a round waits for the machine to quieten down before it starts anyway. */
const QUIET_WAIT_MS = 120_000;
const PBKDF2_ITERATIONS = 600_000;
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SPECS: CaseSpec[] = (['none', 'zlib', 'zlib-always', 'gzip', 'gzip-always'] as const).flatMap(
  (compressor) => (['none', 'aes', 'keyring'] as const).map((cipher) => ({ compressor, cipher })),
);

type Bench = { mapperBench: MapperBenchPage };

async function serve() {
  const server = await createServer({
    root: here,
    configFile: false,
    logLevel: 'warn',
    server: {
      host: '127.0.0.1',
      port: 5191,
      strictPort: false,
      fs: { allow: [resolve(here, '../..')] },
      headers: {
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Cross-Origin-Embedder-Policy': 'require-corp',
      },
    },
  });
  await server.listen();
  const url = server.resolvedUrls?.local[0];
  if (url === undefined) throw new Error('The Vite dev server has no local URL.');
  return { url, close: () => server.close() };
}

function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function runCase(page: Page, spec: CaseSpec | 'raw', n: number): Promise<CaseResult> {
  return spec === 'raw'
    ? page.evaluate((k) => (globalThis as unknown as Bench).mapperBench.runRaw(k), n)
    : page.evaluate((s, k) => (globalThis as unknown as Bench).mapperBench.runCase(s, k), spec, n);
}

async function measure(page: Page): Promise<RoundResult> {
  for (const spec of SPECS) await runCase(page, spec, 200);
  const cases = new Map<string, CaseResult>();
  let raw: CaseResult | undefined;
  for (const spec of shuffled<CaseSpec | 'raw'>([...SPECS, 'raw'])) {
    const result = await runCase(page, spec, EVENTS);
    if (spec === 'raw') raw = result;
    else cases.set(label(spec), result);
  }
  const sweep: SweepRow[] = await page.evaluate(
    (sizes) => (globalThis as unknown as Bench).mapperBench.sweep(sizes, 500),
    SWEEP_SIZES,
  );
  const pbkdf2Ms = await page.evaluate(
    (n) => (globalThis as unknown as Bench).mapperBench.pbkdf2(n),
    PBKDF2_ITERATIONS,
  );
  if (!raw) throw new Error('The raw case did not run.');
  return { raw, cases, sweep, pbkdf2Ms, foreign: 0 };
}

/** Waits (up to `QUIET_WAIT_MS`) for a 3-second window with little foreign CPU. */
async function quiet(): Promise<void> {
  const deadline = Date.now() + QUIET_WAIT_MS;
  while (Date.now() < deadline) {
    const from = await cpuMark();
    await new Promise((resolve) => setTimeout(resolve, 3000));
    if (foreignPercent(from, await cpuMark()) <= MAX_FOREIGN) return;
  }
}

async function round(url: string): Promise<{ result: RoundResult; version: string }> {
  await quiet();
  const from = await cpuMark();
  const profile = await mkdtemp(join(tmpdir(), 'mapper-bench-'));
  let browser: Browser | undefined;
  try {
    browser = await puppeteer.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      userDataDir: profile,
      args: FLAGS,
      protocolTimeout: 600_000,
    });
    const page = await browser.newPage();
    await page.goto(url);
    await page.waitForFunction(() => 'mapperBench' in globalThis);
    const measured = await measure(page);
    const foreign = foreignPercent(from, await cpuMark());
    return { result: { ...measured, foreign }, version: await browser.version() };
  } finally {
    await browser?.close();
    await rm(profile, { recursive: true, force: true });
  }
}

function setup(version: string, loadAverages: readonly number[], rounds: number): BenchSetup {
  return {
    date: new Date().toISOString(),
    chromium: version.replace(/^\D+/, ''),
    node: process.version,
    cpu: `${String(cpus().length)} × ${cpus()[0]?.model ?? 'unknown'}`,
    flags: FLAGS,
    rounds,
    events: EVENTS,
    loadAverages,
    pbkdf2Iterations: PBKDF2_ITERATIONS,
    maxForeign: MAX_FOREIGN,
    nice: getPriority(),
  };
}

async function runRounds(url: string): Promise<{ rounds: RoundResult[]; version: string }> {
  const rounds: RoundResult[] = [];
  let version = '';
  let clean = 0;
  while (clean < CLEAN_ROUNDS && rounds.length < MAX_ROUNDS) {
    const started = Date.now();
    const done = await round(url);
    rounds.push(done.result);
    version = done.version;
    if (done.result.foreign <= MAX_FOREIGN) clean++;
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const foreign = done.result.foreign.toFixed(0);
    process.stdout.write(
      `round ${rounds.length} (${clean}/${CLEAN_ROUNDS} clean): ${seconds} s, foreign CPU ${foreign} %\n`,
    );
  }
  return { rounds, version };
}

async function main(): Promise<void> {
  const loadAverages = loadavg();
  const server = await serve();
  let run: { rounds: RoundResult[]; version: string };
  try {
    run = await runRounds(server.url);
  } finally {
    await server.close();
  }
  const file = join(here, 'results.md');
  const options = (await resolveConfig(file)) ?? {};
  const text = report(setup(run.version, loadAverages, run.rounds.length), SPECS, run.rounds);
  await writeFile(file, await format(text, { ...options, filepath: file }));
  process.stdout.write(`Wrote ${file}\n`);
}

await main();
