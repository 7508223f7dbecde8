import type { EngineSession } from './engine-session.js';
import { freePort, requireBinary, spawnGroup, stopGroup, type GroupProcess } from './processes.js';
import { startVirtualDisplay, type VirtualDisplay } from './xvfb.js';

const DRIVER = '/usr/bin/WebKitWebDriver';
const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/**
 * Launches WebKitGTK's MiniBrowser through WebKitWebDriver, speaking plain W3C WebDriver.
 *
 * MiniBrowser (WebKitGTK 2.50, GTK 3) has no headless mode, so it draws into a private Xvfb
 * display that this session starts and stops; no window ever reaches a real screen.
 * @throws if WebKitWebDriver or MiniBrowser (Debian package `webkit2gtk-driver`) or Xvfb
 *   (package `xvfb`) is missing, or if the driver does not start.
 */
export async function launchWebKit(): Promise<EngineSession> {
  requireBinary(DRIVER, 'webkit2gtk-driver');
  requireBinary(MINIBROWSER, 'webkit2gtk-driver');
  const screen = await startVirtualDisplay();
  let driver: GroupProcess | undefined;
  try {
    const port = await freePort();
    driver = spawnGroup(DRIVER, [`--port=${port}`], { ...process.env, DISPLAY: screen.display });
    const base = `http://127.0.0.1:${port}`;
    await waitUntilReady(base, driver);
    return await openSession(base, driver, screen);
  } catch (error) {
    if (driver !== undefined) await stopGroup(driver);
    await screen.stop();
    throw error;
  }
}

interface NewSession {
  sessionId: string;
  capabilities: { browserVersion?: string };
}

async function openSession(
  base: string,
  driver: GroupProcess,
  screen: VirtualDisplay,
): Promise<EngineSession> {
  const session = (await command(base, 'POST', '/session', {
    capabilities: {
      alwaysMatch: {
        browserName: 'MiniBrowser',
        pageLoadStrategy: 'eager',
        'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
      },
    },
  })) as NewSession;
  const path = `/session/${session.sessionId}`;
  let pages = 0;
  let closed: Promise<void> | undefined;
  return {
    version: `WebKitGTK ${session.capabilities.browserVersion ?? '(unknown version)'}`,
    async open(url) {
      // The session starts with one empty window; later pages get windows of their own.
      if (pages++ > 0) {
        const window = (await command(base, 'POST', `${path}/window/new`, {})) as {
          handle: string;
        };
        await command(base, 'POST', `${path}/window`, { handle: window.handle });
      }
      await command(base, 'POST', `${path}/url`, { url });
    },
    close() {
      closed ??= (async () => {
        await command(base, 'DELETE', path).catch(() => undefined);
        await stopGroup(driver);
        await screen.stop();
      })();
      return closed;
    },
  };
}

/** Polls the driver's status endpoint; fails fast if the driver process dies. */
async function waitUntilReady(base: string, driver: GroupProcess, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (driver.child.exitCode !== null || driver.child.signalCode !== null) {
      throw new Error(`WebKitWebDriver exited during start-up:\n${driver.stderrTail()}`);
    }
    const status = await command(base, 'GET', '/status').catch(() => undefined);
    if ((status as { ready?: boolean } | undefined)?.ready === true) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`WebKitWebDriver was not ready after ${timeoutMs} ms:\n${driver.stderrTail()}`);
}

/** Sends one W3C WebDriver command and returns its `value`; throws the driver's error. */
async function command(
  base: string,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<unknown> {
  const response = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: body === undefined ? null : JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  const reply = (await response.json()) as { value: unknown };
  if (!response.ok) {
    throw new Error(
      `WebDriver ${method} ${path} failed with HTTP ${response.status}: ` +
        JSON.stringify(reply.value),
    );
  }
  return reply.value;
}
