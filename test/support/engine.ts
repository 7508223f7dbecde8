import { IDBFactory as FakeIDBFactory } from 'fake-indexeddb';

/** True when the tests run in a real browser engine rather than in Node. */
export const inBrowser = typeof window !== 'undefined' && typeof window.indexedDB !== 'undefined';

/**
 * The engine the suite runs on, for test names: `fake-indexeddb` in Node, else the browser's
 * name (set by the browser test projects through `import.meta.env`).
 */
export const engineName: string = inBrowser ? browserName() : 'fake-indexeddb (Node)';

function browserName(): string {
  const ua = navigator.userAgent;
  if (ua.includes('Firefox/')) return 'Firefox';
  if (ua.includes('Chrome/')) return 'Chromium';
  if (ua.includes('AppleWebKit/')) return 'WebKit';
  return ua;
}

/** A factory for a test: the real `indexedDB` in a browser, a fresh fake one in Node. */
export function testIndexedDB(): IDBFactory {
  return inBrowser ? window.indexedDB : new FakeIDBFactory();
}

/** A database name no other test uses. */
export function uniqueDatabaseName(prefix = 'test'): string {
  return `${prefix}-${crypto.randomUUID()}`;
}
