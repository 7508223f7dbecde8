/**
 * The development token secret: when none is configured, the server keeps a random one in
 * `<dataDir>/token-secret` (mode 0600) so `npm run server` needs no setup and tokens minted
 * with `npm run server:token` keep working across restarts.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeBase64Url } from '../src/sync/base64.js';

/** The configured secret, or the one in the data directory, created on first use. */
export async function resolveTokenSecret(
  configured: string | undefined,
  dataDir: string,
): Promise<string> {
  if (configured !== undefined) return configured;
  const path = join(dataDir, 'token-secret');
  await mkdir(dataDir, { recursive: true });
  const fresh = encodeBase64Url(crypto.getRandomValues(new Uint8Array(32)));
  try {
    // 'wx' fails if the file exists, so two processes starting together agree on one secret.
    await writeFile(path, fresh, { flag: 'wx', mode: 0o600 });
    return fresh;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return (await readFile(path, 'utf8')).trim();
  }
}
