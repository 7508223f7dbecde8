/**
 * The client's side of the HTTP protocol: `fetch` with a timeout per request, and every answer
 * sorted into accepted, refused for good, or failed for now.
 */
import {
  PROTOCOL_PREFIX,
  type ProblemBody,
  type PullResponse,
  type PushRequest,
  type PushResponse,
  type StreamResponse,
} from './protocol.js';
import type { SyncProblem } from './status.js';

/** A bearer token, or a function that returns the current one (called for every request). */
export type TokenSource = string | (() => string | Promise<string>);

/** How the transport reaches the server. */
export interface TransportOptions {
  /** The server's base URL, e.g. `https://sync.example.com` (the `/v1` paths are appended). */
  readonly url: string;
  readonly token: TokenSource;
  /** Per request, answer included; default 15 000 ms. */
  readonly timeoutMs?: number;
  /** Defaults to `globalThis.fetch`. */
  readonly fetch?: typeof fetch;
  readonly now: () => number;
}

/** An answer, sorted. */
export type Reply<T> =
  | { readonly kind: 'ok'; readonly body: T }
  /** A 4xx the same request would get again: never retried as is. */
  | { readonly kind: 'refused'; readonly status: number; readonly problem: ProblemBody }
  /** No answer, or one that may be different next time: retried after a backoff. */
  | { readonly kind: 'failed'; readonly problem: SyncProblem; readonly retryAfterMs: number };

/** Sends the three protocol requests. */
export class SyncTransport {
  readonly #base: string;
  readonly #options: TransportOptions;

  constructor(options: TransportOptions) {
    this.#base = options.url.replace(/\/+$/, '') + PROTOCOL_PREFIX;
    this.#options = options;
  }

  /** `POST /v1/streams/{streamId}/notifications`. */
  push(streamId: string, body: PushRequest, signal: AbortSignal): Promise<Reply<PushResponse>> {
    const path = `/streams/${encodeURIComponent(streamId)}/notifications`;
    return this.#send('POST', path, signal, JSON.stringify(body));
  }

  /** `GET /v1/streams/{streamId}`. */
  stream(streamId: string, signal: AbortSignal): Promise<Reply<StreamResponse>> {
    return this.#send('GET', `/streams/${encodeURIComponent(streamId)}`, signal);
  }

  /** `GET /v1/log?after=&limit=`. */
  pull(after: number, limit: number, signal: AbortSignal): Promise<Reply<PullResponse>> {
    return this.#send('GET', `/log?after=${after}&limit=${limit}`, signal);
  }

  async #send<T>(
    method: string,
    path: string,
    stop: AbortSignal,
    body?: string,
  ): Promise<Reply<T>> {
    const timeoutMs = this.#options.timeoutMs ?? 15_000;
    const signal = anySignal([stop, AbortSignal.timeout(timeoutMs)]);
    try {
      const token = this.#options.token;
      const bearer = typeof token === 'string' ? token : await token();
      const headers: Record<string, string> = { authorization: `Bearer ${bearer}` };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const doFetch = this.#options.fetch ?? fetch;
      const response = await doFetch(this.#base + path, {
        method,
        headers,
        signal,
        ...(body === undefined ? {} : { body }),
      });
      return await this.#sort<T>(response);
    } catch (error) {
      if (stop.aborted) throw stop.reason;
      const timedOut = signal.aborted;
      return this.#failed(
        timedOut ? 'timeout' : 'network',
        timedOut
          ? `No answer within ${timeoutMs} ms; the outcome is unknown, so the same request is retried.`
          : `The server could not be reached (${describe(error)}).`,
      );
    }
  }

  async #sort<T>(response: Response): Promise<Reply<T>> {
    const parsed: unknown = await response.json().catch(() => undefined);
    if (response.ok) {
      return parsed === undefined
        ? this.#failed(
            'server',
            `The server's ${response.status} answer was not JSON.`,
            response.status,
          )
        : { kind: 'ok', body: parsed as T };
    }
    const problem = asProblem(parsed, response);
    if (response.status >= 500 || response.status === 429 || response.status === 408) {
      const retryAfter = Number(response.headers.get('retry-after'));
      const message = `The server answered ${response.status}: ${problem.message}`;
      return {
        ...this.#failed('server', message, response.status, problem.error),
        retryAfterMs: Number.isFinite(retryAfter) ? retryAfter * 1000 : 0,
      };
    }
    return { kind: 'refused', status: response.status, problem };
  }

  #failed(kind: SyncProblem['kind'], message: string, status?: number, code?: string) {
    const problem: SyncProblem = {
      kind,
      message,
      at: this.#options.now(),
      ...(status === undefined ? {} : { status }),
      ...(code === undefined ? {} : { code }),
    };
    return { kind: 'failed', problem, retryAfterMs: 0 } as const;
  }
}

function asProblem(parsed: unknown, response: Response): ProblemBody {
  if (typeof parsed === 'object' && parsed !== null && 'error' in parsed && 'message' in parsed) {
    return parsed as ProblemBody;
  }
  return { error: 'internal', message: `HTTP ${response.status} ${response.statusText}`.trim() };
}

/** A signal aborted when any of `signals` is (`AbortSignal.any` where it exists). */
function anySignal(signals: readonly AbortSignal[]): AbortSignal {
  if (typeof AbortSignal.any === 'function') return AbortSignal.any([...signals]);
  const controller = new AbortController();
  for (const signal of signals) {
    signal.addEventListener(
      'abort',
      () => {
        controller.abort(signal.reason);
      },
      { once: true },
    );
  }
  return controller.signal;
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.name}: ${error.message}${cause}`;
  }
  return String(error);
}
