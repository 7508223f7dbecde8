/**
 * The client's behaviour without a server: backoff, offline, wake-ups, timeouts, halts,
 * pause, and Web Locks. The protocol fake in `support/fake-fetch.ts` stands in for the server.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { InMemoryProcessRecorder } from '../../src/recorders/in-memory.js';
import { backoffDelay } from '../../src/sync/backoff.js';
import { InMemorySyncStateStore } from '../../src/sync/in-memory-sync-state-store.js';
import type { SyncEnvironment } from '../../src/sync/environment.js';
import type { SyncStatus } from '../../src/sync/status.js';
import { SyncClient } from '../../src/sync/sync-client.js';
import type { SyncClientOptions } from '../../src/sync/sync-client-options.js';
import { fakeFetch, type FakeFetch } from './support/fake-fetch.js';

const running: SyncClient[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((client) => client.stop()));
});

function setup(options: Partial<SyncClientOptions> = {}) {
  const fake = fakeFetch();
  const recorder = new InMemoryProcessRecorder();
  const client = new SyncClient({
    url: 'https://sync.example',
    token: 'token',
    recorder,
    stateStore: new InMemorySyncStateStore(),
    fetch: fake.fetch,
    intervalMs: 0,
    environment: {},
    backoff: { baseMs: 20, capMs: 80 },
    ...options,
  });
  running.push(client);
  return { fake, recorder, client };
}

async function record(recorder: InMemoryProcessRecorder, count = 1): Promise<void> {
  const events = Array.from({ length: count }, () => ({
    originatorId: crypto.randomUUID(),
    originatorVersion: 0,
    topic: 'T',
    state: new Uint8Array([1]),
  }));
  await recorder.insertEvents(events);
}

function waitFor(client: SyncClient, accept: (status: SyncStatus) => boolean): Promise<SyncStatus> {
  return new Promise((resolve) => {
    if (accept(client.status)) resolve(client.status);
    const stop = client.onStatus((status) => {
      if (!accept(status)) return;
      stop();
      resolve(status);
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pushes = (fake: FakeFetch) => fake.calls.filter((call) => call.method === 'POST').length;

describe('backoffDelay', () => {
  it.each([
    [1, 0, 0],
    [1, 0.5, 500],
    [3, 0.5, 2000],
    [20, 0.999, 59_940],
  ])(
    'waits random() x min(cap, base x 2^(attempt - 1)): attempt %i, random %d',
    (attempt, random, ms) => {
      expect(backoffDelay(attempt, { baseMs: 1000, capMs: 60_000 }, () => random)).toBe(ms);
    },
  );

  it('honours Retry-After as a floor, up to the cap', () => {
    expect(backoffDelay(1, { baseMs: 100, capMs: 5000 }, () => 0, 3000)).toBe(3000);
    expect(backoffDelay(1, { baseMs: 100, capMs: 5000 }, () => 0, 90_000)).toBe(5000);
  });
});

describe('SyncClient', () => {
  it('pushes local events and reports progress, pending and success', async () => {
    const { recorder, client } = setup({ batchSize: 10 });
    await record(recorder, 35);
    const seen: SyncStatus[] = [];
    client.onStatus((status) => seen.push(status));
    await client.start();
    const done = await client.flush();
    expect(done).toMatchObject({ phase: 'idle', acknowledged: 35, pending: 0 });
    expect(done.lastSuccessAt).toEqual(expect.any(Number));
    expect(seen.map((s) => s.progress?.pushed)).toContain(20);
    expect(seen.find((s) => s.progress)?.progress?.total).toBe(35);
  });

  it('wakes on new local events', async () => {
    const { fake, recorder, client } = setup();
    await client.start();
    await client.flush();
    await record(recorder);
    await waitFor(client, (s) => s.acknowledged === 1);
    expect(pushes(fake)).toBe(1);
  });

  it('backs off while offline and does not retry on every new local event', async () => {
    // A backoff far longer than the test: a push after going offline could only come from a
    // local event, which must wait for the backoff (or "online") instead. No wall-clock count.
    const { fake, recorder, client } = setup({
      backoff: { baseMs: 60_000, capMs: 60_000 },
      random: () => 0.99,
    });
    fake.mode = 'offline';
    await client.start();
    await record(recorder);
    const offline = await waitFor(client, (s) => s.phase === 'offline');
    expect(offline.lastError).toMatchObject({ kind: 'network' });
    expect(offline.retryAt).toEqual(expect.any(Number));
    const before = pushes(fake);
    for (let i = 0; i < 50; i++) await record(recorder);
    await sleep(100); // room for a wrongly eager client to push
    expect(pushes(fake)).toBe(before);
    fake.mode = 'ok';
    expect(await client.flush()).toMatchObject({ phase: 'idle', acknowledged: 51 });
  });

  it('retries at once on "online", ending a long backoff', async () => {
    const eventTarget = new EventTarget();
    const { fake, recorder, client } = setup({
      backoff: { baseMs: 60_000, capMs: 60_000 },
      random: () => 0.99,
      environment: { eventTarget },
    });
    fake.mode = 'offline';
    await record(recorder);
    await client.start();
    await waitFor(client, (s) => s.phase === 'offline');
    fake.mode = 'ok';
    eventTarget.dispatchEvent(new Event('online'));
    await waitFor(client, (s) => s.acknowledged === 1);
  });

  it('takes navigator.onLine === false as a hint: local events wait for "online"', async () => {
    const eventTarget = new EventTarget();
    const navigator = { onLine: false };
    const environment: SyncEnvironment = { eventTarget, navigator };
    const { fake, recorder, client } = setup({ environment });
    await client.start();
    await client.flush();
    const before = fake.calls.length;
    await record(recorder);
    await sleep(100);
    expect(fake.calls.length).toBe(before);
    navigator.onLine = true;
    eventTarget.dispatchEvent(new Event('online'));
    await waitFor(client, (s) => s.acknowledged === 1);
  });

  it('times a hung request out and says the outcome is unknown', async () => {
    const { fake, recorder, client } = setup({ timeoutMs: 50 });
    fake.mode = 'hang';
    await record(recorder);
    await client.start();
    const offline = await waitFor(client, (s) => s.phase === 'offline');
    expect(offline.lastError?.kind).toBe('timeout');
    fake.mode = 'ok';
    await waitFor(client, (s) => s.acknowledged === 1);
  });

  it('halts on a refused token until resume()', async () => {
    const { fake, recorder, client } = setup();
    fake.mode = 'unauthorized';
    await record(recorder);
    await client.start();
    const halted = await client.flush();
    expect(halted).toMatchObject({ phase: 'halted', lastError: { kind: 'auth', status: 401 } });
    const calls = fake.calls.length;
    await sleep(100);
    expect(fake.calls.length).toBe(calls);
    fake.mode = 'ok';
    client.resume();
    expect(await client.flush()).toMatchObject({ phase: 'idle', acknowledged: 1 });
  });

  it('pauses mid-request and resumes', async () => {
    const { fake, recorder, client } = setup();
    fake.mode = 'hang';
    await record(recorder);
    await client.start();
    while (fake.calls.length === 0) await sleep(5);
    client.pause();
    expect(client.status.phase).toBe('paused');
    fake.mode = 'ok';
    await sleep(50);
    expect(client.status.acknowledged).toBe(0);
    client.resume();
    expect(await client.flush()).toMatchObject({ acknowledged: 1 });
  });

  it('runs each round under a Web Lock named after its stream when locks exist', async () => {
    const names: string[] = [];
    const locks = {
      request: (name: string, _options: unknown, work: () => Promise<unknown>) => {
        names.push(name);
        return work();
      },
    } as unknown as LockManager;
    const { recorder, client } = setup({ environment: { navigator: { locks } } });
    await record(recorder);
    await client.start();
    await client.flush();
    expect(names[0]).toBe(`offline-eventstore:sync:${client.status.streamId ?? ''}`);
  });
});
