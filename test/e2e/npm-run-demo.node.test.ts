/**
 * What `npm run demo` runs, as a user gets it: the compiled launcher builds the app, starts the
 * sync server on PGlite and serves the app, prints the URL, and stops both on SIGTERM.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { spawnGroup, stopGroup, type GroupProcess } from '../harness/processes.js';
import { buildDemo } from './support/build.js';

let launcher: GroupProcess | undefined;
let dataDir: string;
let appUrl: string;
let syncUrl: string;

beforeAll(async () => {
  const build = await buildDemo();
  dataDir = mkdtempSync(join(tmpdir(), 'tally-launch-'));
  const args = [build.launcher, '--port', '0', '--sync-port', '0', '--data-dir', dataDir];
  launcher = spawnGroup(process.execPath, args);
  [appUrl, syncUrl] = await printedUrls(launcher);
}, 120_000);

afterAll(async () => {
  if (launcher) await stopGroup(launcher);
  rmSync(dataDir, { recursive: true, force: true });
});

it('prints the app URL and serves the app there', async () => {
  const page = await fetch(appUrl);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('<title>Tally');
  expect((await fetch(new URL('/sw.js', appUrl))).status).toBe(200);
});

it('hands the page a token that the sync server it started accepts', async () => {
  const session = (await (
    await fetch(new URL('/demo-api/session?device=e2e-device-1', appUrl))
  ).json()) as {
    syncUrl: string;
    token: string;
  };
  expect(session.syncUrl).toBe(syncUrl);
  const stream = await fetch(`${syncUrl}/v1/streams/e2e-stream`, {
    headers: { authorization: `Bearer ${session.token}` },
  });
  expect(stream.status).toBe(200);
});

it('stops the app and the sync server on SIGTERM', { timeout: 30_000 }, async () => {
  const child = launcher?.child;
  const exited = new Promise((resolve) => child?.once('exit', resolve));
  child?.kill('SIGTERM');
  expect(await exited).toBe(0);
  await expect(fetch(`${syncUrl}/v1/health`)).rejects.toThrow();
  await expect(fetch(appUrl)).rejects.toThrow();
});

/** The app and sync server URLs from the launcher's banner. */
function printedUrls(group: GroupProcess): Promise<[string, string]> {
  return new Promise((resolve, reject) => {
    const urls: Record<string, string> = {};
    const timer = setTimeout(() => {
      reject(new Error(`npm run demo printed no URLs in 90 s.\n${group.stderrTail()}`));
    }, 90_000);
    group.child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The launcher exited (${String(code)}).\n${group.stderrTail()}`));
    });
    const lines = createInterface({ input: group.child.stdout ?? process.stdin });
    lines.on('line', (line) => {
      const match = /^\s*(App|Sync server):\s+(\S+)/.exec(line);
      if (match?.[1] !== undefined && match[2] !== undefined) urls[match[1]] = match[2];
      const { App: app, 'Sync server': sync } = urls;
      if (app !== undefined && sync !== undefined) {
        clearTimeout(timer);
        resolve([app, sync]);
      }
    });
  });
}
