import { expect, it } from 'vitest';
import { DataError } from '../../src/errors.js';
import { followLog } from '../../src/notification-log/live-events.js';
import { NotificationLog } from '../../src/notification-log/notification-log.js';
import { StreamStore } from '../../src/streams/stream-store.js';
import type { LoggedEvent } from '../../src/streams/stream-events.js';
import { forEachBackend, openStore, testMapper } from './support/backends.js';

const noted = (n: number) => ({ topic: 'Noted', n });

/** `count` events, one stream each (`notes/1`, `notes/2`, …), so any one can be deleted. */
async function record(store: StreamStore, count: number, from = 1): Promise<void> {
  for (let n = from; n < from + count; n++) await store.stream(`notes/${n}`).append([noted(n)]);
}

async function take<T>(iterator: AsyncIterator<T>, count: number): Promise<T[]> {
  const taken: T[] = [];
  for (let i = 0; i < count; i++) {
    const next = await iterator.next();
    if (next.done === true) break;
    taken.push(next.value);
  }
  return taken;
}

forEachBackend('Notification log and following', (backend) => {
  it('serves sections with next and previous links', async () => {
    const { store, recorder } = await openStore(backend);
    await record(store, 25);
    const log = new NotificationLog({ recorder, sectionSize: 10 });
    const first = await log.section(log.firstSectionId);
    expect([first.id, first.next, first.previous]).toEqual(['1,10', '11,20', undefined]);
    expect(first.items.map((n) => n.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const last = await log.section('21,30');
    expect([last.id, last.next, last.previous]).toEqual(['21,30', undefined, '11,20']);
    expect(last.items.map((n) => n.id)).toEqual([21, 22, 23, 24, 25]);
  });

  it('cuts a section asked for wider than the section size', async () => {
    const { store, recorder } = await openStore(backend);
    await record(store, 15);
    const section = await new NotificationLog({ recorder, sectionSize: 10 }).section('1,100');
    expect([section.id, section.items.length, section.next]).toEqual(['1,10', 10, '11,20']);
  });

  it('tolerates gaps: short or empty sections still link to the next', async () => {
    const { store, recorder } = await openStore(backend);
    await record(store, 12);
    for (const n of [2, 3, 4, 5, 6]) await store.stream(`notes/${n}`).delete();
    const log = new NotificationLog({ recorder, sectionSize: 5 });
    const ids: number[] = [];
    const sections: string[] = [];
    for (let id: string | undefined = log.firstSectionId; id !== undefined;) {
      const section = await log.section(id);
      sections.push(section.id);
      ids.push(...section.items.map((n) => n.id));
      id = section.next;
    }
    expect(sections).toEqual(['1,5', '6,10', '11,15']);
    expect(ids).toEqual([1, 7, 8, 9, 10, 11, 12]);
  });

  it('refuses a malformed section id', async () => {
    const { recorder } = await openStore(backend);
    const log = new NotificationLog({ recorder });
    for (const id of ['', '0,10', '5,4', '1;10', 'a,b']) {
      await expect(log.section(id), id).rejects.toBeInstanceOf(DataError);
    }
  });

  it('follows the log live from a persisted position', async () => {
    const { store, recorder, mapper } = await openStore(backend);
    await record(store, 3);
    const follower = followLog({ recorder, mapper, after: 1 });
    const iterator = follower[Symbol.asyncIterator]();
    expect((await take(iterator, 2)).map((e) => e.position)).toEqual([2, 3]);
    const pending = iterator.next();
    await record(store, 1, 4);
    expect((await pending).value).toMatchObject({
      position: 4,
      streamId: 'notes/4',
      event: noted(4),
    });
    follower.close();
  });

  it('resumes after a page reload from the position the caller kept, missing and repeating nothing', async () => {
    const database = backend.database();
    const mapper = testMapper();
    let recorder = await database.open();
    await record(new StreamStore({ recorder, mapper }), 5);
    const seen: LoggedEvent[] = [];
    const before = followLog({ recorder, mapper })[Symbol.asyncIterator]();
    seen.push(...(await take(before, 3)));
    const kept = seen.at(-1)?.position ?? 0; // what the app wrote to its own storage
    await before.return?.();
    recorder = await database.reload(recorder);
    // Another tab records while this page reloads.
    const otherTab = await database.open();
    await record(new StreamStore({ recorder: otherTab, mapper }), 2, 6);
    const after = followLog({ recorder, mapper, after: kept })[Symbol.asyncIterator]();
    seen.push(...(await take(after, 4)));
    await after.return?.();
    expect(seen.map((e) => e.position)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('resumes from a tracking record', async () => {
    const { store, recorder, mapper } = await openStore(backend);
    await record(store, 4);
    await recorder.insertEvents([], { tracking: { applicationName: 'mailer', notificationId: 2 } });
    const follower = followLog({ recorder, mapper, trackedBy: 'mailer' });
    const [next] = await take(follower[Symbol.asyncIterator](), 1);
    expect(next?.position).toBe(3);
    follower.close();
  });

  it('ends a pending read when closed', async () => {
    const { recorder, mapper } = await openStore(backend);
    const follower = followLog({ recorder, mapper });
    const iterator = follower[Symbol.asyncIterator]();
    const pending = iterator.next();
    await new Promise((resolve) => setTimeout(resolve, 10));
    follower.close();
    expect(await pending).toMatchObject({ done: true });
  });

  it('refuses to start from both a position and a tracking record', async () => {
    const { recorder, mapper } = await openStore(backend);
    expect(() => followLog({ recorder, mapper, after: 1, trackedBy: 'x' })).toThrow(DataError);
  });
});
