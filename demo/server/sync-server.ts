/**
 * The reference sync server (`server/main.ts`, built by `tsc -p demo`) as a child process on
 * 127.0.0.1, on PGlite in a data directory. It can be stopped and started again on the same
 * port and data, which is how the demo's tests take it offline.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { syncServerMain } from './paths.js';

/** Options of `SyncServerProcess.start`. */
export interface SyncServerOptions {
  /** The PGlite data directory (it also keeps the token secret, unless one is given). */
  readonly dataDir: string;
  /** 0 picks a free port; a restart keeps the port first chosen. */
  readonly port: number;
  readonly tokenSecret?: string;
  /** The compiled `server/main.js`; default the one built next to this module. */
  readonly main?: string;
  /** Told of each line the server logs. */
  readonly onLog?: (entry: Record<string, unknown>) => void;
}

/** A running sync server. */
export class SyncServerProcess {
  readonly #options: SyncServerOptions;
  #child: ChildProcess | undefined;
  #port: number;
  #stderr = '';

  private constructor(options: SyncServerOptions) {
    this.#options = options;
    this.#port = options.port;
  }

  /** Starts the server and resolves once it listens; rejects with its stderr if it exits. */
  static async start(options: SyncServerOptions): Promise<SyncServerProcess> {
    const server = new SyncServerProcess(options);
    await server.restart();
    return server;
  }

  /** `http://127.0.0.1:<port>`. */
  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  /** Whether the process is running. */
  get running(): boolean {
    return this.#child !== undefined;
  }

  /** Resolves when the process exits (at once if it is not running). */
  exited(): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.once('exit', () => {
        resolve();
      });
    });
  }

  /** Starts the server (again) on the same port and data directory. */
  async restart(): Promise<void> {
    if (this.#child) throw new Error('The sync server is already running.');
    const { dataDir, tokenSecret, main = syncServerMain() } = this.#options;
    const args = [main, '--host', '127.0.0.1', '--port', String(this.#port)];
    args.push('--data-dir', dataDir);
    if (tokenSecret !== undefined) args.push('--token-secret', tokenSecret);
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.#child = child;
    this.#stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (this.#stderr += chunk.toString('utf8')));
    child.once('exit', () => {
      if (this.#child === child) this.#child = undefined;
    });
    this.#port = await this.#listening(child);
  }

  /** Stops it with SIGTERM (a clean shutdown) and resolves once it has exited. */
  async stop(): Promise<void> {
    const child = this.#child;
    if (!child) return;
    const exited = this.exited();
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  #listening(child: ChildProcess): Promise<number> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`The sync server did not listen within 60 s.\n${this.#stderr}`));
      }, 60_000);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`The sync server exited (${code}) before listening.\n${this.#stderr}`));
      });
      createInterface({ input: child.stdout ?? process.stdin }).on('line', (line) => {
        const entry = parseLine(line);
        this.#options.onLog?.(entry);
        if (entry.event !== 'listening' || typeof entry.url !== 'string') return;
        clearTimeout(timer);
        resolve(Number(new URL(entry.url).port));
      });
    });
  }
}

function parseLine(line: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return { event: 'output', line };
  }
}
