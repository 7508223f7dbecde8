/**
 * Debian's browsers for the end-to-end tests, through puppeteer-core: headless Chromium over
 * CDP, Firefox ESR over WebDriver BiDi, each with a fresh temporary profile that puppeteer
 * deletes on close. Also collects what a page reports as an error.
 */
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { CHROMIUM_ARGS, FIREFOX_PREFS } from '../../harness/browser-flags.js';
import { requireBinary } from '../../harness/processes.js';

/** The engines the demo is driven in. */
export type Engine = 'chromium' | 'firefox';

/** Launches `engine` headless with a 1280×900 window. */
export async function launchBrowser(engine: Engine): Promise<Browser> {
  const defaultViewport = { width: 1280, height: 900 };
  if (engine === 'chromium') {
    requireBinary('/usr/bin/chromium', 'chromium');
    return puppeteer.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: [...CHROMIUM_ARGS],
      defaultViewport,
    });
  }
  requireBinary('/usr/bin/firefox-esr', 'firefox-esr');
  return puppeteer.launch({
    browser: 'firefox',
    executablePath: '/usr/bin/firefox-esr',
    protocol: 'webDriverBiDi',
    headless: true,
    extraPrefsFirefox: FIREFOX_PREFS,
    defaultViewport,
  });
}

/** Messages of a failed request, which are expected while a server is down. */
const NETWORK_FAILURE =
  /Failed to load resource|ERR_CONNECTION_REFUSED|ERR_INTERNET_DISCONNECTED|NetworkError|Failed to fetch|CORS request did not succeed/;

/** Collects a page's uncaught errors and console errors. */
export class PageProblems {
  readonly #problems: string[] = [];

  constructor(page: Page) {
    page.on('pageerror', (error) => {
      this.#problems.push(`uncaught: ${error instanceof Error ? error.message : String(error)}`);
    });
    page.on('console', (message) => {
      if (message.type() === 'error') this.#problems.push(`console: ${message.text()}`);
    });
  }

  /** Everything collected since the last call. */
  take(): string[] {
    return this.#problems.splice(0);
  }

  /** As `take`, less the failed requests a stopped server causes. */
  takeUnexpected(): string[] {
    return this.take().filter((problem) => !NETWORK_FAILURE.test(problem));
  }
}
