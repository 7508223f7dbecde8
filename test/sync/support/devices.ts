/**
 * Devices for the end-to-end tests: an in-memory recorder, a sync state store and a
 * `SyncClient` with short timeouts and backoff; and the checks that the server holds every
 * event of a device exactly once, in order.
 */
import { expect } from 'vitest';
import { InMemoryProcessRecorder } from '../../../src/recorders/in-memory.js';
import { encodeBase64 } from '../../../src/sync/base64.js';
import { InMemorySyncStateStore } from '../../../src/sync/in-memory-sync-state-store.js';
import type { LogNotification, StreamResponse } from '../../../src/sync/protocol.js';
import { SyncClient } from '../../../src/sync/sync-client.js';
import type { SyncClientOptions } from '../../../src/sync/sync-client-options.js';
import type { SyncStateStore } from '../../../src/sync/sync-state.js';
import type { SyncStatus } from '../../../src/sync/status.js';
import { importTokenKey, mintToken } from '../../../server/tokens.js';

/** The secret every test server is started with. */
export const TOKEN_SECRET = 'test-secret-0123456789-abcdefghijklmnop';

/** A token for `client` of `tenant`. */
export async function tokenFor(tenant: string, client: string): Promise<string> {
  return mintToken(await importTokenKey(TOKEN_SECRET), { tenant, client });
}

/** One device: its local database, its sync state, its client. */
export interface Device {
  readonly recorder: InMemoryProcessRecorder;
  readonly store: SyncStateStore;
  readonly client: SyncClient;
  readonly token: string;
  /** The local ids of the events the test recorded on this device (not pulled ones). */
  readonly own: number[];
}

/** A device syncing with `url`; pass `recorder`/`store` to share them (two tabs). */
export function createDevice(
  url: string,
  token: string,
  options: Partial<SyncClientOptions> & { recorder?: InMemoryProcessRecorder; own?: number[] } = {},
): Device {
  const recorder = options.recorder ?? new InMemoryProcessRecorder();
  const store = options.stateStore ?? new InMemorySyncStateStore();
  const client = new SyncClient({
    url,
    token,
    recorder,
    stateStore: store,
    serverName: 'test',
    timeoutMs: 1500,
    backoff: { baseMs: 10, capMs: 100 },
    intervalMs: 0,
    environment: {},
    ...options,
  });
  return { recorder, store, client, token, own: options.own ?? [] };
}

/** Records `count` events on `device`, each its own aggregate (`<prefix>-<n>`), in batches. */
export async function appendEvents(
  device: Device,
  count: number,
  prefix = crypto.randomUUID(),
  batch = 50,
): Promise<void> {
  for (let start = 0; start < count; start += batch) {
    const events = Array.from({ length: Math.min(batch, count - start) }, (_, i) => ({
      originatorId: `${prefix}-${start + i}`,
      originatorVersion: 0,
      topic: 'Tested',
      state: new TextEncoder().encode(JSON.stringify({ n: start + i })),
    }));
    device.own.push(...(await device.recorder.insertEvents(events)));
  }
}

/** Waits until `device` pushed everything (or halted) and returns its status. */
export async function settle(device: Device): Promise<SyncStatus> {
  return device.client.flush(AbortSignal.timeout(30_000));
}

/** Every notification of the tenant's log, paging through `GET /v1/log`. */
export async function serverLog(url: string, token: string): Promise<LogNotification[]> {
  const all: LogNotification[] = [];
  for (;;) {
    const after = all.at(-1)?.position ?? 0;
    const body = (await get(url, `/v1/log?after=${after}&limit=1000`, token)) as {
      notifications: LogNotification[];
    };
    if (body.notifications.length === 0) return all;
    all.push(...body.notifications);
  }
}

/** `GET /v1/streams/{streamId}`. */
export async function serverStream(
  url: string,
  token: string,
  streamId: string,
): Promise<StreamResponse> {
  return (await get(url, `/v1/streams/${streamId}`, token)) as StreamResponse;
}

async function get(url: string, path: string, token: string): Promise<unknown> {
  const response = await fetch(url + path, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status, path).toBe(200);
  return response.json();
}

/**
 * The server holds each own local notification of `device` exactly once, in local order and
 * with the same content; nothing else is in its stream; and the acknowledged positions of the
 * server, of the state store and of the local database agree.
 */
export async function expectExactlyOnce(serverUrl: string, device: Device): Promise<void> {
  const { state } = await device.store.load();
  const local = await device.recorder.selectNotifications(1, 1_000_000);
  const own = local.filter((n) => device.own.includes(n.id));
  const log = await serverLog(serverUrl, device.token);
  const stream = log.filter((n) => n.streamId === state.streamId);
  expect(stream.map((n) => n.id)).toEqual(own.map((n) => n.id));
  expect(stream.map(content)).toEqual(
    own.map((n) => content({ ...n, state: encodeBase64(n.state) })),
  );
  const positions = stream.map((n) => n.position);
  expect(positions).toEqual([...positions].sort((a, b) => a - b));
  const keys = log.map((n) => `${n.originatorId}@${n.originatorVersion}`);
  expect(new Set(keys).size).toBe(keys.length);
  const { acknowledged } = await serverStream(serverUrl, device.token, state.streamId);
  const localMax = await device.recorder.maxNotificationId();
  expect({ server: acknowledged, store: state.acknowledged }).toEqual({
    server: localMax,
    store: localMax,
  });
}

function content(n: {
  originatorId: string;
  originatorVersion: number;
  topic: string;
  state: string;
}) {
  return `${n.originatorId}@${n.originatorVersion} ${n.topic} ${n.state}`;
}
