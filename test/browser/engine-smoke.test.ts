import { afterEach, describe, expect, inject, it } from 'vitest';

// Proves the browser projects run in the real engine they are named after, and that the APIs
// the event store depends on behave there as they do in production.

const engine = inject('engine');
const databases: string[] = [];
const connections: IDBDatabase[] = [];

afterEach(async () => {
  // Close first: an open connection would block the deletion until it is garbage collected.
  for (const db of connections.splice(0)) db.close();
  await Promise.all(databases.splice(0).map((name) => settle(indexedDB.deleteDatabase(name))));
});

describe(`the ${engine} test page`, () => {
  it('runs in the engine the project is named after', () => {
    expect(engineFromUserAgent(navigator.userAgent)).toBe(engine);
  });

  it('is a secure context with WebCrypto, CompressionStream and BroadcastChannel', () => {
    expect(isSecureContext).toBe(true);
    expect(typeof crypto.subtle.encrypt).toBe('function');
    expect(typeof CompressionStream).toBe('function');
    expect(typeof BroadcastChannel).toBe('function');
  });

  it('round-trips a record through IndexedDB', async () => {
    const db = await openStore();
    const record = { id: 'a', state: new Uint8Array([1, 2, 3]) };
    const write = db.transaction('s', 'readwrite');
    write.objectStore('s').add(record);
    await settle(write);
    const read: unknown = await settle(db.transaction('s').objectStore('s').get('a'));
    expect(read).toEqual(record);
  });

  it('deactivates a readwrite transaction at a task boundary and commits what came before', async () => {
    const db = await openStore();
    const tx = db.transaction('s', 'readwrite');
    const store = tx.objectStore('s');
    store.add({ id: 'before' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(() => store.add({ id: 'after' })).toThrow(
      expect.objectContaining({ name: 'TransactionInactiveError' }),
    );
    await settle(tx);
    const keys = await settle(db.transaction('s').objectStore('s').getAllKeys());
    expect(keys).toEqual(['before']);
  });

  it('starts a module Worker that can use IndexedDB', async () => {
    const worker = new Worker(new URL('./echo-worker.ts', import.meta.url), { type: 'module' });
    const name = trackDatabase();
    try {
      const reply = await ask(worker, worker, name);
      expect(reply).toEqual({
        echo: name,
        url: expect.stringContaining('echo-worker') as unknown,
        stores: ['echo'],
      });
    } finally {
      worker.terminate();
    }
  });

  it('starts a module SharedWorker', async () => {
    // Defined in all three engines here; Chrome for Android lacked it before version 148.
    expect(typeof SharedWorker).toBe('function');
    const shared = new SharedWorker(new URL('./echo-shared-worker.ts', import.meta.url), {
      type: 'module',
    });
    try {
      const reply = await ask(shared.port, shared, 'ping');
      expect(reply).toEqual({
        echo: 'ping',
        url: expect.stringContaining('echo-shared-worker') as unknown,
      });
    } finally {
      shared.port.close();
    }
  });
});

function engineFromUserAgent(ua: string): string {
  if (ua.includes('Firefox/')) return 'firefox';
  if (ua.includes('Chrome/')) return 'chromium';
  if (ua.includes('AppleWebKit/')) return 'webkit';
  return `unknown (${ua})`;
}

function trackDatabase(): string {
  const name = `engine-smoke-${crypto.randomUUID()}`;
  databases.push(name);
  return name;
}

async function openStore(): Promise<IDBDatabase> {
  const open = indexedDB.open(trackDatabase());
  open.onupgradeneeded = () => open.result.createObjectStore('s', { keyPath: 'id' });
  const db = await settle(open);
  connections.push(db);
  return db;
}

/** Resolves with a request's result or a transaction's completion; rejects on error or abort. */
function settle<T>(target: IDBRequest<T>): Promise<T>;
function settle(target: IDBTransaction): Promise<void>;
function settle<T>(target: IDBRequest<T> | IDBTransaction): Promise<T | void> {
  return new Promise((resolve, reject) => {
    if (target instanceof IDBTransaction) {
      target.oncomplete = () => {
        resolve();
      };
      target.onabort = () => {
        reject(target.error ?? new Error('transaction aborted'));
      };
    } else {
      target.onsuccess = () => {
        resolve(target.result);
      };
      target.onerror = () => {
        reject(target.error ?? new Error('request failed'));
      };
    }
  });
}

/** Posts `message` and waits for one reply; fails instead of hanging if the worker breaks. */
function ask(port: Worker | MessagePort, source: EventTarget, message: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error('no reply from the worker in 5 s'));
    }, 5000);
    port.onmessage = (event: MessageEvent) => {
      clearTimeout(timer);
      resolve(event.data);
    };
    source.addEventListener('error', (event) => {
      clearTimeout(timer);
      reject(new Error(`the worker failed: ${(event as ErrorEvent).message || event.type}`));
    });
    port.postMessage(message);
  });
}
