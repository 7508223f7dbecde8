/**
 * `npm run server:token -- --tenant <t> --client <c> [--expires-in <seconds>]`: prints a bearer
 * token for one client (device) of one tenant, signed with the server's secret (`--token-secret`
 * / `OES_TOKEN_SECRET`, else the one in `--data-dir` / `OES_DATA_DIR`).
 */
import { parseFlags, SETTINGS } from './config.js';
import { resolveTokenSecret } from './secret-file.js';
import { importTokenKey, mintToken } from './tokens.js';

async function main(argv: readonly string[]): Promise<void> {
  const flags = parseFlags(
    argv,
    new Set(['tenant', 'client', 'expires-in', 'data-dir', 'token-secret']),
  );
  const tenant = flags.get('tenant');
  const client = flags.get('client');
  if (tenant === undefined || client === undefined) {
    throw new Error('Usage: npm run server:token -- --tenant <t> --client <c> [--expires-in <s>]');
  }
  const secret = await resolveTokenSecret(
    flags.get('token-secret') ?? process.env[SETTINGS.tokenSecret.env],
    flags.get('data-dir') ?? process.env[SETTINGS.dataDir.env] ?? '.data/server',
  );
  const expiresIn = flags.get('expires-in');
  const expiresAt =
    expiresIn === undefined ? undefined : Math.floor(Date.now() / 1000) + Number(expiresIn);
  const token = await mintToken(await importTokenKey(secret), {
    tenant,
    client,
    ...(expiresAt === undefined ? {} : { expiresAt }),
  });
  process.stdout.write(`${token}\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
