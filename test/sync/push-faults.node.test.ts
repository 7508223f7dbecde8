/**
 * Exactly-once push under faults: a real server process on each storage, a fault-injecting
 * proxy in front of it, and in-memory devices. After each fault the server holds every event
 * exactly once, in order, and the acknowledged positions of server, state store and local
 * database agree.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncPhase, SyncProblem } from '../../src/sync/status.js';
import {
  appendEvents,
  createDevice,
  expectExactlyOnce,
  serverLog,
  settle,
  TOKEN_SECRET,
  tokenFor,
  type Device,
} from './support/devices.js';
import { FaultProxy, type Fault } from './support/fault-proxy.js';
import { ServerProcess, type StorageTarget } from './support/server-process.js';
import { STORAGES } from './support/storages.js';

describe.each(STORAGES)('pushing to the server on $name', { timeout: 90_000 }, (storage) => {
  let target: StorageTarget;
  let server: ServerProcess;
  let proxy: FaultProxy;

  beforeAll(async () => {
    target = await storage.create();
    const flags = ['--max-state-bytes', '1000'];
    server = await ServerProcess.start({ storage: target, tokenSecret: TOKEN_SECRET, flags });
    proxy = await FaultProxy.start(server.url);
  }, 120_000);

  afterAll(async () => {
    await proxy.close();
    await server.stop();
    await storage.dispose(target);
  });

  /** A device of a fresh tenant, through the proxy, pushing in batches of 25. */
  async function device(options: Parameters<typeof createDevice>[2] = {}): Promise<Device> {
    const token = await tokenFor(crypto.randomUUID(), 'phone');
    return createDevice(proxy.url, token, { batchSize: 25, ...options });
  }

  /** Appends `count` events, injects `faults`, syncs to the end and checks exactly-once. */
  async function pushThrough(faults: Fault[], count = 100, options = {}) {
    const d = await device(options);
    const seen = watch(d);
    await appendEvents(d, count);
    proxy.plan(...faults);
    await d.client.start();
    const status = await settle(d);
    await d.client.stop();
    expect(status.phase).not.toBe('halted');
    expect(proxy.planned).toBe(0);
    await expectExactlyOnce(server.url, d);
    return { device: d, ...seen };
  }

  it('retries through 500s with backoff', async () => {
    const { phases, errors } = await pushThrough(['error-500', 'pass', 'error-500', 'error-500']);
    expect(phases).toContain('offline');
    expect(errors.map((e) => e.kind)).toContain('server');
  });

  it('times out a hung request and resends the same batch', async () => {
    const { errors } = await pushThrough(['pass', 'hang', 'hang'], 100, { timeoutMs: 300 });
    expect(errors.length).toBeGreaterThanOrEqual(2);
    expect(new Set(errors.map((e) => e.kind))).toEqual(new Set(['timeout']));
  });

  it('retries through connection resets', async () => {
    const { errors } = await pushThrough(['reset', 'pass', 'reset']);
    expect(errors.map((e) => e.kind)).toEqual(['network', 'network']);
  });

  it('resends a batch whose response was lost after the commit, and the server skips it', async () => {
    await pushThrough(['pass', 'lose-response', 'lose-response', 'pass']);
  });

  it('records a batch delivered twice at once only once', async () => {
    await pushThrough(['duplicate', 'duplicate', 'duplicate', 'duplicate']);
  });

  it('resumes after a server restart mid-push (SIGKILL, then a new process)', async () => {
    let restarted: Promise<void> = Promise.resolve();
    const crash = async () => {
      await restarted;
      await server.kill();
      restarted = server.restart();
    };
    await pushThrough(['pass', crash, 'pass', crash], 150);
    await restarted;
  });

  it('continues after a reload mid-push: a new client on the same local database', async () => {
    const first = await device();
    await appendEvents(first, 100);
    proxy.plan('pass', 'hang');
    await first.client.start();
    await until(() => proxy.planned === 0);
    await first.client.stop();
    const reloaded = createDevice(proxy.url, first.token, {
      recorder: first.recorder,
      stateStore: first.store,
      own: first.own,
      batchSize: 25,
    });
    await reloaded.client.start();
    await settle(reloaded);
    await reloaded.client.stop();
    await expectExactlyOnce(server.url, reloaded);
  });

  it('resends an overlapping range when the local acknowledgement was lost', async () => {
    const d = await device();
    await appendEvents(d, 60);
    await d.client.start();
    await settle(d);
    const { state } = await d.store.load();
    await d.store.rewind(state.streamId, 35); // a crash between the server's commit and the local write
    await appendEvents(d, 10);
    await settle(d);
    await d.client.stop();
    await expectExactlyOnce(server.url, d);
  });

  it('rewinds to the server on a gap (the local position ran ahead of the server)', async () => {
    const d = await device();
    await appendEvents(d, 40);
    await d.client.start();
    await settle(d);
    await d.client.stop();
    const { state } = await d.store.load();
    await appendEvents(d, 20);
    await d.store.acknowledge(state.streamId, 50);
    const seen = watch(d);
    await d.client.start();
    await settle(d);
    await d.client.stop();
    expect(seen.acknowledged).toContain(40); // it went back to what the server held
    await expectExactlyOnce(server.url, d);
  });

  it('re-pushes what a server restored from an older copy lost', async () => {
    const d = await device();
    await appendEvents(d, 60);
    await d.client.start();
    await settle(d);
    await server.stop();
    await storage.backup(target);
    await server.restart();
    await appendEvents(d, 40);
    await settle(d);
    await server.stop();
    await storage.restore(target);
    await server.restart();
    expect((await serverLog(server.url, d.token)).length).toBe(60);
    await appendEvents(d, 5);
    const after = await settle(d);
    await d.client.stop();
    expect(after.phase).toBe('idle');
    await expectExactlyOnce(server.url, d);
  });

  it('halts at a poison event, after pushing everything before it, and never skips it', async () => {
    const d = await device();
    await appendEvents(d, 30);
    await d.recorder.insertEvents([
      { originatorId: 'poison', originatorVersion: 0, topic: 'Huge', state: new Uint8Array(2000) },
    ]);
    const poisonId = await d.recorder.maxNotificationId();
    await appendEvents(d, 10);
    await d.client.start();
    const halted = await settle(d);
    expect(halted.phase).toBe('halted');
    expect(halted.lastError).toMatchObject({
      kind: 'rejected',
      code: 'invalid-event',
      notificationId: poisonId,
    });
    expect(halted.acknowledged).toBe(poisonId - 1);
    d.client.resume();
    expect((await settle(d)).lastError?.notificationId).toBe(poisonId);
    await d.client.stop();
    const log = await serverLog(server.url, d.token);
    expect(log.map((n) => n.id)).toEqual(Array.from({ length: poisonId - 1 }, (_, i) => i + 1));
  });

  it('records everything once with two pushers on one local database (two tabs)', async () => {
    const a = await device();
    const b = createDevice(proxy.url, a.token, {
      recorder: a.recorder,
      stateStore: a.store,
      own: a.own,
      batchSize: 25,
    });
    await Promise.all([a.client.start(), b.client.start()]);
    for (let i = 0; i < 6; i++) await appendEvents(a, 40);
    proxy.plan('duplicate', 'lose-response', 'pass', 'duplicate');
    await Promise.all([settle(a), settle(b)]);
    await Promise.all([a.client.stop(), b.client.stop()]);
    await expectExactlyOnce(server.url, a);
  });

  it('syncs a recreated local database as a new stream and says data may be gone', async () => {
    const old = await device();
    await appendEvents(old, 30);
    await old.client.start();
    await settle(old);
    await old.client.stop();
    const fresh = createDevice(proxy.url, old.token, { batchSize: 25 }); // storage evicted
    await appendEvents(fresh, 5);
    await fresh.client.start();
    const status = await settle(fresh);
    await fresh.client.stop();
    expect(status.notice?.kind).toBe('local-database-recreated');
    expect(status.streamId).not.toBe((await old.store.load()).state.streamId);
    expect(await fresh.recorder.maxNotificationId()).toBe(35); // the old stream came back by pulling
    await expectExactlyOnce(server.url, fresh);
    expect(await serverLog(server.url, old.token)).toHaveLength(35);
  });

  it('starts a new stream when the recorder was recreated but the sync state survived', async () => {
    const old = await device();
    await appendEvents(old, 30);
    await old.client.start();
    await settle(old);
    await old.client.stop();
    const d = createDevice(proxy.url, old.token, { stateStore: old.store, batchSize: 25 });
    await appendEvents(d, 40); // more ids than were acknowledged: only the anchor tells
    await d.client.start();
    const status = await settle(d);
    await d.client.stop();
    expect(status.notice?.kind).toBe('local-database-recreated');
    await expectExactlyOnce(server.url, d);
  });

  it('sends a recorder whose sync state was lost as a new stream without duplicating events', async () => {
    const old = await device();
    await appendEvents(old, 30);
    await old.client.start();
    await settle(old);
    await old.client.stop();
    const d = createDevice(proxy.url, old.token, { recorder: old.recorder, batchSize: 25 });
    await d.client.start();
    await settle(d);
    await d.client.stop();
    const log = await serverLog(server.url, d.token);
    expect(log).toHaveLength(30); // every event was echoed back and skipped
    const { state } = await d.store.load();
    expect(state.acknowledged).toBe(30);
  });
});

/** Records the phases, errors and acknowledged positions a device goes through. */
function watch(device: Device) {
  const seen = {
    phases: [] as SyncPhase[],
    errors: [] as SyncProblem[],
    acknowledged: [] as number[],
  };
  device.client.onStatus((status) => {
    if (seen.phases.at(-1) !== status.phase) seen.phases.push(status.phase);
    if (status.lastError && seen.errors.at(-1) !== status.lastError)
      seen.errors.push(status.lastError);
    if (seen.acknowledged.at(-1) !== status.acknowledged)
      seen.acknowledged.push(status.acknowledged);
  });
  return seen;
}

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('Timed out waiting.');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
