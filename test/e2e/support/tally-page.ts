/** Drives the demo app in one tab, through what a person sees and does. */
import type { Page } from 'puppeteer-core';

const TIMEOUT = 30_000;

/** One tab of the demo app. */
export class TallyPage {
  readonly page: Page;

  constructor(page: Page) {
    this.page = page;
  }

  /** Loads `url` and waits until the app has opened its ledger. */
  async open(url: string): Promise<void> {
    await this.page.goto(url, { waitUntil: 'load', timeout: TIMEOUT });
    await this.ready();
  }

  /** Waits until the app has opened its ledger (after a load or reload). */
  async ready(): Promise<void> {
    await this.page.waitForSelector('body[data-ready]', { timeout: TIMEOUT });
  }

  /** Waits until the service worker controls the page and holds the app shell. */
  async offlineReady(): Promise<void> {
    await this.page.waitForSelector('#shell-status[data-shell="ready"]', { timeout: TIMEOUT });
  }

  /** Opens a budget through the form and waits for its card. */
  async openBudget(name: string, limit: string): Promise<void> {
    const open = await this.page.$eval('details.new-budget', (d) => d.open);
    if (!open) await this.page.click('details.new-budget summary');
    await this.page.type('#budget-form [name=name]', name);
    await this.page.type('#budget-form [name=limit]', limit);
    await this.page.click('#budget-form button[type=submit]');
    await this.page.waitForFunction(
      (n) =>
        [...document.querySelectorAll('[data-testid=budget] h3')].some((h) => h.textContent === n),
      { timeout: TIMEOUT },
      name,
    );
  }

  /** Records an expense through the form (against `budget`, else the one chosen) and waits until the list shows it. */
  async addExpense(amount: string, description: string, budget?: string): Promise<void> {
    if (budget !== undefined) {
      const value = await this.page.$$eval(
        '#expense-form select[name=budget] option',
        (options, name) => options.find((o) => o.textContent === name)?.value ?? '',
        budget,
      );
      await this.page.select('#expense-form select[name=budget]', value);
    }
    await this.page.type('#expense-form [name=amount]', amount);
    await this.page.type('#expense-form [name=description]', description);
    await this.page.click('#expense-form button[type=submit]');
    await this.waitForExpense(description);
  }

  /** Waits until the expense list shows `description`. */
  async waitForExpense(description: string): Promise<void> {
    await this.page.waitForFunction(
      (d) =>
        [...document.querySelectorAll('[data-testid=expense] .expense-description')].some(
          (e) => e.textContent === d,
        ),
      { timeout: TIMEOUT, polling: 100 },
      description,
    );
  }

  /** The descriptions of the listed expenses, newest first. */
  expenses(): Promise<string[]> {
    return this.page.$$eval('[data-testid=expense] .expense-description', (rows) =>
      rows.map((r) => r.textContent),
    );
  }

  /** Waits until the inspector shows sync phase `phase` (and `pending`, if given). */
  async waitForSync(phase: string, pending?: number, timeout = TIMEOUT): Promise<void> {
    await this.page.waitForFunction(
      (p, n) =>
        document.querySelector('#sync-phase')?.textContent === p &&
        (n === null || document.querySelector('#sync-pending')?.textContent === String(n)),
      { timeout, polling: 100 },
      phase,
      pending ?? null,
    );
  }

  /** The number of notifications in the local log. */
  async logLength(): Promise<number> {
    const text = await this.page.$eval('#log-head', (e) => e.textContent);
    return Number(/^(\d+)/.exec(text)?.[1] ?? NaN);
  }

  /** This browser profile's device id (the demo's sync tenant is `tally-<id>`). */
  deviceId(): Promise<string> {
    return this.page.evaluate(() => localStorage.getItem('tally.device') ?? '');
  }

  /** Saves a full-page screenshot. */
  async screenshot(path: `${string}.png`): Promise<void> {
    await this.page.screenshot({ path, fullPage: true });
  }
}
