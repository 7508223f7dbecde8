/**
 * The real server as a child process. Node 20 cannot run TypeScript and no loader is installed,
 * so the server is compiled with the project's own `tsc` (`server/tsconfig.json`, the build
 * `npm run server` runs) into `.data/build/test-<hash of the sources>/`, inside the repository
 * so that Node finds `node_modules`. Test files running in parallel share one build.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = resolve(import.meta.dirname, '../../..');
const SOURCES = ['server', 'src/sync'];

/** Where the server keeps its logs. */
export type StorageTarget =
  | { readonly kind: 'pglite'; readonly dataDir: string }
  | { readonly kind: 'postgres'; readonly url: string; readonly schema: string };

/** How to start a server. */
export interface ServerOptions {
  readonly storage: StorageTarget;
  readonly tokenSecret: string;
  /** Extra flags, e.g. `['--max-state-bytes', '64']`. */
  readonly flags?: readonly string[];
}

let built: string | undefined;

/** Compiles the server once per source version; returns the path of its `main.js`. */
export function buildServer(): string {
  if (built) return built;
  const hash = createHash('sha256');
  for (const dir of SOURCES)
    for (const file of listTs(join(ROOT, dir))) hash.update(file).update(readFileSync(file));
  const outDir = join(ROOT, '.data/build', `test-${hash.digest('hex').slice(0, 16)}`);
  if (!existsSync(join(outDir, '.complete'))) {
    const tmp = join(ROOT, '.data/build', `tmp-${randomUUID()}`);
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    const result = spawnSync(
      process.execPath,
      [tsc, '-p', 'server/tsconfig.json', '--outDir', tmp],
      { cwd: ROOT, encoding: 'utf8' },
    );
    if (result.status !== 0)
      throw new Error(`Building the server failed:\n${result.stdout}${result.stderr}`);
    writeFileSync(join(tmp, '.complete'), '');
    try {
      renameSync(tmp, outDir);
    } catch {
      rmSync(tmp, { recursive: true, force: true }); // another test file built it first
    }
  }
  built = join(outDir, 'server/main.js');
  return built;
}

function listTs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** A running server process on 127.0.0.1. */
export class ServerProcess {
  #child: ChildProcess | undefined;
  #port = 0;
  readonly #options: ServerOptions;
  /** Everything the process wrote to stderr, for failure messages. */
  stderr = '';

  private constructor(options: ServerOptions) {
    this.#options = options;
  }

  /** Starts a server on a free port and waits until it listens. */
  static async start(options: ServerOptions): Promise<ServerProcess> {
    const server = new ServerProcess(options);
    await server.#launch();
    return server;
  }

  /** `http://127.0.0.1:<port>`. */
  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  /** Stops it with SIGTERM (a clean shutdown) and waits for the exit. */
  stop(): Promise<void> {
    return this.#end('SIGTERM');
  }

  /** Kills it with SIGKILL (a crash) and waits for the exit. */
  kill(): Promise<void> {
    return this.#end('SIGKILL');
  }

  /** Starts it again on the same port and storage. */
  async restart(): Promise<void> {
    await this.#launch();
  }

  async #end(signal: NodeJS.Signals): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill(signal);
    await exited;
  }

  async #launch(): Promise<void> {
    const { storage, tokenSecret, flags = [] } = this.#options;
    const args = [
      buildServer(),
      '--host',
      '127.0.0.1',
      '--port',
      String(this.#port),
      '--token-secret',
      tokenSecret,
      ...flags,
    ];
    if (storage.kind === 'pglite') args.push('--data-dir', storage.dataDir);
    else args.push('--database-url', storage.url, '--schema', storage.schema);
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    this.#child = child;
    child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.#port = await listeningPort(child, () => this.stderr);
  }
}

function listeningPort(child: ChildProcess, stderr: () => string): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`The server did not listen within 60 s.\n${stderr()}`));
    }, 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The server exited with ${code} before listening.\n${stderr()}`));
    });
    const lines = createInterface({ input: child.stdout ?? process.stdin });
    lines.on('line', (line) => {
      const entry = JSON.parse(line) as { event?: string; url?: string };
      if (entry.event !== 'listening' || entry.url === undefined) return;
      clearTimeout(timer);
      resolvePort(Number(new URL(entry.url).port));
    });
  });
}
