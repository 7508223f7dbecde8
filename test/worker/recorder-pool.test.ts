import { describe, expect, it } from 'vitest';
import { InterfaceError, OperationalError } from '../../src/errors.js';
import { InMemoryProcessRecorder } from '../../src/recorders/in-memory.js';
import type { ProcessRecorder } from '../../src/types.js';
import { RecorderPool } from '../../src/worker/recorder-pool.js';
import type { DatabaseRequest } from '../../src/worker/wire.js';

/** A pool over in-memory recorders that remembers what it opened. */
function pool(open?: (database: DatabaseRequest) => Promise<ProcessRecorder>) {
  const opened: { name: string; recorder: InMemoryProcessRecorder }[] = [];
  const fallback = (database: DatabaseRequest) => {
    const recorder = new InMemoryProcessRecorder();
    opened.push({ name: database.name, recorder });
    return Promise.resolve(recorder);
  };
  return { pool: new RecorderPool(open ?? fallback), opened };
}

describe('the RecorderPool of the worker entry', () => {
  it('lends one recorder per database name to every connection', async () => {
    const { pool: p, opened } = pool();
    const [a, b, c] = [p.lend({ name: 'x' }), p.lend({ name: 'x' }), p.lend({ name: 'y' })];
    expect(await a.recorder).toBe(await b.recorder);
    expect(await c.recorder).not.toBe(await a.recorder);
    expect(opened.map((o) => o.name)).toEqual(['x', 'y']);
  });

  it('closes a recorder when its last lease is returned, and opens a new one after', async () => {
    const { pool: p, opened } = pool();
    const [a, b] = [p.lend({ name: 'x' }), p.lend({ name: 'x' })];
    const first = await a.recorder;
    a.release();
    a.release(); // a second release counts once
    await expect(first.maxNotificationId()).resolves.toBe(0);
    b.release();
    await new Promise((resolve) => setTimeout(resolve, 0)); // the close follows the open
    await expect(first.maxNotificationId()).rejects.toBeInstanceOf(InterfaceError);
    expect(await p.lend({ name: 'x' }).recorder).not.toBe(first);
    expect(opened).toHaveLength(2);
  });

  it('tries again after a failed open', async () => {
    let attempts = 0;
    const { pool: p } = pool(() => {
      attempts += 1;
      return attempts === 1
        ? Promise.reject(new OperationalError('blocked'))
        : Promise.resolve(new InMemoryProcessRecorder());
    });
    await expect(p.lend({ name: 'x' }).recorder).rejects.toBeInstanceOf(OperationalError);
    await expect(p.lend({ name: 'x' }).recorder).resolves.toBeInstanceOf(InMemoryProcessRecorder);
  });

  it('refuses a connection that names no database', async () => {
    const { pool: p } = pool();
    await expect(p.lend(undefined).recorder).rejects.toBeInstanceOf(InterfaceError);
    await expect(p.lend({ name: '' }).recorder).rejects.toBeInstanceOf(InterfaceError);
  });
});
