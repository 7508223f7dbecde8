/**
 * A thin host for a web-standard handler on Node's `http`: it turns each `IncomingMessage` into
 * a `Request` and writes the `Response` back. The body is read here, up to a limit, so an
 * oversized upload is answered 413 without being buffered.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SyncHandler } from './handler.js';

/** A listening server. */
export interface NodeHost {
  /** `http://host:port`, with the port actually bound (useful with port 0). */
  readonly url: string;
  readonly server: Server;
  /** Stops accepting connections, ends idle ones, and resolves once all are closed. */
  close(): Promise<void>;
}

/** Where to listen and how large a body may be. */
export interface NodeHostOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly maxBodyBytes: number;
}

/** Serves `handler` on `options.host:options.port`. */
export async function serveNode(handler: SyncHandler, options: NodeHostOptions): Promise<NodeHost> {
  const server = createServer((req, res) => {
    handle(handler, req, res, options.maxBodyBytes).catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}

async function handle(
  handler: SyncHandler,
  req: IncomingMessage,
  res: ServerResponse,
  maxBodyBytes: number,
): Promise<void> {
  const body = await readBody(req, maxBodyBytes);
  if (body === 'too-large') {
    res.writeHead(413, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
    res.end(
      JSON.stringify({
        error: 'too-large',
        message: `The body exceeds ${maxBodyBytes} bytes; send fewer notifications per push.`,
      }),
    );
    return;
  }
  const request = new Request(`http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`, {
    method: req.method ?? 'GET',
    headers: toHeaders(req),
    ...(body.length > 0 ? { body } : {}),
  });
  const response = await handler(request);
  const bytes = new Uint8Array(await response.arrayBuffer());
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(bytes);
}

/** The whole body, or `'too-large'` (the rest is drained and dropped). */
function readBody(
  req: IncomingMessage,
  maxBytes: number,
): Promise<Uint8Array<ArrayBuffer> | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      req.off('data', onData);
      req.resume();
      resolve('too-large');
    };
    req.on('data', onData);
    req.on('end', () => {
      resolve(new Uint8Array(Buffer.concat(chunks)));
    });
    req.on('error', reject);
  });
}

function toHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  return headers;
}
