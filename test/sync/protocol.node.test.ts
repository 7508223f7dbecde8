/**
 * The sync protocol, spoken directly over HTTP to the real server process, on each storage:
 * authentication, idempotency, gaps, conflicts, limits, tenant isolation, commit order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PushRequest, WireNotification } from '../../src/sync/protocol.js';
import { importTokenKey, mintToken } from '../../server/tokens.js';
import { serverLog, serverStream, TOKEN_SECRET, tokenFor } from './support/devices.js';
import { ServerProcess, type StorageTarget } from './support/server-process.js';
import { STORAGES } from './support/storages.js';

const LIMITS = ['--max-batch', '50', '--max-body-bytes', '100000', '--max-state-bytes', '1000'];

describe.each(STORAGES)('the sync server on $name', { timeout: 60_000 }, (storage) => {
  let target: StorageTarget;
  let server: ServerProcess;
  let url: string;

  beforeAll(async () => {
    target = await storage.create();
    server = await ServerProcess.start({
      storage: target,
      tokenSecret: TOKEN_SECRET,
      flags: LIMITS,
    });
    url = server.url;
  }, 120_000);

  afterAll(async () => {
    await server.stop();
    await storage.dispose(target);
  });

  /** A fresh tenant, a token for one client of it, and a fresh stream id. */
  async function fresh() {
    const tenant = crypto.randomUUID();
    return { tenant, token: await tokenFor(tenant, 'phone'), streamId: crypto.randomUUID() };
  }

  function push(token: string, streamId: string, body: unknown, type = 'application/json') {
    return call('POST', `/v1/streams/${streamId}/notifications`, token, JSON.stringify(body), type);
  }

  async function call(
    method: string,
    path: string,
    token: string | undefined,
    body?: string,
    type?: string,
  ) {
    const headers: Record<string, string> = {};
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    if (type !== undefined) headers['content-type'] = type;
    const response = await fetch(url + path, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it('answers health checks without a token', async () => {
    expect(await call('GET', '/v1/health', undefined)).toEqual({
      status: 200,
      body: { ok: true, protocol: 1 },
    });
  });

  it('refuses a missing, forged or expired token with 401 and records nothing', async () => {
    const { tenant, token, streamId } = await fresh();
    const key = await importTokenKey(TOKEN_SECRET);
    const expired = await mintToken(key, { tenant, client: 'phone', expiresAt: 1 });
    const forged = await mintToken(await importTokenKey('another-secret-0123456789-abcdefghij'), {
      tenant,
      client: 'phone',
    });
    for (const bad of [undefined, forged, expired, `${token}x`]) {
      const response = await call(
        'POST',
        `/v1/streams/${streamId}/notifications`,
        bad,
        JSON.stringify(batch(0, [1])),
        'application/json',
      );
      expect(response.status).toBe(401);
      expect(response.body.error).toBe('unauthorized');
    }
    expect(await serverLog(url, token)).toEqual([]);
  });

  it('records a push and acknowledges through "through"', async () => {
    const { token, streamId } = await fresh();
    expect(await push(token, streamId, batch(0, [1, 2, 4], 5))).toEqual({
      status: 200,
      body: { acknowledged: 5, recorded: 3, skipped: 0 },
    });
    expect((await serverStream(url, token, streamId)).acknowledged).toBe(5);
    expect((await serverLog(url, token)).map((n) => n.id)).toEqual([1, 2, 4]);
  });

  it('skips a resent batch and records only the new part of an overlapping one', async () => {
    const { token, streamId } = await fresh();
    await push(token, streamId, batch(0, [1, 2, 3]));
    expect((await push(token, streamId, batch(0, [1, 2, 3]))).body).toEqual({
      acknowledged: 3,
      recorded: 0,
      skipped: 3,
    });
    expect((await push(token, streamId, batch(0, [1, 2, 3, 4, 5]))).body).toEqual({
      acknowledged: 5,
      recorded: 2,
      skipped: 3,
    });
    expect((await serverLog(url, token)).map((n) => n.id)).toEqual([1, 2, 3, 4, 5]);
  });

  it('refuses a gap with 409 and the position to resume from', async () => {
    const { token, streamId } = await fresh();
    await push(token, streamId, batch(0, [1, 2]));
    const response = await push(token, streamId, batch(3, [4]));
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ error: 'gap', acknowledged: 2 });
    expect((await serverLog(url, token)).map((n) => n.id)).toEqual([1, 2]);
  });

  it('refuses a resent id with other content as a conflict, recording nothing', async () => {
    const { token, streamId } = await fresh();
    await push(token, streamId, batch(0, [1, 2]));
    const changed = {
      after: 0,
      through: 3,
      notifications: [notification(1), { ...notification(2), state: 'AAAA' }, notification(3)],
    };
    const response = await push(token, streamId, changed);
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ error: 'content-conflict', id: 2, acknowledged: 2 });
    expect((await serverLog(url, token)).map((n) => n.id)).toEqual([1, 2]);
    expect((await serverStream(url, token, streamId)).acknowledged).toBe(2);
  });

  it('skips an event another stream already holds with the same content, refuses other content', async () => {
    const { tenant, token, streamId } = await fresh();
    await push(token, streamId, batch(0, [1]));
    const laptop = await tokenFor(tenant, 'laptop');
    const echo = { after: 0, through: 1, notifications: [{ ...notification(1), id: 1 }] };
    expect((await push(laptop, 'laptop-stream', echo)).body).toEqual({
      acknowledged: 1,
      recorded: 0,
      skipped: 1,
    });
    const clash = {
      after: 1,
      through: 2,
      notifications: [{ ...notification(1), id: 2, state: 'AAAA' }],
    };
    const response = await push(laptop, 'laptop-stream', clash);
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ error: 'aggregate-conflict', id: 2, acknowledged: 1 });
    expect(await serverLog(url, token)).toHaveLength(1);
  });

  it("refuses a push to another client's stream with 403", async () => {
    const { tenant, token, streamId } = await fresh();
    await push(token, streamId, batch(0, [1]));
    const response = await push(await tokenFor(tenant, 'intruder'), streamId, batch(1, [2]));
    expect(response.status).toBe(403);
    expect(await serverLog(url, token)).toHaveLength(1);
  });

  it.each([
    ['malformed JSON', '{"after":', 'application/json', 400, 'malformed'],
    [
      'a body that is not JSON',
      JSON.stringify(batch(0, [1])),
      'text/plain',
      415,
      'unsupported-media-type',
    ],
    [
      'ids that do not increase',
      JSON.stringify({ after: 0, through: 2, notifications: [notification(2), notification(1)] }),
      'application/json',
      400,
      'malformed',
    ],
    [
      'an id beyond "through"',
      JSON.stringify({ after: 0, through: 1, notifications: [notification(2)] }),
      'application/json',
      400,
      'malformed',
    ],
    [
      'a negative "after"',
      JSON.stringify({ after: -1, through: 1, notifications: [] }),
      'application/json',
      400,
      'malformed',
    ],
    [
      'too many notifications',
      JSON.stringify(batch(0, range(1, 52))),
      'application/json',
      413,
      'too-large',
    ],
    [
      'a body over the limit',
      JSON.stringify({ ...batch(0, [1]), padding: 'x'.repeat(120_000) }),
      'application/json',
      413,
      'too-large',
    ],
  ])(
    'answers %s with a 4xx and a clear message, recording nothing',
    async (_, body, type, status, error) => {
      const { token, streamId } = await fresh();
      const response = await call(
        'POST',
        `/v1/streams/${streamId}/notifications`,
        token,
        body,
        type,
      );
      expect(response.status).toBe(status);
      expect(response.body.error).toBe(error);
      expect(response.body.message).toEqual(expect.any(String));
      expect(await serverLog(url, token)).toEqual([]);
    },
  );

  it.each([
    ['an empty topic', { topic: '' }],
    ['a negative version', { originatorVersion: -1 }],
    ['a state that is not base64', { state: 'not base64!' }],
    ['a state over the limit', { state: 'A'.repeat(1400) }],
  ])('refuses an event with %s as 422 naming its id, recording nothing', async (_, change) => {
    const { token, streamId } = await fresh();
    const response = await push(token, streamId, {
      after: 0,
      through: 3,
      notifications: [notification(1), { ...notification(2), ...change }, notification(3)],
    });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ error: 'invalid-event', id: 2 });
    expect(await serverLog(url, token)).toEqual([]);
  });

  it('answers unknown paths with 404 and wrong methods with 405', async () => {
    const { token, streamId } = await fresh();
    expect((await call('GET', '/v2/log', token)).status).toBe(404);
    expect((await call('GET', `/v1/streams/${streamId}/notifications`, token)).status).toBe(405);
    expect((await call('POST', '/v1/log', token)).status).toBe(405);
  });

  it("pulls only its own tenant's log, after a position, within the limit", async () => {
    const a = await fresh();
    const b = await fresh();
    await push(a.token, a.streamId, batch(0, [1, 2, 3]));
    await push(b.token, b.streamId, batch(0, [1]));
    const all = await serverLog(url, a.token);
    expect(all.map((n) => [n.streamId, n.id])).toEqual([
      [a.streamId, 1],
      [a.streamId, 2],
      [a.streamId, 3],
    ]);
    const page = await call('GET', `/v1/log?after=${all[0]?.position}&limit=1`, a.token);
    expect(page.body).toMatchObject({ head: all[2]?.position, notifications: [{ id: 2 }] });
    expect((await call('GET', '/v1/log?after=-1', a.token)).status).toBe(400);
  });

  it('tells a client its other streams', async () => {
    const { token, streamId } = await fresh();
    await push(token, streamId, batch(0, [1]));
    const info = await serverStream(url, token, 'a-new-stream');
    expect(info).toEqual({
      streamId: 'a-new-stream',
      acknowledged: 0,
      otherStreams: [{ streamId, acknowledged: 1 }],
    });
  });

  it('commits in position order: a reader tailing the log while pushes race never skips one', async () => {
    const { tenant, token } = await fresh();
    const writers = { done: false };
    const seen: number[] = [];
    const tail = (async () => {
      while (!writers.done || seen.length < 200) {
        const page = await call('GET', `/v1/log?after=${seen.at(-1) ?? 0}&limit=1000`, token);
        seen.push(...(page.body.notifications as { position: number }[]).map((n) => n.position));
      }
    })();
    await Promise.all(
      range(1, 5).map(async (writer) => {
        const writerToken = await tokenFor(tenant, `writer-${writer}`);
        for (let i = 0; i < 10; i++) {
          const ids = range(i * 5 + 1, i * 5 + 6);
          await push(writerToken, `stream-${writer}`, batch(i * 5, ids, i * 5 + 5, `w${writer}`));
        }
      }),
    );
    writers.done = true;
    await tail;
    expect(seen).toEqual((await serverLog(url, token)).map((n) => n.position));
  });
});

function notification(id: number, prefix = 'agg'): WireNotification {
  return {
    id,
    originatorId: `${prefix}-${id}`,
    originatorVersion: 0,
    topic: 'Tested',
    state: btoa(`state ${id}`),
  };
}

function batch(
  after: number,
  ids: readonly number[],
  through = ids.at(-1) ?? after,
  prefix = 'agg',
): PushRequest {
  return { after, through, notifications: ids.map((id) => notification(id, prefix)) };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}
