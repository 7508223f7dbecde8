/**
 * JSON answers and the one error type the handler throws to answer with a problem.
 */
import type { ProblemBody, ProblemCode } from '../src/sync/protocol.js';

/** A 4xx/5xx answer, thrown anywhere in the handler and turned into a response at its edge. */
export class HttpProblem extends Error {
  override name = 'HttpProblem';
  constructor(
    readonly status: number,
    readonly body: ProblemBody,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(body.message);
  }
}

/** Throws the problem `code` with `status` and a message that says what to do. */
export function fail(
  status: number,
  code: ProblemCode,
  message: string,
  extra: Omit<ProblemBody, 'error' | 'message'> = {},
): never {
  throw new HttpProblem(status, { error: code, message, ...extra });
}

/** A JSON response that no cache keeps. */
export function json(
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      ...headers,
    },
  });
}

/** Reads a JSON body of at most `maxBytes`, streaming, so an oversized body is never buffered. */
export async function readJson(request: Request, maxBytes: number): Promise<unknown> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    fail(
      415,
      'unsupported-media-type',
      'Send the body as JSON with content-type application/json.',
    );
  }
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > maxBytes) tooLarge(maxBytes);
  const text = new TextDecoder('utf-8', { fatal: true });
  const bytes = await readAtMost(request, maxBytes);
  try {
    return JSON.parse(text.decode(bytes)) as unknown;
  } catch {
    fail(400, 'malformed', 'The body is not valid UTF-8 JSON.');
  }
}

async function readAtMost(request: Request, maxBytes: number): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function tooLarge(maxBytes: number): never {
  fail(413, 'too-large', `The body exceeds ${maxBytes} bytes; send fewer notifications per push.`);
}
