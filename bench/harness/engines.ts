/// <reference types="node" />
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type LaunchOptions, type Page } from 'puppeteer-core';
import { CHROMIUM_ARGS, FIREFOX_PREFS } from '../../test/harness/browser-flags.js';

/** The engines the harness knows, each from a Debian package: never a downloaded build. */
export type EngineName = 'chromium' | 'firefox';

const binaries: Readonly<Record<EngineName, string>> = {
  chromium: '/usr/bin/chromium',
  firefox: '/usr/bin/firefox-esr',
};

/**
 * Chromium flags of the perf research, so figures stay comparable. `--no-sandbox` because we
 * run as root; the networking flags stop background traffic on a closed network.
 */
const chromiumArgs = [...CHROMIUM_ARGS, '--js-flags=--expose-gc'];

/** Long cases (building 100,000 events) must not trip the protocol's own timeout. */
const protocolTimeoutMs = 15 * 60_000;

/** A launched engine with one page, and the profile directory it owns. */
export interface EngineSession {
  readonly browser: Browser;
  readonly page: Page;
  readonly version: string;
  /** Closes the browser; deletes the profile unless it was handed in. */
  close(): Promise<void>;
}

/** True when the engine's binary is installed and executable. */
export function engineInstalled(engine: EngineName): boolean {
  try {
    accessSync(binaries[engine], constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Launches `engine` headless and opens a blank page. With `profileDir` the profile is kept
 * (and reused by the next launch); without, a fresh temporary profile is made and removed.
 */
export async function launchEngine(
  engine: EngineName,
  profileDir?: string,
): Promise<EngineSession> {
  const ownProfile = profileDir === undefined;
  const userDataDir = profileDir ?? (await newProfileDir(engine));
  const options: LaunchOptions =
    engine === 'chromium'
      ? { executablePath: binaries.chromium, headless: true, args: chromiumArgs, userDataDir }
      : {
          browser: 'firefox',
          protocol: 'webDriverBiDi',
          executablePath: binaries.firefox,
          headless: true,
          extraPrefsFirefox: FIREFOX_PREFS,
          userDataDir,
        };
  const browser = await puppeteer.launch({ ...options, protocolTimeout: protocolTimeoutMs });
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(protocolTimeoutMs);
    const version = await browser.version();
    return {
      browser,
      page,
      version,
      close: async () => {
        await browser.close().catch(() => undefined);
        if (ownProfile) await removeProfileDir(userDataDir);
      },
    };
  } catch (error) {
    await browser.close().catch(() => undefined);
    throw error;
  }
}

/** A new empty profile directory for `engine`. */
export function newProfileDir(engine: EngineName): Promise<string> {
  return mkdtemp(join(tmpdir(), `bench-${engine}-`));
}

/** Removes a profile directory made by {@link newProfileDir}. */
export async function removeProfileDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true, maxRetries: 3 });
}
