/**
 * Push throughput: 10,000 notifications (200-byte states) from an in-memory recorder to the
 * real server process on loopback, through `SyncClient`, for each storage and batch size. The
 * baseline, measured in the same run on the same server, posts the same batches pre-encoded
 * with bare `fetch`: the ratio is the client's own cost. Writes `bench/sync/results.md`.
 *
 * `npm run bench:sync -- [--rounds N] [--storage PGlite|PostgreSQL] [--batch 100,500]`; a run
 * narrowed by `--storage` or `--batch` prints its rows and writes nothing.
 */
import { writeFile } from 'node:fs/promises';
import { format, resolveConfig } from 'prettier';
import { cpus, loadavg } from 'node:os';
import { InMemoryApplicationRecorder } from '../../src/recorders/in-memory.js';
import { encodeBase64 } from '../../src/sync/base64.js';
import { InMemorySyncStateStore } from '../../src/sync/in-memory-sync-state-store.js';
import { SyncClient } from '../../src/sync/sync-client.js';
import { TOKEN_SECRET, tokenFor } from '../../test/sync/support/devices.js';
import { ServerProcess } from '../../test/sync/support/server-process.js';
import { STORAGES, type StorageFixture } from '../../test/sync/support/storages.js';

const COUNT = 10_000;
const STATE_BYTES = 200;
const ROUNDS = Number(flag('--rounds') ?? 3);
const BATCH_SIZES = flag('--batch')?.split(',').map(Number) ?? [100, 500, 1000];
const ONLY = flag('--storage');

/** The value after `name` on the command line, if given. */
function flag(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index < 0 ? undefined : process.argv[index + 1];
}

interface Row {
  readonly storage: string;
  readonly batch: number;
  readonly client: number[];
  readonly raw: number[];
}

async function filledRecorder(): Promise<InMemoryApplicationRecorder> {
  const recorder = new InMemoryApplicationRecorder();
  const state = crypto.getRandomValues(new Uint8Array(STATE_BYTES));
  for (let i = 0; i < COUNT; i += 1000) {
    const events = Array.from({ length: 1000 }, (_, j) => ({
      originatorId: crypto.randomUUID(),
      originatorVersion: 0,
      topic: 'Benchmarked',
      state: state.map((byte) => byte ^ ((i + j) & 0xff)),
    }));
    await recorder.insertEvents(events);
  }
  return recorder;
}

/** Events per second of one `SyncClient` push of everything. */
async function clientRun(url: string, batchSize: number): Promise<number> {
  const recorder = await filledRecorder();
  const token = await tokenFor(crypto.randomUUID(), 'bench');
  const client = new SyncClient({
    url,
    token,
    recorder,
    stateStore: new InMemorySyncStateStore(),
    batchSize,
    intervalMs: 0,
    watchLocal: false,
    environment: {},
  });
  const start = performance.now();
  await client.start();
  const status = await client.flush();
  const seconds = (performance.now() - start) / 1000;
  await client.stop();
  if (status.acknowledged !== COUNT) throw new Error(`Pushed ${status.acknowledged} of ${COUNT}.`);
  return COUNT / seconds;
}

/** Events per second of the same batches, encoded beforehand, posted with bare fetch. */
async function rawRun(url: string, batchSize: number): Promise<number> {
  const notifications = await (await filledRecorder()).selectNotifications(1, COUNT);
  const bodies: string[] = [];
  for (let i = 0; i < COUNT; i += batchSize) {
    const batch = notifications
      .slice(i, i + batchSize)
      .map((n) => ({ ...n, state: encodeBase64(n.state) }));
    bodies.push(JSON.stringify({ after: i, through: i + batch.length, notifications: batch }));
  }
  const token = await tokenFor(crypto.randomUUID(), 'bench');
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const path = `${url}/v1/streams/raw/notifications`;
  const start = performance.now();
  for (const body of bodies) {
    const response = await fetch(path, { method: 'POST', headers, body });
    if (response.status !== 200) throw new Error(`Raw push answered ${response.status}.`);
    await response.arrayBuffer();
  }
  return COUNT / ((performance.now() - start) / 1000);
}

async function measure(storage: StorageFixture): Promise<Row[]> {
  const target = await storage.create();
  const server = await ServerProcess.start({ storage: target, tokenSecret: TOKEN_SECRET });
  try {
    await clientRun(server.url, 500); // warm-up: JIT, connection pool, caches
    const rows: Row[] = [];
    for (const batch of BATCH_SIZES) {
      const row: Row = { storage: storage.name, batch, client: [], raw: [] };
      for (let round = 0; round < ROUNDS; round++) {
        row.client.push(await clientRun(server.url, batch));
        row.raw.push(await rawRun(server.url, batch));
      }
      console.log(line(row));
      rows.push(row);
    }
    return rows;
  } finally {
    await server.stop();
    await storage.dispose(target);
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function line(row: Row): string {
  const client = median(row.client);
  const raw = median(row.raw);
  const spread = `${Math.round(Math.min(...row.client))}–${Math.round(Math.max(...row.client))}`;
  return `| ${row.storage} | ${row.batch} | **${Math.round(client)}** | ${spread} | ${Math.round(raw)} | ${(client / raw).toFixed(2)} |`;
}

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  const rows: Row[] = [];
  for (const storage of STORAGES) {
    if (ONLY === undefined || storage.name === ONLY) rows.push(...(await measure(storage)));
  }
  const cpu = cpus();
  const report = [
    '# Sync push throughput',
    '',
    `Command: \`npm run bench:sync\` (rounds: ${ROUNDS}, medians). ${COUNT} notifications of ${STATE_BYTES}-byte states, pushed from an \`InMemoryApplicationRecorder\` by \`SyncClient\` to the real server process on 127.0.0.1 (no proxy), each round a fresh tenant and stream. "raw" posts the same batches, JSON-encoded beforehand, with bare \`fetch\` on the same server in the same run; the ratio is the client's own cost (reading the recorder, base64, JSON, acknowledging in the state store).`,
    '',
    `Machine: ${cpu.length} × ${cpu[0]?.model ?? 'CPU'}, Node ${process.version}. Started ${startedAt}; load average at start ${load}, at end ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (the machine is shared with other engineers' test runs, so expect noise).`,
    '',
    '| storage | batch | client events/s | client range | raw events/s | client / raw |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows.map(line),
    '',
  ].join('\n');
  if (ONLY !== undefined || flag('--batch') !== undefined) return; // a partial run: print only
  const path = new URL('./results.md', import.meta.url);
  const options = { ...(await resolveConfig(path)), filepath: path.pathname };
  await writeFile(path, await format(report, options));
  console.log(`\nWrote bench/sync/results.md`);
}

await main();
