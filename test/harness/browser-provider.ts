import { defineBrowserProvider } from '@vitest/browser';
import type { BrowserProvider, BrowserProviderOption, TestProject } from 'vitest/node';
import { isEngineName, type EngineName, type EngineSession } from './engine-session.js';
import { launchChromium, launchFirefox } from './puppeteer-engines.js';
import { launchWebKit } from './webkit.js';

const LAUNCHERS: Readonly<Record<EngineName, () => Promise<EngineSession>>> = {
  chromium: launchChromium,
  firefox: launchFirefox,
  webkit: launchWebKit,
};

/**
 * A Vitest browser provider that runs the tests in the engines installed from Debian packages
 * (Chromium, Firefox ESR, WebKitGTK), headless, without downloading any browser.
 *
 * Use it with `browser.instances` whose `browser` is `chromium`, `firefox` or `webkit`. The
 * engine starts when Vitest opens its first page and stops when Vitest closes the provider.
 * It offers no provider commands (no `userEvent`, locators or screenshots): our tests drive
 * storage APIs, not the DOM. A missing engine fails the run; it is never skipped.
 */
export function engineProvider(): BrowserProviderOption {
  return defineBrowserProvider({
    name: 'engine',
    supportedBrowser: ['chromium', 'firefox', 'webkit'],
    providerFactory: (project) => new EngineBrowserProvider(project),
  });
}

/** Starts one engine for one Vitest browser project and opens Vitest's pages in it. */
export class EngineBrowserProvider implements BrowserProvider {
  readonly name = 'engine';
  /** Each engine runs one test file at a time: two cores cannot carry more. */
  readonly supportsParallelism = false;
  readonly #project: TestProject;
  readonly #engine: EngineName;
  #session: Promise<EngineSession> | undefined;
  #closing = false;

  constructor(project: TestProject) {
    const name = project.config.browser.name;
    if (!isEngineName(name)) {
      throw new Error(
        `The "engine" browser provider runs chromium, firefox or webkit, not "${name}". ` +
          'Fix browser.instances in vitest.config.ts.',
      );
    }
    this.#project = project;
    this.#engine = name;
  }

  getCommandsContext(): Record<string, unknown> {
    return {};
  }

  async openPage(_sessionId: string, url: string): Promise<void> {
    if (this.#closing) throw new Error(`The ${this.#engine} provider is closed.`);
    this.#session ??= this.#start();
    const session = await this.#session;
    await session.open(url);
  }

  async close(): Promise<void> {
    this.#closing = true;
    const session = await this.#session?.catch(() => undefined);
    await session?.close();
  }

  async #start(): Promise<EngineSession> {
    const started = performance.now();
    const session = await LAUNCHERS[this.#engine]();
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    this.#project.vitest.logger.log(`[${this.#engine}] ${session.version} started in ${seconds} s`);
    return session;
  }
}
