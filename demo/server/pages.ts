/**
 * Serves the built demo app (Vite's preview server) and the one endpoint a demo needs that a
 * real app would get from its sign-in: `GET /demo-api/session?device=<id>` answers the sync
 * server's URL and a bearer token for that device, minted with the sync server's secret.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { preview, type Plugin } from 'vite';
import { mintToken } from '../../server/tokens.js';
import { viteConfigFile } from './paths.js';

/** The path of the session endpoint. */
export const SESSION_PATH = '/demo-api/session';

/** What the page gets from the session endpoint. */
export interface DemoSession {
  readonly syncUrl: string;
  readonly token: string;
  readonly tenant: string;
}

/** Options of `startDemoPages`. */
export interface DemoPagesOptions {
  /** The folder `vite build` wrote the app to. */
  readonly distDir: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Fail instead of trying the next port when `port` is taken (tests need the same origin). */
  readonly strictPort?: boolean;
  /** The sync server's base URL, handed to the page. */
  readonly syncUrl: string;
  /** The sync server's token key (`importTokenKey` of its secret). */
  readonly tokenKey: CryptoKey;
}

/** A running pages server. */
export interface DemoPages {
  /** `http://127.0.0.1:<port>/`. */
  readonly url: string;
  close(): Promise<void>;
}

/** Starts serving the built app on 127.0.0.1. */
export async function startDemoPages(options: DemoPagesOptions): Promise<DemoPages> {
  const server = await preview({
    configFile: viteConfigFile(),
    logLevel: 'warn',
    build: { outDir: options.distDir },
    preview: { host: '127.0.0.1', port: options.port, strictPort: options.strictPort ?? false },
    plugins: [sessionEndpoint(options)],
  });
  const { port } = server.httpServer.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: async () => {
      // Drop the browser's kept-alive sockets too, so the port is really closed at once.
      const http = server.httpServer;
      if ('closeAllConnections' in http) http.closeAllConnections();
      await server.close();
    },
  };
}

function sessionEndpoint(options: DemoPagesOptions): Plugin {
  return {
    name: 'demo-session-endpoint',
    configurePreviewServer(server) {
      server.middlewares.use(SESSION_PATH, (request, response) => {
        void answerSession(request, response, options);
      });
    },
  };
}

const DEVICE_ID = /^[A-Za-z0-9-]{8,64}$/;

async function answerSession(
  request: IncomingMessage,
  response: ServerResponse,
  { syncUrl, tokenKey }: DemoPagesOptions,
): Promise<void> {
  const device = new URL(request.url ?? '', 'http://localhost').searchParams.get('device') ?? '';
  if (request.method !== 'GET' || !DEVICE_ID.test(device)) {
    send(response, 400, { error: 'Ask GET /demo-api/session?device=<8-64 of A-Z a-z 0-9 ->.' });
    return;
  }
  // One tenant per device: each browser profile keeps its own key, so another device could
  // not read its events anyway.
  const tenant = `tally-${device}`;
  const token = await mintToken(tokenKey, { tenant, client: device });
  const body: DemoSession = { syncUrl, token, tenant };
  send(response, 200, body);
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}
