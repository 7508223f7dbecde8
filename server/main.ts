/**
 * `npm run server`: the sync server on Node. Logs one JSON object per line on stdout; the
 * first is `{"event":"listening","url":...}`. SIGTERM or SIGINT closes it cleanly.
 */
import { describeStorage, openStorage } from './storage/open-storage.js';
import { loadConfig, usage } from './config.js';
import { createSyncHandler } from './handler.js';
import { serveNode } from './node-adapter.js';
import { resolveTokenSecret } from './secret-file.js';
import { importTokenKey } from './tokens.js';

function log(entry: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`);
}

async function main(argv: readonly string[]): Promise<void> {
  if (argv.includes('--help')) {
    process.stdout.write(`${usage()}\n`);
    return;
  }
  const config = loadConfig(argv, process.env);
  const tokenKey = await importTokenKey(
    await resolveTokenSecret(config.tokenSecret, config.dataDir),
  );
  const storage = await openStorage(config);
  const handler = createSyncHandler({
    storage,
    tokenKey,
    limits: config.limits,
    corsOrigin: config.corsOrigin,
    onError: (error) => {
      log({ event: 'error', error: String(error) });
    },
  });
  const host = await serveNode(handler, { ...config, maxBodyBytes: config.limits.maxBodyBytes });
  log({ event: 'listening', url: host.url, storage: describeStorage(config) });
  const stop = async (signal: string) => {
    log({ event: 'stopping', signal });
    await host.close();
    await storage.close();
    process.exit(0);
  };
  process.once('SIGTERM', (signal) => void stop(signal));
  process.once('SIGINT', (signal) => void stop(signal));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
