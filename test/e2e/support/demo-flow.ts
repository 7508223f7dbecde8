/**
 * The demo app end to end in one of Debian's headless browsers, against the real sync server
 * process (PGlite in a temporary directory) and the built app: recording, two live tabs,
 * going offline and reloading from the service worker's cache, syncing back exactly once, and
 * ciphertext on the server. Screenshots of each state go to `test-results/e2e/`.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoPages, type DemoPages } from '../../../demo/server/pages.js';
import { SyncServerProcess } from '../../../demo/server/sync-server.js';
import { importTokenKey } from '../../../server/tokens.js';
import { freePort } from '../../harness/processes.js';
import { launchBrowser, PageProblems, type Engine } from './browsers.js';
import { buildDemo, type DemoBuild } from './build.js';
import { pullAll } from './server-log.js';
import { TallyPage } from './tally-page.js';

const SHOTS = resolve(import.meta.dirname, '../../../test-results/e2e');
const SECRET = `e2e-${crypto.randomUUID()}-${crypto.randomUUID()}`;

/** The whole flow in `engine`, as one `describe` of steps that build on each other. */
export function demoFlow(engine: Engine): void {
  const shot = (name: string): `${string}.png` => `${join(SHOTS, `${engine}-${name}`)}.png`;

  describe(`the demo app in ${engine}`, { timeout: 60_000 }, () => {
    let build: DemoBuild;
    let dataDir: string;
    let server: SyncServerProcess;
    let pages: DemoPages | undefined;
    let pagesPort: number;
    let browser: Browser;
    let tab: TallyPage;
    let problems: PageProblems;
    const cleanups: (() => Promise<void>)[] = [];

    const startPages = async () => {
      pages = await startDemoPages({
        distDir: build.dist,
        port: pagesPort,
        strictPort: true,
        syncUrl: server.url,
        tokenKey: await importTokenKey(SECRET),
      });
    };

    beforeAll(async () => {
      mkdirSync(SHOTS, { recursive: true });
      build = await buildDemo();
      dataDir = mkdtempSync(join(tmpdir(), 'tally-e2e-'));
      cleanups.push(() => {
        rmSync(dataDir, { recursive: true, force: true });
        return Promise.resolve();
      });
      server = await SyncServerProcess.start({
        dataDir,
        port: 0,
        tokenSecret: SECRET,
        main: build.serverMain,
      });
      cleanups.push(() => server.stop());
      pagesPort = await freePort();
      await startPages();
      cleanups.push(async () => pages?.close());
      browser = await launchBrowser(engine);
      cleanups.push(() => browser.close());
      const page = await browser.newPage();
      problems = new PageProblems(page);
      tab = new TallyPage(page);
    }, 240_000);

    afterAll(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup();
    }, 60_000);

    it('records events and shows them again after a reload', async () => {
      await tab.open(pages?.url ?? '');
      await tab.openBudget('Groceries', '300');
      await tab.openBudget('Transport', '80');
      await tab.addExpense('12.40', 'Bakery');
      await tab.addExpense('56.10', 'Weekly shop');
      await tab.page.reload();
      await tab.ready();
      await tab.waitForExpense('Weekly shop');
      expect(await tab.expenses()).toEqual(['Weekly shop', 'Bakery']);
      await tab.waitForSync('idle', 0);
      await tab.offlineReady();
      await tab.screenshot(shot('1-synced'));
      expect(problems.take()).toEqual([]);
    });

    it('shows what one tab records in the other at once', async () => {
      const other = new TallyPage(await browser.newPage());
      const otherProblems = new PageProblems(other.page);
      await other.open(pages?.url ?? '');
      await other.addExpense('3.20', 'Coffee beans');
      // The first tab is in the background now, and still shows it at once.
      await tab.waitForExpense('Coffee beans');
      // Puppeteer's clicks wait for animation frames, which background tabs do not get.
      await tab.page.bringToFront();
      await tab.addExpense('7.90', 'Train ticket', 'Transport');
      await other.waitForExpense('Train ticket');
      await other.screenshot(shot('2-second-tab'));
      await other.page.close();
      expect([...problems.take(), ...otherProblems.take()]).toEqual([]);
    });

    it("holds events back while the inspector's switches say so", async () => {
      await tab.page.click('#simulate-offline');
      await tab.addExpense('2.10', 'Newspaper');
      await tab.waitForSync('offline', 1);
      await tab.page.click('#simulate-offline');
      await tab.waitForSync('idle', 0);
      await tab.page.click('#toggle-sync');
      await tab.waitForSync('stopped');
      await tab.addExpense('9.99', 'Umbrella');
      await tab.waitForSync('stopped', 1);
      await tab.page.click('#toggle-sync');
      await tab.waitForSync('idle', 0);
      expect(problems.takeUnexpected()).toEqual([]);
    });

    it('records offline and reloads from the service worker cache', async () => {
      await server.stop();
      await pages?.close();
      pages = undefined;
      await tab.addExpense('4.50', 'Market flowers', 'Groceries');
      await tab.addExpense('18.00', 'Taxi home', 'Transport');
      await tab.waitForSync('offline', 2);
      // And the network goes too: the reload below has nothing but the service worker.
      await tab.page.setOfflineMode(true);
      const response = await tab.page.reload({ waitUntil: 'load' });
      // Both servers are down: only the service worker can have answered. (Puppeteer knows it
      // for Chromium only; over WebDriver BiDi, fromServiceWorker() is always false.)
      if (engine === 'chromium') expect(response?.fromServiceWorker()).toBe(true);
      await tab.ready();
      expect(await tab.page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
      await tab.waitForExpense('Taxi home');
      expect(await tab.expenses()).toContain('Market flowers');
      await tab.waitForSync('offline', 2);
      await tab.screenshot(shot('3-offline'));
      expect(problems.takeUnexpected()).toEqual([]);
    });

    it('syncs what was recorded offline once the server is back, each event once', async () => {
      await server.restart();
      await startPages();
      await tab.page.setOfflineMode(false);
      await tab.page.click('#sync-now');
      await tab.waitForSync('idle', 0);
      await tab.screenshot(shot('4-back-online'));
      // The README's picture: what the first screen shows.
      await tab.page.screenshot({ path: shot('readme') });
      const log = await pullAll(server.url, SECRET, `tally-${await tab.deviceId()}`);
      const keys = log.map((n) => `${n.originatorId}@${n.originatorVersion}`);
      expect(new Set(keys).size).toBe(keys.length);
      expect(log).toHaveLength(await tab.logLength());
      expect(log).toHaveLength(10);
      expect(problems.takeUnexpected()).toEqual([]);
    });

    it('leaves only ciphertext on the server', async () => {
      const log = await pullAll(server.url, SECRET, `tally-${await tab.deviceId()}`);
      const plaintexts = ['Groceries', 'Weekly shop', 'Taxi home', 'amountCents', 'description'];
      for (const notification of log) {
        const state = Buffer.from(notification.state, 'base64');
        expect(state[0]).toBe(0x01); // the keyring ciphertext format
        const text = state.toString('latin1');
        for (const plaintext of plaintexts) expect(text).not.toContain(plaintext);
        expect(() => JSON.parse(state.toString('utf8')) as unknown).toThrow();
      }
    });
  });
}
