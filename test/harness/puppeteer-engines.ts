import puppeteer, { type Browser, type LaunchOptions } from 'puppeteer-core';
import type { EngineSession } from './engine-session.js';
import { CHROMIUM_ARGS, FIREFOX_PREFS } from './browser-flags.js';
import { requireBinary } from './processes.js';

const CHROMIUM = '/usr/bin/chromium';
const FIREFOX = '/usr/bin/firefox-esr';

/**
 * Launches Debian's Chromium headless over CDP. Puppeteer gives it a fresh profile in a
 * temporary directory and deletes it on close.
 * @throws if `/usr/bin/chromium` is missing (Debian package `chromium`).
 */
export async function launchChromium(): Promise<EngineSession> {
  requireBinary(CHROMIUM, 'chromium');
  return launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS] });
}

/**
 * Launches Debian's Firefox ESR headless over WebDriver BiDi, with a fresh temporary profile.
 * @throws if `/usr/bin/firefox-esr` is missing (Debian package `firefox-esr`).
 */
export async function launchFirefox(): Promise<EngineSession> {
  requireBinary(FIREFOX, 'firefox-esr');
  return launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    protocol: 'webDriverBiDi',
    headless: true,
    extraPrefsFirefox: FIREFOX_PREFS,
  });
}

async function launch(options: LaunchOptions): Promise<EngineSession> {
  const browser: Browser = await puppeteer.launch({ ...options, defaultViewport: null });
  const version = await browser.version().catch(async (error: unknown) => {
    await browser.close();
    throw error;
  });
  let closed: Promise<void> | undefined;
  return {
    version,
    async open(url) {
      const page = await browser.newPage();
      await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    },
    close() {
      closed ??= browser.close();
      return closed;
    },
  };
}
