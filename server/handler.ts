/**
 * The sync server as one web-standard function, `(request: Request) => Promise<Response>`, so
 * that it runs behind Node's `http` (see `node-adapter.ts`) or on an edge runtime alike.
 * Protocol reference: `server/README.md`.
 */
import {
  PROTOCOL_PREFIX,
  type PullResponse,
  type PushResponse,
  type StreamResponse,
} from '../src/sync/protocol.js';
import type { Limits } from './limits.js';
import { parsePushRequest, isPosition } from './push-request.js';
import { fail, HttpProblem, json, readJson } from './responses.js';
import { StorageBusyError, type SyncStorage } from './storage/sync-storage.js';
import { verifyToken, type Principal } from './tokens.js';

/** What the handler is built from. */
export interface SyncHandlerOptions {
  readonly storage: SyncStorage;
  /** The HMAC key tokens are verified with (`importTokenKey`). */
  readonly tokenKey: CryptoKey;
  readonly limits: Limits;
  /** `Access-Control-Allow-Origin` for browser clients on other origins; omit to send none. */
  readonly corsOrigin?: string | undefined;
  /** Told of every unexpected error (answered 500); the handler itself never logs. */
  readonly onError?: (error: unknown) => void;
}

/** A request handler built on web-standard `Request` and `Response`. */
export type SyncHandler = (request: Request) => Promise<Response>;

const STREAM_ID = /^[A-Za-z0-9._~-]{1,128}$/;
const STREAM_PATH = new RegExp(`^${PROTOCOL_PREFIX}/streams/([^/]+)(/notifications)?$`);

/** Builds the handler. */
export function createSyncHandler(options: SyncHandlerOptions): SyncHandler {
  const cors = corsHeaders(options.corsOrigin);
  return async (request) => {
    let response: Response;
    try {
      response = await route(request, options);
    } catch (error) {
      response = problemResponse(error, options.onError);
    }
    for (const [name, value] of Object.entries(cors)) response.headers.set(name, value);
    return response;
  };
}

async function route(request: Request, options: SyncHandlerOptions): Promise<Response> {
  const url = new URL(request.url);
  if (request.method === 'OPTIONS') return new Response(null, { status: 204 });
  if (url.pathname === `${PROTOCOL_PREFIX}/health`) {
    allow(request, 'GET');
    return json(200, { ok: true, protocol: 1 });
  }
  if (url.pathname === `${PROTOCOL_PREFIX}/log`) {
    allow(request, 'GET');
    return pull(url, await authenticate(request, options.tokenKey), options);
  }
  const match = STREAM_PATH.exec(url.pathname);
  if (!match) fail(404, 'not-found', `No such endpoint; this server speaks ${PROTOCOL_PREFIX}.`);
  // The allowed characters need no percent-decoding; anything else is refused as is.
  const streamId = match[1] ?? '';
  if (match[2] !== undefined) {
    allow(request, 'POST');
    const principal = await authenticate(request, options.tokenKey);
    return push(request, principal, checkStreamId(streamId), options);
  }
  allow(request, 'GET');
  const principal = await authenticate(request, options.tokenKey);
  const info = await options.storage.stream(principal, checkStreamId(streamId));
  const body: StreamResponse = { streamId, ...info };
  return json(200, body);
}

async function push(
  request: Request,
  principal: Principal,
  streamId: string,
  { storage, limits }: SyncHandlerOptions,
): Promise<Response> {
  const batch = parsePushRequest(await readJson(request, limits.maxBodyBytes), limits);
  const outcome = await storage.push({ principal, streamId, ...batch });
  switch (outcome.kind) {
    case 'recorded': {
      const body: PushResponse = {
        acknowledged: outcome.acknowledged,
        recorded: outcome.recorded,
        skipped: outcome.skipped,
      };
      return json(200, body);
    }
    case 'gap':
      return fail(
        409,
        'gap',
        `This stream is acknowledged through ${outcome.acknowledged}; push again from there.`,
        {
          acknowledged: outcome.acknowledged,
        },
      );
    case 'forbidden':
      return fail(403, 'forbidden', 'Another client created this stream; push to your own stream.');
    case 'conflict':
      return fail(409, `${outcome.reason}-conflict`, conflictMessage(outcome.reason, outcome.id), {
        id: outcome.id,
        acknowledged: outcome.acknowledged,
      });
  }
}

function conflictMessage(reason: 'content' | 'aggregate', id: number): string {
  return reason === 'content'
    ? `Notification ${id} differs from what this stream recorded at that id. Nothing was recorded; the local database does not match the stream (start a new stream).`
    : `Notification ${id} takes an aggregate position another event already holds. Nothing was recorded; resolve the concurrent change in the application.`;
}

async function pull(url: URL, principal: Principal, { storage, limits }: SyncHandlerOptions) {
  const after = queryInteger(url, 'after', 0);
  const limit = Math.min(queryInteger(url, 'limit', Math.min(100, limits.maxPull)), limits.maxPull);
  if (limit < 1) fail(400, 'malformed', '"limit" must be at least 1.');
  const page = await storage.pull(principal.tenant, after, limit);
  const body: PullResponse = page;
  return json(200, body);
}

function queryInteger(url: URL, name: string, fallback: number): number {
  const text = url.searchParams.get(name);
  if (text === null) return fallback;
  const value = /^\d{1,16}$/.test(text) ? Number(text) : NaN;
  if (!isPosition(value)) fail(400, 'malformed', `"${name}" must be a safe integer >= 0.`);
  return value;
}

async function authenticate(request: Request, key: CryptoKey): Promise<Principal> {
  const header = request.headers.get('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  const principal = match?.[1] === undefined ? undefined : await verifyToken(key, match[1]);
  if (!principal) {
    fail(
      401,
      'unauthorized',
      'Send "Authorization: Bearer <token>" with a valid, unexpired token.',
      {},
    );
  }
  return principal;
}

function allow(request: Request, method: string): void {
  if (request.method !== method) {
    throw new HttpProblem(
      405,
      { error: 'method-not-allowed', message: `Use ${method} here.` },
      { allow: method },
    );
  }
}

function checkStreamId(streamId: string): string {
  if (!STREAM_ID.test(streamId)) {
    fail(400, 'malformed', 'A stream id is 1-128 characters of A-Z a-z 0-9 . _ ~ -');
  }
  return streamId;
}

function problemResponse(error: unknown, onError?: (error: unknown) => void): Response {
  if (error instanceof HttpProblem) return json(error.status, error.body, error.headers);
  if (error instanceof StorageBusyError) {
    return json(503, { error: 'unavailable', message: error.message }, { 'retry-after': '1' });
  }
  onError?.(error);
  return json(500, { error: 'internal', message: 'The server failed; retry later.' });
}

function corsHeaders(origin: string | undefined): Record<string, string> {
  if (origin === undefined) return {};
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers': 'authorization, content-type',
    'access-control-max-age': '600',
    vary: 'origin',
  };
}
