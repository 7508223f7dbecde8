/**
 * A fault-injecting HTTP proxy on loopback, between the client and the real server process.
 * Each request either passes or meets the next planned fault; the log records what happened.
 */
import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * - `pass`: forward as is.
 * - `error-500`: answer 500 without forwarding.
 * - `hang`: never answer (the client's timeout must fire).
 * - `reset`: destroy the connection before forwarding.
 * - `lose-response`: forward, let the server commit, then destroy the connection unanswered.
 * - `duplicate`: deliver the request to the server twice at once; answer with the first reply.
 * - a function: runs before forwarding (to kill or restart the server mid-push, say), then passes.
 */
export type Fault =
  'pass' | 'error-500' | 'hang' | 'reset' | 'lose-response' | 'duplicate' | (() => Promise<void>);

/** One proxied request. */
export interface ProxyLogEntry {
  readonly method: string;
  readonly path: string;
  readonly fault: string;
  readonly status: number | undefined;
}

interface Upstream {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

/** The proxy. Faults apply to requests `affects` selects (pushes, by default). */
export class FaultProxy {
  readonly log: ProxyLogEntry[] = [];
  /** Which requests consume planned faults. */
  affects: (method: string, path: string) => boolean = (method) => method === 'POST';
  #target: string;
  readonly #plan: Fault[] = [];
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  readonly #agent = new Agent({ keepAlive: false });

  private constructor(target: string) {
    this.#target = target;
    this.#server = createServer((req, res) => {
      void this.#handle(req, res);
    });
    this.#server.on('connection', (socket) => {
      this.#sockets.add(socket);
      socket.once('close', () => this.#sockets.delete(socket));
    });
  }

  /** Starts a proxy on a free loopback port, forwarding to `target` (`http://host:port`). */
  static async start(target: string): Promise<FaultProxy> {
    const proxy = new FaultProxy(target);
    await new Promise<void>((done) => proxy.#server.listen(0, '127.0.0.1', done));
    return proxy;
  }

  /** The proxy's base URL, to give to the client. */
  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /** Points the proxy at another server. */
  set target(url: string) {
    this.#target = url;
  }

  /** Queues faults for the next affected requests, in order. */
  plan(...faults: Fault[]): void {
    this.#plan.push(...faults);
  }

  /** How many planned faults are still waiting. */
  get planned(): number {
    return this.#plan.length;
  }

  /** Closes the proxy and every connection, hung ones included. */
  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((done) =>
      this.#server.close(() => {
        done();
      }),
    );
    this.#agent.destroy();
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readAll(req);
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const fault = this.affects(method, path) ? (this.#plan.shift() ?? 'pass') : 'pass';
    const name = typeof fault === 'function' ? 'hook' : fault;
    const record = (status: number | undefined) => {
      this.log.push({ method, path, fault: name, status });
    };
    if (fault === 'hang') {
      record(undefined);
      return;
    }
    if (fault === 'reset') {
      record(undefined);
      req.socket.destroy();
      return;
    }
    if (fault === 'error-500') {
      record(500);
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"error":"internal","message":"Injected by the fault proxy."}');
      return;
    }
    if (typeof fault === 'function') await fault();
    const sends =
      fault === 'duplicate'
        ? [this.#forward(req, body), this.#forward(req, body)]
        : [this.#forward(req, body)];
    const [reply] = await Promise.all(sends);
    if (!reply) return;
    record(reply.status);
    if (fault === 'lose-response') {
      req.socket.destroy();
      return;
    }
    res.writeHead(reply.status, reply.headers);
    res.end(reply.body);
  }

  /** Forwards to the server; a server that is down gets the client a 502, as a gateway would. */
  #forward(req: IncomingMessage, body: Buffer): Promise<Upstream> {
    const target = new URL(req.url ?? '/', this.#target);
    return new Promise((resolve) => {
      const upstream = httpRequest(
        target,
        { method: req.method, headers: { ...req.headers, host: target.host }, agent: this.#agent },
        (response) => {
          void readAll(response).then((data) => {
            const headers: Record<string, string> = {};
            for (const [key, value] of Object.entries(response.headers)) {
              if (typeof value === 'string' && key !== 'connection' && key !== 'transfer-encoding')
                headers[key] = value;
            }
            resolve({ status: response.statusCode ?? 502, headers, body: data });
          });
        },
      );
      upstream.on('error', (error) => {
        const message = JSON.stringify({
          error: 'unavailable',
          message: `Upstream: ${error.message}`,
        });
        resolve({
          status: 502,
          headers: { 'content-type': 'application/json' },
          body: Buffer.from(message),
        });
      });
      upstream.end(body);
    });
  }
}

function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      resolve(Buffer.concat(chunks));
    });
    stream.on('error', () => {
      resolve(Buffer.concat(chunks));
    });
  });
}
