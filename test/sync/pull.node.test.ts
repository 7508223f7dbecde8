/**
 * Pulling other devices' events from the real server process, on each storage: convergence,
 * exactly-once application, nothing pushed back, opaque bytes, a restored server, conflicts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { ServerProcess, type StorageTarget } from './support/server-process.js';
import { STORAGES } from './support/storages.js';

describe.each(STORAGES)('pulling from the server on $name', { timeout: 90_000 }, (storage) => {
  let target: StorageTarget;
  let server: ServerProcess;

  beforeAll(async () => {
    target = await storage.create();
    server = await ServerProcess.start({ storage: target, tokenSecret: TOKEN_SECRET });
  }, 120_000);

  afterAll(async () => {
    await server.stop();
    await storage.dispose(target);
  });

  /** Devices of one fresh tenant, started. */
  async function devices(...names: string[]): Promise<Device[]> {
    const list = await idle(...names);
    await Promise.all(list.map((d) => d.client.start()));
    return list;
  }

  /** Devices of one fresh tenant, not started; a trailing object holds client options. */
  async function idle(...args: (string | { fetch: typeof fetch })[]): Promise<Device[]> {
    const tenant = crypto.randomUUID();
    const options = args.find((arg) => typeof arg === 'object') ?? {};
    const names = args.filter((arg) => typeof arg === 'string');
    return Promise.all(
      names.map(async (name) =>
        createDevice(server.url, await tokenFor(tenant, name), { batchSize: 40, ...options }),
      ),
    );
  }

  async function stopAll(list: readonly Device[]): Promise<void> {
    await Promise.all(list.map((d) => d.client.stop()));
  }

  /** Every event of the recorder, as `originatorId@version`, checking none repeats. */
  async function held(device: Device): Promise<Set<string>> {
    const all = await device.recorder.selectNotifications(1, 1_000_000);
    const keys = all.map((n) => `${n.originatorId}@${n.originatorVersion}`);
    expect(new Set(keys).size).toBe(keys.length);
    return new Set(keys);
  }

  it('converges two devices, each event held once everywhere and nothing pushed back', async () => {
    const sent = new Map<string, number[]>();
    const spy: typeof fetch = async (input, init) => {
      const url = input instanceof Request ? input.url : input.toString();
      if (init?.method === 'POST' && typeof init.body === 'string') {
        const body = JSON.parse(init.body) as { notifications: { id: number }[] };
        const stream = url.split('/').at(-2) ?? '';
        sent.set(stream, [...(sent.get(stream) ?? []), ...body.notifications.map((n) => n.id)]);
      }
      return fetch(input, init);
    };
    const [a, b] = (await idle('a', 'b', { fetch: spy })) as [Device, Device];
    await Promise.all([a.client.start(), b.client.start()]);
    await appendEvents(a, 40);
    await appendEvents(b, 25);
    await settle(a);
    await settle(b);
    await settle(a);
    await stopAll([a, b]);
    expect((await held(a)).size).toBe(65);
    expect(await held(b)).toEqual(await held(a));
    expect(await serverLog(server.url, a.token)).toHaveLength(65);
    await expectExactlyOnce(server.url, a);
    await expectExactlyOnce(server.url, b);
    for (const device of [a, b]) {
      const { streamId } = (await device.store.load()).state;
      expect(new Set(sent.get(streamId))).toEqual(new Set(device.own));
    }
  });

  it('applies each pulled event once with two pullers on one local database (two tabs)', async () => {
    const [a, b] = (await devices('a', 'b')) as [Device, Device];
    const tab = createDevice(server.url, b.token, {
      recorder: b.recorder,
      stateStore: b.store,
      pullLimit: 7,
    });
    await tab.client.start();
    await appendEvents(a, 100);
    await settle(a);
    await Promise.all([settle(b), settle(tab)]);
    await stopAll([a, b, tab]);
    expect((await held(b)).size).toBe(100);
    const log = await serverLog(server.url, a.token);
    expect(await b.recorder.maxTrackingId('sync:test')).toBe(log.at(-1)?.position);
  });

  it('delivers opaque state bytes unchanged', async () => {
    const [a, b] = (await devices('a', 'b')) as [Device, Device];
    const state = new Uint8Array(256).map((_, i) => i);
    await a.recorder.insertEvents([
      { originatorId: 'bytes', originatorVersion: 0, topic: 'Opaque', state },
    ]);
    await settle(a);
    await settle(b);
    await stopAll([a, b]);
    const [event] = await b.recorder.selectEvents('bytes');
    expect(event?.state).toEqual(state);
  });

  it('reads the log again after the server was restored from an older copy', async () => {
    const [a, b, c] = (await devices('a', 'b', 'c')) as [Device, Device, Device];
    await appendEvents(a, 30);
    await settle(a);
    await settle(b);
    await server.stop();
    await storage.backup(target);
    await server.restart();
    await appendEvents(a, 20);
    await settle(a);
    await settle(b);
    await a.client.stop(); // A stays away while the server is restored
    await server.stop();
    await storage.restore(target);
    await server.restart();
    await appendEvents(c, 10); // takes the positions the restore freed
    await settle(c);
    const restored = await settle(b);
    expect(restored.notice?.kind).toBe('server-log-restored');
    expect((await held(b)).size).toBe(60);
    await a.client.start(); // A re-pushes what the server lost
    await settle(a);
    await settle(b);
    await stopAll([a, b, c]);
    expect((await held(b)).size).toBe(60);
    expect(await serverLog(server.url, a.token)).toHaveLength(60);
    await expectExactlyOnce(server.url, a);
  });

  it('halts a device whose event takes an aggregate position another device took first', async () => {
    const [a, b] = (await idle('a', 'b')) as [Device, Device];
    const shared = (text: string) => ({
      originatorId: 'shared',
      originatorVersion: 0,
      topic: 'T',
      state: new TextEncoder().encode(text),
    });
    await a.recorder.insertEvents([shared('from a')]);
    const [bId] = await b.recorder.insertEvents([shared('from b')]);
    await a.client.start();
    await settle(a);
    await b.client.start();
    const status = await settle(b);
    await stopAll([a, b]);
    expect(status.phase).toBe('halted');
    expect(status.lastError).toMatchObject({
      kind: 'conflict',
      code: 'aggregate-conflict',
      notificationId: bId,
    });
  });
});
