/** Statistics and the Markdown report of the mapper bench. */
import { DEFAULT_MIN_COMPRESS_BYTES } from '../../src/mapper/framed-compression.js';
import type { CaseResult, CaseSpec, SweepRow } from './protocol.js';

/** The results of one round (one fresh browser). */
export interface RoundResult {
  readonly raw: CaseResult;
  readonly cases: ReadonlyMap<string, CaseResult>;
  readonly sweep: readonly SweepRow[];
  readonly pbkdf2Ms: number;
  /** Foreign CPU during the round, % of one core. */
  readonly foreign: number;
}

/** Everything the report states about how the numbers were taken. */
export interface BenchSetup {
  readonly date: string;
  readonly chromium: string;
  readonly node: string;
  readonly cpu: string;
  readonly flags: readonly string[];
  readonly rounds: number;
  readonly events: number;
  readonly loadAverages: readonly number[];
  readonly pbkdf2Iterations: number;
  readonly maxForeign: number;
  /** The bench's scheduling priority (`nice`): below 0 it ran ahead of other work. */
  readonly nice: number;
}

/** The rounds the medians use: those under the foreign-load limit, if at least 3 remain. */
export function cleanRounds(rounds: readonly RoundResult[], maxForeign: number): RoundResult[] {
  const clean = rounds.filter((r) => r.foreign <= maxForeign);
  return clean.length >= 3 ? clean : [...rounds];
}

/** A case's label in tables and maps. */
export function label(spec: CaseSpec): string {
  return `${spec.compressor} × ${spec.cipher}`;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function spread(values: readonly number[], digits: number): string {
  const f = (v: number) => v.toFixed(digits);
  return `${f(Math.min(...values))} / **${f(median(values))}** / ${f(Math.max(...values))}`;
}

function ratio(values: readonly number[]): string {
  return `${median(values).toFixed(2)}× (${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)})`;
}

function caseRow(
  name: string,
  rounds: readonly RoundResult[],
  pick: (r: RoundResult) => CaseResult,
) {
  const base = (r: RoundResult) => r.cases.get('none × none') ?? r.raw;
  const col = (f: (c: CaseResult) => number) => rounds.map((r) => f(pick(r)));
  const vs = (f: (c: CaseResult) => number, ref: (r: RoundResult) => CaseResult) =>
    rounds.map((r) => f(pick(r)) / f(ref(r)));
  const write = (c: CaseResult) => c.writeEach;
  return [
    name,
    spread(col(write), 1),
    ratio(vs(write, (r) => r.raw)),
    ratio(vs(write, base)),
    spread(
      col((c) => c.writeBatch),
      1,
    ),
    spread(
      col((c) => c.readEach),
      1,
    ),
    ratio(vs((c) => c.readEach, base)),
    median(col((c) => c.bytes)).toFixed(0),
  ];
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function pipelineTable(specs: readonly CaseSpec[], rounds: readonly RoundResult[]): string {
  const rows = [
    caseRow('raw bytes (JSON.stringify + TextEncoder, no mapper)', rounds, (r) => r.raw),
    ...specs.map((spec) => caseRow(label(spec), rounds, (r) => r.cases.get(label(spec)) ?? r.raw)),
  ];
  return table(
    [
      'compressor × cipher',
      'write µs/event (min / **med** / max)',
      'write × raw',
      'write × transcoder only',
      'write, batches of 100 via Promise.all, µs/event',
      'read µs/event',
      'read × transcoder only',
      'stored bytes/event',
    ],
    rows,
  );
}

const SWEEP_HEADER = [
  'state bytes',
  'zlib compress µs',
  'zlib decompress µs',
  'stored-block write µs',
  'stored-block read µs',
  'zlib bytes',
  'stored bytes',
  'saved by zlib',
];

function sweepRow(rounds: readonly RoundResult[], size: number, i: number): string[] {
  const col = (f: (row: SweepRow) => number) =>
    rounds.flatMap((r) => (r.sweep[i] ? [f(r.sweep[i])] : []));
  const compressed = median(col((row) => row.compressedBytes));
  const us = (f: (row: SweepRow) => number) => spread(col(f), 1);
  return [
    String(size),
    us((row) => row.compressUs),
    us((row) => row.decompressUs),
    us((row) => row.storeUs),
    us((row) => row.storedReadUs),
    compressed.toFixed(0),
    median(col((row) => row.storedBytes)).toFixed(0),
    `${(100 * (1 - compressed / size)).toFixed(0)} %`,
  ];
}

function sweepTable(rounds: readonly RoundResult[]): string {
  const sizes = rounds[0]?.sweep.map((row) => row.size) ?? [];
  return table(
    SWEEP_HEADER,
    sizes.map((size, i) => sweepRow(rounds, size, i)),
  );
}

function usage(rounds: readonly RoundResult[], maxForeign: number): string {
  const clean = rounds.filter((r) => r.foreign <= maxForeign).length;
  if (clean === rounds.length) return `Every round was at or under ${maxForeign} %.`;
  if (clean >= 3) return `The tables use the ${clean} rounds at or under ${maxForeign} %.`;
  return (
    `Fewer than 3 rounds were at or under ${maxForeign} %, so the tables use all rounds: ` +
    'read them as noisy.'
  );
}

function method(setup: BenchSetup, all: readonly RoundResult[]): string {
  const loads = all.map((r) => `${r.foreign.toFixed(0)} %`).join(', ');
  const averages = setup.loadAverages.map((l) => l.toFixed(2)).join(', ');
  return `Produced by \`npm run bench:mapper\` (bench/mapper/mapper.bench.ts) on ${setup.date}.
Do not edit by hand: rerun the bench.

- Chromium ${setup.chromium} (Debian), headless, flags \`${setup.flags.join(' ')}\`, a fresh
  profile per round; page served by a Vite dev server with COOP/COEP (cross-origin isolated).
- Node ${setup.node}; CPU ${setup.cpu}; load averages before the rounds: ${averages}; the bench
  and its browser ran at nice ${setup.nice}${setup.nice < 0 ? ' (ahead of the other work on the machine)' : ''}.
- ${setup.rounds} rounds; foreign CPU per round (other processes on this shared 2-core VM, in %
  of one core): ${loads}. ${usage(all, setup.maxForeign)}
- Per round and case ${setup.events} events with ~200-byte states
  (timestamp, owner id, trick, notes), case order shuffled, after a warm-up of every case.
- Cells are min / **median** / max over rounds; ratios are taken within each round, then
  summarised the same way, so a slow round does not skew them.`;
}

/** The Markdown report. */
export function report(setup: BenchSetup, specs: readonly CaseSpec[], all: readonly RoundResult[]) {
  const rounds = cleanRounds(all, setup.maxForeign);
  const pbkdf2 = spread(
    rounds.map((r) => r.pbkdf2Ms),
    0,
  );
  return `# Mapper bench results

${method(setup, all)}

## 1. The pipeline per event (~200-byte states)

\`zlib\` and \`gzip\` use the default threshold (states under ${DEFAULT_MIN_COMPRESS_BYTES} bytes are written as
stored blocks); \`-always\` compresses every state (\`minBytes: 0\`), as Python's eventsourcing
does. \`keyring\` is \`KeyStore.cipher()\` (AES-256-GCM, the 5-byte header, the usage count).

${pipelineTable(specs, rounds)}

## 2. zlib per state size: does compressing pay?

${sweepTable(rounds)}

## 3. PBKDF2-HMAC-SHA-256, ${setup.pbkdf2Iterations.toLocaleString('en')} iterations (one unlock)

${pbkdf2} ms (min / **median** / max).
`;
}
