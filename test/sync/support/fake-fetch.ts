/**
 * A `fetch` that speaks the sync protocol from memory, for client tests without a server:
 * it acknowledges every push, holds no log, and can be told to fail.
 */
import type { PushRequest } from '../../../src/sync/protocol.js';

/** What the fake does with the next request. */
export type FakeMode = 'ok' | 'offline' | 'hang' | 'unauthorized';

/** The fake and what it saw. */
export interface FakeFetch {
  readonly fetch: typeof fetch;
  readonly calls: { method: string; path: string }[];
  mode: FakeMode;
}

/** A fresh fake. */
export function fakeFetch(): FakeFetch {
  const acknowledged = new Map<string, number>();
  const fake: FakeFetch = {
    calls: [],
    mode: 'ok',
    fetch: async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : input.toString());
      const method = init?.method ?? 'GET';
      fake.calls.push({ method, path: url.pathname });
      if (fake.mode === 'offline') throw new TypeError('fetch failed');
      if (fake.mode === 'hang') return hang(init?.signal);
      if (fake.mode === 'unauthorized')
        return json(401, { error: 'unauthorized', message: 'Bad token.' });
      const stream = url.pathname.split('/')[3] ?? '';
      if (method === 'POST') {
        const body = JSON.parse(init?.body as string) as PushRequest;
        const next = Math.max(acknowledged.get(stream) ?? 0, body.through);
        acknowledged.set(stream, next);
        return json(200, { acknowledged: next, recorded: body.notifications.length, skipped: 0 });
      }
      if (url.pathname.endsWith('/log')) return json(200, { notifications: [], head: 0 });
      return json(200, {
        streamId: stream,
        acknowledged: acknowledged.get(stream) ?? 0,
        otherStreams: [],
      });
    },
  };
  return fake;
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

function hang(signal: AbortSignal | null | undefined): Promise<Response> {
  return new Promise((_, reject) => {
    signal?.addEventListener('abort', () => {
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    });
  });
}
