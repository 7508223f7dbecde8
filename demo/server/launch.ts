/**
 * `npm run demo`: builds the demo app, starts the sync server on its embedded database
 * (PGlite in `.data/demo/server`) and serves the app, then prints where to open it.
 * Ctrl+C stops both. Flags: `--port` (the app, default 5173), `--sync-port` (default 8787,
 * 0 for any free port), `--data-dir` (default `.data/demo`).
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'vite';
import { resolveTokenSecret } from '../../server/secret-file.js';
import { importTokenKey } from '../../server/tokens.js';
import { repositoryRoot, viteConfigFile } from './paths.js';
import { startDemoPages, type DemoPages } from './pages.js';
import { SyncServerProcess } from './sync-server.js';

function options() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '5173' },
      'sync-port': { type: 'string', default: '8787' },
      'data-dir': { type: 'string', default: '.data/demo' },
    },
  });
  return {
    port: port(values.port, '--port'),
    syncPort: port(values['sync-port'], '--sync-port'),
    dataDir: resolve(repositoryRoot(), values['data-dir']),
  };
}

function port(text: string, flag: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value > 65_535) throw new Error(`${flag} must be a port number.`);
  return value;
}

async function main(): Promise<void> {
  const { port: pagesPort, syncPort, dataDir } = options();
  const root = repositoryRoot();
  const distDir = join(root, 'demo', 'dist');
  process.stdout.write('Building the demo app…\n');
  await build({ configFile: viteConfigFile(root), logLevel: 'warn', build: { outDir: distDir } });
  const serverDir = join(dataDir, 'server');
  const tokenKey = await importTokenKey(await resolveTokenSecret(undefined, serverDir));
  const sync = await startSyncServer(serverDir, syncPort);
  const running: { pages?: DemoPages } = {};
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await running.pages?.close();
    await sync.stop();
    process.exit(code);
  };
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));
  void sync.exited().then(() => {
    if (stopping) return;
    process.stderr.write('The sync server stopped; stopping the demo.\n');
    return stop(1);
  });
  const pages = await startDemoPages({ distDir, port: pagesPort, syncUrl: sync.url, tokenKey });
  running.pages = pages;
  process.stdout.write(banner(pages.url, sync.url, serverDir));
}

async function startSyncServer(dataDir: string, port: number): Promise<SyncServerProcess> {
  const onLog = (entry: Record<string, unknown>) => {
    if (entry.event === 'error') process.stderr.write(`sync server: ${String(entry.error)}\n`);
  };
  try {
    return await SyncServerProcess.start({ dataDir, port, onLog });
  } catch (error) {
    if (port === 0 || !String(error).includes('EADDRINUSE')) throw error;
    process.stdout.write(`Port ${port} is taken; the sync server takes a free one.\n`);
    return SyncServerProcess.start({ dataDir, port: 0, onLog });
  }
}

function banner(appUrl: string, syncUrl: string, serverDir: string): string {
  return [
    '',
    '  Tally, the offline-eventstore demo',
    '',
    `  App:          ${appUrl}`,
    `  Sync server:  ${syncUrl}  (PGlite in ${serverDir})`,
    '',
    '  Open the app in two tabs, go offline in the inspector, and reload. Ctrl+C stops both.',
    '',
    '',
  ].join('\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
