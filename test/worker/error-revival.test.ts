import { afterEach, describe, expect, it } from 'vitest';
import {
  DataError,
  IntegrityError,
  InternalError,
  OperationalError,
  PersistenceError,
  persistenceErrorClasses,
} from '../../src/errors.js';
import { InMemoryProcessRecorder } from '../../src/recorders/in-memory.js';
import type { SelectEventsOptions, StoredEvent } from '../../src/types.js';
import { storedEvent } from '../contract/fixtures.js';
import { closeServed, wrapped } from './serve.js';
import { FailingRecorder, UnclonableAnswerRecorder } from './stub-recorders.js';

afterEach(closeServed);

/** What the caller receives when the served recorder's `maxNotificationId` throws `error`. */
async function received(error: unknown): Promise<unknown> {
  const recorder = wrapped(new FailingRecorder(error));
  try {
    return await recorder.maxNotificationId().then(
      () => 'resolved',
      (reason: unknown) => reason,
    );
  } finally {
    await recorder.close();
  }
}

describe('errors crossing the worker boundary', () => {
  it.each(Object.entries(persistenceErrorClasses))(
    'revive %s as its own class, keeping message and cause',
    async (name, ErrorClass) => {
      const cause = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      const error = await received(new ErrorClass('Storage is full; free some space.', { cause }));
      expect(error).toBeInstanceOf(ErrorClass);
      expect(error).toBeInstanceOf(PersistenceError);
      expect(error).toMatchObject({ name, message: 'Storage is full; free some space.' });
      const revivedCause = (error as Error).cause;
      expect(revivedCause).toBeInstanceOf(DOMException);
      expect(revivedCause).toMatchObject({
        name: 'QuotaExceededError',
        message: 'The quota has been exceeded.',
      });
    },
  );

  it('revive a chain of causes, native classes and unknown names included', async () => {
    const root = Object.assign(new Error('Key already exists in the index.'), {
      name: 'ConstraintError',
    });
    const middle = new TypeError('wrapped', { cause: root });
    const error = await received(new IntegrityError('Position taken.', { cause: middle }));
    expect(error).toBeInstanceOf(IntegrityError);
    const cause = (error as Error).cause as Error;
    expect(cause).toBeInstanceOf(TypeError);
    expect(cause.cause).toMatchObject({
      name: 'ConstraintError',
      message: 'Key already exists in the index.',
    });
  });

  it('turn any other error of the recorder into an InternalError that keeps it as cause', async () => {
    const error = await received(new RangeError('index out of range'));
    expect(error).toBeInstanceOf(InternalError);
    expect((error as Error).message).toContain('RangeError: index out of range');
    expect((error as Error).cause).toBeInstanceOf(RangeError);
  });

  it('turn a thrown non-error into an InternalError', async () => {
    const error = await received('a bare string');
    expect(error).toBeInstanceOf(InternalError);
    expect((error as Error).message).toContain('a bare string');
  });

  it('reject an argument that cannot be cloned with DataError, and keep the connection', async () => {
    const recorder = wrapped(new InMemoryProcessRecorder());
    const options = { gt: 0, when: () => 0 } as SelectEventsOptions;
    await expect(recorder.selectEvents('a', options)).rejects.toBeInstanceOf(DataError);
    await expect(recorder.maxNotificationId()).resolves.toBe(0);
    await recorder.close();
  });

  it('reject an event that is not plain data with DataError before sending it', async () => {
    const recorder = wrapped(new InMemoryProcessRecorder());
    const event = { ...storedEvent('a', 0), originatorId: Symbol('a') } as unknown as StoredEvent;
    await expect(recorder.insertEvents([event])).rejects.toBeInstanceOf(DataError);
    await recorder.close();
  });

  it('reject an answer that cannot be cloned with OperationalError instead of hanging', async () => {
    const recorder = wrapped(new UnclonableAnswerRecorder());
    await expect(recorder.selectEvents('a')).rejects.toBeInstanceOf(OperationalError);
    await expect(recorder.maxNotificationId()).resolves.toBe(0);
    await recorder.close();
  });
});
