import { afterEach, describe, expect, it } from 'vitest';
import { InterfaceError } from '../../src/errors.js';
import { InMemoryApplicationRecorder } from '../../src/recorders/in-memory.js';
import type { ProcessRecorder } from '../../src/types.js';
import { closeServed, wrapped } from './serve.js';

afterEach(closeServed);

/** An application recorder passed off as a process recorder: no record stores, no deletion. */
function plainRecorder(): ProcessRecorder {
  const recorder = new InMemoryApplicationRecorder();
  return Object.assign(recorder, {
    maxTrackingId: () => Promise.resolve(0),
    hasTrackingId: () => Promise.resolve(false),
  });
}

describe('A wrapped recorder whose served recorder has no record stores', () => {
  it('rejects record-store reads and deletion with InterfaceError, and still records events', async () => {
    const recorder = wrapped(plainRecorder());
    await expect(recorder.getRecord('totals', 'x')).rejects.toBeInstanceOf(InterfaceError);
    await expect(recorder.getRecords('totals')).rejects.toBeInstanceOf(InterfaceError);
    await expect(recorder.deleteEvents('a')).rejects.toBeInstanceOf(InterfaceError);
    const state = new Uint8Array([1]);
    expect(
      await recorder.insertEvents([{ originatorId: 'a', originatorVersion: 0, topic: 't', state }]),
    ).toEqual([1]);
  });
});
