/// <reference types="node" />
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'prettier';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { type PreviewServer, build, preview } from 'vite';
import type { WorkerBenchPage } from './page.js';
import { type Ratio, type Rounds, caseTable, ratioTable } from './report.js';

// The driver of `npm run bench:worker [-- --rounds N --reps N]`: builds the page as users get
// it (Vite production build, our worker bundled through `new URL(..., import.meta.url)`),
// serves it, runs every case in Debian's headless Chromium round after round, and writes
// bench/worker/results.md. A benchmark, not a test: it asserts nothing.

const root = fileURLToPath(new URL('.', import.meta.url));
const flags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at < 0 ? NaN : Number(process.argv[at + 1]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

async function servePage(outDir: string): Promise<PreviewServer> {
  await build({
    root,
    configFile: false,
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, target: 'es2022', reportCompressedSize: false },
    worker: { format: 'es' },
  });
  // Cross-origin isolation gives performance.now() its fine resolution (5 µs, not 100 µs).
  const headers = {
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
  };
  return preview({
    root,
    configFile: false,
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 5199, strictPort: false, headers },
  });
}

async function launch(userDataDir: string): Promise<Browser> {
  return puppeteer.launch({
    executablePath: '/usr/bin/chromium',
    ignoreDefaultArgs: true,
    args: [...flags, `--user-data-dir=${userDataDir}`, 'about:blank'],
    pipe: true,
    protocolTimeout: 30 * 60_000,
  });
}

async function runRounds(page: Page, names: readonly string[], rounds: number, reps: number) {
  const results = new Map<string, number[]>(names.map((name) => [name, []]));
  for (let round = 1; round <= rounds; round++) {
    for (const name of names) {
      const times = await page.evaluate(
        (caseName, n) =>
          (globalThis as unknown as { workerBench: WorkerBenchPage }).workerBench.runCase(
            caseName,
            n,
          ),
        name,
        reps,
      );
      const sorted = [...times].sort((a, b) => a - b);
      results.get(name)?.push(sorted[Math.floor(sorted.length / 2)] ?? NaN);
    }
    process.stdout.write(`round ${round}/${rounds} done\n`);
  }
  return results;
}

const ratios: Ratio[] = [
  {
    label: 'group commit: raw IDB 100 concurrent txns × 1 ÷ worker 100 concurrent calls × 1',
    numerator: 'raw IDB, in a worker: 100 concurrent txns × 1 event',
    denominator: 'worker: 100 concurrent calls × 1 event',
  },
  {
    label: 'group commit: raw IDB 100 sequential txns × 1 ÷ worker 100 concurrent calls × 1',
    numerator: 'raw IDB, in a worker: 100 sequential txns × 1 event',
    denominator: 'worker: 100 concurrent calls × 1 event',
  },
  {
    label:
      'group commit on the main thread: raw 100 concurrent txns ÷ recorder 100 concurrent calls',
    numerator: 'raw IDB, main thread: 100 concurrent txns × 1 event',
    denominator: 'main thread: 100 concurrent calls × 1 event',
  },
  {
    label: 'worker: 100 concurrent calls × 1 ÷ 1 call × 100',
    numerator: 'worker: 100 concurrent calls × 1 event',
    denominator: 'worker: 1 call × 100 events',
  },
  {
    label: 'worker 1 call × 100 ÷ raw IDB 1 txn × 100 in a worker',
    numerator: 'worker: 1 call × 100 events',
    denominator: 'raw IDB, in a worker: 1 txn × 100 events',
  },
  {
    label: 'worker ÷ main thread, 1 call × 100',
    numerator: 'worker: 1 call × 100 events',
    denominator: 'main thread: 1 call × 100 events',
  },
  {
    label: 'worker ÷ main thread, 100 concurrent calls × 1',
    numerator: 'worker: 100 concurrent calls × 1 event',
    denominator: 'main thread: 100 concurrent calls × 1 event',
  },
  ...(['in-memory', 'IndexedDB'] as const).flatMap((where) => [
    {
      label: `${where} worker, insert 1 × 100: transferred ÷ cloned`,
      numerator: `${where} worker: insert 1 call × 100 events, states transferred`,
      denominator: `${where} worker: insert 1 call × 100 events, states cloned`,
    },
    {
      label: `${where} worker, select 100: transferred ÷ cloned`,
      numerator: `${where} worker: select 100 notifications, answer transferred`,
      denominator: `${where} worker: select 100 notifications, answer cloned`,
    },
  ]),
];

async function main(): Promise<void> {
  const rounds = option('rounds', 7);
  const reps = option('reps', 10);
  const work = await mkdtemp(join(tmpdir(), 'bench-worker-'));
  const server = await servePage(join(work, 'dist'));
  const browser = await launch(join(work, 'profile'));
  try {
    const page = await browser.newPage();
    const url = server.resolvedUrls?.local[0];
    if (url === undefined) throw new Error('vite preview gave no local URL.');
    await page.goto(url);
    await page.waitForFunction(() => document.title === 'ready');
    const names = await page.evaluate(() => {
      const bench = (globalThis as unknown as { workerBench: WorkerBenchPage }).workerBench;
      return { append: bench.appendCases, transfer: bench.transferCases };
    });
    const version = await browser.version();
    const loadBefore = loadavg()[0] ?? NaN;
    const all = [...names.append, ...names.transfer];
    const results: Rounds = await runRounds(page, all, rounds, reps);
    const load = [loadBefore, loadavg()[0] ?? NaN] as const;
    // Formatted as the repository's Prettier would, so `npm run format:check` stays clean.
    const report = await format(render({ results, names, version, rounds, reps, load }), {
      parser: 'markdown',
    });
    await writeFile(join(root, 'results.md'), report);
    process.stdout.write(`\n${report}`);
  } finally {
    await browser.close();
    await server.close();
    await rm(work, { recursive: true, force: true });
  }
}

function render(run: {
  results: Rounds;
  names: { append: string[]; transfer: string[] };
  version: string;
  rounds: number;
  reps: number;
  load: readonly [number, number];
}): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const [before, after] = run.load.map((l) => l.toFixed(1));
  return `# The recorder through a worker: benchmark

\`npm run bench:worker -- --rounds ${run.rounds} --reps ${run.reps}\` on ${new Date().toISOString().slice(0, 10)}:
${run.version} (Debian, headless: \`${flags.join(' ')}\`, fresh profile), ${cpus().length} × ${cpu}.
Production build served cross-origin isolated. Each operation writes (or reads) 100 events of
~200-byte state; each case runs on a fresh database, one untimed warm-up, then ${run.reps} timed
operations (more for cheap cases, ~100 ms of samples); a round's figure is their median, and the tables give median, min and max over
${run.rounds} rounds (cases interleaved round by round; ratios computed within each round).
Durability is \`strict\` (the recorder's default) everywhere. Workers are dedicated.
One-minute load average ${before} before, ${after} after: other work shares the machine, so
read the spread, not just the median.

## Appending 100 events

${caseTable(run.results, run.names.append)}

## States cloned or transferred

${caseTable(run.results, run.names.transfer)}

## Ratios (same run)

${ratioTable(run.results, ratios)}

## The choice: clone or transfer

${transferChoice(run.results)}
`;
}

/** What the transfer cases say, in words, with this run's figures. */
function transferChoice(results: Rounds): string {
  const transferRatios = ratios.filter((r) => r.label.includes('transferred ÷ cloned'));
  const medians = transferRatios.map((r) => {
    const top = results.get(r.numerator) ?? [];
    const bottom = results.get(r.denominator) ?? [];
    const perRound = top.map((value, i) => value / (bottom[i] ?? NaN)).sort((a, b) => a - b);
    const median = perRound[Math.floor(perRound.length / 2)] ?? NaN;
    return { label: r.label, median, max: perRound.at(-1) ?? NaN };
  });
  // Only a win in every round counts: one median on a loaded machine is not a reason.
  const faster = medians.filter((m) => m.max < 1);
  const figures = medians.map((m) => `${m.label}: ${m.median.toFixed(2)}×`).join('; ');
  return faster.length === 0
    ? `Transferring won no case in every round (medians: ${figures}). Cloning stays the default both ways (\`RemoteRecorder\` and \`RecorderServer\`): it is simpler, never detaches a buffer anyone might still hold, and the caller's states are sent as the tight copies that validation makes anyway, so a view into a large buffer never drags that buffer along.`
    : `Transferring won every round of ${faster.map((m) => m.label).join(', ')} (medians: ${figures}): revisit the default (\`clone\`) in src/worker.`;
}

await main();
