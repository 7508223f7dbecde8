import { InterfaceError, OperationalError } from '../errors.js';

// The errors of a connection that failed on the way rather than in the recorder, each saying
// what the caller can do about it.

const unknownOutcome =
  'Calls in flight have an unknown outcome: each batch is wholly recorded or wholly absent, so re-read before retrying a write.';

/** Why a connection broke, or why its pending calls were failed. */
export type Failure =
  | 'ended' // the worker's realm is gone (its lifeline was released)
  | 'bye' // the worker ended the connection
  | 'port-closed' // the worker's end of the port closed
  | 'unreadable-answer' // an answer could not be deserialised here
  | 'unreadable-call'; // a call could not be deserialised in the worker

const explanations: Readonly<Record<Failure, string>> = {
  ended: 'The worker has ended (terminated, crashed or closed).',
  bye: 'The worker ended this connection.',
  'port-closed': "The worker's end of the connection closed.",
  'unreadable-answer': 'An answer from the worker could not be read.',
  'unreadable-call': 'A call could not be read by the worker.',
};

/** The `OperationalError` of a failure. */
export function failure(kind: Failure): OperationalError {
  return new OperationalError(`${explanations[kind]} ${unknownOutcome}`);
}

/** The worker left pings, or the connect, unanswered for `timeoutMs`. */
export function silence(timeoutMs: number, connecting: boolean): OperationalError {
  return new OperationalError(
    connecting
      ? `No recorder answered within ${timeoutMs} ms. Is exposeRecorder (or the worker entry) serving the other end?`
      : `The worker has not answered for ${timeoutMs} ms and is presumed dead. ${unknownOutcome}`,
  );
}

/** A `Worker`'s `error` event: it did not load, or threw outside a call. */
export function workerFailed(event: Event): OperationalError {
  const message: unknown = (event as Partial<ErrorEvent>).message;
  const detail = typeof message === 'string' && message !== '' ? `: ${message}` : '';
  return new OperationalError(
    `The worker failed${detail} (it did not load, or threw outside a call). ${unknownOutcome}`,
  );
}

/** A call on a closed recorder. */
export function closed(): InterfaceError {
  return new InterfaceError('This recorder is closed. Open a new one.');
}
