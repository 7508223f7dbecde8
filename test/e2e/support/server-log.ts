/** Reads a tenant's log from the sync server, as any client of that tenant could. */
import type { LogNotification, PullResponse } from '../../../src/sync/protocol.js';
import { importTokenKey, mintToken } from '../../../server/tokens.js';

/** Every notification of `tenant`'s server log, read through `GET /v1/log`. */
export async function pullAll(
  syncUrl: string,
  tokenSecret: string,
  tenant: string,
): Promise<LogNotification[]> {
  const token = await mintToken(await importTokenKey(tokenSecret), {
    tenant,
    client: 'e2e-inspector',
  });
  const all: LogNotification[] = [];
  for (let after = 0; ;) {
    const response = await fetch(`${syncUrl}/v1/log?after=${after}&limit=500`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok) throw new Error(`GET /v1/log answered ${response.status}.`);
    const page = (await response.json()) as PullResponse;
    all.push(...page.notifications);
    const last = page.notifications.at(-1);
    if (!last || last.position >= page.head) return all;
    after = last.position;
  }
}
